// A service declared in the manifest alone (issue 4, www/piwik-pro.html): the Intercom-style
// chat widget's globals are set before its script runs, and it loads once after consent.
// The judges: the network log (what went to the third-party origin, and when), the cookie jar
// (context.cookies() / document.cookie) and the consent cookie's documented format.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, SEL, waitInPage, visit, settle,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

it('manifest-only widget: globals set before the script ran, loaded once', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/piwik-pro.html');
  assert.equal(await page.evaluate(() => 'chatSettings' in window), false, 'no settings before consent');
  await page.locator(SEL.bannerAccept).click();
  await waitInPage(page, () => window.__chatLoads === 1, null, 'the widget');
  await settle(page);
  const seen = await page.evaluate(() => window.__chatSettingsSeen);
  assert.equal(seen?.app_id, 'piwik-demo', `the widget saw chatSettings: ${JSON.stringify(seen)}`);
  assert.match(seen.greeting, /Piwik PRO support/);
  assert.equal(await page.evaluate(() => window.__chatLoads), 1);
  assert.equal(ctx.requests.thirdPartyTo('/chat/widget.js').length, 1, 'widget requested once');
  assert.equal(await page.locator('#chatnow-bubble').isVisible(), true, 'the bubble is shown');
  await page.locator('#chatnow-bubble').click();
  assert.match(await page.locator('#chatnow-panel').innerText(), /Piwik PRO support here/, 'the greeting from the manifest is shown');
});
