// The public deadlines calculator: a family enters dates through the GOV.UK date inputs and
// sees the duties; mistakes are explained in an error summary. Every state passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, assertAccessible, BASE_URL } from './lib/browser.mjs';

const session = browserSession();

async function enterDate(legend, day, month, year) {
  const group = session.page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

test('the empty form is reachable without signing in and passes axe', async () => {
  const response = await session.page.goto(`${BASE_URL}/deadlines`);
  assert.equal(response.status(), 200);
  await assertAccessible(session.page);
});

test('a family sees the duties that follow from their dates', async () => {
  await session.page.goto(`${BASE_URL}/deadlines`);
  await enterDate('When did the council receive the request for an EHC needs assessment?', '5', '1', '2026');
  await enterDate('When did the council tell you whether it would assess?', '10', '2', '2026');
  await session.page.getByLabel('To carry out an assessment', { exact: true }).check();
  await enterDate('Show where things stand on', '1', '6', '2026');
  await session.page.getByRole('button', { name: 'Show deadlines' }).click();
  await session.page.waitForLoadState('load');
  await assertAccessible(session.page);
  const results = session.page.locator('.govuk-summary-list');
  const text = await results.innerText();
  assert.match(text, /Decide whether to assess\s+Done on time/);
  assert.match(text, /Issue the final EHC plan\s+Overdue/);
  assert.match(text, /Due Monday 25 May 2026 \(plan for Friday 22 May 2026/);
  assert.match(await session.page.locator('.app-timeline').innerText(), /5 January 2026\s+The council received the request/);
});

test('an incomplete or out-of-order date is explained in an accessible error summary', async () => {
  await session.page.goto(`${BASE_URL}/deadlines`);
  await enterDate('When did the council receive the request for an EHC needs assessment?', '5', '', '2026');
  await session.page.getByRole('button', { name: 'Show deadlines' }).click();
  await session.page.waitForLoadState('load');
  assert.match(await session.page.locator('.govuk-error-summary').innerText(), /The date must include a month/);
  assert.match(await session.page.title(), /^Error: /);
  await assertAccessible(session.page);

  await enterDate('When did the council receive the request for an EHC needs assessment?', '5', '1', '2026');
  await enterDate('When was the final EHC plan issued?', '1', '5', '2026');
  await session.page.getByRole('button', { name: 'Show deadlines' }).click();
  await session.page.waitForLoadState('load');
  assert.match(await session.page.locator('.govuk-error-summary').innerText(), /A final plan follows a draft/);
  await assertAccessible(session.page);
});
