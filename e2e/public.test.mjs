// What anyone sees without signing in: the start page, the information pages and sign-in,
// including its error states, all passing axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, crawl, assertAccessible, assertAccessibleAtEveryWidth, BASE_URL } from './lib/browser.mjs';

const session = browserSession();

test('public pages are reachable and accessible', async () => {
  const visited = await crawl(session.page, '/');
  for (const path of ['/', '/sign-in', '/accessibility', '/cookies']) {
    assert.ok(visited.includes(path), `${path} should be linked from the public pages; saw ${visited}`);
  }
});

test('the table of cookies reflows on a narrow screen', async () => {
  await session.page.goto(`${BASE_URL}/cookies`);
  await assertAccessibleAtEveryWidth(session.page);
});

test('records need signing in', async () => {
  await session.page.goto(`${BASE_URL}/children`);
  assert.equal(new URL(session.page.url()).pathname, '/sign-in');
});

test('an empty sign-in form shows a GOV.UK error summary that passes axe', async () => {
  await session.page.goto(`${BASE_URL}/sign-in`);
  await session.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await session.page.waitForLoadState('load');
  const summary = session.page.locator('.govuk-error-summary');
  assert.ok(await summary.isVisible(), 'error summary shown');
  assert.match(await session.page.title(), /^Error: /);
  await assertAccessible(session.page);
});

test('a wrong password is refused without saying which part was wrong', async () => {
  await session.page.goto(`${BASE_URL}/sign-in`);
  await session.page.getByLabel('Email address').fill('senco@example.org');
  await session.page.getByLabel('Password').fill('not-the-password');
  await session.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await session.page.waitForLoadState('load');
  const text = await session.page.locator('.govuk-error-summary').innerText();
  assert.match(text, /correct email address and password/i);
  await assertAccessible(session.page);
});

test('too many wrong guesses from one browser ask it to wait, in an accessible error summary', async () => {
  // An address with no account, new each run, so no other journey's user is slowed down by it.
  const email = `nobody.${Date.now()}@example.org`;
  const guess = async () => {
    await session.page.goto(`${BASE_URL}/sign-in`);
    await session.page.getByLabel('Email address').fill(email);
    await session.page.getByLabel('Password').fill('a-guess');
    const [response] = await Promise.all([
      session.page.waitForResponse((r) => r.request().method() === 'POST'),
      session.page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    await session.page.waitForLoadState('load');
    return response;
  };
  for (let i = 0; i < 5; i++) assert.equal((await guess()).status(), 401);
  const refused = await guess();
  assert.equal(refused.status(), 429);
  assert.match(refused.headers()['retry-after'], /^\d+$/);
  const text = await session.page.locator('.govuk-error-summary').innerText();
  assert.match(text, /Too many failed attempts to sign in from this device\. Wait 15 minutes/);
  await assertAccessible(session.page);
});

test('a forgotten password: the link is emailed, and its page and errors pass axe', async () => {
  const { page } = session;
  await page.goto(`${BASE_URL}/sign-in`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.waitForLoadState('load');
  await assertAccessible(page);
  await page.getByLabel('Email address').fill('school.staff@example.org');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('h1').innerText(), /Check your email/);
  await assertAccessible(page);

  const api = `${process.env.MAILDEV_URL}/api/email?to.address=school.staff%40example.org`;
  let link;
  for (let tries = 0; tries < 50 && !link; tries++) {
    const emails = await (await fetch(api)).json();
    link = emails.map((e) => e.text.match(/http\S+\/reset-password\/\S+/)?.[0]).findLast((l) => l?.startsWith(BASE_URL));
    if (!link) await new Promise((done) => setTimeout(done, 200));
  }
  assert.ok(link, 'the reset email reached maildev');
  await page.goto(link);
  await page.getByLabel('New password').fill('too short');
  await page.getByLabel('The same password again').fill('too short');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /at least 12 characters/);
  await assertAccessible(page);
});
