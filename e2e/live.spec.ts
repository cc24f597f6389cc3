// Live updates across browsers, against the real server: a buyer and a vendor
// each have a page open; each sees the other's change without reloading, and
// the buyer's count of open flags follows a colleague's dismissal.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_LOGINS } from '../server/seed/demo.ts';
import { buyer, expectNoAxeViolations, signIn } from './support.ts';

const VENDOR_NAME = 'Voltaris Components';
const VENDOR_EMAIL = 'sales@voltaris.example';
const admin = DEMO_LOGINS.find((l) => l.role === 'admin' && !l.organization)!;

async function send<T>(page: Page, method: 'post' | 'patch', path: string, data: object, status = 201): Promise<T> {
  const response = await page.request[method](path, { headers: { origin: new URL(page.url()).origin }, data });
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

test('a buyer and a vendor see each other’s changes without reloading', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
  const orderNumber = `E2E-LIVE-${tag}`;
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  const vendors = (await (await page.request.get(`/v1/vendors?q=${encodeURIComponent(VENDOR_NAME)}`)).json()) as {
    vendors: { sid: string; name: string }[];
  };
  const vendorSid = vendors.vendors.find((v) => v.name === VENDOR_NAME)?.sid;
  const order = await send<{ sid: string }>(page, 'post', '/v1/orders', { uniqueName: orderNumber, vendorSid });
  const item = await send<{ sid: string }>(page, 'post', '/v1/items', {
    orderSid: order.sid,
    uniqueName: '10',
    quantity: '40',
  });
  const line = await send<{ sid: string; version: number }>(page, 'post', '/v1/itemGroups', {
    itemSid: item.sid,
    quantity: '40',
    dueDate: '2030-06-03',
  });
  await page.goto(`/orders/${order.sid}`);
  await expect(page.getByRole('heading', { level: 1, name: `Order ${orderNumber}` })).toBeVisible();
  const confirmedShare = page.getByText(/% of shipments$/);
  await expect(confirmedShare).toHaveText('0% of shipments');

  const vendorContext = await browser.newContext({ baseURL });
  try {
    const portal = await vendorContext.newPage();
    await signIn(portal, VENDOR_EMAIL);
    await expect(portal).toHaveURL(/\/portal/);
    // Voltaris serves two customers: its session reads this buyer's.
    const organizationSid = (
      (await (await page.request.get('/v1/session')).json()) as { organization: { sid: string } }
    ).organization.sid;
    await send(portal, 'post', '/v1/session/organization', { organizationSid }, 200);
    await portal.reload();
    const named = `line 10 of order ${orderNumber}`;
    const confirm = portal.getByRole('button', { name: `Confirm ${named}`, exact: true });
    // The portal opens on the most pressing orders, folded; this one is due in 2030, further down.
    const region = portal.getByRole('region', { name: `Order ${orderNumber}` });
    const more = portal.getByRole('button', { name: /^Show \d+ more orders/ });
    await expect(more.or(region).first()).toBeVisible();
    while ((await region.count()) === 0 && (await more.count()) > 0) await more.click();
    const unfold = region.getByRole('button', { name: `Show the 1 line of order ${orderNumber} (1 to answer)` });
    if (await unfold.isVisible()) await unfold.click();
    await expect(confirm).toBeVisible();
    const card = portal.getByRole('listitem').filter({ has: confirm });
    await expect(card).toContainText('Quantity 40');

    // The buyer changes the quantity (through the API, as an ERP would): the vendor's open page shows it.
    await send(page, 'patch', `/v1/itemGroups/${line.sid}`, { version: line.version, quantity: '55' }, 200);
    await expect(card).toContainText('Quantity 55', { timeout: 5000 });

    // The vendor confirms on its page: the buyer's open order page counts it.
    await confirm.click();
    await expect(portal.getByText(/confirmed\. The buyer sees it now\./)).toBeVisible();
    await expect(confirmedShare).toHaveText('100% of shipments', { timeout: 5000 });

    // The buyer writes about the order: the vendor's open portal shows it as new, naming the order.
    const buyerThread = page.getByRole('list', { name: `Messages about order ${orderNumber}` });
    const buyerComposer = page.getByRole('form', { name: 'Write a message' });
    await buyerComposer.getByLabel('New message').fill('Could you ship the 55 in one go?');
    await buyerComposer.getByRole('button', { name: 'Send message' }).click();
    await expect(buyerThread.getByText('Could you ship the 55 in one go?')).toBeVisible();
    const news = portal.getByRole('region', { name: /new messages? from Northwind Robotics/ });
    await expect(news.getByText('Could you ship the 55 in one go?')).toBeVisible({ timeout: 5000 });
    await expect(news).toContainText(`About ${orderNumber}`);

    // The vendor answers in the order's conversation about the line: the buyer's open page shows it.
    await portal.getByRole('button', { name: `Show messages about order ${orderNumber}` }).click();
    const vendorThread = portal.getByRole('list', { name: `Messages about order ${orderNumber}` });
    await expect(vendorThread.getByText('Could you ship the 55 in one go?')).toBeVisible();
    const vendorComposer = portal.getByRole('form', { name: 'Write a message' });
    await vendorComposer.getByLabel('New message').fill('Yes, all 55 on the same truck.');
    await vendorComposer.getByRole('button', { name: 'Send message' }).click();
    await expect(vendorThread.getByText('Yes, all 55 on the same truck.')).toBeVisible();
    const answer = buyerThread.getByRole('listitem').filter({ hasText: 'Yes, all 55 on the same truck.' });
    await expect(answer).toBeVisible({ timeout: 5000 });
    await expect(answer).toContainText(VENDOR_NAME);
    await expectNoAxeViolations(portal);
  } finally {
    await vendorContext.close();
  }
  await expectNoAxeViolations(page);
});

test('the count of open flags in the navigation follows a colleague’s dismissal', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  const badge = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Flags/ });
  await expect(badge).toHaveAccessibleName(/^Flags \d+ open$/);
  const shown = async () => Number(/(\d+)/.exec((await badge.textContent()) ?? '')?.[1]);

  const colleague = await browser.newContext({ baseURL });
  try {
    const other = await colleague.newPage();
    await signIn(other, admin.email);
    await expect(other).toHaveURL(/\/$/);
    const open = (await (await other.request.get('/v1/flags?status=open&pageSize=1')).json()) as {
      flags: { sid: string }[];
    };
    const flag = open.flags[0];
    expect(flag).toBeDefined();
    const before = await shown();
    await send(other, 'patch', `/v1/flags/${flag.sid}`, { status: 'dismissed', message: 'Handled by phone' }, 200);
    const openNow = async () =>
      ((await (await other.request.get('/v1/flags/counts?status=open')).json()) as { total: number }).total;
    expect(await openNow()).not.toBe(before);
    // Other tests run beside this one and move flags too: the badge shows the count as it is now, without a reload.
    await expect.poll(async () => (await shown()) === (await openNow()), { timeout: 5000 }).toBe(true);
  } finally {
    await colleague.close();
  }
});
