// The PostgreSQL the benchmarks measure: a throwaway cluster (durability off,
// as in the tests) with shared_buffers sized the way a database server is
// set up. PostgreSQL's default of 128 MB is a floor for the smallest
// machines; with it, the 270 MB a 100,000-row import writes do not fit, and
// the import's own connections spend their time writing out evicted pages
// (about 54,000 per import). 1 GB is a sixth of the usual quarter of RAM on
// this 24 GiB machine.
import { startThrowawayPostgres, type ThrowawayPostgres } from '../tests/support/postgres.ts';

export const BENCH_POSTGRES_SETTINGS: Readonly<Record<string, string>> = { shared_buffers: '1GB' };

/** The settings as the figures name them, e.g. "shared_buffers 1GB". */
export const benchPostgresSettingsText = Object.entries(BENCH_POSTGRES_SETTINGS)
  .map(([name, value]) => `${name} ${value}`)
  .join(', ');

export function startBenchPostgres(): Promise<ThrowawayPostgres> {
  return startThrowawayPostgres({ settings: BENCH_POSTGRES_SETTINGS });
}
