// Organization settings the tests set directly, past the API (some are not editable through it, and a test sets
// only what it is about).
import type { Updateable } from 'kysely';
import type { OrganizationSettingsTable } from '../../../server/db/schema.ts';
import { server, type Tenant } from './harness.ts';

/** Sets these columns of the organization's settings row. */
export async function updateOrganizationSettings(
  t: Tenant,
  values: Updateable<OrganizationSettingsTable>,
): Promise<void> {
  const { db } = await server();
  await db.updateTable('organizationSettings').set(values).where('organizationSid', '=', t.organizationSid).execute();
}

/** The organization's default business days without an answer before Unresponsive Vendor is raised. */
export function setUnresponsiveAfter(t: Tenant, businessDays: number): Promise<void> {
  return updateOrganizationSettings(t, { defaultUnresponsiveAfterBusinessDays: businessDays });
}
