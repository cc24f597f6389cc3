// Approval mode through the API: with the organization setting on, a vendor's
// new dates and splits wait as proposals (its direct changes are refused),
// a buyer accepts them (the line changes as the vendor's change, raising New
// Delay past the due date) or rejects them with a reason the vendor reads,
// one by one or in an all-or-nothing batch. With the mode off a proposal
// applies at once. Scope and bad input are refused naming the field, with
// nothing written.
import { describe, expect, it } from 'vitest';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine, type MadeLine } from './support/lines.ts';

interface ItemGroup extends MadeLine {
  quantity: string;
  confirmed: boolean;
  shipDate: string | null;
  deliveryDate: string | null;
  dueDate: string | null;
  context?: { pendingProposal?: { sid: string; kind: string; shipDate: string | null } | null };
}

interface Proposal {
  sid: string;
  status: string;
  kind: string;
  shipDate: string | null;
  deliveryDate: string | null;
  shipments: { quantity: string; shipDate?: string | null }[] | null;
  reason: string | null;
  decisionReason: string | null;
  decidedByName: string | null;
  proposedByName: string;
  before: { quantity: string; shipDate: string | null };
  context: { orderUniqueName: string | null; movesPastDue: boolean };
}

interface Decisions {
  itemGroupProposals: Proposal[];
  itemGroups: ItemGroup[];
}

async function approvalMode(t: Tenant, on: boolean) {
  const set = await t.admin.request<{ vendorChangesNeedApproval: boolean }>(
    'PATCH',
    `/v1/organizationSettings/${t.organizationSid}`,
    { vendorChangesNeedApproval: on },
  );
  expect(set.status).toBe(200);
  expect(set.body.vendorChangesNeedApproval).toBe(on);
}

async function current(t: Tenant, sid: string): Promise<ItemGroup> {
  const got = await t.buyer.request<ItemGroup>('GET', `/v1/itemGroups/${sid}`);
  expect(got.status).toBe(200);
  return got.body;
}

async function openFlags(t: Tenant, itemGroupSid: string) {
  const { db } = await server();
  return db
    .selectFrom('flags')
    .select(['type'])
    .where('organizationSid', '=', t.organizationSid)
    .where('itemGroupSid', '=', itemGroupSid)
    .where('status', '=', 'open')
    .execute();
}

const line = (t: Tenant, options: { quantity?: string } = {}) =>
  makeLine<ItemGroup>(t, { prefix: 'PR', dueDate: '2030-06-01', ...options });

describe('approval mode', () => {
  it('is off by default: a proposal applies at once, as the vendor change it is', async () => {
    const t = await createTenant('ProposalOff');
    const settings = await t.buyer.request<{ vendorChangesNeedApproval: boolean }>(
      'GET',
      `/v1/organizationSettings/${t.organizationSid}`,
    );
    expect(settings.body.vendorChangesNeedApproval).toBe(false);
    const g = await line(t);
    const sent = await t.vendor.request<Proposal>('POST', '/v1/itemGroupProposals', {
      itemGroupSid: g.sid,
      version: g.version,
      shipDate: '2030-05-20',
      reason: 'Early',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'applied', kind: 'dates', shipDate: '2030-05-20', reason: 'Early' });
    const now = await current(t, g.sid);
    expect(now).toMatchObject({ shipDate: '2030-05-20', confirmed: true, version: g.version + 1 });

    const split = await t.vendor.request<Proposal>('POST', '/v1/itemGroupProposals', {
      itemGroupSid: g.sid,
      version: now.version,
      shipments: [
        { quantity: '30', shipDate: '2030-05-20' },
        { quantity: '10', shipDate: '2030-05-27' },
      ],
    });
    expect(split.status).toBe(201);
    expect(split.body.status).toBe('applied');
    const groups = await t.buyer.request<{ itemGroups: ItemGroup[] }>('GET', `/v1/itemGroups?itemSid=${g.itemSid}`);
    expect(groups.body.itemGroups.map((x) => x.quantity).sort()).toEqual(['10', '30']);
  });

  it('holds a vendor date change and split as proposals a buyer accepts or rejects', async () => {
    const t = await createTenant('ProposalOn');
    await approvalMode(t, true);
    const publicProfile = await t.vendor.request<{ vendorChangesNeedApproval: boolean }>(
      'GET',
      `/v1/organizations/${t.organizationSid}/public`,
    );
    expect(publicProfile.body.vendorChangesNeedApproval).toBe(true);
    const late = await line(t);
    const split = await line(t);

    // Direct changes of dates and splits are refused, naming the field; a plain confirmation still applies.
    const direct = await t.vendor.request('PATCH', `/v1/itemGroups/${late.sid}`, {
      shipDate: '2030-07-01',
      version: late.version,
    });
    expect(direct.status).toBe(409);
    expect(direct.body).toMatchObject({ code: 'approval_required', field: 'shipDate' });
    const bulk = await t.vendor.request('PATCH', '/v1/itemGroups/bulk', [
      { sid: split.sid, confirmed: true, version: split.version },
      { sid: late.sid, deliveryDate: '2030-07-01', version: late.version },
    ]);
    expect(bulk.body).toMatchObject({ code: 'approval_required', field: '1.deliveryDate' });
    const splitDirect = await t.vendor.request('POST', `/v1/itemGroups/${split.sid}/split`, {
      version: split.version,
      shipments: [{ quantity: '20' }, { quantity: '20' }],
    });
    expect(splitDirect.body).toMatchObject({ code: 'approval_required', field: 'shipments' });
    expect(await current(t, late.sid)).toMatchObject({ version: late.version, shipDate: null, confirmed: false });

    // The vendor proposes: past the due date for one line, a split for the other. A newer proposal replaces one
    // still waiting on the same line.
    const first = await t.vendor.request<Proposal>('POST', '/v1/itemGroupProposals', {
      itemGroupSid: late.sid,
      version: late.version,
      shipDate: '2030-06-20',
    });
    expect(first.status).toBe(201);
    const dates = await t.vendor.request<Proposal>('POST', '/v1/itemGroupProposals', {
      itemGroupSid: late.sid,
      version: late.version,
      shipDate: '2030-07-01',
      reason: 'Wafer allocation moved.',
    });
    expect(dates.body).toMatchObject({
      status: 'pending',
      kind: 'dates',
      shipDate: '2030-07-01',
      before: { quantity: '40', shipDate: null },
      context: { movesPastDue: true },
    });
    expect((await t.vendor.request<Proposal>('GET', `/v1/itemGroupProposals/${first.body.sid}`)).body.status).toBe(
      'superseded',
    );
    const shipments = [
      { quantity: '25', shipDate: '2030-05-15' },
      { quantity: '15', shipDate: '2030-05-29' },
    ];
    const parts = await t.vendor.request<Proposal>('POST', '/v1/itemGroupProposals', {
      itemGroupSid: split.sid,
      version: split.version,
      shipments,
    });
    expect(parts.body).toMatchObject({ status: 'pending', kind: 'split', shipments, context: { movesPastDue: false } });
    // The lines are unchanged, and show the proposal waiting.
    const listed = await t.buyer.request<{ itemGroups: ItemGroup[] }>(
      'GET',
      `/v1/itemGroups?orderSid=${late.orderSid}`,
    );
    expect(listed.body.itemGroups[0]).toMatchObject({ version: late.version, shipDate: null });
    expect(listed.body.itemGroups[0].context?.pendingProposal).toMatchObject({
      sid: dates.body.sid,
      kind: 'dates',
      shipDate: '2030-07-01',
    });
    const queue = await t.buyer.request<{ itemGroupProposals: Proposal[] }>(
      'GET',
      '/v1/itemGroupProposals?status=pending',
    );
    expect(queue.body.itemGroupProposals.map((p) => p.sid)).toEqual([parts.body.sid, dates.body.sid]);

    // Vendors decide nothing.
    const vendorAccepts = await t.vendor.request('POST', `/v1/itemGroupProposals/${dates.body.sid}/accept`);
    expect(vendorAccepts.status).toBe(403);

    // The buyer accepts the new date: the line changes as the vendor's change, and New Delay is raised.
    const accepted = await t.buyer.request<Decisions>('POST', `/v1/itemGroupProposals/${dates.body.sid}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.itemGroupProposals[0]).toMatchObject({
      status: 'accepted',
      decidedByName: expect.any(String) as unknown,
    });
    expect(accepted.body.itemGroups[0]).toMatchObject({ sid: late.sid, shipDate: '2030-07-01', confirmed: true });
    expect((await openFlags(t, late.sid)).map((f) => f.type)).toContain('newDelay');
    const events = await t.buyer.request<{
      itemGroupEvents: { eventType: string; event: { actor: { name: string | null } | null } }[];
    }>('GET', `/v1/itemGroups/${late.sid}/events`);
    const types = events.body.itemGroupEvents.map((e) => e.eventType);
    expect(types).toEqual(
      expect.arrayContaining(['itemGroupProposal.created', 'itemGroupProposal.accepted', 'itemGroup.updated']),
    );
    const update = events.body.itemGroupEvents.find((e) => e.eventType === 'itemGroup.updated');
    expect(update?.event.actor?.name).toBe(dates.body.proposedByName);
    const again = await t.buyer.request('POST', `/v1/itemGroupProposals/${dates.body.sid}/accept`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'proposal_decided', field: 'sid' });

    // The buyer rejects the split with a reason; the line stays whole, and the vendor reads why.
    const rejected = await t.buyer.request<Proposal>('POST', `/v1/itemGroupProposals/${parts.body.sid}/reject`, {
      reason: '  We need all 40 at once.  ',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'We need all 40 at once.' });
    // The refused bulk above wrote nothing either: the version is the one first read.
    expect(await current(t, split.sid)).toMatchObject({ quantity: '40', version: split.version, confirmed: false });
    const seen = await t.vendor.request<Proposal>('GET', `/v1/itemGroupProposals/${parts.body.sid}`);
    expect(seen.body).toMatchObject({ status: 'rejected', decisionReason: 'We need all 40 at once.' });
  });

  it('accepts a split into new shipments, and keeps one that no longer fits pending', async () => {
    const t = await createTenant('ProposalSplit');
    await approvalMode(t, true);
    const g = await line(t);
    const shipments = [
      { quantity: '30', shipDate: '2030-05-15' },
      { quantity: '10', shipDate: '2030-05-29' },
    ];
    const parts = await t.vendor.request<Proposal>('POST', '/v1/itemGroupProposals', {
      itemGroupSid: g.sid,
      version: g.version,
      shipments,
    });
    const accepted = await t.buyer.request<Decisions>('POST', `/v1/itemGroupProposals/${parts.body.sid}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.itemGroups.map((x) => [x.quantity, x.shipDate])).toEqual([
      ['30', '2030-05-15'],
      ['10', '2030-05-29'],
    ]);

    // The buyer changes the quantity after the vendor proposed: the split no longer adds up.
    const h = await line(t);
    const stale = await t.vendor.request<Proposal>('POST', '/v1/itemGroupProposals', {
      itemGroupSid: h.sid,
      version: h.version,
      shipments,
    });
    const changed = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${h.sid}`, {
      quantity: '50',
      version: h.version,
    });
    expect(changed.status).toBe(200);
    const refused = await t.buyer.request('POST', `/v1/itemGroupProposals/${stale.body.sid}/accept`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'proposal_stale', field: 'sid' });
    expect((await t.buyer.request<Proposal>('GET', `/v1/itemGroupProposals/${stale.body.sid}`)).body.status).toBe(
      'pending',
    );
    expect(await current(t, h.sid)).toMatchObject({ quantity: '50', version: changed.body.version });
  });

  it('decides in bulk all or nothing', async () => {
    const t = await createTenant('ProposalBulk');
    await approvalMode(t, true);
    const a = await line(t);
    const b = await line(t);
    const propose = async (g: ItemGroup, shipDate: string) =>
      (
        await t.vendor.request<Proposal>('POST', '/v1/itemGroupProposals', {
          itemGroupSid: g.sid,
          version: g.version,
          shipDate,
        })
      ).body;
    const pa = await propose(a, '2030-05-01');
    const pb = await propose(b, '2030-05-02');
    await t.buyer.request('POST', `/v1/itemGroupProposals/${pb.sid}/reject`);

    const refused = await t.buyer.request('POST', '/v1/itemGroupProposals/decisions', {
      decisions: [
        { sid: pa.sid, decision: 'accept' },
        { sid: pb.sid, decision: 'accept' },
      ],
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'proposal_decided', field: 'decisions.1.sid' });
    expect(await current(t, a.sid)).toMatchObject({ shipDate: null, version: a.version });
    expect((await t.buyer.request<Proposal>('GET', `/v1/itemGroupProposals/${pa.sid}`)).body.status).toBe('pending');

    const reasonOnAccept = await t.buyer.request('POST', '/v1/itemGroupProposals/decisions', {
      decisions: [{ sid: pa.sid, decision: 'accept', reason: 'Fine' }],
    });
    expect(reasonOnAccept.body).toMatchObject({ code: 'invalid_request', field: 'decisions.0.reason' });
    const twice = await t.buyer.request('POST', '/v1/itemGroupProposals/decisions', {
      decisions: [
        { sid: pa.sid, decision: 'accept' },
        { sid: pa.sid, decision: 'reject' },
      ],
    });
    expect(twice.body).toMatchObject({ field: 'decisions' });

    const c = await line(t);
    const pc = await propose(c, '2030-05-03');
    const done = await t.buyer.request<Decisions>('POST', '/v1/itemGroupProposals/decisions', {
      decisions: [
        { sid: pa.sid, decision: 'accept' },
        { sid: pc.sid, decision: 'reject', reason: 'Keep the due date.' },
      ],
    });
    expect(done.status).toBe(200);
    expect(done.body.itemGroupProposals.map((p) => p.status)).toEqual(['accepted', 'rejected']);
    expect(await current(t, a.sid)).toMatchObject({ shipDate: '2030-05-01' });
    expect(await current(t, c.sid)).toMatchObject({ shipDate: null });
  });

  it('refuses bad input and other scopes, naming the field, with nothing written', async () => {
    const t = await createTenant('ProposalGuard');
    const other = await createTenant('ProposalGuardOther');
    await approvalMode(t, true);
    const g = await line(t);
    const theirs = await makeLine<ItemGroup>(t, { prefix: 'PRO', vendorSid: t.otherVendorSid });
    const post = (body: unknown) => t.vendor.request('POST', '/v1/itemGroupProposals', body);
    const cases: [unknown, number, string][] = [
      [{ itemGroupSid: g.sid, version: g.version }, 400, 'shipDate'],
      [
        {
          itemGroupSid: g.sid,
          version: g.version,
          shipDate: '2030-01-01',
          shipments: [{ quantity: '20' }, { quantity: '20' }],
        },
        400,
        'shipments',
      ],
      [{ itemGroupSid: g.sid, version: g.version, shipDate: null }, 400, 'shipDate'],
      [{ itemGroupSid: g.sid, version: g.version, shipDate: '2030-13-01' }, 400, 'shipDate'],
      [{ itemGroupSid: g.sid, version: g.version, shipDate: '2030-01-01', reason: 'x'.repeat(2001) }, 400, 'reason'],
      [
        { itemGroupSid: g.sid, version: g.version, shipments: [{ quantity: '20' }, { quantity: '10' }] },
        422,
        'shipments',
      ],
      [{ itemGroupSid: g.sid, version: g.version + 5, shipDate: '2030-01-01' }, 409, ''],
      [{ itemGroupSid: theirs.sid, version: theirs.version, shipDate: '2030-01-01' }, 404, 'itemGroupSid'],
      [{ itemGroupSid: g.sid, version: g.version, shipDate: '2030-01-01', extra: 1 }, 400, 'extra'],
    ];
    for (const [body, status, field] of cases) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      if (field) expect((answer.body as { field?: string }).field, JSON.stringify(body)).toBe(field);
    }
    const { db } = await server();
    const written = await db
      .selectFrom('itemGroupProposals')
      .select('sid')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(written).toEqual([]);

    // Buyers change lines directly; no session is 401; another organization sees nothing.
    expect(
      (
        await t.buyer.request('POST', '/v1/itemGroupProposals', {
          itemGroupSid: g.sid,
          version: g.version,
          shipDate: '2030-01-01',
        })
      ).status,
    ).toBe(403);
    const mine = await post({ itemGroupSid: g.sid, version: g.version, shipDate: '2030-01-01' });
    const sid = (mine.body as Proposal).sid;
    const anonymous = await call(null, 'GET', '/v1/itemGroupProposals');
    expect(anonymous.status).toBe(401);
    expect((await other.buyer.request('GET', `/v1/itemGroupProposals/${sid}`)).status).toBe(404);
    expect((await other.buyer.request('POST', `/v1/itemGroupProposals/${sid}/accept`)).status).toBe(404);
    expect(
      (await other.buyer.request<{ itemGroupProposals: unknown[] }>('GET', '/v1/itemGroupProposals')).body
        .itemGroupProposals,
    ).toEqual([]);
    const setNull = await t.admin.request('PATCH', `/v1/organizationSettings/${t.organizationSid}`, {
      vendorChangesNeedApproval: null,
    });
    expect(setNull.body).toMatchObject({ field: 'vendorChangesNeedApproval' });
    const buyerSets = await t.buyer.request('PATCH', `/v1/organizationSettings/${t.organizationSid}`, {
      vendorChangesNeedApproval: false,
    });
    expect(buyerSets.status).toBe(403);
  });
});
