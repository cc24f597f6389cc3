import { describe, expect, it } from 'vitest';
import type { ItemGroup } from '../../api/generated/model';
import { bulkSummary, bulkUpdates, parseCellInput } from './edits';

function row(sid: string, fields: Partial<ItemGroup>): ItemGroup {
  return {
    sid,
    version: 3,
    confirmed: false,
    dueDate: null,
    shipDate: null,
    deliveryDate: null,
    ...fields,
  } as ItemGroup;
}

describe('schedule edits', () => {
  it('reads cell input, refusing what the server would refuse', () => {
    expect(parseCellInput('quantity', ' 12.5 ')).toEqual({ value: '12.5' });
    expect(parseCellInput('quantity', '0')).toEqual({ error: 'A quantity must be more than zero.' });
    expect(parseCellInput('quantity', '12 pcs')).toEqual({ error: 'Enter a quantity such as 12 or 2.5.' });
    expect(parseCellInput('shipDate', '')).toEqual({ value: null });
    expect(parseCellInput('dueDate', '')).toEqual({ error: 'A shipment needs a due date.' });
    expect(parseCellInput('dueDate', '2026-02-30')).toEqual({ error: 'Enter a date as YYYY-MM-DD.' });
  });

  it('sends only rows an action changes, with their versions', () => {
    const rows = [
      row('a', { dueDate: '2026-12-01' }),
      row('b', { confirmed: true, dueDate: '2026-12-05' }),
      row('c', {}),
    ];
    expect(bulkUpdates(rows, { kind: 'confirm' })).toEqual({
      updates: [
        { sid: 'a', version: 3, confirmed: true },
        { sid: 'c', version: 3, confirmed: true },
      ],
      skipped: 1,
    });
    expect(bulkUpdates(rows, { kind: 'shift', field: 'dueDate', days: -2 })).toEqual({
      updates: [
        { sid: 'a', version: 3, dueDate: '2026-11-29' },
        { sid: 'b', version: 3, dueDate: '2026-12-03' },
      ],
      skipped: 1,
    });
    expect(bulkUpdates(rows, { kind: 'set', field: 'dueDate', date: '2026-12-05' }).updates.map((u) => u.sid)).toEqual([
      'a',
      'c',
    ]);
  });

  it('says what changed and what was left alone', () => {
    expect(bulkSummary({ kind: 'confirm' }, 50, 0)).toBe('Confirmed 50 shipments.');
    expect(bulkSummary({ kind: 'shift', field: 'shipDate', days: -1 }, 1, 2)).toBe(
      'Moved the ship date of 1 shipment by -1 day. 2 shipments left as they were (no ship date).',
    );
  });
});
