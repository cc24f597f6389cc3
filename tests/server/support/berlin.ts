// A tenant whose organization runs its follow-up in Berlin's time zone, and
// the engine's morning there: what the follow-up engine's tests count days in.
import { calendar, localTime } from '../../../server/domain/follow-up/calendar.ts';
import { createTenant, server, type Tenant } from './harness.ts';

export const berlin = calendar('Europe/Berlin');

/** 09:00 (or `hour`) in Berlin on a day: when the engine's morning run goes. */
export const morning = (date: string, hour = 9) => localTime(date, hour, berlin);

/** A fresh tenant in Berlin's time zone. */
export async function berlinTenant(label = 'Follow-up'): Promise<Tenant> {
  const t = await createTenant(label);
  const { db } = await server();
  await db
    .updateTable('organizationSettings')
    .set({ defaultTimeZone: 'Europe/Berlin' })
    .where('organizationSid', '=', t.organizationSid)
    .execute();
  return t;
}
