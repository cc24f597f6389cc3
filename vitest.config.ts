import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './tests/support/postgres.ts';

// The server suites run on PGlite and on a throwaway PostgreSQL cluster. Only
// outside CI, and only when PostgreSQL is not installed, is the second pass left out.
const postgresPass = process.env.CI === 'true' || findPostgresBin() !== undefined;
if (!postgresPass) {
  console.warn('\n!!! PostgreSQL pass SKIPPED: no initdb found (apt-get install postgresql, or set PG_BIN).\n');
}

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'src/**/*.unit.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server-pglite',
          environment: 'node',
          include: ['tests/server/**/*.test.ts'],
          env: { FACTOR_TEST_ENGINE: 'pglite' },
          // One database for the run, shared by every file: no isolation, one worker.
          isolate: false,
          fileParallelism: false,
          setupFiles: ['tests/server/support/drain-after-file.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgresPass
        ? [
            {
              extends: true,
              test: {
                name: 'server-postgres',
                environment: 'node',
                include: ['tests/server/**/*.test.ts'],
                env: { FACTOR_TEST_ENGINE: 'postgres' },
                globalSetup: ['tests/server/support/postgres-setup.ts'],
                setupFiles: ['tests/server/support/drain-after-file.ts'],
                isolate: false,
                fileParallelism: false,
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['src/**/*.test.tsx'],
          setupFiles: ['src/test/setup.ts'],
        },
      },
    ],
  },
});
