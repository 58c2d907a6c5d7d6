// The caseload and timeliness pages: a caseworker narrows the demo's open requests with the
// filters and sorts them by column, every choice in the URL; a parent sees only their own
// family's request. Every state passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, signIn, assertAccessible, assertAccessibleAtEveryWidth, BASE_URL } from './lib/browser.mjs';

const session = browserSession();
const AS_OF = '2026-11-23';

async function childNames(page) {
  return page.locator('tbody .govuk-table__row td:first-child').allInnerTexts();
}

test('a caseworker sees every open request and where each stands', async () => {
  await signIn(session.page, 'la.caseworker@example.org');
  await session.page.goto(`${BASE_URL}/caseload?as_of=${AS_OF}`);
  await assertAccessibleAtEveryWidth(session.page);
  assert.match(await session.page.locator('#caseload-count').innerText(), /^3 open requests/);
  // Earliest due first: the psychologist's advice for Aisha, then the decision on Ellie, both overdue.
  assert.deepEqual(await childNames(session.page), ['Aisha Khan', 'Ellie Whitfield', 'Harry Doyle']);
  const rows = session.page.locator('tbody .govuk-table__row');
  assert.match(await rows.nth(0).innerText(), /Draft plan issued.*Give advice for the assessment.*Overdue/s);
  assert.match(await rows.nth(1).innerText(), /Assessing.*Decide whether to assess.*Overdue/s);
  assert.match(await rows.nth(2).innerText(), /Deciding whether to assess.*On track/s);
});

test('the filters narrow the list and stay in the URL', async () => {
  await session.page.goto(`${BASE_URL}/caseload?as_of=${AS_OF}`);
  await session.page.getByLabel('Stage').selectOption({ label: 'Draft plan issued' });
  await session.page.getByRole('button', { name: 'Apply filters' }).click();
  await session.page.waitForLoadState('load');
  const url = new URL(session.page.url());
  assert.equal(url.searchParams.get('stage'), 'draft_plan_issued');
  assert.equal(url.searchParams.get('as_of'), AS_OF);
  assert.deepEqual(await childNames(session.page), ['Aisha Khan']);
  await assertAccessible(session.page);

  await session.page.getByRole('link', { name: 'Clear filters' }).click();
  await session.page.goto(`${BASE_URL}/caseload?as_of=${AS_OF}`);
  await session.page.getByLabel('Status').selectOption({ label: 'Overdue' });
  await session.page.getByRole('button', { name: 'Apply filters' }).click();
  await session.page.waitForLoadState('load');
  assert.deepEqual(await childNames(session.page), ['Aisha Khan', 'Ellie Whitfield']);
  await session.page.getByLabel('Status').selectOption({ label: 'On track' });
  await session.page.getByRole('button', { name: 'Apply filters' }).click();
  await session.page.waitForLoadState('load');
  assert.equal(new URL(session.page.url()).searchParams.get('status'), 'on_track');
  assert.deepEqual(await childNames(session.page), ['Harry Doyle']);

  await session.page.getByLabel('School URN').fill('990106');
  await session.page.getByRole('button', { name: 'Apply filters' }).click();
  await session.page.waitForLoadState('load');
  assert.match(await session.page.locator('#caseload-count').innerText(), /no open requests that match/);
  await assertAccessible(session.page);
});

test('a column heading sorts the list and says so to assistive technology', async () => {
  await session.page.goto(`${BASE_URL}/caseload?as_of=${AS_OF}`);
  const heading = () => session.page.locator('th', { hasText: 'Stage' });
  assert.equal(await heading().getAttribute('aria-sort'), 'none');
  await heading().getByRole('link').click();
  await session.page.waitForLoadState('load');
  // In the Code's order of stages: deciding, assessing, draft plan.
  assert.equal(await heading().getAttribute('aria-sort'), 'ascending');
  assert.deepEqual(await childNames(session.page), ['Harry Doyle', 'Ellie Whitfield', 'Aisha Khan']);
  await heading().getByRole('link').click();
  await session.page.waitForLoadState('load');
  assert.equal(await heading().getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await childNames(session.page), ['Aisha Khan', 'Ellie Whitfield', 'Harry Doyle']);
  await assertAccessible(session.page);
});

test('on a narrow screen, where the column headings are hidden, the links above the list sort it', async () => {
  const page = session.page;
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    await page.goto(`${BASE_URL}/caseload?as_of=${AS_OF}`);
    assert.ok((await page.locator('thead').boundingBox()).height <= 1, 'the column headings are hidden');
    const sortBy = page.getByRole('list', { name: 'Sort by' });
    await sortBy.getByRole('link', { name: 'Stage' }).click();
    await page.waitForLoadState('load');
    assert.deepEqual(await childNames(page), ['Harry Doyle', 'Ellie Whitfield', 'Aisha Khan']);
    assert.match(await sortBy.innerText(), /Stage, ascending/);
    await sortBy.getByRole('link', { name: 'reverse the order' }).click();
    await page.waitForLoadState('load');
    assert.deepEqual(await childNames(page), ['Aisha Khan', 'Ellie Whitfield', 'Harry Doyle']);
    assert.equal(new URL(page.url()).searchParams.get('as_of'), AS_OF);
    await assertAccessible(page);
  } finally {
    await page.setViewportSize(wide);
  }
  assert.equal(await page.getByRole('list', { name: 'Sort by' }).isVisible(), false, 'the headings sort a wide table');
});

test('the timeliness chart and its table are accessible', async () => {
  const response = await session.page.goto(`${BASE_URL}/timeliness?year=2026`);
  assert.equal(response.status(), 200);
  const chart = session.page.getByRole('img', { name: /Share of final plans issued within 20 weeks, by month, 2026/ });
  assert.equal(await chart.count(), 1);
  assert.match(await session.page.locator('table').innerText(), /July\s+1\s+100% \(1 of 1\)/);
  await assertAccessibleAtEveryWidth(session.page);
});

test("a parent sees only their own family's request and not the timeliness figures", async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'parent@example.org');
  await page.goto(`${BASE_URL}/caseload?as_of=${AS_OF}`);
  assert.deepEqual(await childNames(page), ['Ellie Whitfield']);
  await assertAccessible(page);
  assert.equal((await page.goto(`${BASE_URL}/timeliness`)).status(), 403);
  await context.close();
});
