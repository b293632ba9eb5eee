// Shared helpers for the end-to-end tests: browser, servers, request log, waits, temp files.
//
// The network log is the judge: every request a page makes is recorded at the context level,
// and the tests assert on what went to the third-party origin.

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
/** How long to keep watching after the page settled, before asserting that nothing happened. */
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
};

export function pkgBuilt() {
  return fs.existsSync(path.join(ROOT, 'pkg', 'consentry.js'));
}

/** Skip reason when the build output is missing (the browser tests need pkg/). */
export const NEEDS_PKG = pkgBuilt() ? false : 'pkg/ is not built (run bash scripts/build.sh)';

export async function launchBrowser() {
  return launchChromium();
}

/** One server pair and one browser for a test file. */
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
    async close() {
      await browser.close().catch(() => {});
      await servers.close();
      temp.cleanup();
    },
  };
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

export async function bannerVisible(page) {
  return page.locator(SEL.banner).first().isVisible();
}

export async function waitVisible(page, selector, what = selector, timeout = TIMEOUT) {
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    throw new Error(`${what} did not become visible within ${timeout} ms`, { cause: e });
  }
}

export async function waitHidden(page, selector, what = selector, timeout = TIMEOUT) {
  try {
    await page.locator(selector).first().waitFor({ state: 'hidden', timeout });
  } catch (e) {
    throw new Error(`${what} was still visible after ${timeout} ms`, { cause: e });
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
// The consent cookie

export const COOKIE_RE = /^1\.(0|[1-9][0-9]*)\.([0-9a-z]+)\.([0-9a-z]{16,32})\.([arc])\.([a-z0-9_+-]*)\.([a-z0-9_+-]*)$/;

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

/** Builds a consent cookie value in the documented format. */
export function consentValue({ revision = 1, givenAt = Math.floor(Date.now() / 1000), id = randomId(), method = 'c', accepted = [], refused = [] } = {}) {
  return `1.${revision}.${givenAt.toString(36)}.${id}.${method}.${accepted.join('+')}.${refused.join('+')}`;
}

export function randomId(len = 20) {
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz';
  return Array.from(crypto.randomBytes(len), (b) => digits[b % 36]).join('');
}

/** A cookie for context.addCookies on the first-party origin. */
export function firstPartyCookie(servers, name, value) {
  return { name, value, url: servers.firstParty + '/' };
}

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

export function sorted(list) {
  return [...list].sort();
}

// ---------------------------------------------------------------------------------------------
// Temporary pages and manifests under www/.tmp/ (served at /.tmp/…; gitignored by www/.gitignore)

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
  urlPath(file) {
    return `/.tmp/${this.name}/${file}`;
  }
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
