// Two-step sign-in and sessions: a parent turns on two-step sign-in with an authenticator app
// (the codes computed here as the app would), signs out, signs in with password and code, then
// with a recovery code; sees where they are signed in and signs another session out; and turns
// two-step sign-in off again, leaving the demo as it was. Each page goes through axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, signIn, freshCode, rememberKey, assertAccessible, assertAccessibleAtEveryWidth, DEMO_PASSWORD,
} from './lib/browser.mjs';

const EMAIL = 'other.parent@example.org';

async function passwordOnly(page) {
  await page.goto(`${BASE_URL}/sign-in`);
  await page.getByLabel('Email address').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState('load');
}

async function giveCode(page, code) {
  await page.getByLabel('Code from your authenticator app').fill(code);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.waitForLoadState('load');
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForLoadState('load');
}

test('a parent turns on two-step sign-in, signs in with a code and a recovery code, and ends a session', async () => {
  const browser = await launch();
  try {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, EMAIL);
    await page.goto(`${BASE_URL}/account`);
    await page.getByRole('link', { name: 'Change your password', exact: true }).click();
    await page.waitForLoadState('load');
    await assertAccessibleAtEveryWidth(page);
    await page.goto(`${BASE_URL}/account`);
    await page.getByRole('link', { name: 'Two-step sign-in', exact: true }).click();
    await page.waitForLoadState('load');
    await assertAccessibleAtEveryWidth(page);
    await page.getByRole('link', { name: 'Set up two-step sign-in', exact: true }).click();
    await page.waitForLoadState('load');
    await assertAccessibleAtEveryWidth(page);

    // The key is given as text to type into the app, so no camera or image is needed.
    const key = (await page.locator('#key').innerText()).replace(/\s/g, '');
    assert.match(key, /^[A-Z2-7]{32}$/);
    rememberKey(EMAIL, key, -1);
    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-step sign-in', exact: true }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').innerText(), /The code is not right/);
    await assertAccessible(page);
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(EMAIL));
    await page.getByRole('button', { name: 'Turn on two-step sign-in', exact: true }).click();
    await page.waitForLoadState('load');
    const recovery = (await page.locator('#recovery-codes li').allInnerTexts()).map((c) => c.trim());
    assert.equal(recovery.length, 10);
    await assertAccessibleAtEveryWidth(page);

    await page.goto(`${BASE_URL}/`);
    await signOut(page);
    await passwordOnly(page);
    assert.equal(new URL(page.url()).pathname, '/sign-in/code');
    await assertAccessibleAtEveryWidth(page);
    await giveCode(page, '123');
    assert.match(await page.locator('main').innerText(), /Enter the 6-digit code/);
    await assertAccessible(page);
    await giveCode(page, await freshCode(EMAIL));
    assert.equal(new URL(page.url()).pathname, '/');

    await signOut(page);
    await passwordOnly(page);
    await giveCode(page, recovery[0]);
    assert.equal(new URL(page.url()).pathname, '/', 'a recovery code signs in');

    // A second session elsewhere, which the first then signs out.
    const elsewhere = await (await browser.newContext()).newPage();
    await signIn(elsewhere, EMAIL);
    await page.goto(`${BASE_URL}/account`);
    await page.getByRole('link', { name: 'Where you are signed in', exact: true }).click();
    await page.waitForLoadState('load');
    await assertAccessibleAtEveryWidth(page);
    const rows = page.locator('tbody tr');
    assert.ok((await rows.count()) >= 2);
    assert.equal(await page.getByText('This device', { exact: true }).count(), 1);
    await page.locator('form[action="/account/sessions/end-others"] button').click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').innerText(), /You are not signed in anywhere else/);
    await assertAccessible(page);
    await elsewhere.goto(`${BASE_URL}/account`);
    assert.equal(new URL(elsewhere.url()).pathname, '/sign-in', 'the other session has ended');

    // Off again, with a code, so the demo stays as it was for the other journeys.
    await page.goto(`${BASE_URL}/account/two-step`);
    assert.match(await page.locator('main').innerText(), /You have 9 unused recovery codes/);
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(EMAIL));
    await page.getByRole('button', { name: 'Turn off two-step sign-in', exact: true }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').innerText(), /Two-step sign-in is off\./);
    await assertAccessible(page);
  } finally {
    await browser.close();
  }
});

test('a session that ended sends the browser to sign in, saying why', async () => {
  const browser = await launch();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${BASE_URL}/sign-in?ended=idle`);
    assert.match(await page.locator('main').innerText(), /You were signed out because you had not used sendcase for 30 minutes/);
    await assertAccessibleAtEveryWidth(page);
  } finally {
    await browser.close();
  }
});
