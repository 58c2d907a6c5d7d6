// Annual reviews in a real browser, each page through axe: the school opens a review from its
// statutory tasks and is told what a step lacks; the educational psychologist invited to Grace's
// review finds it among their advice requests and gives their advice, which the school then
// reads; the council sends the overdue report and decides; the young person reads their review,
// preparing for adulthood and all, and the notice, which speaks to them, as a page and a PDF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessible, assertAccessibleAtEveryWidth } from './lib/browser.mjs';
import { fillDate, submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();

async function freshPage() {
  return (await session.browser.newContext()).newPage();
}

function todayParts() {
  const now = new Date();
  return [String(now.getUTCDate()), String(now.getUTCMonth() + 1), String(now.getUTCFullYear())];
}

test('the school opens a review from its tasks and is told what a step lacks', async () => {
  const page = await freshPage();
  await signIn(page, 'senco@example.org');
  await page.goto(`${BASE_URL}/school-tasks`);
  // Grace's review (Medway's plan, at Oakfield) is arranged for December.
  await page.locator('tr').filter({ hasText: 'Grace Ayodele' }).locator('a[href$="/review"]').first().click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('h1').innerText(), 'Annual review');
  await assertAccessibleAtEveryWidth(page);

  await page.getByRole('link', { name: 'Arrange the review meeting' }).click();
  await page.waitForLoadState('load');
  assert.ok(await page.getByLabel('The school or college').isChecked(), 'the setting is invited unless unticked');
  await assertAccessible(page);
  await page.goBack();

  await page.getByRole('link', { name: 'Record the meeting' }).click();
  await page.waitForLoadState('load');
  await submit(page, 'Record meeting');
  const errors = await errorSummary(page);
  assert.match(errors, /Enter who came to the meeting/);
  assert.match(errors, /Enter what the meeting agreed/);
  await assertAccessible(page);
});

test('the invited educational psychologist gives advice for the review, and the school reads it', async () => {
  const page = await freshPage();
  await signIn(page, 'ep@example.org');
  await page.getByRole('link', { name: 'Advice requests', exact: true }).click();
  await page.waitForLoadState('load');
  const invited = page.locator('#review-invitations tr').filter({ hasText: 'Grace Ayodele' });
  assert.match(await invited.innerText(), /7 December 2026/);
  await assertAccessibleAtEveryWidth(page);

  await invited.getByRole('link', { name: 'Grace Ayodele' }).click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('h1').innerText(), 'Annual review');
  assert.equal(await page.getByRole('link', { name: 'Arrange the review meeting' }).count(), 0, 'the review is theirs to read');
  await assertAccessibleAtEveryWidth(page);

  await page.getByRole('link', { name: 'Give your advice' }).click();
  await page.waitForLoadState('load');
  await assertAccessibleAtEveryWidth(page);
  await submit(page, 'Send advice');
  assert.match(await errorSummary(page), /Enter your advice for the review/);
  await assertAccessible(page);
  await page.getByLabel('Your advice').fill('Grace follows two-step instructions now: keep the language group.');
  await submit(page, 'Send advice');
  assert.equal(await page.locator('h1').innerText(), 'Annual review');
  assert.match(await page.locator('#professional-advice-status').innerText(), /Given/);

  const school = await freshPage();
  await signIn(school, 'senco@example.org');
  await school.goto(`${BASE_URL}/school-tasks`);
  await school.locator('tr').filter({ hasText: 'Grace Ayodele' }).locator('a[href$="/review"]').first().click();
  await school.waitForLoadState('load');
  assert.match(await school.locator('#professional-advice-status').innerText(), /1 of 1 received/);
  assert.match(await school.locator('#advice-given').innerText(), /keep the language group/);
  await assertAccessibleAtEveryWidth(school);
});

test('the council sends the overdue report and decides, and the young person reads it all', async () => {
  const page = await freshPage();
  await signIn(page, 'la.caseworker@example.org');
  await page.goto(`${BASE_URL}/plans?q=Jordan`);
  await page.locator('tbody a').first().click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: 'Annual review' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#report-status').innerText(), /Overdue/);

  await page.getByRole('link', { name: 'Send the review report' }).click();
  await page.waitForLoadState('load');
  await page.getByLabel('Keep the plan as it is').check();
  await page.getByLabel('Summary of the review').fill('Jordan is settled at college; the mentoring works.');
  await fillDate(page, 'Date sent', todayParts());
  await submit(page, 'Send report');
  assert.match(await page.locator('#report-status').innerText(), /Done on/);

  await page.getByRole('link', { name: 'Decide: keep, amend or cease the plan' }).click();
  await page.waitForLoadState('load');
  await submit(page, 'Record decision');
  assert.match(await errorSummary(page), /Select the council's decision/);
  await assertAccessible(page);
  await page.getByLabel('Keep the plan as it is').check();
  await page.getByLabel('Reasons for the decision').fill('The plan meets Jordan\'s needs as they are.');
  await fillDate(page, 'Date the family was told', todayParts());
  await submit(page, 'Record decision');
  await page.getByRole('link', { name: 'Read the notice of the latest decision' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /First-tier Tribunal/);
  await assertAccessible(page);

  const own = await freshPage();
  await signIn(own, 'young.person@example.org');
  await own.goto(`${BASE_URL}/children`);
  await own.locator('a[href^="/children/"]').first().click();
  await own.waitForLoadState('load');
  await own.locator('a[href^="/ehc-requests/"]').first().click();
  await own.waitForLoadState('load');
  await own.getByRole('link', { name: 'Annual review' }).click();
  await own.waitForLoadState('load');
  const text = await own.locator('main').innerText();
  assert.match(text, /Keep the plan as it is/);
  assert.match(text, /The plan meets Jordan's needs as they are/);
  await assertAccessibleAtEveryWidth(own);

  // The letter is Jordan's own: from 16 the young person decides, so it speaks to them.
  await own.goBack();
  await own.getByRole('link', { name: 'Letters and plans sent' }).click();
  await own.waitForLoadState('load');
  await assertAccessibleAtEveryWidth(own);
  await own.getByRole('link', { name: 'Letter: decision after the annual review', exact: true }).click();
  await own.waitForLoadState('load');
  const letter = await own.locator('main').innerText();
  assert.match(letter, /To Jordan Hale/);
  assert.match(letter, /The plan meets Jordan's needs as they are/);
  assert.doesNotMatch(letter, /your child/);
  await assertAccessibleAtEveryWidth(own);
  const pdf = await own.request.get(own.url() + '.pdf');
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
});
