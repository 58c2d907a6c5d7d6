// Amending a plan in force, in a real browser: the council reads the amendments it proposed
// after Poppy's early review against the plan in force, and is told why the amended plan cannot
// be issued while the family still has time to comment. Each page goes through axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessible, assertAccessibleAtEveryWidth } from './lib/browser.mjs';
import { fillDate, submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();

test('the council sees its proposed amendments and waits for the family', async () => {
  const page = session.page;
  await signIn(page, 'la.caseworker@example.org');
  await page.goto(`${BASE_URL}/plans?q=Poppy`);
  await page.locator('tbody a').first().click();
  await page.waitForLoadState('load');

  await page.getByRole('link', { name: 'See the proposed amendments' }).click();
  await page.waitForLoadState('load');
  const changes = await page.locator('main').innerText();
  assert.match(changes, /Added: B3: Becomes distressed in the dinner hall/);
  await assertAccessibleAtEveryWidth(page);
  await page.goBack();

  await page.getByRole('link', { name: 'Amend the plan' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Proposed amendments sent to the family/);
  await assertAccessible(page);
  await page.goBack();

  await page.getByRole('link', { name: 'Issue the amended plan' }).click();
  await page.waitForLoadState('load');
  const now = new Date();
  await fillDate(page, 'Date', [String(now.getUTCDate()), String(now.getUTCMonth() + 1), String(now.getUTCFullYear())]);
  await submit(page, 'Issue amended plan');
  const errors = await errorSummary(page);
  // The family's 15 days from 25 November 2026 run to 9 December; after that the plan may issue.
  if (now < new Date('2026-12-10')) {
    assert.match(errors, /to comment on the proposed amendments/);
  }
  await assertAccessible(page);
});
