// Sign-in limits (OWASP): failures of one account at one address back off
// progressively, an address guessing across accounts is slowed too, a
// success is never counted, the owner at another address is never locked
// out, and the counters are in the database, so every process shares them.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { accountAtAddress, recordFailure } from '../../server/http/login-throttle.ts';
import { call, createTenant, server, userWithPassword } from './support/harness.ts';

let addressCounter = 0;
/** A client address of its own for each test (TEST-NET-3), sent as a proxy would. */
function newAddress(): string {
  addressCounter += 1;
  return `203.0.113.${(addressCounter % 250) + 1}-${process.pid}-${Date.now() % 100000}`;
}

function login(email: string, password: string, address: string) {
  return call<{ code: string; message: string }>(
    null,
    'POST',
    '/v1/session/login',
    { email, password },
    { 'x-forwarded-for': `10.0.0.1, ${address}` },
  );
}

describe('sign-in limits', () => {
  it('backs off an account at one address after five failures, and not the owner at another address', async () => {
    const t = await createTenant();
    const user = await userWithPassword(t, 'right password');
    const attacker = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(user.email, `guess ${i}`, attacker)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const limited = await login(user.email, 'right password', attacker);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner, elsewhere, signs in as usual.
    expect((await login(user.email, 'right password', newAddress())).status).toBe(200);
  });

  it('never counts successes: an office behind one address signs in as often as it likes', async () => {
    const t = await createTenant();
    const user = await userWithPassword(t, 'right password');
    const office = newAddress();
    for (let i = 0; i < 40; i++) expect((await login(user.email, 'right password', office)).status).toBe(200);
  });

  it('slows an address guessing across many accounts, and only that address', async () => {
    const t = await createTenant();
    const user = await userWithPassword(t, 'right password');
    const guesser = newAddress();
    for (let i = 0; i < 50; i++) {
      expect((await login(`nobody.${i}.${t.organizationSid}@example.test`, 'guess', guesser)).status).toBe(401);
    }
    expect((await login(`one.more.${t.organizationSid}@example.test`, 'guess', guesser)).status).toBe(401);
    expect((await login(user.email, 'right password', guesser)).status).toBe(429);
    expect((await login(user.email, 'right password', newAddress())).status).toBe(200);
  });

  it('checks a throttled address before reading the body', async () => {
    const { db } = await server();
    const address = newAddress();
    const now = new Date();
    await recordFailure(db, [{ key: `login-address:${address}`, free: 0 }], now);
    const garbage = await call(null, 'POST', '/v1/session/login', '{"not json', {
      'x-forwarded-for': address,
    });
    expect(garbage.status).toBe(429);
  });

  it('doubles the wait with each failure past the free ones, up to 15 minutes, and forgets after a quiet hour', async () => {
    const { db } = await server();
    const key = accountAtAddress(`doubling.${newAddress()}@example.test`, '198.51.100.1');
    const now = new Date('2026-12-01T10:00:00Z');
    const waits: (number | null)[] = [];
    for (let i = 1; i <= 16; i++) {
      await recordFailure(db, [key], now);
      const row = await db.selectFrom('loginFailures').selectAll().where('key', '=', key.key).executeTakeFirstOrThrow();
      waits.push(row.blockedUntil ? (row.blockedUntil.getTime() - now.getTime()) / 1000 : null);
    }
    expect(waits).toEqual([null, null, null, null, null, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    await recordFailure(db, [key], new Date(now.getTime() + 2 * 3600 * 1000));
    const after = await db.selectFrom('loginFailures').selectAll().where('key', '=', key.key).executeTakeFirstOrThrow();
    expect(after.failures).toBe(1);
    expect(after.blockedUntil).toBeNull();
  });

  it('shares its counters between processes: a second app on the same database sees the wait', async () => {
    const { db } = await server();
    const other = createApp({ db, trustProxy: true });
    const t = await createTenant();
    const user = await userWithPassword(t, 'right password');
    const address = newAddress();
    for (let i = 0; i < 6; i++) expect((await login(user.email, `guess ${i}`, address)).status).toBe(401);
    const elsewhere = await other.request('http://127.0.0.1/v1/session/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email: user.email, password: 'right password' }),
    });
    expect(elsewhere.status).toBe(429);
  });

  it('limits wrong current passwords on the password change, without locking the account', async () => {
    const t = await createTenant();
    const user = await userWithPassword(t, 'right password');
    const session = await login(user.email, 'right password', newAddress());
    const token = (session.body as unknown as { token: string }).token;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await call(token, 'PATCH', `/v1/users/${user.sid}`, {
        currentPassword: `wrong ${i}`,
        newPassword: 'a new long password',
      });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 6)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(statuses[6]).toBe(429);
    // Signing in is not affected.
    expect((await login(user.email, 'right password', newAddress())).status).toBe(200);
  });
});
