// Every demo page, with its seed-derived manifest: the manifest is valid for the product
// (no console error), the banner shows, nothing third-party loads before consent, and after
// Accept all exactly the page's gated content runs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  WWW, SEL, useSuite, contextTest, waitForReady, waitInPage, waitVisible, waitHidden,
  waitForConsentCookie, settle,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

// path, what must be requested from the third party after Accept all, and a check in the page.
const PAGES = [
  { path: '/', thirdParty: ['/chat/widget.js'], ran: () => window.__chatLoads === 1 },
  {
    path: '/demo.html',
    thirdParty: ['/ads/tag.js', '/chat/widget.js', '/ads/creative.svg'],
    ran: () => window.__adLoads === 1 && window.__chatLoads === 1 && window.__analyticsRuns === 1,
    // The fake chat widget can shut itself down, as Intercom('shutdown') does.
    async then(ctx) {
      const bubble = ctx.page.locator('button[aria-label="Chat with us"]');
      assert.ok(await bubble.isVisible(), 'the chat bubble is shown');
      assert.ok((await ctx.context.cookies()).some((c) => c.name === 'chat-id-demo'));
      await ctx.page.evaluate(() => window.Chat('shutdown'));
      assert.equal(await bubble.count(), 0, 'Chat("shutdown") removes the bubble');
      assert.ok(!(await ctx.context.cookies()).some((c) => c.name === 'chat-id-demo'), 'and deletes its cookie');
      assert.equal(await ctx.page.locator('#ad-slot img[src$="/ads/creative.svg"]').evaluate((img) => img.complete && img.naturalWidth > 0), true, 'the ad creative loaded');
    },
  },
  { path: '/wp-rocket.html', thirdParty: ['/ads/tag.js', '/ads/creative.svg'], ran: () => window.__adLoads === 1 && window.__trackingRuns === 1 && /is remembered/.test(document.getElementById('pref-note').textContent) },
  { path: '/communico.html', thirdParty: [], ran: () => window.__trackingRuns === 1 && !document.getElementById('q').disabled },
  { path: '/plesk.html', thirdParty: ['/ads/tag.js', '/ads/creative.svg'], ran: () => window.__adLoads === 1 && window.__trackingRuns === 1 && /are remembered/.test(document.getElementById('pref-note').textContent) },
  { path: '/piwik-pro.html', thirdParty: ['/chat/widget.js'], ran: () => window.__chatLoads === 1 && window.__analyticsRuns === 1 && window.__marketingRuns === 1 },
];

for (const p of PAGES) {
  it(`demo page ${p.path}: valid manifest, banner, nothing before consent, exactly its content after`, async (ctx) => {
    const { page } = ctx;
    await page.goto(ctx.url(p.path));
    await waitVisible(page, SEL.banner, `the banner on ${p.path}`);
    await waitForReady(page);
    await settle(page);
    assert.deepEqual(ctx.consentryErrors().map((m) => m.text), [], 'the manifest is valid');
    assert.deepEqual(ctx.pageErrors, [], 'no uncaught errors');
    assert.deepEqual(ctx.requests.thirdParty(), [], 'nothing third-party before consent');
    assert.equal(await page.evaluate(p.ran), false, 'gated content has not run');

    await page.locator(SEL.bannerAccept).click();
    await waitInPage(page, p.ran, null, `the gated content of ${p.path}`);
    await waitHidden(page, SEL.banner);
    await waitForConsentCookie(ctx.context, (c) => c.method === 'a');
    await settle(page);
    const got = ctx.requests.thirdParty().map((e) => new URL(e.url).pathname).sort();
    assert.deepEqual(got, [...p.thirdParty].sort(), 'each third-party resource requested exactly once');
    assert.deepEqual(ctx.pageErrors, []);
    const bad = ctx.consoleLog.filter((m) => m.type === 'error' && !/favicon/.test(m.text));
    assert.deepEqual(bad.map((m) => m.text), [], 'no console errors');
    if (p.then) await p.then(ctx);
  });
}

it('the WP Rocket manifest speaks French to a French browser on a page that says no language', async (ctx) => {
  // The page's own language comes first (tests/e2e/languages.test.mjs): without one, the browser's.
  const html = fs.readFileSync(path.join(WWW, 'wp-rocket.html'), 'utf8').replace('<html lang="en">', '<html>');
  await ctx.page.goto(ctx.url(suite.temp.write('wp-rocket-no-lang.html', html)));
  await waitVisible(ctx.page, SEL.banner);
  const text = await ctx.page.locator(SEL.banner).first().innerText();
  assert.ok(text.includes('Votre vie privée compte vraiment'), `French banner title: ${text.slice(0, 200)}`);
  assert.ok(text.includes('Tout accepter'), 'built-in French button text');
}, { locale: 'fr-FR' });

it('the quick-start page documents the one-tag install and links every demo', async (ctx) => {
  await ctx.page.goto(ctx.url('/'));
  const text = await ctx.page.locator('main').innerText();
  assert.ok(text.includes('<script type="module" async src="/consentry/consentry.js" data-manifest="/consent.json"></script>'), 'the one tag, as text');
  assert.ok(text.includes('data-consent="ads" data-src='), 'how to gate a script');
  assert.ok(text.includes('data-consentry-open'), 'the Cookie settings link');
  for (const f of ['get()', 'accepted(id)', 'show()', 'showPreferences()', 'acceptAll()', 'rejectAll()', "on('change', fn)"]) {
    assert.ok(text.includes(f), `documents consentry.${f}`);
  }
  const links = await ctx.page.locator('main a[href$=".html"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const p of PAGES.filter((p) => p.path !== '/')) assert.ok(links.includes(p.path), `links ${p.path}`);
  for (const href of links) {
    const res = await ctx.page.request.get(ctx.url(href));
    assert.equal(res.status(), 200, href);
  }
});
