// From the end of compulsory school age the young person decides who takes part. Jordan (17)
// stops his parent Kim seeing his record: Kim can no longer open it and is told why; Jordan then
// lets Kim back in. Each page goes through axe, at 320 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessibleAtEveryWidth } from './lib/browser.mjs';

const session = browserSession();

async function jordansWhoCanSee(page, list = '/children') {
  await page.goto(`${BASE_URL}${list}`);
  await page.getByRole('link', { name: 'Jordan Hale' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: 'Who can see this record' }).click();
  await page.waitForLoadState('load');
}

async function press(page, name) {
  await page.getByRole('button', { name }).click();
  await page.waitForLoadState('load');
}

test('a young person of 17 withdraws a parent’s access, and the parent is told why', async () => {
  const page = session.page;
  await signIn(page, 'young.person@example.org');
  await jordansWhoCanSee(page);
  assert.match(await page.locator('h1').innerText(), /Who can see your record/);
  assert.match(await page.locator('main').innerText(), /Kim Hale/);
  await assertAccessibleAtEveryWidth(page);
  await press(page, 'Stop Kim Hale seeing your record');
  assert.match(await page.locator('main').innerText(), /Cannot see the record: the young person said no/);
  await assertAccessibleAtEveryWidth(page);

  await page.context().clearCookies();
  await signIn(page, 'young.person.parent@example.org');
  await page.goto(`${BASE_URL}/children`);
  assert.equal(await page.getByRole('link', { name: 'Jordan Hale', exact: true }).count(), 0);
  await page.getByRole('link', { name: "Who can see Jordan Hale's record" }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Jordan has decided that you cannot see their record now/);
  await assertAccessibleAtEveryWidth(page);

  // Jordan changes his mind, and Kim opens the record again.
  await page.context().clearCookies();
  await signIn(page, 'young.person@example.org');
  await jordansWhoCanSee(page);
  await press(page, 'Let Kim Hale see your record and help you');
  await page.context().clearCookies();
  await signIn(page, 'young.person.parent@example.org');
  await page.goto(`${BASE_URL}/children`);
  await page.getByRole('link', { name: 'Jordan Hale', exact: true }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('h1').innerText(), /Jordan Hale/);
});

test('the council records a decision the young person gave it', async () => {
  const page = session.page;
  await page.context().clearCookies();
  await signIn(page, 'la.caseworker@example.org');
  await jordansWhoCanSee(page, '/children?q=Jordan');
  await page.getByRole('link', { name: 'Record a decision given to the council' }).click();
  await page.waitForLoadState('load');
  await assertAccessibleAtEveryWidth(page);
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose what was decided/);
  await assertAccessibleAtEveryWidth(page);
});
