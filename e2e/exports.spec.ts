// Exports in a real browser against the real server: export the filtered
// schedule as CSV and the filtered orders as Excel, wait for the link, download
// the file and read it back: the same rows as the list answers for the view.
import * as XLSX from '@e965/xlsx';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { buyer, expectNoAxeViolations, signIn } from './support.ts';

// A vendor no other spec changes, so the view holds still while it is exported.
const VENDOR = 'Granite Peak Enclosures';

/** Every row of a list view, through the API as the signed-in user. */
async function listAll<T>(page: Page, path: string, key: string, params: Record<string, string>): Promise<T[]> {
  const out: T[] = [];
  let token: string | null = null;
  do {
    const search = new URLSearchParams({ ...params, pageSize: '500', ...(token ? { pageToken: token } : {}) });
    const response = await page.request.get(`${path}?${search.toString()}`);
    expect(response.status()).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & { page: { nextPageToken: string | null } };
    out.push(...(body[key] as T[]));
    token = body.page.nextPageToken;
  } while (token);
  return out;
}

/** Chooses a format in the export menu, waits for the link and downloads the file. */
async function exportAndDownload(page: Page, format: 'CSV' | 'Excel'): Promise<{ name: string; bytes: Buffer }> {
  await page.locator('summary', { hasText: 'Export' }).click();
  await page.getByRole('button', { name: `Export ${format}` }).click();
  // "Preparing your … export" shows while the job runs (component test); the worker, woken at once, may finish first.
  const link = page.getByRole('link', { name: `Download the ${format} file` });
  await expect(link).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('status').filter({ hasText: `Your ${format} export is ready.` })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

test('exports the filtered schedule as CSV and reads back the same shipments', async ({ page }) => {
  await signIn(page, buyer.email);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto('/schedule');
  await page.getByLabel('Vendor').selectOption({ label: VENDOR });
  await expect(page).toHaveURL(/vendor=VE/);
  const grid = page.getByRole('grid', { name: 'Shipments' });
  await expect(grid).toHaveAttribute('aria-busy', 'false');
  const vendorSid = new URL(page.url()).searchParams.get('vendor') ?? '';
  const expected = await listAll<{ sid: string; dueDate: string | null }>(page, '/v1/itemGroups', 'itemGroups', {
    vendorSid,
    statusNot: 'canceled',
    orderBy: 'dueDate',
    sortOrder: 'Asc',
  });
  expect(expected.length).toBeGreaterThan(0);

  const file = await exportAndDownload(page, 'CSV');
  expect(file.name).toMatch(/^item-groups-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = file.bytes.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const [header, ...rows] = parsed.data;
  expect(header.slice(0, 3)).toEqual(['Order', 'Vendor', 'Part']);
  expect(rows.map((r) => r[header.indexOf('Item group sid')])).toEqual(expected.map((g) => g.sid));
  expect(rows.map((r) => r[header.indexOf('Due date')])).toEqual(expected.map((g) => g.dueDate ?? ''));
  expect(new Set(rows.map((r) => r[header.indexOf('Vendor')]))).toEqual(new Set([VENDOR]));
  await expectNoAxeViolations(page);
});

test('exports the filtered orders as Excel and reads back the same orders', async ({ page }) => {
  await signIn(page, buyer.email);
  await expect(page).not.toHaveURL(/\/login/);
  const vendors = await listAll<{ sid: string; name: string }>(page, '/v1/vendors', 'vendors', {});
  const vendorSid = vendors.find((v) => v.name === VENDOR)?.sid ?? '';
  await page.goto(`/orders?vendor=${vendorSid}&sort=uniqueName&dir=asc`);
  await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
  const expected = await listAll<{ uniqueName: string | null }>(page, '/v1/orders', 'orders', {
    vendorSid,
    orderBy: 'uniqueName',
    sortOrder: 'Asc',
  });
  expect(expected.length).toBeGreaterThan(0);

  const file = await exportAndDownload(page, 'Excel');
  expect(file.name).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = XLSX.read(file.bytes, { type: 'buffer' });
  const [header, ...rows] = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[workbook.SheetNames[0]], {
    header: 1,
    defval: null,
  });
  expect(rows.map((r) => r[header.indexOf('Order')])).toEqual(expected.map((o) => o.uniqueName));
  expect(new Set(rows.map((r) => r[header.indexOf('Vendor')]))).toEqual(new Set([VENDOR]));
});
