// A measured visit: a scenario's browser context (init script, consent cookie, stored compact
// form, network log), navigating until the page signals its target, the large-panel click, and
// one run of a scenario (a cold page view, then a warm one). The traced and profiled passes use
// the same contexts and page views.

import { VIEWPORT, NAV_TIMEOUT, QUIET_MS, STORE_KEY, sleep } from './settings.mjs';
import { initScript, snapshot } from './probe.mjs';
import { NetLog } from './network.mjs';
import { metricsOf } from './metrics.mjs';

/**
 * Runs `action` and resolves once the page signals `text` (console.debug from the init script),
 * or with false after NAV_TIMEOUT.
 */
async function untilSignal(page, text, action) {
  let onConsole;
  const signalled = new Promise((resolve) => {
    onConsole = (m) => m.type() === 'debug' && m.text() === text && resolve(true);
    page.on('console', onConsole);
  });
  let timer;
  try {
    await action();
    return await Promise.race([signalled, new Promise((r) => (timer = setTimeout(() => r(false), NAV_TIMEOUT)))]);
  } finally {
    clearTimeout(timer);
    page.off('console', onConsole);
  }
}

/** Navigates and resolves once the page's target was reached and it has loaded (or false). */
const goAndWait = (page, url) => untilSignal(page, '__bench:done', () => page.goto(url, { waitUntil: 'commit', timeout: NAV_TIMEOUT }));

/**
 * large-panel, on the loaded page: clicks the banner's Preferences button and resolves once the
 * panel is visible and complete, or with false (after NAV_TIMEOUT, or when the click failed: the
 * snapshot then has no panel).
 */
async function openPanel(page, scenario) {
  try {
    return await untilSignal(page, '__bench:panel', () => page.click(scenario.panel.button));
  } catch {
    return false;
  }
}

/** A page view of the traced and profiled passes: until the network is idle, then the panel. */
export async function view(page, url, scenario) {
  await goAndWait(page, url);
  await sleep(QUIET_MS);
  if (scenario.panel) {
    await openPanel(page, scenario);
    await sleep(QUIET_MS);
  }
}

async function navigate(page, net, url) {
  net.reset();
  const reached = await goAndWait(page, url);
  await net.quiet();
  const snap = await page.evaluate(snapshot);
  return { reached: !!reached, snap };
}

/**
 * large-panel's measurements, taken after the page view's (metricsOf): openPanel, then a second
 * snapshot. Times in ms from navigation start (clickAt, visibleAt, rowsAt) and from the click
 * (toVisible, toRows); maxLongtask is the longest 'longtask' entry overlapping the click → all
 * rows span (0: none over 50 ms).
 */
async function panelMetrics(page, scenario) {
  const reached = await openPanel(page, scenario);
  const snap = await page.evaluate(snapshot);
  const p = snap.panel;
  if (!p) return { reached, clicked: false };
  const end = p.rowsAt ?? snap.at;
  const since = (t) => (t === null ? null : t - p.clickAt);
  return {
    reached,
    clicked: true,
    clickAt: p.clickAt,
    visibleAt: p.visibleAt,
    rowsAt: p.rowsAt,
    toVisible: since(p.visibleAt),
    toRows: since(p.rowsAt),
    rows: snap.panelRows,
    maxLongtask: snap.longtasks.filter(([t, d]) => t < end && t + d > p.clickAt).reduce((m, [, d]) => Math.max(m, d), 0),
  };
}

/**
 * A scenario's browser context. A returning visit's consent cookie is added as a cookie; a stored
 * compact form goes in through storageState (Playwright writes the origin's localStorage in a
 * page of its own, with every request intercepted, before newContext returns).
 */
export async function newContext(browser, servers, scenario, { cdp = true } = {}) {
  const storageState =
    scenario.stored && scenario.form
      ? { cookies: [], origins: [{ origin: servers.firstParty, localStorage: [{ name: STORE_KEY, value: scenario.form }] }] }
      : undefined;
  const context = await browser.newContext({ viewport: VIEWPORT, ...(storageState ? { storageState } : {}) });
  context.setDefaultTimeout(NAV_TIMEOUT);
  const spec = {
    watch: scenario.watch,
    target: scenario.target,
    banner: scenario.banner,
    root: scenario.root,
    cmName: scenario.cmName,
    storeKey: scenario.cm === 'consentry' ? STORE_KEY : null,
    panel: scenario.panel ?? null,
  };
  await context.addInitScript({ content: initScript(spec) });
  if (scenario.cookie) await context.addCookies([{ name: scenario.cookieName, value: scenario.cookie(), url: servers.firstParty + '/' }]);
  const page = await context.newPage();
  let net = null;
  if (cdp) {
    const session = await context.newCDPSession(page);
    net = new NetLog(session);
    await session.send('Network.enable');
  }
  return { context, page, net };
}

/**
 * Between a context's two page views: a Consentry returning visit with no stored form has just
 * stored one (the checking gate leaves it for the next view); remove it, so that the warm view
 * takes the same path. Outside both measurements.
 */
export async function betweenViews(page, scenario) {
  if (scenario.seed && !scenario.stored) await page.evaluate((key) => localStorage.removeItem(key), STORE_KEY);
}

/** One run of a scenario: a new context, a cold navigation, then a warm one. */
export async function measure(browser, servers, scenario) {
  const { context, page, net } = await newContext(browser, servers, scenario);
  const url = servers.firstParty + scenario.path;
  const out = {};
  try {
    for (const cache of ['cold', 'warm']) {
      if (cache === 'warm') await betweenViews(page, scenario);
      const nav = await navigate(page, net, url);
      out[cache] = metricsOf(scenario, servers, nav, net);
      if (scenario.panel) out[cache].panel = await panelMetrics(page, scenario);
    }
  } finally {
    await context.close().catch(() => {});
  }
  return out;
}
