// Byte budgets (issue 5): what Consentry sends over the wire for www/demo.html, measured in
// Chromium from the network log (CDP), compressed as the demo server sends it (brotli).
// Bytes, not time: nothing here depends on the machine's speed.
//
//   first visit (no cookie): loader + the full build (JS glue + wasm: gate, manifest reader, UI)
//     + the stylesheet + manifest
//   returning visit (the visitor chose on an earlier page view, which kept the checked manifest
//     in compact form beside the cookie): loader + the small gate (one wasm file) + manifest
//   returning visit without that form (a valid cookie only: the manifest was edited since, or
//     storage was cleared): loader + the checking gate (one wasm file) + manifest
//
// "Consentry's bytes" are the compressed response bodies of every request under /consentry/
// plus the manifest (/manifests/demo.json); response headers are printed but not counted (they
// depend on the server, not on Consentry).

// The performance issue's targets are 20 KB (returning) and 100 KB (first visit); both visits
// meet them, so their budgets are the targets. The returning visit without the stored compact
// form (after the site owner edits the manifest, or with storage cleared: one page view, then
// the form is stored again) has no target of its own; its budget is a ratchet, today's size plus
// a little, so no change makes it heavier unnoticed. Raised once, from 32,800 to 33,900, for
// what the checking gate must read (presets, cookie lifetimes, hosts, embeds: issue 14).
/** The target for a returning visit, in compressed bytes. */
export const RETURNING_TARGET = 20_000;
/** The target for a first visit, in compressed bytes. */
export const FIRST_VISIT_TARGET = 100_000;
/** Returning visit: everything Consentry sends, compressed bytes (enforced). */
export const RETURNING_BUDGET = RETURNING_TARGET;
/** Returning visit without the compact form: everything Consentry sends (enforced). */
export const UNSTORED_BUDGET = 33_900;
/** First visit: everything Consentry sends, UI and CSS included, compressed bytes (enforced). */
export const FIRST_VISIT_BUDGET = FIRST_VISIT_TARGET;

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setupSuite,
  openContext,
  NEEDS_PKG,
  SEL,
  DEMO,
  TIMEOUT,
  SETTLE_MS,
  waitForReady,
  waitVisible,
  bannerVisible,
  consentValue,
  firstPartyCookie,
  waitForConsentCookie,
  demoManifest,
  poll,
} from './helpers.mjs';

const PAGE = '/demo.html';
const MANIFEST = '/manifests/demo.json';
const UI_FILES = ['/consentry/consentry_ui.js', '/consentry/consentry_ui_bg.wasm', '/consentry/consentry.css'];
const isUi = (pathname) => /^\/consentry\/(consentry_ui[^/]*|consentry\.css)$/.test(pathname);

/** Records every request of a page with its encoded (compressed) size, from CDP. */
async function recordNetwork(context, page) {
  const cdp = await context.newCDPSession(page);
  const byId = new Map();
  let last = Date.now();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!/^https?:/.test(e.request.url)) return;
    byId.set(e.requestId, { url: e.request.url, status: null, encoding: null, headerBytes: 0, total: null, done: false, failed: null });
    last = Date.now();
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    const headers = Object.fromEntries(Object.entries(e.response.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
    r.status = e.response.status;
    r.encoding = headers['content-encoding'] || null;
    r.headerBytes = e.response.encodedDataLength || 0;
    last = Date.now();
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.total = e.encodedDataLength;
    r.done = true;
    last = Date.now();
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.failed = e.errorText || 'failed';
    r.done = true;
    last = Date.now();
  });
  await cdp.send('Network.enable');
  return {
    /** Counts every file as a browser without them cached would fetch them. */
    noCache: () => cdp.send('Network.setCacheDisabled', { cacheDisabled: true }),
    /** Waits until no request is in flight and none started or ended for `ms`. */
    async idle(ms = SETTLE_MS) {
      const busy = () => [...byId.values()].filter((r) => !r.done).map((r) => r.url);
      try {
        await poll(() => busy().length === 0 && Date.now() - last >= ms, 'the network to be idle', TIMEOUT, 50);
      } catch {
        throw new Error(`the network was still busy after ${TIMEOUT} ms: ${busy().join(', ')}`);
      }
    },
    list() {
      return [...byId.values()].map((r) => {
        const total = r.total ?? 0;
        return { ...r, pathname: new URL(r.url).pathname, origin: new URL(r.url).origin, body: Math.max(0, total - r.headerBytes), transfer: total };
      });
    },
  };
}

function consentryFiles(list, servers) {
  return list.filter((r) => r.origin === servers.firstParty && (r.pathname.startsWith('/consentry/') || r.pathname === MANIFEST));
}

function printTable(title, files) {
  const rows = files.map((f) => [f.pathname, String(f.status), f.encoding || 'identity', String(f.body), String(f.transfer)]);
  const body = files.reduce((n, f) => n + f.body, 0);
  const transfer = files.reduce((n, f) => n + f.transfer, 0);
  rows.push(['total', '', '', String(body), String(transfer)]);
  const head = ['file', 'status', 'encoding', 'bytes (compressed body)', 'with headers'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}\n${line(head)}\n${rows.map(line).join('\n')}`);
}

const describeList = (files) => files.map((f) => `${f.pathname} ${f.body}`).join(', ');

let suite;
const measured = {};

/** Visits PAGE with the HTTP cache disabled, after `earlier(ctx)` (in the same browser context). */
async function visit(name, cookies, earlier = async () => {}) {
  const ctx = await openContext(suite, { cookies });
  try {
    await earlier(ctx);
    const mark = ctx.requests.mark();
    const net = await recordNetwork(ctx.context, ctx.page);
    await net.noCache();
    await ctx.page.goto(suite.servers.firstParty + PAGE);
    await waitForReady(ctx.page);
    if (name === 'first') await waitVisible(ctx.page, SEL.banner, 'the banner');
    await net.idle();
    const all = net.list();
    const files = consentryFiles(all, suite.servers);
    return {
      all,
      files,
      requested: ctx.requests.since(mark).map((e) => new URL(e.url).pathname),
      body: files.reduce((n, f) => n + f.body, 0),
      transfer: files.reduce((n, f) => n + f.transfer, 0),
      bannerShown: await bannerVisible(ctx.page),
      pageErrors: ctx.pageErrors,
    };
  } finally {
    await ctx.close();
  }
}

before(async () => {
  if (NEEDS_PKG) return;
  suite = await setupSuite();
  const { revision } = demoManifest();
  const cookie = consentValue({ revision, method: 'a', accepted: DEMO.all, refused: [] });
  measured.first = await visit('first', []);
  // The visitor accepts on a first page view, then comes back.
  measured.returning = await visit('returning', [], async (ctx) => {
    await ctx.page.goto(suite.servers.firstParty + PAGE);
    await waitForReady(ctx.page);
    await ctx.page.evaluate(() => window.consentry.acceptAll());
    await waitForConsentCookie(ctx.context);
    measured.stored = await ctx.page.evaluate(() => localStorage.getItem('consentry:manifest'));
    // Leave the page, so that nothing it still loads (the ad's creative) is counted as the next visit's.
    await ctx.page.goto('about:blank');
  });
  measured.unstored = await visit('unstored', [firstPartyCookie(suite.servers, 'consentry', cookie)]);
  printTable(`Consentry, first visit of ${PAGE} (budget ${FIRST_VISIT_BUDGET} bytes, target ${FIRST_VISIT_TARGET}):`, measured.first.files);
  printTable(`Consentry, returning visit of ${PAGE} after Accept all (budget ${RETURNING_BUDGET} bytes, target ${RETURNING_TARGET}):`, measured.returning.files);
  printTable(`Consentry, returning visit of ${PAGE}, accept-all cookie but no stored manifest (budget ${UNSTORED_BUDGET} bytes):`, measured.unstored.files);
  console.log('');
});

after(async () => {
  if (suite) await suite.close();
});

test('first visit: the UI is fetched, and every Consentry file is served compressed', { skip: NEEDS_PKG }, () => {
  const m = measured.first;
  assert.equal(m.bannerShown, true, 'the banner should show on a first visit');
  for (const file of UI_FILES) {
    assert.ok(m.requested.includes(file), `a first visit should fetch ${file}; requested: ${m.requested.join(', ')}`);
  }
  for (const f of m.files) {
    assert.equal(f.status, 200, `${f.pathname} answered ${f.status}`);
    assert.equal(f.encoding, 'br', `${f.pathname} should be served brotli-compressed (Content-Encoding: ${f.encoding})`);
  }
});

test(`first visit: Consentry sends at most ${FIRST_VISIT_BUDGET} bytes`, { skip: NEEDS_PKG }, () => {
  const m = measured.first;
  assert.ok(
    m.body <= FIRST_VISIT_BUDGET,
    `first visit: Consentry sent ${m.body} compressed bytes, over the budget of ${FIRST_VISIT_BUDGET}: ${describeList(m.files)}`,
  );
});

test('returning visit: the small gate alone, no UI (consentry_ui*, consentry.css), no banner', { skip: NEEDS_PKG }, () => {
  const m = measured.returning;
  assert.match(measured.stored || '', /^c\d+\.[0-9a-f]{16}\./, 'the choice keeps the checked manifest in compact form');
  const ui = m.requested.filter(isUi);
  assert.deepEqual(ui, [], `a returning visitor with a valid consent must not fetch the UI; fetched: ${ui.join(', ')}`);
  assert.equal(m.bannerShown, false, 'no banner should show on a returning visit');
  const mine = m.requested.filter((p) => p.startsWith('/consentry/'));
  assert.deepEqual(mine, ['/consentry/consentry.js', '/consentry/consentry_gate.wasm'], 'the loader and the small gate, nothing else');
});

test('returning visit without the stored manifest: the checking gate, no UI, no banner', { skip: NEEDS_PKG }, () => {
  const m = measured.unstored;
  const mine = m.requested.filter((p) => p.startsWith('/consentry/'));
  assert.deepEqual(mine, ['/consentry/consentry.js', '/consentry/consentry_check.wasm'], 'the loader and the checking gate, nothing else');
  assert.equal(m.bannerShown, false, 'no banner should show on a returning visit');
});

test(`returning visit without the stored manifest: Consentry sends at most ${UNSTORED_BUDGET} bytes`, { skip: NEEDS_PKG }, () => {
  const m = measured.unstored;
  assert.ok(m.body <= UNSTORED_BUDGET, `Consentry sent ${m.body} compressed bytes, over the budget of ${UNSTORED_BUDGET}: ${describeList(m.files)}`);
});

test(`returning visit: Consentry sends at most ${RETURNING_BUDGET} bytes`, { skip: NEEDS_PKG }, () => {
  const m = measured.returning;
  assert.ok(
    m.body <= RETURNING_BUDGET,
    `returning visit: Consentry sent ${m.body} compressed bytes, over the budget of ${RETURNING_BUDGET}: ${describeList(m.files)}`,
  );
});
