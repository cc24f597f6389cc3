// Importing open orders through the Imports page, against the real server and
// its background import job: the preview and mapping, the status reaching
// completed, the orders in the orders table, rejected rows with their row
// numbers and their CSV, and a re-upload that updates instead of duplicating.
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from '@e965/xlsx';
import { readFile } from 'node:fs/promises';
import { buyer, expectNoAxeViolations, signInToOrders } from './support.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

async function openImports(page: Page) {
  await signInToOrders(page, buyer.email);
  await expect(page.getByRole('table', { name: 'Orders' })).toBeVisible({ timeout: 15_000 });
  await page.goto('/imports');
  await expect(page.getByRole('heading', { level: 1, name: 'Imports' })).toBeVisible();
}

/** The dropzone's file input, which the "Choose file" dialog fills. */
const fileInput = (page: Page) => page.getByRole('group', { name: 'Open-order file' }).locator('input[type=file]');

async function chooseFile(page: Page, name: string) {
  await fileInput(page).setInputFiles(fixture(name));
}

/** The orders the orders table finds for a search, each with its number of items, by order number. */
async function ordersMatching(page: Page, q: string): Promise<string[]> {
  await page.goto(`/orders?q=${encodeURIComponent(q)}`);
  const table = page.getByRole('table', { name: 'Orders' });
  await expect(table).toBeVisible({ timeout: 15_000 });
  await expect(table).not.toHaveAttribute('aria-busy', 'true');
  const names = await table.locator('tbody tr td:nth-child(1)').allInnerTexts();
  const items = await table.locator('tbody tr td:nth-child(4)').allInnerTexts();
  return names.map((n, i) => `${n.trim()}: ${items[i].trim()} items`).sort();
}

test('imports an ERP export: fix a mapping, watch it complete, find the orders; re-importing duplicates nothing', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openImports(page);
  await chooseFile(page, 'open-orders-erp.csv');

  // The preview found the header under the title line and reads the quoted "1,000" as one cell.
  await expect(page.getByText(/header on row 2 \(1 line above it skipped\); 5 data rows\./)).toBeVisible();
  const preview = page.getByRole('table', { name: /^Preview/ });
  await expect(preview.getByRole('row')).toHaveCount(6);
  await expect(preview.getByRole('row').nth(1).getByRole('cell').nth(3)).toHaveText('1,000');

  // "Cust PO" is no name the server knows: it would be kept as a custom field until mapped, and the order
  // number is missing.
  const custPo = page.getByRole('combobox', { name: 'Cust PO' });
  await expect(custPo).toHaveValue('customField');
  await expect(page.getByRole('alert')).toContainText('No column is imported as Order Unique Name.');
  await expect(page.getByRole('button', { name: 'Import 5 rows' })).toBeDisabled();
  await custPo.selectOption({ label: 'Order Unique Name' });
  await expect(page.getByRole('combobox', { name: 'Qty' })).toHaveValue('quantity');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Import 5 rows' }).click();

  const status = page.getByRole('region', { name: 'Import status' });
  await expect(status.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(status.getByText('Imported 5 of 5 rows.')).toBeVisible();
  await expect(status.getByRole('definition')).toHaveText(['5', '0', '0']);
  await expect(page).toHaveURL(/upload=UP/);
  await expectNoAxeViolations(page);

  await status.getByRole('link', { name: 'See the orders' }).click();
  await expect(page).toHaveURL(/\/orders$/);
  const orders = await ordersMatching(page, 'E2E-IMP');
  expect(orders).toEqual(['E2E-IMP-1001: 2 items', 'E2E-IMP-1002: 2 items', 'E2E-IMP-1003: 1 items']);

  // The same file again: the mapping is remembered, and every row updates what the first import created.
  await page.goto('/imports');
  await chooseFile(page, 'open-orders-erp.csv');
  await expect(page.getByRole('combobox', { name: 'Cust PO' })).toHaveValue('orderUniqueName');
  await page.getByRole('button', { name: 'Import 5 rows' }).click();
  await expect(status.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(status.getByRole('definition')).toHaveText(['0', '5', '0']);
  const history = page.getByRole('table', { name: 'Past open orders imports' });
  await expect(history.getByRole('row').filter({ hasText: 'open-orders-erp.csv' })).toHaveCount(2);

  expect(await ordersMatching(page, 'E2E-IMP')).toEqual(orders);
});

test('a file with bad rows imports its good rows and lists the rejected ones with their row numbers', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await openImports(page);
  await chooseFile(page, 'open-orders-broken.csv');
  await page.getByRole('button', { name: 'Import 5 rows' }).click();

  const status = page.getByRole('region', { name: 'Import status' });
  await expect(status.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(status.getByText('Imported 2 of 5 rows; 3 rejected.')).toBeVisible();
  const rejects = status.getByRole('table', { name: 'Rejected rows' });
  await expect(rejects.locator('tbody tr td:first-child')).toHaveText(['3', '5', '6']);
  await expect(rejects.locator('tbody tr').nth(0)).toContainText('abc');
  await expect(rejects.locator('tbody tr').nth(1)).toContainText('31/31/2026');
  await expectNoAxeViolations(page);

  // The list of problems: row, column, value and why.
  const [problems] = await Promise.all([
    page.waitForEvent('download'),
    status.getByRole('button', { name: 'Download the list of problems (CSV)' }).click(),
  ]);
  expect(problems.suggestedFilename()).toBe('open-orders-broken-problems.csv');
  const problemLines = (await readFile(await problems.path()))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(problemLines[0]).toBe('Row,Column,Value,Problem');
  expect(problemLines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '5', '6']);
  // The formula in the file comes back as text, not as a formula.
  expect(problemLines[3]).toContain(",'=1+2,");

  expect(await ordersMatching(page, 'E2E-BAD')).toEqual(['E2E-BAD-2001: 1 items', 'E2E-BAD-2002: 1 items']);

  // The rejected rows as they were, to fix and upload again.
  await page.goto('/imports');
  const history = page.getByRole('table', { name: 'Past open orders imports' });
  await history.getByRole('link', { name: 'Show open-orders-broken.csv' }).click();
  const [toFix] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download rejected rows to fix (CSV)' }).click(),
  ]);
  expect(toFix.suggestedFilename()).toBe('open-orders-broken-rejected-rows.csv');
  const rejected = (await readFile(await toFix.path())).toString('utf8');
  const rows = rejected
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(rows[0]).toBe('PO Number,Vendor,Part Number,Qty,Due Date,Import problem');
  expect(rows.slice(1).map((r) => r.split(',').slice(0, 5).join(','))).toEqual([
    'E2E-BAD-2001,Fabrikam,WIDGET-E2E-B,abc,2026-05-01',
    'E2E-BAD-2002,Fabrikam,WIDGET-E2E-D,7,31/31/2026',
    "E2E-BAD-2003,Fabrikam,WIDGET-E2E-E,'=1+2,2026-05-03",
  ]);
  const fixed = rejected.replace(',abc,', ',20,').replace('31/31/2026', '2026-05-04').replace("'=1+2", '3');
  await page.goto('/imports');
  await fileInput(page).setInputFiles({
    name: 'open-orders-fixed.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(fixed, 'utf8'),
  });
  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  await expect(status.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(status.getByText('Imported 3 of 3 rows.')).toBeVisible();
  expect(await ordersMatching(page, 'E2E-BAD')).toEqual([
    'E2E-BAD-2001: 2 items',
    'E2E-BAD-2002: 2 items',
    'E2E-BAD-2003: 1 items',
  ]);

  // The upload can be deleted (its file and logs go; the orders stay).
  await page.goto('/imports');
  await history.getByRole('button', { name: 'Delete open-orders-broken.csv' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this import?' });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeHidden();
  await expect(history.getByRole('row').filter({ hasText: 'open-orders-broken.csv' })).toHaveCount(0);
});

test('refuses a file that is not CSV or Excel before sending it', async ({ page }) => {
  await openImports(page);
  await fileInput(page).setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('just some notes'),
  });
  await expect(page.getByRole('alert')).toHaveText(
    '"notes.txt" is not a .csv, .xlsx, .xls file. Choose a CSV or Excel file.',
  );
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('previews and imports an Excel workbook, loading the workbook reader only then', async ({ page }) => {
  test.setTimeout(60_000);
  const workbookReader: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('workbook.worker')) workbookReader.push(request.url());
  });
  await openImports(page);
  await chooseFile(page, 'open-orders-erp.csv');
  await expect(page.getByRole('table', { name: /^Preview/ })).toBeVisible();
  expect(workbookReader).toEqual([]);

  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ['Open orders from the ERP'],
      [],
      ['PO Number', 'Supplier', 'Item', 'Qty', 'Due Date'],
      ['E2E-XLS-3001', 'Tailspin Parts', 'GEAR-E2E-1', 12, new Date(Date.UTC(2026, 5, 1))],
      ['E2E-XLS-3001', 'Tailspin Parts', 'GEAR-E2E-2', 3, new Date(Date.UTC(2026, 5, 8))],
    ]),
    'Open orders',
  );
  await fileInput(page).setInputFiles({
    name: 'erp-export.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array),
  });
  await expect(
    page.getByText('XLSX workbook, sheet "Open orders"; header on row 3 (1 line above it skipped); 2 data rows.'),
  ).toBeVisible();
  expect(workbookReader).toHaveLength(1);
  await expect(
    page
      .getByRole('table', { name: /^Preview/ })
      .getByRole('row')
      .nth(1),
  ).toContainText('2026-06-01');
  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  const status = page.getByRole('region', { name: 'Import status' });
  await expect(status.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(status.getByText('Imported 2 of 2 rows.')).toBeVisible();
  expect(await ordersMatching(page, 'E2E-XLS')).toEqual(['E2E-XLS-3001: 2 items']);
});

test('on a phone: an ERP export naming vendors by code imports, and its extra columns show on the order', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 375, height: 812 });
  await openImports(page);
  await fileInput(page).setInputFiles(
    new URL('../tests/fixtures/imports/erp-po-vendor-codes.csv', import.meta.url).pathname,
  );
  await expect(page.getByRole('combobox', { name: 'Supplier No.' })).toHaveValue('vendorCode');
  await expect(page.getByRole('combobox', { name: 'Currency' })).toHaveValue('customField');
  await expect(page.getByText(/3 columns have no field of ours/)).toContainText('“Currency”, “Plant”, “UoM”');
  // The page fits the phone: wide tables scroll inside their own regions, and every select is on screen.
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(376);
  for (const select of await page.getByRole('table', { name: 'Column mapping' }).getByRole('combobox').all()) {
    const box = await select.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375 && box.height >= 24).toBe(true);
  }
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Import 8 rows' }).click();
  const status = page.getByRole('region', { name: 'Import status' });
  await expect(status.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(status.getByText('Imported 7 of 8 rows; 1 rejected.')).toBeVisible();
  // With the rejected rows and the past imports listed, the page still fits (their tables scroll in place).
  await expect(page.getByRole('table', { name: 'Rejected rows' })).toBeVisible();
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(376);
  await expectNoAxeViolations(page);

  await page.goto('/orders?q=4500020002');
  await page.getByRole('link', { name: '4500020002' }).click();
  const items = page.getByRole('table', { name: /^Items of this order/ });
  await expect(items.getByRole('columnheader', { name: 'Currency' })).toBeVisible();
  await expect(items.getByRole('cell', { name: 'USD' })).toBeVisible();
  // A code without a name: the vendor is created and named by its code.
  await expect(page.getByText('V002').first()).toBeVisible();
});
