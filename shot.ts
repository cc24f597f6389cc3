import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './tests/support/chromium.ts';
const browser = await chromium.launch(chromiumLaunchOptions());
const base = 'http://127.0.0.1:3917';
for (const [w, h] of [[1280, 900], [375, 812]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('ada.buyer@northwind.example');
  await page.getByLabel('Password').fill('factor-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  await page.goto(`${base}/clear-to-build`);
  await page.getByRole('table', { name: 'Bills of materials' }).getByRole('row').nth(1).waitFor();
  await page.screenshot({ path: `/tmp/shot-ctb-${w}.png`, fullPage: false });
  await page.getByRole('link', { name: 'CTRL-BOARD-A' }).click();
  await page.getByRole('table', { name: /^Lines at the target date/ }).waitFor();
  const lines = page.getByRole('table', { name: /^Lines at the target date/ });
  await lines.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/shot-bom-${w}.png`, fullPage: false });
  console.log(w, await lines.getByRole('link', { name: /more on the schedule/ }).count(), 'more links');
  const bomLines = await page.evaluate(() => document.body.innerText.includes('on the schedule'));
  console.log('text', bomLines);
  await page.close();
}
await browser.close();
