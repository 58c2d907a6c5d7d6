// The EHC journeys in a real browser: a caseworker takes a request from intake to final plan,
// the educational psychologist gives advice, and the parent, emailed the draft (read back from
// maildev), follows the link and comments, and gives views. Every form, and every form showing
// errors, passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, assertAccessible, assertAccessibleAtEveryWidth, BASE_URL } from './lib/browser.mjs';
import { choosePassword, invitationLink } from './lib/mail.mjs';

let browser;
let casePath;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

async function as(email) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

async function enterDate(page, legend, [day, month, year]) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

async function press(page, name) {
  await page.getByRole('button', { name }).click();
  await page.waitForLoadState('load');
}

async function step(page, link) {
  await page.goto(BASE_URL + casePath);
  await page.getByRole('link', { name: link }).click();
  await page.waitForLoadState('load');
  await assertAccessible(page);
}

test('a caseworker records a request, decides to assess and asks for advice', async () => {
  const page = await as('la.caseworker@example.org');
  await page.goto(`${BASE_URL}/ehc-requests/new`);
  await assertAccessible(page);
  await press(page, 'Record request');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date the council received the request/);
  await assertAccessible(page);

  // The council knows thousands of children: the caseworker finds Sam by a search first.
  await page.getByLabel('Find a child the council already knows').fill('Whitfield');
  await press(page, 'Search');
  await assertAccessible(page);
  await enterDate(page, 'Date the council received the request', ['2', '11', '2026']);
  await page.getByLabel('Parent or carer').check();
  await page.getByLabel('Sam Whitfield (born Thursday 3 October 2019)').check();
  await press(page, 'Record request');
  casePath = new URL(page.url()).pathname;
  assert.match(casePath, /^\/ehc-requests\/[0-9a-f-]{36}$/);
  await assertAccessible(page);

  await step(page, 'Decide whether to assess');
  await page.getByLabel('Yes, assess').check();
  await enterDate(page, 'Date', ['16', '11', '2026']);
  await page.getByLabel('Reasons for the decision').fill('Sam may need provision beyond SEN support.');
  await press(page, 'Record decision');

  await step(page, 'Request advice');
  await page.getByLabel('Professional').selectOption({ label: 'Dr Amara Bello, Kent Educational Psychology Service' });
  await page.getByLabel('Advice sought').selectOption({ label: 'Educational psychologist' });
  await enterDate(page, 'Date', ['17', '11', '2026']);
  await press(page, 'Request advice');
  assert.match(await page.locator('main').innerText(), /Advice from Educational psychologist \(Dr Amara Bello\) must be given/);
});

test('the educational psychologist gives their advice', async () => {
  const page = await as('ep@example.org');
  await page.getByRole('link', { name: 'Advice requests', exact: true }).click();
  await assertAccessibleAtEveryWidth(page);
  await page.getByRole('link', { name: 'Sam Whitfield' }).click();
  await assertAccessible(page);
  await page.getByLabel("The child or young person's needs").fill('Sam has a speech sound disorder affecting phonics.');
  await page.getByLabel('Provision recommended, with how often and by whom').fill('Speech and language therapy, fortnightly.');
  // A picture named as a PDF is refused, saying why, and what was typed is kept.
  const picture = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
  await page.getByLabel('Documents').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: picture });
  await press(page, 'Submit advice');
  assert.match(await page.locator('main').innerText(), /report\.pdf is a JPEG image but its name does not end \.jpg/);
  await assertAccessibleAtEveryWidth(page);
  const report = Buffer.from('%PDF-1.4 speech and language assessment');
  await page.getByLabel('Documents').setInputFiles({ name: 'Speech assessment.pdf', mimeType: 'application/pdf', buffer: report });
  await press(page, 'Submit advice');
  assert.equal(new URL(page.url()).pathname, '/advice');
});

test('the caseworker reads the advice and downloads the report attached to it', async () => {
  const page = await as('la.caseworker@example.org');
  await page.goto(BASE_URL + casePath);
  assert.match(await page.locator('main').innerText(), /Speech assessment\.pdf \(PDF, 39 bytes\)/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Speech assessment.pdf' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Speech assessment.pdf');
  await assertAccessible(page);
});

test('a health professional without an account is invited by email, sets a password and gives advice', async () => {
  const page = await as('la.caseworker@example.org');
  await step(page, 'Request advice');
  const address = `kim.osei.${Date.now()}@nhs.example.org`;
  await page.getByLabel('Or someone without an account: their full name').fill('Kim Osei');
  await page.getByLabel('Their email address').fill(address);
  await page.getByLabel('Advice sought').selectOption({ label: 'Medical advice (health)' });
  await enterDate(page, 'Date', ['18', '11', '2026']);
  await press(page, 'Request advice');
  assert.match(await page.locator('main').innerText(), /\(Kim Osei\) must be given/);

  const { link, email } = await invitationLink(address);
  assert.match(email.text, /has asked for your advice about Sam\./);
  const nurse = await (await browser.newContext()).newPage();
  await nurse.goto(link);
  await assertAccessible(nurse);
  await choosePassword(nurse, 'a password for the clinic');
  await signIn(nurse, address, 'a password for the clinic');
  await nurse.getByRole('link', { name: 'Advice requests', exact: true }).click();
  await assertAccessible(nurse);
  await nurse.getByRole('link', { name: 'Sam Whitfield' }).click();
  await nurse.getByLabel("The child or young person's needs").fill('Sam is well; his hearing was tested in October.');
  await press(nurse, 'Submit advice');
  assert.equal(new URL(nurse.url()).pathname, '/advice');
  await assertAccessible(nurse);
  const closed = await nurse.goto(BASE_URL + casePath);
  assert.equal(closed.status(), 404, 'the record closes once the advice is given');
});

test('the caseworker drafts the plan, sees the section F checks and issues the draft', async () => {
  const page = await as('la.caseworker@example.org');
  await step(page, 'Draft the plan');
  await page.getByRole('link', { name: 'Change section B' }).click();
  await assertAccessible(page);
  await page.getByLabel('Description').fill('Speech sounds are not yet clear enough for phonics');
  await page.getByLabel('Broad area of need').selectOption({ label: 'Communication and interaction' });
  await press(page, 'Save a new version');
  await page.getByRole('link', { name: 'Change section F' }).click();
  await page.getByLabel('Needs it meets').fill('B1');
  await page.getByLabel('What will be provided').fill('Access to speech therapy as required');
  await page.getByLabel('Who delivers it').fill('Speech and language therapist');
  await press(page, 'Save a new version');
  const warnings = await page.locator('#plan-warnings').innerText();
  assert.match(warnings, /access to/);
  assert.match(warnings, /does not say how often or for how long/);
  await assertAccessible(page);
  await page.getByRole('button', { name: 'Show changes' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Added: For B1: Access to speech therapy/);
  await assertAccessible(page);

  await page.goto(`${BASE_URL}${casePath}/plan`);
  await page.getByRole('link', { name: 'Issue this version as the draft' }).click();
  await assertAccessible(page);
  await enterDate(page, 'Date', ['23', '11', '2026']);
  await press(page, 'Issue draft');
  assert.equal(new URL(page.url()).pathname, casePath);
});

// The emails maildev (the test script's SMTP server) received for `address` that say `text`,
// waited for while the server's outbox worker sends them.
async function emailsTo(address, text) {
  const api = `${process.env.MAILDEV_URL}/api/email?to.address=${encodeURIComponent(address)}`;
  for (let tries = 0; tries < 50; tries++) {
    const found = (await (await fetch(api)).json()).filter((e) => e.text.includes(text));
    if (found.length > 0) return found;
    await new Promise((done) => setTimeout(done, 200));
  }
  return [];
}

test('the parent is emailed the draft, follows the link and comments; the caseworker is told', async () => {
  const emails = await emailsTo('parent@example.org', `${casePath}/steps/comments`);
  assert.equal(emails.length, 1, 'one email, sent once');
  const [email] = emails;
  assert.match(email.text, /^Hello [A-Z][a-z]+,\n\nThe council has sent you the draft plan for Sam\. You have until \d+ [A-Z][a-z]+( \d{4})? to comment\./);
  const link = email.text.match(/http\S+/)[0];
  assert.equal(new URL(link).pathname, `${casePath}/steps/comments`);

  const page = await as('parent@example.org');
  const nav = await page.getByRole('navigation', { name: 'Menu' }).innerText();
  assert.match(nav, /Messages \d+\s+unread/);
  await page.getByRole('link', { name: /^Messages/ }).click();
  await page.waitForLoadState('load');
  await assertAccessible(page);
  const inbox = await page.locator('main').innerText();
  assert.match(inbox, /The council has sent you the draft plan for Sam/);
  assert.doesNotMatch(inbox, /\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-/);
  await page.getByRole('link', { name: 'Choose whether messages also come by email' }).click();
  await page.waitForLoadState('load');
  await assertAccessible(page);

  await page.goto(link);
  await page.waitForLoadState('load');
  await assertAccessible(page);
  await page.getByLabel(/Section F:/).fill('Please say how often therapy happens.');
  await page.getByLabel('The school, college or other institution you want named').fill('Oakfield Primary School');
  await press(page, 'Send comments');
  await page.getByRole('link', { name: 'Letters and plans sent' }).click();
  await page.getByRole('link', { name: 'Draft EHC plan', exact: true }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Draft plan, sent to the family on/);
  await assertAccessible(page);

  const caseworker = await as('la.caseworker@example.org');
  await caseworker.goto(`${BASE_URL}/inbox`);
  assert.match(await caseworker.locator('main').innerText(), /The family has commented on the draft plan for Sam/);
});

test('the parent gives their views', async () => {
  const page = await as('parent@example.org');
  await step(page, 'Give your views (about me)');
  await page.getByRole('group', { name: 'My hopes and aspirations for the future' }).getByLabel("In the child's or young person's own words").fill('I want to be a train driver');
  await press(page, 'Save views');
});

test('the caseworker consults the school and issues the final plan', async () => {
  const page = await as('la.caseworker@example.org');
  await step(page, 'Consult a school or other institution');
  await page.getByLabel('Institution').selectOption({ label: 'Oakfield Primary School' });
  await enterDate(page, 'Date', ['23', '11', '2026']);
  await press(page, 'Record consultation');
  await step(page, 'Issue the final plan');
  await page.getByLabel('Type of institution').fill('Mainstream primary');
  await enterDate(page, 'Date', ['24', '11', '2026']);
  await press(page, 'Issue final plan');
  assert.equal(new URL(page.url()).pathname, casePath, await page.locator('main').innerText());
  await page.getByRole('link', { name: 'Letters and plans sent' }).click();
  await page.getByRole('link', { name: 'Final EHC plan', exact: true }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('main').innerText(), /Oakfield Primary School \(Mainstream primary\)/);
  await assertAccessible(page);
});
