// A host that sends no Cache-Control (issue 14): Python's http.server and many static hosts
// send Last-Modified only, which lets the browser reuse a response without asking (heuristic
// freshness, a tenth of its age). A raised manifest revision must still reach returning visitors
// on their next page view: the banner shows and nothing gated runs under the old consent.
//
// The first party here is this file's own server, a small static one like Python's: files with
// Last-Modified and no Cache-Control, 304 on If-Modified-Since. It listens on loopback only and
// stops by itself. The third party (the ad tag, the chat widget) is the demo's, on 127.0.0.2.
// The judges: what this server was asked and answered, the network log, the page's counters.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT, SEL, useSuite, contextTest, waitVisible, waitForReady, waitForDemoContent,
  waitForConsentCookie, assertNoThirdParty, pageState, settle, demoManifest, page as testPage,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

/** The server stops by itself this long after it started, whatever the tests do. */
const SERVER_LIFETIME_MS = 120_000;
/** When the manifest was last edited, as the first visit sees it: a month ago, so that the
 * browser may treat the response as fresh for days (a tenth of its age). */
const MONTH_AGO = new Date(Date.now() - 30 * 86400_000);

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

/**
 * A static server on 127.0.0.1 that sends what Python's http.server sends: Content-Type,
 * Content-Length and Last-Modified, no Cache-Control, no ETag; 304 when If-Modified-Since is
 * not older than the file. `files` maps a URL path to { body, modified } (a Date); paths under
 * /consentry/ are served from pkg/. Every request is logged as { path, status }.
 */
async function staticServer(files) {
  const log = [];
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://x').pathname;
    let file = files.get(pathname);
    if (!file && pathname.startsWith('/consentry/') && !pathname.includes('..')) {
      const full = path.join(ROOT, 'pkg', pathname.slice('/consentry/'.length));
      if (fs.existsSync(full)) file = { body: fs.readFileSync(full), modified: fs.statSync(full).mtime };
    }
    if (!file) {
      log.push({ path: pathname, status: 404 });
      res.writeHead(404).end();
      return;
    }
    // HTTP dates have whole seconds.
    const modified = new Date(Math.floor(file.modified.getTime() / 1000) * 1000);
    const since = Date.parse(req.headers['if-modified-since'] || '');
    if (!Number.isNaN(since) && modified.getTime() <= since) {
      log.push({ path: pathname, status: 304 });
      res.writeHead(304, { 'Last-Modified': modified.toUTCString() }).end();
      return;
    }
    log.push({ path: pathname, status: 200 });
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(pathname)] || 'application/octet-stream',
      'Content-Length': Buffer.byteLength(file.body),
      'Last-Modified': modified.toUTCString(),
    });
    res.end(file.body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const stop = () => new Promise((resolve) => {
    clearTimeout(timer);
    server.close(() => resolve());
    server.closeAllConnections();
  });
  const timer = setTimeout(stop, SERVER_LIFETIME_MS);
  timer.unref();
  return { origin: `http://127.0.0.1:${server.address().port}`, log, stop };
}

/** The demo manifest at `revision`, naming the demo's actual third-party origin. */
function manifestText(revision) {
  const m = demoManifest();
  m.revision = revision;
  return JSON.stringify(m, null, 2).split('http://127.0.0.2:8080').join(suite.servers.thirdParty);
}

/** A page with the demo's three gated things: the ad tag (markup), the chat (declared in the
 * manifest) and an inline analytics snippet. */
function pageText() {
  return testPage({
    manifestPath: '/consent.json',
    body: `<div id="ad-slot"></div>
<script type="text/plain" data-consent="ads" data-src="${suite.servers.thirdParty}/ads/tag.js"></script>
<script type="text/plain" data-consent="analytics">window.__analyticsRuns=(window.__analyticsRuns||0)+1</script>`,
  });
}

let host;
after(() => host?.stop());

/**
 * Accepts everything at revision 1 on this host, raises the manifest's revision (as the site
 * owner would, by saving the file: a new Last-Modified), then comes back in the same context.
 * `beforeReturn(ctx)` runs just before the second page view.
 */
async function raiseRevisionBetweenVisits(ctx, beforeReturn = async () => {}) {
  const files = new Map([
    ['/page.html', { body: pageText(), modified: MONTH_AGO }],
    ['/consent.json', { body: manifestText(1), modified: MONTH_AGO }],
  ]);
  await host?.stop();
  host = await staticServer(files);
  const url = (p) => host.origin + p;
  const { page } = ctx;

  await page.goto(url('/page.html'));
  await waitVisible(page, SEL.banner, 'the banner on the first visit');
  await page.locator(SEL.bannerAccept).click();
  await waitForDemoContent(page, 'the ad tag, the chat and the analytics after Accept all');
  await waitForConsentCookie(ctx.context, (c) => c.revision === 1 && c.method === 'a', 'a revision-1 consent');

  files.set('/consent.json', { body: manifestText(2), modified: new Date() });
  await beforeReturn(ctx);
  const seen = host.log.length;
  const mark = ctx.requests.mark();
  await page.goto(url('/page.html'));
  await waitVisible(page, SEL.banner, 'the banner under revision 2 (the manifest was read afresh)');
  const ready = await waitForReady(page);
  await settle(page);

  const manifestAnswers = host.log.slice(seen).filter((e) => e.path === '/consent.json');
  assert.deepEqual(manifestAnswers, [{ path: '/consent.json', status: 200 }], 'the manifest was asked for again and its new text sent');
  assert.equal(ready.detail?.consent, null, 'a consent given under revision 1 is no consent under revision 2');
  assertNoThirdParty(ctx, mark, 'the returning visit under revision 2');
  const s = await pageState(page);
  assert.deepEqual([s.adLoads, s.chatLoads, s.analyticsRuns], [undefined, undefined, undefined], 'nothing gated ran under the old consent');
  return page;
}

it('a raised revision on a host without Cache-Control: the stored compact form does not keep the old consent', async (ctx) => {
  await raiseRevisionBetweenVisits(ctx, async ({ page }) => {
    const stored = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(stored.length > 0, 'the first visit kept the checked manifest in compact form');
  });
});

it('a raised revision on a host without Cache-Control: a cookie alone (no stored form) does not keep the old consent', async (ctx) => {
  await raiseRevisionBetweenVisits(ctx, ({ page }) => page.evaluate(() => localStorage.clear()));
});

it('an unchanged manifest on a host without Cache-Control is revalidated, not sent again', async (ctx) => {
  const files = new Map([
    ['/page.html', { body: pageText(), modified: MONTH_AGO }],
    ['/consent.json', { body: manifestText(1), modified: MONTH_AGO }],
  ]);
  await host?.stop();
  host = await staticServer(files);
  const { page } = ctx;
  await page.goto(host.origin + '/page.html');
  await waitVisible(page, SEL.banner, 'the banner on the first visit');
  await page.locator(SEL.bannerAccept).click();
  await waitForDemoContent(page, 'the gated content after Accept all');
  const seen = host.log.length;
  await page.goto(host.origin + '/page.html');
  await waitForDemoContent(page, 'the gated content on the returning visit');
  const answers = host.log.slice(seen).filter((e) => e.path === '/consent.json');
  assert.deepEqual(answers, [{ path: '/consent.json', status: 304 }], 'the manifest was revalidated: a 304, no body');
});
