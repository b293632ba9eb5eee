// Embed placeholders (issue 4, www/embeds.html): a gated iframe is a same-size placeholder
// naming the service and provider until "Load once" or "Always allow"; nothing is requested
// before the click.
// The judges: the network log (what went to the third-party origin, and when), the cookie jar
// (context.cookies() / document.cookie) and the consent cookie's documented format.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, waitForReady, bannerVisible, waitVisible, poll, assertNoThirdParty, visit,
  parseConsent, cookieNamed, waitForConsentCookie, sorted, settle,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

const EMBEDS = { keynote: '/video/embed.html?v=keynote', panel: '/video/embed.html?v=panel' };
const embedRequests = (ctx, mark = 0) => ctx.requests.thirdPartyPaths(mark).filter((p) => p.startsWith('/video/'));

it('embeds: before consent, placeholders of the iframe size name the service and provider; nothing requested', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/embeds.html', { banner: false });
  await waitVisible(page, '[data-consentry="placeholder"]', 'a placeholder');
  await settle(page);
  const ph = page.locator('[data-consentry="placeholder"]');
  assert.equal(await ph.count(), 2, 'one placeholder per gated iframe');
  const frames = page.locator('iframe[data-consent="tubecast"]');
  for (let i = 0; i < 2; i++) {
    const box = await ph.nth(i).boundingBox();
    const w = Number(await frames.nth(i).getAttribute('width'));
    const h = Number(await frames.nth(i).getAttribute('height'));
    assert.deepEqual([w, h], [560, 315]);
    assert.ok(box && Math.abs(box.width - w) <= 1 && Math.abs(box.height - h) <= 1, `placeholder ${i} is ${w}×${h}: got ${JSON.stringify(box)}`);
    assert.equal(await ph.nth(i).isVisible(), true);
    const text = await ph.nth(i).innerText();
    assert.ok(text.includes('TubeCast video'), `placeholder ${i} names the service: ${JSON.stringify(text)}`);
    assert.ok(text.includes('TubeCast Inc. (demo)'), `placeholder ${i} names the provider: ${JSON.stringify(text)}`);
    assert.equal(await ph.nth(i).locator('[data-consentry="load-once"]').count(), 1);
    assert.equal(await ph.nth(i).locator('[data-consentry="always-allow"]').count(), 1);
    assert.equal(await frames.nth(i).getAttribute('src'), null, `iframe ${i} has no src`);
  }
  assertNoThirdParty(ctx, 0, 'before any click');
  assert.equal(await cookieNamed(ctx.context), undefined, 'no consent cookie');
});

it('embeds: "Load once" loads only that iframe, once, and stores nothing', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/embeds.html', { banner: false });
  await waitVisible(page, '[data-consentry="placeholder"]');
  assertNoThirdParty(ctx, 0, 'before the click');
  await page.locator('[data-consentry="placeholder"]').first().locator('[data-consentry="load-once"]').click();
  await poll(() => embedRequests(ctx).length > 0, 'the keynote embed to be requested', 5000);
  await settle(page);
  assert.deepEqual(embedRequests(ctx), [EMBEDS.keynote], 'exactly one request, for the keynote');
  const first = page.locator('iframe[data-consent="tubecast"]').first();
  assert.equal(await first.isVisible(), true, 'the keynote iframe is shown');
  const box = await first.boundingBox();
  assert.ok(box && Math.abs(box.width - 560) <= 1 && Math.abs(box.height - 315) <= 1, `the iframe keeps its size: ${JSON.stringify(box)}`);
  assert.equal(await page.locator('[data-consentry="placeholder"]').count(), 1, 'the panel video keeps its placeholder');
  assert.equal(await page.evaluate(() => window.consentry.accepted('tubecast')), false, 'tubecast is not accepted');
  const raw = await cookieNamed(ctx.context);
  if (raw) {
    const c = parseConsent(raw.value);
    assert.ok(c && !c.accepted.includes('tubecast') && !c.accepted.includes('media'), `the consent cookie does not accept tubecast: ${raw.value}`);
  }
  // Reload: placeholders again, nothing requested.
  const mark = ctx.requests.mark();
  await page.reload();
  await waitForReady(page);
  await waitVisible(page, '[data-consentry="placeholder"]');
  await settle(page);
  assert.equal(await page.locator('[data-consentry="placeholder"]').count(), 2, 'both placeholders after reload');
  assertNoThirdParty(ctx, mark, 'after reload');
});

it('embeds: "Always allow" accepts tubecast: both iframes load, the cookie says so, the next visit loads them directly', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/embeds.html', { banner: false });
  await waitVisible(page, '[data-consentry="placeholder"]');
  await page.locator('[data-consentry="placeholder"]').nth(1).locator('[data-consentry="always-allow"]').click();
  await poll(() => embedRequests(ctx).length >= 2, 'both embeds to be requested', 5000);
  await settle(page);
  assert.deepEqual(sorted(embedRequests(ctx)), sorted([EMBEDS.keynote, EMBEDS.panel]), 'each embed requested exactly once');
  assert.equal(await page.locator('[data-consentry="placeholder"]').count(), 0, 'no placeholder left');
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.accepted.includes('tubecast'), 'a consent accepting tubecast');
  assert.ok(!c.refused.includes('tubecast'), JSON.stringify(c));
  assert.equal(await page.evaluate(() => window.consentry.accepted('tubecast')), true);

  const mark = ctx.requests.mark();
  await page.reload();
  await waitForReady(page);
  await poll(() => embedRequests(ctx, mark).length >= 2, 'both embeds on the next visit', 5000);
  await settle(page);
  assert.deepEqual(sorted(embedRequests(ctx, mark)), sorted([EMBEDS.keynote, EMBEDS.panel]), 'next visit: both load, once each');
  assert.equal(await page.locator('[data-consentry="placeholder"]').count(), 0, 'next visit: no placeholder');
  assert.equal(await page.locator('iframe[data-consent="tubecast"]').first().isVisible(), true);
  assert.equal(await bannerVisible(page), false, 'next visit: no banner');
});

it('embeds: "Always allow" is a choice, so the first-visit banner closes', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/embeds.html');
  await waitVisible(page, '[data-consentry="placeholder"]');
  await page.locator('[data-consentry="placeholder"]').first().locator('[data-consentry="always-allow"]').click();
  await waitForConsentCookie(ctx.context, (p) => p.accepted.includes('tubecast'), 'a consent accepting tubecast');
  await poll(async () => !(await bannerVisible(page)), 'the banner to close', 3000).catch(() => {});
  assert.equal(await bannerVisible(page), false, 'the banner still asks although a consent was just recorded');
});
