// Each server test file works the background jobs it queued before the next
// file starts: the files share one database, and a later file's runJobs would
// otherwise work (and be timed on) every upload and export left before it.
import { afterAll } from 'vitest';
import { drainLeftoverJobs } from './harness.ts';

afterAll(async () => {
  await drainLeftoverJobs();
}, 120_000);
