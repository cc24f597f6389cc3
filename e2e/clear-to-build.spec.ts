// Clear to build in the browser: a buyer opens a BOM's forecast from the list,
// and a vendor's new promised date moves the week the BOM clears, in the chart's
// table, the part that limits it that week, and the line's status.
import { expect, test, type Page } from '@playwright/test';
import { buyer, expectNoAxeViolations, signIn } from './support.ts';

const VENDOR_NAME = 'Voltaris Components';
const VENDOR_EMAIL = 'sales@voltaris.example';

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function post<T>(page: Page, path: string, data: object): Promise<T> {
  const response = await page.request.post(path, { headers: { origin: new URL(page.url()).origin }, data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

test('a vendor’s new promised date moves the week a BOM clears', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const part = `E2E-CTB-${tag}`.toUpperCase();
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);

  // A BOM of two lines: the part, 2 per unit with 4 on hand (2 units today), and a second part, 1 per unit with 4
  // on hand (4 units, on order nowhere).
  const otherPart = `E2E-CTB-OTHER-${tag}`.toUpperCase();
  const bom = await post<{ sid: string; uniqueName: string }>(page, '/v1/boms', { uniqueName: `E2E-BOM-${tag}` });
  await post(page, '/v1/bomLines', { bomSid: bom.sid, uniqueName: part, requiredQuantity: '2' });
  await post(page, '/v1/bomLines', { bomSid: bom.sid, uniqueName: otherPart, requiredQuantity: '1' });
  await post(page, '/v1/inventoryCounts', { uniqueName: part, count: 4 });
  await post(page, '/v1/inventoryCounts', { uniqueName: otherPart, count: 4 });
  const today = ((await (await page.request.get(`/v1/boms/${bom.sid}/forecast?weeks=1`)).json()) as { today: string })
    .today;
  // Six more from the vendor, promised ten days from today: from the third week the part allows 5 units, and the
  // second part limits the BOM to 4.
  const vendors = (await (await page.request.get(`/v1/vendors?q=${encodeURIComponent(VENDOR_NAME)}`)).json()) as {
    vendors: { sid: string; name: string }[];
  };
  const vendorSid = vendors.vendors.find((v) => v.name === VENDOR_NAME)?.sid;
  expect(vendorSid).toBeTruthy();
  const order = await post<{ sid: string }>(page, '/v1/orders', { uniqueName: `E2E-PO-${tag}`, vendorSid });
  const item = await post<{ sid: string }>(page, '/v1/items', {
    orderSid: order.sid,
    uniqueName: '10',
    quantity: '6',
    manufacturerPartNumber: part.toLowerCase(),
  });
  const line = await post<{ sid: string; version: number }>(page, '/v1/itemGroups', {
    itemSid: item.sid,
    quantity: '6',
    dueDate: addDays(today, 8),
    deliveryDate: addDays(today, 10),
  });

  await page.goto('/clear-to-build');
  await page.getByRole('link', { name: bom.uniqueName }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Clear to build: ${bom.uniqueName}` })).toBeVisible();
  const weeks = page.getByRole('table', { name: 'Clear to build week by week' });
  const cellOf = (week: number, column: number) =>
    weeks
      .getByRole('row')
      .nth(week + 1)
      .getByRole('cell')
      .nth(column);
  const unitsIn = (week: number) => cellOf(week, 1);
  const limitedIn = (week: number) => cellOf(week, 2);
  await expect(unitsIn(0)).toHaveText('2');
  await expect(limitedIn(0)).toHaveText(part);
  await expect(unitsIn(1)).toHaveText('2');
  await expect(unitsIn(2)).toHaveText(/^4/);
  await expect(limitedIn(2)).toHaveText(otherPart);
  await expect(page.getByRole('img', { name: /2 units today/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // Left out, the vendor's unconfirmed line counts for nothing.
  // Clicked, then awaited: the box follows the address, which the router updates after the click.
  const unconfirmed = page.getByRole('checkbox', { name: 'Count supply the vendor has not confirmed' });
  await unconfirmed.click();
  await expect(page).toHaveURL(/unconfirmed=out/);
  await expect(unconfirmed).not.toBeChecked();
  await expect(unitsIn(2)).toHaveText('2');
  await unconfirmed.click();
  await expect(unconfirmed).toBeChecked();
  await expect(unitsIn(2)).toHaveText(/^4/);

  // The vendor moves its promise a week later, through the API its portal uses.
  const vendorContext = await browser.newContext({ baseURL });
  try {
    const vendorPage = await vendorContext.newPage();
    await signIn(vendorPage, VENDOR_EMAIL);
    await expect(vendorPage).toHaveURL(/\/portal/);
    // Voltaris serves two customers: its session is switched to this buyer's.
    const organizationSid = (
      (await (await page.request.get('/v1/session')).json()) as { organization: { sid: string } }
    ).organization.sid;
    const switched = await vendorPage.request.post('/v1/session/organization', {
      headers: { origin: new URL(vendorPage.url()).origin },
      data: { organizationSid },
    });
    expect(switched.status(), await switched.text()).toBe(200);
    const moved = await vendorPage.request.patch(`/v1/itemGroups/${line.sid}`, {
      headers: { origin: new URL(vendorPage.url()).origin },
      data: { version: line.version, deliveryDate: addDays(today, 17) },
    });
    expect(moved.status(), await moved.text()).toBe(200);
  } finally {
    await vendorContext.close();
  }
  await page.reload();
  // The third week is back to 2 units, limited by the late part again; the fourth has the 4.
  await expect(unitsIn(2)).toHaveText(/^2/);
  await expect(limitedIn(2)).toHaveText(part);
  await expect(unitsIn(3)).toHaveText(/^4/);
  await expect(limitedIn(3)).toHaveText(otherPart);
  const lines = page.getByRole('table', { name: 'Lines of the bill of materials' });
  await expect(lines.getByRole('row', { name: new RegExp(part) })).toContainText(`Expected by`);
});

test('a buyer keeps a BOM: adds a line, counts its stock, approves the BOM and archives it', async ({ page }) => {
  test.setTimeout(90_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const part = `E2E-KEEP-${tag}`.toUpperCase();
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  const bom = await post<{ sid: string; uniqueName: string }>(page, '/v1/boms', { uniqueName: `E2E-KEEP-${tag}` });

  await page.goto(`/clear-to-build/${bom.sid}`);
  await expect(page.getByRole('heading', { level: 1, name: `Clear to build: ${bom.uniqueName}` })).toBeVisible();
  await expect(page.getByText('This BOM has no lines yet.')).toBeVisible();

  // A line through the form, with its designators.
  await page.getByRole('button', { name: 'Add a line' }).click();
  const form = page.getByRole('dialog', { name: 'Add a line' });
  await form.getByLabel('Line', { exact: true }).fill('U1');
  await form.getByLabel('Quantity per unit').fill('3');
  await form.getByLabel('Manufacturer part number').fill(part);
  await form.getByLabel('Reference designators').fill('U1, U2, U3');
  await form.getByRole('button', { name: 'Add line' }).click();
  await expect(form).toBeHidden();
  const lines = page.getByRole('table', { name: 'Lines of the bill of materials' });
  const row = lines.getByRole('row', { name: /U1/ });
  await expect(row).toContainText(part);
  await expect(row).toContainText('U1, U2, U3');
  await expect(row.getByRole('cell').nth(4)).toHaveText('0');

  // Ten on the shelf: three units from stock.
  await row.getByRole('button', { name: new RegExp(`Stock of ${part}`) }).click();
  const stock = page.getByRole('dialog', { name: `Stock of ${part}` });
  await expect(stock.getByText('Never counted: stock is 0.')).toBeVisible();
  await stock.getByLabel('On hand').fill('10');
  await stock.getByRole('button', { name: 'Record count' }).click();
  await expect(stock.getByRole('listitem').first()).toContainText('10');
  await expect(stock.getByText('current stock')).toBeVisible();
  await expectNoAxeViolations(page);
  await stock.getByRole('button', { name: 'Close' }).click();
  await expect(row.getByRole('cell').nth(4)).toHaveText('3');

  // The list shows what it can build and what limits it; approved, its delete archives it.
  await page.goto('/clear-to-build');
  const listed = page.getByRole('row', { name: new RegExp(bom.uniqueName) });
  await expect(listed).toContainText('Draft');
  await expect(listed).toContainText(part);
  await listed.getByRole('link', { name: bom.uniqueName }).click();
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByRole('dialog', { name: 'Approve this BOM?' }).getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approved', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('dialog', { name: 'Archive this BOM?' }).getByRole('button', { name: 'Archive' }).click();
  await expect(page).toHaveURL(/\/clear-to-build$/);
  await expect(page.getByRole('link', { name: bom.uniqueName })).toHaveCount(0);
  expect((await page.request.get(`/v1/boms/${bom.sid}`)).status()).toBe(404);
});

test('a buyer links an order line under the vendor’s own part number to a BOM line, and unlinks it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const part = `E2E-LINK-${tag}`.toUpperCase();
  const vendorPart = `VND${tag}-TR`.toUpperCase();
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  // A line of 1 per unit with nothing on hand, and 5 on order under the vendor's number, due in three days.
  const bom = await post<{ sid: string; uniqueName: string }>(page, '/v1/boms', { uniqueName: `E2E-LINK-${tag}` });
  await post(page, '/v1/bomLines', { bomSid: bom.sid, uniqueName: part, requiredQuantity: '1' });
  const today = ((await (await page.request.get(`/v1/boms/${bom.sid}/forecast?weeks=1`)).json()) as { today: string })
    .today;
  const order = await post<{ sid: string }>(page, '/v1/orders', {
    uniqueName: `E2E-LINK-PO-${tag}`,
    vendorName: VENDOR_NAME,
  });
  const item = await post<{ sid: string }>(page, '/v1/items', {
    orderSid: order.sid,
    uniqueName: '10',
    quantity: '5',
    manufacturerPartNumber: vendorPart,
  });
  await post(page, '/v1/itemGroups', { itemSid: item.sid, quantity: '5', dueDate: addDays(today, 3) });

  await page.goto(`/clear-to-build/${bom.sid}`);
  const weeks = page.getByRole('table', { name: 'Clear to build week by week' });
  const nextWeek = weeks.getByRole('row').nth(2).getByRole('cell').nth(1);
  await expect(nextWeek).toHaveText('0');
  const lines = page.getByRole('table', { name: 'Lines of the bill of materials' });
  const row = lines.getByRole('row', { name: new RegExp(part) });
  await expect(row).toContainText('No open orders');

  await row.getByRole('button', { name: `Link an order line to ${part}` }).click();
  const dialog = page.getByRole('dialog', { name: `Link an order line to ${part}` });
  await dialog.getByRole('searchbox', { name: 'Find an open order line' }).fill(vendorPart);
  const found = dialog.getByRole('list', { name: 'Open order lines found' });
  await expect(found.getByRole('listitem')).toHaveCount(1);
  await expectNoAxeViolations(page);
  await found.getByRole('button', { name: `Link E2E-LINK-PO-${tag} to ${part}` }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('(linked by hand)');
  await expect(nextWeek).toHaveText(/^5/);

  await row.getByRole('button', { name: `Unlink E2E-LINK-PO-${tag} from ${part}` }).click();
  await expect(row).toContainText('No open orders');
  await expect(nextWeek).toHaveText('0');
});
