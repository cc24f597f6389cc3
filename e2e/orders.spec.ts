// The orders table's view lives in the URL: filters and sorting survive a
// reload and can be shared as a link.
import { expect, test } from '@playwright/test';
import { buyer, expectNoAxeViolations, signIn } from './support.ts';

test('filters and sorting survive a reload and match what the table shows', async ({ page }) => {
  await signIn(page, buyer.email);
  const table = page.getByRole('table', { name: 'Orders' });
  await expect(table.getByRole('row')).toHaveCount(51);

  // Each change goes through the URL; wait for it before the next, as a person would see it land.
  await page.getByRole('combobox', { name: 'Confirmed' }).selectOption('no');
  await expect(page).toHaveURL(/confirmed=no/);
  // The box is driven by the URL, which updates a moment after the click.
  await page.getByLabel('Only with open flags').click();
  await expect(page.getByLabel('Only with open flags')).toBeChecked();
  await expect(page).toHaveURL(/flagged=1/);
  await table.getByRole('button', { name: /Next due/ }).click();
  await expect(page).toHaveURL(/sort=nextDueDate/);
  await expect(page).toHaveURL(/confirmed=no/);
  await expect(table).not.toHaveAttribute('aria-busy', 'true');
  const filteredCount = await table.getByRole('row').count();
  expect(filteredCount).toBeGreaterThan(1);
  expect(filteredCount).toBeLessThan(51);

  // Every row shown has open flags and is not fully confirmed; due dates ascend.
  const flags = await table.locator('tbody tr td:nth-child(7)').allInnerTexts();
  expect(flags.every((f) => Number(f) > 0)).toBe(true);
  const confirmed = await table.locator('tbody tr td:nth-child(6)').allInnerTexts();
  expect(confirmed.every((c) => c !== '100%')).toBe(true);

  const before = await table.locator('tbody tr td:first-child').allInnerTexts();
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Confirmed' })).toHaveValue('no');
  await expect(page.getByLabel('Only with open flags')).toBeChecked();
  await expect(table.getByRole('columnheader', { name: /Next due/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.locator('tbody tr td:first-child')).toHaveText(before);
  await expectNoAxeViolations(page);
});

test('free-text search finds an order by its number', async ({ page }) => {
  await signIn(page, buyer.email);
  const table = page.getByRole('table', { name: 'Orders' });
  const first = (await table.getByRole('link').first().innerText()).trim();
  await page.getByLabel('Search').fill(first);
  await expect(page).toHaveURL(new RegExp(`q=${first}`));
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('link', { name: first })).toBeVisible();
});
