// Ceasing a plan in a real browser: the council reads its notice of the decision to cease
// Oliver's plan, and is told the plan stays in force while his family may appeal. Each page goes
// through axe, the notice at 320 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessible, assertAccessibleAtEveryWidth } from './lib/browser.mjs';
import { fillDate, submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();

test('a plan the council decided to cease stays in force while the family may appeal', async () => {
  const page = session.page;
  await signIn(page, 'la.caseworker@example.org');
  await page.goto(`${BASE_URL}/plans?q=Oliver`);
  await page.locator('tbody a').first().click();
  await page.waitForLoadState('load');

  await page.getByRole('link', { name: 'Letters and plans sent' }).click();
  await page.waitForLoadState('load');
  await assertAccessibleAtEveryWidth(page);
  await page.getByRole('link', { name: 'Letter: decision to cease the plan', exact: true }).click();
  await page.waitForLoadState('load');
  const notice = await page.locator('main').innerText();
  assert.match(notice, /stays in place/);
  assert.match(notice, /First-tier Tribunal/);
  await assertAccessibleAtEveryWidth(page);
  const pdf = await page.request.get(page.url() + '.pdf');
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  await page.goBack();
  await page.goBack();

  await page.getByRole('link', { name: 'End the plan' }).click();
  await page.waitForLoadState('load');
  await submit(page, 'End the plan');
  assert.match(await errorSummary(page), /Select why the plan ended/);
  await page.getByLabel('Education or training needs met without a plan').check();
  const now = new Date();
  await fillDate(page, 'Date', [String(now.getUTCDate()), String(now.getUTCMonth() + 1), String(now.getUTCFullYear())]);
  await submit(page, 'End the plan');
  // The decision was on 16 November 2026; the family's two months to appeal follow it.
  if (now < new Date('2027-01-17')) {
    assert.match(await errorSummary(page), /The family can appeal until/);
  }
  await assertAccessible(page);
});
