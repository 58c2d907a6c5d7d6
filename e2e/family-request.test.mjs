// A parent asks the council for an assessment online: told first what the form lacks, then the
// request lands with the council with the letter they sent, the 6 weeks running from today. Each page goes through axe, at
// 320 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, browserSession, signIn, assertAccessibleAtEveryWidth } from './lib/browser.mjs';
import { submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();

test('a parent asks for an assessment of their child online', async () => {
  const page = session.page;
  await signIn(page, 'other.parent@example.org');
  await page.goto(`${BASE_URL}/children`);
  await page.getByRole('link', { name: 'Tobias Wren' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: 'Ask the council for an EHC needs assessment' }).click();
  await page.waitForLoadState('load');
  await assertAccessibleAtEveryWidth(page);

  await submit(page, 'Send the request');
  assert.match(await errorSummary(page), /Enter why you are asking for an assessment/);
  await assertAccessibleAtEveryWidth(page);

  await page.getByLabel('Why are you asking for an assessment?').fill('Tobias is falling further behind even with extra help in class.');
  const letter = Buffer.from('%PDF-1.4 letter from the speech and language therapist');
  await page.getByLabel('Letters or reports (if you have them)').setInputFiles({ name: 'Therapist letter.pdf', mimeType: 'application/pdf', buffer: letter });
  await submit(page, 'Send the request');
  assert.match(new URL(page.url()).pathname, /^\/ehc-requests\//);
  const request = await page.locator('main').innerText();
  assert.match(request, /Why the family asked for an assessment/);
  assert.match(request, /falling further behind/);
  assert.match(request, /Documents sent with the request\s+Therapist letter\.pdf \(PDF, 54 bytes\)/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Therapist letter.pdf' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Therapist letter.pdf');
  await assertAccessibleAtEveryWidth(page);
});
