// Returning visits on the small gate (consentry_gate.wasm): it reads the manifest from the
// compact form the choice left in localStorage, and only reads the consent. A change on its page
// fetches a gate that can record it; a damaged form, an edited manifest or a gate that does not
// load are handled.
// The judges: the network log (what went to the third-party origin, and when), the cookie jar
// (context.cookies() / document.cookie) and the consent cookie's documented format.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, SEL, DEMO, waitInPage, pageState, waitVisible, poll, assertNoThirdParty,
  visit, acceptAllOnDemo, markDocument, waitForReload, cookieNames, waitForConsentCookie, sorted,
  settle,
  waitForDemoContent,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

/** The Consentry files requested since `mark`. */
function consentryFiles(ctx, mark) {
  return ctx.requests.since(mark).map((e) => new URL(e.url)).filter((u) => u.origin === suite.servers.firstParty && u.pathname.startsWith('/consentry/')).map((u) => u.pathname.slice('/consentry/'.length));
}

/** Accept all on a first visit of demo.html, then come back: the small gate runs everything. */
async function returnOnSmallGate(ctx, page = ctx.page) {
  await visit(ctx, '/demo.html', { page });
  await acceptAllOnDemo(page);
  await waitForConsentCookie(ctx.context, (p) => p.method === 'a');
  const mark = ctx.requests.mark();
  await visit(ctx, '/demo.html', { page, banner: false });
  await waitForDemoContent(page, 'the ad, chat and analytics on the returning visit');
  assert.deepEqual(consentryFiles(ctx, mark), ['consentry.js', 'consentry_gate.wasm'], 'the loader and the small gate, nothing else');
  return mark;
}

it('small gate: a withdrawal from the panel is recorded by the full build, cleans up and reloads', async (ctx) => {
  const { page } = ctx;
  await returnOnSmallGate(ctx);
  await markDocument(page);
  await page.locator('footer [data-consentry-open]').click();
  await waitVisible(page, SEL.panel, 'the panel');
  const mark = ctx.requests.mark();
  await page.locator(SEL.panelReject).click();
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.method === 'r', 'the withdrawal recorded');
  assert.deepEqual(sorted(c.refused), sorted(DEMO.optional));
  await waitForReload(page, 'the page to reload after withdrawing what ran');
  await settle(page);
  const names = await cookieNames(ctx);
  assert.ok(!names.includes('_adnet_uid') && !names.includes('chat-id-demo'), `the withdrawn services' cookies were deleted: ${names}`);
  assertNoThirdParty(ctx, mark, 'after withdrawing');
  assert.ok(!consentryFiles(ctx, mark).includes('consentry_check.wasm'), 'the panel\'s own build recorded it, no other gate was fetched');
});

it('small gate: rejectAll() from the page fetches the checking gate, which records it and reloads', async (ctx) => {
  const { page } = ctx;
  await returnOnSmallGate(ctx);
  await markDocument(page);
  const mark = ctx.requests.mark();
  await page.evaluate(() => window.consentry.rejectAll());
  await waitForConsentCookie(ctx.context, (p) => p.method === 'r', 'rejectAll() recorded');
  await waitForReload(page, 'the page to reload after rejectAll()');
  const files = consentryFiles(ctx, mark);
  assert.ok(files.includes('consentry_check.wasm'), `the checking gate was fetched for the change: ${files}`);
  assert.ok(!files.some((f) => f.startsWith('consentry_ui')), `no UI was needed: ${files}`);
  await settle(page);
  assertNoThirdParty(ctx, mark, 'after rejectAll()');
});

it('small gate: a change whose gate cannot be fetched is refused with an error, and made on the next try', async (ctx) => {
  const { page } = ctx;
  await returnOnSmallGate(ctx);
  let blocked = true;
  await ctx.context.route('**/consentry/consentry_check.wasm', (route) => (blocked ? route.abort() : route.continue()));
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.evaluate(() => window.consentry.rejectAll());
  await poll(async () => errors.some((e) => e.includes('could not record the change of consent')), 'the error for the failed change');
  assert.equal((await waitForConsentCookie(ctx.context)).parsed.method, 'a', 'nothing changed');
  assert.equal(await page.evaluate(() => window.consentry.get().method), 'accept-all');
  blocked = false;
  await markDocument(page);
  await page.evaluate(() => window.consentry.rejectAll());
  await waitForConsentCookie(ctx.context, (p) => p.method === 'r', 'the second rejectAll() recorded');
  await waitForReload(page, 'the page to reload after the withdrawal');
});

it('small gate: a damaged stored form falls back to the JSON; a gate that cannot load runs nothing and says so', async (ctx) => {
  const { page } = ctx;
  await returnOnSmallGate(ctx);
  // Damaged storage: the small gate refuses the form, the checking gate reads the JSON.
  await page.evaluate(() => localStorage.setItem('consentry:manifest', localStorage.getItem('consentry:manifest').slice(0, 40)));
  let mark = ctx.requests.mark();
  await visit(ctx, '/demo.html', { banner: false });
  await waitInPage(page, () => window.__adLoads === 1, null, 'the ad, read from the JSON');
  assert.deepEqual(consentryFiles(ctx, mark), ['consentry.js', 'consentry_gate.wasm', 'consentry_check.wasm']);

  // The small gate's file fails to load: nothing gated runs, and the console says why.
  await ctx.context.route('**/consentry/consentry_gate.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  mark = ctx.requests.mark();
  await page.goto(ctx.url('/demo.html'));
  await poll(async () => errors.some((e) => e.includes('nothing gated will run') && e.includes('consentry_gate.wasm')), `the error naming the gate (console: ${errors})`);
  await settle(page);
  assertNoThirdParty(ctx, mark, 'with the gate missing');
  const s = await pageState(page);
  assert.deepEqual([s.adLoads, s.chatLoads, s.analyticsRuns], [undefined, undefined, undefined], 'nothing gated ran');
});

it('small gate: another tab\'s withdrawal reloads it; an edited manifest is read by the checking gate', async (ctx) => {
  const a = ctx.page;
  await returnOnSmallGate(ctx);
  const b = await ctx.context.newPage();
  await visit(ctx, '/demo.html', { page: b, banner: false });
  await waitInPage(b, () => window.__adLoads === 1, null, "tab B's ad");
  await markDocument(b, 'tab-b');
  await markDocument(a, 'tab-a');
  await a.evaluate(() => window.consentry.rejectAll());
  await waitForReload(b, 'tab B (small gate) to reload after the withdrawal in A');
  await waitForReload(a, 'tab A to reload after its withdrawal');
  assert.equal(await b.evaluate(() => window.__adLoads), undefined, 'nothing gated ran in B after its reload');
  await b.close();

  // The site owner edits the manifest: the stored form no longer matches it.
  await ctx.context.route('**/manifests/demo.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()) + '\n' });
  });
  await a.evaluate(() => window.consentry.acceptAll());
  await waitForConsentCookie(ctx.context, (p) => p.method === 'a', 'accepted again');
  const mark = ctx.requests.mark();
  await visit(ctx, '/demo.html', { page: a, banner: false });
  await waitInPage(a, () => window.__adLoads === 1, null, 'the ad under the edited manifest');
  assert.deepEqual(consentryFiles(ctx, mark), ['consentry.js', 'consentry_gate.wasm', 'consentry_check.wasm'], 'the small gate, then the checking gate');
  const stored = await a.evaluate(() => localStorage.getItem('consentry:manifest'));
  const mark2 = ctx.requests.mark();
  await visit(ctx, '/demo.html', { page: a, banner: false });
  await waitInPage(a, () => window.__adLoads === 1, null, 'the ad on the next visit');
  assert.deepEqual(consentryFiles(ctx, mark2), ['consentry.js', 'consentry_gate.wasm'], 'the edited manifest was stored again: the small gate suffices');
  assert.match(stored, /^c\d+\.[0-9a-f]{16}\./);
});
