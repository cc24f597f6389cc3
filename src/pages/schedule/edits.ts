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

/** One sentence saying what a bulk action changed, and what it left alone and why. */
export function bulkSummary(action: BulkAction, changed: number, skipped: number): string {
  let done: string;
  let why: string;
  if (action.kind === 'confirm') {
    done = `Confirmed ${shipments(changed)}.`;
    why = 'already confirmed';
  } else if (action.kind === 'shift') {
    const by = `${action.days > 0 ? '+' : ''}${String(action.days)} ${Math.abs(action.days) === 1 ? 'day' : 'days'}`;
    done = `Moved the ${fieldLabels[action.field].toLowerCase()} of ${shipments(changed)} by ${by}.`;
    why = action.days === 0 ? 'a shift of 0 days changes nothing' : `no ${fieldLabels[action.field].toLowerCase()}`;
  } else {
    done = `Set the ${fieldLabels[action.field].toLowerCase()} of ${shipments(changed)} to ${formatDate(action.date)}.`;
    why = 'already that date';
  }
  return skipped === 0 ? done : `${done} ${shipments(skipped)} left as they were (${why}).`;
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
