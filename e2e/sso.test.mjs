// Single sign-on through the test OpenID provider (scripts/oidc-provider.mjs, which the server is
// configured with by scripts/test.sh): the council manager, whose provider asserts MFA, goes
// straight to their home page; the caseworker, whose provider does not, gives their
// authenticator's code after it; a newcomer waits, and the administrator approves them. The
// provider's own login and consent pages are not ours and are not checked; each of ours goes
// through axe, at 320px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, signIn, freshCode, assertAccessible, assertAccessibleAtEveryWidth,
} from './lib/browser.mjs';

const BUTTON = 'Sign in with the test provider';

// From our sign-in page through the provider's development login and consent pages, as `login`;
// a browser the provider remembers skips them and comes straight back.
async function throughProvider(page, login) {
  await page.goto(`${BASE_URL}/sign-in`);
  await assertAccessibleAtEveryWidth(page);
  await page.getByRole('button', { name: BUTTON, exact: true }).click();
  await page.waitForLoadState('load');
  const ours = () => new URL(page.url()).origin === new URL(BASE_URL).origin;
  for (let i = 0; i < 3 && !ours(); i += 1) {
    if (await page.locator('input[name="login"]').count()) {
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill('any password');
    }
    await page.locator('button[type="submit"]').click();
    await page.waitForLoadState('load');
  }
  assert.ok(ours(), `the provider sent the browser back (at ${page.url()})`);
}

const path = (page) => new URL(page.url()).pathname;

test('a manager whose provider asserts MFA is signed in with no code; a caseworker gives theirs', async () => {
  const browser = await launch();
  try {
    const manager = await (await browser.newContext()).newPage();
    await throughProvider(manager, 'manager');
    assert.equal(path(manager), '/', 'the provider asserted MFA: no code is asked');
    await assertAccessible(manager);

    const caseworker = await (await browser.newContext()).newPage();
    await throughProvider(caseworker, 'caseworker');
    assert.equal(path(caseworker), '/sign-in/code', 'no MFA asserted: the code is asked');
    await assertAccessibleAtEveryWidth(caseworker);
    await caseworker.getByLabel('Code from your authenticator app').fill(await freshCode('la.caseworker@example.org'));
    await caseworker.getByRole('button', { name: 'Continue', exact: true }).click();
    await caseworker.waitForLoadState('load');
    assert.equal(path(caseworker), '/');
  } finally {
    await browser.close();
  }
});

test('a newcomer waits until the administrator approves them', async () => {
  const browser = await launch();
  try {
    const newcomer = await (await browser.newContext()).newPage();
    await throughProvider(newcomer, 'newcomer');
    assert.match(await newcomer.locator('h1').innerText(), /waiting for approval/);
    await assertAccessibleAtEveryWidth(newcomer);

    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, 'admin@example.org');
    await admin.goto(`${BASE_URL}/users`);
    await admin.getByRole('link', { name: 'People waiting for approval after single sign-on' }).click();
    await admin.waitForLoadState('load');
    await assertAccessibleAtEveryWidth(admin);
    await admin.getByLabel('Role').selectOption('la_caseworker');
    await admin.getByRole('button', { name: 'Approve Nia Newcomer', exact: true }).click();
    await admin.waitForLoadState('load');
    assert.match(await admin.locator('main').innerText(), /Nobody is waiting/);
    await assertAccessible(admin);

    await throughProvider(newcomer, 'newcomer');
    assert.equal(path(newcomer), '/account/two-step/set-up', 'approved as a caseworker: MFA next');
    await assertAccessible(newcomer);
  } finally {
    await browser.close();
  }
});
