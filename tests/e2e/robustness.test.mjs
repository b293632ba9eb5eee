// What must not go wrong: a new policy revision, an invalid manifest, garbage or stale cookies,
// hostile manifest texts, gated elements added later, document order, and the JS API/events.
// Pages and manifests that differ from the demo are written to www/.tmp/ for the test's duration.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NEEDS_PKG, SEL, DEMO, SETTLE_MS, useSuite, contextTest, openContext, waitForReady, waitInPage,
  waitVisible, waitHidden, pageState, bannerVisible, sleep, consentValue, firstPartyCookie,
  waitForConsentCookie, sorted, poll, nowSecs, assertNoThirdParty, demoManifest, demoVariant,
  page as testPage, settle, waitForDemoContent, visit,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite, { timeout: 90_000 });
const optional = DEMO.optional;

async function assertNothingGatedRan(ctx, page, when) {
  const state = await pageState(page);
  assert.equal(state.adLoads, undefined, `${when}: ad tag did not run`);
  assert.equal(state.chatLoads, undefined, `${when}: chat did not run`);
  assert.equal(state.analyticsRuns, undefined, `${when}: analytics did not run`);
  assert.equal(await page.locator('#demo-chat-bubble, button[aria-label="Chat with us"]').count(), 0);
}

it('revision bumped in the manifest: the banner returns and nothing gated runs until answered', async (ctx) => {
  const rev1 = ctx.url(demoVariant(suite, 'rev1', (m) => void (m.revision = 1)));
  const rev2 = ctx.url(demoVariant(suite, 'rev2', (m) => void (m.revision = 2)));
  await ctx.page.goto(rev1);
  await waitVisible(ctx.page, SEL.banner);
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitInPage(ctx.page, () => window.__adLoads === 1 && window.__chatLoads === 1, null, 'revision 1 accepted');
  const first = await waitForConsentCookie(ctx.context, (c) => c.revision === 1 && c.method === 'a');

  // Same visitor, same cookie, new revision of the policy.
  const page = await ctx.context.newPage();
  const mark = ctx.requests.mark();
  await page.goto(rev2);
  await waitVisible(page, SEL.banner, 'the banner under revision 2');
  const ready = await waitForReady(page);
  await settle(page);
  assertNoThirdParty(ctx, mark, 'revision 2 before answering');
  await assertNothingGatedRan(ctx, page, 'revision 2 before answering');
  assert.equal(ready.detail?.consent, null, 'a consent for another revision is no consent');
  assert.equal(await page.evaluate(() => window.consentry.get()), null);
  assert.equal(await page.evaluate(() => window.consentry.accepted('ads')), false);
  assert.equal((await waitForConsentCookie(ctx.context)).parsed.id, first.parsed.id, 'the old cookie is untouched until answered');

  await page.locator(SEL.bannerAccept).click();
  await waitForDemoContent(page, 'revision 2 accepted');
  await settle(page);
  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js', mark).length, 1);
  assert.equal(ctx.requests.thirdPartyTo('/chat/widget.js', mark).length, 1);
  await waitForConsentCookie(ctx.context, (c) => c.revision === 2 && c.method === 'a', 'a revision-2 cookie');
});

const INVALID = [
  {
    what: 'a service names a category that does not exist',
    path: 'services[0].category',
    edit: (m) => void (m.services[0].category = 'advertising'),
  },
  {
    what: 'an unknown field (a typo) in a category',
    path: 'categories[2]',
    edit: (m) => void (m.categories[2].requird = true),
  },
  {
    what: 'a value of the wrong type',
    path: 'cookie.max_age_days',
    edit: (m) => void (m.cookie.max_age_days = '182'),
  },
  {
    // Over 16,384 characters: the loader has the checking gate parse it in one task and decode and check
    // it in the next.
    what: 'a large manifest whose last service names no category',
    path: `services[${demoManifest().services.length + 99}].category`,
    edit: (m) => {
      for (let i = 0; i < 100; i++) {
        m.services.push({
          id: `pad${i}`, category: i === 99 ? 'nowhere' : 'analytics', title: `Padding service ${i}`,
          provider: `Provider ${i}`, description: `One of a hundred services that make this manifest large (${i}).`,
          cookies: [`pad${i}_*`], on_revoke: 'nothing',
        });
      }
      assert.ok(JSON.stringify(m, null, 2).length > 16384, 'the manifest is over 16,384 characters');
    },
  },
];

for (const [i, bad] of INVALID.entries()) {
  it(`invalid manifest (${bad.what}): one console error naming ${bad.path}, no banner, nothing gated runs even with a consent cookie`, async (ctx) => {
    const pageUrl = ctx.url(demoVariant(suite, `invalid-${i}`, bad.edit));
    // A valid accept-all cookie is present: an invalid policy must still gate everything.
    await ctx.context.addCookies([firstPartyCookie(suite.servers, 'consentry', consentValue({ method: 'a', accepted: DEMO.all, refused: [] }))]);
    await ctx.page.goto(pageUrl);
    await poll(() => ctx.consentryErrors().length > 0, 'a console error starting with "Consentry:"', 15_000, 50);
    await settle(ctx.page, SETTLE_MS + 400);
    const errors = ctx.consentryErrors();
    assert.equal(errors.length, 1, `exactly one Consentry error, got: ${JSON.stringify(errors.map((e) => e.text))}`);
    assert.ok(errors[0].text.includes(bad.path), `the error names ${bad.path}: ${errors[0].text}`);
    assert.equal(await bannerVisible(ctx.page), false, 'no banner');
    assertNoThirdParty(ctx, 0, 'invalid manifest');
    await assertNothingGatedRan(ctx, ctx.page, 'invalid manifest');
    assert.equal(await ctx.page.locator('script[type="text/plain"][data-consent]').count(), 2, 'gated scripts stay inert');
    assert.equal(await ctx.page.evaluate(() => window.consentry?.accepted?.('ads') ?? false), false);
  });
}

const GARBAGE = [
  ['not the format at all', () => 'garbage'],
  ['empty', () => ''],
  ['a bad consent id', () => consentValue({ id: 'SHORT', method: 'a', accepted: DEMO.all })],
  ['an unknown method', () => consentValue({ method: 'x', accepted: DEMO.all })],
  ['an unknown format version', () => '2' + consentValue({ method: 'a', accepted: DEMO.all }).slice(1)],
  ['an extra field', () => consentValue({ method: 'a', accepted: DEMO.all }) + '.ads'],
  ['an id decided twice', () => consentValue({ method: 'c', accepted: [...DEMO.all], refused: ['ads'] })],
  ['another revision', () => consentValue({ revision: 7, method: 'a', accepted: DEMO.all })],
  ['expired (given 200 days ago, max age 182)', () => consentValue({ givenAt: nowSecs() - 200 * 86400, method: 'a', accepted: DEMO.all })],
  ['dated 30 days in the future', () => consentValue({ givenAt: nowSecs() + 30 * 86400, method: 'a', accepted: DEMO.all })],
  ['a percent-encoded value', () => encodeURIComponent(consentValue({ method: 'a', accepted: DEMO.all })).replace(/\./g, '%2E')],
];

test('garbage, tampered, stale consent cookies mean no consent: banner, nothing third-party', { skip: NEEDS_PKG, timeout: 120_000 }, async () => {
  const failures = [];
  for (const [what, make] of GARBAGE) {
    const value = make();
    const ctx = await openContext(suite, { cookies: [firstPartyCookie(suite.servers, 'consentry', value)] });
    try {
      await ctx.page.goto(ctx.url('/demo.html'));
      try {
        await waitVisible(ctx.page, SEL.banner, 'the banner', 10_000);
      } catch {
        failures.push(`${what} (${value}): no banner`);
      }
      await waitForReady(ctx.page);
      await settle(ctx.page);
      const tp = ctx.requests.thirdParty();
      if (tp.length) failures.push(`${what} (${value}): third-party requests:\n  ${ctx.requests.describe(tp)}`);
      const state = await pageState(ctx.page);
      if (state.analyticsRuns !== undefined || state.adLoads !== undefined || state.chatLoads !== undefined) {
        failures.push(`${what} (${value}): gated code ran ${JSON.stringify(state)}`);
      }
      const got = await ctx.page.evaluate(() => window.consentry.get());
      if (got !== null) failures.push(`${what} (${value}): consentry.get() = ${JSON.stringify(got)}`);
    } finally {
      await ctx.close();
    }
  }
  assert.deepEqual(failures, []);
});

it('manifest texts are rendered as text: markup in them creates no element and no request', async (ctx) => {
  const pageUrl = ctx.url(demoVariant(suite, 'xss', (m) => {
    m.site.name = '<i id="xss-site">Evil</i> Corp';
    m.texts.en.banner_title = '<img src=x onerror="window.__xss=1">Hello';
    m.texts.en.banner_description = `<img src="http://127.0.0.2:8080/xss-banner.png" onerror="window.__xss=2"><script>window.__xss=3</script>`;
    m.texts.en.preferences = '<b id="xss-b">Prefs</b>';
    m.categories[1].title = '<u id="xss-u">Analytics</u>';
    m.categories[1].description = `<img src="http://127.0.0.2:8080/xss-category.png" onerror="window.__xss=4">`;
    m.services[0].title = '<svg onload="window.__xss=5"></svg>AdNet';
  }));
  await ctx.page.goto(pageUrl);
  await waitVisible(ctx.page, SEL.banner);
  await waitForReady(ctx.page);
  const bannerText = await ctx.page.locator(SEL.banner).first().innerText();
  assert.ok(bannerText.includes('<img src=x onerror="window.__xss=1">Hello'), `the title shows as text: ${bannerText.slice(0, 300)}`);
  assert.ok(bannerText.includes('xss-banner.png'), 'the description shows as text');
  await ctx.page.locator(SEL.bannerPreferences).click();
  await waitVisible(ctx.page, SEL.panel);
  const panelText = await ctx.page.locator(SEL.panel).first().innerText();
  assert.ok(panelText.includes('<u id="xss-u">Analytics</u>'), `the category title shows as text: ${panelText.slice(0, 400)}`);
  await settle(ctx.page);
  const found = await ctx.page.evaluate(() => ({
    xss: window.__xss,
    elements: [...document.querySelectorAll('#xss-site, #xss-b, #xss-u, img[src="x"], img[src*="xss"], [data-consentry] svg[onload], [onerror]')].map((e) => e.outerHTML),
  }));
  assert.equal(found.xss, undefined, 'no injected handler ran');
  assert.deepEqual(found.elements, [], 'no element was created from manifest text');
  assert.deepEqual(ctx.requests.to('/x'), []);
  assertNoThirdParty(ctx, 0, 'hostile texts');
});

it('a gated element added by page script after load runs only once consent is given', async (ctx) => {
  const { page } = ctx;
  await visit(ctx);
  const tp = suite.servers.thirdParty;
  await page.evaluate((tp) => {
    const inline = document.createElement('script');
    inline.type = 'text/plain';
    inline.dataset.consent = 'ads';
    inline.textContent = 'window.__dyn = (window.__dyn || 0) + 1';
    const ext = document.createElement('script');
    ext.type = 'text/plain';
    ext.dataset.consent = 'adnet';
    ext.dataset.src = tp + '/ads/tag.js?dynamic=1';
    const wrapper = document.createElement('div');
    wrapper.append(ext); // nested: found inside an added subtree too
    document.body.append(inline, wrapper);
  }, tp);
  await settle(page);
  assert.equal(await page.evaluate(() => window.__dyn), undefined, 'the added inline script waits');
  assertNoThirdParty(ctx, 0, 'added gated elements before consent');

  await page.locator(SEL.bannerAccept).click();
  await waitInPage(page, () => window.__dyn === 1 && window.__adLoads === 2 && window.__chatLoads === 1, null, 'the added scripts to run after Accept all');
  // Added after consent: runs at once. A misspelled id never runs.
  await page.evaluate(() => {
    const late = document.createElement('script');
    late.type = 'text/plain';
    late.dataset.consent = 'analytics';
    late.textContent = 'window.__late = (window.__late || 0) + 1';
    const typo = document.createElement('script');
    typo.type = 'text/plain';
    typo.dataset.consent = 'analytic';
    typo.textContent = 'window.__typo = 1';
    document.body.append(late, typo);
  });
  await waitInPage(page, () => window.__late === 1, null, 'a gated script added after consent');
  await settle(page);
  const state = await page.evaluate(() => ({ dyn: window.__dyn, late: window.__late, typo: window.__typo, ad: window.__adLoads }));
  assert.deepEqual(state, { dyn: 1, late: 1, typo: undefined, ad: 2 }, 'each ran exactly once; an unknown id never runs');
  const tags = ctx.requests.thirdPartyTo('/ads/tag.js').map((e) => new URL(e.url).search);
  assert.deepEqual(sorted(tags), ['', '?dynamic=1'], 'the page tag and the added tag, once each');
});

it('added gated elements follow the choice: only the accepted category runs', async (ctx) => {
  const { page } = ctx;
  await visit(ctx);
  await page.locator(SEL.bannerPreferences).click();
  await waitVisible(page, SEL.panel);
  await page.locator(SEL.toggle('support')).setChecked(true);
  await page.locator(SEL.save).click();
  await waitInPage(page, () => window.__chatLoads === 1, null, 'chat after saving support');
  await page.evaluate(() => {
    for (const [id, flag] of [['ads', '__addedAds'], ['support', '__addedSupport'], ['chat', '__addedChat'], ['adnet', '__addedAdnet']]) {
      const s = document.createElement('script');
      s.type = 'text/plain';
      s.setAttribute('data-consent', id);
      s.textContent = `window.${flag} = (window.${flag} || 0) + 1`;
      document.body.append(s);
    }
  });
  await waitInPage(page, () => window.__addedSupport === 1 && window.__addedChat === 1, null, 'the support and chat scripts');
  await settle(page);
  const state = await page.evaluate(() => [window.__addedAds, window.__addedSupport, window.__addedChat, window.__addedAdnet, window.__adLoads]);
  assert.deepEqual(state, [undefined, 1, 1, undefined, undefined]);
  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js').length, 0);
});

it('gated scripts run in document order, keeping their attributes, after the choice and on return', async (ctx) => {
  const a = suite.temp.write('order/a.js', '(window.__order = window.__order || []).push("a");');
  const b = suite.temp.write('order/b.js', '(window.__order = window.__order || []).push("b");');
  const pageUrl = ctx.url(suite.temp.write('order.html', testPage({
    manifestPath: '/manifests/demo.json',
    title: 'Order',
    body: `
<script>(window.__order = window.__order || []).push('plain');</script>
<script type="text/plain" data-consent="analytics" data-src="${a}" id="ord-a" data-extra="kept" class="tracked"></script>
<script type="text/plain" data-consent="ads">(window.__order = window.__order || []).push('inline');</script>
<script type="text/plain" data-consent="ads" data-src="${b}" id="ord-b"></script>
<script type="text/plain" data-consent="analytics">(window.__order = window.__order || []).push('inline-2');</script>`,
  })));
  // a.js is slow: a naive activation (dynamic scripts are async by default) would run b first.
  let delayed = 0;
  await ctx.context.route('**/order/a.js', async (route) => {
    delayed++;
    await sleep(500);
    await route.continue();
  });
  const expected = ['plain', 'a', 'inline', 'b', 'inline-2'];
  await ctx.page.goto(pageUrl);
  await waitVisible(ctx.page, SEL.banner);
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitInPage(ctx.page, () => (window.__order || []).length >= 5, null, 'all five scripts to run');
  await settle(ctx.page);
  assert.deepEqual(await ctx.page.evaluate(() => window.__order), expected, 'document order after Accept all');
  assert.equal(delayed, 1, 'a.js was fetched once, slowly');
  const attrs = await ctx.page.evaluate(() => {
    const el = document.getElementById('ord-a');
    return el && { type: el.getAttribute('type'), extra: el.dataset.extra, cls: el.className, src: el.src, consent: el.dataset.consent };
  });
  assert.ok(attrs, 'the activated script keeps its id');
  assert.ok(attrs.type === null || /^(text|application)\/javascript$|^module$/.test(attrs.type), `type is now executable: ${attrs.type}`);
  assert.equal(attrs.extra, 'kept');
  assert.equal(attrs.cls, 'tracked');
  assert.ok(attrs.src.endsWith('/order/a.js'), attrs.src);

  // Returning visit: the same order at start-up.
  await ctx.page.reload();
  await waitForReady(ctx.page);
  await waitInPage(ctx.page, () => (window.__order || []).length >= 5, null, 'all five scripts on return');
  await settle(ctx.page);
  assert.deepEqual(await ctx.page.evaluate(() => window.__order), expected, 'document order on a returning visit');
  assert.equal(await bannerVisible(ctx.page), false);
});

it('JS API and events: on("change") and unsubscribe, consentry:change bubbles, show()/showPreferences()', async (ctx) => {
  const { page } = ctx;
  const ready = await visit(ctx);
  assert.equal(ready.detail.consent, null);
  assert.equal(ready.target, 'document', 'consentry:ready is dispatched on document');
  await page.evaluate(() => {
    window.__viaOn = [];
    window.__viaOn2 = [];
    window.__bubbled = [];
    window.consentry.on('change', (d) => window.__viaOn.push(JSON.parse(JSON.stringify(d))));
    const off = window.consentry.on('change', (d) => window.__viaOn2.push(d));
    if (typeof off !== 'function') throw new Error('on() did not return an unsubscribe function');
    off();
    window.addEventListener('consentry:change', (e) => window.__bubbled.push(e.detail.changed), false);
    window.consentry.acceptAll();
  });
  await waitForDemoContent(page, 'acceptAll() from the API');
  await waitHidden(page, SEL.banner, 'the banner after acceptAll()');
  await settle(page);
  const got = await page.evaluate(() => ({ on: window.__viaOn, on2: window.__viaOn2, bubbled: window.__bubbled, events: window.__consentryEvents }));
  assert.equal(got.on.length, 1, 'the change listener was called once');
  assert.deepEqual(sorted(got.on[0].changed), sorted(optional));
  assert.equal(got.on[0].consent.method, 'accept-all');
  assert.deepEqual(got.on2, [], 'an unsubscribed listener is not called');
  assert.equal(got.bubbled.length, 1, 'consentry:change bubbles to window');
  const change = got.events.find((e) => e.type === 'consentry:change');
  assert.equal(change.target, 'document');
  const { parsed } = await waitForConsentCookie(ctx.context, (c) => c.method === 'a');
  assert.equal(got.on[0].consent.id, parsed.id);

  await page.evaluate(() => window.consentry.showPreferences());
  await waitVisible(page, SEL.panel, 'the panel from showPreferences()');
  assert.equal(await page.locator(SEL.toggle('ads')).isChecked(), true);
  await page.locator(SEL.close).click();
  await waitHidden(page, SEL.panel, 'the panel after Close');
  await page.evaluate(() => window.consentry.show());
  await waitVisible(page, SEL.banner, 'the banner from show()');
  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js').length, 1, 'reopening the UI loads nothing again');
});

it('API calls made before Consentry is ready are queued', async (ctx) => {
  const pageUrl = ctx.url(suite.temp.write('early.html', testPage({
    manifestPath: '/manifests/demo.json',
    title: 'Early API call',
    body: `<script type="text/plain" data-consent="analytics">window.__analyticsRuns=(window.__analyticsRuns||0)+1</script>
<script>
  document.addEventListener('DOMContentLoaded', function () {
    window.__earlyType = typeof (window.consentry && window.consentry.acceptAll);
    if (window.consentry && window.consentry.acceptAll) window.consentry.acceptAll();
  });
</script>`,
  })));
  await ctx.page.goto(pageUrl);
  await waitForReady(ctx.page);
  const early = await ctx.page.evaluate(() => window.__earlyType);
  assert.equal(early, 'function', 'window.consentry exists by DOMContentLoaded');
  await waitInPage(ctx.page, () => window.__analyticsRuns === 1 && window.__chatLoads === 1, null, 'the queued acceptAll() to apply');
  await waitForConsentCookie(ctx.context, (c) => c.method === 'a');
  await settle(ctx.page);
  assert.equal(await bannerVisible(ctx.page), false, 'no banner once the queued acceptAll() has answered');
  assert.equal(ctx.requests.thirdPartyTo('/chat/widget.js').length, 1);
});

// With `async` the loader may run while the parser is still working: here a parser-blocking
// script (answered after 1.5 s) holds the parser in the middle of the body, so the gate boots
// before the rest of the page exists.
const SLOW_SCRIPT = '/slow-parser-block.js';
async function holdParser(page) {
  await page.route(`**${SLOW_SCRIPT}`, async (route) => {
    await sleep(1500);
    await route.fulfill({ contentType: 'text/javascript', body: 'window.__parserResumedAt = performance.now();' });
  });
}

it('async tag: gated elements the parser adds after boot are activated in document order', async (ctx) => {
  const manifest = demoManifest();
  const manifestPath = suite.temp.write('async-early.json', JSON.stringify(manifest));
  const html = testPage({ manifestPath, title: 'async, early boot', body: `
<script type="text/plain" data-consent="analytics">(window.__order ||= []).push("before")</script>
<script src="${SLOW_SCRIPT}"></script>
<script type="text/plain" data-consent="analytics">(window.__order ||= []).push("after-1")</script>
<script type="text/plain" data-consent="ads">(window.__order ||= []).push("refused")</script>
<script type="text/plain" data-consent="analytics">(window.__order ||= []).push("after-2")</script>` })
    .replace('<script type="module" src=', '<script type="module" async src=');
  await holdParser(ctx.page);
  await ctx.context.addCookies([firstPartyCookie(suite.servers, 'consentry', consentValue({ accepted: ['necessary', 'analytics'], refused: optional.filter((id) => id !== 'analytics') }))]);
  await ctx.page.goto(ctx.url(suite.temp.write('async-early.html', html)), { waitUntil: 'commit' });
  const ready = await waitForReady(ctx.page);
  const resumedAt = await ctx.page.evaluate(() => window.__parserResumedAt ?? null);
  assert.equal(resumedAt, null, 'the gate booted while the parser was still held');
  await waitInPage(ctx.page, () => (window.__order || []).length >= 3, null, 'the three analytics snippets');
  await settle(ctx.page);
  assert.ok(ready.detail?.consent, 'the consent cookie was read');
  assert.deepEqual(await ctx.page.evaluate(() => window.__order), ['before', 'after-1', 'after-2']);
  assertNoThirdParty(ctx, 0, 'only analytics accepted');
});

it('async tag: an inline manifest after the tag and a banner while the parser is held', async (ctx) => {
  const manifest = demoManifest();
  const html = testPage({ manifestPath: '', title: 'async, inline manifest', body: `
<script src="${SLOW_SCRIPT}"></script>
<script type="text/plain" data-consent="analytics">(window.__order ||= []).push("analytics")</script>
<script type="application/json" id="consentry-manifest">${JSON.stringify(manifest)}</script>` })
    .replace('<script type="module" src=', '<script type="module" async src=')
    .replace(' data-manifest=""', '');
  await holdParser(ctx.page);
  await ctx.page.goto(ctx.url(suite.temp.write('async-inline.html', html)), { waitUntil: 'commit' });
  await waitVisible(ctx.page, SEL.banner, 'the banner, once the inline manifest is parsed');
  assert.notEqual(await ctx.page.evaluate(() => window.__parserResumedAt ?? null), null, 'the manifest was read after the parser resumed');
  assert.equal(ctx.consentryErrors().length, 0, `no error: ${JSON.stringify(ctx.consentryErrors().map((e) => e.text))}`);
  await assertNothingGatedRan(ctx, ctx.page, 'before answering');
  assert.equal(await ctx.page.evaluate(() => window.__order ?? null), null, 'analytics waits for consent');
  await ctx.page.locator(SEL.bannerAccept).click();
  await waitInPage(ctx.page, () => (window.__order || []).includes('analytics'), null, 'analytics after Accept all');
});

it('a stub that runs after the loader: window.consentry = [[…]] and .push([…]) make their calls', async (ctx) => {
  await ctx.page.goto(ctx.url('/demo.html'));
  await waitForReady(ctx.page);
  const r = await ctx.page.evaluate(() => {
    window.__late = [];
    window.consentry = [['on', 'change', (d) => window.__late.push(d.consent.method)]];
    const pushed = (window.consentry ||= []).push(['rejectAll']);
    return { isApi: typeof window.consentry.acceptAll === 'function', pushed };
  });
  assert.deepEqual(r, { isApi: true, pushed: 1 }, 'window.consentry is still the API');
  await waitInPage(ctx.page, () => window.__late.length === 1, null, 'the late listener heard the late rejectAll');
  assert.deepEqual(await ctx.page.evaluate(() => window.__late), ['reject-all']);
  const c = await waitForConsentCookie(ctx.context, (p) => p.method === 'r', 'the late reject-all stored');
  assert.deepEqual(c.parsed.accepted, ['necessary']);
  await ctx.page.evaluate(() => window.consentry.push(['nope']));
  await poll(() => ctx.consentryErrors().length > 0, 'an error naming the bad call', 5_000, 50);
  assert.match(ctx.consentryErrors()[0].text, /push\(\["nope"\]\)/);
  // Anything but an array of calls is refused with an error, and the API stays.
  const still = await ctx.page.evaluate(() => {
    window.consentry = 5;
    return typeof window.consentry.acceptAll === 'function';
  });
  assert.equal(still, true, 'window.consentry = 5 leaves the API in place');
  await poll(() => ctx.consentryErrors().length > 1, 'an error for a non-array', 5_000, 50);
  assert.match(ctx.consentryErrors()[1].text, /can only be given an array of calls/);
});
