// Named table views (the page's URL query string) saved per user (tag
// savedViews, an extension). Every role may keep its own; nobody sees or
// changes another user's: those answer 404, as a missing view does.
import type { Hono } from 'hono';
import { sql } from 'kysely';
import {
  CreateSavedViewBody,
  ListSavedViewsQueryParams,
  UpdateSavedViewBody,
} from '../../src/api/generated/zod/saved-views/saved-views.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { assertTokenFits } from './orders.ts';
import { type Db, dbOf, isoRequired, leavesAsIs, pageOf, principalOf, unchanged } from './support.ts';

type SavedViewRow = Row<'savedViews'>;

function serializeSavedView(v: SavedViewRow) {
  return {
    sid: v.sid,
    created: isoRequired(v.created),
    updated: isoRequired(v.updated),
    page: v.page,
    name: v.name,
    search: v.search,
  };
}

const nameTaken = (name: string) =>
  new HttpError(409, 'name_taken', `You already have a view named "${name}" on this page.`, 'name');

function nameOf(value: string): string {
  const name = value.trim();
  if (!name) throw badRequest('name cannot be blank.', 'name');
  return name;
}

/** The query string as stored: without a leading '?'. */
const searchOf = (value: string): string => value.replace(/^\?/, '');

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/** The caller's own view; another user's (or organization's) is as missing as one that never was. */
async function findSavedView(db: Db, p: Principal, sid: string): Promise<SavedViewRow> {
  const view = await db
    .selectFrom('savedViews')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('userSid', '=', p.userSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!view) throw notFound('saved view');
  return view;
}

/** The name in the "C" collation: the same order on every engine and locale. */
const nameKey = sql<string>`${sql.ref('savedViews.name')} collate "C"`;

export function registerSavedViews(app: Hono<AppEnv>): void {
  app.get('/v1/savedViews', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListSavedViewsQueryParams);
    assertTokenFits(params.pageToken, 'text');
    let q = dbOf(c)
      .selectFrom('savedViews')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('userSid', '=', p.userSid);
    if (params.page) q = q.where('page', '=', params.page);
    const { rows, page } = await pageOf(q, params, {
      key: nameKey,
      sid: sql.ref('savedViews.sid'),
      keyOf: (v) => v.name,
    });
    return c.json({ savedViews: rows.map(serializeSavedView), page });
  });

  app.post('/v1/savedViews', async (c) => {
    const p = principalOf(c);
    const body = await jsonBody(c, CreateSavedViewBody);
    const name = nameOf(body.name);
    const now = new Date();
    // A taken name inserts nothing (and answers nothing) rather than failing the statement.
    const row = await dbOf(c)
      .insertInto('savedViews')
      .values({
        sid: newSid('SV'),
        organizationSid: p.organizationSid,
        userSid: p.userSid,
        created: now,
        updated: now,
        page: body.page,
        name,
        search: searchOf(body.search),
      })
      .onConflict((oc) => oc.columns(['userSid', 'page', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw nameTaken(name);
    return c.json(serializeSavedView(row), 201);
  });

  app.patch('/v1/savedViews/:sid', async (c) => {
    const p = principalOf(c);
    const body = await jsonBody(c, UpdateSavedViewBody);
    const name = body.name === undefined ? undefined : nameOf(body.name);
    const db = dbOf(c);
    const view = await findSavedView(db, p, c.req.param('sid'));
    const changes = { name, search: body.search === undefined ? undefined : searchOf(body.search) };
    if (leavesAsIs(view, changes)) return c.json(serializeSavedView(unchanged(c, view)));
    if (name !== undefined && name !== view.name) {
      const taken = await db
        .selectFrom('savedViews')
        .select('sid')
        .where('userSid', '=', p.userSid)
        .where('page', '=', view.page)
        .where('name', '=', name)
        .executeTakeFirst();
      if (taken) throw nameTaken(name);
    }
    const row = await db
      .updateTable('savedViews')
      .set({ ...changes, updated: new Date() })
      .where('sid', '=', view.sid)
      .where('userSid', '=', p.userSid)
      .returningAll()
      .executeTakeFirst()
      .catch((error: unknown) => {
        // The same name saved by a concurrent request between the check and this write.
        if (isUniqueViolation(error) && name !== undefined) throw nameTaken(name);
        throw error;
      });
    if (!row) throw notFound('saved view');
    return c.json(serializeSavedView(row));
  });

  app.delete('/v1/savedViews/:sid', async (c) => {
    const p = principalOf(c);
    const deleted = await dbOf(c)
      .deleteFrom('savedViews')
      .where('organizationSid', '=', p.organizationSid)
      .where('userSid', '=', p.userSid)
      .where('sid', '=', c.req.param('sid'))
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw notFound('saved view');
    return c.body(null, 204);
  });
}
