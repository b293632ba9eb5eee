// The complete preferences panel (issue 4): every category with its services and their own
// toggles, a long list rendered in tasks, partly-on categories, Save and Accept all inside the
// panel, Escape, focus kept in the dialog and given back to the link that opened it.
// The judges: the network log (what went to the third-party origin, and when), the cookie jar
// (context.cookies() / document.cookie) and the consent cookie's documented format.

import assert from 'node:assert/strict';
import {
  useSuite, contextTest, SEL, DEMO, waitInPage, pageState, bannerVisible, waitVisible, waitHidden,
  poll, assertNoThirdParty, visit, cookieNamed, waitForConsentCookie, sorted, demoManifest,
  demoVariant, settle,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

/** What has the focus: its tag and hooks, whether it is in the panel, and which opener link it is. */
async function activeInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName ?? null,
      hook: el?.getAttribute?.('data-consentry') ?? null,
      id: el?.getAttribute?.('data-id') ?? null,
      inPanel: !!el?.closest?.('[data-consentry="panel"]'),
      opener: el?.hasAttribute?.('data-consentry-open') ? el.closest('footer, aside, main')?.tagName ?? 'other' : null,
    };
  });
}

it('panel: each category lists its services (title, provider, description, policy link, cookies) with their own toggles', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/demo.html');
  await page.locator(SEL.bannerPreferences).click();
  await waitVisible(page, SEL.panel, 'the preferences panel');
  const m = demoManifest();

  for (const id of [...DEMO.categories, ...DEMO.services]) {
    assert.equal(await page.locator(SEL.toggle(id)).count(), 1, `exactly one toggle for ${id}`);
    const t = page.locator(SEL.toggle(id));
    assert.equal(await t.evaluate((el) => el.tagName === 'INPUT' && el.type === 'checkbox'), true, `${id}'s toggle is a checkbox`);
    assert.equal(await t.isVisible(), true, `${id}'s toggle is visible`);
  }
  // Services are listed under their own category: between its toggle and the next category's.
  const order = await page.locator(SEL.panel).evaluate((panel, ids) => {
    const all = [...panel.querySelectorAll('[data-consentry="toggle"]')].map((el) => el.getAttribute('data-id'));
    return ids.map((id) => all.indexOf(id));
  }, [...DEMO.categories, ...DEMO.services]);
  const pos = Object.fromEntries([...DEMO.categories, ...DEMO.services].map((id, i) => [id, order[i]]));
  assert.ok(pos.ads < pos.adnet && pos.adnet < pos.support, `adnet is listed under ads (toggle order ${JSON.stringify(pos)})`);
  assert.ok(pos.support < pos.chat, `chat is listed under support (toggle order ${JSON.stringify(pos)})`);

  const panelText = await page.locator(SEL.panel).innerText();
  for (const svc of m.services) {
    for (const [what, text] of [['title', svc.title], ['provider', svc.provider], ['description', svc.description]]) {
      assert.ok(panelText.includes(text), `the panel shows ${svc.id}'s ${what}: ${JSON.stringify(text)}`);
    }
    for (const cookie of svc.cookies) {
      assert.ok(panelText.includes(cookie), `the panel names the cookie ${cookie} of ${svc.id}`);
    }
    const link = page.locator(`${SEL.panel} a[href="${svc.policy_url}"]`);
    assert.equal(await link.count(), 1, `one policy link to ${svc.policy_url}`);
    assert.equal(await link.isVisible(), true, `${svc.id}'s policy link is visible`);
  }
  // The service's texts sit under its category: the description follows the category toggle.
  const descUnderCategory = await page.locator(SEL.panel).evaluate((panel, desc) => {
    const cat = panel.querySelector('[data-consentry="toggle"][data-id="support"]');
    const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (node.textContent.includes(desc)) {
        return !!(cat.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
      }
    }
    return false;
  }, m.services.find((s) => s.id === 'chat').description);
  assert.ok(descUnderCategory, "chat's description follows the support category's toggle");
  assertNoThirdParty(ctx, 0, 'with the panel open');
});

it('panel: a long list of services (a hundred more) is listed in full, each under its category, and the last one can be chosen', async (ctx) => {
  const { page } = ctx;
  // The panel renders its first rows at once and the others in later tasks (a large site's
  // panel would otherwise open in one long task): none may be lost or misplaced on the way.
  const cats = ['analytics', 'ads', 'support'];
  const extra = Array.from({ length: 100 }, (_, i) => ({
    id: `extra${i}`, category: cats[i % cats.length], title: `Extra service ${i}`, provider: `Provider ${i}`,
    description: `What extra ${i} does.`, cookies: [`x${i}_*`], on_revoke: 'nothing',
  }));
  const path = demoVariant(suite, 'many-services', (m) => m.services.push(...extra));
  const m = demoManifest();
  m.services.push(...extra);
  assert.ok(JSON.stringify(m, null, 2).length > 16384, 'over 16,384 characters: the manifest is read in two tasks');
  await visit(ctx, path);
  await page.locator(SEL.bannerPreferences).click();
  await waitVisible(page, SEL.panel, 'the preferences panel');
  await waitInPage(page, (n) => document.querySelectorAll('[data-consentry="panel"] .cy-service').length === n,
    m.services.length, `all ${m.services.length} service rows`);
  const order = await page.locator(SEL.panel).evaluate((panel) =>
    [...panel.querySelectorAll('[data-consentry="toggle"]')].map((el) => el.getAttribute('data-id')));
  const expected = m.categories.flatMap((c) => [c.id, ...m.services.filter((s) => s.category === c.id).map((s) => s.id)]);
  assert.deepEqual(order, expected, 'one toggle per category, then one per service of that category, in manifest order');
  // textContent: rows out of view are not rendered (content-visibility), so innerText skips them.
  const text = await page.locator(SEL.panel).evaluate((el) => el.textContent);
  assert.ok(text.includes('What extra 99 does.') && text.includes('x99_*'), "the last service's description and cookies are shown");

  const last = extra.at(-1);
  await page.locator(SEL.toggle(last.id)).setChecked(true);
  assert.equal(await page.locator(SEL.toggle(last.category)).evaluate((el) => el.indeterminate), true,
    `${last.category} is partly on`);
  await page.locator(SEL.save).click();
  await waitHidden(page, SEL.panel, 'the panel after Save');
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.method === 'c', 'a custom consent');
  assert.ok(c.accepted.includes(last.id), `${last.id} accepted: ${JSON.stringify(c)}`);
  const api = await page.evaluate((ids) => ids.map((id) => window.consentry.accepted(id)), [last.id, 'extra0', last.category]);
  assert.deepEqual(api, [true, false, false], `accepted(): ${last.id}, extra0, ${last.category}`);
  assertNoThirdParty(ctx, 0, 'after choosing a service that loads nothing');
});

it('panel: per-service toggles, a partly-on category is indeterminate, Save records exactly the services chosen', async (ctx) => {
  const { page } = ctx;
  // Support gets a second service (no script) so that the category can be partly on.
  const path = demoVariant(suite, 'two-services', (m) => {
    m.services.push({
      id: 'helpdesk', category: 'support', title: 'HelpDesk knowledge base', provider: 'HelpDesk Demo',
      description: 'Searchable help articles.', cookies: ['hd_*'], on_revoke: 'nothing',
    });
  });
  await visit(ctx, path);
  await page.locator(SEL.bannerPreferences).click();
  await waitVisible(page, SEL.panel, 'the preferences panel');
  const support = page.locator(SEL.toggle('support'));
  const state = (id) => page.locator(SEL.toggle(id)).evaluate((el) => ({ checked: el.checked, indeterminate: el.indeterminate }));

  assert.deepEqual(await state('support'), { checked: false, indeterminate: false }, 'support starts off');
  await page.locator(SEL.toggle('chat')).setChecked(true);
  assert.deepEqual(await state('chat'), { checked: true, indeterminate: false }, 'chat is on');
  assert.deepEqual(await state('helpdesk'), { checked: false, indeterminate: false }, 'helpdesk stays off');
  await poll(async () => (await state('support')).indeterminate, 'support to become indeterminate', 3000).catch(() => {});
  assert.equal((await state('support')).indeterminate, true, 'a category with only some services on is indeterminate');

  // The category toggle turns on all of its services, and off again.
  await support.click();
  assert.deepEqual(await state('support'), { checked: true, indeterminate: false }, 'support on after clicking it');
  assert.deepEqual(await state('helpdesk'), { checked: true, indeterminate: false }, 'the category turned helpdesk on');
  assert.deepEqual(await state('chat'), { checked: true, indeterminate: false }, 'chat still on');
  await support.click();
  assert.deepEqual(await state('support'), { checked: false, indeterminate: false }, 'support off after clicking again');
  assert.deepEqual(await state('helpdesk'), { checked: false, indeterminate: false }, 'the category turned helpdesk off');
  assert.deepEqual(await state('chat'), { checked: false, indeterminate: false }, 'the category turned chat off');

  // Only the chat, then Save.
  await page.locator(SEL.toggle('chat')).setChecked(true);
  assert.equal((await state('support')).indeterminate, true, 'indeterminate again with only chat on');
  assertNoThirdParty(ctx, 0, 'before Save');
  await page.locator(SEL.save).click();
  await waitInPage(page, () => window.__chatLoads === 1, null, 'the chat widget after saving chat alone');
  await waitHidden(page, SEL.panel, 'the panel after Save');
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.method === 'c', 'a custom consent');
  assert.ok(c.accepted.includes('chat'), `chat accepted: ${JSON.stringify(c)}`);
  assert.ok(!c.accepted.includes('helpdesk') && !c.accepted.includes('support'), `neither helpdesk nor the whole support category accepted: ${JSON.stringify(c)}`);
  for (const id of ['analytics', 'ads', 'adnet']) assert.ok(!c.accepted.includes(id), `${id} not accepted`);
  const api = await page.evaluate(() => ['chat', 'helpdesk', 'support', 'ads', 'adnet'].map((id) => window.consentry.accepted(id)));
  assert.deepEqual(api, [true, false, false, false, false], 'accepted(): chat, helpdesk, support, ads, adnet');
  await settle(page);
  assert.deepEqual(ctx.requests.thirdPartyPaths(), ['/chat/widget.js'], 'only the chat widget was requested');

  // Reopened, the panel shows the same partial state.
  await page.locator('footer [data-consentry-open]').click();
  await waitVisible(page, SEL.panel, 'the panel reopened');
  assert.deepEqual(await state('chat'), { checked: true, indeterminate: false });
  assert.deepEqual(await state('helpdesk'), { checked: false, indeterminate: false });
  assert.equal((await state('support')).indeterminate, true, 'reopened: support is indeterminate');
});

it('panel: a single service switched on (adnet) runs alone; Accept all inside the panel accepts everything', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/demo.html');
  await page.locator(SEL.bannerPreferences).click();
  await waitVisible(page, SEL.panel);
  await page.locator(SEL.toggle('adnet')).setChecked(true);
  await page.locator(SEL.save).click();
  await waitInPage(page, () => window.__adLoads === 1, null, 'the ad tag after saving adnet');
  const { parsed: c } = await waitForConsentCookie(ctx.context, (p) => p.method === 'c');
  assert.ok(c.accepted.includes('adnet'), `adnet accepted: ${JSON.stringify(c)}`);
  for (const id of ['analytics', 'support', 'chat']) assert.ok(c.refused.includes(id), `${id} refused: ${JSON.stringify(c)}`);
  await settle(page);
  assert.deepEqual(sorted(new Set(ctx.requests.thirdPartyPaths())), ['/ads/creative.svg', '/ads/tag.js'], 'only the ad and its creative');
  const s = await pageState(page);
  assert.equal(s.chatLoads, undefined);
  assert.equal(s.analyticsRuns, undefined);

  // Panel Accept all.
  await page.locator('footer [data-consentry-open]').click();
  await waitVisible(page, SEL.panel);
  assert.equal(await page.locator(SEL.toggle('adnet')).isChecked(), true, 'adnet shows as on');
  await page.locator(SEL.panelAccept).click();
  await waitInPage(page, () => window.__chatLoads === 1 && window.__analyticsRuns === 1, null, 'chat and analytics after the panel Accept all');
  await waitHidden(page, SEL.panel, 'the panel after Accept all');
  const { parsed: all } = await waitForConsentCookie(ctx.context, (p) => p.method === 'a', 'an accept-all consent');
  assert.deepEqual(sorted(all.accepted), sorted(DEMO.all));
  await settle(page);
  assert.equal(ctx.requests.thirdPartyTo('/ads/tag.js').length, 1, 'the ad tag is not loaded twice');
  assert.equal((await pageState(page)).adLoads, 1);
});

it('panel: Escape closes it; focus is trapped inside the dialog while open', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/demo.html');
  await page.locator(SEL.bannerPreferences).click();
  await waitVisible(page, SEL.panel);
  assert.equal(await page.locator(SEL.panel).evaluate((el) => el.tagName === 'DIALOG' && el.open && el.matches(':modal')), true, 'a native modal <dialog>');
  await poll(async () => (await activeInfo(page)).inPanel, 'focus to move into the panel', 5000);

  const focusables = await page.locator(SEL.panel).evaluate((d) =>
    [...d.querySelectorAll('button, input, a[href], select, textarea, [tabindex]')].filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length).length);
  const walk = async (key) => {
    const trail = [];
    for (let i = 0; i < focusables + 3; i++) {
      await page.keyboard.press(key);
      trail.push({ step: i + 1, ...(await activeInfo(page)) });
    }
    return trail;
  };
  const show = (trail) => trail.map((a) => (a.inPanel ? a.hook || a.id || a.tag : `OUTSIDE:${a.tag}`)).join(' → ');
  const forward = await walk('Tab');
  const backward = await walk('Shift+Tab');
  assert.deepEqual(
    { tab: forward.filter((a) => !a.inPanel).map((a) => a.step), shiftTab: backward.filter((a) => !a.inPanel).map((a) => a.step) },
    { tab: [], shiftTab: [] },
    `focus stays inside the dialog (${focusables} focusable elements); steps where it left:\n  Tab: ${show(forward)}\n  Shift+Tab: ${show(backward)}`,
  );

  await page.keyboard.press('Escape');
  await waitHidden(page, SEL.panel, 'the panel after Escape');
  assert.equal(await cookieNamed(ctx.context), undefined, 'Escape records no choice');
  await waitVisible(page, SEL.banner, 'the banner again (no choice was made yet)', 5000);
  assertNoThirdParty(ctx, 0, 'after Escape');
});

it('panel: after a choice, focus returns to the [data-consentry-open] link on Escape and on Save', async (ctx) => {
  const { page } = ctx;
  await visit(ctx, '/demo.html');
  await page.locator(SEL.bannerReject).click();
  const { parsed: first } = await waitForConsentCookie(ctx.context, (p) => p.method === 'r');
  await waitHidden(page, SEL.banner);

  const link = page.locator('footer [data-consentry-open]');
  await link.focus();
  await page.keyboard.press('Enter');
  await waitVisible(page, SEL.panel, 'the panel opened with Enter on the footer link');
  await poll(async () => (await activeInfo(page)).inPanel, 'focus to move into the panel', 5000);
  await page.keyboard.press('Escape');
  await waitHidden(page, SEL.panel, 'the panel after Escape');
  await poll(async () => (await activeInfo(page)).opener === 'FOOTER', 'focus back on the footer link', 3000).catch(() => {});
  assert.deepEqual(await activeInfo(page), { tag: 'A', hook: null, id: null, inPanel: false, opener: 'FOOTER' }, 'focus returns to the footer link after Escape');
  assert.equal((await waitForConsentCookie(ctx.context)).parsed.id, first.id, 'Escape changed nothing');
  assert.equal(await bannerVisible(page), false, 'no banner after Escape once decided');

  // The sidebar link this time, closed with Save.
  const side = page.locator('aside [data-consentry-open]');
  await side.click();
  await waitVisible(page, SEL.panel, 'the panel opened from the sidebar link');
  await page.locator(SEL.save).click();
  await waitHidden(page, SEL.panel, 'the panel after Save');
  await poll(async () => (await activeInfo(page)).opener === 'ASIDE', 'focus back on the sidebar link', 3000).catch(() => {});
  assert.deepEqual(await activeInfo(page), { tag: 'A', hook: null, id: null, inPanel: false, opener: 'ASIDE' }, 'focus returns to the sidebar link after Save');
  assertNoThirdParty(ctx, 0, 'nothing accepted');
});
