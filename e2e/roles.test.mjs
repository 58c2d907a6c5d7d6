// Every demo user signs in, walks every page their links reach, and each page passes axe. What
// each role reaches follows the access policy: records of their own children, pupils or cases
// only, user management only for admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, crawl, childLinks, assertAccessible, assertAccessibleAtEveryWidth, BASE_URL } from './lib/browser.mjs';

const ROLES = [
  { email: 'la.manager@example.org', reaches: ['/children', '/organisations', '/caseload'], never: ['/users'] },
  { email: 'la.caseworker@example.org', reaches: ['/children', '/organisations', '/caseload'], never: ['/users'] },
  { email: 'senco@example.org', reaches: ['/children'], never: ['/users'] },
  { email: 'school.staff@example.org', reaches: ['/children'], never: ['/users'] },
  { email: 'nursery.senco@example.org', reaches: ['/children'], never: ['/users'] },
  { email: 'ep@example.org', reaches: ['/children'], never: ['/users'] },
  { email: 'dco@example.org', reaches: ['/health'], never: ['/users', '/children', '/caseload'] },
  { email: 'parent@example.org', reaches: ['/children', '/caseload'], never: ['/users', '/organisations'] },
  { email: 'young.person@example.org', reaches: ['/children'], never: ['/users', '/organisations'] },
  { email: 'young.person.parent@example.org', reaches: ['/children'], never: ['/users', '/organisations'] },
  { email: 'admin@example.org', reaches: ['/users', '/organisations'], never: ['/children'] },
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

async function session(email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

async function visitAs(email) {
  const { context, page } = await session(email);
  return { context, page, visited: await crawl(page, '/') };
}

const childPaths = (visited) => visited.filter((p) => /^\/children\/[0-9a-f-]{36}$/.test(p));

for (const role of ROLES) {
  test(`${role.email} reaches what the role allows, and every page passes axe`, async () => {
    const { context, visited } = await visitAs(role.email);
    for (const path of role.reaches) assert.ok(visited.includes(path), `${role.email} should reach ${path}`);
    for (const path of role.never) assert.ok(!visited.includes(path), `${role.email} should not be offered ${path}`);
    if (role.reaches.includes('/children')) {
      assert.ok(childPaths(visited).length > 0, `${role.email} should see at least one child's record`);
    }
    await context.close();
  });
}

test("a parent cannot open another family's child, and is told it does not exist", async () => {
  const senco = await session('senco@example.org');
  const parent = await session('parent@example.org');
  const own = new Set(await childLinks(parent.page));
  const other = (await childLinks(senco.page)).find((p) => !own.has(p));
  assert.ok(other, 'the school has pupils who are not this parent’s children');
  const response = await parent.page.goto(BASE_URL + other);
  assert.equal(response.status(), 404);
  await assertAccessible(parent.page);
  await senco.context.close();
  await parent.context.close();
});

test("the designated clinical officer reads the health part of the area's plans, on a narrow screen too", async () => {
  const { context, page } = await session('dco@example.org');
  await page.goto(`${BASE_URL}/health?q=Poppy`);
  await assertAccessibleAtEveryWidth(page);
  await page.getByRole('link', { name: /Poppy/ }).first().click();
  await page.waitForLoadState('load');
  assert.match(new URL(page.url()).pathname, /^\/health\/plans\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Section G: health provision' }).waitFor();
  assert.ok((await page.content()).includes('Occupational therapy sensory assessment'));
  await assertAccessibleAtEveryWidth(page);
  const response = await page.goto(`${BASE_URL}/children`);
  assert.equal(response.status(), 403);
  await context.close();
});

test('admin is refused children’s records with a clear, accessible page', async () => {
  const { context, page } = await session('admin@example.org');
  const response = await page.goto(`${BASE_URL}/children`);
  assert.equal(response.status(), 403);
  await assertAccessible(page);
  await context.close();
});

test('the tables of users and organisations reflow on a narrow screen', async () => {
  const { context, page } = await session('admin@example.org');
  for (const path of ['/users', '/organisations']) {
    await page.goto(BASE_URL + path);
    await assertAccessibleAtEveryWidth(page);
  }
  await context.close();
});

test('signing out ends the session', async () => {
  const { context, page } = await session('senco@example.org');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState('load');
  await page.goto(`${BASE_URL}/children`);
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await context.close();
});

test("a parent sees their child's request, each duty explained, and what is overdue", async () => {
  const { context, page } = await session('parent@example.org');
  await page.goto(`${BASE_URL}/caseload`);
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), 1, 'one open request for the Whitfield family');
  await rows.first().getByRole('link').click();
  await page.waitForLoadState('load');
  const duties = await page.locator('.govuk-summary-list').last().innerText();
  assert.match(duties, /Decide whether to assess\s+Overdue/);
  assert.match(duties, /The council must decide whether to carry out an assessment by Monday 16 November 2026/);
  await assertAccessible(page);
  await context.close();
});

test("the caseworker's caseload lists only open requests, the overdue first", async () => {
  const { context, page } = await session('la.caseworker@example.org');
  await page.goto(`${BASE_URL}/caseload`);
  await assertAccessible(page);
  const text = await page.locator('tbody').innerText();
  assert.equal(await page.locator('tbody tr').count(), 3, 'the finished and refused requests are not listed');
  assert.match(text.split('\n')[0], /Overdue/);
  assert.doesNotMatch(text, /_/, 'duties are named in words, not as the API spells them');
  await context.close();
});
