// Shared helpers for the browser suite: one Chromium per test file, sign-in through the real
// form, and an axe-core check of every page a user can reach.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
export const DEMO_PASSWORD = 'sendcase-demo';
// The demo's council and administrator accounts must give a code from this authenticator key.
export const DEMO_TOTP_KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const DEMO_TWO_STEP = ['la.manager@example.org', 'la.caseworker@example.org', 'dco@example.org', 'admin@example.org'];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// One browser for a test file, and one signed-out page in it: `session.page` once started.
export function browserSession() {
  const session = {};
  before(async () => {
    session.browser = await launch();
    session.page = await (await session.browser.newContext()).newPage();
  });
  after(async () => session.browser?.close());
  return session;
}

export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto(`${BASE_URL}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState('load');
  if (new URL(page.url()).pathname === '/sign-in/code') {
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(email));
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.waitForLoadState('load');
  }
  assert.equal(new URL(page.url()).pathname, '/', `sign-in as ${email} should land on the home page`);
}

// An authenticator app in node (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits).
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

export function totpCode(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(key)).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

// Each account's key and the last step whose code was used, kept in a file so that every test
// file of a run knows them: a code works once, so a second sign-in in the same 30 seconds uses
// the next step's code (the server allows one step ahead) or waits for it.
const CODES_FILE = join(tmpdir(), `sendcase-e2e-codes-${new URL(BASE_URL).port || 80}.json`);

function codes() {
  return existsSync(CODES_FILE) ? JSON.parse(readFileSync(CODES_FILE, 'utf8')) : {};
}

/** Remembers the key `email` set up, for their later sign-ins. */
export function rememberKey(email, key, step) {
  const all = codes();
  all[email] = { key: key.replace(/\s/g, ''), last: step };
  writeFileSync(CODES_FILE, JSON.stringify(all));
}

/** A code of `email`'s authenticator that has not been used yet. */
export async function freshCode(email) {
  const all = codes();
  const known = all[email] ?? (DEMO_TWO_STEP.includes(email) ? { key: DEMO_TOTP_KEY, last: -1 } : null);
  assert.ok(known, `no authenticator key known for ${email}`);
  const now = Math.floor(Date.now() / 30_000);
  const step = Math.max(now, known.last + 1);
  if (step > now + 1) await new Promise((done) => setTimeout(done, (step - 1) * 30_000 - Date.now() + 250));
  all[email] = { key: known.key, last: step };
  writeFileSync(CODES_FILE, JSON.stringify(all));
  return totpCode(known.key, step);
}

// Fails with the rule, the page and the offending markup, so a report says what to fix.
// The record links a signed-in user's /children page offers.
export async function childLinks(page) {
  await page.goto(`${BASE_URL}/children`);
  const hrefs = await page.$$eval('a[href^="/children/"]', (links) => links.map((a) => a.getAttribute('href')));
  return hrefs.filter((h) => /^\/children\/[0-9a-f-]{36}$/.test(h));
}

export async function assertAccessible(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const problems = results.violations.map(
    (v) => `${v.id} (${v.impact}) on ${page.url()}: ${v.help}\n  ${v.nodes.map((n) => n.html).join('\n  ')}`,
  );
  assert.deepEqual(problems, [], problems.join('\n'));
}

// Passes axe at the page's own width and at 320 CSS pixels, where nothing may scroll sideways
// (WCAG 1.4.10 reflow); the page keeps its width afterwards.
export async function assertAccessibleAtEveryWidth(page) {
  await assertAccessible(page);
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  await assertAccessible(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px at 320px`);
  await page.setViewportSize(wide);
}

// The Local Offer's result pages differ only in their query, without end; e2e/local-offer.test.mjs
// checks the Local Offer's pages instead. A plan's export is a file to download, not a page.
const SKIP = [/^\/sign-out/, /^\/assets\//, /^\/api\//, /^\/healthz/, /^\/local-offer$/, /\/export$/];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

// Visits every same-origin page reachable by links from `start`, checking each one; pages that
// differ only in a record id are sampled (`perShape` of each), since they share one template.
// Returns the paths visited so a test can assert what the user could and could not reach.
/** A page speaks to people: dates written out, and no record's internal id in its text. */
export async function assertReadable(page, path) {
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, `${path} writes a date as yyyy-mm-dd`);
  assert.doesNotMatch(text, new RegExp(UUID.source), `${path} shows an internal id`);
}

export async function crawl(page, start, { limit = 60, perShape = 4 } = {}) {
  const shapes = new Map();
  const origin = new URL(BASE_URL).origin;
  const queue = [start];
  const seen = new Set(queue);
  const visited = [];
  while (queue.length > 0 && visited.length < limit) {
    const path = queue.shift();
    const response = await page.goto(origin + path);
    assert.ok(response.status() < 500, `${path} answered ${response.status()}`);
    visited.push(path);
    await assertAccessible(page);
    await assertReadable(page, path);
    const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.href));
    for (const href of hrefs) {
      const url = new URL(href, origin + path);
      if (url.origin !== origin || SKIP.some((re) => re.test(url.pathname))) continue;
      // A document's PDF is not a page for axe (the Rust tests check it with poppler): it must
      // only be there, as a PDF, for whoever the page linking it is shown to.
      if (url.pathname.endsWith('.pdf')) {
        const shape = url.pathname.replace(UUID, ':id');
        if (!seen.has(url.pathname) && (shapes.get(shape) ?? 0) < perShape) {
          seen.add(url.pathname);
          shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
          const pdf = await page.request.get(url.href);
          assert.equal(pdf.status(), 200, `${url.pathname} answered ${pdf.status()}`);
          assert.equal(pdf.headers()['content-type'], 'application/pdf', url.pathname);
        }
        continue;
      }
      // A document sent with a request or advice is downloaded, not shown: it must be there,
      // as an attachment, for whoever the page linking it is shown to.
      if (url.pathname.startsWith('/case-documents/')) {
        if (!seen.has(url.pathname)) {
          seen.add(url.pathname);
          const file = await page.request.get(url.href);
          assert.equal(file.status(), 200, `${url.pathname} answered ${file.status()}`);
          assert.match(file.headers()['content-disposition'], /^attachment; /, url.pathname);
        }
        continue;
      }
      const next = url.pathname + url.search;
      const shape = next.replace(UUID, ':id');
      if (!seen.has(next) && (shapes.get(shape) ?? 0) < perShape) {
        seen.add(next);
        shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
        queue.push(next);
      }
    }
  }
  return visited;
}
