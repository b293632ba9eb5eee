// Vendors' own install snippets behind presets (issue 14): Meta Pixel's base code and
// Intercom's Messenger snippet, gated with data-consent, pointed at stand-ins of the vendors'
// hosts on the third-party origin (www/third-party/meta/, www/third-party/intercom/), in a
// manifest whose services are only {"id", "category", "preset"}. What the presets give is
// what runs: their cookies are deleted on withdrawal, Intercom's preset calls
// Intercom("shutdown") without a reload, the pixel's reloads the page.
// The judges: the network log (nothing reaches the stand-ins before consent), the cookie jar,
// the stand-ins' own records of the calls they received.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, SEL, visit, poll, settle, assertNoThirdParty, cookieNames, waitForReload,
  markDocument, documentMarker, waitForConsentCookie,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

const PIXEL = 'http://127.0.0.2:8080/meta/fbevents.js';
const MESSENGER = 'http://127.0.0.2:8080/intercom/widget.js';

const manifest = {
  version: 1,
  revision: 1,
  site: { name: 'Shop' },
  categories: [
    { id: 'necessary', required: true, title: 'Necessary' },
    { id: 'marketing', title: 'Marketing', sale_or_sharing: true },
    { id: 'support', title: 'Support' },
  ],
  services: [
    { id: 'pixel', category: 'marketing', preset: 'facebook-pixel' },
    { id: 'chat', category: 'support', preset: 'intercom' },
  ],
};

// Meta's base code and Intercom's snippet as their install pages give them, each in an inert
// <script type="text/plain" data-consent>; only the library URLs point at the stand-ins.
const BODY = `
<script type="text/plain" data-consent="pixel">
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
document,'script','${PIXEL}');
fbq('init', '1234567890');
fbq('track', 'PageView');
</script>
<script type="text/plain" data-consent="chat">
window.intercomSettings = { app_id: "abc123" };
(function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('reattach_activator');ic('update',w.intercomSettings);}else{var d=document;var i=function(){i.c(arguments);};i.q=[];i.c=function(args){i.q.push(args);};w.Intercom=i;var l=function(){var s=d.createElement('script');s.type='text/javascript';s.async=true;s.src='${MESSENGER}';var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);};if(document.readyState==='complete'){l();}else{w.addEventListener('load',l,false);}}})();
Intercom('boot', window.intercomSettings);
</script>`;

function shop() {
  const manifestPath = suite.temp.write('vendors.json', manifest);
  return suite.temp.write(
    'vendors.html',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script type="module" src="/consentry/consentry.js" data-manifest="${manifestPath}"></script></head>
<body><h1>Shop</h1><a href="#" data-consentry-open>Cookie settings</a>${BODY}</body></html>`,
  );
}

it('vendor snippets: nothing reaches Meta or Intercom before consent; accepted, both run their queued calls', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, shop());
  await settle(page);
  assertNoThirdParty(ctx, 0, 'before consent');
  assert.deepEqual(await page.evaluate(() => [typeof window.fbq, typeof window.Intercom]), ['undefined', 'undefined']);
  await page.locator(SEL.bannerAccept).click();
  await poll(() => page.evaluate(() => !!(window.__fb && window.__intercom)), 'both libraries to load');
  const calls = await page.evaluate(() => [window.__fb.calls, window.__intercom.calls]);
  assert.deepEqual(calls[0], [['init', '1234567890'], ['track', 'PageView']]);
  assert.deepEqual(calls[1], [['boot', { app_id: 'abc123' }]]);
  const names = await cookieNames(ctx);
  assert.ok(names.includes('_fbp') && names.includes('intercom-session-abc123'), `cookies: ${names}`);
});

it('vendor snippets: withdrawing the chat calls Intercom("shutdown") (its preset), deletes its cookie, no reload', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, shop());
  await page.locator(SEL.bannerAccept).click();
  await poll(() => page.evaluate(() => !!(window.__fb && window.__intercom)), 'both libraries to load');
  // One Intercom's shutdown does not know of (an older session): only the preset's cookie
  // pattern, intercom-session-*, deletes it.
  await ctx.context.addCookies([{ name: 'intercom-session-old', value: 'x', domain: '127.0.0.1', path: '/' }]);
  await markDocument(page);
  await page.evaluate(() => document.querySelector('[data-consentry-open]').click());
  await page.locator(SEL.toggle('chat')).click();
  await page.locator(SEL.save).click();
  await waitForConsentCookie(ctx.context, (p) => p.refused.includes('chat'), 'the chat withdrawn');
  await poll(() => page.evaluate(() => window.__intercom.shutdown === 1), 'Intercom("shutdown")');
  await poll(async () => {
    const names = await cookieNames(ctx);
    return !names.includes('intercom-session-abc123') && !names.includes('intercom-session-old');
  }, 'the Intercom cookies gone');
  assert.equal(await documentMarker(page), 'before', 'the page was not reloaded');
  assert.ok((await cookieNames(ctx)).includes('_fbp'), 'the pixel, still accepted, keeps its cookie');
});

it('vendor snippets: withdrawing the pixel deletes _fbp and reloads (its preset), and it does not run again', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, shop());
  await page.locator(SEL.bannerAccept).click();
  await poll(async () => (await cookieNames(ctx)).includes('_fbp'), 'the _fbp cookie');
  await markDocument(page);
  const mark = ctx.requests.mark();
  await page.evaluate(() => window.consentry.rejectAll());
  await waitForReload(page, 'the reload after withdrawing the pixel');
  await settle(page);
  const names = await cookieNames(ctx);
  assert.ok(!names.includes('_fbp'), `_fbp deleted: ${names}`);
  assert.equal(ctx.requests.thirdPartyTo('/meta/fbevents.js', mark).length, 0, 'the pixel is not loaded again');
});
