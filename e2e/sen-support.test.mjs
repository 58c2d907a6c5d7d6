// SEN support in a real browser: a SENCO builds the provision map, runs a full cycle of assess,
// plan, do and review for a pupil, and sends the council a request pack that the council's
// caseworker then reads on the new case. Every page, including each error state, passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, signIn, assertAccessible, assertAccessibleAtEveryWidth, BASE_URL } from './lib/browser.mjs';
import { fillDate, submit, errorSummary } from './lib/forms.mjs';

const session = browserSession();

test("a SENCO sees every council's statutory tasks for their pupils in one list", async () => {
  const page = session.page;
  await signIn(page, 'senco@example.org');
  await page.getByRole('link', { name: 'Statutory tasks' }).click();
  await page.waitForLoadState('load');
  const main = await page.locator('main').innerText();
  assert.match(main, /from 2 councils/);
  assert.match(main, /Give advice for the assessment \(educational\)/);
  assert.match(main, /Medway Council/);
  assert.match(main, /Kent County Council/);
  await assertAccessibleAtEveryWidth(page);
});

test('a SENCO builds the provision map', async () => {
  const page = session.page;
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'SEN register', exact: true }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /review of SEN support overdue/);
  await page.getByRole('link', { name: 'Provision map' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Total spend on additional provision: £/);
  await assertAccessibleAtEveryWidth(page);

  await page.getByRole('link', { name: 'Add an intervention' }).click();
  await page.waitForLoadState('load');
  await submit(page, 'Add intervention');
  assert.match(await errorSummary(page), /Select the broad area of need/);
  await assertAccessible(page);
  await page.getByLabel('Name of the intervention').fill('Fine motor group');
  await page.getByLabel('Sensory and/or physical needs').check();
  await page.getByLabel('Pupils in each group').fill('5');
  await page.getByLabel('Who delivers it').fill('Teaching assistant');
  await page.getByLabel('Sessions a week').fill('2');
  await page.getByLabel('Minutes a session').fill('30');
  await page.getByLabel('Number of weeks').fill('10');
  await page.getByLabel('Hourly staff cost, in pounds').fill('18.50');
  await submit(page, 'Add intervention');
  const main = await page.locator('main').innerText();
  assert.match(main, /Fine motor group/);
  assert.match(main, /£185\.00/, '2 × 30 minutes × 10 weeks at £18.50');
  assert.match(main, /£37\.00/, 'shared by 5 pupils');

  await page.getByLabel('Pupil', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Entry measure').fill('many');
  await submit(page, 'Save pupil');
  assert.match(await errorSummary(page), /A measure must be a whole number/);
  await assertAccessible(page);
  await page.getByLabel('Pupil', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Entry measure').fill('11');
  await page.getByLabel('Exit measure').fill('15');
  await submit(page, 'Save pupil');
  assert.match(await page.locator('main').innerText(), /1 of 1 measured pupil improved; average change \+4\.0/);
  await assertAccessible(page);
});

test('a SENCO runs a full cycle and sends a request pack the council reads', async () => {
  const page = session.page;
  await page.goto(`${BASE_URL}/sen-register`);
  const hrefs = await page.$$eval('tbody tr', (rows) =>
    rows.filter((r) => /^SEN support$/.test(r.cells[2]?.innerText.trim() ?? '')).map((r) => r.querySelector('a').getAttribute('href')));
  let pupil;
  for (const href of hrefs) {
    await page.goto(`${BASE_URL}${href}`);
    // A pupil whose request the council is already considering cannot be sent another.
    const considering = /Request for an assessment: Received/.test(await page.locator('main').innerText());
    if (!considering && (await page.getByRole('link', { name: 'Assess: start a cycle of SEN support' }).count())) {
      pupil = href;
      break;
    }
  }
  assert.ok(pupil, 'a pupil on SEN support ready for a new cycle');

  await page.getByRole('link', { name: 'Assess: start a cycle of SEN support' }).click();
  await page.waitForLoadState('load');
  await submit(page, 'Save assessment');
  assert.match(await errorSummary(page), /Enter what the concerns are/);
  await assertAccessible(page);
  await fillDate(page, 'Date of the assessment', ['2', '10', '2026']);
  await page.getByLabel('What the concerns are').fill('Struggles to hold a pencil and to copy from the board');
  await page.getByLabel('Evidence: attainment, progress, observations').fill('Occupational therapy screening; handwriting samples');
  await page.getByLabel("The parents' views").fill('Homework takes hours');
  await submit(page, 'Save assessment');

  await page.getByRole('link', { name: 'Plan the support' }).click();
  await page.waitForLoadState('load');
  await fillDate(page, 'Date the plan was agreed', ['5', '10', '2026']);
  await page.getByLabel('Outcomes sought').fill('Writes a sentence legibly\nCopies a short list from the board');
  await page.getByLabel('Support, interventions and adjustments').fill('Fine motor group and a writing slope');
  await page.getByLabel('Who delivers it').fill('Teaching assistant');
  await page.getByLabel('How often and for how long').fill('2 sessions a week of 30 minutes');
  await fillDate(page, 'Date of the review', ['4', '12', '2026']);
  await submit(page, 'Save plan');
  await assertAccessible(page);

  await page.getByRole('link', { name: 'Log a session' }).click();
  await page.waitForLoadState('load');
  await fillDate(page, 'Date of the session', ['6', '10', '2026']);
  await page.getByLabel('What happened and how the pupil responded').fill('Threading and pegboard; good focus');
  await submit(page, 'Save session');

  await page.getByRole('link', { name: 'Review the support' }).click();
  await page.waitForLoadState('load');
  await assertAccessible(page);
  await fillDate(page, 'Date of the review', ['20', '11', '2026']);
  await page.getByLabel('Progress towards: Writes a sentence legibly').fill('Letters now sit on the line');
  await page.getByLabel('Progress towards: Copies a short list from the board').fill('Still needs a printed copy');
  await page.getByLabel('Consider asking the council for an EHC needs assessment').check();
  await submit(page, 'Save review');
  const main = await page.locator('main').innerText();
  assert.match(main, /Cycle \d+: Reviewed/);
  assert.match(main, /Consider asking the council/);
  await assertAccessible(page);

  await page.getByRole('link', { name: 'Prepare a request for an EHC needs assessment' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Struggles to hold a pencil/);
  await assertAccessible(page);
  await page.getByRole('button', { name: /Send the request to/ }).click();
  await page.waitForLoadState('load');
  assert.match(await errorSummary(page), /Enter why the school is asking/);
  await assertAccessible(page);
  await page.getByLabel('Why the school is asking now').fill('Two terms of support have not closed the gap in writing.');
  await page.getByLabel(/The parents know/).check();
  await page.getByRole('button', { name: /Send the request to/ }).click();
  await page.waitForLoadState('load');
  const casePath = new URL(page.url()).pathname;
  assert.match(casePath, /^\/ehc-requests\/[0-9a-f-]{36}$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState('load');
  await signIn(page, 'la.caseworker@example.org');
  await page.goto(`${BASE_URL}${casePath}`);
  const council = await page.locator('main').innerText();
  assert.match(council, /School or setting/);
  assert.match(council, /The school's request and evidence/);
  assert.match(council, /Two terms of support have not closed the gap/);
  assert.match(council, /Decide whether to assess/);
  await assertAccessible(page);
});
