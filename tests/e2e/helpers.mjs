// Shared helpers for the end-to-end tests: browser, servers, request log, waits, temp files.
//
// The network log is the judge: every request a page makes is recorded at the context level,
// and the tests assert on what went to the third-party origin.
//
// Waiting: wait for a condition (waitInPage, waitVisible, waitForReady, poll, …), never for a
// fixed time. The one fixed wait is settle(page): it proves a negative (nothing was requested,
// nothing ran twice) by watching for SETTLE_MS before the assertion.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startServers } from '../../scripts/serve.mjs';
import { launchChromium } from '../../scripts/chromium.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WWW = path.join(ROOT, 'www');

/** Upper bound for any single wait in these tests. */
export const TIMEOUT = 15_000;
/** How long settle() keeps watching a page before asserting that nothing happened. */
export const SETTLE_MS = 800;

export { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

/** The `data-consentry` hooks (design.md: a public contract). */
export const SEL = {
  banner: '[data-consentry="banner"]',
  panel: '[data-consentry="panel"]',
  bannerAccept: '[data-consentry="banner"] [data-consentry="accept-all"]',
  bannerReject: '[data-consentry="banner"] [data-consentry="reject-all"]',
  bannerPreferences: '[data-consentry="banner"] [data-consentry="preferences"]',
  panelAccept: '[data-consentry="panel"] [data-consentry="accept-all"]',
  panelReject: '[data-consentry="panel"] [data-consentry="reject-all"]',
  save: '[data-consentry="panel"] [data-consentry="save"]',
  close: '[data-consentry="panel"] [data-consentry="close"]',
  toggle: (id) => `[data-consentry="panel"] [data-consentry="toggle"][data-id="${id}"]`,
};

/** Ids of the demo manifest (www/manifests/demo.json). */
export const DEMO = {
  categories: ['necessary', 'analytics', 'ads', 'support'],
  services: ['adnet', 'chat'],
  get all() {
    return [...this.categories, ...this.services];
  },
  /** Every id but the required category: what a visitor can accept or refuse. */
  get optional() {
    return this.all.filter((id) => id !== 'necessary');
  },
};

/** Whether pkg/ (the build output the browser tests load) exists. */
export function pkgBuilt() {
  return fs.existsSync(path.join(ROOT, 'pkg', 'consentry.js'));
}

/** Skip reason when the build output is missing (the browser tests need pkg/). */
export const NEEDS_PKG = pkgBuilt() ? false : 'pkg/ is not built (run bash scripts/build.sh)';

/** Headless Chromium (scripts/chromium.mjs). */
export async function launchBrowser() {
  return launchChromium();
}

/** One server pair and one browser for a test file; `url(path)` is on the first-party origin. */
export async function setupSuite() {
  const servers = await startServers({ port: 0 });
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await servers.close();
    throw e;
  }
  const temp = new TempDir();
  return {
    servers,
    browser,
    temp,
    url: (p) => `${servers.firstParty}${p}`,
    async close() {
      await browser.close().catch(() => {});
      await servers.close();
      temp.cleanup();
    },
  };
}

/**
 * The suite of a test file: registers the `before` hook that starts it (setupSuite, unless
 * pkg/ is missing) and the `after` hook that closes it. The object it returns is filled in by
 * `before`, so use it inside tests only.
 */
export function useSuite() {
  const suite = {};
  before(async () => {
    if (!NEEDS_PKG) Object.assign(suite, await setupSuite());
  });
  after(async () => {
    await suite.close?.();
  });
  return suite;
}

/**
 * Returns `it(name, fn, options)`: a test of `suite` (skipped without pkg/) that gets a fresh
 * browser context (openContext) and closes it afterwards, passed or failed. Options: `init`,
 * scripts each page runs before its own; `timeout` for this test; the rest goes to openContext.
 */
export function contextTest(suite, { timeout: fileTimeout = 60_000 } = {}) {
  return (name, fn, { init = [], timeout = fileTimeout, ...contextOptions } = {}) =>
    test(name, { skip: NEEDS_PKG, timeout }, async () => {
      const ctx = await openContext(suite, contextOptions);
      try {
        for (const script of init) await ctx.context.addInitScript(script);
        await fn(ctx);
      } finally {
        await ctx.close();
      }
    });
}

// Runs in every page before any of its scripts: records Consentry's DOM events, so tests can
// wait for `consentry:ready` even when it fires before they look.
const INIT_SCRIPT = `(() => {
  const log = (window.__consentryEvents = []);
  for (const type of ['consentry:ready', 'consentry:change']) {
    window.addEventListener(type, (e) => {
      let detail = null;
      try { detail = JSON.parse(JSON.stringify(e.detail ?? null)); } catch (_) { detail = 'unserialisable'; }
      log.push({ type, detail, target: e.target === document ? 'document' : e.target === window ? 'window' : String(e.target) });
    }, true);
  }
})();`;

/**
 * A fresh browser context (empty cookie jar and cache) with a request recorder, a console
 * recorder and the event recorder installed. `cookies` are added before anything loads.
 */
export async function openContext(suite, { cookies = [], viewport = { width: 1280, height: 800 }, locale } = {}) {
  const context = await suite.browser.newContext({ viewport, ...(locale ? { locale } : {}) });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  await context.addInitScript({ content: INIT_SCRIPT });
  if (cookies.length) await context.addCookies(cookies);
  const requests = new RequestLog(context, suite.servers);
  const consoleLog = [];
  const pageErrors = [];
  const watched = new WeakSet();
  const watch = (p) => {
    if (watched.has(p)) return;
    watched.add(p);
    p.on('console', (m) => consoleLog.push({ type: m.type(), text: m.text(), url: p.url() }));
    p.on('pageerror', (e) => pageErrors.push(String(e && e.message ? e.message : e)));
  };
  context.on('page', watch);
  const page = await context.newPage();
  watch(page);
  return {
    context,
    page,
    requests,
    consoleLog,
    pageErrors,
    servers: suite.servers,
    /** The URL of `p` on the first-party origin. */
    url: (p) => `${suite.servers.firstParty}${p}`,
    /** console.error messages that start with "Consentry:". */
    consentryErrors: () => consoleLog.filter((m) => m.type === 'error' && m.text.startsWith('Consentry:')),
    close: () => context.close().catch(() => {}),
  };
}

/** Every request made in a browser context, in order. */
export class RequestLog {
  constructor(context, servers) {
    this.servers = servers;
    this.entries = [];
    context.on('request', (r) => {
      this.entries.push({ url: r.url(), method: r.method(), type: r.resourceType(), at: Date.now(), seq: this.entries.length });
    });
  }
  /** A position in the log; pass it to the queries to look only at later requests. */
  mark() {
    return this.entries.length;
  }
  /** Every request since `mark`. */
  since(mark = 0) {
    return this.entries.slice(mark);
  }
  /** Requests to the third-party origin. */
  thirdParty(mark = 0) {
    const origin = this.servers.thirdParty + '/';
    return this.since(mark).filter((e) => e.url.startsWith(origin));
  }
  /** Requests (any origin) whose pathname is `pathname`. */
  to(pathname, mark = 0) {
    return this.since(mark).filter((e) => {
      try {
        return new URL(e.url).pathname === pathname;
      } catch {
        return false;
      }
    });
  }
  /** Requests to the third-party origin whose pathname is `pathname`. */
  thirdPartyTo(pathname, mark = 0) {
    return this.thirdParty(mark).filter((e) => new URL(e.url).pathname === pathname);
  }
  /** Requests to the third-party origin since `mark`, as "pathname?search" strings. */
  thirdPartyPaths(mark = 0) {
    return this.thirdParty(mark).map((e) => {
      const u = new URL(e.url);
      return u.pathname + u.search;
    });
  }
  /** `list` (log entries) as readable lines, for assertion messages. */
  describe(list) {
    return list.map((e) => `${e.method} ${e.url} (${e.type})`).join('\n  ') || '(none)';
  }
}

/** Waits until Consentry has dispatched `consentry:ready` on the current document. */
export async function waitForReady(page, timeout = TIMEOUT) {
  try {
    await page.waitForFunction(
      () => (window.__consentryEvents || []).some((e) => e.type === 'consentry:ready'),
      null,
      { timeout, polling: 50 },
    );
  } catch (e) {
    throw new Error(`consentry:ready was not dispatched within ${timeout} ms on ${page.url()}`, { cause: e });
  }
  return page.evaluate(() => window.__consentryEvents.find((e) => e.type === 'consentry:ready'));
}

/** Waits for `fn` (run in the page) to return truthy; the message says what was awaited. */
export async function waitInPage(page, fn, arg, what, timeout = TIMEOUT) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 50 });
  } catch (e) {
    const state = await pageState(page).catch(() => ({}));
    throw new Error(`timed out after ${timeout} ms waiting for ${what}; page state: ${JSON.stringify(state)}`, { cause: e });
  }
}

/** Counters the fake third parties and gated snippets leave on window. */
export function pageState(page) {
  return page.evaluate(() => ({
    adLoads: window.__adLoads,
    chatLoads: window.__chatLoads,
    analyticsRuns: window.__analyticsRuns,
    cookie: document.cookie,
  }));
}

/** Whether the first-layer banner is visible now. */
export async function bannerVisible(page) {
  return page.locator(SEL.banner).first().isVisible();
}

/** Waits until the first element matching `selector` is visible; the message names `what`. */
export async function waitVisible(page, selector, what = selector, timeout = TIMEOUT) {
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    throw new Error(`${what} did not become visible within ${timeout} ms`, { cause: e });
  }
}

/** Waits until the first element matching `selector` is hidden or gone; the message names `what`. */
export async function waitHidden(page, selector, what = selector, timeout = TIMEOUT) {
  try {
    await page.locator(selector).first().waitFor({ state: 'hidden', timeout });
  } catch (e) {
    throw new Error(`${what} was still visible after ${timeout} ms`, { cause: e });
  }
}

/**
 * A fixed delay. Not a way to wait for something (use a wait on its condition) nor to prove a
 * negative (use settle): for a fake server's latency, and for poll's interval.
 */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Keeps watching `page` for `ms` (SETTLE_MS) without acting: the one fixed wait of these tests.
 * Call it before asserting that something did NOT happen (no request to the third party,
 * nothing ran twice, no reload, no second error), which no condition can wait for.
 */
export async function settle(page, ms = SETTLE_MS) {
  await page.waitForTimeout(ms);
}

/** Polls `fn` (Node side) until it returns a truthy value, or throws after `timeout`. */
export async function poll(fn, what, timeout = TIMEOUT, every = 100) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(every);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Journeys

/** Asserts that nothing was requested from the third-party origin since `mark`. */
export function assertNoThirdParty(ctx, mark, when) {
  const tp = ctx.requests.thirdParty(mark);
  assert.equal(tp.length, 0, `${when}: expected no request to the third-party origin, got:\n  ${ctx.requests.describe(tp)}`);
}

/**
 * Opens `path` (first party) in `page`, waits for the banner unless `banner` is false, and
 * returns the `consentry:ready` event (waitForReady).
 */
export async function visit(ctx, path = '/demo.html', { banner = true, page = ctx.page } = {}) {
  await page.goto(ctx.url(path));
  if (banner) await waitVisible(page, SEL.banner, `the banner on ${path}`);
  return waitForReady(page);
}

/** Waits until demo.html's gated content has run once each: the ad tag, the chat widget, the analytics snippet. */
export async function waitForDemoContent(page, what = 'the ad tag, the chat widget and the analytics snippet') {
  await waitInPage(page, () => window.__adLoads === 1 && window.__chatLoads === 1 && window.__analyticsRuns === 1, null, what);
}

/** Accept all from the banner on demo.html: waits for its gated content to run and the banner to close. */
export async function acceptAllOnDemo(page) {
  await page.locator(SEL.bannerAccept).click();
  await waitForDemoContent(page, 'the ad tag, the chat widget and the analytics snippet after Accept all');
  await waitHidden(page, SEL.banner, 'the banner after Accept all');
}

/** Marks the current document of `page`; documentMarker tells later whether it was replaced. */
export async function markDocument(page, value = 'before') {
  await page.evaluate((v) => void (window.__docMarker = v), value);
}

/** The mark of the current document: null once replaced, 'loading' / 'navigating' in between. */
export async function documentMarker(page) {
  try {
    return await page.evaluate(() => (document.readyState === 'complete' ? window.__docMarker ?? null : 'loading'));
  } catch {
    return 'navigating';
  }
}

/** Waits until the marked document was replaced by a fully loaded one where Consentry is ready. */
export async function waitForReload(page, what) {
  await poll(async () => (await documentMarker(page)) === null, `${what} (a reload of ${page.url()})`);
  await waitForReady(page);
}

/** Names of the cookies the browser holds for the first-party origin. */
export async function cookieNames(ctx) {
  return (await ctx.context.cookies(ctx.servers.firstParty)).map((c) => c.name);
}

// ---------------------------------------------------------------------------------------------
// The consent cookie

/** The consent cookie's format (docs/cookie-format.md), the method with its signal flags (a|r|c, then g, then d). */
export const COOKIE_RE = /^1\.(0|[1-9][0-9]*)\.([0-9a-z]+)\.([0-9a-z]{16,32})\.([arc]g?d?)\.([a-z0-9_+-]*)\.([a-z0-9_+-]*)$/;

/** Parses a consent cookie value per the documented format, or returns null. */
export function parseConsent(value) {
  const m = COOKIE_RE.exec(value ?? '');
  if (!m) return null;
  const list = (s) => (s ? s.split('+') : []);
  return {
    revision: Number(m[1]),
    givenAt: parseInt(m[2], 36),
    id: m[3],
    method: m[4],
    accepted: list(m[5]),
    refused: list(m[6]),
  };
}

/** Now, in seconds since the epoch (the consent cookie's clock). */
export const nowSecs = () => Math.floor(Date.now() / 1000);

/** Builds a consent cookie value in the documented format. */
export function consentValue({ revision = 1, givenAt = nowSecs(), id = randomId(), method = 'c', accepted = [], refused = [] } = {}) {
  return `1.${revision}.${givenAt.toString(36)}.${id}.${method}.${accepted.join('+')}.${refused.join('+')}`;
}

/** A random consent id of `len` base-36 digits. */
export function randomId(len = 20) {
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz';
  return Array.from(crypto.randomBytes(len), (b) => digits[b % 36]).join('');
}

/** A cookie for context.addCookies on the first-party origin. */
export function firstPartyCookie(servers, name, value) {
  return { name, value, url: servers.firstParty + '/' };
}

/** The cookie `name` of the browser context, or undefined. */
export async function cookieNamed(context, name = 'consentry') {
  return (await context.cookies()).find((c) => c.name === name);
}

/** Waits until the consent cookie exists and `pred(parsed, raw)` holds; returns { raw, parsed }. */
export async function waitForConsentCookie(context, pred = () => true, what = 'the consent cookie', name = 'consentry') {
  let seen;
  try {
    return await poll(async () => {
      const raw = await cookieNamed(context, name);
      seen = raw && raw.value;
      const parsed = raw && parseConsent(raw.value);
      return parsed && pred(parsed, raw) ? { raw, parsed } : null;
    }, what, TIMEOUT, 50);
  } catch (e) {
    throw new Error(`${e.message}; last value: ${JSON.stringify(seen)}`);
  }
}

/** A sorted copy of `list`. */
export function sorted(list) {
  return [...list].sort();
}

// ---------------------------------------------------------------------------------------------
// Temporary pages and manifests under www/.tmp/ (served at /.tmp/…; gitignored by www/.gitignore)

/** A directory of its own under www/.tmp/, removed by cleanup(). */
export class TempDir {
  constructor() {
    this.base = path.join(WWW, '.tmp');
    this.name = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    this.dir = path.join(this.base, this.name);
    fs.mkdirSync(this.dir, { recursive: true });
  }
  /** Writes a file; returns its URL path on the first-party server. */
  write(file, content) {
    const full = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
    return this.urlPath(file);
  }
  /** The URL path of `file` on the first-party server. */
  urlPath(file) {
    return `/.tmp/${this.name}/${file}`;
  }
  /** Removes the directory (and www/.tmp/ if no other test file uses it). */
  cleanup() {
    fs.rmSync(this.dir, { recursive: true, force: true });
    try {
      fs.rmdirSync(this.base); // only if empty: another test file may still be using it
    } catch {}
  }
}

/** The demo manifest, parsed (with the http://127.0.0.2:8080 placeholder still in it). */
export function demoManifest() {
  return JSON.parse(fs.readFileSync(path.join(WWW, 'manifests', 'demo.json'), 'utf8'));
}

/** www/demo.html with its data-manifest pointing at `manifestPath`. */
export function demoPageWith(manifestPath) {
  const html = fs.readFileSync(path.join(WWW, 'demo.html'), 'utf8');
  const out = html.replace('data-manifest="/manifests/demo.json"', `data-manifest="${manifestPath}"`);
  if (out === html) throw new Error('demo.html no longer references /manifests/demo.json');
  return out;
}

/**
 * A demo variant: demo.json changed in place by `edit(manifest)`, and a copy of demo.html using
 * it, both under the suite's temp dir; returns the page's URL path.
 */
export function demoVariant(suite, name, edit) {
  const m = demoManifest();
  edit(m);
  const manifestPath = suite.temp.write(`${name}.json`, m);
  return suite.temp.write(`${name}.html`, demoPageWith(manifestPath));
}

/** A minimal page that runs Consentry with `manifestPath`, with `body` inside <body>. */
export function page({ manifestPath, body = '', head = '', title = 'Consentry test page' }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="data:,">
<script type="module" src="/consentry/consentry.js" data-manifest="${manifestPath}"></script>
${head}
</head>
<body>
<main><h1>${title}</h1><p><a href="#" data-consentry-open>Cookie settings</a></p></main>
${body}
</body>
</html>
`;
}
