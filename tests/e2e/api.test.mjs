// The JS API (issue 4) before and after ready: calls queued by the stub array and at
// DOMContentLoaded are made, not lost; get, accepted, show, showPreferences, acceptAll, on()
// and its unsubscribe, and the exact "changed" list.
// The judges: the network log (what went to the third-party origin, and when), the cookie jar
// (context.cookies() / document.cookie) and the consent cookie's documented format.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, SEL, DEMO, waitForReady, waitInPage, bannerVisible, waitVisible,
  waitHidden, assertNoThirdParty, visit, consentValue, randomId, firstPartyCookie,
  waitForConsentCookie, sorted, page as testPage, settle,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

it('API before ready: the stub array and DOMContentLoaded calls are queued, not lost; ready fires once', async (ctx) => {
  const { page } = ctx;
  const manifestPath = '/manifests/demo.json';
  const html = testPage({
    manifestPath,
    title: 'API before ready',
    head: `<script>
  window.__stubChanges = [];
  window.__readyCalls = 0;
  window.consentry = [["on", "change", function (d) { window.__stubChanges.push(d.changed.slice().sort()); }],
                      ["on", "ready", function () { window.__readyCalls++; }]];
</script>`,
    body: `<script type="text/plain" data-consent="ads" data-src="http://127.0.0.2:8080/ads/tag.js"></script>
<script>
  window.__dcl = null;
  window.__dclChanges = [];
  document.addEventListener('DOMContentLoaded', function () {
    var api = window.consentry;
    window.__dcl = { isApi: typeof api.acceptAll === 'function', get: api.get(), ads: api.accepted('ads') };
    api.on('change', function (d) { window.__dclChanges.push(d.changed.slice().sort()); });
    api.acceptAll();
  });
</script>`,
  });
  await page.goto(ctx.url(suite.temp.write('api-before-ready.html', html)));
  await waitForReady(page);
  await waitInPage(page, () => window.__adLoads === 1 && window.__chatLoads === 1, null, 'the queued acceptAll to take effect');
  await settle(page);
  const r = await page.evaluate(() => ({
    dcl: window.__dcl, stub: window.__stubChanges, dclChanges: window.__dclChanges, readyCalls: window.__readyCalls,
    events: window.__consentryEvents.map((e) => e.type),
    change: window.__consentryEvents.filter((e) => e.type === 'consentry:change').map((e) => e.detail.changed.slice().sort()),
  }));
  assert.deepEqual(r.dcl, { isApi: true, get: null, ads: false }, 'at DOMContentLoaded the API exists but is not ready');
  const expected = sorted(DEMO.optional);
  assert.deepEqual(r.stub, [expected], 'the stub array listener got the one change');
  assert.deepEqual(r.dclChanges, [expected], 'the listener registered before ready got the one change');
  assert.deepEqual(r.change, [expected], 'one consentry:change event listing every id that changed');
  assert.equal(r.events.filter((e) => e === 'consentry:ready').length, 1, 'consentry:ready fired once');
  assert.equal(r.readyCalls, 1, 'the stub on("ready") listener ran once');
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.method === 'a', 'the queued accept-all stored');
  assert.deepEqual(sorted(c.accepted), sorted(DEMO.all));
  assert.equal(await bannerVisible(page), false, 'no banner: a choice was made before ready');
  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js').length, 1);
});

it('API before ready: a queued rejectAll from the stub array is applied', async (ctx) => {
  const { page } = ctx;
  const html = testPage({
    manifestPath: '/manifests/demo.json',
    title: 'API stub reject',
    head: `<script>window.consentry = window.consentry || []; window.consentry.push(["rejectAll"]);</script>`,
  });
  await page.goto(ctx.url(suite.temp.write('api-stub-reject.html', html)));
  await waitForReady(page);
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.method === 'r', 'the queued reject-all stored');
  assert.deepEqual(c.accepted, ['necessary']);
  await settle(page);
  assert.equal(await bannerVisible(page), false, 'no banner');
  assertNoThirdParty(ctx, 0, 'after a queued rejectAll');
});

it('API after ready: get, accepted, show, showPreferences, acceptAll, on() unsubscribe, exact "changed"', async (ctx) => {
  const { page } = ctx;
  await ctx.context.addCookies([firstPartyCookie(suite.servers, 'consentry',
    consentValue({ id: randomId(20), method: 'c', accepted: ['necessary', 'support', 'chat'], refused: ['analytics', 'ads', 'adnet'] }))]);
  await visit(ctx, '/demo.html', { banner: false });
  await waitInPage(page, () => window.__chatLoads === 1, null, 'the chat under the stored consent');
  assert.equal(await bannerVisible(page), false);
  const g = await page.evaluate(() => ({ get: window.consentry.get(), acc: ['support', 'chat', 'ads', 'adnet', 'analytics', 'necessary', 'nope'].map((i) => window.consentry.accepted(i)) }));
  assert.equal(g.get.method, 'custom');
  assert.deepEqual(sorted(g.get.accepted), ['chat', 'necessary', 'support']);
  assert.deepEqual(g.acc, [true, true, false, false, false, true, false]);

  await page.evaluate(() => window.consentry.show());
  await waitVisible(page, SEL.banner, 'the banner from show()');
  await page.evaluate(() => window.consentry.showPreferences());
  await waitVisible(page, SEL.panel, 'the panel from showPreferences()');
  assert.equal(await page.locator(SEL.toggle('support')).isChecked(), true);
  assert.equal(await page.locator(SEL.toggle('ads')).isChecked(), false);

  await page.evaluate(() => {
    window.__kept = [];
    window.__dropped = [];
    window.__offReturn = window.consentry.on('change', (d) => window.__dropped.push(d.changed));
    window.consentry.on('change', (d) => window.__kept.push(d.changed.slice().sort()));
    window.__offType = typeof window.__offReturn;
    window.__offReturn();
  });
  const mark = ctx.requests.mark();
  await page.evaluate(() => window.consentry.acceptAll());
  await waitInPage(page, () => window.__adLoads === 1 && window.__analyticsRuns === 1, null, 'ad and analytics after acceptAll()');
  await waitHidden(page, SEL.panel, 'the panel after acceptAll()');
  await settle(page);
  const r = await page.evaluate(() => ({
    offType: window.__offType, kept: window.__kept, dropped: window.__dropped,
    events: window.__consentryEvents.filter((e) => e.type === 'consentry:change').map((e) => e.detail.changed.slice().sort()),
    get: window.consentry.get(),
    ready: window.__consentryEvents.filter((e) => e.type === 'consentry:ready').length,
  }));
  assert.equal(r.offType, 'function', 'on() returns a function');
  assert.deepEqual(r.dropped, [], 'an unsubscribed listener is not called');
  assert.deepEqual(r.kept, [['ads', 'adnet', 'analytics'].sort()], 'changed lists exactly the ids whose decision changed');
  assert.deepEqual(r.events, [['ads', 'adnet', 'analytics'].sort()], 'consentry:change detail.changed');
  assert.equal(r.get.method, 'accept-all');
  assert.equal(r.ready, 1, 'consentry:ready fired once');
  assert.deepEqual(sorted(new Set(ctx.requests.thirdPartyPaths(mark))), ['/ads/creative.svg', '/ads/tag.js'], 'the ad loads; the chat is not loaded again');
  assert.equal(await page.evaluate(() => window.__chatLoads), 1);
});
