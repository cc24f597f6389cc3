// What the import writers share: who the changes are by, what a chunk did,
// and the history events of a chunk, written in batches.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';

/** The user whose upload makes the changes, as events name them. */
export interface Actor {
  sid: string | null;
  name: string | null;
}

export interface ChunkResult {
  /** Rows written (created + updated). */
  rows: number;
  created: number;
  updated: number;
  /** Rows rejected while writing (a BOM that is archived); each has its log. */
  failed: number;
}

export interface NewEvent {
  type: string;
  orderSid?: string | null;
  itemSid?: string | null;
  itemGroupSid?: string | null;
  before?: unknown;
  after?: unknown;
}

const EVENT_COLUMNS: readonly BulkColumn[] = [
  ['sid', 'text'],
  ['organization_sid', 'text'],
  ['created', 'timestamptz'],
  ['updated', 'timestamptz'],
  ['event_time', 'timestamptz'],
  ['event_type', 'text'],
  ['order_sid', 'text'],
  ['item_sid', 'text'],
  ['item_group_sid', 'text'],
  ['actor_sid', 'text'],
  ['actor_name', 'text'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
];

export async function insertEvents(
  tx: Transaction<Database>,
  organizationSid: string,
  actor: Actor,
  events: readonly NewEvent[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await bulkInsert(
    tx,
    'events',
    EVENT_COLUMNS,
    events.map((e) => [
      newSid('EV'),
      organizationSid,
      at,
      at,
      at,
      e.type,
      e.orderSid ?? null,
      e.itemSid ?? null,
      e.itemGroupSid ?? null,
      actor.sid,
      actor.name,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ]),
  );
}

/** A column of bulkInsert: its name in the database and its type. */
export type BulkColumn = readonly [name: string, type: string];

/**
 * Inserts many rows with one array parameter per column (insert … select
 * from unnest): a few parameters instead of one per cell, which is much
 * faster, above all on PGlite.
 */
export async function bulkInsert(
  tx: Transaction<Database>,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (!rows.length) return;
  const names = sql.raw(columns.map(([name]) => `"${name}"`).join(', '));
  const arrays = sql.join(columns.map(([, type], i) => sql`${rows.map((r) => r[i] ?? null)}::${sql.raw(type)}[]`));
  await sql`insert into ${sql.table(table)} (${names}) select * from unnest(${arrays})`.execute(tx);
}
