// Google Consent Mode v2 (issue 14): the sequence Consentry pushes to dataLayer, in basic and
// advanced mode, against Google's documented order. The pages use Google's own install
// snippets (gtag.js for GA4 and Google Ads, Tag Manager's container snippet), pointed at a
// stand-in of Google's tags on the third-party origin (www/third-party/google/gtag.js), which
// reads dataLayer as Google's tags do and sends measurement requests carrying the consent state.
//
// The judges: a recorder of every dataLayer entry (installed before any page script, kept in
// sessionStorage so that it survives a reload), each with whether a Google tag had run by then;
// the network log (what reached the Google stand-in, and when); the cookie jar.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  ROOT, useSuite, contextTest, SEL, visit, waitInPage, waitVisible, waitHidden, settle, waitForReload,
  markDocument, cookieNames, poll, NEEDS_PKG,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

/** Google's seven signals, in its order. */
const SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'];
/** The seven signals, `granted` for those named and `denied` for the others. */
const map = (...granted) => Object.fromEntries(SIGNALS.map((s) => [s, granted.includes(s) ? 'granted' : 'denied']));
/** What the required "necessary" category grants by its id. */
const NECESSARY = ['functionality_storage', 'security_storage'];
const ADS = ['ad_storage', 'ad_user_data', 'ad_personalization'];

/** The shop's manifest: GA4 and Tag Manager in "analytics", Google Ads in "marketing", each
 * from its preset. */
const manifest = ({ revision = 1, mode = 'basic', extra = {} } = {}) => ({
  version: 1,
  revision,
  site: { name: 'Shop' },
  signals: { gpc: true },
  google_consent_mode: { mode, ...extra },
  categories: [
    { id: 'necessary', required: true, title: 'Necessary' },
    { id: 'analytics', title: 'Analytics', tracking: true },
    { id: 'marketing', title: 'Marketing', sale_or_sharing: true },
  ],
  services: [
    // The catalog's presets: their cookies (_ga, _ga_*, _gcl_*) and Consent Mode signals.
    { id: 'ga4', category: 'analytics', preset: 'ga4' },
    { id: 'gtm', category: 'analytics', preset: 'google-tag-manager' },
    { id: 'google-ads', category: 'marketing', preset: 'google-ads' },
  ],
});

const GOOGLE = 'http://127.0.0.2:8080/google/gtag.js';
/** Google's own snippets, as its install pages give them, gated by service in basic mode. */
const BASIC_TAGS = `
  <script type="text/plain" data-consent="ga4" async data-src="${GOOGLE}?id=G-TEST1"></script>
  <script type="text/plain" data-consent="ga4">
    window.dataLayer = window.dataLayer || [];
    function gtag(){dataLayer.push(arguments);}
    gtag('js', new Date());
    gtag('config', 'G-TEST1');
  </script>
  <script type="text/plain" data-consent="google-ads">
    window.dataLayer = window.dataLayer || [];
    function gtag(){dataLayer.push(arguments);}
    gtag('config', 'AW-TEST2');
  </script>
  <script type="text/plain" data-consent="gtm">(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
  new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
  j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
  '${GOOGLE}?id='+i+dl;f.parentNode.insertBefore(j,f);
  })(window,document,'script','dataLayer','GTM-TEST3');</script>`;
/** Advanced mode: the same GA4 snippet, not gated. */
const ADVANCED_TAGS = `
  <script async src="${GOOGLE}?id=G-TEST1"></script>
  <script>
    window.dataLayer = window.dataLayer || [];
    function gtag(){dataLayer.push(arguments);}
    gtag('js', new Date());
    gtag('config', 'G-TEST1');
  </script>`;

/** The printed default of `consentry snippet` for the manifest at `file` (a path on disk). */
function snippet(file) {
  execFileSync('cargo', ['build', '-q', '--bin', 'consentry'], { cwd: ROOT, stdio: 'inherit' });
  return execFileSync(path.join(ROOT, 'target', 'debug', 'consentry'), ['snippet', file], { cwd: ROOT, encoding: 'utf8' });
}

/**
 * Writes a shop page and its manifest into the suite's temp directory; returns the page's path
 * and a function that rewrites the manifest (for a revision bump).
 */
function shop(name, { mode = 'basic', pasteSnippet = mode === 'advanced', extra } = {}) {
  const manifestPath = suite.temp.write(`${name}.json`, manifest({ mode, extra }));
  const head = pasteSnippet ? snippet(path.join(suite.temp.dir, `${name}.json`)) : '';
  const page = suite.temp.write(
    `${name}.html`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
${head}${mode === 'advanced' ? ADVANCED_TAGS : ''}
<script type="module" async src="/consentry/consentry.js" data-manifest="${manifestPath}"></script>
${mode === 'basic' ? BASIC_TAGS : ''}
</head><body><h1>Shop</h1><a href="#" data-consentry-open>Cookie settings</a></body></html>`,
  );
  return { page, rewrite: (m) => suite.temp.write(`${name}.json`, m) };
}

// Runs before every page script: records each dataLayer entry in sessionStorage with the page
// load it belongs to and whether a Google tag had run by then. An entry is a `command` (the
// Arguments object of a gtag() call), an `array`, or an `object` (a Tag Manager event).
const RECORDER = `(() => {
  const loads = Number(sessionStorage.getItem('__dl:loads') || 0) + 1;
  sessionStorage.setItem('__dl:loads', String(loads));
  const kind = (e) => Object.prototype.toString.call(e) === '[object Arguments]' ? 'command' : Array.isArray(e) ? 'array' : 'object';
  const note = (e) => {
    const all = JSON.parse(sessionStorage.getItem('__dl') || '[]');
    const k = kind(e);
    all.push({ load: loads, googleRan: !!(window.__google && window.__google.loads.length), kind: k,
      value: JSON.parse(JSON.stringify(k === 'command' ? Array.from(e) : e)) });
    sessionStorage.setItem('__dl', JSON.stringify(all));
  };
  const wrap = (layer) => {
    if (!Array.isArray(layer) || layer.__recorded) return layer;
    Object.defineProperty(layer, '__recorded', { value: true });
    layer.forEach(note);
    const push = layer.push;
    layer.push = function (...items) { items.forEach(note); return push.apply(this, items); };
    return layer;
  };
  let layer;
  Object.defineProperty(window, 'dataLayer', { configurable: true, get: () => layer, set: (v) => { layer = wrap(v); } });
})();`;
const GPC_ON = () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });

/** Every recorded entry of the context's tab so far. */
const recorded = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('__dl') || '[]'));
/** The consent commands of page load `load`, as [what, params]. */
const consentCommands = (entries, load) =>
  entries.filter((e) => e.load === load && e.kind === 'command' && e.value[0] === 'consent').map((e) => [e.value[1], e.value[2]]);
/** The default command Consentry's manifest gives: every signal denied but the required ones. */
const DEFAULT = { ...map(...NECESSARY), wait_for_update: 500 };

/** Requests that reached the Google stand-in since `mark`. */
const googleRequests = (ctx, mark = 0) => ctx.requests.thirdParty(mark).filter((r) => new URL(r.url).pathname.startsWith('/google/'));

/** Asserts the order Google documents for load `load`: the default first of all entries and
 * before any Google tag ran, exactly one of it, then (if `update`) exactly one full update,
 * before any Google tag ran in basic mode, each update followed by Consentry's event. */
function assertSequence(entries, load, { update, basic = true, defaultParams = DEFAULT }) {
  const mine = entries.filter((e) => e.load === load);
  assert.ok(mine.length > 0, `load ${load} recorded something`);
  assert.deepEqual(mine[0].kind === 'command' && mine[0].value.slice(0, 2), ['consent', 'default'], `the first entry is the default: ${JSON.stringify(mine)}`);
  assert.equal(mine[0].googleRan, false, 'the default is pushed before any Google tag ran');
  const commands = consentCommands(entries, load);
  const expected = [['default', defaultParams], ...(update ? [['update', update]] : [])];
  assert.deepEqual(commands, expected, `load ${load}: ${JSON.stringify(mine.map((e) => e.value))}`);
  const sets = mine.filter((e) => e.kind === 'command' && e.value[0] === 'set').map((e) => e.value.slice(1));
  assert.deepEqual(sets, [['ads_data_redaction', true]], 'ads_data_redaction is set once, with the default');
  if (update) {
    const at = mine.findIndex((e) => e.kind === 'command' && e.value[1] === 'update');
    if (basic) assert.equal(mine[at].googleRan, false, 'the update comes before the gated Google tags run');
    assert.equal(mine[at + 1].kind, 'object', 'an event follows the update');
    assert.equal(mine[at + 1].value.event, 'consentry_update');
    // Google's tags run after the update (basic mode: gated until then).
    const firstGoogle = mine.findIndex((e) => e.kind === 'command' && ['js', 'config'].includes(e.value[0]));
    if (basic && firstGoogle >= 0) assert.ok(firstGoogle > at, 'Google commands come after the update');
  }
}

it('basic mode, first visit: one default with all seven signals, nothing from Google before consent', async (ctx) => {
  const { page: shopPage } = shop('basic-first');
  await visit(ctx, shopPage);
  await settle(ctx.page);
  const entries = await recorded(ctx.page);
  assertSequence(entries, 1, { update: null });
  assert.equal(entries.filter((e) => e.load === 1).length, 2, `only the default and its set call: ${JSON.stringify(entries)}`);
  assert.deepEqual(googleRequests(ctx), [], 'no request reached Google before consent');
  assert.ok(!(await cookieNames(ctx)).includes('_ga'));
}, { init: [RECORDER] });

it('basic mode: Accept all sends one full update, then the gated Google tags run with consent', async (ctx) => {
  const { page: shopPage } = shop('basic-accept');
  await visit(ctx, shopPage);
  await settle(ctx.page);
  const mark = ctx.requests.mark();
  assert.deepEqual(googleRequests(ctx), []);
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitInPage(ctx.page, () => window.__google && window.__google.hits.some((h) => h.tid === 'G-TEST1'), null, 'GA4 measured');
  await settle(ctx.page);
  const all = map(...ADS, 'analytics_storage', ...NECESSARY);
  assertSequence(await recorded(ctx.page), 1, { update: all });
  const hits = await ctx.page.evaluate(() => window.__google.hits);
  assert.ok(hits.length >= 2 && hits.every((h) => h.gcs === 'G111'), `every hit with consent: ${JSON.stringify(hits)}`);
  assert.ok(googleRequests(ctx, mark).some((r) => r.url.includes('gtag.js?id=G-TEST1')));
  assert.ok(googleRequests(ctx, mark).some((r) => r.url.includes('gtag.js?id=GTM-TEST3')), 'the Tag Manager container loaded');
  const event = (await recorded(ctx.page)).find((e) => e.value && e.value.event === 'consentry_update');
  assert.deepEqual(event.value.consentry_refused, []);
  assert.ok(event.value.consentry_accepted.includes('ga4') && event.value.consentry_accepted.includes('marketing'));
}, { init: [RECORDER] });

it('basic mode: Reject all sends one update with only the required signals, and Google never loads', async (ctx) => {
  const { page: shopPage } = shop('basic-reject');
  await visit(ctx, shopPage);
  await ctx.page.locator(SEL.bannerReject).click();
  await waitHidden(ctx.page, SEL.banner);
  await settle(ctx.page);
  assertSequence(await recorded(ctx.page), 1, { update: map(...NECESSARY) });
  assert.deepEqual(googleRequests(ctx), []);
}, { init: [RECORDER] });

it('basic mode: one category (analytics) grants analytics_storage only, and only its tags run', async (ctx) => {
  const { page: shopPage } = shop('basic-one');
  await visit(ctx, shopPage);
  await ctx.page.locator(SEL.bannerPreferences).click();
  await waitVisible(ctx.page, SEL.panel);
  await ctx.page.locator(SEL.toggle('analytics')).click();
  await ctx.page.locator(SEL.save).click();
  await waitInPage(ctx.page, () => window.__google && window.__google.hits.some((h) => h.tid === 'G-TEST1'), null, 'GA4 measured');
  await settle(ctx.page);
  const entries = await recorded(ctx.page);
  assertSequence(entries, 1, { update: map('analytics_storage', ...NECESSARY) });
  assert.ok(!entries.some((e) => e.kind === 'command' && e.value[1] === 'AW-TEST2'), 'the Google Ads tag stays inert');
  assert.ok((await ctx.page.evaluate(() => window.__google.hits)).every((h) => h.gcs === 'G101'));
}, { init: [RECORDER] });

it('basic mode, returning visit: the default, then exactly one update before the Google tags run', async (ctx) => {
  const { page: shopPage } = shop('basic-return');
  await visit(ctx, shopPage);
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitInPage(ctx.page, () => window.__google && window.__google.hits.length > 0, null, 'Google measured');
  await ctx.page.reload();
  await waitInPage(ctx.page, () => window.__google && window.__google.hits.some((h) => h.tid === 'G-TEST1'), null, 'GA4 measured again');
  await settle(ctx.page);
  assert.equal(await ctx.page.locator(SEL.banner).count(), 0, 'no banner for a returning visitor');
  assertSequence(await recorded(ctx.page), 2, { update: map(...ADS, 'analytics_storage', ...NECESSARY) });
}, { init: [RECORDER] });

it('basic mode: a raised revision gives the default alone, the banner, and nothing from Google', async (ctx) => {
  const { page: shopPage, rewrite } = shop('basic-revision');
  await visit(ctx, shopPage);
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitInPage(ctx.page, () => window.__google && window.__google.hits.length > 0, null, 'Google measured');
  rewrite(manifest({ revision: 2 }));
  const mark = ctx.requests.mark();
  await ctx.page.reload();
  await waitVisible(ctx.page, SEL.banner, 'the banner under the new revision');
  await settle(ctx.page);
  assertSequence(await recorded(ctx.page), 2, { update: null });
  assert.deepEqual(googleRequests(ctx, mark), [], 'no Google request under a consent for another revision');
}, { init: [RECORDER] });

it('basic mode: withdrawal sends one full update, then the page reloads without Google and its cookie', async (ctx) => {
  const { page: shopPage } = shop('basic-withdraw');
  await visit(ctx, shopPage);
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitInPage(ctx.page, () => window.__google && window.__google.hits.length > 0, null, 'Google measured');
  await poll(async () => (await cookieNames(ctx)).includes('_ga'), 'the _ga cookie');
  await markDocument(ctx.page);
  const mark = ctx.requests.mark();
  await ctx.page.locator('[data-consentry-open]').click();
  await waitVisible(ctx.page, SEL.panel);
  await ctx.page.locator(SEL.panelReject).click();
  await waitForReload(ctx.page, 'the reload after withdrawing from Google tags that ran');
  await settle(ctx.page);
  const entries = await recorded(ctx.page);
  // Load 1: the default, the update of Accept all, the update of the withdrawal.
  const first = consentCommands(entries, 1);
  assert.deepEqual(first.map((c) => c[0]), ['default', 'update', 'update']);
  assert.deepEqual(first[2][1], map(...NECESSARY), 'the withdrawal is one full update');
  assertSequence(entries, 2, { update: map(...NECESSARY) });
  assert.ok(!(await cookieNames(ctx)).includes('_ga'), 'the withdrawn service\'s cookie is gone');
  assert.ok(!googleRequests(ctx, mark).some((r) => r.url.includes('gtag.js')), 'Google is not loaded again');
}, { init: [RECORDER] });

it('basic mode with Global Privacy Control: Accept all leaves the ad and analytics signals denied', async (ctx) => {
  const { page: shopPage } = shop('basic-gpc');
  await visit(ctx, shopPage);
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitHidden(ctx.page, SEL.banner);
  await settle(ctx.page);
  assertSequence(await recorded(ctx.page), 1, { update: map(...NECESSARY) });
  assert.deepEqual(googleRequests(ctx), [], 'tracking and sale-or-sharing categories stay refused');
}, { init: [GPC_ON, RECORDER] });

it('regions and url_passthrough go into the default', async (ctx) => {
  const { page: shopPage } = shop('basic-regions', { extra: { regions: ['DE', 'US-CA'], url_passthrough: true, wait_for_update: 800 } });
  await visit(ctx, shopPage);
  await settle(ctx.page);
  const entries = await recorded(ctx.page);
  assert.deepEqual(consentCommands(entries, 1), [['default', { ...map(...NECESSARY), wait_for_update: 800, region: ['DE', 'US-CA'] }]]);
  const sets = entries.filter((e) => e.kind === 'command' && e.value[0] === 'set').map((e) => e.value.slice(1));
  assert.deepEqual(sets, [['ads_data_redaction', true], ['url_passthrough', true]]);
}, { init: [RECORDER] });

it('advanced mode: the pasted snippet sets the default before Google loads, which pings without cookies until consent', async (ctx) => {
  const { page: shopPage } = shop('advanced', { mode: 'advanced' });
  await visit(ctx, shopPage);
  await waitInPage(ctx.page, () => window.__google && window.__google.hits.some((h) => h.tid === 'G-TEST1'), null, 'a cookieless ping');
  await settle(ctx.page);
  let entries = await recorded(ctx.page);
  assertSequence(entries, 1, { update: null, basic: false });
  assert.deepEqual((await ctx.page.evaluate(() => window.__google.hits)).map((h) => h.gcs), ['G100'], 'denied: a cookieless ping');
  assert.ok(!(await cookieNames(ctx)).includes('_ga'));
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitInPage(ctx.page, () => window.__google.hits.some((h) => h.gcs === 'G111'), null, 'a ping with consent');
  entries = await recorded(ctx.page);
  assertSequence(entries, 1, { update: map(...ADS, 'analytics_storage', ...NECESSARY), basic: false });
  await poll(async () => (await cookieNames(ctx)).includes('_ga'), 'the _ga cookie after consent');
  // Returning: the snippet's default, Consentry's one update.
  await ctx.page.reload();
  await waitInPage(ctx.page, () => window.__google && window.__google.hits.some((h) => h.gcs === 'G111'), null, 'measured with consent');
  await settle(ctx.page);
  assertSequence(await recorded(ctx.page), 2, { update: map(...ADS, 'analytics_storage', ...NECESSARY), basic: false });
}, { init: [RECORDER] });

it('advanced mode: the loader pushes the very default the snippet does, when the page has none', async (ctx) => {
  const pasted = shop('advanced-pasted', { mode: 'advanced' });
  const bare = shop('advanced-bare', { mode: 'advanced', pasteSnippet: false });
  await visit(ctx, pasted.page);
  await settle(ctx.page);
  const fromSnippet = consentCommands(await recorded(ctx.page), 1);
  await visit(ctx, bare.page);
  await settle(ctx.page);
  const fromLoader = consentCommands(await recorded(ctx.page), 2);
  assert.deepEqual(fromLoader, fromSnippet);
  assert.deepEqual(fromSnippet, [['default', DEFAULT]]);
}, { init: [RECORDER] });

it('a manifest without google_consent_mode pushes nothing to dataLayer, ever', async (ctx) => {
  await visit(ctx, '/demo.html');
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitHidden(ctx.page, SEL.banner);
  await settle(ctx.page);
  assert.equal(await ctx.page.evaluate(() => window.dataLayer), undefined);
  assert.deepEqual(await recorded(ctx.page), []);
}, { init: [RECORDER] });

test('the snippet is printed with a nonce for a strict CSP, and with the hash of its text', { skip: NEEDS_PKG }, () => {
  const file = path.join(suite.temp.dir, 'nonce.json');
  fs.writeFileSync(file, JSON.stringify(manifest({ mode: 'advanced' })));
  execFileSync('cargo', ['build', '-q', '--bin', 'consentry'], { cwd: ROOT, stdio: 'inherit' });
  const out = execFileSync(path.join(ROOT, 'target', 'debug', 'consentry'), ['snippet', file, '--nonce', '{{ nonce }}', '--hash'], { encoding: 'utf8' });
  const script = /<script nonce="\{\{ nonce \}\}">(.*)<\/script>/.exec(out);
  assert.ok(script, out);
  const hash = /'sha256-([A-Za-z0-9+/=]+)'/.exec(out);
  assert.equal(hash[1], crypto.createHash('sha256').update(script[1]).digest('base64'));
});
