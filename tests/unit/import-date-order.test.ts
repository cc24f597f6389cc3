// Files as ERP reports write them: dates day first outside the US, decided per
// column from its values (or the mapping's answer when nothing settles it),
// and one row per PO line with no line or item number column.
import { describe, expect, it } from 'vitest';
import { planInventory } from '../../server/domain/import/inventory.ts';
import { planOpenOrders, type OpenOrderPlan } from '../../server/domain/import/open-orders.ts';
import { parseCsv } from '../../server/domain/import/table.ts';
import { columnDateOrder, dateOrderOfValue } from '../../src/lib/import-preview/date-order.ts';

const sheetOf = (text: string) => [parseCsv(text)];
const noVendors = { mapped: [], orderUniqueNameHash: [], vendors: [] };

function planned(text: string, options: Partial<Parameters<typeof planOpenOrders>[1]> = {}): OpenOrderPlan {
  const plan = planOpenOrders(sheetOf(text), { ...noVendors, ...options });
  if (!plan.ok) throw new Error(plan.message);
  return plan;
}

const dueDates = (plan: OpenOrderPlan) =>
  plan.orders.flatMap((o) => o.items.flatMap((i) => i.groups.map((g) => g.values.dueDate)));

describe('the order of a column of dates', () => {
  it('reads what each value says', () => {
    expect(dateOrderOfValue('31/01/2026')).toBe('dayFirst');
    expect(dateOrderOfValue('01/31/2026 08:00')).toBe('monthFirst');
    expect(dateOrderOfValue('03.04.26')).toBe('either');
    expect(dateOrderOfValue('04/04/2026')).toBe(null);
    expect(dateOrderOfValue('2026-01-31')).toBe(null);
    expect(dateOrderOfValue('31-Jan-2026')).toBe(null);
  });

  it('is settled by one value above 12, ambiguous without one, and conflicting with both', () => {
    expect(columnDateOrder(['03/04/2026', '', '25/04/2026'])).toEqual({
      order: 'dayFirst',
      conflicting: false,
      ambiguous: false,
      example: null,
    });
    expect(columnDateOrder(['03/04/2026', '04/25/2026'])).toMatchObject({ order: 'monthFirst', ambiguous: false });
    expect(columnDateOrder(['03/04/2026', '05/06/2026', '2026-01-01'])).toEqual({
      order: null,
      conflicting: false,
      ambiguous: true,
      example: '03/04/2026',
    });
    expect(columnDateOrder(['25/04/2026', '04/25/2026'])).toMatchObject({ order: null, conflicting: true });
    expect(columnDateOrder(['2026-04-03', ''])).toEqual({
      order: null,
      conflicting: false,
      ambiguous: false,
      example: null,
    });
  });
});

describe('dates in an open-order file', () => {
  it('reads a whole column day first when one of its values says so, even a later one', () => {
    const plan = planned('PO,Line,Qty,Due Date\nPO-1,1,5,03/04/2026\nPO-1,2,5,05/06/2026\nPO-1,3,5,25/12/2026\n');
    expect(dueDates(plan)).toEqual(['2026-04-03', '2026-06-05', '2026-12-25']);
    expect(plan.issues).toEqual([]);
  });

  it('reads a column month first when a value says so, and slashes month first when nothing does', () => {
    expect(dueDates(planned('PO,Line,Qty,Due Date\nPO-1,1,5,03/04/2026\nPO-1,2,5,12/31/2026\n'))).toEqual([
      '2026-03-04',
      '2026-12-31',
    ]);
    expect(dueDates(planned('PO,Line,Qty,Due Date\nPO-1,1,5,03/04/2026\n'))).toEqual(['2026-03-04']);
    expect(dueDates(planned('PO,Line,Qty,Due Date\nPO-1,1,5,03.04.2026\n'))).toEqual(['2026-04-03']);
  });

  it('follows the order the mapping saved for an ambiguous column', () => {
    const text = 'PO,Line,Qty,Need By\nPO-1,1,5,03/04/2026\nPO-1,2,5,05/06/26\n';
    const mapped = [{ name: 'Need By', mappedFieldType: 'dueDate', dateOrder: 'dayFirst' as const }];
    expect(dueDates(planned(text, { mapped }))).toEqual(['2026-04-03', '2026-06-05']);
  });

  it('rejects the rows of a column whose values contradict the order it was given, saying so', () => {
    const mapped = [{ name: 'Due Date', mappedFieldType: 'dueDate', dateOrder: 'monthFirst' as const }];
    const plan = planned('PO,Line,Qty,Due Date\nPO-1,1,5,03/04/2026\nPO-1,2,5,31/01/2026\n', { mapped });
    expect(dueDates(plan)).toEqual(['2026-03-04']);
    expect(plan.issues).toEqual([
      {
        rowNumber: 3,
        column: 'Due Date',
        value: '31/01/2026',
        message: 'Due Date "31/01/2026" is not a date with the month first, as this column\'s dates are written.',
      },
    ]);
  });

  it('reads spreadsheet date numbers and compact dates in CSV cells', () => {
    expect(dueDates(planned('PO,Line,Qty,Due Date\nPO-1,1,5,46112\nPO-1,2,5,20261224\n'))).toEqual([
      '2026-03-31',
      '2026-12-24',
    ]);
  });

  it('applies to inventory counts too', () => {
    const plan = planInventory(sheetOf('Part Number,Count,Count Date\nR-1,5,02/03/2026\nR-2,7,28/02/2026\n'), {
      mapped: [],
      uniqueNameHash: [],
      defaultDate: '2026-03-10',
    });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.counts.map((c) => c.recordingDate)).toEqual(['2026-03-02', '2026-02-28']);
  });
});

describe('a file with no line or item column', () => {
  const text = [
    'PO Number,Supplier,Quantity,Due Date',
    'PO-1,Acme,10,2026-03-01',
    'PO-2,Brightline,4,2026-03-02',
    'PO-1,Acme,20,2026-03-03',
    'PO-1,Acme,,2026-03-04',
    'PO-1,Acme,30,2026-03-05',
    '',
  ].join('\n');

  it('numbers each order’s rows 1, 2, 3… in file order, as items with their line number', () => {
    const plan = planned(text);
    expect(plan.numberedLines).toBe(true);
    const lines = plan.orders.map((o) => ({
      order: o.uniqueName,
      items: o.items.map((i) => [i.uniqueName, i.values.lineNumber, i.quantity, i.groups.map((g) => g.uniqueName)]),
    }));
    // Row 5 has no quantity: it is rejected, and keeps its number, so the fixed file numbers every line the same.
    expect(lines).toEqual([
      {
        order: 'PO-1',
        items: [
          ['1', '1', '10', ['1']],
          ['2', '2', '20', ['1']],
          ['4', '4', '30', ['1']],
        ],
      },
      { order: 'PO-2', items: [['1', '1', '4', ['1']]] },
    ]);
    expect(plan.issues.map((i) => i.rowNumber)).toEqual([5]);
    expect(plan.columns.item).toContain('lineNumber');
  });

  it('numbers a file the same way every time it is read', () => {
    const names = (plan: OpenOrderPlan) => plan.orders.map((o) => o.items.map((i) => i.uniqueName));
    expect(names(planned(text))).toEqual(names(planned(text)));
  });

  it('uses the line or item column when the file has one', () => {
    const plan = planned('PO Number,Line,Quantity\nPO-1,10,5\nPO-1,20,6\n');
    expect(plan.numberedLines).toBe(false);
    expect(plan.orders[0].items.map((i) => i.uniqueName)).toEqual(['10', '20']);
  });
});
