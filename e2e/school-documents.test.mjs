// What a school writes beyond the register, in a real browser: the SENCO writes a pupil's
// one-page profile (with its error state) and prints it, edits the school's SEN information
// report, and a signed-out visitor reads the published report. Every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, signIn, assertAccessible, childLinks, BASE_URL } from './lib/browser.mjs';

const session = browserSession();
let reportUrl;

test('a SENCO writes a one-page profile, prints it and publishes the SEN information report', async () => {
  const page = session.page;
  await signIn(page, 'senco@example.org');
  await page.getByRole('link', { name: 'SEN register', exact: true }).click();
  await page.waitForLoadState('load');
  const register = page.url();
  await page.locator('tbody a').first().click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /One-page profile/);
  await assertAccessible(page);

  await page.getByRole('link', { name: /(Write|Update) the one-page profile/ }).click();
  await page.waitForLoadState('load');
  await page.getByLabel('What people like and admire about me').fill('');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.waitForLoadState('load');
  const summary = await page.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Enter what people like and admire about me/);
  assert.match(summary, /Enter the date the profile was agreed/);
  await assertAccessible(page);

  await page.getByLabel('What people like and admire about me').fill('Brilliant at drawing dinosaurs and kind to new pupils.');
  await page.getByLabel("What's important to me").fill('My grandad, football at lunchtime and knowing the plan for the day.');
  await page.getByLabel('How best to support me').fill('Show me what to do as well as telling me.');
  await page.getByLabel('Who wrote this profile with the pupil').fill('The pupil, their mum and the SENCO');
  const agreed = page.getByRole('group', { name: 'Date agreed' });
  await agreed.getByLabel('Day').fill('2');
  await agreed.getByLabel('Month').fill('10');
  await agreed.getByLabel('Year').fill('2026');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /agreed Friday 2 October 2026 with The pupil, their mum and the SENCO/);

  await page.getByRole('link', { name: 'Read and print the one-page profile' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Brilliant at drawing dinosaurs/);
  await assertAccessible(page);

  await page.goto(register);
  await page.getByRole('link', { name: 'Edit the report' }).click();
  await page.waitForLoadState('load');
  await assertAccessible(page);
  await page.getByLabel('Complaints about SEN provision').fill('Talk to the SENCO first; our complaints policy explains the next steps.');
  await page.getByRole('button', { name: 'Publish the report' }).click();
  await page.waitForLoadState('load');
  reportUrl = page.url();
  assert.match(new URL(reportUrl).pathname, /^\/schools\/\d{6}\/sen-information-report$/);
  assert.match(await page.locator('main').innerText(), /Talk to the SENCO first/);
});

test('a signed-out visitor reads the published report, with counts only', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await page.goto(reportUrl ?? `${BASE_URL}/schools/990101/sen-information-report`);
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
  const main = await page.locator('main').innerText();
  assert.match(main, /SEN information report/);
  assert.match(main, /All pupils with SEN/);
  assert.match(main, /Talk to the SENCO first/);
  await assertAccessible(page);
  await context.close();
});

test("a parent reads their child's one-page profile on their child's page", async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'parent@example.org');
  let found = false;
  for (const href of await childLinks(page)) {
    await page.goto(BASE_URL + href);
    if ((await page.getByRole('heading', { name: 'One-page profile' }).count()) === 0) continue;
    found = true;
    assert.match(await page.locator('main').innerText(), /How best to support me/);
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Print the one-page profile' }).first().click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').innerText(), /What's important to me/);
    await assertAccessible(page);
  }
  assert.ok(found, "the demo parent's children have profiles");
  await context.close();
});
