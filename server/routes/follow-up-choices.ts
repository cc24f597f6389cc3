// The follow-up of an order and of a vendor (tag followUp, an extension):
// whether the engine asks about their lines (a pause at either level stops it)
// and the cadence they follow, most specific first (order, vendor,
// organization, the default tiers). server/jobs/follow-up-run.ts reads the
// same columns (orders/vendors.follow_up_paused and cadence_sid).
import type { Hono } from 'hono';
import { sql } from 'kysely';
import {
  ListVendorFollowUpsQueryParams,
  UpdateOrderFollowUpBody,
  UpdateVendorFollowUpBody,
} from '../../src/api/generated/zod/follow-up/follow-up.zod.ts';
import { resolveCadence } from '../domain/follow-up/cadence.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { assertTokenFits, findOrder } from './orders.ts';
import { type Db, dbOf, leavesAsIs, pageOf, principalOf, recordEvent, requireStaff, unchanged } from './support.ts';

interface VendorFollowUpRow {
  sid: string;
  name: string;
  followUpPaused: boolean;
  cadenceSid: string | null;
  cadenceTitle: string | null;
}

function serializeVendorFollowUp(v: VendorFollowUpRow) {
  return {
    vendorSid: v.sid,
    vendorName: v.name,
    paused: v.followUpPaused,
    cadenceSid: v.cadenceSid,
    cadenceTitle: v.cadenceTitle,
  };
}

function vendorFollowUps(db: Db, p: Principal) {
  return db
    .selectFrom('vendors as v')
    .leftJoin('cadences as c', 'c.sid', 'v.cadenceSid')
    .select(['v.sid', 'v.name', 'v.followUpPaused', 'v.cadenceSid', 'c.title as cadenceTitle'])
    .where('v.organizationSid', '=', p.organizationSid);
}

async function findVendorFollowUp(db: Db, p: Principal, sid: string): Promise<VendorFollowUpRow> {
  const row = await vendorFollowUps(db, p).where('v.sid', '=', sid).executeTakeFirst();
  if (!row) throw notFound('vendor');
  return row;
}

/** A cadence of the caller's organization, or a 400 naming cadenceSid (another organization's is as unknown as none). */
async function checkCadence(db: Db, p: Principal, cadenceSid: string | null | undefined): Promise<void> {
  if (!cadenceSid) return;
  const found = await db
    .selectFrom('cadences')
    .select('sid')
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', cadenceSid)
    .executeTakeFirst();
  if (!found) throw badRequest(`No cadence ${cadenceSid} in your organization.`, 'cadenceSid');
}

/** The change asked for: at least one of paused and cadenceSid. */
function choiceOf(body: { paused?: boolean; cadenceSid?: string | null }) {
  if (body.paused === undefined && body.cadenceSid === undefined) {
    throw badRequest('Name what to change: paused, cadenceSid or both.', 'paused');
  }
  return {
    ...(body.paused === undefined ? {} : { followUpPaused: body.paused }),
    ...(body.cadenceSid === undefined ? {} : { cadenceSid: body.cadenceSid }),
  };
}

async function orderFollowUp(db: Db, p: Principal, sidOrUniqueName: string) {
  const order = await findOrder(db, p, sidOrUniqueName);
  const [vendor, cadences, settings] = await Promise.all([
    order.vendorSid ? vendorFollowUps(db, p).where('v.sid', '=', order.vendorSid).executeTakeFirst() : undefined,
    db.selectFrom('cadences').select(['sid', 'title']).where('organizationSid', '=', p.organizationSid).execute(),
    db
      .selectFrom('organizationSettings')
      .select('cadenceSid')
      .where('organizationSid', '=', p.organizationSid)
      .executeTakeFirst(),
  ]);
  const titleOf = (sid: string | null) => cadences.find((c) => c.sid === sid)?.title ?? null;
  // The engine's rule (a line's own tracker cadence aside), over the cadences' sids.
  const applied = resolveCadence({
    order: { cadence: order.cadenceSid, paused: order.followUpPaused },
    vendor: vendor ? { cadence: vendor.cadenceSid, paused: vendor.followUpPaused } : undefined,
    organization: settings?.cadenceSid ?? null,
  });
  const pausedBy = applied.kind === 'paused' ? applied.by : null;
  const chosen = applied.kind === 'custom' ? { sid: applied.cadence, from: applied.from } : null;
  return {
    orderSid: order.sid,
    orderUniqueName: order.uniqueName ?? order.sid,
    paused: order.followUpPaused,
    cadenceSid: order.cadenceSid,
    cadenceTitle: titleOf(order.cadenceSid),
    vendor: vendor ? serializeVendorFollowUp(vendor) : null,
    applies: {
      state: applied.kind,
      pausedBy,
      cadenceSid: chosen?.sid ?? null,
      cadenceTitle: chosen ? titleOf(chosen.sid) : null,
      cadenceFrom: chosen?.from ?? null,
    },
  };
}

export function registerFollowUpChoices(app: Hono<AppEnv>): void {
  app.get('/v1/orders/:sidOrUniqueName/followUp', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(await orderFollowUp(dbOf(c), p, c.req.param('sidOrUniqueName')));
  });

  app.patch('/v1/orders/:sidOrUniqueName/followUp', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateOrderFollowUpBody);
    const change = choiceOf(body);
    const result = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const order = await findOrder(tx, p, c.req.param('sidOrUniqueName'));
        await checkCadence(tx, p, body.cadenceSid);
        if (leavesAsIs(order, change)) return unchanged(c, await orderFollowUp(tx, p, order.sid));
        const now = new Date();
        await tx
          .updateTable('orders')
          .set({ ...change, updated: now })
          .where('sid', '=', order.sid)
          .execute();
        const result = await orderFollowUp(tx, p, order.sid);
        if (order.followUpPaused !== result.paused || order.cadenceSid !== result.cadenceSid) {
          // With the cadence's title, for the history to read.
          const titleBefore = order.cadenceSid
            ? ((await tx.selectFrom('cadences').select('title').where('sid', '=', order.cadenceSid).executeTakeFirst())
                ?.title ?? null)
            : null;
          await recordEvent(tx, p, {
            type: 'order.followUpChanged',
            orderSid: order.sid,
            before: { followUpPaused: order.followUpPaused, cadenceSid: order.cadenceSid, cadenceTitle: titleBefore },
            after: { followUpPaused: result.paused, cadenceSid: result.cadenceSid, cadenceTitle: result.cadenceTitle },
          });
        }
        return result;
      });
    return c.json(result);
  });

  app.get('/v1/vendors/:sid/followUp', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(serializeVendorFollowUp(await findVendorFollowUp(dbOf(c), p, c.req.param('sid'))));
  });

  app.patch('/v1/vendors/:sid/followUp', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateVendorFollowUpBody);
    const change = choiceOf(body);
    const result = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const vendor = await findVendorFollowUp(tx, p, c.req.param('sid'));
        await checkCadence(tx, p, body.cadenceSid);
        if (leavesAsIs(vendor, change)) return unchanged(c, vendor);
        await tx
          .updateTable('vendors')
          .set({ ...change, updated: new Date() })
          .where('sid', '=', vendor.sid)
          .execute();
        return findVendorFollowUp(tx, p, vendor.sid);
      });
    return c.json(serializeVendorFollowUp(result));
  });

  app.get('/v1/vendorFollowUps', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListVendorFollowUpsQueryParams);
    assertTokenFits(params.pageToken, 'text');
    const q = vendorFollowUps(dbOf(c), p).where((eb) =>
      eb.or([eb('v.followUpPaused', '=', true), eb('v.cadenceSid', 'is not', null)]),
    );
    const { rows, page } = await pageOf(q, params, {
      key: sql<string>`${sql.ref('v.name')} collate "C"`,
      sid: sql.ref('v.sid'),
      keyOf: (v) => v.name,
    });
    return c.json({ vendorFollowUps: rows.map(serializeVendorFollowUp), page });
  });
}
