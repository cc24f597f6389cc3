// Vendor proposals of new dates and splits (tag itemGroupProposals, an extension). In approval mode (an
// organization setting, off by default) they wait for a buyer, who accepts them (the change applies as the
// vendor's own) or rejects them with a reason for the vendor; with the mode off they apply at once. Either way a
// proposal is the vendor's answer: it answers the line's update requests and restarts its follow-up.
import type { Hono } from 'hono';
import {
  CreateItemGroupProposalBody,
  DecideItemGroupProposalsBody,
  ListItemGroupProposalsQueryParams,
  RejectItemGroupProposalBody,
} from '../../src/api/generated/zod/item-group-proposals/item-group-proposals.zod.ts';
import type { Row } from '../db/schema.ts';
import { arrivalAfterShipDate } from '../domain/item-group-confirm.ts';
import { movesPastDue } from '../domain/item-group-proposal.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, forbidden, HttpError, notFound, versionConflict } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { afterLineChanges } from '../jobs/follow-up-lines.ts';
import { checkSplit, split } from './item-group-splits.ts';
import { jsonColumn, needsApproval, shipmentsOf } from './approval-mode.ts';
import { applyChanges, findItemGroup, serializeItemGroup } from './item-groups.ts';
import {
  type Ctx,
  dbOf,
  type Db,
  iso,
  isoRequired,
  pageOf,
  principalOf,
  recordEvent,
  requireStaff,
} from './support.ts';

type ProposalRow = Row<'itemGroupProposals'>;
type ItemGroupRow = Row<'itemGroups'>;
type LineBefore = { quantity: string; dueDate: string | null; shipDate: string | null; deliveryDate: string | null };

interface ProposalView extends ProposalRow {
  orderUniqueName: string | null;
  itemUniqueName: string | null;
  lineUniqueName: string | null;
  manufacturerPartNumber: string | null;
  description: string | null;
  vendorName: string | null;
  lineDueDate: string | null;
  lineShipDate: string | null;
  lineDeliveryDate: string | null;
  lineEstimatedArrivalDate: string | null;
}

export function serializeProposal(p: ProposalView) {
  const shipments = shipmentsOf(p.shipments);
  return {
    sid: p.sid,
    created: isoRequired(p.created),
    updated: isoRequired(p.updated),
    organizationSid: p.organizationSid,
    itemGroupSid: p.itemGroupSid,
    itemSid: p.itemSid,
    orderSid: p.orderSid,
    vendorSid: p.vendorSid,
    kind: p.kind,
    status: p.status,
    shipDate: p.shipDate,
    deliveryDate: p.deliveryDate,
    shipments,
    reason: p.reason,
    baseVersion: p.baseVersion,
    before: jsonColumn(p.before) as LineBefore,
    proposedBySid: p.proposedBySid,
    proposedByName: p.proposedByName,
    decidedBySid: p.decidedBySid,
    decidedByName: p.decidedByName,
    decided: iso(p.decided),
    decisionReason: p.decisionReason,
    context: {
      orderUniqueName: p.orderUniqueName,
      itemUniqueName: p.itemUniqueName,
      lineUniqueName: p.lineUniqueName,
      manufacturerPartNumber: p.manufacturerPartNumber,
      description: p.description,
      vendorName: p.vendorName,
      movesPastDue: movesPastDue(
        { ...p, shipments },
        {
          dueDate: p.lineDueDate,
          shipDate: p.lineShipDate,
          deliveryDate: p.lineDeliveryDate,
          estimatedArrivalDate: p.lineEstimatedArrivalDate,
        },
      ),
    },
  };
}

/** Proposals with their line's context, scoped to the caller (a vendor: its own lines). */
function proposals(db: Db, p: Principal) {
  let q = db
    .selectFrom('itemGroupProposals as pr')
    .innerJoin('itemGroups as g', 'g.sid', 'pr.itemGroupSid')
    .innerJoin('items as i', 'i.sid', 'pr.itemSid')
    .innerJoin('orders as o', 'o.sid', 'pr.orderSid')
    .selectAll('pr')
    .select([
      'o.uniqueName as orderUniqueName',
      'i.uniqueName as itemUniqueName',
      'g.uniqueName as lineUniqueName',
      'i.manufacturerPartNumber as manufacturerPartNumber',
      'i.description as description',
      'o.vendorName as vendorName',
      'g.dueDate as lineDueDate',
      'g.shipDate as lineShipDate',
      'g.deliveryDate as lineDeliveryDate',
      'g.estimatedArrivalDate as lineEstimatedArrivalDate',
    ])
    .where('pr.organizationSid', '=', p.organizationSid);
  if (p.role === 'vendor') q = q.where('o.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
  return q;
}

async function findProposal(db: Db, p: Principal, sid: string): Promise<ProposalView> {
  const row = await proposals(db, p).where('pr.sid', '=', sid).executeTakeFirst();
  if (!row) throw notFound('proposal');
  return row;
}

/** The proposing vendor user, as the actor of the change a buyer accepts: the events name who changed the line. */
function vendorActor(p: Principal, proposal: ProposalRow): Principal {
  return {
    userSid: proposal.proposedBySid,
    organizationSid: p.organizationSid,
    role: 'vendor',
    vendorSids: proposal.vendorSid ? [proposal.vendorSid] : [],
    via: p.via,
    kind: 'login',
    sessionSid: null,
    apiKeySid: null,
    embed: null,
    name: proposal.proposedByName,
  };
}

/** Applies a proposal to its line as the vendor's change; the lines written. */
async function applyProposal(
  tx: Db,
  actor: Principal,
  group: ItemGroupRow,
  proposal: Pick<ProposalRow, 'kind' | 'shipDate' | 'deliveryDate' | 'shipments'>,
  publicUrl: string | undefined,
): Promise<ItemGroupRow[]> {
  if (proposal.kind === 'split') {
    const shipments = shipmentsOf(proposal.shipments) ?? [];
    return split(tx, actor, group.sid, { version: group.version, shipments });
  }
  // New dates are the vendor's promise: the line is confirmed at them.
  const change = { shipDate: proposal.shipDate, deliveryDate: proposal.deliveryDate, confirmed: true };
  return applyChanges(tx, actor, [{ group, change, expected: group.version }], publicUrl);
}

function lineBefore(group: ItemGroupRow): LineBefore {
  const { quantity, dueDate, shipDate, deliveryDate } = serializeItemGroup(group);
  return { quantity, dueDate, shipDate, deliveryDate };
}

type Decision = ReturnType<typeof DecideItemGroupProposalsBody.parse>['decisions'][number];

/** One buyer decision inside the caller's transaction; `field` names the decision in a batch. */
async function decide(
  tx: Db,
  p: Principal,
  decision: Decision,
  field: string,
  publicUrl: string | undefined,
): Promise<ItemGroupRow[]> {
  const proposal = await tx
    .selectFrom('itemGroupProposals')
    .selectAll()
    .where('sid', '=', decision.sid)
    .where('organizationSid', '=', p.organizationSid)
    .forUpdate()
    .executeTakeFirst();
  if (!proposal) throw new HttpError(404, 'not_found', `No such proposal: ${decision.sid}.`, field);
  if (proposal.status !== 'pending') {
    throw new HttpError(409, 'proposal_decided', `This proposal is already ${proposal.status}.`, field);
  }
  const now = new Date();
  let lines: ItemGroupRow[] = [];
  if (decision.decision === 'accept') {
    const group = await tx
      .selectFrom('itemGroups')
      .selectAll()
      .where('sid', '=', proposal.itemGroupSid)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (group.status !== 'active' || group.delivered) {
      throw new HttpError(
        409,
        'proposal_stale',
        `The line is ${group.delivered ? 'delivered' : group.status} since the vendor proposed this: reject it instead.`,
        field,
      );
    }
    try {
      lines = await applyProposal(tx, vendorActor(p, proposal), group, proposal, publicUrl);
    } catch (error) {
      // A split whose quantities no longer add up to the line's (the buyer changed it), or an order moved to
      // another vendor: the proposal no longer fits, and stays pending for a rejection.
      if (error instanceof HttpError && (error.status === 422 || error.status === 404 || error.status === 403)) {
        throw new HttpError(409, 'proposal_stale', `This proposal no longer fits its line: ${error.message}`, field);
      }
      throw error;
    }
  }
  const reason = decision.decision === 'reject' ? decision.reason?.trim() || null : null;
  await tx
    .updateTable('itemGroupProposals')
    .set({
      status: decision.decision === 'accept' ? 'accepted' : 'rejected',
      decidedBySid: p.userSid,
      decidedByName: p.name,
      decided: now,
      decisionReason: reason,
      updated: now,
    })
    .where('sid', '=', proposal.sid)
    .execute();
  await recordEvent(tx, p, {
    type: decision.decision === 'accept' ? 'itemGroupProposal.accepted' : 'itemGroupProposal.rejected',
    orderSid: proposal.orderSid,
    itemSid: proposal.itemSid,
    itemGroupSid: proposal.itemGroupSid,
    after: { proposalSid: proposal.sid, kind: proposal.kind, ...(reason ? { reason } : {}) },
  });
  return lines;
}

/** Decides in one transaction, all or none; the decided proposals in the order given and the lines changed. */
async function decideAll(c: Ctx, decisions: Decision[]) {
  const p = principalOf(c);
  requireStaff(p);
  const sids = decisions.map((d) => d.sid);
  if (new Set(sids).size !== sids.length) throw badRequest('Each proposal may appear once.', 'decisions');
  const db = dbOf(c);
  const lines = await db.transaction().execute(async (tx) => {
    const written: ItemGroupRow[] = [];
    for (const [index, decision] of decisions.entries()) {
      const field = decisions.length > 1 || c.req.path.endsWith('/decisions') ? `decisions.${index}.sid` : 'sid';
      if (decision.decision === 'accept' && decision.reason != null) {
        throw badRequest('A reason goes with a rejection.', `decisions.${index}.reason`);
      }
      written.push(...(await decide(tx, p, decision, field, c.get('publicOrigin'))));
    }
    return written;
  });
  const decided = await proposals(db, p).where('pr.sid', 'in', sids).execute();
  const bySid = new Map(decided.map((r) => [r.sid, r]));
  return {
    itemGroupProposals: sids.map((sid) => serializeProposal(bySid.get(sid)!)),
    itemGroups: lines.map(serializeItemGroup),
  };
}

export function registerItemGroupProposals(app: Hono<AppEnv>): void {
  app.get('/v1/itemGroupProposals', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListItemGroupProposalsQueryParams);
    let q = proposals(dbOf(c), p);
    if (params.status) q = q.where('pr.status', '=', params.status);
    if (params.orderSid) q = q.where('pr.orderSid', '=', params.orderSid);
    if (params.itemGroupSid) q = q.where('pr.itemGroupSid', '=', params.itemGroupSid);
    if (params.vendorSid) q = q.where('pr.vendorSid', '=', params.vendorSid);
    const { rows, page } = await pageOf(q, params, { key: 'pr.created', sid: 'pr.sid', descending: true });
    return c.json({ itemGroupProposals: rows.map(serializeProposal), page });
  });

  app.post('/v1/itemGroupProposals', async (c) => {
    const p = principalOf(c);
    if (p.role !== 'vendor') throw forbidden('Buyers change lines directly; proposals are for vendors.');
    const body = await jsonBody(c, CreateItemGroupProposalBody);
    const newDates = body.shipDate !== undefined || body.deliveryDate !== undefined;
    if (newDates && body.shipments) throw badRequest('Propose new dates or a split, not both.', 'shipments');
    if (!newDates && !body.shipments) throw badRequest('Propose a shipDate, a deliveryDate or shipments.', 'shipDate');
    const reason = body.reason?.trim() || null;
    const db = dbOf(c);
    const sid = await db.transaction().execute(async (tx) => {
      const group = await findItemGroup(tx, p, body.itemGroupSid).catch((error: unknown) => {
        if (error instanceof HttpError && error.status === 404) {
          throw new HttpError(404, 'not_found', 'No such item group of yours.', 'itemGroupSid');
        }
        throw error;
      });
      if (body.version !== group.version) throw versionConflict(serializeItemGroup(group));
      const shipments = body.shipments ?? null;
      if (shipments) {
        checkSplit(p, group, { version: body.version, shipments });
      } else {
        if (group.status !== 'active' || group.delivered) {
          throw new HttpError(
            422,
            'unprocessable',
            `This item group is ${group.delivered ? 'delivered' : group.status}: its dates are settled.`,
            group.delivered ? 'delivered' : 'status',
          );
        }
      }
      const proposed = {
        kind: shipments ? ('split' as const) : ('dates' as const),
        // The dates the line would have: what the vendor left out stays as it is.
        shipDate: shipments ? null : body.shipDate === undefined ? group.shipDate : body.shipDate,
        // A delivery date the new ship date passes no longer stands (server/domain/item-group-confirm.ts).
        deliveryDate: shipments ? null : arrivalAfterShipDate(group, body).deliveryDate,
        shipments: shipments ? JSON.stringify(shipments) : null,
      };
      if (!shipments && proposed.shipDate === group.shipDate && proposed.deliveryDate === group.deliveryDate) {
        throw badRequest(
          'These are the dates the line already has.',
          body.shipDate !== undefined ? 'shipDate' : 'deliveryDate',
        );
      }
      const pending = await needsApproval(tx, p.organizationSid);
      const now = new Date();
      if (pending) {
        // The vendor's newer word on the line replaces the one still waiting.
        await tx
          .updateTable('itemGroupProposals')
          .set({ status: 'superseded', updated: now })
          .where('itemGroupSid', '=', group.sid)
          .where('status', '=', 'pending')
          .execute();
      } else {
        await applyProposal(tx, p, group, proposed, c.get('publicOrigin'));
      }
      const order = await tx
        .selectFrom('orders')
        .select('vendorSid')
        .where('sid', '=', group.orderSid)
        .executeTakeFirst();
      const row = await tx
        .insertInto('itemGroupProposals')
        .values({
          sid: newSid('PR'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          itemGroupSid: group.sid,
          itemSid: group.itemSid,
          orderSid: group.orderSid,
          vendorSid: order?.vendorSid ?? null,
          ...proposed,
          status: pending ? 'pending' : 'applied',
          reason,
          baseVersion: group.version,
          before: JSON.stringify(lineBefore(group)),
          proposedBySid: p.userSid,
          proposedByName: p.name,
          decidedBySid: null,
          decidedByName: null,
          decided: pending ? null : now,
          decisionReason: null,
        })
        .returning('sid')
        .executeTakeFirstOrThrow();
      if (pending) {
        await recordEvent(tx, p, {
          type: 'itemGroupProposal.created',
          orderSid: group.orderSid,
          itemSid: group.itemSid,
          itemGroupSid: group.sid,
          after: {
            proposalSid: row.sid,
            kind: proposed.kind,
            ...(shipments ? { shipments } : { shipDate: proposed.shipDate, deliveryDate: proposed.deliveryDate }),
            ...(reason ? { reason } : {}),
          },
        });
        // A proposal is the vendor's answer even before a buyer decides: the request is answered, the tracker
        // starts again, and an Unresponsive Vendor flag resolves; the line itself is unchanged.
        await afterLineChanges(
          tx,
          { organizationSid: p.organizationSid, byVendor: true, now, publicUrl: c.get('publicOrigin') },
          [{ before: group, after: group }],
        );
      }
      return row.sid;
    });
    return c.json(serializeProposal(await findProposal(db, p, sid)), 201);
  });

  app.post('/v1/itemGroupProposals/decisions', async (c) => {
    const body = await jsonBody(c, DecideItemGroupProposalsBody);
    return c.json(await decideAll(c, body.decisions));
  });

  app.get('/v1/itemGroupProposals/:sid', async (c) => {
    return c.json(serializeProposal(await findProposal(dbOf(c), principalOf(c), c.req.param('sid'))));
  });

  app.post('/v1/itemGroupProposals/:sid/accept', async (c) => {
    return c.json(await decideAll(c, [{ sid: c.req.param('sid'), decision: 'accept' }]));
  });

  app.post('/v1/itemGroupProposals/:sid/reject', async (c) => {
    // The body is optional: a rejection without a reason sends none.
    const body = c.req.header('content-type') ? await jsonBody(c, RejectItemGroupProposalBody) : {};
    const decided = await decideAll(c, [{ sid: c.req.param('sid'), decision: 'reject', reason: body.reason }]);
    return c.json(decided.itemGroupProposals[0]);
  });
}
