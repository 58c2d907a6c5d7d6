// A SENCO's SEN register in a real browser: pupils grouped by broad area, a pupil's page, a
// meeting with parents recorded through the form (with its error state), and the s68 notice.
// Every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, signIn, assertAccessible, assertAccessibleAtEveryWidth, BASE_URL } from './lib/browser.mjs';

const session = browserSession();

test('a SENCO reads the register, logs a meeting with parents and prints the s68 notice', async () => {
  const page = session.page;
  await signIn(page, 'senco@example.org');
  await page.getByRole('link', { name: 'SEN register', exact: true }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /SEN register/);
  await assertAccessibleAtEveryWidth(page);

  const onSupport = page.locator('tbody tr').filter({ has: page.locator('td', { hasText: /^SEN support$/ }) });
  const pupil = onSupport.first().locator('a').first();
  await pupil.click();
  await page.waitForLoadState('load');
  await assertAccessible(page);

  await page.getByRole('link', { name: 'Record a meeting with parents' }).click();
  await page.getByRole('button', { name: 'Save meeting' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date of the meeting/);
  await assertAccessible(page);
  const group = page.getByRole('group', { name: 'Date of the meeting' });
  await group.getByLabel('Day').fill('2');
  await group.getByLabel('Month').fill('10');
  await group.getByLabel('Year').fill('2026');
  await page.getByLabel('What was discussed and agreed').fill('Agreed phonics outcomes and a review in December.');
  await page.getByRole('button', { name: 'Save meeting' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Agreed phonics outcomes/);

  await page.getByRole('link', { name: 'Notice to parents that SEN provision is being made' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /section 68/);
  await assertAccessible(page);
});
