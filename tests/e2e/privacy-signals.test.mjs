// Browser privacy signals (issue 4, www/piwik-pro.html, whose manifest honours gpc and dnt):
// with Global Privacy Control or Do-Not-Track on, Accept all leaves the tracking categories
// refused, the banner says so and the cookie's method records it (g, d).
// The judges: the network log (what went to the third-party origin, and when), the cookie jar
// (context.cookies() / document.cookie) and the consent cookie's documented format.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, SEL, waitInPage, waitVisible, waitHidden, visit, waitForConsentCookie,
  sorted, settle,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

// The Piwik PRO demo manifest (www/manifests/piwik-pro.json).
const PIWIK = {
  categories: ['necessary', 'analytics', 'marketing', 'support'],
  services: ['intercom'],
  tracking: ['analytics', 'marketing'],
  get all() {
    return [...this.categories, ...this.services];
  },
};

// Browser privacy signals, defined before any page script runs.
const GPC_ON = () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
const DNT_ON = () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1', configurable: true });

/**
 * Visits piwik-pro.html, checks the banner's signal notice is there (or not, per `notice`), accepts
 * all and returns what the API and the gated snippets report once the page settled.
 */
async function acceptAllWithSignals(ctx, { notice }) {
  const { page } = ctx;
  await visit(ctx, '/piwik-pro.html');
  const note = page.locator(`${SEL.banner} [data-consentry="signal-notice"]`);
  if (notice) {
    await waitVisible(page, `${SEL.banner} [data-consentry="signal-notice"]`, 'the signal notice in the banner', 5000);
    assert.ok((await note.innerText()).trim().length > 10, 'the notice says something');
  } else {
    assert.equal(await note.count(), 0, 'no signal notice');
  }
  await page.locator(SEL.bannerAccept).click();
  await waitInPage(page, () => window.__chatLoads === 1, null, 'the chat widget after Accept all');
  await waitHidden(page, SEL.banner);
  await settle(page);
  return page.evaluate(() => ({
    get: window.consentry.get(),
    analyticsRuns: window.__analyticsRuns,
    marketingRuns: window.__marketingRuns,
    accepted: Object.fromEntries(['analytics', 'marketing', 'support', 'intercom'].map((id) => [id, window.consentry.accepted(id)])),
  }));
}

it('GPC on: a notice, Accept all leaves analytics and marketing refused, recorded as "ag"', async (ctx) => {
  const r = await acceptAllWithSignals(ctx, { notice: true });
  const { parsed: c } = await waitForConsentCookie(ctx.context);
  assert.equal(c.method, 'ag', `cookie method: ${JSON.stringify(c)}`);
  assert.deepEqual(r.get.signals, ['gpc']);
  assert.deepEqual(sorted(c.accepted), ['intercom', 'necessary', 'support'], `accepted under GPC (cookie ${JSON.stringify(c)})`);
  assert.deepEqual(sorted(c.refused), ['analytics', 'marketing'], `refused under GPC (cookie ${JSON.stringify(c)})`);
  assert.deepEqual(r.accepted, { analytics: false, marketing: false, support: true, intercom: true }, 'consentry.accepted() under GPC');
  assert.equal(r.analyticsRuns, undefined, 'analytics did not run');
  assert.equal(r.marketingRuns, undefined, 'marketing did not run');
  assert.deepEqual(ctx.requests.thirdPartyPaths(), ['/chat/widget.js']);
}, { init: [GPC_ON] });

it('GPC and DNT on: recorded as "agd", both signals reported', async (ctx) => {
  const r = await acceptAllWithSignals(ctx, { notice: true });
  const { parsed: c } = await waitForConsentCookie(ctx.context);
  assert.equal(c.method, 'agd', `cookie method: ${JSON.stringify(c)}`);
  assert.deepEqual(sorted(c.refused), ['analytics', 'marketing']);
  assert.deepEqual(sorted(r.get.signals), ['dnt', 'gpc']);
  assert.equal(r.analyticsRuns, undefined);
  assert.equal(r.marketingRuns, undefined);
}, { init: [GPC_ON, DNT_ON] });

it('DNT on: tracking categories refused by Accept all ("ad"); the visitor can still switch analytics on', async (ctx) => {
  const r = await acceptAllWithSignals(ctx, { notice: true });
  const { parsed: c } = await waitForConsentCookie(ctx.context);
  assert.equal(c.method, 'ad', `cookie method: ${JSON.stringify(c)}`);
  assert.deepEqual(sorted(c.refused), ['analytics', 'marketing']);
  assert.deepEqual(r.get.signals, ['dnt']);
  assert.deepEqual(r.accepted, { analytics: false, marketing: false, support: true, intercom: true });

  const { page } = ctx;
  await page.locator('footer [data-consentry-open]').click();
  await waitVisible(page, SEL.panel);
  assert.equal(await page.locator(SEL.toggle('analytics')).isChecked(), false, 'analytics shows as off');
  assert.equal(await page.locator(SEL.toggle('marketing')).isChecked(), false, 'marketing shows as off');
  await page.locator(SEL.toggle('analytics')).setChecked(true);
  await page.locator(SEL.save).click();
  await waitInPage(page, () => window.__analyticsRuns === 1, null, 'analytics after switching it on explicitly');
  const { parsed: c2 } = await waitForConsentCookie(ctx.context, (p) => p.accepted.includes('analytics'));
  assert.ok(c2.refused.includes('marketing'), JSON.stringify(c2));
}, { init: [DNT_ON] });

it('no signal: no notice, Accept all accepts everything, signals []', async (ctx) => {
  const r = await acceptAllWithSignals(ctx, { notice: false });
  const { parsed: c } = await waitForConsentCookie(ctx.context);
  assert.equal(c.method, 'a');
  assert.deepEqual(sorted(c.accepted), sorted(PIWIK.all));
  assert.deepEqual(c.refused, []);
  assert.deepEqual(r.get.signals, []);
  assert.equal(r.analyticsRuns, 1);
  assert.equal(r.marketingRuns, 1);
});
