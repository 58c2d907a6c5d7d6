// Each person's home page starts with their work: the council's overdue, due and new requests,
// the school's tasks and SEN register, the advice asked of a professional, the reviews overdue
// in a designated clinical officer's area, and what a family can do and what happens next. Each page goes through axe, at 320 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessibleAtEveryWidth } from './lib/browser.mjs';

const session = browserSession();

const HOMES = [
  { email: 'la.caseworker@example.org', says: [/Your council's work/, /Overdue \(\d+\)/, /Due in the next 7 days/, /New requests in the last 7 days/] },
  { email: 'senco@example.org', says: [/Your school's work/, /SEN register of Oakfield Primary School/, /Tasks from councils/] },
  { email: 'ep@example.org', says: [/Advice you have been asked for/, /Ellie Whitfield/] },
  { email: 'dco@example.org', says: [/Your area's plans/, /Annual reviews overdue \(\d+\)/, /Health in your area's plans/] },
  { email: 'parent@example.org', says: [/What you need to do/, /What happens next/, /information, advice and support service/] },
];

for (const home of HOMES) {
  test(`${home.email} sees their work first`, async () => {
    const page = session.page;
    await page.context().clearCookies();
    await signIn(page, home.email);
    const text = await page.locator('main').innerText();
    for (const said of home.says) assert.match(text, said);
    await assertAccessibleAtEveryWidth(page);
  });
}

test('the caseworker follows an overdue request from the home page to its case', async () => {
  const page = session.page;
  await page.context().clearCookies();
  await signIn(page, 'la.caseworker@example.org');
  await page.locator('main ul.govuk-list a').first().click();
  await page.waitForLoadState('load');
  assert.match(new URL(page.url()).pathname, /^\/ehc-requests\//);
  assert.equal(new URL(page.url()).origin, new URL(BASE_URL).origin);
});
