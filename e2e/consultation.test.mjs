// A school consulted about being named in a child's plan answers from its tasks: the SENCO
// reads the draft, answers (an empty answer is refused), and the caseworker reads the answer on
// the case. Each page through axe, the answer's own page at 320 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, assertAccessible, assertAccessibleAtEveryWidth, browserSession, signIn,
} from './lib/browser.mjs';

const session = browserSession();
const answer = 'a[href$="/consultations/oakfield-primary-school"]';

test('a SENCO answers the consultation from the school tasks and the caseworker reads it', async () => {
  const { page } = session;
  await signIn(page, 'senco@example.org');
  await page.goto(`${BASE_URL}/school-tasks`);
  await assertAccessible(page);
  await page.locator(answer).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('h1').innerText(), /Reply to the council's consultation/);
  await assertAccessibleAtEveryWidth(page);
  const form = page.url();

  await page.getByRole('link', { name: 'Read the draft plan' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('body').innerText(), /Draft/);
  await page.goto(form);

  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Say whether the school or college agrees/);
  await assertAccessible(page);

  await page.getByLabel('Yes, it agrees to be named').check();
  await page.getByLabel('Your reasons').fill('We can provide daily precision teaching in Year 5.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.waitForLoadState('load');
  assert.equal(new URL(page.url()).pathname, '/school-tasks');
  assert.equal(await page.locator(answer).count(), 0);
  const caseHref = new URL(form).pathname.replace(/\/consultations\/.*$/, '');

  await page.context().clearCookies();
  await signIn(page, 'la.caseworker@example.org');
  await page.goto(`${BASE_URL}${caseHref}`);
  const consulted = await page.locator('#consultations + dl').innerText();
  assert.match(consulted, /Oakfield Primary School/);
  assert.match(consulted, /Agrees to be named/);
  assert.match(consulted, /daily precision teaching/);
  await assertAccessible(page);
});
