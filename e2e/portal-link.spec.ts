// A vendor's emailed link, against the real server: a buyer finds an update
// request to Voltaris in the Mailbox (this server sends no mail, so its portal
// links are live there), opens the portal as the vendor, lands on the
// vendor's lines (the request's first), confirms one, moves another's ship
// date with a reason and then says it cannot supply it;
// the same link again is used up, says so, and emails a fresh one, which
// shows in the Mailbox.
import { expect, test } from '@playwright/test';
import { buyer, expectNoAxeViolations, signIn, vendor } from './support.ts';

test('a vendor opens the portal from the emailed link once; the used link offers a fresh one', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  // The demo's first run emailed Voltaris's contact.
  await page.goto(`/mailbox?to=${encodeURIComponent(vendor.email)}`);
  const list = page.getByRole('list', { name: 'Emails' });
  await list
    .getByRole('link', { name: /please confirm/ })
    .first()
    .click();
  const open = page.getByRole('link', { name: `Open the portal as ${vendor.email}` });
  await expect(open).toBeVisible();
  await expectNoAxeViolations(page);
  const link = await open.getAttribute('href');
  expect(link).toMatch(/\/portal\/link#token=vl_[^&]+&request=UR/);

  await open.click();
  await expect(page).toHaveURL(/\/portal\?request=UR[0-9a-z]{28}$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Update requests from / })).toBeVisible();
  // The lines the request asked about come first.
  await expect(page.getByRole('region', { name: /^Asked on / })).toBeVisible();
  // Signed in as the vendor: its own lines, none of the buyer's pages.
  await expect(page.getByRole('link', { name: 'Orders', exact: true })).toHaveCount(0);

  // One tap confirms a line; another line gets a new ship date with a reason.
  const confirm = page.getByRole('button', { name: /^Confirm line / }).first();
  const confirmName = (await confirm.getAttribute('aria-label')) ?? '';
  await confirm.click();
  await expect(page.getByText(/confirmed\. The buyer sees it now\./)).toBeVisible();
  await expect(page.getByRole('button', { name: confirmName, exact: true })).toHaveCount(0);
  const change = page.getByRole('button', { name: /^Change date of line / }).first();
  const line = ((await change.getAttribute('aria-label')) ?? '').replace(/^Change date of line /, '');
  await change.click();
  const form = page.getByRole('form', { name: `New ship date of line ${line}` });
  await form.getByLabel('New ship date').fill('2030-06-14');
  await form.getByLabel('Reason (optional)').fill('Wafer allocation moved.');
  await form.getByRole('button', { name: 'Save date' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText(/ship date .* sent with your reason\. The buyer sees it now\./)).toBeVisible();
  // The same line cannot be supplied after all: the reason is asked for, and the line says what the buyer sees.
  await page.getByRole('button', { name: `Cannot supply line ${line}`, exact: true }).click();
  const why = page.getByRole('form', { name: `Cannot supply line ${line}` });
  await why.getByLabel('Why can you not supply it?').fill('Discontinued by the maker.');
  // Sent once the date's save (and its reason's message) is done: the button says so while it is not.
  const send = why.getByRole('button', { name: 'Send: cannot supply' });
  await expect(send).not.toHaveAttribute('aria-disabled', 'true');
  await send.click();
  await expect(why).toBeHidden();
  await expect(page.getByText('You cannot supply it: Discontinued by the maker.')).toBeVisible();
  await expect(page.locator('[data-sonner-toast]')).toHaveCount(0, { timeout: 15_000 });
  await expectNoAxeViolations(page);

  // The link is used up: it says so, keeps the token out of the address bar, and emails a fresh one.
  await page.goto(link ?? '');
  await expect(page.getByText('This link has expired or was already used.')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Email me a new link' }).click();
  await expect(page.getByRole('status')).toContainText('a new one is on its way to the address it was sent to');

  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/mailbox?to=${encodeURIComponent(vendor.email)}`);
  await expect(list.getByRole('link', { name: /Your new link to / })).toHaveCount(1);

  // The buyer's side: the date moved past the due date raised New Delay on that order, with the vendor's change
  // in its history.
  const orderNumber = line.split(' of order ')[1];
  // Found by its number: the flags list is shared with tests running beside this one, and its first page moves.
  await page.goto(`/orders?q=${encodeURIComponent(orderNumber)}`);
  await page.getByRole('table', { name: 'Orders' }).getByRole('link', { name: orderNumber, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${orderNumber}` })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Resolve New delay on / }).first()).toBeVisible();
  const history = page.getByRole('list', { name: `History of order ${orderNumber}` });
  await expect(history).toContainText(/Ship date: .*2030/);
  // The history keeps what the vendor said (other tests running beside this one may confirm the line since, which
  // withdraws the statement and its Cannot Supply flag).
  await expect(history).toContainText(/cannot be supplied/);
  await expect(history).toContainText('Reason: none → Discontinued by the maker.');
});
