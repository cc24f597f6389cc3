// The schema, as ordered migrations run at start (PGlite and PostgreSQL run
// the same SQL). Append new migrations; never edit one that has shipped.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

// Millisecond precision, as JavaScript dates have: page cursors compare these exactly.
const ts = "timestamptz not null default date_trunc('milliseconds', now())";

/** Columns every organization-owned record has. */
const base = (prefix: string) => `
  sid text primary key check (sid ~ '^${prefix}[0-9a-z]{28}$'),
  organization_sid text not null references organizations(sid) on delete cascade,
  created ${ts},
  updated ${ts}`;

const initial: string[] = [
  `create table organizations (
    sid text primary key check (sid ~ '^OG[0-9a-z]{28}$'),
    name text not null,
    logo100x100 text,
    embed_origins text[] not null default '{}',
    created ${ts},
    updated ${ts}
  )`,
  `create table organization_settings (
    ${base('OS')},
    version integer not null default 1,
    default_time_zone text not null default 'UTC',
    default_unresponsive_after_business_days integer not null default 5,
    default_item_group_cadence text,
    send_automated_update_requests boolean not null default true,
    past_due_business_days integer not null default 1,
    default_past_due_cadence_sid text,
    holidays date[] not null default '{}',
    unique (organization_sid)
  )`,
  `create table vendors (
    ${base('VE')},
    name text not null,
    email text,
    unique (organization_sid, name)
  )`,
  `create table users (
    ${base('US')},
    email text not null,
    first_name text,
    last_name text,
    phone_number text,
    password_hash text,
    role text not null check (role in ('admin', 'buyer', 'vendor')),
    employee boolean not null default false
  )`,
  `create unique index users_email on users (lower(email))`,
  `create table user_vendors (
    user_sid text not null references users(sid) on delete cascade,
    vendor_sid text not null references vendors(sid) on delete cascade,
    primary key (user_sid, vendor_sid)
  )`,
  `create table sessions (
    sid text primary key,
    token_hash text not null unique,
    user_sid text not null references users(sid) on delete cascade,
    kind text not null default 'login' check (kind in ('login', 'vendor_link', 'embed')),
    embed_origin text,
    embed_view text,
    created ${ts},
    expires timestamptz not null,
    revoked timestamptz
  )`,
  `create table vendor_link_tokens (
    token_hash text primary key,
    user_sid text not null references users(sid) on delete cascade,
    expires timestamptz not null,
    used timestamptz
  )`,
  `create table api_keys (
    ${base('AK')},
    name text not null,
    prefix text not null,
    secret_hash text not null unique,
    expiry_date timestamptz,
    revoked boolean not null default false,
    created_by text not null references users(sid)
  )`,
  `create table applications (
    ${base('AP')},
    name text,
    secret_hash text not null
  )`,
  `create table orders (
    ${base('OR')},
    vendor_sid text references vendors(sid),
    vendor_name text,
    unique_name text,
    title text,
    unique (organization_sid, unique_name)
  )`,
  `create index orders_page on orders (organization_sid, created, sid)`,
  `create index orders_vendor on orders (organization_sid, vendor_sid)`,
  `create table items (
    ${base('IT')},
    order_sid text not null references orders(sid) on delete cascade,
    unique_name text,
    title text,
    status text not null default 'active' check (status in ('active', 'canceled')),
    quantity numeric(21, 6) not null check (quantity >= 0),
    price_per_unit numeric(21, 6),
    non_recurring_cost numeric(21, 6),
    lead_time integer,
    ship_time integer,
    line_number integer,
    description text,
    manufacturer_part_number text,
    revision text,
    unique (order_sid, unique_name)
  )`,
  `create index items_page on items (organization_sid, created, sid)`,
  `create index items_order on items (order_sid, created, sid)`,
  `create index items_mpn on items (organization_sid, manufacturer_part_number)`,
  `create table item_groups (
    ${base('IG')},
    order_sid text not null references orders(sid) on delete cascade,
    item_sid text not null references items(sid) on delete cascade,
    unique_name text,
    quantity numeric(21, 6) not null check (quantity >= 0),
    due_date date,
    ship_date date,
    delivery_date date,
    estimated_arrival_date date,
    shipped boolean not null default false,
    delivered boolean not null default false,
    tracking_number text,
    last_update_date timestamptz,
    status text not null default 'active' check (status in ('active', 'canceled')),
    confirmed boolean not null default false,
    version integer not null default 1,
    unique (item_sid, unique_name)
  )`,
  `create index item_groups_page on item_groups (organization_sid, created, sid)`,
  `create index item_groups_due on item_groups (organization_sid, due_date, sid)`,
  `create index item_groups_item on item_groups (item_sid, created, sid)`,
  `create index item_groups_order on item_groups (order_sid)`,
  `create table events (
    ${base('EV')},
    event_time ${ts},
    event_type text not null,
    order_sid text,
    item_sid text,
    item_group_sid text,
    actor_sid text,
    actor_name text,
    before jsonb,
    after jsonb
  )`,
  `create index events_page on events (organization_sid, event_time, sid)`,
  `create index events_order on events (order_sid, event_time, sid)`,
  `create index events_item on events (item_sid, event_time, sid)`,
  `create index events_item_group on events (item_group_sid, event_time, sid)`,
  `create table event_relations (
    ${base('VR')},
    version integer not null default 1,
    event_sid text not null,
    event_type text not null,
    relation text not null
  )`,
  `create table order_members (
    ${base('OM')},
    order_sid text not null references orders(sid) on delete cascade,
    member_sid text not null references users(sid) on delete cascade,
    type text not null default 'tracking' check (type in ('tracking', 'updating')),
    unique (order_sid, member_sid)
  )`,
  `create table order_invites (
    ${base('OI')},
    order_sid text not null references orders(sid) on delete cascade,
    email text not null,
    type text not null default 'tracking' check (type in ('tracking', 'updating')),
    accepted timestamptz,
    unique (order_sid, email)
  )`,
  `create table flags (
    ${base('FL')},
    type text not null check (type in ('newDelay', 'pastDue', 'unresponsiveVendor', 'directReply')),
    status text not null default 'open' check (status in ('open', 'resolved', 'dismissed')),
    message text,
    dismissed timestamptz,
    order_sid text references orders(sid) on delete cascade,
    item_sid text references items(sid) on delete cascade,
    item_group_sid text references item_groups(sid) on delete cascade
  )`,
  `create index flags_page on flags (organization_sid, created, sid)`,
  `create index flags_item_group on flags (item_group_sid)`,
  `create table update_requests (
    ${base('UR')},
    item_group_sid text not null references item_groups(sid) on delete cascade,
    note text
  )`,
  `create table cadences (
    ${base('CA')},
    delay_seconds bigint not null check (delay_seconds >= 0),
    unresponsive_after_business_days integer,
    max_attempts integer,
    message_type text not null,
    title text
  )`,
  `create table update_request_configs (
    ${base('UC')},
    item_group_sid text not null references item_groups(sid) on delete cascade,
    start_date timestamptz,
    next_update timestamptz not null,
    cadence_sid text references cadences(sid) on delete set null,
    attempts integer not null default 0,
    last_attempt timestamptz,
    version integer not null default 1
  )`,
  `create table item_custom_fields (
    ${base('CF')},
    item_sid text not null references items(sid) on delete cascade,
    name text not null,
    value text not null,
    unique (item_sid, name)
  )`,
  `create table messages (
    ${base('MS')},
    outbound_email_reply_sid text,
    author text,
    author_sid text,
    content text not null
  )`,
  `create table message_links (
    message_sid text not null references messages(sid) on delete cascade,
    order_sid text references orders(sid) on delete cascade,
    item_sid text references items(sid) on delete cascade,
    item_group_sid text references item_groups(sid) on delete cascade
  )`,
  `create index message_links_order on message_links (order_sid)`,
  `create index message_links_item on message_links (item_sid)`,
  `create index message_links_item_group on message_links (item_group_sid)`,
  `create table files (
    ${base('FI')},
    name text not null,
    content_type text not null,
    size integer not null,
    content bytea not null
  )`,
  `create table field_mappings (
    ${base('FM')},
    name text,
    import_allowed boolean not null default true,
    export_allowed boolean not null default true
  )`,
  `create table mapped_fields (
    ${base('MF')},
    field_mapping_sid text not null references field_mappings(sid) on delete cascade,
    name text not null,
    mapped_field_type text not null
  )`,
  // Open-order and BOM uploads are UP…, inventory uploads IP…, as the Factor API writes them.
  `create table uploads (
    sid text primary key check (sid ~ '^(UP|IP)[0-9a-z]{28}$'),
    organization_sid text not null references organizations(sid) on delete cascade,
    created ${ts},
    updated ${ts},
    kind text not null check (kind in ('openOrder', 'bom', 'inventory')),
    version integer not null default 1,
    status text not null default 'processing' check (status in ('processing', 'completed', 'failed')),
    file_sid text references files(sid) on delete set null,
    file_type text not null default 'csv' check (file_type in ('csv', 'xlsx', 'xls')),
    field_mapping_sid text references field_mappings(sid) on delete set null,
    originating_identity text,
    order_member_user_sids text[] not null default '{}',
    order_member_emails text[] not null default '{}',
    force_item_groups_not_present_delivered boolean not null default false,
    members_to_notify_on_failure text,
    order_unique_name_hash text,
    inventory_unique_name_hash text[],
    row_count_success integer not null default 0,
    row_count_failure integer not null default 0,
    row_count_total integer not null default 0,
    data_change_group_sid text,
    parameters_sid text
  )`,
  `create index uploads_page on uploads (organization_sid, kind, created, sid)`,
  `create table upload_logs (
    ${base('UL')},
    upload_sid text not null references uploads(sid) on delete cascade,
    row_number integer not null,
    "column" text,
    value text,
    message text not null
  )`,
  `create index upload_logs_page on upload_logs (upload_sid, created, sid)`,
  `create table file_exports (
    ${base('FE')},
    status text not null default 'processing' check (status in ('processing', 'completed', 'failed')),
    file_type text not null default 'csv' check (file_type in ('csv', 'xlsx')),
    field_mapping_sid text references field_mappings(sid) on delete set null,
    query jsonb not null,
    file_sid text references files(sid) on delete set null,
    delete_after timestamptz not null
  )`,
  `create table boms (
    ${base('BO')},
    unique_name text not null,
    version integer not null default 1,
    part_number text,
    approved boolean not null default false,
    archived timestamptz,
    metadata jsonb not null default '{}',
    unique (organization_sid, unique_name)
  )`,
  `create table bom_lines (
    ${base('BL')},
    bom_sid text not null references boms(sid) on delete cascade,
    unique_name text not null,
    required_quantity numeric(21, 6) not null check (required_quantity >= 0),
    version integer not null default 1,
    custom_id text,
    mpn text,
    alternative_mpns text[] not null default '{}',
    manufacturer_name text,
    reference_designators text[] not null default '{}',
    description text,
    do_not_place boolean not null default false,
    line_number text,
    unique (bom_sid, unique_name)
  )`,
  `create index bom_lines_page on bom_lines (bom_sid, created, sid)`,
  `create table inventory_counts (
    ${base('IC')},
    unique_name text not null,
    title text,
    count bigint not null,
    recording_date timestamptz not null default now()
  )`,
  `create index inventory_counts_part on inventory_counts (organization_sid, unique_name, recording_date desc)`,
  `create table clear_to_builds (
    ${base('CB')},
    reference_sid text not null,
    build_date timestamptz not null,
    build_quantity numeric(21, 6) not null,
    type text not null check (type in ('expected', 'actual'))
  )`,
  `create table clear_to_build_targets (
    ${base('CT')},
    bom_sid text not null references boms(sid) on delete cascade,
    quantity numeric(21, 6) not null check (quantity >= 0),
    duration_length integer not null check (duration_length > 0),
    duration_type text not null check (duration_type in ('day', 'week', 'month', 'quarter', 'halfyear', 'year')),
    start_date timestamptz not null
  )`,
  `create table email_opt_outs (
    ${base('EO')},
    email text not null,
    opt_out boolean not null default true,
    unique (organization_sid, email)
  )`,
  `create table cadence_transitions (
    ${base('TR')},
    version integer not null default 1,
    cadence_sid text not null references cadences(sid) on delete cascade,
    condition text not null check (condition in ('ItemGroupBusinessDays', 'MaxAttempts', 'FlagCreated', 'BusinessDaysInState')),
    condition_parameters jsonb not null default '{}',
    action text not null check (action in ('SwitchCadence', 'CallWebhook')),
    action_parameters jsonb not null default '{}',
    title text
  )`,
  `create table cadence_trackers (
    ${base('TK')},
    version integer not null default 1,
    reference_sid text not null,
    cadence_sid text not null references cadences(sid) on delete cascade,
    last_update_date timestamptz,
    next_update_date timestamptz,
    attempts integer not null default 0,
    unique (organization_sid, reference_sid)
  )`,
  `create table inbound_emails (
    ${base('IE')},
    version integer not null default 1,
    from_email text not null,
    to_emails text[] not null,
    cc_emails text[] not null default '{}',
    subject text not null,
    content text,
    date timestamptz not null,
    s3_bucket text,
    s3_key text,
    front_url text
  )`,
  `create table inbound_email_attachments (
    ${base('IA')},
    version integer not null default 1,
    status text not null default 'stored',
    inbound_email_sid text not null references inbound_emails(sid) on delete cascade,
    s3_bucket text,
    s3_key text,
    mime_type text,
    size integer,
    name text,
    file_sid text references files(sid) on delete set null
  )`,
  `create table gmail_watch_subscriptions (
    ${base('GW')},
    version integer not null default 1,
    email text not null,
    user_sid text not null,
    expires timestamptz not null,
    history_id text not null,
    bearer_token text not null,
    topic_name text not null
  )`,
  `create table google_auth_tokens (
    ${base('GT')},
    user_sid text not null references users(sid) on delete cascade
  )`,
  `create table bom_upsert_jobs (
    ${base('BJ')},
    status text not null default 'processing' check (status in ('processing', 'completed', 'failed')),
    bom_sid text references boms(sid) on delete set null,
    line_count integer not null default 0,
    error text,
    payload jsonb not null
  )`,
  `create table idempotency_keys (
    organization_sid text not null references organizations(sid) on delete cascade,
    key text not null,
    method text not null,
    path text not null,
    status integer not null,
    body jsonb,
    created ${ts},
    primary key (organization_sid, key)
  )`,
];

/**
 * The sort keys of the order and item group lists, as the routes write them:
 * a nullable key sorts on a stand-in past every real value, so that rows
 * without one come last in ascending order and keyset pages stay exact.
 * A route's key expression must match its index's expression word for word,
 * so the routes import these; they are part of 0002 and never change.
 */
export const LAST_DATE = "'9999-12-31'::date";
/** U+10FFFF, the largest code point: past every real unique name in the "C" collation. */
export const LAST_TEXT = "U&'\\+10FFFF'";

/** A nullable date sorted with the rows that lack it last (ascending); the 0002 indexes use the same expression. */
export function dateKey(column: string): RawBuilder<string> {
  return sql<string>`coalesce(${sql.ref(column)}, ${sql.raw(LAST_DATE)})`;
}

// Indexes for the workspace filters and sorts of listOrders and listItemGroups.
const listIndexes: string[] = [
  `create index orders_unique_name_key on orders (organization_sid, (coalesce(unique_name, ${LAST_TEXT}) collate "C"), sid)`,
  `create index item_groups_due_key on item_groups (organization_sid, coalesce(due_date, ${LAST_DATE}), sid)`,
  `create index item_groups_ship_key on item_groups (organization_sid, coalesce(ship_date, ${LAST_DATE}), sid)`,
  `create index item_groups_confirmed_page on item_groups (organization_sid, confirmed, created, sid)`,
  `create index item_groups_confirmed_due_key on item_groups (organization_sid, confirmed, coalesce(due_date, ${LAST_DATE}), sid)`,
  // An order's active, undelivered lines by due date (next due date, due date range) and its active lines by confirmation.
  `create index item_groups_order_open_due on item_groups (order_sid, due_date) where status = 'active' and not delivered`,
  `create index item_groups_order_active_confirmed on item_groups (order_sid, confirmed) where status = 'active'`,
  // Open flags by order (an order's hasOpenFlags) and by organization (the flagged item groups).
  `create index flags_order_open on flags (order_sid) where status = 'open'`,
  `create index flags_open_item_group on flags (organization_sid, item_group_sid) where status = 'open'`,
];

// Named table views saved per user (savedViews, an extension).
const savedViews: string[] = [
  `create table saved_views (
    ${base('SV')},
    user_sid text not null references users(sid) on delete cascade,
    page text not null check (page in ('orders', 'schedule')),
    name text not null,
    search text not null default '',
    unique (user_sid, page, name)
  )`,
];

// What the upload job records: rows created, updated and done so far, the
// last chunk written (a restart resumes after it), why a whole file failed,
// and the file's name; logs are listed in row order.
const uploadJobs: string[] = [
  `alter table uploads
    add column row_count_created integer not null default 0,
    add column row_count_updated integer not null default 0,
    add column rows_processed integer not null default 0,
    add column chunks_done integer,
    add column failure_message text,
    add column file_name text`,
  `update uploads set file_name = files.name from files where files.sid = uploads.file_sid`,
  `create index upload_logs_rows on upload_logs (upload_sid, row_number, sid)`,
];

// Why an export failed, for the page to say.
const exportFailures: string[] = [`alter table file_exports add column failure_message text`];

// The file of an upload's rejected rows, written when the upload completes with some.
const uploadRejects: string[] = [`alter table uploads add column rejects_file_sid text`];

// Cheaper bulk writes (a 100,000-row import writes 100,000 item groups and
// 155,000 events): indexes another one already covers go, and the events'
// record indexes keep only the record's sid. Lookups by item use the unique
// (item_sid, unique_name) and (order_sid, unique_name) indexes; due date
// filters use item_groups_due_key; a record's events are few enough to sort.
const writeCost: string[] = [
  `drop index item_groups_item`,
  `drop index items_order`,
  `drop index item_groups_due`,
  `drop index events_order`,
  `drop index events_item`,
  `drop index events_item_group`,
  `create index events_order on events (order_sid)`,
  `create index events_item on events (item_sid)`,
  `create index events_item_group on events (item_group_sid)`,
];

// Cheaper foreign keys for bulk writes, each checked once per row instead of
// three times: an item names its order and organization in one composite key,
// and an item group its item, order and organization, which also says that a
// line belongs to its parent's order and organization. Events lose their
// organization key: they are history the server writes for records it has
// just checked, and organizations are never deleted (the key cost one check
// per event, 155,000 for a 100,000-row import, about a tenth of its time).
const tenantKeys: string[] = [
  `create unique index orders_tenant on orders (sid, organization_sid)`,
  `create unique index items_tenant on items (sid, order_sid, organization_sid)`,
  `alter table items
    drop constraint items_organization_sid_fkey,
    drop constraint items_order_sid_fkey,
    add constraint items_order_fkey foreign key (order_sid, organization_sid)
      references orders (sid, organization_sid) on delete cascade`,
  `alter table item_groups
    drop constraint item_groups_organization_sid_fkey,
    drop constraint item_groups_order_sid_fkey,
    drop constraint item_groups_item_sid_fkey,
    add constraint item_groups_item_fkey foreign key (item_sid, order_sid, organization_sid)
      references items (sid, order_sid, organization_sid) on delete cascade`,
  `alter table events drop constraint events_organization_sid_fkey`,
];

// One index of an order's item groups instead of two: listing an order's
// lines (every status) reads its first column; asking whether an order has
// active lines, or active unconfirmed ones, seeks all three, as the partial
// index did. Each imported line then updates nine indexes instead of ten.
const orderLines: string[] = [
  `drop index item_groups_order_active_confirmed`,
  `drop index item_groups_order`,
  `create index item_groups_order on item_groups (order_sid, status, confirmed)`,
];

// The rows per chunk an upload's import is cut into, stored when it starts, so
// that a run resuming it cuts the file the same way even if the size has
// changed since (an upgrade mid-import); chunks_done counts chunks of this
// size. Imports begun before this column used 1,000 rows.
const uploadChunkRows: string[] = [
  `alter table uploads add column chunk_rows integer check (chunk_rows > 0)`,
  `update uploads set chunk_rows = 1000 where chunks_done is not null`,
];

// Idempotency keys belong to the principal that sent them (a user's session or
// an API key) and to one method and path: another user, role or key never
// gets someone else's answer. The request's body hash tells a retry from a
// different request sent with the same key. Sign-in failures are counted in
// the database, so the limits hold across every process on one PostgreSQL.
const requestGuards: string[] = [
  `delete from idempotency_keys`,
  `alter table idempotency_keys drop constraint idempotency_keys_pkey`,
  `alter table idempotency_keys add column principal text not null`,
  `alter table idempotency_keys add column request_hash text not null`,
  `alter table idempotency_keys add primary key (principal, method, path, key)`,
  `create index idempotency_keys_organization on idempotency_keys (organization_sid)`,
  `create table login_failures (
    key text primary key,
    failures integer not null,
    last_failure timestamptz not null,
    blocked_until timestamptz
  )`,
];

// Secrets every process of one database shares, made by the first one that
// needs them: the key of download links, so a link made by one process opens
// on another.
const appSecrets: string[] = [`create table app_secrets (name text primary key, value text not null)`];

// The runs of an upload's import that started, counted in the database as
// each one starts and before it reads the file: a file that takes the whole
// process down (which no error handler sees) is failed at its fourth start
// instead of taking down every restart after it (upload-import.ts).
const uploadAttempts: string[] = [`alter table uploads add column attempts integer not null default 0`];

// BOM line lists at scale (500 BOMs of 200 lines): the organization's lines
// in page order (a list without a BOM sorted every line); statistics on the
// part a line names (coalesce(mpn, unique_name)), so the planner knows each
// part has a few lines and joins the per-part inventory and quantity on order
// by hash instead of scanning them once per line; and the latest count of a
// part in one index read (its tie-breakers in the key, the count included).
const bomLineLists: string[] = [
  `create index bom_lines_organization_page on bom_lines (organization_sid, created, sid)`,
  `create statistics bom_lines_part on (coalesce(mpn, unique_name)) from bom_lines`,
  `drop index inventory_counts_part`,
  `create index inventory_counts_part on inventory_counts
    (organization_sid, unique_name, recording_date desc, created desc, sid desc) include (count)`,
  `analyze bom_lines`,
];

// Each failed sign-in deletes the counters quiet for a day (login-throttle.ts):
// by their time, not by reading every row, which an attack across many
// accounts would make a large table.
const loginFailuresByTime: string[] = [`create index login_failures_last_failure on login_failures (last_failure)`];

// A file's bytes move to parts of 256 KB (server/db/files.ts), written and
// read one at a time, so a 50 MB file never holds the server in one statement;
// the hash the sid replay of uploads compares is kept with the file. An
// upload's file is written before the transaction that records the upload,
// so PGlite's one connection is not held for the whole file: it is pending
// until then, and a pending file left by a crash is purged.
const fileParts: string[] = [
  `create table file_parts (
    file_sid text not null references files(sid) on delete cascade,
    part integer not null,
    content bytea not null,
    primary key (file_sid, part)
  )`,
  `insert into file_parts (file_sid, part, content)
    select f.sid, p.part, substring(f.content from p.part * 262144 + 1 for 262144)
    from files f cross join lateral generate_series(0, greatest(0, (length(f.content) - 1) / 262144)) as p(part)`,
  `alter table files add column sha256 text`,
  `update files set sha256 = encode(sha256(content), 'hex')`,
  `alter table files alter column sha256 set not null`,
  `alter table files drop column content`,
  `alter table files add column pending boolean not null default false`,
  `create index files_pending on files (created) where pending`,
];

// BOM line lists read each part's figures from a summary instead of the
// inventory counts and item groups: bom_part_stock has, per organization and
// part (a line's MPN, else its unique name), the latest inventory count, the
// quantity on order (active, undelivered item groups of items with that MPN)
// and the number of lines of BOMs not archived (a list's total count is a sum
// over parts); bom_line_stock has each such line's clear to build, indexed for
// the sort (an inventory change rewrites those of the part's lines whose
// clear to build changes). A part without a row has none of these. The part
// rows have no index but their key, and room left on their pages, so that an
// import changing thousands of quantities on order updates them in place (a
// list sorted on a part's figure sorts the organization's parts instead).
//
// Statement triggers on the tables they come from note what changed in a
// temporary table of the session, and one deferred trigger folds it all in at
// commit, under an advisory lock of the organization. So the summary is only
// written at commit, by one transaction at a time, each reading what the ones
// before committed: writers never wait on each other's summary rows (an
// open-order import writes two chunks at once, which share parts) and cannot
// deadlock on them. Item group changes are added as differences; a part whose
// items changed MPN, and a part's latest count, are read again.
const bomStock: string[] = [
  `create table bom_part_stock (
    organization_sid text not null,
    part text not null,
    inventory_quantity bigint not null default 0,
    ordered_quantity numeric not null default 0,
    line_count integer not null default 0,
    primary key (organization_sid, part)
  ) with (fillfactor = 80)`,
  `create table bom_line_stock (
    line_sid text primary key,
    organization_sid text not null,
    bom_sid text not null,
    part text not null,
    required_quantity numeric(21, 6) not null,
    do_not_place boolean not null,
    ctb numeric not null
  )`,
  `create index bom_line_stock_ctb on bom_line_stock (organization_sid, ctb, line_sid)`,
  `create index bom_line_stock_part on bom_line_stock (organization_sid, part, line_sid)`,
  // A BOM's clear to build: the least of its lines that need something and are placed.
  `create index bom_line_stock_bom_ctb on bom_line_stock (bom_sid, ctb) where required_quantity > 0 and not do_not_place`,
  `create index bom_lines_organization_required on bom_lines (organization_sid, required_quantity, sid)`,
  // A line's clear to build as the lists sort it: one that needs nothing limits nothing, so it sorts last.
  `create function bom_stock_ctb(inventory bigint, required numeric) returns numeric
    language sql immutable as $$ select coalesce(floor(inventory::numeric / nullif(required, 0)), 1e30) $$`,

  `create function bom_stock_prepare() returns void language plpgsql as $$
  begin
    if to_regclass('pg_temp.bom_stock_changes') is null then
      -- kind: item (key: item sid, quantity: change on order), moved (item sid, part: its MPN before),
      -- gone (deleted item sid, part: its MPN), count (part), line (line sid), bom (BOM sid).
      create temp table bom_stock_changes (
        organization_sid text not null,
        kind text not null,
        key text not null,
        part text,
        quantity numeric
      ) on commit delete rows;
      create index on pg_temp.bom_stock_changes (key);
      create temp table bom_stock_pending (pending boolean primary key) on commit delete rows;
      create constraint trigger bom_stock_fold after insert on pg_temp.bom_stock_pending
        deferrable initially deferred for each row execute function bom_stock_fold();
    end if;
  end $$`,

  // Each statement planned afresh (execute): a fold may have one change or 100,000, and a plan cached
  // for one would do for the other.
  `create function bom_stock_fold() returns trigger language plpgsql as $$
  declare
    organization text;
  begin
    for organization in select distinct organization_sid from pg_temp.bom_stock_changes order by 1 loop
      perform pg_advisory_xact_lock(hashtext('bom_stock'), hashtext(organization));
    end loop;

    -- Quantity on order: each changed item's difference goes to the part its item names now (or named
    -- when deleted); the parts an item's MPN change touches are summed again instead.
    execute $sql$
    with resummed as (
      select distinct organization_sid, part from pg_temp.bom_stock_changes where kind = 'moved' and part is not null
    ),
    differences as (
      select i.organization_sid, coalesce(it.manufacturer_part_number, g.part) as part, sum(i.quantity) as quantity
      from pg_temp.bom_stock_changes i
      left join items it on it.sid = i.key
      left join pg_temp.bom_stock_changes g on g.kind = 'gone' and g.key = i.key
      where i.kind = 'item'
      group by 1, 2
    )
    insert into bom_part_stock as s (organization_sid, part, ordered_quantity)
    select d.organization_sid, d.part, d.quantity from differences d
    where d.part is not null and d.quantity <> 0
      and not exists (select 1 from resummed r where r.organization_sid = d.organization_sid and r.part = d.part)
    union all
    select r.organization_sid, r.part, (
        select coalesce(sum(ig.quantity), 0) from items it join item_groups ig on ig.item_sid = it.sid
        where it.organization_sid = r.organization_sid and it.manufacturer_part_number = r.part
          and ig.organization_sid = r.organization_sid and ig.status = 'active' and not ig.delivered
      ) - coalesce((
        select s.ordered_quantity from bom_part_stock s where s.organization_sid = r.organization_sid and s.part = r.part
      ), 0)
    from resummed r
    on conflict (organization_sid, part) do update set ordered_quantity = s.ordered_quantity + excluded.ordered_quantity
    $sql$;

    -- Inventory: the latest count of each part counted (in the order the single-line read uses), and the
    -- clear to build of the part's lines with it.
    execute $sql$
    with latest as (
      select p.organization_sid, p.part, coalesce((
        select ic.count from inventory_counts ic
        where ic.organization_sid = p.organization_sid and ic.unique_name = p.part
        order by ic.recording_date desc, ic.created desc, ic.sid desc
        limit 1), 0) as quantity
      from (select distinct organization_sid, key as part from pg_temp.bom_stock_changes where kind = 'count') p
    ),
    changed as (
      insert into bom_part_stock as s (organization_sid, part, inventory_quantity)
      select organization_sid, part, quantity from latest
      on conflict (organization_sid, part) do update set inventory_quantity = excluded.inventory_quantity
        where s.inventory_quantity <> excluded.inventory_quantity
      returning s.organization_sid, s.part, s.inventory_quantity
    )
    update bom_line_stock s set ctb = bom_stock_ctb(c.inventory_quantity, s.required_quantity)
    from changed c
    where s.organization_sid = c.organization_sid and s.part = c.part
      and s.ctb <> bom_stock_ctb(c.inventory_quantity, s.required_quantity)
    $sql$;

    -- Lines: the rows of each changed line (and of every line of a BOM archived or brought back) go, and
    -- those of the lines listed now come back; each moves its part's line count.
    execute $sql$
    with staged as (
      select key as sid from pg_temp.bom_stock_changes where kind = 'line'
      union
      select s.line_sid from bom_line_stock s join pg_temp.bom_stock_changes b on b.kind = 'bom' and s.bom_sid = b.key
    ),
    was_listed as (
      delete from bom_line_stock s using staged st where s.line_sid = st.sid
      returning s.organization_sid, s.part
    )
    insert into bom_part_stock as p (organization_sid, part, line_count)
    select organization_sid, part, -count(*) from was_listed
    group by organization_sid, part
    on conflict (organization_sid, part) do update set line_count = p.line_count + excluded.line_count
    $sql$;
    execute $sql$
    with staged as (
      select key as sid from pg_temp.bom_stock_changes where kind = 'line'
      union
      select l.sid from bom_lines l join pg_temp.bom_stock_changes b on b.kind = 'bom' and l.bom_sid = b.key
    ),
    now_listed as (
      select l.sid, l.organization_sid, l.bom_sid, coalesce(l.mpn, l.unique_name) as part, l.required_quantity, l.do_not_place
      from staged st join bom_lines l on l.sid = st.sid join boms b on b.sid = l.bom_sid
      where b.archived is null
    ),
    counted as (
      insert into bom_part_stock as p (organization_sid, part, line_count)
      select organization_sid, part, count(*) from now_listed
      group by organization_sid, part
      on conflict (organization_sid, part) do update set line_count = p.line_count + excluded.line_count
    )
    insert into bom_line_stock (line_sid, organization_sid, bom_sid, part, required_quantity, do_not_place, ctb)
    select n.sid, n.organization_sid, n.bom_sid, n.part, n.required_quantity, n.do_not_place,
      bom_stock_ctb(coalesce(p.inventory_quantity, 0), n.required_quantity)
    from now_listed n
    left join bom_part_stock p on p.organization_sid = n.organization_sid and p.part = n.part
    $sql$;

    -- Emptied here too, not only at commit: a fold run early (set constraints) leaves none for the next one.
    delete from pg_temp.bom_stock_changes;
    delete from pg_temp.bom_stock_pending;
    return null;
  end $$`,

  `create function bom_stock_item_groups() returns trigger language plpgsql as $$
  begin
    perform bom_stock_prepare();
    if tg_op = 'INSERT' then
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key, quantity)
      select organization_sid, 'item', item_sid, sum(quantity) from new_rows
      where status = 'active' and not delivered
      group by organization_sid, item_sid;
    elsif tg_op = 'UPDATE' then
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key, quantity)
      select organization_sid, 'item', item_sid, sum(quantity) from (
        select organization_sid, item_sid, quantity from new_rows where status = 'active' and not delivered
        union all
        select organization_sid, item_sid, -quantity from old_rows where status = 'active' and not delivered
      ) g
      group by organization_sid, item_sid
      having sum(quantity) <> 0;
    else
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key, quantity)
      select organization_sid, 'item', item_sid, -sum(quantity) from old_rows
      where status = 'active' and not delivered
      group by organization_sid, item_sid;
    end if;
    if found then
      insert into pg_temp.bom_stock_pending values (true) on conflict do nothing;
    end if;
    return null;
  end $$`,

  `create function bom_stock_items() returns trigger language plpgsql as $$
  begin
    perform bom_stock_prepare();
    if tg_op = 'UPDATE' then
      -- An item whose MPN changed has two distinct rows here, one per MPN: both parts are summed again.
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key, part)
      select organization_sid, 'moved', sid, manufacturer_part_number from (
        select organization_sid, sid, manufacturer_part_number, count(*) over (partition by sid) as versions
        from (
          select organization_sid, sid, manufacturer_part_number from old_rows
          union
          select organization_sid, sid, manufacturer_part_number from new_rows
        ) u
      ) v
      where versions > 1;
    else
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key, part)
      select organization_sid, 'gone', sid, manufacturer_part_number from old_rows
      where manufacturer_part_number is not null;
    end if;
    if found then
      insert into pg_temp.bom_stock_pending values (true) on conflict do nothing;
    end if;
    return null;
  end $$`,

  `create function bom_stock_inventory_counts() returns trigger language plpgsql as $$
  begin
    perform bom_stock_prepare();
    if tg_op = 'INSERT' then
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select distinct organization_sid, 'count', unique_name from new_rows;
    elsif tg_op = 'UPDATE' then
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select organization_sid, 'count', unique_name from new_rows
      union
      select organization_sid, 'count', unique_name from old_rows;
    else
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select distinct organization_sid, 'count', unique_name from old_rows;
    end if;
    if found then
      insert into pg_temp.bom_stock_pending values (true) on conflict do nothing;
    end if;
    return null;
  end $$`,

  `create function bom_stock_bom_lines() returns trigger language plpgsql as $$
  begin
    perform bom_stock_prepare();
    if tg_op = 'INSERT' then
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select organization_sid, 'line', sid from new_rows;
    elsif tg_op = 'UPDATE' then
      -- A line whose part, quantity, placement or BOM changed has two distinct rows here.
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select organization_sid, 'line', sid from (
        select organization_sid, sid, mpn, unique_name, required_quantity, do_not_place, bom_sid from old_rows
        union
        select organization_sid, sid, mpn, unique_name, required_quantity, do_not_place, bom_sid from new_rows
      ) u
      group by organization_sid, sid
      having count(*) > 1;
    else
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select organization_sid, 'line', sid from old_rows;
    end if;
    if found then
      insert into pg_temp.bom_stock_pending values (true) on conflict do nothing;
    end if;
    return null;
  end $$`,

  `create function bom_stock_boms() returns trigger language plpgsql as $$
  begin
    perform bom_stock_prepare();
    insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
    select organization_sid, 'bom', sid from (
      select organization_sid, sid, archived is null as listed from old_rows
      union
      select organization_sid, sid, archived is null from new_rows
    ) u
    group by organization_sid, sid
    having count(*) > 1;
    if found then
      insert into pg_temp.bom_stock_pending values (true) on conflict do nothing;
    end if;
    return null;
  end $$`,

  // A deleted BOM's lines go by cascade, which the bom_lines triggers see.
  ...(['insert', 'update', 'delete'] as const).flatMap((op) => {
    const rows = { insert: 'new table as new_rows', update: 'old table as old_rows new table as new_rows' };
    const on = (table: string, fn: string) =>
      `create trigger ${fn}_${op} after ${op} on ${table}
        referencing ${op === 'delete' ? 'old table as old_rows' : rows[op]}
        for each statement execute function ${fn}()`;
    return [
      on('item_groups', 'bom_stock_item_groups'),
      on('inventory_counts', 'bom_stock_inventory_counts'),
      on('bom_lines', 'bom_stock_bom_lines'),
      ...(op === 'insert' ? [] : [on('items', 'bom_stock_items')]),
      ...(op === 'update' ? [on('boms', 'bom_stock_boms')] : []),
    ];
  }),

  // What the triggers keep from now on, as it is now.
  `insert into bom_part_stock (organization_sid, part, inventory_quantity, ordered_quantity, line_count)
  select organization_sid, part, sum(inventory_quantity), sum(ordered_quantity), sum(line_count) from (
    (select distinct on (organization_sid, unique_name) organization_sid, unique_name as part,
      count as inventory_quantity, 0 as ordered_quantity, 0 as line_count
    from inventory_counts
    order by organization_sid, unique_name, recording_date desc, created desc, sid desc)
  union all
    select it.organization_sid, it.manufacturer_part_number, 0, sum(ig.quantity), 0
    from items it join item_groups ig on ig.item_sid = it.sid
    where ig.organization_sid = it.organization_sid and ig.status = 'active' and not ig.delivered
      and it.manufacturer_part_number is not null
    group by it.organization_sid, it.manufacturer_part_number
  union all
    select l.organization_sid, coalesce(l.mpn, l.unique_name), 0, 0, count(*)
    from bom_lines l join boms b on b.sid = l.bom_sid
    where b.archived is null
    group by l.organization_sid, coalesce(l.mpn, l.unique_name)
  ) figures
  group by organization_sid, part`,
  `insert into bom_line_stock (line_sid, organization_sid, bom_sid, part, required_quantity, do_not_place, ctb)
  select l.sid, l.organization_sid, l.bom_sid, coalesce(l.mpn, l.unique_name), l.required_quantity, l.do_not_place,
    bom_stock_ctb(coalesce(p.inventory_quantity, 0), l.required_quantity)
  from bom_lines l join boms b on b.sid = l.bom_sid
  left join bom_part_stock p on p.organization_sid = l.organization_sid and p.part = coalesce(l.mpn, l.unique_name)
  where b.archived is null`,
  `analyze bom_part_stock, bom_line_stock, bom_lines`,
];

// The answer a user gave for a date column whose values read either way
// (03/04/2026): saved with the column's mapping, used by every later import.
const mappedFieldDateOrder: string[] = [
  `alter table mapped_fields add column date_order text check (date_order in ('dayFirst', 'monthFirst'))`,
];

// The sheet of a workbook an uploader chose in the preview (sheetName).
const uploadSheetName: string[] = [`alter table uploads add column sheet_name text`];

// A BOM line without MPN keeps the value and footprint that name its part.
const bomLineValue: string[] = [
  `alter table bom_lines add column value text`,
  `alter table bom_lines add column footprint text`,
];

// A vendor's code in the buyer's ERP (V001): imports match vendors by it.
const vendorCode: string[] = [
  `alter table vendors add column code text`,
  `create unique index vendors_code on vendors (organization_sid, code) where code is not null`,
];

// The follow-up engine: one tracker per open line (a default-cadence tracker
// has no cadence), update requests that bundle an order's lines, the lines of
// each (their due time is the key that stops a restarted run from sending one
// twice), the outbox that emails go through, the organization's working week,
// pauses and cadences per order and vendor, flags that know their cause, and
// the clock offset a demo or an end-to-end test may move (never in production).
/** A development setup moves one organization's follow-up clock, so tests and demos in one database do not move each other's. */
const organizationClock: string[] = [
  `alter table organization_settings add column clock_offset_days integer not null default 0
    check (clock_offset_days between 0 and 400)`,
  // Who asked for an update request now; null when the cadence sent it.
  `alter table update_requests add column requested_by_user_sid text`,
  // Requests written through the API before they named their order: the list filters and shows them by it.
  `update update_requests ur set order_sid = g.order_sid from item_groups g
    where ur.order_sid is null and g.sid = ur.item_group_sid`,
  `update update_requests ur set vendor_sid = o.vendor_sid from orders o
    where ur.vendor_sid is null and o.sid = ur.order_sid`,
];

const followUp: string[] = [
  `alter table cadence_trackers alter column cadence_sid drop not null`,
  `alter table cadence_trackers add column reminder_at timestamptz`,
  `alter table cadence_trackers add column first_unanswered_at timestamptz`,
  `alter table cadence_trackers add column last_answer_at timestamptz`,
  `alter table cadence_trackers add column state text not null default 'active' check (state in ('active', 'ended'))`,
  `alter table cadence_trackers add column state_since ${ts}`,
  `create index cadence_trackers_next on cadence_trackers (next_update_date) where state = 'active'`,
  `create index cadence_trackers_reminder on cadence_trackers (reminder_at) where state = 'active' and reminder_at is not null`,
  `alter table update_requests alter column item_group_sid drop not null`,
  `alter table update_requests add column order_sid text references orders(sid) on delete cascade`,
  `alter table update_requests add column vendor_sid text references vendors(sid) on delete set null`,
  `alter table update_requests add column status text not null default 'sent' check (status in ('sent', 'reminded', 'answered', 'skipped'))`,
  `alter table update_requests add column skip_reason text`,
  `alter table update_requests add column recipients text[] not null default '{}'`,
  `alter table update_requests add column requested_by text not null default 'user' check (requested_by in ('engine', 'user'))`,
  `alter table update_requests add column answered timestamptz`,
  `create index update_requests_order on update_requests (order_sid, created)`,
  `create table update_request_lines (
    update_request_sid text not null references update_requests(sid) on delete cascade,
    item_group_sid text not null references item_groups(sid) on delete cascade,
    kind text not null check (kind in ('request', 'reminder')),
    due_at timestamptz not null,
    primary key (update_request_sid, item_group_sid),
    unique (item_group_sid, kind, due_at)
  )`,
  `create table outbox_emails (
    ${base('EM')},
    update_request_sid text references update_requests(sid) on delete cascade,
    kind text not null,
    to_address text not null,
    reply_to text,
    subject text not null,
    text_body text not null,
    html_body text not null,
    headers jsonb not null default '{}',
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz,
    last_error text,
    sent timestamptz
  )`,
  `create index outbox_emails_page on outbox_emails (organization_sid, created, sid)`,
  `create index outbox_emails_pending on outbox_emails (created) where status = 'pending'`,
  `alter table organization_settings add column business_weekdays integer[] not null default '{1,2,3,4,5}'`,
  `alter table organization_settings add column sender_name text`,
  `alter table organization_settings add column reply_to text`,
  `alter table orders add column follow_up_paused boolean not null default false`,
  `alter table orders add column cadence_sid text references cadences(sid) on delete set null`,
  `alter table vendors add column follow_up_paused boolean not null default false`,
  `alter table vendors add column cadence_sid text references cadences(sid) on delete set null`,
  `alter table organization_settings add column cadence_sid text references cadences(sid) on delete set null`,
  `alter table flags add column cause text`,
  `alter table flags add column event_sid text`,
  `alter table flags add column note text`,
  `alter table flags add column resolved timestamptz`,
  `create unique index flags_one_open on flags (item_group_sid, type) where status = 'open'`,
  `create table app_clock (
    id boolean primary key default true check (id),
    offset_ms bigint not null default 0
  )`,
];

// Cadence transitions that fired, once per tracker state (the state a tracker
// entered when it started or last switched cadence), and the webhook calls of
// those that call one: the delivery id is the row's sid, the same on every
// retry, and a transition fires once per line and state, so a run redone
// delivers nothing twice. The relay picks pending deliveries that are due.
const transitionsWebhooks: string[] = [
  `create table cadence_transition_firings (
    tracker_sid text not null references cadence_trackers(sid) on delete cascade,
    transition_sid text not null,
    state_since timestamptz not null,
    fired timestamptz not null,
    primary key (tracker_sid, transition_sid, state_since)
  )`,
  `create table webhook_deliveries (
    ${base('WH')},
    transition_sid text,
    item_group_sid text,
    state_since timestamptz not null,
    url text not null,
    body jsonb not null,
    status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts integer not null default 0,
    last_status_code integer,
    last_error text,
    next_attempt_at timestamptz,
    first_attempt_at timestamptz,
    delivered timestamptz,
    unique (transition_sid, item_group_sid, state_since)
  )`,
  `create index webhook_deliveries_due on webhook_deliveries (status, next_attempt_at)`,
  `create index webhook_deliveries_page on webhook_deliveries (organization_sid, created, sid)`,
];

/**
 * A vendor's answer that it cannot supply a line, with its reason: it stands on the line until the vendor
 * answers otherwise (a confirmation, a date) or the buyer clears it, and raises a Cannot Supply flag.
 */
const cannotSupply: string[] = [
  `alter table item_groups add column cannot_supply boolean not null default false`,
  `alter table item_groups add column cannot_supply_reason text`,
  `alter table flags drop constraint flags_type_check`,
  `alter table flags add constraint flags_type_check
    check (type in ('newDelay', 'pastDue', 'unresponsiveVendor', 'directReply', 'cannotSupply'))`,
];

/** When a vendor last changed a line (an answer, a split), for the buyer's "changed by the vendor" marker. */
const vendorChangedAt: string[] = [`alter table item_groups add column vendor_changed_at timestamptz`];

/**
 * Approval mode: a vendor's new dates and splits wait as proposals for a buyer's decision (at most one pending per
 * line). And a vendor contact serving several buying organizations: a session reads one of them at a time, and a
 * vendor link token opens the organization it was sent for.
 */
const approvalMode: string[] = [
  `alter table organization_settings add column vendor_changes_need_approval boolean not null default false`,
  `alter table sessions add column organization_sid text references organizations(sid) on delete cascade`,
  `alter table vendor_link_tokens add column organization_sid text references organizations(sid) on delete cascade`,
  `create table item_group_proposals (
    ${base('PR')},
    item_group_sid text not null references item_groups(sid) on delete cascade,
    item_sid text not null,
    order_sid text not null,
    vendor_sid text,
    kind text not null check (kind in ('dates', 'split')),
    status text not null check (status in ('pending', 'accepted', 'rejected', 'superseded', 'applied')),
    ship_date date,
    delivery_date date,
    shipments jsonb,
    reason text,
    base_version integer not null,
    before jsonb not null,
    proposed_by_sid text not null,
    proposed_by_name text not null,
    decided_by_sid text,
    decided_by_name text,
    decided timestamptz,
    decision_reason text
  )`,
  `create index item_group_proposals_page on item_group_proposals (organization_sid, created desc, sid desc)`,
  `create unique index item_group_proposals_one_pending on item_group_proposals (item_group_sid) where status = 'pending'`,
];

// The follow-up engine writes thousands of emails a run, each about 3 KB (text and HTML). PostgreSQL compresses a row
// over 2 KB and moves its bodies to a side table; an email row that fits a page stays whole and uncompressed.
const outboxRowsInline: string[] = [`alter table outbox_emails set (toast_tuple_target = 8160)`];

// The follow-up run's flags follow time and change. Time moves a line's flags in few ways (its due date passes, a
// request goes unanswered), and a change to a line's dates, delivery, status or supply is marked here, by the
// database itself whichever code writes it: a run looks at those lines only, not at every line past due.
// BOM list figures match parts as the forecast does (server/domain/bom/forecast.ts normalizePartNumber): case,
// spaces and dashes ignored. part_key is that rule in SQL; bom_part_stock is keyed by it, a part's inventory is
// its latest count under any spelling, and its quantity on order sums the items of every spelling. The fold and
// the triggers that feed it are those of 0017 with part_key applied, and the figures are rebuilt.
const bomStockPartKeys: string[] = [
  `create function part_key(part text) returns text language sql immutable parallel safe
    as $$ select upper(regexp_replace(part, '[[:space:]-]+', '', 'g')) $$`,
  `create index items_part_key on items (organization_sid, part_key(manufacturer_part_number))`,
  `create index inventory_counts_part_key on inventory_counts
    (organization_sid, part_key(unique_name), recording_date desc, created desc, sid desc)`,
  `create or replace function bom_stock_fold() returns trigger language plpgsql as $$
  declare
    organization text;
  begin
    for organization in select distinct organization_sid from pg_temp.bom_stock_changes order by 1 loop
      perform pg_advisory_xact_lock(hashtext('bom_stock'), hashtext(organization));
    end loop;

    -- Quantity on order: each changed item's difference goes to the part its item names now (or named
    -- when deleted); the parts an item's MPN change touches are summed again instead.
    execute $sql$
    with resummed as (
      select distinct organization_sid, part from pg_temp.bom_stock_changes where kind = 'moved' and part is not null
    ),
    differences as (
      select i.organization_sid, coalesce(part_key(it.manufacturer_part_number), g.part) as part, sum(i.quantity) as quantity
      from pg_temp.bom_stock_changes i
      left join items it on it.sid = i.key
      left join pg_temp.bom_stock_changes g on g.kind = 'gone' and g.key = i.key
      where i.kind = 'item'
      group by 1, 2
    )
    insert into bom_part_stock as s (organization_sid, part, ordered_quantity)
    select d.organization_sid, d.part, d.quantity from differences d
    where d.part is not null and d.quantity <> 0
      and not exists (select 1 from resummed r where r.organization_sid = d.organization_sid and r.part = d.part)
    union all
    select r.organization_sid, r.part, (
        select coalesce(sum(ig.quantity), 0) from items it join item_groups ig on ig.item_sid = it.sid
        where it.organization_sid = r.organization_sid and part_key(it.manufacturer_part_number) = r.part
          and ig.organization_sid = r.organization_sid and ig.status = 'active' and not ig.delivered
      ) - coalesce((
        select s.ordered_quantity from bom_part_stock s where s.organization_sid = r.organization_sid and s.part = r.part
      ), 0)
    from resummed r
    on conflict (organization_sid, part) do update set ordered_quantity = s.ordered_quantity + excluded.ordered_quantity
    $sql$;

    -- Inventory: the latest count of each part counted (in the order the single-line read uses), and the
    -- clear to build of the part's lines with it.
    execute $sql$
    with latest as (
      select p.organization_sid, p.part, coalesce((
        select ic.count from inventory_counts ic
        where ic.organization_sid = p.organization_sid and part_key(ic.unique_name) = p.part
        order by ic.recording_date desc, ic.created desc, ic.sid desc
        limit 1), 0) as quantity
      from (select distinct organization_sid, key as part from pg_temp.bom_stock_changes where kind = 'count') p
    ),
    changed as (
      insert into bom_part_stock as s (organization_sid, part, inventory_quantity)
      select organization_sid, part, quantity from latest
      on conflict (organization_sid, part) do update set inventory_quantity = excluded.inventory_quantity
        where s.inventory_quantity <> excluded.inventory_quantity
      returning s.organization_sid, s.part, s.inventory_quantity
    )
    update bom_line_stock s set ctb = bom_stock_ctb(c.inventory_quantity, s.required_quantity)
    from changed c
    where s.organization_sid = c.organization_sid and s.part = c.part
      and s.ctb <> bom_stock_ctb(c.inventory_quantity, s.required_quantity)
    $sql$;

    -- Lines: the rows of each changed line (and of every line of a BOM archived or brought back) go, and
    -- those of the lines listed now come back; each moves its part's line count.
    execute $sql$
    with staged as (
      select key as sid from pg_temp.bom_stock_changes where kind = 'line'
      union
      select s.line_sid from bom_line_stock s join pg_temp.bom_stock_changes b on b.kind = 'bom' and s.bom_sid = b.key
    ),
    was_listed as (
      delete from bom_line_stock s using staged st where s.line_sid = st.sid
      returning s.organization_sid, s.part
    )
    insert into bom_part_stock as p (organization_sid, part, line_count)
    select organization_sid, part, -count(*) from was_listed
    group by organization_sid, part
    on conflict (organization_sid, part) do update set line_count = p.line_count + excluded.line_count
    $sql$;
    execute $sql$
    with staged as (
      select key as sid from pg_temp.bom_stock_changes where kind = 'line'
      union
      select l.sid from bom_lines l join pg_temp.bom_stock_changes b on b.kind = 'bom' and l.bom_sid = b.key
    ),
    now_listed as (
      select l.sid, l.organization_sid, l.bom_sid, part_key(coalesce(l.mpn, l.unique_name)) as part, l.required_quantity, l.do_not_place
      from staged st join bom_lines l on l.sid = st.sid join boms b on b.sid = l.bom_sid
      where b.archived is null
    ),
    counted as (
      insert into bom_part_stock as p (organization_sid, part, line_count)
      select organization_sid, part, count(*) from now_listed
      group by organization_sid, part
      on conflict (organization_sid, part) do update set line_count = p.line_count + excluded.line_count
    )
    insert into bom_line_stock (line_sid, organization_sid, bom_sid, part, required_quantity, do_not_place, ctb)
    select n.sid, n.organization_sid, n.bom_sid, n.part, n.required_quantity, n.do_not_place,
      bom_stock_ctb(coalesce(p.inventory_quantity, 0), n.required_quantity)
    from now_listed n
    left join bom_part_stock p on p.organization_sid = n.organization_sid and p.part = n.part
    $sql$;

    -- Emptied here too, not only at commit: a fold run early (set constraints) leaves none for the next one.
    delete from pg_temp.bom_stock_changes;
    delete from pg_temp.bom_stock_pending;
    return null;
  end $$`,

  `create or replace function bom_stock_items() returns trigger language plpgsql as $$
  begin
    perform bom_stock_prepare();
    if tg_op = 'UPDATE' then
      -- An item whose part changed has two distinct rows here, one per part: both parts are summed again.
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key, part)
      select organization_sid, 'moved', sid, part from (
        select organization_sid, sid, part, count(*) over (partition by sid) as versions
        from (
          select organization_sid, sid, part_key(manufacturer_part_number) as part from old_rows
          union
          select organization_sid, sid, part_key(manufacturer_part_number) from new_rows
        ) u
      ) v
      where versions > 1;
    else
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key, part)
      select organization_sid, 'gone', sid, part_key(manufacturer_part_number) from old_rows
      where manufacturer_part_number is not null;
    end if;
    if found then
      insert into pg_temp.bom_stock_pending values (true) on conflict do nothing;
    end if;
    return null;
  end $$`,

  `create or replace function bom_stock_inventory_counts() returns trigger language plpgsql as $$
  begin
    perform bom_stock_prepare();
    if tg_op = 'INSERT' then
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select distinct organization_sid, 'count', part_key(unique_name) from new_rows;
    elsif tg_op = 'UPDATE' then
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select organization_sid, 'count', part_key(unique_name) from new_rows
      union
      select organization_sid, 'count', part_key(unique_name) from old_rows;
    else
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select distinct organization_sid, 'count', part_key(unique_name) from old_rows;
    end if;
    if found then
      insert into pg_temp.bom_stock_pending values (true) on conflict do nothing;
    end if;
    return null;
  end $$`,

  `delete from bom_line_stock`,
  `delete from bom_part_stock`,
  `insert into bom_part_stock (organization_sid, part, inventory_quantity, ordered_quantity, line_count)
  select organization_sid, part, sum(inventory_quantity), sum(ordered_quantity), sum(line_count) from (
    (select distinct on (organization_sid, part_key(unique_name)) organization_sid, part_key(unique_name) as part,
      count as inventory_quantity, 0 as ordered_quantity, 0 as line_count
    from inventory_counts
    order by organization_sid, part_key(unique_name), recording_date desc, created desc, sid desc)
  union all
    select it.organization_sid, part_key(it.manufacturer_part_number), 0, sum(ig.quantity), 0
    from items it join item_groups ig on ig.item_sid = it.sid
    where ig.organization_sid = it.organization_sid and ig.status = 'active' and not ig.delivered
      and it.manufacturer_part_number is not null
    group by it.organization_sid, part_key(it.manufacturer_part_number)
  union all
    select l.organization_sid, part_key(coalesce(l.mpn, l.unique_name)), 0, 0, count(*)
    from bom_lines l join boms b on b.sid = l.bom_sid
    where b.archived is null
    group by l.organization_sid, part_key(coalesce(l.mpn, l.unique_name))
  ) parts
  group by organization_sid, part`,
  `insert into bom_line_stock (line_sid, organization_sid, bom_sid, part, required_quantity, do_not_place, ctb)
  select l.sid, l.organization_sid, l.bom_sid, part_key(coalesce(l.mpn, l.unique_name)), l.required_quantity,
    l.do_not_place, bom_stock_ctb(coalesce(p.inventory_quantity, 0), l.required_quantity)
  from bom_lines l
  join boms b on b.sid = l.bom_sid and b.archived is null
  left join bom_part_stock p on p.organization_sid = l.organization_sid and p.part = part_key(coalesce(l.mpn, l.unique_name))`,
  `analyze bom_part_stock, bom_line_stock, items, inventory_counts`,
];

// Order lines a buyer linked to a BOM line by hand (linked), or said do not supply it though their MPN
// matches (not linked): server/domain/bom/supply-links.ts applies them to what the forecast reads.
const bomSupplyLinks: string[] = [
  `create table bom_supply_links (
    organization_sid text not null references organizations(sid) on delete cascade,
    bom_line_sid text not null references bom_lines(sid) on delete cascade,
    item_group_sid text not null references item_groups(sid) on delete cascade,
    linked boolean not null,
    created timestamptz not null default now(),
    created_by text,
    primary key (bom_line_sid, item_group_sid)
  )`,
  `create index bom_supply_links_item_group on bom_supply_links (item_group_sid)`,
];

const messageThreads: string[] = [
  // Who wrote a message, by role when written: staff read the vendors' side as replies, vendors the staff's. Null:
  // an email from outside the organization's users.
  `alter table messages add column author_role text`,
  `update messages m set author_role = u.role from users u where u.sid = m.author_sid`,
  `create index messages_organization_created on messages (organization_sid, created, sid)`,
  `create table message_reads (
    user_sid text not null references users(sid) on delete cascade,
    message_sid text not null references messages(sid) on delete cascade,
    read_at timestamptz not null,
    primary key (user_sid, message_sid)
  )`,
  `create index message_reads_message on message_reads (message_sid)`,
  // A file sent with a message: uploaded first (message_sid null, its file pending), then posted with the message.
  `create table message_attachments (
    sid text primary key,
    organization_sid text not null references organizations(sid) on delete cascade,
    message_sid text references messages(sid) on delete cascade,
    file_sid text not null references files(sid) on delete cascade,
    uploaded_by text not null,
    created timestamptz not null
  )`,
  `create index message_attachments_message on message_attachments (message_sid)`,
  `create index message_attachments_file on message_attachments (file_sid)`,
];

const messageNotices: string[] = [
  // The message an email tells of: a reply to that email (In-Reply-To) belongs to its conversation.
  `alter table outbox_emails add column message_sid text references messages(sid) on delete set null`,
  `create index outbox_emails_message on outbox_emails (message_sid) where message_sid is not null`,
];

const apiKeyScope: string[] = [
  // A read key makes GET requests only; when a key was last used, to the minute.
  `alter table api_keys add column scope text not null default 'readWrite' check (scope in ('read', 'readWrite'))`,
  `alter table api_keys add column last_used timestamptz`,
];

const organizationLogo: string[] = [
  // The uploaded logo's file: only a file named here is served at /logos/<file sid>, to anyone (emails show it).
  `alter table organizations add column logo_file_sid text references files(sid) on delete set null`,
];

const userAdministration: string[] = [
  // A deactivated account cannot sign in, and its sessions and API keys stop working.
  `alter table users add column deactivated timestamptz`,
  // An invitation's single-use link: it sets the password of an account made without one.
  `create table user_invites (
    token_hash text primary key,
    user_sid text not null references users(sid) on delete cascade,
    expires timestamptz not null,
    used timestamptz
  )`,
  `create index user_invites_user on user_invites (user_sid)`,
];

const embedScope: string[] = [
  // What an embed token is held to beyond its view: one record (an order, a BOM), one vendor's lines.
  `alter table sessions add column embed_record_sid text`,
  `alter table sessions add column embed_vendor_sid text`,
];

const inboundReplies: string[] = [
  // A raw email received: matched to the message it became, or held with its reason (JSON ones stay 'stored').
  `alter table inbound_emails add column status text not null default 'stored'`,
  `alter table inbound_emails add column hold_reason text`,
  `alter table inbound_emails add column message_sid text references messages(sid) on delete set null`,
  `create index inbound_emails_held on inbound_emails (organization_sid, created) where status = 'held'`,
];

const flagChecks: string[] = [
  `create sequence flag_checks_marked`,
  `create table flag_checks (
    item_group_sid text primary key,
    organization_sid text not null,
    marked bigint not null
  )`,
  `create index flag_checks_organization on flag_checks (organization_sid)`,
  // The day an organization's flags were last brought up to date; none: the next run checks every line.
  `create table flag_check_days (
    organization_sid text primary key references organizations(sid) on delete cascade,
    checked_on date not null
  )`,
  `create function mark_inserted_flag_checks() returns trigger language plpgsql as $$
  begin
    insert into flag_checks (item_group_sid, organization_sid, marked)
    select sid, organization_sid, nextval('flag_checks_marked') from inserted_lines
    on conflict (item_group_sid) do update set marked = excluded.marked;
    return null;
  end $$`,
  `create trigger item_groups_flag_checks_inserted after insert on item_groups
    referencing new table as inserted_lines for each statement execute function mark_inserted_flag_checks()`,
  `create function mark_updated_flag_checks() returns trigger language plpgsql as $$
  begin
    insert into flag_checks (item_group_sid, organization_sid, marked)
    select n.sid, n.organization_sid, nextval('flag_checks_marked')
    from lines_after n join lines_before o on o.sid = n.sid
    where (n.due_date, n.ship_date, n.estimated_arrival_date, n.delivery_date, n.delivered, n.status, n.cannot_supply,
        n.cannot_supply_reason)
      is distinct from (o.due_date, o.ship_date, o.estimated_arrival_date, o.delivery_date, o.delivered, o.status,
        o.cannot_supply, o.cannot_supply_reason)
    on conflict (item_group_sid) do update set marked = excluded.marked;
    return null;
  end $$`,
  `create trigger item_groups_flag_checks_updated after update on item_groups
    referencing old table as lines_before new table as lines_after for each statement
    execute function mark_updated_flag_checks()`,
];

// An item's part as parts are matched (part_key of its MPN), kept on the row: the forecast and the BOM figures
// look items up by it, and computing it for every item of an organization on each read (25,000 regular
// expressions) cost the forecast more than the rest of its query. It replaces the expression index of 0031.
const itemsPartKey: string[] = [
  `alter table items add column mpn_key text generated always as (part_key(manufacturer_part_number)) stored`,
  `create index items_mpn_key on items (organization_sid, mpn_key)`,
  `drop index items_part_key`,
  `analyze items`,
];

// A BOM line's alternative MPNs count in the list figures as they do in the forecast (server/domain/bom/forecast.ts):
// a line draws on each of its parts (its MPN, else its unique name, and its alternatives, by part_key, each once),
// so its inventory and quantity on order are sums over them, kept on bom_line_stock beside its clear to build.
// bom_line_parts lists each listed line's parts; the fold marks the parts whose figures changed and sums again the
// lines that draw on them. A part's line_count still counts the lines whose own part it is (a list's total).
const bomLineAlternatives: string[] = [
  `create function bom_line_part_keys(mpn text, unique_name text, alternatives text[]) returns setof text
    language sql immutable parallel safe
    as $$ select distinct part_key(p) from unnest(array[coalesce(mpn, unique_name)] || alternatives) as p
      where part_key(p) <> '' $$`,
  `create table bom_line_parts (
    line_sid text not null,
    organization_sid text not null,
    part text not null,
    primary key (line_sid, part)
  )`,
  `create index bom_line_parts_part on bom_line_parts (organization_sid, part, line_sid)`,
  `alter table bom_line_stock add column inventory_quantity bigint not null default 0`,
  `alter table bom_line_stock add column ordered_quantity numeric not null default 0`,
  `create index bom_line_stock_inventory on bom_line_stock (organization_sid, inventory_quantity, line_sid)`,
  `create index bom_line_stock_ordered on bom_line_stock (organization_sid, ordered_quantity, line_sid)`,
  `create or replace function bom_stock_fold() returns trigger language plpgsql as $$
  declare
    organization text;
  begin
    for organization in select distinct organization_sid from pg_temp.bom_stock_changes order by 1 loop
      perform pg_advisory_xact_lock(hashtext('bom_stock'), hashtext(organization));
    end loop;

    -- Quantity on order: each changed item's difference goes to the part its item names now (or named
    -- when deleted); the parts an item's MPN change touches are summed again instead. Each part changed is
    -- noted (kind part) for the lines that draw on it.
    execute $sql$
    with resummed as (
      select distinct organization_sid, part from pg_temp.bom_stock_changes where kind = 'moved' and part is not null
    ),
    differences as (
      select i.organization_sid, coalesce(it.mpn_key, g.part) as part, sum(i.quantity) as quantity
      from pg_temp.bom_stock_changes i
      left join items it on it.sid = i.key
      left join pg_temp.bom_stock_changes g on g.kind = 'gone' and g.key = i.key
      where i.kind = 'item'
      group by 1, 2
    ),
    changed as (
      insert into bom_part_stock as s (organization_sid, part, ordered_quantity)
      select d.organization_sid, d.part, d.quantity from differences d
      where d.part is not null and d.quantity <> 0
        and not exists (select 1 from resummed r where r.organization_sid = d.organization_sid and r.part = d.part)
      union all
      select r.organization_sid, r.part, (
          select coalesce(sum(ig.quantity), 0) from items it join item_groups ig on ig.item_sid = it.sid
          where it.organization_sid = r.organization_sid and it.mpn_key = r.part
            and ig.organization_sid = r.organization_sid and ig.status = 'active' and not ig.delivered
        ) - coalesce((
          select s.ordered_quantity from bom_part_stock s where s.organization_sid = r.organization_sid and s.part = r.part
        ), 0)
      from resummed r
      on conflict (organization_sid, part) do update set ordered_quantity = s.ordered_quantity + excluded.ordered_quantity
      returning s.organization_sid, s.part
    )
    insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
    select distinct organization_sid, 'part', part from changed
    $sql$;

    -- Inventory: the latest count of each part counted (in the order the single-line read uses).
    execute $sql$
    with latest as (
      select p.organization_sid, p.part, coalesce((
        select ic.count from inventory_counts ic
        where ic.organization_sid = p.organization_sid and part_key(ic.unique_name) = p.part
        order by ic.recording_date desc, ic.created desc, ic.sid desc
        limit 1), 0) as quantity
      from (select distinct organization_sid, key as part from pg_temp.bom_stock_changes where kind = 'count') p
    ),
    changed as (
      insert into bom_part_stock as s (organization_sid, part, inventory_quantity)
      select organization_sid, part, quantity from latest
      on conflict (organization_sid, part) do update set inventory_quantity = excluded.inventory_quantity
        where s.inventory_quantity <> excluded.inventory_quantity
      returning s.organization_sid, s.part
    )
    insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
    select organization_sid, 'part', part from changed
    $sql$;

    -- Lines: the rows of each changed line (and of every line of a BOM archived or brought back) go, and
    -- those of the lines listed now come back, with their parts and the sums over them; each moves its own
    -- part's line count.
    execute $sql$
    with staged as (
      select key as sid from pg_temp.bom_stock_changes where kind = 'line'
      union
      select s.line_sid from bom_line_stock s join pg_temp.bom_stock_changes b on b.kind = 'bom' and s.bom_sid = b.key
    ),
    parts_gone as (
      delete from bom_line_parts lp using staged st where lp.line_sid = st.sid
    ),
    was_listed as (
      delete from bom_line_stock s using staged st where s.line_sid = st.sid
      returning s.organization_sid, s.part
    )
    insert into bom_part_stock as p (organization_sid, part, line_count)
    select organization_sid, part, -count(*) from was_listed
    group by organization_sid, part
    on conflict (organization_sid, part) do update set line_count = p.line_count + excluded.line_count
    $sql$;
    execute $sql$
    with staged as (
      select key as sid from pg_temp.bom_stock_changes where kind = 'line'
      union
      select l.sid from bom_lines l join pg_temp.bom_stock_changes b on b.kind = 'bom' and l.bom_sid = b.key
    ),
    now_listed as (
      select l.sid, l.organization_sid, l.bom_sid, part_key(coalesce(l.mpn, l.unique_name)) as part, l.mpn,
        l.unique_name, l.alternative_mpns, l.required_quantity, l.do_not_place
      from staged st join bom_lines l on l.sid = st.sid join boms b on b.sid = l.bom_sid
      where b.archived is null
    ),
    line_parts as (
      select n.sid, n.organization_sid, k.part
      from now_listed n cross join lateral bom_line_part_keys(n.mpn, n.unique_name, n.alternative_mpns) as k(part)
    ),
    parts_listed as (
      insert into bom_line_parts (line_sid, organization_sid, part) select sid, organization_sid, part from line_parts
    ),
    figures as (
      select lp.sid, coalesce(sum(p.inventory_quantity), 0) as inventory_quantity,
        coalesce(sum(p.ordered_quantity), 0) as ordered_quantity
      from line_parts lp
      left join bom_part_stock p on p.organization_sid = lp.organization_sid and p.part = lp.part
      group by lp.sid
    ),
    counted as (
      insert into bom_part_stock as p (organization_sid, part, line_count)
      select organization_sid, part, count(*) from now_listed
      group by organization_sid, part
      on conflict (organization_sid, part) do update set line_count = p.line_count + excluded.line_count
    )
    insert into bom_line_stock (line_sid, organization_sid, bom_sid, part, required_quantity, do_not_place,
      inventory_quantity, ordered_quantity, ctb)
    select n.sid, n.organization_sid, n.bom_sid, n.part, n.required_quantity, n.do_not_place,
      coalesce(f.inventory_quantity, 0), coalesce(f.ordered_quantity, 0),
      bom_stock_ctb(coalesce(f.inventory_quantity, 0)::bigint, n.required_quantity)
    from now_listed n
    left join figures f on f.sid = n.sid
    $sql$;

    -- The lines that draw on a part whose figures changed: their sums again, and their clear to build.
    execute $sql$
    with touched as (
      select distinct lp.line_sid from pg_temp.bom_stock_changes c
      join bom_line_parts lp on lp.organization_sid = c.organization_sid and lp.part = c.key
      where c.kind = 'part'
    ),
    figures as (
      select t.line_sid, coalesce(sum(p.inventory_quantity), 0)::bigint as inventory_quantity,
        coalesce(sum(p.ordered_quantity), 0) as ordered_quantity
      from touched t
      join bom_line_parts lp on lp.line_sid = t.line_sid
      left join bom_part_stock p on p.organization_sid = lp.organization_sid and p.part = lp.part
      group by t.line_sid
    )
    update bom_line_stock s set inventory_quantity = f.inventory_quantity, ordered_quantity = f.ordered_quantity,
      ctb = bom_stock_ctb(f.inventory_quantity, s.required_quantity)
    from figures f
    where s.line_sid = f.line_sid
      and (s.inventory_quantity, s.ordered_quantity) is distinct from (f.inventory_quantity, f.ordered_quantity)
    $sql$;

    -- Emptied here too, not only at commit: a fold run early (set constraints) leaves none for the next one.
    delete from pg_temp.bom_stock_changes;
    delete from pg_temp.bom_stock_pending;
    return null;
  end $$`,
  // A line whose alternatives changed is a changed line too.
  `create or replace function bom_stock_bom_lines() returns trigger language plpgsql as $$
  begin
    perform bom_stock_prepare();
    if tg_op = 'INSERT' then
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select organization_sid, 'line', sid from new_rows;
    elsif tg_op = 'UPDATE' then
      -- A line whose parts, quantity, placement or BOM changed has two distinct rows here.
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select organization_sid, 'line', sid from (
        select organization_sid, sid, mpn, unique_name, alternative_mpns, required_quantity, do_not_place, bom_sid
        from old_rows
        union
        select organization_sid, sid, mpn, unique_name, alternative_mpns, required_quantity, do_not_place, bom_sid
        from new_rows
      ) u
      group by organization_sid, sid
      having count(*) > 1;
    else
      insert into pg_temp.bom_stock_changes (organization_sid, kind, key)
      select organization_sid, 'line', sid from old_rows;
    end if;
    if found then
      insert into pg_temp.bom_stock_pending values (true) on conflict do nothing;
    end if;
    return null;
  end $$`,
  // The listed lines' parts and sums, as they are now.
  `insert into bom_line_parts (line_sid, organization_sid, part)
  select l.sid, l.organization_sid, k.part
  from bom_lines l join boms b on b.sid = l.bom_sid and b.archived is null
  cross join lateral bom_line_part_keys(l.mpn, l.unique_name, l.alternative_mpns) as k(part)`,
  `update bom_line_stock s set inventory_quantity = f.inventory_quantity, ordered_quantity = f.ordered_quantity,
    ctb = bom_stock_ctb(f.inventory_quantity, s.required_quantity)
  from (
    select lp.line_sid, coalesce(sum(p.inventory_quantity), 0)::bigint as inventory_quantity,
      coalesce(sum(p.ordered_quantity), 0) as ordered_quantity
    from bom_line_parts lp
    left join bom_part_stock p on p.organization_sid = lp.organization_sid and p.part = lp.part
    group by lp.line_sid
  ) f
  where s.line_sid = f.line_sid`,
  `analyze bom_line_parts, bom_line_stock`,
];

// The BOM list shows each BOM's latest expected record: one index read per BOM.
const clearToBuildsLatest: string[] = [
  `create index clear_to_builds_latest on clear_to_builds (reference_sid, type, created desc, sid desc)`,
];

// An update request's email is stored as what it is rendered from (about 0.7 KB) and rendered when it is sent or
// read: a morning's thousands of rendered bodies (about 5.5 KB each) were the largest share of a run's writes.
// Other emails keep their rendered bodies.
const outboxRenderInputs: string[] = [
  `alter table outbox_emails add column update_request_email jsonb,
    alter column text_body drop not null, alter column html_body drop not null,
    add constraint outbox_emails_body check (update_request_email is not null
      or (text_body is not null and html_body is not null))`,
];

// Each run reads the lines with an open Unresponsive Vendor flag (an answer resolves it): without this index, a scan
// of every flag, about 100 ms at 130,000 flags.
const flagsOpenUnresponsive: string[] = [
  `create index flags_open_unresponsive on flags (item_group_sid) where status = 'open' and type = 'unresponsiveVendor'`,
];

// Cheaper keys for what the follow-up engine writes in bulk (a morning writes thousands of update requests, emails,
// portal links and flags): each key check locks the row it names, and the organization's one row, locked by every
// row of both writers, made each check a shared lock of its own (about a quarter of writing a request). As for
// events (0008), the organization keys go: the server writes these rows for records it has just read in that
// organization, and organizations are never deleted. An update request's order and organization are one key.
const engineWriteKeys: string[] = [
  `alter table update_requests
    drop constraint update_requests_organization_sid_fkey,
    drop constraint update_requests_order_sid_fkey,
    add constraint update_requests_order_fkey foreign key (order_sid, organization_sid)
      references orders (sid, organization_sid) on delete cascade`,
  `alter table outbox_emails drop constraint outbox_emails_organization_sid_fkey`,
  `alter table vendor_link_tokens drop constraint vendor_link_tokens_organization_sid_fkey`,
  `alter table flags drop constraint flags_organization_sid_fkey`,
];

// An update request's email input is kept as the text it was written (json), not taken apart (jsonb): nothing
// queries into it, it is read whole, and converting a morning's thousands of inputs to jsonb was about a third of
// writing their emails (25 µs of 70 µs each, measured).
const outboxRenderInputsText: string[] = [
  `alter table outbox_emails alter column update_request_email type json using update_request_email::json`,
];

// One index of a record's history instead of three. An event names its record's path (an item group's event its item
// and order, an item's event its order), so (order, item) finds an order's and an item's events by a prefix, and an
// item group's among its item's few. Its keys repeat (an order's and an item's events), which btree deduplication
// keeps compact, as the single-column indexes were; each event written updates three indexes instead of five (a
// morning of the follow-up engine writes an event per line asked; an import, one per row and more). Events written
// before the path was always named get it from their record; the checks hold every event written from now on to it.
const eventRecordPath: string[] = [
  `update events e set item_sid = g.item_sid, order_sid = g.order_sid
    from item_groups g
    where g.sid = e.item_group_sid and (e.item_sid is distinct from g.item_sid or e.order_sid is distinct from g.order_sid)`,
  `update events e set order_sid = i.order_sid
    from items i
    where i.sid = e.item_sid and e.item_group_sid is null and e.order_sid is distinct from i.order_sid`,
  `alter table events
    add constraint events_item_group_path check (item_group_sid is null or (item_sid is not null and order_sid is not null)) not valid,
    add constraint events_item_path check (item_sid is null or order_sid is not null) not valid`,
  `drop index events_order`,
  `drop index events_item`,
  `drop index events_item_group`,
  `create index events_record on events (order_sid, item_sid)`,
];

// An open order line's part (its item's mpn_key) kept on the line: the forecast reads every open line of a BOM's
// parts (50,000 for a 2,000-line BOM), and joining each to its item to learn its part was most of that read's time
// in the database (a hash of every item of the organization). The database keeps it whichever code writes: a line
// written without it takes its item's, a line moved to another item or given another part by hand takes its
// item's, and an item's lines take its new part when its MPN changes. Reading the item's part holds its row (for
// share) until commit, so a part change and a new line of the same item wait for each other, and the later one
// reads what the earlier one committed: a line added while its item's MPN changes does not keep the part before.
// An import names the part of the lines it adds itself, read from their items in the statement that inserts them
// (without holding the items: see server/jobs/write-open-orders.ts): one trigger call per line made 100,000 lines
// a second slower to import on PGlite. A line whose item has no MPN has '' (not null, which is what the trigger
// fills in). The index finds an organization's open lines of a part.
const itemGroupsPartKey: string[] = [
  `alter table item_groups add column mpn_key text`,
  // The items' trigger first: creating it holds off changes to items' MPNs until the migration commits, so the
  // backfill below reads parts that stay current. The lines' triggers after it: the backfill sets each line's part
  // itself, without a trigger call per row.
  `create function items_mpn_key_to_lines() returns trigger language plpgsql as $$
  begin
    update item_groups g set mpn_key = coalesce(new.mpn_key, '')
      where g.item_sid = new.sid and g.mpn_key is distinct from coalesce(new.mpn_key, '');
    return null;
  end $$`,
  `create trigger items_mpn_key_to_lines after update of manufacturer_part_number on items
    for each row when (old.manufacturer_part_number is distinct from new.manufacturer_part_number)
    execute function items_mpn_key_to_lines()`,
  `update item_groups g set mpn_key = coalesce(i.mpn_key, '') from items i where i.sid = g.item_sid`,
  `create function item_groups_mpn_key() returns trigger language plpgsql as $$
  begin
    new.mpn_key := coalesce((select i.mpn_key from items i where i.sid = new.item_sid for share), '');
    return new;
  end $$`,
  `create trigger item_groups_mpn_key_inserted before insert on item_groups
    for each row when (new.mpn_key is null) execute function item_groups_mpn_key()`,
  `create trigger item_groups_mpn_key_moved before update of item_sid, mpn_key on item_groups
    for each row execute function item_groups_mpn_key()`,
  `create index item_groups_open_part on item_groups (organization_sid, mpn_key) where status = 'active' and not delivered`,
  `analyze item_groups`,
];

/** A migration that runs these statements in turn. */
function statements(list: readonly string[]): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of list) await sql.raw(statement).execute(db);
    },
  };
}

const migrations: Record<string, Migration> = {
  '0001_initial': statements(initial),
  '0002_list_indexes': statements(listIndexes),
  '0003_saved_views': statements(savedViews),
  '0004_upload_jobs': statements(uploadJobs),
  '0005_export_failures': statements(exportFailures),
  '0006_upload_rejects': statements(uploadRejects),
  '0007_write_cost': statements(writeCost),
  '0008_tenant_keys': statements(tenantKeys),
  '0009_order_lines': statements(orderLines),
  '0010_upload_chunk_rows': statements(uploadChunkRows),
  '0011_request_guards': statements(requestGuards),
  '0012_app_secrets': statements(appSecrets),
  '0013_upload_attempts': statements(uploadAttempts),
  '0014_bom_line_lists': statements(bomLineLists),
  '0015_login_failures_by_time': statements(loginFailuresByTime),
  '0016_file_parts': statements(fileParts),
  '0017_bom_stock': statements(bomStock),
  '0018_mapped_field_date_order': statements(mappedFieldDateOrder),
  '0019_upload_sheet_name': statements(uploadSheetName),
  '0020_bom_line_value': statements(bomLineValue),
  '0021_vendor_code': statements(vendorCode),
  '0022_follow_up': statements(followUp),
  '0023_organization_clock': statements(organizationClock),
  '0024_transitions_webhooks': statements(transitionsWebhooks),
  '0025_cannot_supply': statements(cannotSupply),
  '0026_vendor_changed_at': statements(vendorChangedAt),
  '0027_approval_mode': statements(approvalMode),
  '0028_outbox_rows_inline': statements(outboxRowsInline),
  '0029_flag_checks': statements(flagChecks),
  '0030_bom_supply_links': statements(bomSupplyLinks),
  '0031_bom_stock_part_keys': statements(bomStockPartKeys),
  '0032_message_threads': statements(messageThreads),
  '0033_message_notices': statements(messageNotices),
  '0034_inbound_replies': statements(inboundReplies),
  '0035_embed_scope': statements(embedScope),
  '0036_user_administration': statements(userAdministration),
  '0037_api_key_scope': statements(apiKeyScope),
  '0038_organization_logo': statements(organizationLogo),
  '0039_items_part_key': statements(itemsPartKey),
  '0040_bom_line_alternatives': statements(bomLineAlternatives),
  '0041_clear_to_builds_latest': statements(clearToBuildsLatest),
  '0042_outbox_render_inputs': statements(outboxRenderInputs),
  '0043_flags_open_unresponsive': statements(flagsOpenUnresponsive),
  '0044_engine_write_keys': statements(engineWriteKeys),
  '0045_outbox_render_inputs_text': statements(outboxRenderInputsText),
  '0046_event_record_path': statements(eventRecordPath),
  '0047_item_groups_part_key': statements(itemGroupsPartKey),
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
