// Organization settings the follow-up tests set directly.
import { server, type Tenant } from './harness.ts';

/** The organization's default business days without an answer before Unresponsive Vendor is raised. */
export async function setUnresponsiveAfter(t: Tenant, businessDays: number): Promise<void> {
  const { db } = await server();
  await db
    .updateTable('organizationSettings')
    .set({ defaultUnresponsiveAfterBusinessDays: businessDays })
    .where('organizationSid', '=', t.organizationSid)
    .execute();
}
