// The early years in a real browser: the nursery's SENCO opens the page of a two-year-old whose
// progress check is due, records the check (an incomplete form first), is prompted to consider
// SEN support by a "not yet" judgement, and opens the summary for the parents. Every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, signIn, assertAccessible } from './lib/browser.mjs';
import { fillDate, submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();

// A week ago: inside the window of a child who turned two in July 2026, whatever day this runs.
function aWeekAgo() {
  const d = new Date(Date.now() - 7 * 24 * 3600 * 1000);
  return [String(d.getUTCDate()), String(d.getUTCMonth() + 1), String(d.getUTCFullYear())];
}

test("a nursery SENCO records a child's progress check at age two and prints the parents' summary", async () => {
  const page = session.page;
  await signIn(page, 'nursery.senco@example.org');
  await page.getByRole('link', { name: 'SEN register', exact: true }).click();
  await page.waitForLoadState('load');
  const register = await page.locator('main').innerText();
  assert.match(register, /Harbourside Nursery School/);
  assert.match(register, /Progress checks at age two due \(1\)\s+Milo Forde: by Thursday 1 July 2027/);
  await assertAccessible(page);
  // Milo is listed twice: among the checks due and on the register; the first is the checks due.
  await page.getByRole('link', { name: 'Milo Forde' }).first().click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Progress check at age two\s+Due now: to be done by Thursday 1 July 2027/);
  await assertAccessible(page);

  await page.getByRole('link', { name: 'Record a progress check' }).click();
  await page.waitForLoadState('load');
  await submit(page, 'Save progress check');
  const errors = await errorSummary(page);
  assert.match(errors, /Enter the date of the check/);
  assert.match(errors, /Select a judgement for communication and language/);
  await assertAccessible(page);

  await fillDate(page, 'Date of the check', aWeekAgo());
  const judge = (area, label) => page.getByRole('group', { name: area, exact: true }).getByLabel(label).check();
  await judge('Communication and language', 'Not yet: needs support');
  await judge('Physical development', 'On track');
  await judge('Personal, social and emotional development', 'Emerging: some concern');
  await page.getByLabel("The child's strengths").fill('Milo loves the sand tray and watches other children closely.');
  await page.getByLabel('Where more support is needed and what the setting will do').fill('Daily small-group listening games, with signing.');
  await page.getByLabel("The parents' comments").fill('He points for what he wants.');
  await page.getByLabel('Shared with the health visitor', { exact: false }).check();
  await submit(page, 'Save progress check');
  const main = await page.locator('main').innerText();
  assert.match(main, /Done on/);
  assert.match(main, /Not yet in: Communication and language\. Consider SEN support through the graduated approach/);
  assert.match(main, /Talk to the parents/);
  await assertAccessible(page);

  await page.getByRole('link', { name: 'Read and print the summary for the parents' }).click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('h1').innerText(), 'Progress check at age two: Milo Forde');
  assert.match(await page.locator('main').innerText(), /Milo loves the sand tray/);
  await assertAccessible(page);
  const href = await page.getByRole('link', { name: 'Download this as a PDF' }).getAttribute('href');
  const pdf = await page.request.get(new URL(href, page.url()).href);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
});
