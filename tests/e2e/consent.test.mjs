// The visitor's journeys on the demo page (www/demo.html, www/manifests/demo.json):
// first visit, accept all, reject all, preferences, returning visitor, withdrawal, keyboard.
// The network log is the judge: what was requested from the third-party origin, and when.

import assert from 'node:assert/strict';
import {
  SEL, DEMO, useSuite, contextTest, waitForReady, waitInPage, waitVisible, waitHidden, pageState,
  bannerVisible, consentValue, randomId, firstPartyCookie, cookieNamed, waitForConsentCookie,
  sorted, poll, nowSecs, assertNoThirdParty, visit, acceptAllOnDemo, markDocument, waitForReload,
  settle,
  waitForDemoContent,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);
const optional = DEMO.optional;

async function assertOnlyConsentCookie(ctx, when) {
  const other = (await ctx.context.cookies()).filter((c) => c.name !== 'consentry');
  assert.deepEqual(other.map((c) => `${c.name}@${c.domain}`), [], `${when}: cookies other than the consent cookie`);
}

it('first visit: banner in the viewport, nothing third-party requested, no cookie', async (ctx) => {
  const ready = await visit(ctx);
  await settle(ctx.page);
  const { page } = ctx;

  const box = await page.locator(SEL.banner).first().boundingBox();
  const vp = page.viewportSize();
  assert.ok(box && box.width > 0 && box.height > 0, 'the banner has a size');
  assert.ok(box.y < vp.height && box.y + box.height > 0 && box.x < vp.width && box.x + box.width > 0, `the banner is in the viewport: ${JSON.stringify(box)}`);
  for (const sel of [SEL.bannerAccept, SEL.bannerReject, SEL.bannerPreferences]) {
    assert.ok(await page.locator(sel).isVisible(), `${sel} is visible`);
  }
  // Accept all and Reject all have the same prominence.
  const look = (sel) =>
    page.locator(sel).evaluate((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { fontSize: s.fontSize, fontWeight: s.fontWeight, height: r.height, width: r.width, tag: el.tagName };
    });
  const acc = await look(SEL.bannerAccept);
  const rej = await look(SEL.bannerReject);
  assert.equal(acc.tag, 'BUTTON');
  assert.equal(rej.tag, 'BUTTON');
  assert.equal(acc.fontSize, rej.fontSize, 'same font size');
  assert.equal(acc.fontWeight, rej.fontWeight, 'same font weight');
  assert.ok(Math.abs(acc.height - rej.height) <= 2, `same height: ${acc.height} vs ${rej.height}`);

  assertNoThirdParty(ctx, 0, 'first visit');
  await assertOnlyConsentCookie(ctx, 'first visit');
  const consentCookie = await cookieNamed(ctx.context);
  assert.equal(consentCookie, undefined, 'no consent cookie before a choice');
  const state = await pageState(page);
  assert.equal(state.adLoads, undefined);
  assert.equal(state.chatLoads, undefined);
  assert.equal(state.analyticsRuns, undefined);
  assert.equal(await page.locator('script[type="text/plain"][data-consent]').count(), 2, 'gated scripts stay inert');
  assert.equal(await page.locator('#ad-slot img').count(), 0, 'no ad creative');
  assert.equal(await page.locator('button[aria-label="Chat with us"]').count(), 0, 'no chat bubble');

  assert.equal(ready.detail?.consent, null, 'consentry:ready reports no consent');
  const api = await page.evaluate(() => ({
    get: window.consentry.get(),
    ads: window.consentry.accepted('ads'),
    chat: window.consentry.accepted('chat'),
    necessary: window.consentry.accepted('necessary'),
    fns: ['get', 'accepted', 'show', 'showPreferences', 'acceptAll', 'rejectAll', 'on'].filter((f) => typeof window.consentry[f] !== 'function'),
  }));
  assert.deepEqual(api.fns, [], 'window.consentry has every API function');
  assert.equal(api.get, null);
  assert.equal(api.ads, false);
  assert.equal(api.chat, false);
  assert.equal(api.necessary, true, 'required categories are always accepted');
  assert.deepEqual(ctx.consentryErrors(), []);
  assert.deepEqual(ctx.pageErrors, []);
});

it('accept all: ad and chat load exactly once, analytics runs once, cookie is right, banner goes', async (ctx) => {
  await visit(ctx);
  const { page } = ctx;
  const beforeClick = ctx.requests.mark();
  assertNoThirdParty(ctx, 0, 'before the click');
  await acceptAllOnDemo(page);
  await settle(page);

  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js').length, 1, `ad tag requests:\n  ${ctx.requests.describe(ctx.requests.thirdParty())}`);
  assert.equal(ctx.requests.thirdPartyTo('/chat/widget.js').length, 1, 'chat widget requested once');
  const unexpected = ctx.requests.thirdParty(beforeClick).filter((e) => !['/ads/tag.js', '/chat/widget.js', '/ads/creative.svg'].includes(new URL(e.url).pathname));
  assert.deepEqual(unexpected, [], 'only the ad, its creative and the widget come from the third party');
  const state = await pageState(page);
  assert.equal(state.adLoads, 1, 'ad tag executed once');
  assert.equal(state.chatLoads, 1, 'chat widget executed once');
  assert.equal(state.analyticsRuns, 1, 'inline analytics ran once');
  assert.ok(await page.locator('#ad-slot img').isVisible(), 'the ad creative is shown');
  assert.ok(await page.locator('button[aria-label="Chat with us"]').isVisible(), 'the chat bubble is shown');

  const { raw, parsed } = await waitForConsentCookie(ctx.context, (c) => c.method === 'a', 'an accept-all consent cookie');
  assert.equal(raw.path, '/');
  assert.equal(raw.sameSite, 'Lax');
  assert.equal(raw.httpOnly, false);
  assert.equal(raw.secure, false, 'not Secure on http');
  assert.equal(raw.domain, '127.0.0.1', 'host-only first-party cookie');
  const expected = Date.now() / 1000 + 182 * 86400;
  assert.ok(Math.abs(raw.expires - expected) < 300, `expires ≈ now + 182 days: ${raw.expires} vs ${expected}`);
  assert.equal(parsed.revision, 1);
  assert.ok(Math.abs(parsed.givenAt - nowSecs()) < 300, `given at ≈ now: ${parsed.givenAt}`);
  assert.deepEqual(sorted(parsed.accepted), sorted(DEMO.all), 'every category and service is recorded as accepted');
  assert.deepEqual(parsed.refused, []);

  const api = await page.evaluate(() => ({ get: window.consentry.get(), ads: window.consentry.accepted('ads'), chat: window.consentry.accepted('chat') }));
  assert.equal(api.get.revision, 1);
  assert.equal(api.get.id, parsed.id, 'the API and the cookie carry the same consent id');
  assert.equal(api.get.method, 'accept-all');
  assert.equal(typeof api.get.givenAt, 'number');
  assert.ok(Math.abs(api.get.givenAt - parsed.givenAt * 1000) < 1000 || api.get.givenAt === parsed.givenAt, `givenAt ${api.get.givenAt} matches the cookie's ${parsed.givenAt}`);
  assert.deepEqual(sorted(api.get.accepted), sorted(DEMO.all));
  assert.deepEqual(api.get.refused, []);
  assert.equal(api.ads, true);
  assert.equal(api.chat, true);

  const events = await page.evaluate(() => window.__consentryEvents);
  const changes = events.filter((e) => e.type === 'consentry:change');
  assert.equal(changes.length, 1, 'one consentry:change event');
  assert.deepEqual(sorted(changes[0].detail.changed), sorted(optional), 'changed lists every id that became accepted');
  assert.equal(changes[0].detail.consent.id, parsed.id);
  // The ad and chat set their own cookies once allowed (proof that they ran on the page).
  const names = (await ctx.context.cookies()).map((c) => c.name);
  assert.ok(names.includes('_adnet_uid') && names.includes('chat-id-demo'), `cookies: ${names}`);
  assert.deepEqual(ctx.consentryErrors(), []);
  assert.deepEqual(ctx.pageErrors, []);
});

it('reject all: nothing third-party, now or after reload; the banner does not return', async (ctx) => {
  await visit(ctx);
  const { page } = ctx;
  await page.locator(SEL.bannerReject).click();
  const { raw, parsed } = await waitForConsentCookie(ctx.context, (c) => c.method === 'r', 'a reject-all consent cookie');
  await waitHidden(page, SEL.banner, 'the banner after Reject all');
  await settle(page);
  assertNoThirdParty(ctx, 0, 'after Reject all');
  assert.equal((await pageState(page)).analyticsRuns, undefined, 'analytics did not run');
  assert.deepEqual(parsed.accepted, ['necessary']);
  assert.deepEqual(sorted(parsed.refused), sorted(optional));
  assert.equal(raw.sameSite, 'Lax');
  assert.ok(Math.abs(raw.expires - (Date.now() / 1000 + 182 * 86400)) < 300, 'a refusal is remembered as long as a consent');
  const api = await page.evaluate(() => ({ get: window.consentry.get(), ads: window.consentry.accepted('ads') }));
  assert.equal(api.get.method, 'reject-all');
  assert.deepEqual(api.get.accepted, ['necessary']);
  assert.equal(api.ads, false);

  const mark = ctx.requests.mark();
  await page.reload();
  const ready = await waitForReady(page);
  await settle(page);
  assert.equal(await bannerVisible(page), false, 'the banner does not return after reload');
  assertNoThirdParty(ctx, mark, 'after reload');
  assertNoThirdParty(ctx, 0, 'overall');
  const state = await pageState(page);
  assert.equal(state.analyticsRuns, undefined);
  assert.equal(state.adLoads, undefined);
  assert.equal(state.chatLoads, undefined);
  assert.equal(ready.detail?.consent?.id, parsed.id, 'consentry:ready reports the stored refusal');
  await assertOnlyConsentCookie(ctx, 'after Reject all');
});

it('preferences: only the chosen category (support: the chat) loads', async (ctx) => {
  await visit(ctx);
  const { page } = ctx;
  await page.locator(SEL.bannerPreferences).click();
  await waitVisible(page, SEL.panel, 'the preferences panel');

  // A labelled dialog.
  const dialog = await page.locator(SEL.panel).first().evaluate((el) => {
    const byId = (ids) => (ids || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
    return { isDialog: el.tagName === 'DIALOG' || el.getAttribute('role') === 'dialog', name: (el.getAttribute('aria-label') || byId(el.getAttribute('aria-labelledby'))).trim() };
  });
  assert.ok(dialog.isDialog, 'the panel is a dialog');
  assert.ok(dialog.name.length > 0, 'the dialog has an accessible name');

  for (const id of DEMO.categories) {
    assert.equal(await page.locator(SEL.toggle(id)).count(), 1, `one toggle for category ${id}`);
  }
  const necessary = page.locator(SEL.toggle('necessary'));
  assert.equal(await necessary.isChecked(), true, 'necessary is on');
  assert.equal(await necessary.isDisabled(), true, 'necessary is locked');
  for (const id of ['analytics', 'ads', 'support']) {
    assert.equal(await page.locator(SEL.toggle(id)).isChecked(), false, `${id} is not pre-ticked`);
    assert.equal(await page.locator(SEL.toggle(id)).isDisabled(), false, `${id} can be changed`);
  }
  await page.locator(SEL.toggle('support')).setChecked(true);
  assert.equal(await page.locator(SEL.toggle('support')).isChecked(), true);
  assertNoThirdParty(ctx, 0, 'before Save');
  await page.locator(SEL.save).click();

  await waitInPage(page, () => window.__chatLoads === 1, null, 'the chat widget after saving support');
  await waitHidden(page, SEL.panel, 'the panel after Save');
  await settle(page);
  assert.equal(ctx.requests.thirdPartyTo('/chat/widget.js').length, 1, 'chat widget requested once');
  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js').length, 0, 'the ad tag is not requested');
  assert.deepEqual(ctx.requests.thirdParty().map((e) => new URL(e.url).pathname), ['/chat/widget.js']);
  const state = await pageState(page);
  assert.equal(state.adLoads, undefined);
  assert.equal(state.analyticsRuns, undefined);
  assert.equal(await bannerVisible(page), false, 'no banner after saving');

  const { parsed } = await waitForConsentCookie(ctx.context, (c) => c.method === 'c', 'a custom consent cookie');
  assert.deepEqual(sorted(parsed.accepted), sorted(['necessary', 'support', 'chat']));
  assert.deepEqual(sorted(parsed.refused), sorted(['analytics', 'ads', 'adnet']));
  const api = await page.evaluate(() => ['support', 'chat', 'ads', 'adnet', 'analytics'].map((id) => window.consentry.accepted(id)));
  assert.deepEqual(api, [true, true, false, false, false]);
  assert.equal((await page.evaluate(() => window.consentry.get())).method, 'custom');
});

it('returning visitor: gated scripts run at start-up, no banner', async (ctx) => {
  await visit(ctx);
  await acceptAllOnDemo(ctx.page);
  const { parsed } = await waitForConsentCookie(ctx.context, (c) => c.method === 'a');

  const mark = ctx.requests.mark();
  const page = await ctx.context.newPage();
  await page.goto(ctx.url('/demo.html'));
  const ready = await waitForReady(page);
  await waitForDemoContent(page, 'gated scripts on a returning visit');
  await settle(page);
  assert.equal(await bannerVisible(page), false, 'no banner for a returning visitor');
  assert.equal(await page.locator(SEL.panel).count() > 0 && (await page.locator(SEL.panel).first().isVisible()), false, 'no panel either');
  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js', mark).length, 1);
  assert.equal(ctx.requests.thirdPartyTo('/chat/widget.js', mark).length, 1);
  const state = await pageState(page);
  assert.deepEqual([state.adLoads, state.chatLoads, state.analyticsRuns], [1, 1, 1]);
  assert.equal(ready.detail?.consent?.id, parsed.id, 'consentry:ready carries the stored consent');
  const events = await page.evaluate(() => window.__consentryEvents.filter((e) => e.type === 'consentry:change').length);
  assert.equal(events, 0, 'no consentry:change on a returning visit');
});

it('returning visitor with a cookie written by a server (documented format): only what it accepts runs', async (ctx) => {
  const id = randomId(24);
  const value = consentValue({ id, method: 'c', accepted: ['necessary', 'ads', 'adnet'], refused: ['analytics', 'support', 'chat'] });
  await ctx.context.addCookies([firstPartyCookie(suite.servers, 'consentry', value)]);
  await ctx.page.goto(ctx.url('/demo.html'));
  const ready = await waitForReady(ctx.page);
  await waitInPage(ctx.page, () => window.__adLoads === 1, null, 'the ad tag under a hand-written consent');
  await settle(ctx.page);
  assert.equal(await bannerVisible(ctx.page), false, 'no banner');
  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js').length, 1);
  assert.equal(ctx.requests.thirdPartyTo('/chat/widget.js').length, 0, 'support was refused: no chat');
  const state = await pageState(ctx.page);
  assert.equal(state.chatLoads, undefined);
  assert.equal(state.analyticsRuns, undefined);
  assert.equal(ready.detail?.consent?.id, id);
  const api = await ctx.page.evaluate(() => window.consentry.get());
  assert.equal(api.method, 'custom');
  assert.deepEqual(sorted(api.accepted), sorted(['necessary', 'ads', 'adnet']));
});

it('[data-consentry-open] reopens the panel after a choice, and withdrawing works', async (ctx) => {
  await visit(ctx);
  const { page } = ctx;
  await acceptAllOnDemo(page);
  const first = await waitForConsentCookie(ctx.context, (c) => c.method === 'a');

  await page.locator('footer [data-consentry-open]').click();
  await waitVisible(page, SEL.panel, 'the panel opened from the footer link');
  for (const id of ['analytics', 'ads', 'support']) {
    assert.equal(await page.locator(SEL.toggle(id)).isChecked(), true, `${id} shows as accepted`);
  }
  assert.ok(!page.url().endsWith('#'), 'the link did not navigate');
  const beforeWithdraw = ctx.requests.mark();
  await markDocument(page);
  await page.locator(SEL.panelReject).click();
  const { parsed } = await waitForConsentCookie(ctx.context, (c) => c.method === 'r', 'the cookie to record the withdrawal');
  assert.deepEqual(parsed.accepted, ['necessary']);
  assert.deepEqual(sorted(parsed.refused), sorted(optional));
  assert.ok(parsed.givenAt >= first.parsed.givenAt);
  // The page reloads to unload the withdrawn scripts (demo.json's on_revoke: reload).
  await waitForReload(page, 'the page to reload after withdrawing');
  await settle(page);
  assertNoThirdParty(ctx, beforeWithdraw, 'after withdrawing');

  const mark = ctx.requests.mark();
  await page.goto(ctx.url('/demo.html'));
  await waitForReady(page);
  await settle(page);
  assertNoThirdParty(ctx, mark, 'on the next page load after withdrawing');
  assert.equal(await bannerVisible(page), false);
  const state = await pageState(page);
  assert.equal(state.adLoads, undefined);
  assert.equal(state.chatLoads, undefined);
  assert.equal(state.analyticsRuns, undefined);
  assert.equal(await ctx.page.evaluate(() => window.consentry.accepted('ads')), false);
});

it('keyboard: Tab reaches the banner buttons and Enter on Reject all works', async (ctx) => {
  await visit(ctx);
  const { page } = ctx;
  const seen = new Set();
  let onReject = false;
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const hook = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.closest('[data-consentry="banner"]') ? el.getAttribute('data-consentry') : null;
    });
    if (hook) seen.add(hook);
    onReject = hook === 'reject-all';
    if (onReject && seen.has('accept-all') && seen.has('preferences')) break;
  }
  assert.ok(seen.has('accept-all'), `Tab reaches Accept all (reached: ${[...seen]})`);
  assert.ok(seen.has('preferences'), `Tab reaches Preferences (reached: ${[...seen]})`);
  assert.ok(onReject, `focus ends on Reject all (reached: ${[...seen]})`);
  await page.keyboard.press('Enter');
  await waitForConsentCookie(ctx.context, (c) => c.method === 'r', 'a refusal made with the keyboard');
  await waitHidden(page, SEL.banner, 'the banner after Enter on Reject all');
  await settle(page);
  assertNoThirdParty(ctx, 0, 'after a keyboard refusal');
});

it('keyboard: the panel opens from the banner, toggles with Space, saves with Enter', async (ctx) => {
  await visit(ctx);
  const { page } = ctx;
  await page.locator(SEL.bannerPreferences).focus();
  await page.keyboard.press('Enter');
  await waitVisible(page, SEL.panel, 'the panel opened with Enter');
  // Focus moves into the dialog.
  await poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-consentry="panel"]')), 'focus to move into the panel', 5000);
  await page.locator(SEL.toggle('analytics')).focus();
  await page.keyboard.press('Space');
  assert.equal(await page.locator(SEL.toggle('analytics')).isChecked(), true, 'Space toggles analytics');
  await page.locator(SEL.save).focus();
  await page.keyboard.press('Enter');
  await waitInPage(page, () => window.__analyticsRuns === 1, null, 'analytics after a keyboard save');
  const { parsed } = await waitForConsentCookie(ctx.context, (c) => c.method === 'c');
  assert.deepEqual(sorted(parsed.accepted), sorted(['necessary', 'analytics']));
  await settle(page);
  assertNoThirdParty(ctx, 0, 'analytics is first-party');
});
