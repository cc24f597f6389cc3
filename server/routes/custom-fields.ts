// Named values on an item, beyond the fields the API knows (tag: itemCustomFields).
import type { Hono } from 'hono';
import {
  CreateItemCustomFieldBody,
  ListItemCustomFieldsQueryParams,
} from '../../src/api/generated/zod/item-custom-fields/item-custom-fields.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv } from '../http/context.ts';
import { badRequest, conflict, HttpError } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { findItem } from './items.ts';
import { findOrder } from './orders.ts';
import { clientSid, dbOf, isoRequired, pageOf, principalOf, replayCreate, requireStaff } from './support.ts';

export function serializeItemCustomField(f: Row<'itemCustomFields'>) {
  return {
    sid: f.sid,
    created: isoRequired(f.created),
    updated: isoRequired(f.updated),
    itemSid: f.itemSid,
    name: f.name,
    value: f.value,
  };
}

export function registerItemCustomFields(app: Hono<AppEnv>): void {
  app.get('/v1/itemCustomFields', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListItemCustomFieldsQueryParams);
    const db = dbOf(c);
    if (!params.itemSid && !params.orderSid) throw badRequest('Give itemSid or orderSid.', 'itemSid');
    // The item or order must be one the caller may see (vendors: their own orders).
    let q = db.selectFrom('itemCustomFields').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.itemSid) q = q.where('itemSid', '=', (await findItem(db, p, params.itemSid)).sid);
    if (params.orderSid) {
      const order = await findOrder(db, p, params.orderSid);
      q = q.where('itemSid', 'in', db.selectFrom('items').select('sid').where('orderSid', '=', order.sid));
    }
    const { rows, page } = await pageOf(q, params);
    return c.json({ itemCustomFields: rows.map(serializeItemCustomField), page });
  });

  app.post('/v1/itemCustomFields', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateItemCustomFieldBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'CF');
    if (sid) {
      const existing = await db.selectFrom('itemCustomFields').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            itemSid: [body.itemSid, row.itemSid],
            name: [body.name, row.name],
            value: [body.value, row.value],
          }),
          serializeItemCustomField,
        );
      }
    }
    const field = await db.transaction().execute(async (tx) => {
      const item = await findItem(tx, p, body.itemSid).catch((e: unknown) => {
        if (e instanceof HttpError && e.status === 404) throw badRequest('itemSid names no item of yours.', 'itemSid');
        throw e;
      });
      const taken = await tx
        .selectFrom('itemCustomFields')
        .select('sid')
        .where('itemSid', '=', item.sid)
        .where('name', '=', body.name)
        .executeTakeFirst();
      if (taken) throw conflict(`This item already has a custom field named "${body.name}".`, 'name');
      const now = new Date();
      return tx
        .insertInto('itemCustomFields')
        .values({
          sid: sid ?? newSid('CF'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          itemSid: item.sid,
          name: body.name,
          value: body.value,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return c.json(serializeItemCustomField(field), 201);
  });
}
