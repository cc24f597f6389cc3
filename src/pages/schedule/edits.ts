// What the schedule grid can change on a shipment, and how a bulk action turns
// into the bulk endpoint's request. Pure functions: the page and its tests share them.
import type { InfiniteData } from '@tanstack/react-query';
import type { ItemGroup, ItemGroupBulkUpdate, ItemGroupsList } from '../../api/generated/model';
import { isCalendarDate, shiftDate } from '../../lib/dates';
import { formatDate } from '../../lib/format';

export type DateField = 'dueDate' | 'shipDate' | 'deliveryDate';
export type EditableField = 'quantity' | DateField | 'confirmed';

export const fieldLabels: Record<EditableField, string> = {
  quantity: 'Quantity',
  dueDate: 'Due date',
  shipDate: 'Ship date',
  deliveryDate: 'Delivery date',
  confirmed: 'Confirmed',
};

export const dateFields: DateField[] = ['dueDate', 'shipDate', 'deliveryDate'];

export type FieldValue = string | boolean | null;

/** The value of an editable field as the grid shows it to a person. */
export function displayValue(field: EditableField, value: FieldValue): string {
  if (field === 'confirmed') return value === true ? 'Yes' : 'No';
  if (field === 'quantity') return value === null ? '—' : String(value);
  return formatDate(typeof value === 'string' ? value : null);
}

const quantityPattern = /^\d{1,15}(\.\d{1,6})?$/;

/** Reads what was typed into a cell: the value to send, or why it cannot be sent. */
export function parseCellInput(
  field: Exclude<EditableField, 'confirmed'>,
  raw: string,
): { value: string | null } | { error: string } {
  const text = raw.trim();
  if (field === 'quantity') {
    if (!quantityPattern.test(text)) return { error: 'Enter a quantity such as 12 or 2.5.' };
    if (Number(text) <= 0) return { error: 'A quantity must be more than zero.' };
    return { value: text };
  }
  if (text === '') return field === 'dueDate' ? { error: 'A shipment needs a due date.' } : { value: null };
  if (!isCalendarDate(text)) return { error: 'Enter a date as YYYY-MM-DD.' };
  return { value: text };
}

export type BulkAction =
  | { kind: 'confirm' }
  | { kind: 'shift'; field: DateField; days: number }
  | { kind: 'set'; field: DateField; date: string };

/** The bulk request for the selected rows; rows the action cannot apply to are counted, not sent. */
export function bulkUpdates(
  rows: ItemGroup[],
  action: BulkAction,
): { updates: ItemGroupBulkUpdate[]; skipped: number } {
  const updates: ItemGroupBulkUpdate[] = [];
  let skipped = 0;
  for (const row of rows) {
    if (action.kind === 'confirm') {
      if (row.confirmed) skipped++;
      else updates.push({ sid: row.sid, version: row.version, confirmed: true });
    } else if (action.kind === 'shift') {
      const current = row[action.field];
      if (!current || action.days === 0) skipped++;
      else updates.push({ sid: row.sid, version: row.version, [action.field]: shiftDate(current, action.days) });
    } else if (row[action.field] === action.date) {
      skipped++;
    } else {
      updates.push({ sid: row.sid, version: row.version, [action.field]: action.date });
    }
  }
  return { updates, skipped };
}

function shipments(n: number): string {
  return n === 1 ? '1 shipment' : `${String(n)} shipments`;
}

/** Why a bulk action leaves a selected row as it is. */
function skipReason(action: BulkAction): string {
  if (action.kind === 'confirm') return 'already confirmed';
  if (action.kind === 'shift') {
    return action.days === 0 ? 'a shift of 0 days changes nothing' : `no ${fieldLabels[action.field].toLowerCase()}`;
  }
  return 'already that date';
}

/** "+3 days", "-1 day". */
function dayShift(days: number): string {
  return `${days > 0 ? '+' : ''}${String(days)} ${Math.abs(days) === 1 ? 'day' : 'days'}`;
}

/** One sentence saying what a bulk action changed, and what it left alone and why. */
export function bulkSummary(action: BulkAction, changed: number, skipped: number): string {
  let done: string;
  if (action.kind === 'confirm') {
    done = `Confirmed ${shipments(changed)}.`;
  } else if (action.kind === 'shift') {
    done = `Moved the ${fieldLabels[action.field].toLowerCase()} of ${shipments(changed)} by ${dayShift(action.days)}.`;
  } else {
    done = `Set the ${fieldLabels[action.field].toLowerCase()} of ${shipments(changed)} to ${formatDate(action.date)}.`;
  }
  return skipped === 0 ? done : `${done} ${shipments(skipped)} left as they were (${skipReason(action)}).`;
}

/** A bulk action changing more rows than this asks first. */
export const ASK_ABOVE = 5;

/** The question asked before a bulk action changes more than ASK_ABOVE rows: what, and to how many. */
export function bulkQuestion(
  action: BulkAction,
  changing: number,
  skipped: number,
): { title: string; question: string; confirmLabel: string } {
  const many = shipments(changing);
  let title: string;
  let question: string;
  if (action.kind === 'confirm') {
    title = `Confirm ${many}`;
    question = `Confirm ${many}? Those without a ship or delivery date get their due date as the delivery date.`;
  } else if (action.kind === 'shift') {
    title = `Move the ${fieldLabels[action.field].toLowerCase()} of ${many}`;
    question = `Move the ${fieldLabels[action.field].toLowerCase()} of ${many} by ${dayShift(action.days)}?`;
  } else {
    title = `Set the ${fieldLabels[action.field].toLowerCase()} of ${many}`;
    question = `Set the ${fieldLabels[action.field].toLowerCase()} of ${many} to ${formatDate(action.date)}?`;
  }
  const others = skipped > 0 ? ` ${shipments(skipped)} of the selection left as they are (${skipReason(action)}).` : '';
  return {
    title,
    question: `${question}${others} You can undo this for a few seconds afterwards.`,
    confirmLabel: title,
  };
}

/** What a bulk change can set on a shipment, and so what undoing it may have to put back. */
const restorable = [
  'quantity',
  'dueDate',
  'shipDate',
  'deliveryDate',
  'confirmed',
  'shipped',
  'delivered',
  'trackingNumber',
  'status',
  'uniqueName',
] as const satisfies readonly (keyof ItemGroup & keyof ItemGroupBulkUpdate)[];

/**
 * The bulk request that puts the saved rows back as they were before: for
 * each saved row, the fields the change altered (the server may alter more
 * than was sent, e.g. the delivery date of a confirmation) with their earlier
 * values, on top of the version the save produced, so a row changed since
 * then refuses the batch.
 */
export function undoUpdates(before: readonly ItemGroup[], saved: readonly ItemGroup[]): ItemGroupBulkUpdate[] {
  const earlier = new Map(before.map((g) => [g.sid, g]));
  const updates: ItemGroupBulkUpdate[] = [];
  for (const now of saved) {
    const was = earlier.get(now.sid);
    if (!was) continue;
    const update: ItemGroupBulkUpdate = { sid: now.sid, version: now.version };
    let changed = false;
    for (const field of restorable) {
      if (was[field] !== now[field]) {
        Object.assign(update, { [field]: was[field] });
        changed = true;
      }
    }
    if (changed) updates.push(update);
  }
  return updates;
}

/** One sentence on an undo: how many were put back, and why the rest were not. */
export function undoSummary(restored: number, notRestored: number, why: string): string {
  if (notRestored === 0) return `Undone: ${shipments(restored)} restored as they were.`;
  if (restored === 0) return `Not undone: ${why}. The ${shipments(notRestored)} stay as changed.`;
  return `Undone for ${shipments(restored)}; ${shipments(notRestored)} not restored: ${why}.`;
}

/** The loaded pages with some rows replaced; the row keeps its list context unless the patch brings one. */
export function patchPages(
  data: InfiniteData<ItemGroupsList> | undefined,
  patches: ReadonlyMap<string, Partial<ItemGroup>>,
): InfiniteData<ItemGroupsList> | undefined {
  if (!data || patches.size === 0) return data;
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.itemGroups.some((g) => patches.has(g.sid))
        ? {
            ...page,
            itemGroups: page.itemGroups.map((g) => {
              const patch = patches.get(g.sid);
              return patch ? { ...g, ...patch, context: patch.context ?? g.context } : g;
            }),
          }
        : page,
    ),
  };
}
