// Mediation and appeals in a real browser: Noah's parents disagree with the decision not to
// assess him and asked for mediation; the council records the mediation, its certificate and the
// appeal, being told first what the appeal lacks. Each page goes through axe, at 320 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessible, assertAccessibleAtEveryWidth } from './lib/browser.mjs';
import { fillDate, submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();
const now = new Date();
const today = [String(now.getUTCDate()), String(now.getUTCMonth() + 1), String(now.getUTCFullYear())];

async function openStep(page, name) {
  await page.getByRole('link', { name: 'Mediation and appeals' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name }).click();
  await page.waitForLoadState('load');
}

test('the council records Noah\'s mediation, its certificate and the appeal', async () => {
  const page = session.page;
  await signIn(page, 'la.caseworker@example.org');
  await page.goto(`${BASE_URL}/children?q=Noah`);
  await page.getByRole('link', { name: 'Noah Adeyemi' }).click();
  await page.waitForLoadState('load');
  await page.locator('main ul.govuk-list a').first().click();
  await page.waitForLoadState('load');
  const request = page.url();

  await page.getByRole('link', { name: 'Mediation and appeals' }).click();
  await page.waitForLoadState('load');
  const overview = await page.locator('main').innerText();
  assert.match(overview, /Hold mediation/);
  await assertAccessibleAtEveryWidth(page);

  await page.getByRole('link', { name: 'Record the mediation' }).click();
  await page.waitForLoadState('load');
  await page.getByLabel('No agreement').check();
  await page.getByLabel('What was agreed or left open').fill('The family still want an assessment');
  await fillDate(page, 'Date', today);
  await submit(page, 'Record mediation');
  await page.goto(request);
  await openStep(page, 'Record the mediation certificate');
  await fillDate(page, 'Date', today);
  await submit(page, 'Record certificate');

  await page.goto(request);
  await openStep(page, 'Record an appeal to the Tribunal');
  await fillDate(page, 'Registered on', today);
  await submit(page, 'Save appeal');
  assert.match(await errorSummary(page), /Choose what the appeal is about/);
  await assertAccessible(page);
  await page.getByLabel('A refusal to assess, to issue a plan or to re-assess').check();
  await submit(page, 'Save appeal');

  await page.goto(request);
  await page.getByRole('link', { name: 'Mediation and appeals' }).click();
  await page.waitForLoadState('load');
  const after = await page.locator('main').innerText();
  assert.match(after, /No agreement was reached/);
  assert.match(after, /A refusal to assess/);
  assert.match(after, /Record the Tribunal's decision/);
  await assertAccessibleAtEveryWidth(page);
});

test('the council manager sees mediation and appeals by stage and the order due', async () => {
  const page = await (await session.browser.newContext()).newPage();
  await signIn(page, 'la.manager@example.org');
  await page.goto(`${BASE_URL}/plans`);
  await page.getByRole('link', { name: 'Mediation and appeals' }).click();
  await page.waitForLoadState('load');
  const overview = await page.locator('main').innerText();
  // Jordan's Tribunal order to amend section F is due within 5 weeks of 23 November.
  assert.match(overview, /Jordan/);
  assert.match(overview, /Issue the plan amended as ordered/);
  assert.match(overview, /Section I: the school or other institution/);
  await assertAccessibleAtEveryWidth(page);
});
