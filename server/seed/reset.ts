// `npm run db:reset`: wipes the database (the embedded one under
// .data/pglite or DATA_DIR, as server/main.ts uses it, or the public schema of
// DATABASE_URL), migrates it and loads the demo organization, then prints who
// can sign in.
import { sql } from 'kysely';
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { migrate, openDatabase } from '../db/connect.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './demo.ts';

const url = process.env.DATABASE_URL;
const dataDir = resolve(process.env.DATA_DIR ?? '.data/pglite');

if (!url) {
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
}
const handle = await openDatabase(url ? { url } : { dataDir });
try {
  if (url) await sql`drop schema public cascade; create schema public`.execute(handle.db);
  await migrate(handle.db);
  const started = performance.now();
  const { counts } = await seedDemo(handle.db);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeded ${url ? 'PostgreSQL' : dataDir} in ${seconds}s:`, counts);
  console.log(`\nDemo logins (password: ${DEMO_PASSWORD})`);
  for (const login of DEMO_LOGINS) {
    const vendor = login.vendorName ? ` (${login.vendorName})` : login.organization ? ` (${login.organization})` : '';
    console.log(`  ${login.role.padEnd(6)}  ${login.email.padEnd(36)}  ${login.name}${vendor}`);
  }
} finally {
  await handle.close();
}
