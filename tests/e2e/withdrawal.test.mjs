// Withdrawal that cleans up (issue 4): refusing again from the [data-consentry-open] link
// deletes the cookies the withdrawn services declare (every path variant) and carries out their
// on_revoke (a reload on demo.html, Chat("shutdown") on piwik-pro.html); nothing runs after.
// The judges: the network log (what went to the third-party origin, and when), the cookie jar
// (context.cookies() / document.cookie) and the consent cookie's documented format.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, SEL, DEMO, waitInPage, pageState, bannerVisible, waitVisible, waitHidden,
  poll, assertNoThirdParty, visit, acceptAllOnDemo, markDocument, documentMarker, waitForReload,
  cookieNames, waitForConsentCookie, sorted, settle, demoManifest, page as testPage,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

it('withdrawal on demo.html: declared cookies deleted (path variants too), page reloads, nothing third-party after', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/demo.html');
  await acceptAllOnDemo(page);
  await waitForConsentCookie(ctx.context, (p) => p.method === 'a');
  await poll(async () => {
    const n = await cookieNames(ctx);
    return n.includes('_adnet_uid') && n.includes('chat-id-demo');
  }, 'the ad and chat cookies');
  // Variants a script may have set: another name matching chat-id-*, and one on a deeper path.
  await ctx.context.addCookies([
    { name: 'chat-id-old', value: 'x', domain: '127.0.0.1', path: '/demo.html' },
    { name: 'chat-id-extra', value: 'y', domain: '127.0.0.1', path: '/' },
    { name: 'site_pref', value: 'keep', domain: '127.0.0.1', path: '/' },
  ]);
  await markDocument(page);

  await page.locator('footer [data-consentry-open]').click();
  await waitVisible(page, SEL.panel, 'the panel reopened from the footer link');
  const mark = ctx.requests.mark();
  await page.locator(SEL.panelReject).click();
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.method === 'r', 'the withdrawal recorded');
  assert.deepEqual(c.accepted, ['necessary']);
  assert.deepEqual(sorted(c.refused), sorted(DEMO.optional));
  await waitForReload(page, 'the page to reload after withdrawing (on_revoke "reload")');
  assert.ok(ctx.requests.since(mark).some((e) => e.type === 'document' && new URL(e.url).pathname === '/demo.html'), 'demo.html was requested again (reloaded)');
  await settle(page);

  const names = await cookieNames(ctx);
  for (const gone of ['_adnet_uid', 'chat-id-demo', 'chat-id-old', 'chat-id-extra']) {
    assert.ok(!names.includes(gone), `${gone} was deleted (first-party cookies now: ${names})`);
  }
  assert.ok(names.includes('site_pref'), 'an undeclared cookie is left alone');
  assert.ok(names.includes('consentry'), 'the consent cookie remains');
  assertNoThirdParty(ctx, mark, 'after withdrawing and reloading');
  const s = await pageState(page);
  assert.deepEqual([s.adLoads, s.chatLoads, s.analyticsRuns], [undefined, undefined, undefined], 'nothing gated ran after the reload');
  assert.equal(await bannerVisible(page), false, 'no banner after the reload');
  assert.equal(await page.locator('#chatnow-bubble').count(), 0, 'no chat bubble');

  const mark2 = ctx.requests.mark();
  await visit(ctx, '/demo.html', { banner: false });
  await settle(page);
  assertNoThirdParty(ctx, mark2, 'on the next visit');
});

it('withdrawal on piwik-pro.html: Chat("shutdown") is called, chat cookies deleted, no reload', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/piwik-pro.html');
  await page.locator(SEL.bannerAccept).click();
  await waitInPage(page, () => window.__chatLoads === 1 && !!document.getElementById('chatnow-bubble'), null, 'the chat widget and its bubble');
  await waitHidden(page, SEL.banner);
  await waitForConsentCookie(ctx.context, (p) => p.method === 'a');
  await poll(async () => (await cookieNames(ctx)).includes('chat-id-demo'), 'the chat cookie');
  // A cookie the real Intercom would set, which the demo widget's own shutdown does not remove.
  await page.evaluate(() => {
    document.cookie = 'intercom-session-piwik=abc; path=/';
    document.cookie = 'intercom-id-piwik=def; path=/';
    const real = window.Chat;
    window.__chatCalls = [];
    window.Chat = function (...args) {
      window.__chatCalls.push(args);
      return real.apply(this, args);
    };
  });
  await markDocument(page, 'same-document');

  await page.locator('footer [data-consentry-open]').click();
  await waitVisible(page, SEL.panel);
  const mark = ctx.requests.mark();
  await page.locator(SEL.toggle('support')).setChecked(false);
  assert.equal(await page.locator(SEL.toggle('intercom')).isChecked(), false, 'turning support off turns intercom off');
  await page.locator(SEL.save).click();
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.refused.includes('intercom'), 'intercom recorded as refused');
  assert.ok(c.accepted.includes('analytics') && c.accepted.includes('marketing'), `the rest stays accepted: ${JSON.stringify(c)}`);
  await waitInPage(page, () => !document.getElementById('chatnow-bubble'), null, 'the bubble to disappear (Chat("shutdown"))', 5000);
  await settle(page);
  assert.equal(await documentMarker(page), 'same-document', 'the page was not reloaded');
  assert.deepEqual(await page.evaluate(() => window.__chatCalls), [['shutdown']], 'Chat("shutdown") called once');
  const names = await cookieNames(ctx);
  for (const gone of ['chat-id-demo', 'intercom-session-piwik', 'intercom-id-piwik']) {
    assert.ok(!names.includes(gone), `${gone} deleted (first-party cookies now: ${names})`);
  }
  assert.equal(await page.evaluate(() => window.consentry.accepted('intercom')), false);
  assert.equal(await page.evaluate(() => window.__chatLoads), 1, 'the widget was not run again');
  assertNoThirdParty(ctx, mark, 'after withdrawing the chat');

  // And not on the next page either.
  const mark2 = ctx.requests.mark();
  await visit(ctx, '/piwik-pro.html', { banner: false });
  await waitInPage(page, () => window.__analyticsRuns === 1 && window.__marketingRuns === 1, null, 'analytics and marketing on the next visit');
  await settle(page);
  assertNoThirdParty(ctx, mark2, 'on the next visit');
  const s = await page.evaluate(() => ({ chat: window.__chatLoads, analytics: window.__analyticsRuns, marketing: window.__marketingRuns }));
  assert.deepEqual(s, { chat: undefined, analytics: 1, marketing: 1 }, 'next visit: analytics and marketing run, the chat does not');
});

// Issue 14: a script on a page in a directory may set a declared cookie on that directory
// with a trailing slash (`path=/shop/` on /shop/ or on /shop/page.html); withdrawal deletes it
// there too, with every other path the page's scripts could have used.
for (const [where, file] of [['the directory page /shop/', 'shop/index.html'], ['the page /shop/page.html', 'shop/page.html']]) {
  it(`withdrawal on ${where}: the declared cookie is deleted on every path a script there could set it`, async (ctx) => {
    const { page } = ctx;
    const m = demoManifest();
    m.services = m.services.filter((s) => s.id === 'adnet'); // AdNet declares _adnet_uid, on_revoke "reload"
    const manifestPath = suite.temp.write('nested.json', m);
    // Stands in for an ad tag: once "adnet" is accepted it sets its cookie on its page's
    // directory (with and without the trailing slash), on the page itself and on the root.
    const snippet = `(() => {
      const dir = location.pathname.replace(/[^/]*$/, '');
      for (const p of [dir, dir.slice(0, -1), location.pathname, '/']) document.cookie = '_adnet_uid=' + encodeURIComponent(p) + '; path=' + p;
      window.__adLoads = (window.__adLoads || 0) + 1;
    })()`;
    const urlPath = suite.temp.write(file, testPage({ manifestPath, body: `<script type="text/plain" data-consent="adnet">${snippet}</script>` }));
    const dir = urlPath.replace(/[^/]*$/, '');
    await visit(ctx, file.endsWith('index.html') ? dir : urlPath);
    await page.locator(SEL.bannerAccept).click();
    await waitInPage(page, () => window.__adLoads === 1, null, 'the stand-in ad tag after Accept all');
    const paths = async () => (await ctx.context.cookies()).filter((c) => c.name === '_adnet_uid').map((c) => c.path).sort();
    const expected = [...new Set([dir, dir.slice(0, -1), new URL(page.url()).pathname, '/'])].sort();
    assert.deepEqual(await paths(), expected, 'the tag set its cookie on each of these paths');
    await markDocument(page);

    await page.locator('[data-consentry-open]').click();
    await waitVisible(page, SEL.panel, 'the panel');
    await page.locator(SEL.panelReject).click();
    await waitForConsentCookie(ctx.context, (p) => p.method === 'r', 'the withdrawal recorded');
    await waitForReload(page, 'the reload after withdrawing what ran (on_revoke "reload")');
    await settle(page);
    assert.deepEqual(await paths(), [], 'the declared cookie is gone from every path');
    assert.equal(await page.evaluate(() => window.__adLoads), undefined, 'the tag did not run after the reload');
  });
}
