// The sheet of a workbook an import takes: the first whose header gives the
// required fields, passing over pivot tables and summaries.
import { describe, expect, it } from 'vitest';
import { bestSheet, isSummarySheet, type SheetCandidate } from '../../src/lib/import-preview/sheets.ts';

const required = [['orderUniqueName'], ['quantity']];
const sheet = (name: string, fields: string[], headerCells: string[] = fields): SheetCandidate => ({
  name,
  fields: new Set(fields),
  recognised: fields.length,
  headerCells,
});

describe('bestSheet', () => {
  it('passes over pivot tables and summaries that name the fields', () => {
    const pivot = sheet('Sheet1', ['orderUniqueName', 'quantity'], ['Row Labels', 'Sum of Qty']);
    const summary = sheet('Summary', ['orderUniqueName', 'quantity']);
    const lines = sheet('Open lines', ['orderUniqueName', 'lineNumber', 'quantity']);
    expect(bestSheet([pivot, summary, lines], required)).toBe(2);
  });

  it('prefers a sheet with the required fields to one with more columns but not them', () => {
    const wide = sheet('Vendors', ['vendorName', 'description', 'dueDate', 'shipDate']);
    const lines = sheet('PO lines', ['orderUniqueName', 'quantity']);
    expect(bestSheet([wide, lines], required)).toBe(1);
  });

  it('falls back to a summary with the fields, then to the sheet with the most recognised columns', () => {
    expect(bestSheet([sheet('Notes', []), sheet('Totals', ['orderUniqueName', 'quantity'])], required)).toBe(1);
    expect(bestSheet([sheet('A', ['dueDate']), sheet('B', ['dueDate', 'vendorName'])], required)).toBe(1);
    expect(bestSheet([sheet('A', []), sheet('B', [])], required)).toBe(-1);
  });

  it('tells summaries by their name or their header', () => {
    for (const name of ['Pivot', 'Pivot Table 1', 'Summary by PO', 'Totals', 'README', 'Dashboard'])
      expect(isSummarySheet({ name, headerCells: [] }), name).toBe(true);
    for (const name of ['Open lines', 'PO report', 'Sheet1', 'Purchase orders'])
      expect(isSummarySheet({ name, headerCells: ['PO', 'Qty'] }), name).toBe(false);
    expect(isSummarySheet({ name: 'Sheet2', headerCells: ['Row Labels', 'Count of Line'] })).toBe(true);
  });
});
