// The council's list of plans in force in a real browser: the work tray's links, a filter and a
// search, each state through axe, and at 320 CSS pixels wide without scrolling sideways
// (WCAG 1.4.10 reflow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessibleAtEveryWidth } from './lib/browser.mjs';

const session = browserSession();

test('a caseworker finds plans by review, setting and name, on any screen', async () => {
  const page = session.page;
  await signIn(page, 'la.caseworker@example.org');
  await page.getByRole('link', { name: 'Plans', exact: true }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#plans-count').innerText(), /^\d+ plans? in force$/);
  await assertAccessibleAtEveryWidth(page);

  const first = await page.locator('tbody th a').first().innerText();
  await page.getByLabel('Search plans').fill(first.split(' ').pop());
  await page.getByRole('button', { name: 'Show plans' }).click();
  await page.waitForLoadState('load');
  assert.ok(await page.getByRole('link', { name: first, exact: true }).count() > 0, `${first} is found`);

  await page.getByRole('link', { name: 'Overdue reviews' }).click();
  await page.waitForLoadState('load');
  const overdue = await page.locator('#plans-count').innerText();
  assert.ok(/plans? in force|no plans in force/i.test(overdue), overdue);
  assert.equal(await page.getByLabel('Review').inputValue(), 'overdue');
  await assertAccessibleAtEveryWidth(page);

  await page.getByRole('link', { name: 'Ended plans' }).click();
  await page.waitForLoadState('load');
  await assertAccessibleAtEveryWidth(page);
});

test('the council manager checks the SEN2 return and follows a problem to its record', async () => {
  const page = await (await session.browser.newContext()).newPage();
  await signIn(page, 'la.manager@example.org');
  await page.goto(`${BASE_URL}/plans`);
  await page.getByRole('link', { name: 'Check the SEN2 return' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#sen2-summary').innerText(), /^\d+ (person|people) in the return; \d+ problems?/);
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/, 'no yyyy-mm-dd dates');
  assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no ids');
  await assertAccessibleAtEveryWidth(page);
  const problem = page.locator('tbody th a').first();
  const person = await problem.innerText();
  await problem.click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), new RegExp(person.split(' ')[0]));
});
