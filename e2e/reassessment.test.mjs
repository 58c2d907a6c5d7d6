// Re-assessment in a real browser: the council records a request to re-assess a plan in force
// and decides on it; each form, with its errors, goes through axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessible } from './lib/browser.mjs';
import { fillDate, submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();

test('the council records a request to re-assess and decides within 15 days', async () => {
  const page = session.page;
  await signIn(page, 'la.caseworker@example.org');
  await page.goto(`${BASE_URL}/plans?q=Ruby`);
  await page.locator('tbody a').first().click();
  await page.waitForLoadState('load');

  await page.getByRole('link', { name: 'Record a request for a re-assessment' }).click();
  await page.waitForLoadState('load');
  await submit(page, 'Send request');
  const errors = await errorSummary(page);
  assert.match(errors, /Select who asked for the re-assessment/);
  assert.match(errors, /Say why a re-assessment is needed/);
  await assertAccessible(page);
  await page.getByLabel('The school or college').check();
  await page.getByLabel('Why a re-assessment is needed').fill('Ruby\'s hearing has got worse since her plan was made.');
  const now = new Date();
  const today = [String(now.getUTCDate()), String(now.getUTCMonth() + 1), String(now.getUTCFullYear())];
  await fillDate(page, 'Date', today);
  await submit(page, 'Send request');

  await page.getByRole('link', { name: 'Decide whether to re-assess' }).click();
  await page.waitForLoadState('load');
  await page.getByLabel('Yes, re-assess').check();
  await page.getByLabel('Reasons for the decision').fill('New audiology advice is needed.');
  await fillDate(page, 'Date', today);
  await submit(page, 'Record decision');
  assert.ok(await page.getByRole('link', { name: 'Issue the re-assessed plan' }).count() > 0);
  await assertAccessible(page);
});
