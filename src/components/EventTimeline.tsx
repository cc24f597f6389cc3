// The history of an order, item or item group as people read it: who did
// what, which fields changed from what to what, and when, newest first.
import type { Event, FlagType } from '../api/generated/model';
import { FLAG_LABELS } from './flag-labels';
import { parseQuantityMicros } from '../lib/decimal';
import { formatDate, formatDateTime, plural } from '../lib/format';
import { QueryStatus } from './QueryStatus';
import { LoadMore, type CursorPages } from './ResourceTable';

type Fields = Record<string, unknown>;

const LABELS: Record<string, string> = {
  uniqueName: 'Name',
  title: 'Title',
  vendorName: 'Vendor',
  quantity: 'Quantity',
  dueDate: 'Due date',
  shipDate: 'Ship date',
  deliveryDate: 'Delivery date',
  estimatedArrivalDate: 'Estimated arrival',
  confirmed: 'Confirmed',
  cannotSupplyReason: 'Reason',
  shipped: 'Shipped',
  delivered: 'Delivered',
  trackingNumber: 'Tracking number',
  status: 'Status',
  description: 'Description',
  manufacturerPartNumber: 'Part number',
  revision: 'Revision',
  pricePerUnit: 'Price per unit',
  nonRecurringCost: 'Non-recurring cost',
  leadTime: 'Lead time (days)',
  shipTime: 'Ship time (days)',
  lineNumber: 'Line number',
  followUpPaused: 'Follow-up paused',
  cadenceTitle: 'Cadence',
  name: 'Name',
  value: 'Value',
  content: 'Message',
};
const DATE_FIELDS = new Set(['dueDate', 'shipDate', 'deliveryDate', 'estimatedArrivalDate']);
/** Fields a created or deleted record is summed up by, in this order. */
const SUMMARY_FIELDS = [
  'uniqueName',
  'title',
  'vendorName',
  'manufacturerPartNumber',
  'quantity',
  'dueDate',
  'shipDate',
];

const NOUNS: Record<string, string> = {
  order: 'the order',
  item: 'item',
  itemGroup: 'shipment',
  orderMember: 'order member',
  itemCustomField: 'custom field',
  message: 'message',
  flag: 'flag',
  updateRequest: 'update request',
};

/** A buyer's link between an order line and a BOM line, as the forecast counts it (server/domain/bom/supply-links.ts). */
const SUPPLY_LINK_ACTIONS: Record<string, (shipment: string) => string> = {
  supplyLinked: (shipment) => `counted ${shipment} for a BOM line`,
  supplyUnlinked: (shipment) => `left ${shipment} out of a BOM line`,
  supplyLinkRemoved: (shipment) => `let the part number decide again whether a BOM line counts ${shipment}`,
};

function fieldsOf(value: unknown): Fields {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {};
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}

function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' && DATE_FIELDS.has(field)) return formatDate(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** "Due date: 1 Dec 2026 → 15 Dec 2026" lines for the labelled fields that differ. */
function changedLines(before: Fields, after: Fields): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k in LABELS);
  return keys
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => `${LABELS[k]}: ${formatValue(k, before[k])} → ${formatValue(k, after[k])}`);
}

function summaryLines(record: Fields): string[] {
  return SUMMARY_FIELDS.filter((k) => record[k] !== null && record[k] !== undefined && record[k] !== '').map(
    (k) => `${LABELS[k]}: ${formatValue(k, record[k])}`,
  );
}

/** Millionths of a quantity, for exact sums. */
const micros = (value: unknown): bigint | null => parseQuantityMicros(text(value));

interface Entry {
  key: string;
  actor: string;
  action: string;
  lines: string[];
  time: string | null;
}

/** The words for one event, or for a split (one shipment changed and others added in the same write). */
function describe(events: Event[], itemName: (sid: string) => string | undefined): Entry {
  const first = events[0];
  const actor = text(fieldsOf(fieldsOf(first.event).actor).name, 'The system');
  const entry = { key: first.sid, actor, time: first.eventTime };
  const ofItem = (sid: string | null) => {
    const name = sid ? itemName(sid) : undefined;
    return name ? ` of item ${name}` : '';
  };
  if (events.length > 1) {
    const original = events.find((e) => e.eventType === 'itemGroup.updated');
    const before = fieldsOf(fieldsOf(original?.event).before);
    // The original first, then the new shipments.
    const ordered = original ? [original, ...events.filter((e) => e !== original)] : events;
    return {
      ...entry,
      action: `split a shipment${ofItem(first.itemSid)} of ${text(before.quantity)} into ${events.length} shipments`,
      lines: ordered.map((e) => {
        // The original's event holds only what changed; a new shipment's holds all of it.
        const after = fieldsOf(fieldsOf(e.event).after);
        const parts = [`Quantity ${text(after.quantity)}`];
        if ('dueDate' in after) parts.push(`due ${formatValue('dueDate', after.dueDate)}`);
        if ('shipDate' in after && after.shipDate) parts.push(`ship ${formatValue('shipDate', after.shipDate)}`);
        return parts.join(', ');
      }),
    };
  }
  const detail = fieldsOf(first.event);
  const before = fieldsOf(detail.before);
  const after = fieldsOf(detail.after);
  const [entity = '', verb = ''] = (first.eventType ?? '').split('.');
  const noun = NOUNS[entity] ?? entity.replace(/([A-Z])/g, ' $1').toLowerCase();
  const name = text(after.uniqueName, text(before.uniqueName));
  let subject = name && entity !== 'order' ? `${noun} ${name}` : noun;
  if (entity === 'itemGroup') subject += ofItem(first.itemSid);
  if (entity === 'bomLine' && Object.hasOwn(SUPPLY_LINK_ACTIONS, verb)) {
    return { ...entry, action: SUPPLY_LINK_ACTIONS[verb](`a shipment${ofItem(first.itemSid)}`), lines: [] };
  }
  if (entity === 'itemGroupProposal') {
    const shipment = `a shipment${ofItem(first.itemSid)}`;
    const proposal = after.kind === 'split' ? `the split of ${shipment}` : `the new dates of ${shipment}`;
    const reason = text(after.reason);
    if (verb === 'created') {
      const shipments = Array.isArray(after.shipments) ? after.shipments.map(fieldsOf) : [];
      return {
        ...entry,
        action:
          after.kind === 'split'
            ? `proposed splitting ${shipment} into ${plural(shipments.length, 'shipment')}`
            : `proposed new dates for ${shipment}`,
        lines: [
          ...(after.kind === 'split'
            ? shipments.map((part) => summaryLines(part).join(', '))
            : [
                `Ship date: ${formatValue('shipDate', after.shipDate)}`,
                `Delivery date: ${formatValue('deliveryDate', after.deliveryDate)}`,
              ]),
          ...(reason ? [`Reason: ${reason}`] : []),
        ],
      };
    }
    if (verb === 'accepted' || verb === 'rejected') {
      return { ...entry, action: `${verb} ${proposal}`, lines: reason ? [`Reason: ${reason}`] : [] };
    }
  }
  if (entity === 'orderMember' && (verb === 'created' || verb === 'deleted')) {
    const member = verb === 'created' ? after : before;
    const who = text(member.memberName, 'a member');
    const role = member.type === 'updating' ? 'updating' : member.type === 'tracking' ? 'tracking' : '';
    return {
      ...entry,
      action: verb === 'created' ? `added ${who} to the order` : `took ${who} off the order`,
      lines: role ? [`Role: ${role}`] : [],
    };
  }
  if (entity === 'updateRequest' && verb === 'created') {
    const vendor = text(after.vendorName);
    return {
      ...entry,
      action: `recorded an update request${vendor ? ` to ${vendor}` : ''} for a shipment${ofItem(first.itemSid)}`,
      lines: text(after.note) ? [`Note: ${text(after.note)}`] : [],
    };
  }
  if (entity === 'flag' && (verb === 'raised' || verb === 'updated')) {
    const item = first.itemSid ? itemName(first.itemSid) : undefined;
    const flag = flagLines(verb, before, after);
    return { ...entry, action: item ? `${flag.action} for item ${item}` : flag.action, lines: flag.lines };
  }
  if (verb === 'updated') {
    const changed = changedLines(before, after);
    if (entity === 'itemGroup' && before.cannotSupply !== true && after.cannotSupply === true) {
      const rest = changed.filter((l) => !l.startsWith('Confirmed:'));
      return { ...entry, action: `said ${subject} cannot be supplied`, lines: rest };
    }
    if (entity === 'itemGroup' && before.confirmed === false && after.confirmed === true) {
      const rest = changed.filter((l) => !l.startsWith('Confirmed:'));
      return { ...entry, action: `confirmed the dates of ${subject}`, lines: rest };
    }
    if (entity === 'itemGroup' && before.cannotSupply === true && after.cannotSupply === false) {
      return {
        ...entry,
        action: `withdrew "cannot supply" for ${subject}`,
        lines: changed.filter((l) => !l.startsWith('Reason:')),
      };
    }
    return { ...entry, action: `changed ${subject}`, lines: changed };
  }
  if (verb === 'updateRequested') {
    // Before one event per request (order.updateRequested), each line asked had its own (itemGroup.updateRequested).
    const lines = Array.isArray(after.lines) ? after.lines : [{ itemSid: first.itemSid, kind: after.kind }];
    return { ...entry, ...askedLines({ ...after, lines }, itemName) };
  }
  if (entity === 'order' && verb === 'followUpChanged') {
    const action =
      before.followUpPaused === after.followUpPaused
        ? 'changed the follow-up cadence of the order'
        : after.followUpPaused === true
          ? 'paused follow-up of the order'
          : 'resumed follow-up of the order';
    return { ...entry, action, lines: changedLines(before, after).filter((l) => !l.startsWith('Follow-up paused')) };
  }
  if (verb === 'created') {
    return { ...entry, action: `${entity === 'order' ? 'created' : 'added'} ${subject}`, lines: summaryLines(after) };
  }
  if (verb === 'deleted') return { ...entry, action: `deleted ${subject}`, lines: summaryLines(before) };
  return {
    ...entry,
    action: `${verb.replace(/([A-Z])/g, ' $1').toLowerCase()} ${subject}`.trim(),
    lines: changedLines(before, after),
  };
}

/** A flag raised on a shipment, or resolved, dismissed or reopened by someone: its type, message and note. */
function flagLines(verb: 'raised' | 'updated', before: Fields, after: Fields): Pick<Entry, 'action' | 'lines'> {
  const type = text(after.type, text(before.type));
  const name = type in FLAG_LABELS ? `${FLAG_LABELS[type as FlagType]} flag` : 'flag';
  if (verb === 'raised') return { action: `raised a ${name}`, lines: text(after.message) ? [text(after.message)] : [] };
  const status = text(after.status);
  const action =
    status === 'resolved'
      ? `resolved the ${name}`
      : status === 'dismissed'
        ? `dismissed the ${name}`
        : status === 'open'
          ? `reopened the ${name}`
          : `changed the ${name}`;
  const lines = [
    ...(text(after.note) ? [`Note: ${text(after.note)}`] : []),
    ...(text(after.message) ? [`Message: ${text(after.message)}`] : []),
  ];
  return { action, lines };
}

/**
 * An update request of the follow-up (one event per request, on its order): the shipments it asked about, to whom
 * it went, or why it asked no one.
 */
function askedLines(after: Fields, itemName: (sid: string) => string | undefined): Pick<Entry, 'action' | 'lines'> {
  const asked = Array.isArray(after.lines) ? after.lines.map(fieldsOf) : [];
  const shipments = plural(asked.length, 'shipment');
  const skipped = text(after.skipped);
  const recipients = Array.isArray(after.recipients) ? after.recipients.map((r) => text(r)).filter(Boolean) : [];
  const items = [...new Set(asked.map((l) => itemName(text(l.itemSid))).filter((name) => name !== undefined))];
  const action = skipped
    ? `asked no one about ${shipments}`
    : asked.every((l) => l.kind === 'reminder')
      ? `sent a reminder about ${shipments}`
      : `asked for an update on ${shipments}`;
  return {
    action,
    lines: [
      skipped || `To: ${recipients.join(', ')}`,
      ...(items.length ? [`${items.length === 1 ? 'Item' : 'Items'}: ${items.join(', ')}`] : []),
    ],
  };
}

/**
 * Events that belong together: a split writes one shipment's change and the
 * new shipments at the same instant, by the same person, on the same item,
 * with quantities that add up to the original's.
 */
function groupEvents(events: Event[]): Event[][] {
  const groups: Event[][] = [];
  const byWrite = new Map<string, Event[]>();
  for (const e of events) {
    const actor = text(fieldsOf(fieldsOf(e.event).actor).sid);
    const key = `${e.eventTime ?? ''}|${actor}|${e.itemSid ?? ''}`;
    const sameWrite = e.eventType?.startsWith('itemGroup.') && e.eventTime ? byWrite.get(key) : undefined;
    if (sameWrite) {
      sameWrite.push(e);
      continue;
    }
    const group = [e];
    groups.push(group);
    if (e.eventType?.startsWith('itemGroup.') && e.eventTime) byWrite.set(key, group);
  }
  return groups.flatMap((group) => {
    if (group.length < 2) return [group];
    const updated = group.filter((e) => e.eventType === 'itemGroup.updated');
    const created = group.filter((e) => e.eventType === 'itemGroup.created');
    const original = updated.length === 1 ? updated[0] : undefined;
    const total = micros(fieldsOf(fieldsOf(original?.event).before).quantity);
    const parts = [original, ...created].map((e) => micros(fieldsOf(fieldsOf(e?.event).after).quantity));
    const sum = parts.reduce<bigint | null>((acc, q) => (acc === null || q === null ? null : acc + q), 0n);
    const isSplit =
      original && created.length > 0 && created.length + 1 === group.length && total !== null && sum === total;
    return isSplit ? [group] : group.map((e) => [e]);
  });
}

/** What the timeline needs of the history's infinite query. */
export interface HistoryQuery extends CursorPages {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * The history, newest first: the lists are asked with sortOrder=Desc, so the
 * latest changes show at once and "Show older changes" loads the next page.
 */
export function EventTimeline({
  query,
  events,
  label,
  itemName = () => undefined,
}: {
  query: HistoryQuery;
  /** The events loaded so far, newest first (the list asked with sortOrder=Desc). */
  events: Event[];
  /** Names the list: "History of order PO-123". */
  label: string;
  /** An item's name by sid, to say which item a shipment belongs to. */
  itemName?: (itemSid: string) => string | undefined;
}) {
  // Grouping reads events in the order they happened (a split's update before its creations).
  const entries = groupEvents([...events].reverse())
    .map((g) => describe(g, itemName))
    .reverse();
  return (
    <QueryStatus query={query} label="history" isEmpty={entries.length === 0} empty="No changes recorded yet.">
      <ol aria-label={label} className="space-y-3 border-l-2 border-slate-200 pl-4">
        {entries.map((entry) => (
          <li key={entry.key} className="relative rounded border border-slate-200 bg-white p-3">
            <p className="text-sm">
              <span className="font-semibold">{entry.actor}</span> {entry.action}
            </p>
            {entry.lines.length > 0 ? (
              <ul className="mt-1 list-disc pl-5 text-sm text-slate-800">
                {entry.lines.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            ) : null}
            <p className="mt-1 text-xs text-slate-600">
              {entry.time ? <time dateTime={entry.time}>{formatDateTime(entry.time)}</time> : 'Time unknown'}
            </p>
          </li>
        ))}
      </ol>
      <LoadMore pages={query} label="Show older changes" />
    </QueryStatus>
  );
}
