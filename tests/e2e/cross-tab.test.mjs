// Other tabs follow a change (issue 4): Accept all in one tab runs the other tab's gated
// scripts without a reload; a withdrawal reloads it clean.
// The judges: the network log (what went to the third-party origin, and when), the cookie jar
// (context.cookies() / document.cookie) and the consent cookie's documented format.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, SEL, pageState, bannerVisible, waitVisible, waitHidden, visit,
  acceptAllOnDemo, markDocument, documentMarker, waitForReload, cookieNames, waitForConsentCookie,
  settle, waitForDemoContent,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

it('two tabs: accept all in A loads B\'s gated scripts without a reload; a withdrawal in A reloads B clean', async (ctx) => {
  const a = ctx.page;
  const b = await ctx.context.newPage();
  const bRequests = [];
  b.on('request', (r) => bRequests.push(r.url()));
  const bThirdParty = (from) => bRequests.slice(from).filter((u) => u.startsWith(suite.servers.thirdParty + '/'));
  await visit(ctx, '/demo.html', { page: a });
  await visit(ctx, '/demo.html', { page: b });
  await markDocument(b, 'tab-b');

  await a.bringToFront();
  await acceptAllOnDemo(a);
  await waitForDemoContent(b, "tab B's ad, chat and analytics");
  await waitHidden(b, SEL.banner, "tab B's banner");
  await settle(b);
  assert.equal(await documentMarker(b), 'tab-b', 'tab B was not reloaded');
  const bs = await pageState(b);
  assert.deepEqual([bs.adLoads, bs.chatLoads, bs.analyticsRuns], [1, 1, 1], 'each ran once in B');
  assert.equal(await b.evaluate(() => window.consentry.get()?.method), 'accept-all', "B's API reflects the change");
  assert.equal(await b.evaluate(() => window.__consentryEvents.filter((e) => e.type === 'consentry:change').length), 1, 'B dispatched consentry:change once');

  // Withdrawal in A.
  await markDocument(a, 'tab-a');
  await a.locator('footer [data-consentry-open]').click();
  await waitVisible(a, SEL.panel);
  const from = bRequests.length;
  await a.locator(SEL.panelReject).click();
  await waitForConsentCookie(ctx.context, (p) => p.method === 'r', 'the withdrawal recorded');
  await waitForReload(a, 'tab A to reload');
  await waitForReload(b, 'tab B to reload after the withdrawal in A');
  await settle(b);
  assert.equal(await bannerVisible(b), false, 'no banner in B');
  const after = await pageState(b);
  assert.deepEqual([after.adLoads, after.chatLoads, after.analyticsRuns], [undefined, undefined, undefined], 'nothing gated in B after the reload');
  assert.deepEqual(bThirdParty(from), [], 'B made no third-party request after the withdrawal');
  const names = await cookieNames(ctx);
  assert.ok(!names.includes('_adnet_uid') && !names.includes('chat-id-demo'), `declared cookies deleted: ${names}`);
});
