// globalSetup of the PostgreSQL pass: one throwaway cluster for the run.
// A cluster that cannot start fails the run (vitest.config.ts leaves the pass
// out, saying why, only outside CI and only when PostgreSQL is not installed).
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/postgres.ts';

let cluster: ThrowawayPostgres | null = null;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startThrowawayPostgres();
  project.provide('databaseUrl', cluster.url);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
