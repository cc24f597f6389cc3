// The follow-up clock of an organization (tag: devClock). Real time, plus a
// whole number of days a development setup (a demo, an end-to-end test) may
// add to see days of follow-up in a second. Never movable in production.
import type { Hono } from 'hono';
import { SetDevClockBody } from '../../src/api/generated/zod/dev-clock/dev-clock.zod.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv } from '../http/context.ts';
import { forbidden } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { runFollowUp } from '../jobs/follow-up-run.ts';
import { dbOf, type Db, principalOf, requireAdmin, requireStaff } from './support.ts';

const DAY_MS = 86_400_000;

/** True where the clock may move: anywhere but a server run with NODE_ENV=production. */
export function clockAdjustable(): boolean {
  return process.env.NODE_ENV !== 'production';
}

async function offsetDays(db: Db, organizationSid: string): Promise<number> {
  const row = await db
    .selectFrom('organizationSettings')
    .select('clockOffsetDays')
    .where('organizationSid', '=', organizationSid)
    .executeTakeFirst();
  return row?.clockOffsetDays ?? 0;
}

function clockOf(days: number) {
  return { now: new Date(Date.now() + days * DAY_MS).toISOString(), offsetDays: days, adjustable: clockAdjustable() };
}

export function registerDevClock(app: Hono<AppEnv>): void {
  app.get('/v1/devClock', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(clockOf(await offsetDays(dbOf(c), p.organizationSid)));
  });

  app.put('/v1/devClock', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, SetDevClockBody);
    if (!clockAdjustable()) throw forbidden('The follow-up clock is real time in production; it cannot be moved.');
    const db = dbOf(c);
    const now = new Date();
    await db
      .insertInto('organizationSettings')
      .values({
        sid: newSid('OS'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        defaultItemGroupCadence: null,
        defaultPastDueCadenceSid: null,
        clockOffsetDays: body.offsetDays,
      })
      .onConflict((oc) => oc.column('organizationSid').doUpdateSet({ clockOffsetDays: body.offsetDays }))
      .execute();
    // The run reads the organization's offset itself.
    const run = await runFollowUp(db, { now, publicUrl: c.get('publicOrigin'), organizationSid: p.organizationSid });
    return c.json({
      ...clockOf(body.offsetDays),
      run: {
        updateRequests: run.updateRequests,
        emails: run.emails,
        skipped: run.skipped,
        flagsRaised: run.flagsRaised,
        flagsResolved: run.flagsResolved,
      },
    });
  });
}
