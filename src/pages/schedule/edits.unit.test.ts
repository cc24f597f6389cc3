import { describe, expect, it } from 'vitest';
import type { ItemGroup } from '../../api/generated/model';
import { canSplit } from '../../lib/item-groups';
import { ASK_ABOVE, bulkQuestion, bulkSummary, bulkUpdates, parseCellInput, undoSummary, undoUpdates } from './edits';

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

  it('asks above 5 rows, saying how many and what is left alone', () => {
    expect(ASK_ABOVE).toBe(5);
    expect(bulkQuestion({ kind: 'confirm' }, 60, 2)).toEqual({
      title: 'Confirm 60 shipments',
      confirmLabel: 'Confirm 60 shipments',
      question:
        'Confirm 60 shipments? Those without a ship or delivery date get their due date as the delivery date. ' +
        '2 shipments of the selection left as they are (already confirmed). You can undo this for a few seconds afterwards.',
    });
    expect(bulkQuestion({ kind: 'shift', field: 'shipDate', days: -1 }, 6, 0).question).toBe(
      'Move the ship date of 6 shipments by -1 day? You can undo this for a few seconds afterwards.',
    );
    expect(bulkQuestion({ kind: 'set', field: 'deliveryDate', date: '2027-01-15' }, 7, 0).title).toBe(
      'Set the delivery date of 7 shipments',
    );
  });

  it('undoes with the earlier values of every field the save changed, on the saved versions', () => {
    const before = [
      row('a', { dueDate: '2026-12-01' }),
      row('b', { dueDate: '2026-12-02', shipDate: '2026-11-20' }),
      row('c', { confirmed: true, dueDate: '2026-12-03' }),
    ];
    // The server recorded a's due date as its delivery date; c was not part of the change.
    const saved = [
      row('a', { version: 4, confirmed: true, dueDate: '2026-12-01', deliveryDate: '2026-12-01' }),
      row('b', { version: 4, confirmed: true, dueDate: '2026-12-02', shipDate: '2026-11-20' }),
    ];
    expect(undoUpdates(before, saved)).toEqual([
      { sid: 'a', version: 4, confirmed: false, deliveryDate: null },
      { sid: 'b', version: 4, confirmed: false },
    ]);
    // A row the save left as it was needs no undo; a row unknown before is left alone.
    expect(undoUpdates(before, [row('c', { version: 9, confirmed: true, dueDate: '2026-12-03' })])).toEqual([]);
    expect(undoUpdates(before, [row('z', { version: 1 })])).toEqual([]);
    const shifted = [row('a', { version: 4, dueDate: '2026-12-08' }), row('b', { version: 4, dueDate: '2026-12-09' })];
    expect(undoUpdates(before, shifted)).toEqual([
      { sid: 'a', version: 4, dueDate: '2026-12-01' },
      { sid: 'b', version: 4, dueDate: '2026-12-02', shipDate: '2026-11-20' },
    ]);
  });

  it('says how an undo went', () => {
    expect(undoSummary(60, 0, '')).toBe('Undone: 60 shipments restored as they were.');
    expect(undoSummary(0, 6, 'PO-1 · M-1 was changed after your change, so nothing was put back')).toBe(
      'Not undone: PO-1 · M-1 was changed after your change, so nothing was put back. The 6 shipments stay as changed.',
    );
    expect(undoSummary(500, 1, 'the server could not be reached')).toBe(
      'Undone for 500 shipments; 1 shipment not restored: the server could not be reached.',
    );
  });

  it('splits only shipments still to come', () => {
    expect(canSplit({ status: 'active', delivered: false })).toBe(true);
    expect(canSplit({ status: 'active', delivered: true })).toBe(false);
    expect(canSplit({ status: 'canceled', delivered: false })).toBe(false);
  });
});
