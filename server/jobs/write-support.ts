// What the import writers share: who the changes are by, what a chunk did,
// and the history events of a chunk, written in batches.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newSids } from '../domain/sid.ts';

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
  ['event_type', 'text'],
  ['order_sid', 'text'],
  ['item_sid', 'text'],
  ['item_group_sid', 'text'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
];

/** The columns every event of a batch shares: one parameter each instead of one array. */
function eventConstants(organizationSid: string, actor: Actor, now: Date): Constant[] {
  const at = now.toISOString();
  return [
    ['organization_sid', 'text', organizationSid],
    ['created', 'timestamptz', at],
    ['updated', 'timestamptz', at],
    ['event_time', 'timestamptz', at],
    ['actor_sid', 'text', actor.sid],
    ['actor_name', 'text', actor.name],
  ];
}

export async function insertEvents(
  tx: Transaction<Database>,
  organizationSid: string,
  actor: Actor,
  events: readonly NewEvent[],
  now: Date,
): Promise<void> {
  const sids = newSids('EV', events.length);
  await bulkInsert(
    tx,
    'events',
    EVENT_COLUMNS,
    events.map((e, i) => [
      sids[i],
      e.type,
      e.orderSid ?? null,
      e.itemSid ?? null,
      e.itemGroupSid ?? null,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ]),
    eventConstants(organizationSid, actor, now),
  );
}

/** A column of bulkInsert: its name in the database and its type. */
export type BulkColumn = readonly [name: string, type: string];
/** A column with one value for every row: its name, its type and the value. */
export type Constant = readonly [name: string, type: string, value: unknown];
/** A column worked out in SQL from the row's values (`v.<column>`). */
export type Computed = readonly [name: string, expression: RawBuilder<unknown>];

const quoted = (name: string) => `"${name}"`;

/** One array parameter per column, unnested into rows named v with the columns' names. */
export function unnested(columns: readonly BulkColumn[], rows: readonly (readonly unknown[])[]) {
  const arrays = sql.join(columns.map(([, type], i) => sql`${rows.map((r) => r[i] ?? null)}::${sql.raw(type)}[]`));
  return sql`unnest(${arrays}) as v(${sql.raw(columns.map(([name]) => quoted(name)).join(', '))})`;
}

/**
 * Inserts many rows with one array parameter per column (insert … select
 * from unnest) and one parameter per constant column: a few parameters
 * instead of one per cell, which is much faster, above all on PGlite.
 */
export async function bulkInsert(
  tx: Transaction<Database>,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
  constants: readonly Constant[] = [],
): Promise<void> {
  if (!rows.length) return;
  const names = sql.raw([...columns, ...constants].map(([name]) => quoted(name)).join(', '));
  const values = sql.join([sql.raw('v.*'), ...constants.map(([, type, value]) => sql`${value}::${sql.raw(type)}`)]);
  await sql`insert into ${sql.table(table)} (${names}) select ${values} from ${unnested(columns, rows)}`.execute(tx);
}

/** The '….created' history events of records inserted by insertCreated. */
export interface CreatedEvents {
  type: string;
  organizationSid: string;
  actor: Actor;
  uploadSid: string;
  /** The inserted columns that name the event's order, item and item group. */
  refs: { orderSid?: string; itemSid?: string; itemGroupSid?: string };
  /**
   * What the event's `after` keeps of the record, as [key, column]: the fields
   * a timeline sums a new record up by (null ones left out), and the upload.
   * Numeric columns keep their text as given, the way JSON shows decimals.
   */
  summary: readonly (readonly [key: string, column: string])[];
}

/**
 * bulkInsert, and in the same statement one created event per row (its
 * `after` built from the row's values in SQL), instead of sending every event
 * again as arrays. `computed` columns are worked out in SQL from the row.
 */
export async function insertCreated(
  tx: Transaction<Database>,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
  constants: readonly Constant[],
  events: CreatedEvents,
  now: Date,
  computed: readonly Computed[] = [],
): Promise<void> {
  if (!rows.length) return;
  const eventSids = newSids('EV', rows.length);
  const all: BulkColumn[] = [...columns, ['event_sid', 'text']];
  const names = sql.raw([...columns, ...constants, ...computed].map(([name]) => quoted(name)).join(', '));
  const values = sql.join([
    ...columns.map(([name]) => sql.ref(`v.${name}`)),
    ...constants.map(([, type, value]) => sql`${value}::${sql.raw(type)}`),
    ...computed.map(([, expression]) => expression),
  ]);
  const typeOf = new Map(columns.map(([name, type]) => [name, type]));
  const summary = sql.join([
    sql`'uploadSid', ${events.uploadSid}::text`,
    ...events.summary.map(([key, column]) => {
      const ref = sql.ref(`v.${column}`);
      return sql`${key}::text, ${typeOf.get(column) === 'numeric' ? sql`${ref}::text` : ref}`;
    }),
  ]);
  const ref = (column: string | undefined) => (column ? sql.ref(`v.${column}`) : sql`null::text`);
  const eventNames = sql.raw(
    [
      ...EVENT_COLUMNS.map(([name]) => name),
      ...eventConstants(events.organizationSid, events.actor, now).map(([n]) => n),
    ]
      .map(quoted)
      .join(', '),
  );
  const eventValues = sql.join([
    sql.ref('v.event_sid'),
    sql`${events.type}::text`,
    ref(events.refs.orderSid),
    ref(events.refs.itemSid),
    ref(events.refs.itemGroupSid),
    sql`null::jsonb`,
    sql`jsonb_strip_nulls(jsonb_build_object(${summary}))`,
    ...eventConstants(events.organizationSid, events.actor, now).map(
      ([, type, value]) => sql`${value}::${sql.raw(type)}`,
    ),
  ]);
  await sql`with v as (select * from ${unnested(
    all,
    rows.map((r, i) => [...r, eventSids[i]]),
  )}), inserted as (insert into ${sql.table(table)} (${names}) select ${values} from v)
    insert into events (${eventNames}) select ${eventValues} from v`.execute(tx);
}
