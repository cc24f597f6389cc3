// The server under test: the real app and the real database, in this process.
// One database per test run (PGlite, or the throwaway PostgreSQL cluster),
// migrated once; every test makes its own organization, so tests never see
// each other's rows.
import { PGlite } from '@electric-sql/pglite';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { migrate, openDatabase, pgliteParsers, type DatabaseHandle } from '../../../server/db/connect.ts';
import type { Database } from '../../../server/db/schema.ts';
import { newSid } from '../../../server/domain/sid.ts';
import { hashPassword, randomToken, SESSION_TTL_MS, tokenHash } from '../../../server/http/auth.ts';
import type { AppEnv } from '../../../server/http/context.ts';
import { startJobs, type Jobs } from '../../../server/jobs/queue.ts';
import { publishChanges } from '../../../server/db/live-bus.ts';
import { startLiveUpdates, type LiveUpdates } from '../../../server/http/live.ts';

type Engine = 'pglite' | 'postgres';
export const engine: Engine = process.env.FACTOR_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

let opened: Promise<{ handle: DatabaseHandle; app: Hono<AppEnv>; jobs: Jobs; live: LiveUpdates }> | null = null;

async function open() {
  const url = engine === 'postgres' ? inject('databaseUrl') : undefined;
  const pglite = url ? undefined : await PGlite.create({ parsers: pgliteParsers() });
  const handle = await openDatabase(url ? { url } : { pglite });
  await migrate(handle.db);
  // Jobs are sent as the app sends them, but no worker runs in the background: a test works them with runJobs().
  const jobs = await startJobs({ db: handle.db, pglite, url, work: false });
  const live = await startLiveUpdates(url ? { url } : { pglite: pglite! });
  // Behind a "proxy": a test names its client address in X-Forwarded-For (none: an in-process client without one).
  return { handle, app: createApp({ db: handle.db, trustProxy: true, live: live.hub }), jobs, live };
}

export async function server(): Promise<{ db: Kysely<Database>; app: Hono<AppEnv> }> {
  opened ??= open();
  const { handle, app } = await opened;
  return { db: handle.db, app };
}

/** Works every queued background job (upload imports) now; resolves with how many ran. */
export async function runJobs(): Promise<number> {
  opened ??= open();
  const { jobs } = await opened;
  return jobs.drain();
}

/**
 * Waits until every change committed so far has reached the live hub. Notifications come over one connection in
 * commit order, so once a marker published now is heard, every earlier change was heard before it: a stream opened
 * after this hears only later changes (on PostgreSQL the setup's own writes could otherwise arrive after it opened).
 */
export async function settleLiveChanges(): Promise<void> {
  opened ??= open();
  const { handle, live } = await opened;
  const organizationSid = `settle-${newSid('X')}`;
  let heard!: () => void;
  const marker = new Promise<void>((resolve) => {
    heard = resolve;
  });
  const unsubscribe = live.hub.subscribe(
    {
      organizationSid,
      role: 'admin',
      vendorSids: [],
      userSid: organizationSid,
      sessionSid: null,
      send: () => {
        heard();
      },
      recheck: () => undefined,
    },
    () => undefined,
  );
  try {
    await publishChanges(handle.db, [{ organizationSid, resource: 'orders', sids: [], vendorSids: [] }]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      marker,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error('the live channel did not deliver its marker in 5 s'));
        }, 5000);
      }),
    ]);
    clearTimeout(timer);
  } finally {
    unsubscribe();
  }
}

/**
 * Works the jobs a test file left queued (a contract case's upload or export, never drained), so the next file's
 * runJobs works only its own: run after each file (tests/server/support/drain-after-file.ts). A job that fails is
 * marked failed and the rest are still worked.
 */
export async function drainLeftoverJobs(): Promise<void> {
  if (!opened) return;
  const { jobs } = await opened;
  for (let attempt = 0; attempt < 1000; attempt++) {
    try {
      await jobs.drain();
      return;
    } catch {
      // That job is failed now; the next drain goes on with the others.
    }
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

interface Caller {
  userSid: string;
  token: string;
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
}

/** Sends a request to the app as the given bearer token (or none). */
export async function call<T = unknown>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const { app } = await server();
  const init: RequestInit = { method, headers: { ...headers } };
  if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
  if (body instanceof FormData) {
    // multipart: fetch sets the content type with its boundary
    init.body = body;
  } else if (body !== undefined) {
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await app.request(`http://127.0.0.1${path}`, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export interface Tenant {
  organizationSid: string;
  admin: Caller;
  buyer: Caller;
  /** A vendor user linked to vendorSid only. */
  vendor: Caller;
  vendorSid: string;
  vendorName: string;
  /** A second vendor of the same organization, which `vendor` must not see. */
  otherVendorSid: string;
  otherVendorName: string;
}

async function caller(db: Kysely<Database>, userSid: string): Promise<Caller> {
  const token = randomToken('fs');
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      sid: newSid('SE'),
      tokenHash: tokenHash(token),
      userSid,
      kind: 'login',
      embedOrigin: null,
      embedView: null,
      created: now,
      expires: new Date(now.getTime() + SESSION_TTL_MS),
    })
    .execute();
  return {
    userSid,
    token,
    request: (method, path, body, headers) => call(token, method, path, body, headers),
  };
}

/** One more signed-in user of the tenant's organization (a vendor user is linked to the tenant's first vendor). */
export async function addUser(t: Tenant, role: 'admin' | 'buyer' | 'vendor'): Promise<Caller> {
  const { db } = await server();
  const now = new Date();
  const sid = newSid('US');
  await db
    .insertInto('users')
    .values({
      sid,
      organizationSid: t.organizationSid,
      email: `${role}.${sid.slice(-10).toLowerCase()}@example.test`,
      firstName: 'Another',
      lastName: role,
      phoneNumber: null,
      passwordHash: null,
      role,
      created: now,
      updated: now,
    })
    .execute();
  if (role === 'vendor') await db.insertInto('userVendors').values({ userSid: sid, vendorSid: t.vendorSid }).execute();
  return caller(db, sid);
}

/** A fresh organization with an admin, a buyer, two vendors and a vendor user of the first. */
export async function createTenant(label = 'Test'): Promise<Tenant> {
  const { db } = await server();
  const now = new Date();
  const organizationSid = newSid('OG');
  const suffix = organizationSid.slice(-8);
  await db
    .insertInto('organizations')
    .values({ sid: organizationSid, name: `${label} ${suffix}`, logo100x100: null, created: now, updated: now })
    .execute();
  await db
    .insertInto('organizationSettings')
    .values({
      sid: newSid('OS'),
      organizationSid,
      defaultItemGroupCadence: null,
      defaultPastDueCadenceSid: null,
      created: now,
      updated: now,
    })
    .execute();
  const vendorSid = newSid('VE');
  const otherVendorSid = newSid('VE');
  const vendorName = `Acme Parts ${suffix}`;
  const otherVendorName = `Other Supply ${suffix}`;
  await db
    .insertInto('vendors')
    .values([
      { sid: vendorSid, organizationSid, name: vendorName, email: null, created: now, updated: now },
      { sid: otherVendorSid, organizationSid, name: otherVendorName, email: null, created: now, updated: now },
    ])
    .execute();
  const user = (role: 'admin' | 'buyer' | 'vendor') => ({
    sid: newSid('US'),
    organizationSid,
    email: `${role}.${suffix}.${Math.random().toString(36).slice(2, 8)}@example.test`,
    firstName: role[0].toUpperCase() + role.slice(1),
    lastName: suffix,
    phoneNumber: null,
    passwordHash: null,
    role,
    created: now,
    updated: now,
  });
  const [admin, buyer, vendor] = [user('admin'), user('buyer'), user('vendor')];
  await db.insertInto('users').values([admin, buyer, vendor]).execute();
  await db.insertInto('userVendors').values({ userSid: vendor.sid, vendorSid }).execute();
  return {
    organizationSid,
    admin: await caller(db, admin.sid),
    buyer: await caller(db, buyer.sid),
    vendor: await caller(db, vendor.sid),
    vendorSid,
    vendorName,
    otherVendorSid,
    otherVendorName,
  };
}

/** A user of the tenant's organization who signs in with this password. */
export async function userWithPassword(t: Tenant, password: string, role: 'buyer' | 'vendor' = 'buyer') {
  const { db } = await server();
  const sid = newSid('US');
  const email = `user.${sid.slice(-10)}@example.test`;
  await db
    .insertInto('users')
    .values({
      sid,
      organizationSid: t.organizationSid,
      email,
      firstName: 'Pat',
      lastName: 'Doe',
      phoneNumber: null,
      passwordHash: await hashPassword(password),
      role,
      created: new Date(),
      updated: new Date(),
    })
    .execute();
  if (role === 'vendor') await db.insertInto('userVendors').values({ userSid: sid, vendorSid: t.vendorSid }).execute();
  return { sid, email };
}
