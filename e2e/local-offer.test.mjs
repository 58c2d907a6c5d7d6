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

/** Runs `journey` in a browser of its own, signed in as the council's manager, on the manage page. */
async function asOfficer(journey) {
  const browser = await launch();
  try {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'la.manager@example.org');
    await page.goto(`${BASE_URL}/local-offer/manage`);
    await journey(page);
  } finally {
    await browser.close();
  }
}

test('the local authority sees services due for review and is refused publishing an incomplete one', () => asOfficer(async (page) => {
    await assertAccessibleAtEveryWidth(page);
    const found = async () => Number((await page.locator('#found').innerText()).split(' ')[0]);
    const every = await found();
    await page.getByLabel('Search services').fill('swimming');
    await page.getByLabel('Show').selectOption('due');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForLoadState('load');
    assert.ok((await found()) < every, 'the search narrows every service kept');
    await assertAccessible(page);
    await page.goto(`${BASE_URL}/local-offer/manage?show=due`);
    await page.locator('.govuk-table a').first().click();
    await page.waitForLoadState('load');
    await assertAccessible(page);
    await page.getByLabel('Description').fill('');
    await page.getByLabel('Show this service to families').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a description of the service/);
    await assertAccessible(page);
}));

test("an officer edits every part of a service a family sees, and the family sees it", () => asOfficer(async (page) => {
    await page.locator('.govuk-table a').first().click();
    await page.waitForLoadState('load');
    await assertAccessibleAtEveryWidth(page);
    const filled = {
      Description: 'Relaxed swimming for disabled children and their families.',
      Accessibility: 'Pool hoist and a changing places toilet',
      'Contact name or team': 'Splash team',
      'Contact email address': 'splash@example.org',
      'What the charge is for': 'Per swim',
      'Charge in pounds': '2.50',
      'Opens at': '16:00',
      'Closes at': '15:00',
      'Who can use it': 'Children with an EHC plan',
      'Languages it is delivered in': 'English, Polish',
    };
    for (const [label, value] of Object.entries(filled)) await page.getByLabel(label).fill(value);
    for (const label of ['Leisure', 'There is a charge', 'Saturday', 'I have checked that this information is correct today', 'Show this service to families']) {
      await page.getByLabel(label).check();
    }
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /closing time must be after the opening time/);
    await assertAccessible(page);
    await page.getByLabel('Closes at').fill('17:30');
    const editing = page.url();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/local-offer\/manage$/);
    await page.goto(editing.replace('/local-offer/manage/services/', '/local-offer/services/'));
    const shown = await page.locator('.govuk-summary-list').innerText();
    for (const said of ['Per swim: £2.50', '4:00pm to 5:30pm', 'English, Polish', 'Children with an EHC plan', 'Splash team']) {
      assert.ok(shown.includes(said), `${said} in ${shown}`);
    }
    await assertAccessible(page);
}));

test('the council publishes a comment with what could identify someone taken out', () => asOfficer(async (page) => {
  const form = page.locator('form[action^="/local-offer/manage/feedback/"]').first();
  const redacted = `A family asked for more clubs (published ${Date.now()})`;
  await form.getByLabel('The comment as it will be published').fill(redacted);
  await form.getByLabel('Our response').fill('Thank you');
  await form.getByLabel('What we did').fill('We are funding two more clubs');
  await form.getByRole('button', { name: 'Save response' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('body').innerText(), /Published as/);
  await assertAccessibleAtEveryWidth(page);
  await page.goto(`${BASE_URL}/local-offer/you-said-we-did`);
  assert.ok((await page.locator('main').innerText()).includes(redacted));
  await assertAccessible(page);
}));
