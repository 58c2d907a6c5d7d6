// A subject access request in the browser: the council's manager finds a demo child by their
// UPN on the Subject access page and downloads everything held about them, a tar archive whose
// person.json is that child's. An unknown UPN is said plainly. Every page passes axe, also at
// 320 CSS pixels wide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSession, signIn, assertAccessibleAtEveryWidth, assertReadable, BASE_URL } from './lib/browser.mjs';

const session = browserSession();

// The files of a tar archive by name (ustar: a 512-byte header, then the file padded to 512).
function untar(bytes) {
  const files = new Map();
  for (let at = 0; at + 512 <= bytes.length && bytes[at] !== 0; ) {
    const field = (from, length) => bytes.subarray(at + from, at + from + length).toString('latin1').replace(/\0.*$/s, '');
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join('/');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    files.set(name, bytes.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

// A demo child of the council with a UPN, as the manager's list of children shows them.
async function aChildWithAUpn(page) {
  await page.goto(`${BASE_URL}/children`);
  for (const row of await page.locator('tbody .govuk-table__row').all()) {
    const upn = (await row.locator('td[data-label="UPN"]').innerText()).trim();
    if (upn) return { name: (await row.locator('th').innerText()).trim(), upn };
  }
  assert.fail('the demo council has a child with a UPN');
}

async function find(page, asked) {
  await page.getByLabel('UPN or record id').fill(asked);
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await page.waitForLoadState('load');
}

test('a council manager downloads everything held about a demo child', async () => {
  const { page } = session;
  await signIn(page, 'la.manager@example.org');
  const child = await aChildWithAUpn(page);

  await page.goto(`${BASE_URL}/subject-access`);
  await page.getByRole('heading', { name: 'Subject access requests', exact: true }).waitFor();
  await assertAccessibleAtEveryWidth(page);
  await assertReadable(page, '/subject-access');

  await find(page, 'nobody');
  await page.getByText('No child of your council has that UPN or record id').first().waitFor();
  await assertAccessibleAtEveryWidth(page);

  await find(page, child.upn);
  await page.getByRole('heading', { name: child.name, exact: true }).waitFor();
  await assertAccessibleAtEveryWidth(page);
  await assertReadable(page, '/subject-access?child=…');

  const link = page.getByRole('link', { name: `Download everything held about ${child.name}`, exact: true });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^subject-access-.+\.tar$/);
  const saved = join(mkdtempSync(join(tmpdir(), 'sendcase-e2e-sar-')), download.suggestedFilename());
  await download.saveAs(saved);
  const files = untar(readFileSync(saved));
  assert.ok(files.has('person.json'), `the archive holds person.json: ${[...files.keys()].join(', ')}`);
  const person = JSON.parse(files.get('person.json').toString('utf8'));
  assert.equal(person.tables.children[0].upn, child.upn, "the export is the child's");
  assert.equal(`${person.tables.children[0].given_name} ${person.tables.children[0].family_name}`, child.name);
});
