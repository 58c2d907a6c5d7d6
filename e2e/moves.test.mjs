// A plan moving between councils, in a real browser: Kent holds Ruby's plan, transferred from
// Medway with its history, and owes the decisions that follow; recording another move is
// refused until the form is complete. Each page goes through axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessible, assertAccessibleAtEveryWidth } from './lib/browser.mjs';
import { submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();

test('a plan transferred in from Medway is Kent\'s, with its history and duties', async () => {
  const page = session.page;
  await signIn(page, 'la.caseworker@example.org');
  await page.goto(`${BASE_URL}/plans?q=Ruby`);
  await page.locator('tbody a').first().click();
  await page.waitForLoadState('load');
  const text = await page.locator('main').innerText();
  assert.match(text, /Final plan issued/, 'the history came with the plan');
  assert.match(text, /Plan transferred to the new council/);
  assert.match(text, /Tell the family the new council.s plans/);
  await assertAccessibleAtEveryWidth(page);

  await page.getByRole('link', { name: 'Record a move to another council' }).click();
  await page.waitForLoadState('load');
  await submit(page, 'Record move');
  assert.match(await errorSummary(page), /Choose the council the family is moving to/);
  await assertAccessible(page);
});
