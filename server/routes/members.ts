// Who follows an order: its members and the invitations to become one (tags: orderMembers, orderInvites).
import type { Hono } from 'hono';
import {
  BulkDeleteOrderMembersQueryParams,
  CreateOrderMemberBody,
  ListOrderMembersQueryParams,
} from '../../src/api/generated/zod/order-members/order-members.zod.ts';
import { ListOrderInvitesQueryParams } from '../../src/api/generated/zod/order-invites/order-invites.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import { displayName } from '../http/auth.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { findOrder } from './orders.ts';
import {
  clientSid,
  dbOf,
  type Db,
  iso,
  isoRequired,
  pageOf,
  principalOf,
  recordEvent,
  recordEvents,
  replayCreate,
  requireStaff,
} from './support.ts';

export function serializeOrderMember(m: Row<'orderMembers'>) {
  return {
    sid: m.sid,
    orderSid: m.orderSid,
    memberSid: m.memberSid,
    type: m.type,
    created: isoRequired(m.created),
  };
}

/** The history events of members taken off orders, naming them (their users read at once). */
async function recordMembersRemoved(db: Db, p: Principal, members: readonly Row<'orderMembers'>[]): Promise<void> {
  const users = await db
    .selectFrom('users')
    .select(['sid', 'firstName', 'lastName', 'email'])
    .where(
      'sid',
      'in',
      members.map((m) => m.memberSid),
    )
    .execute();
  const nameOf = new Map(users.map((u) => [u.sid, displayName(u)]));
  await recordEvents(
    db,
    p,
    members.map((member) => {
      const memberName = nameOf.get(member.memberSid);
      return {
        type: 'orderMember.deleted',
        orderSid: member.orderSid,
        before: { ...serializeOrderMember(member), ...(memberName ? { memberName } : {}) },
      };
    }),
  );
}

export function serializeOrderInvite(i: Row<'orderInvites'>) {
  return {
    sid: i.sid,
    created: isoRequired(i.created),
    updated: isoRequired(i.updated),
    organizationSid: i.organizationSid,
    orderSid: i.orderSid,
    email: i.email,
    type: i.type,
    accepted: iso(i.accepted),
  };
}

/** The orders a vendor user may see: those of its vendors. Members and invites of other orders stay hidden. */
function vendorOrders(db: Db, p: Principal) {
  return db
    .selectFrom('orders')
    .select('orders.sid')
    .where('orders.organizationSid', '=', p.organizationSid)
    .where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
}

async function findOrderMember(db: Db, p: Principal, sid: string): Promise<Row<'orderMembers'>> {
  const member = await db
    .selectFrom('orderMembers')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!member) throw notFound('order member');
  return member;
}

export function registerOrderMembers(app: Hono<AppEnv>): void {
  app.get('/v1/orderMembers', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListOrderMembersQueryParams, ['orderSid']);
    const db = dbOf(c);
    let q = db.selectFrom('orderMembers').selectAll().where('organizationSid', '=', p.organizationSid);
    if (p.role === 'vendor') q = q.where('orderSid', 'in', vendorOrders(db, p));
    if (params.orderSid?.length) q = q.where('orderSid', 'in', params.orderSid);
    if (params.memberSid) q = q.where('memberSid', '=', params.memberSid);
    const { rows, page } = await pageOf(q, params);
    return c.json({ orderMembers: rows.map(serializeOrderMember), page });
  });

  app.post('/v1/orderMembers', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateOrderMemberBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'OM');
    if (sid) {
      // The client's sid is an idempotency token: the same create twice answers the first result.
      const existing = await db.selectFrom('orderMembers').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          async (row) => ({
            // orderSid may name the order by its unique name, as the create reads it.
            orderSid: [
              body.orderSid === row.orderSid
                ? row.orderSid
                : ((await findOrder(db, p, body.orderSid).catch(() => null))?.sid ?? null),
              row.orderSid,
            ],
            memberSid: [body.memberSid, row.memberSid],
            type: [body.type ?? 'tracking', row.type],
          }),
          serializeOrderMember,
        );
      }
    }
    const member = await db.transaction().execute(async (tx) => {
      const order = await findOrder(tx, p, body.orderSid).catch((error: unknown) => {
        if (error instanceof HttpError && error.status === 404)
          throw badRequest('orderSid names no order of your organization.', 'orderSid');
        throw error;
      });
      const user = await tx
        .selectFrom('users')
        .select(['sid', 'firstName', 'lastName', 'email'])
        .where('organizationSid', '=', p.organizationSid)
        .where('sid', '=', body.memberSid)
        .executeTakeFirst();
      if (!user) throw badRequest('memberSid names no user of your organization.', 'memberSid');
      const duplicate = await tx
        .selectFrom('orderMembers')
        .select('sid')
        .where('orderSid', '=', order.sid)
        .where('memberSid', '=', user.sid)
        .executeTakeFirst();
      if (duplicate) throw conflict('This user is already a member of the order.', 'memberSid');
      const now = new Date();
      const row = await tx
        .insertInto('orderMembers')
        .values({
          sid: sid ?? newSid('OM'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          orderSid: order.sid,
          memberSid: user.sid,
          type: body.type ?? 'tracking',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The member's name with the record: the history reads who was added, even once they are gone.
      await recordEvent(tx, p, {
        type: 'orderMember.created',
        orderSid: order.sid,
        after: { ...serializeOrderMember(row), memberName: displayName(user) },
      });
      return row;
    });
    return c.json(serializeOrderMember(member), 201);
  });

  // All or none: one sid that is not an order member of the organization deletes nothing.
  app.delete('/v1/orderMembers', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, BulkDeleteOrderMembersQueryParams, ['orderMemberSid']);
    const sids = [...new Set(params.orderMemberSid ?? [])];
    if (!sids.length) throw badRequest('Name the order members to delete with orderMemberSid.', 'orderMemberSid');
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const members = await tx
          .selectFrom('orderMembers')
          .selectAll()
          .where('organizationSid', '=', p.organizationSid)
          .where('sid', 'in', sids)
          .execute();
        if (members.length !== sids.length) throw notFound('order member');
        await tx.deleteFrom('orderMembers').where('sid', 'in', sids).execute();
        await recordMembersRemoved(tx, p, members);
      });
    return c.body(null, 204);
  });

  app.delete('/v1/orderMembers/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const member = await findOrderMember(tx, p, c.req.param('sid'));
        await tx.deleteFrom('orderMembers').where('sid', '=', member.sid).execute();
        await recordMembersRemoved(tx, p, [member]);
      });
    return c.body(null, 204);
  });

  app.get('/v1/orderInvites', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListOrderInvitesQueryParams);
    const db = dbOf(c);
    let q = db.selectFrom('orderInvites').selectAll().where('organizationSid', '=', p.organizationSid);
    if (p.role === 'vendor') q = q.where('orderSid', 'in', vendorOrders(db, p));
    if (params.orderSid) q = q.where('orderSid', '=', params.orderSid);
    const email = params.email?.trim().toLowerCase();
    if (email !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['email']), '=', email));
    const { rows, page } = await pageOf(q, params);
    return c.json({ orderInvites: rows.map(serializeOrderInvite), page });
  });
}
