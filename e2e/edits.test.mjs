// No edit is lost: two caseworkers change the same section of Aisha's plan at once. The second
// save is refused with both versions side by side (409), the page passes axe on a phone's
// width too, and keeping one's own version saves it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, assertAccessible, BASE_URL } from './lib/browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

async function caseworker() {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, 'la.caseworker@example.org');
  return page;
}

async function openSectionB(page) {
  await page.goto(`${BASE_URL}/caseload`);
  await page.getByRole('link', { name: 'Aisha Khan' }).first().click();
  await page.waitForLoadState('load');
  await page.goto(`${BASE_URL}${new URL(page.url()).pathname}/plan`);
  await page.getByRole('link', { name: 'Change section B' }).click();
  await page.waitForLoadState('load');
}

async function describeNeed(page, text) {
  await page.locator('textarea[name="r0-description"]').fill(text);
  await page.getByRole('button', { name: /Save a new version|Keep your version/ }).click();
  await page.waitForLoadState('load');
}

test('a save over someone else’s change to the same section shows both and keeps the chosen one', async () => {
  const first = await caseworker();
  const second = await caseworker();
  await openSectionB(first);
  await openSectionB(second);
  // Words no earlier run wrote, so the first save is a change however often the suite runs.
  const run = Date.now();
  await describeNeed(first, `Very anxious at changes of routine; leaves the classroom twice a day (${run})`);
  assert.match(new URL(first.url()).pathname, /\/plan$/);

  const refused = second.waitForResponse((r) => r.request().method() === 'POST');
  await describeNeed(second, `Anxious when plans change; needs warning of changes (${run})`);
  assert.equal((await refused).status(), 409);
  const main = await second.locator('main').innerText();
  assert.match(main, /Someone else saved section B while you were editing it/);
  assert.match(main, /leaves the classroom twice a day/);
  assert.match(main, /needs warning of changes/);
  await assertAccessible(second);
  await second.setViewportSize({ width: 320, height: 800 });
  await assertAccessible(second);

  await second.getByRole('button', { name: 'Keep your version' }).click();
  await second.waitForLoadState('load');
  assert.match(new URL(second.url()).pathname, /\/plan$/);
  assert.match(await second.locator('main').innerText(), /needs warning of changes/);
});
