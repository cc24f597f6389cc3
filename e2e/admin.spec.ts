// Administration end to end, as the second demo organization's admin (the
// first's allowlist is the embedding spec's): an API key made (its secret
// shown once) and revoked after a confirmation; the embed allowlist refused
// with the bad origin named, then saved and still there after a reload; the
// preview signs its view in as a host page would. A buyer is told the page is
// for admins.
import { expect, test } from '@playwright/test';
import { buyer, expectNoAxeViolations, signIn } from './support.ts';

const HELIX_ADMIN = 'iris.novak@helix-medical.example';

test('an admin makes and revokes an API key, keeps the embed allowlist and previews a view', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, HELIX_ADMIN);
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();

  // An API key: its secret once, then only its first characters.
  const keyName = `ERP connector ${Date.now().toString(36)}`;
  const form = page.getByRole('form', { name: 'New API key' });
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByRole('alert')).toHaveText('Give the key a name: what uses it.');
  await form.getByLabel('Name').fill(keyName);
  await form.getByLabel('May').selectOption('Only read');
  await form.getByRole('button', { name: 'Create key' }).click();
  const secret = page.getByLabel('The new key');
  await expect(secret).toHaveText(/^fk_/);
  const secretText = (await secret.textContent()) ?? '';
  await page.getByRole('button', { name: 'I have stored it' }).click();
  await expect(page.getByLabel('The new key')).toHaveCount(0);
  const keys = page.getByRole('table', { name: 'Your organization’s API keys' });
  const row = keys.getByRole('row', { name: new RegExp(keyName) });
  await expect(row).toContainText('Active');
  await expect(row).toContainText(secretText.slice(0, 6));
  await expect(row).toContainText('Only read');
  // It reads through the API, writes nothing, until revoked.
  expect((await page.request.get('/v1/orders', { headers: { authorization: `Bearer ${secretText}` } })).status()).toBe(
    200,
  );
  const write = await page.request.post('/v1/boms', {
    headers: { authorization: `Bearer ${secretText}` },
    data: { uniqueName: `Read key ${keyName}` },
  });
  expect(write.status()).toBe(403);
  await row.getByRole('button', { name: `Revoke ${keyName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Revoke ${keyName}?` });
  await dialog.getByRole('button', { name: 'Revoke key' }).click();
  await expect(row).toContainText('Revoked');
  expect((await page.request.get('/v1/orders', { headers: { authorization: `Bearer ${secretText}` } })).status()).toBe(
    401,
  );

  // The allowlist: a bad origin is named and nothing is saved; good ones are kept.
  const origins = page.getByRole('form', { name: 'Allowed origins' });
  const field = origins.getByLabel('Allowed origins, one per line');
  await field.fill('https://intranet.helix.example\nintranet.example');
  await origins.getByRole('button', { name: 'Save origins' }).click();
  await expect(origins.getByRole('alert')).toContainText('“intranet.example” is not an http(s) origin');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('https://intranet.helix.example/\nhttps://wiki.helix.example:8443');
  await origins.getByRole('button', { name: 'Save origins' }).click();
  await expect(
    page.getByText('Pages on https://intranet.helix.example, https://wiki.helix.example:8443 may embed'),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Allowed origins, one per line')).toHaveValue(
    'https://intranet.helix.example\nhttps://wiki.helix.example:8443',
  );
  await expect(page.getByLabel('Host snippet')).toContainText("fetch('/factor-embed-session')");

  // The preview frames the view and signs it in, as a host page would.
  const preview = page.frameLocator('iframe[title="Preview of the embedded schedule view"]');
  await expect(preview.getByRole('heading', { level: 1, name: /^Schedule/ })).toBeVisible();
  await page.getByRole('radio', { name: 'Open flags' }).check();
  const flags = page.frameLocator('iframe[title="Preview of the embedded open flags view"]');
  await expect(flags.getByRole('heading', { level: 1, name: /^Open flags/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('an admin invites a colleague, who sets a password from the link; deactivated, they are signed out', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signIn(page, HELIX_ADMIN);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/admin');
  const email = `nia.${Date.now().toString(36)}@helix-medical.example`;
  const invite = page.getByRole('form', { name: 'Invite a colleague' });
  await invite.getByLabel('Email').fill(email);
  await invite.getByLabel('First name (optional)').fill('Nia');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();
  const users = page.getByRole('table', { name: 'Your organization’s users' });
  await expect(users.getByRole('row', { name: new RegExp(email) })).toContainText('Invited');

  // The emailed link (this server sends no mail: the admin reads it from the outbox).
  const list = await page.request.get(`/v1/outboxEmails?toAddress=${encodeURIComponent(email)}`);
  const [sent] = ((await list.json()) as { outboxEmails: { sid: string }[] }).outboxEmails;
  const detail = (await (await page.request.get(`/v1/outboxEmails/${sent.sid}`)).json()) as { textBody: string };
  const link = /https?:\/\/\S+\/invite#token=\S+/.exec(detail.textBody)?.[0] ?? '';
  expect(link).toContain('/invite#token=ui_');

  const colleague = await browser.newContext({ baseURL });
  const theirs = await colleague.newPage();
  await theirs.goto(link);
  await expect(theirs.getByRole('heading', { level: 1, name: 'Join Factor' })).toBeVisible();
  // The token leaves the address bar at once.
  expect(new URL(theirs.url()).hash).toBe('');
  await expectNoAxeViolations(theirs);
  const choose = theirs.getByRole('form', { name: 'Choose your password' });
  await choose.getByLabel('Password', { exact: true }).fill('a new password');
  await choose.getByLabel('The same password again').fill('a new passwort');
  await choose.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(choose.getByRole('alert')).toHaveText('The two passwords differ.');
  await choose.getByLabel('The same password again').fill('a new password');
  await choose.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(theirs.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

  await page.reload();
  const row = page
    .getByRole('table', { name: 'Your organization’s users' })
    .getByRole('row', { name: new RegExp(email) });
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'Deactivate: Nia' }).click();
  await page.getByRole('dialog', { name: 'Deactivate Nia?' }).getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');
  // Their open page hears the session end and goes to sign in; the password no longer works.
  await expect(theirs).toHaveURL(/\/login/, { timeout: 15_000 });
  await signIn(theirs, email, 'a new password');
  await expect(theirs.getByRole('alert')).toContainText('deactivated');
  await colleague.close();
});

test('an admin adds a vendor, edits it and adds a contact who gets a portal link', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, HELIX_ADMIN);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/admin');
  const stamp = Date.now().toString(36);
  const name = `Orbit Plastics ${stamp}`;
  const form = page.getByRole('form', { name: 'New vendor' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('ERP code (optional)').fill(`V-${stamp}`);
  await form.getByRole('button', { name: 'Add vendor' }).click();
  await expect(page.getByText(`${name} is added.`)).toBeVisible();
  // The same code again is refused at the code field.
  await form.getByLabel('Name').fill(`Orbit twin ${stamp}`);
  await form.getByLabel('ERP code (optional)').fill(`V-${stamp}`);
  await form.getByRole('button', { name: 'Add vendor' }).click();
  await expect(form.getByRole('alert')).toContainText(`The code V-${stamp} is ${name}'s already.`);
  await expect(form.getByLabel('ERP code (optional)')).toHaveAttribute('aria-invalid', 'true');

  await page
    .getByRole('table', { name: 'Your vendors' })
    .getByRole('button', { name: `Manage ${name}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Vendor ${name}` });
  const edit = dialog.getByRole('form', { name: `Edit ${name}` });
  await edit.getByLabel('Orders address (optional)').fill(`orders@orbit-${stamp}.example`);
  await edit.getByRole('button', { name: 'Save vendor' }).click();
  await expect(page.getByText(`${name} is saved.`)).toBeVisible();
  const contact = `kai@orbit-${stamp}.example`;
  const add = dialog.getByRole('form', { name: `Add a contact to ${name}` });
  await add.getByLabel('Contact’s email').fill(contact);
  await add.getByRole('button', { name: 'Add contact' }).click();
  await expect(page.getByText(`${contact} is a contact of ${name}`)).toBeVisible();
  await expect(dialog.getByRole('listitem').filter({ hasText: contact })).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(
    page.getByRole('table', { name: 'Your vendors' }).getByRole('row', { name: new RegExp(name) }),
  ).toContainText(`orders@orbit-${stamp}.example`);
  // The invitation is in the outbox, with its portal link.
  const list = await page.request.get(`/v1/outboxEmails?toAddress=${encodeURIComponent(contact)}`);
  const [sent] = ((await list.json()) as { outboxEmails: { subject: string }[] }).outboxEmails;
  expect(sent.subject).toContain('invites you to answer its update requests');
});

test('an admin uploads the organization’s logo, served by the app, and removes it; the calendar is Settings’ own', async ({
  page,
}) => {
  await signIn(page, HELIX_ADMIN);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/admin');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  await page.getByLabel('Logo').setInputFiles({ name: 'helix.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByText('The new logo is saved.')).toBeVisible();
  const logo = page.getByRole('img', { name: 'The organization’s logo' });
  // Loaded from /logos/ through the app's own content security policy.
  await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Remove logo' }).click();
  await expect(page.getByText('The logo is removed.')).toBeVisible();
  await expect(page.getByText('No logo')).toBeVisible();
  // The calendar here is the follow-up settings' own: the same time zone as under Settings.
  const calendar = page.getByRole('region', { name: 'Calendar' });
  const zone = await calendar.getByLabel('Time zone').inputValue();
  expect(zone).not.toBe('');
  await page.goto('/settings');
  await expect(page.getByRole('region', { name: 'Calendar' }).getByLabel('Time zone')).toHaveValue(zone);
});

test('a buyer is told administration is for admins', async ({ page }) => {
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await expect(
    page.getByText('Only an admin of your organization can manage users, vendors, API keys and embedding.'),
  ).toBeVisible();
  await expect(page.getByRole('form', { name: 'New API key' })).toHaveCount(0);
});
