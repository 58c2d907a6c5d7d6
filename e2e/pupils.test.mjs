// The SENCO's list of every pupil on roll in a real browser: searched by name, each pupil's SEN
// status shown, and SEN support started from a pupil who is not on the register. Every page
// passes axe, also at 320 CSS pixels wide, where the table reflows (WCAG 1.4.10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, signIn, assertAccessibleAtEveryWidth } from './lib/browser.mjs';

const session = browserSession();

async function search(page, text) {
  await page.getByLabel('Search pupils').fill(text);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState('load');
}

test('a SENCO finds any pupil on roll and can start SEN support from a concern', async () => {
  const page = session.page;
  await signIn(page, 'senco@example.org');
  await page.getByRole('link', { name: 'Pupils', exact: true }).click();
  await page.waitForLoadState('load');
  const caption = await page.locator('#pupils-count').innerText();
  assert.match(caption, /^\d+ pupils on roll$/);
  await assertAccessibleAtEveryWidth(page);

  // A pupil with no SEN, found again by their last name.
  const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: /^Start SEN support/ }) }).first();
  const name = await row.locator('th a').innerText();
  assert.match(await row.innerText(), /No SEN/);
  await search(page, name.split(' ').pop());
  assert.match(await page.locator('#pupils-count').innerText(), /^\d+ matching "/);
  assert.ok(await page.getByRole('link', { name, exact: true }).count() > 0, `${name} is found`);
  await assertAccessibleAtEveryWidth(page);

  await search(page, 'Nobody Bythisname');
  assert.match(await page.locator('#pupils-count').innerText(), /No pupils on roll match/);
  await assertAccessibleAtEveryWidth(page);

  await search(page, name.split(' ').pop());
  await page.getByRole('link', { name: `Start SEN support for ${name}` }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('h1').innerText(), /Change the pupil's SEN register entry/);
  assert.ok(await page.getByLabel('No SEN').isChecked(), 'the form starts from no SEN');
  await assertAccessibleAtEveryWidth(page);
});
