// Moves to the next phase in a real browser: the council sees each year group against its
// deadline and plans every Year 6 move in one action, each page through axe at every width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, signIn, assertAccessibleAtEveryWidth } from './lib/browser.mjs';
import { submit } from './lib/forms.mjs';

const session = browserSession();

test('the council plans the Year 6 moves in one action', async () => {
  const page = session.page;
  await signIn(page, 'la.caseworker@example.org');
  await page.getByRole('link', { name: 'Plans', exact: true }).click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: 'Moves to the next phase' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Year 6 into secondary school/);
  await assertAccessibleAtEveryWidth(page);

  await page.getByRole('link', { name: 'Year 6 into secondary school' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Mia Chen/);
  await assertAccessibleAtEveryWidth(page);
  await submit(page, 'Plan the move for every Year 6 pupil with a plan');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /move(s)? planned/);
  const planned = await page.locator('#cohort-planned').innerText();
  const [done, of] = planned.split(' of ');
  assert.equal(done, of, `every plan's move is planned: ${planned}`);
  await assertAccessibleAtEveryWidth(page);
});
