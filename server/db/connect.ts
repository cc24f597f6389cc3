// Opens the database: PGlite (embedded, persisted under a folder) by default,
// PostgreSQL through `pg` when a URL is given. Both return the same value
// types: dates (and arrays of them) as 'YYYY-MM-DD' strings, numerics as decimal strings, bigints
// as numbers, timestamps as Date.
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations.ts';

const DATE_OID = 1082;
const DATE_ARRAY_OID = 1182;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… switches to PostgreSQL. */
  url?: string;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string;
  /** An already open PGlite (tests clone one template per run). */
  pglite?: PGlite;
}

const asNumber = (value: string) => Number(value);
const asString = (value: string) => value;
/** '{2026-12-25,2027-01-01}' as strings: a date has no comma, quote or brace to escape. */
const asDateStrings = (value: string) => (value === '{}' ? [] : value.slice(1, -1).split(','));

export function pgliteParsers() {
  return { [DATE_OID]: asString, [DATE_ARRAY_OID]: asDateStrings, [INT8_OID]: asNumber, [NUMERIC_OID]: asString };
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const plugins = [new CamelCasePlugin()];
  if (options.url) {
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return asString;
        if (oid === DATE_ARRAY_OID) return asDateStrings;
        if (oid === INT8_OID) return asNumber;
        // eslint-disable-next-line @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-enum-assignment -- pg's own parser for every other type
        return pg.types.getTypeParser(oid, format);
      },
    };
    const pool = new pg.Pool({
      connectionString: options.url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      types,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const pglite = options.pglite ?? (await PGlite.create(options.dataDir, { parsers: pgliteParsers() }));
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), plugins });
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
