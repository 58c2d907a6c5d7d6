// The council links a parent to a child's record: the invitation email reaches maildev, its link
// sets the parent's first password, and the parent signs in and sees the child. Each page
// through axe, the invitation's own page at 320 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, assertAccessible, assertAccessibleAtEveryWidth, browserSession, childLinks, launch, signIn,
} from './lib/browser.mjs';

const session = browserSession();

async function invitationLink(address) {
  const api = `${process.env.MAILDEV_URL}/api/email?to.address=${encodeURIComponent(address)}`;
  for (let tries = 0; tries < 100; tries++) {
    const emails = await (await fetch(api)).json();
    const link = emails.map((e) => e.text.match(/http\S+\/invitation\/\S+/)?.[0]).find(Boolean);
    if (link) return { link, email: emails[0] };
    await new Promise((done) => setTimeout(done, 200));
  }
  assert.fail(`no invitation reached ${address}`);
}

test('a caseworker invites a parent, who sets a password and sees the child', async () => {
  const { page } = session;
  await signIn(page, 'la.caseworker@example.org');
  const [child] = await childLinks(page);
  await page.goto(`${BASE_URL}${child}`);
  await page.getByRole('link', { name: 'Link a parent, carer or the young person' }).click();
  await page.waitForLoadState('load');
  await assertAccessible(page);

  await page.getByRole('button', { name: 'Link them' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Say who they are/);
  await assertAccessible(page);

  const address = `robin.${Date.now()}@invited.example.org`;
  await page.getByLabel('A parent or carer').check();
  await page.getByLabel('Full name').fill('Robin Invited');
  await page.getByLabel('Email address').fill(address);
  await page.getByRole('button', { name: 'Link them' }).click();
  await page.waitForLoadState('load');
  assert.equal(new URL(page.url()).pathname, `${child}/who-can-see`);
  await assertAccessible(page);

  const { link, email } = await invitationLink(address);
  assert.equal(email.subject, 'You are invited to sendcase');
  const browser = await launch();
  try {
    const parent = await (await browser.newContext()).newPage();
    await parent.goto(link);
    assert.match(await parent.locator('h1').innerText(), /Choose a password for your account/);
    await assertAccessibleAtEveryWidth(parent);
    const password = 'a password for our family';
    await parent.getByLabel('New password').fill(password);
    await parent.getByLabel('The same password again').fill(password);
    await parent.getByRole('button', { name: 'Set password' }).click();
    await parent.waitForLoadState('load');
    assert.match(await parent.locator('#outcome').innerText(), /Your password is set/);
    await assertAccessible(parent);

    await parent.goto(`${BASE_URL}/sign-in`);
    await parent.getByLabel('Email address').fill(address);
    await parent.getByLabel('Password', { exact: true }).fill(password);
    await parent.getByRole('button', { name: 'Sign in', exact: true }).click();
    await parent.waitForLoadState('load');
    const seen = await parent.goto(`${BASE_URL}${child}`);
    assert.equal(seen.status(), 200, 'the invited parent sees the child');
    await assertAccessible(parent);
  } finally {
    await browser.close();
  }
});
