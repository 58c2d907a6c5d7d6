// The council links a parent to a child's record: the invitation email reaches maildev, its link
// sets the parent's first password, and the parent signs in and sees the child. Each page
// through axe, the invitation's own page at 320 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, assertAccessible, assertAccessibleAtEveryWidth, browserSession, childLinks, launch, signIn,
} from './lib/browser.mjs';
import { choosePassword, invitationLink } from './lib/mail.mjs';

const session = browserSession();

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
    await choosePassword(parent, password);
    await assertAccessible(parent);

    await signIn(parent, address, password);
    const seen = await parent.goto(`${BASE_URL}${child}`);
    assert.equal(seen.status(), 200, 'the invited parent sees the child');
    await assertAccessible(parent);
  } finally {
    await browser.close();
  }
});
