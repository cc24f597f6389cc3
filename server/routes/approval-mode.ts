// Approval mode, an organization setting (off by default): a vendor's new dates and splits wait as proposals for
// a buyer (server/routes/item-group-proposals.ts) instead of changing the line at once.
import type { ProposedShipmentValue } from '../db/schema.ts';
import type { Principal } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import type { Db } from './support.ts';

/** Whether the organization is in approval mode. */
export async function needsApproval(db: Db, organizationSid: string): Promise<boolean> {
  const row = await db
    .selectFrom('organizationSettings')
    .select('vendorChangesNeedApproval')
    .where('organizationSid', '=', organizationSid)
    .executeTakeFirst();
  return row?.vendorChangesNeedApproval ?? false;
}

/** In approval mode a vendor's new date or split goes through a proposal, never straight onto the line. */
export async function refuseWithoutApproval(db: Db, p: Principal, field: string): Promise<void> {
  if (p.role !== 'vendor' || !(await needsApproval(db, p.organizationSid))) return;
  throw new HttpError(
    409,
    'approval_required',
    'This customer approves new dates and splits: send them as a proposal (POST /v1/itemGroupProposals).',
    field,
  );
}

/** A jsonb column as read: parsed by the driver, or (as text) here. */
export const jsonColumn = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** A proposal's shipments column: the split's shipments, or null for new dates. */
export const shipmentsOf = (value: unknown) => jsonColumn(value) as ProposedShipmentValue[] | null;
