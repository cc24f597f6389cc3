// The organization's vendors, for filters and pickers (tag vendors, an extension).
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { ListVendorsQueryParams } from '../../src/api/generated/zod/vendors/vendors.zod.ts';
import type { Row } from '../db/schema.ts';
import type { AppEnv } from '../http/context.ts';
import { queryParams } from '../http/validate.ts';
import { assertTokenFits, containsPattern } from './orders.ts';
import { dbOf, isoRequired, pageOf, principalOf } from './support.ts';

export function serializeVendor(v: Row<'vendors'>) {
  return {
    sid: v.sid,
    created: isoRequired(v.created),
    updated: isoRequired(v.updated),
    name: v.name,
    email: v.email,
    code: v.code,
  };
}

/** The name in the "C" collation: the same order on every engine and locale. */
const nameKey = sql<string>`${sql.ref('vendors.name')} collate "C"`;

export function registerVendors(app: Hono<AppEnv>): void {
  app.get('/v1/vendors', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListVendorsQueryParams);
    assertTokenFits(params.pageToken, 'text');
    let q = dbOf(c).selectFrom('vendors').selectAll().where('organizationSid', '=', p.organizationSid);
    // A vendor user sees the vendors it is linked to, and no other.
    if (p.role === 'vendor') q = q.where('sid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
    const pattern = containsPattern(params.q);
    if (pattern) q = q.where('name', 'ilike', pattern);
    const { rows, page } = await pageOf(q, params, { key: nameKey, sid: sql.ref('vendors.sid'), keyOf: (v) => v.name });
    return c.json({ vendors: rows.map(serializeVendor), page });
  });
}
