// Contract cases for approval mode (vendor proposals and a buyer's decisions)
// and for a vendor contact switching between the organizations it serves.
import type { Tenant } from '../support/harness.ts';
import { makeLine } from '../support/lines.ts';
import type { ContractCase } from './case.ts';

/** A line on an order to the tenant's own vendor (the one `t.vendor` answers for). */
const vendorLine = (t: Tenant) => makeLine(t, { prefix: 'PRC', dueDate: '2027-02-01' });

async function approvalMode(t: Tenant) {
  const set = await t.admin.request('PATCH', `/v1/organizationSettings/${t.organizationSid}`, {
    vendorChangesNeedApproval: true,
  });
  if (set.status !== 200) throw new Error(`could not turn approval mode on: ${set.status}`);
}

/** A pending proposal of a new ship date by the tenant's vendor. */
async function pendingProposal(t: Tenant): Promise<string> {
  await approvalMode(t);
  const group = await vendorLine(t);
  const made = await t.vendor.request<{ sid: string }>('POST', '/v1/itemGroupProposals', {
    itemGroupSid: group.sid,
    version: group.version,
    shipDate: '2027-02-10',
  });
  if (made.status !== 201) throw new Error(`could not propose: ${made.status}`);
  return made.body.sid;
}

export const cases: ContractCase[] = [
  {
    operationId: 'listItemGroupProposals',
    prepare: async (t) => {
      await pendingProposal(t);
      return { path: '/v1/itemGroupProposals?status=pending&pageSize=10' };
    },
  },
  {
    operationId: 'createItemGroupProposal',
    prepare: async (t) => {
      await approvalMode(t);
      const group = await vendorLine(t);
      return {
        path: '/v1/itemGroupProposals',
        as: 'vendor',
        body: { itemGroupSid: group.sid, version: group.version, shipDate: '2027-02-12', reason: 'Test lot' },
      };
    },
  },
  {
    operationId: 'decideItemGroupProposals',
    prepare: async (t) => ({
      path: '/v1/itemGroupProposals/decisions',
      body: { decisions: [{ sid: await pendingProposal(t), decision: 'reject', reason: 'Keep the date.' }] },
    }),
  },
  {
    // A vendor reads its own proposals.
    operationId: 'getItemGroupProposal',
    prepare: async (t) => ({ path: `/v1/itemGroupProposals/${await pendingProposal(t)}`, vendorMay: true }),
  },
  {
    operationId: 'acceptItemGroupProposal',
    prepare: async (t) => ({ path: `/v1/itemGroupProposals/${await pendingProposal(t)}/accept` }),
  },
  {
    operationId: 'rejectItemGroupProposal',
    prepare: async (t) => ({
      path: `/v1/itemGroupProposals/${await pendingProposal(t)}/reject`,
      body: { reason: 'We need them on the due date.' },
    }),
  },
  {
    // A vendor contact chooses among the organizations it serves: here its only one.
    operationId: 'switchSessionOrganization',
    prepare: (t) =>
      Promise.resolve({ path: '/v1/session/organization', as: 'vendor', body: { organizationSid: t.organizationSid } }),
  },
];
