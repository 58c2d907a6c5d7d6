// What anyone sees without signing in: the start page, the information pages and sign-in,
// including its error states, all passing axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, crawl, assertAccessible, BASE_URL } from './lib/browser.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await (await browser.newContext()).newPage();
});
after(async () => browser?.close());

test('public pages are reachable and accessible', async () => {
  const visited = await crawl(page, '/');
  for (const path of ['/', '/sign-in', '/accessibility', '/cookies']) {
    assert.ok(visited.includes(path), `${path} should be linked from the public pages; saw ${visited}`);
  }
});

test('records need signing in', async () => {
  await page.goto(`${BASE_URL}/children`);
  assert.equal(new URL(page.url()).pathname, '/sign-in');
});

test('an empty sign-in form shows a GOV.UK error summary that passes axe', async () => {
  await page.goto(`${BASE_URL}/sign-in`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  const summary = page.locator('.govuk-error-summary');
  assert.ok(await summary.isVisible(), 'error summary shown');
  assert.match(await page.title(), /^Error: /);
  await assertAccessible(page);
});

test('a wrong password is refused without saying which part was wrong', async () => {
  await page.goto(`${BASE_URL}/sign-in`);
  await page.getByLabel('Email address').fill('senco@example.org');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  const text = await page.locator('.govuk-error-summary').innerText();
  assert.match(text, /correct email address and password/i);
  await assertAccessible(page);
});
