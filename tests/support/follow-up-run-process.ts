// One follow-up run as a process of its own, for a test to kill with SIGKILL
// mid-way (tests/unit/follow-up-kill.test.ts):
//   DATABASE_URL=postgres://… ORGANIZATION_SID=OG… NOW=2026-12-08T10:00:00Z node tests/support/follow-up-run-process.ts
// Opens the database, runs runFollowUp once for the organization at NOW, prints
// one JSON line (the run's summary and how long it took) and exits 0.
import { openDatabase } from '../../server/db/connect.ts';
import { runFollowUp } from '../../server/jobs/follow-up-run.ts';

const FOLLOW_UP_PUBLIC_URL = 'https://factor.example';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const url = required('DATABASE_URL');
const organizationSid = required('ORGANIZATION_SID');
const now = new Date(required('NOW'));
if (Number.isNaN(now.getTime())) throw new Error(`NOW is not a date: ${required('NOW')}`);

const started = performance.now();
const handle = await openDatabase({ url });
try {
  const summary = await runFollowUp(handle.db, { now, publicUrl: FOLLOW_UP_PUBLIC_URL, organizationSid });
  console.log(JSON.stringify({ ...summary, ms: Math.round(performance.now() - started) }));
} finally {
  await handle.close();
}
