// The public Local Offer: a family searches with a typo and filters, opens a service, and sends
// a comment through the feedback form; every state passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, launch, signIn, assertAccessible, assertAccessibleAtEveryWidth, BASE_URL } from './lib/browser.mjs';

const session = browserSession();

test('search finds services despite a typo, narrows with filters, and passes axe', async () => {
  const { page } = session;
  const response = await page.goto(`${BASE_URL}/local-offer`);
  assert.equal(response.status(), 200);
  await assertAccessible(page);
  const count = async () => Number((await page.locator('#results').innerText()).split(' ')[0]);
  const all = await count();
  await page.getByLabel('Search').fill('autsim');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState('load');
  const autism = await count();
  assert.ok(autism > 0 && autism < all, `autism ${autism} of ${all}`);
  await page.getByLabel('For my child aged').fill('9');
  await page.getByLabel('Postcode', { exact: true }).fill('ME14 1XQ');
  await page.getByLabel('Distance from the postcode').selectOption('10');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState('load');
  const near = await count();
  assert.ok(near > 0 && near < autism, `near ${near} of ${autism}`);
  assert.match(page.url(), /q=autsim/, 'the address can be shared');
  await assertAccessible(page);
});

test("a family's own words find services, online ones show among the nearest, and an unknown cost is not called free", async () => {
  const { page } = session;
  const count = async () => Number((await page.locator('#results').innerText()).split(' ')[0]);
  await page.goto(`${BASE_URL}/local-offer?q=short+breaks`);
  const shortBreaks = await count();
  await page.getByLabel('Search').fill('respite');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState('load');
  assert.ok(shortBreaks > 0 && (await count()) === shortBreaks, 'respite finds short breaks');
  await page.getByLabel('Search').fill('');
  await page.getByLabel('For my child aged').fill('7');
  await page.getByLabel('Postcode', { exact: true }).fill('ME14 1XQ');
  await page.getByLabel('Distance from the postcode').selectOption('3');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState('load');
  const firstPage = await page.locator('.app-results').innerText();
  assert.match(firstPage, /Online or by phone/);
  assert.match(firstPage, /miles away/);
  await assertAccessibleAtEveryWidth(page);
  await page.goto(`${BASE_URL}/local-offer?q=SALT`);
  assert.ok((await count()) > 0, 'SALT finds speech and language therapy');
  assert.match(await page.locator('.app-results').innerText(), /Cost not given|Free|Charges apply/);
});

test('a wrong postcode is explained in an accessible error summary', async () => {
  const { page } = session;
  await page.goto(`${BASE_URL}/local-offer?postcode=nonsense`);
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a full postcode/);
  await assertAccessible(page);
});

test('a service page shows what families need to know', async () => {
  const { page } = session;
  await page.goto(`${BASE_URL}/local-offer?q=swimming`);
  await page.locator('.app-results a').first().click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('h1').innerText(), /swimming/i);
  assert.match(await page.locator('.govuk-summary-list').innerText(), /Provided by[\s\S]*Contact/);
  await assertAccessible(page);
});

test('the feedback form explains mistakes, then thanks the family', async () => {
  const { page } = session;
  await page.goto(`${BASE_URL}/local-offer/feedback`);
  await assertAccessible(page);
  await page.getByRole('button', { name: 'Send comment' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Select what your comment is about/);
  assert.match(await page.title(), /^Error: /);
  await assertAccessible(page);
  await page.getByLabel('Services that are missing').check();
  await page.getByLabel('Your comment').fill('Please add more Saturday clubs near Dover.');
  await page.getByRole('button', { name: 'Send comment' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('h1').innerText(), /Thank you for your comment/);
  await assertAccessible(page);
  await page.goto(`${BASE_URL}/local-offer/you-said-we-did`);
  await assertAccessible(page);
});

test('the local authority sees services due for review and is refused publishing an incomplete one', async () => {
  const browser = await launch();
  try {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'la.manager@example.org');
    await page.goto(`${BASE_URL}/local-offer/manage`);
    await assertAccessibleAtEveryWidth(page);
    await page.locator('.govuk-table a').first().click();
    await page.waitForLoadState('load');
    await assertAccessible(page);
    await page.getByLabel('Description').fill('');
    await page.getByLabel('Show this service to families').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a description of the service/);
    await assertAccessible(page);
  } finally {
    await browser.close();
  }
});
