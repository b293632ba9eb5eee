// Consentry's returning state, captured at the start of a run: the consent cookie and the
// manifest's compact form Consentry writes after "accept all" on a first visit.

import { VIEWPORT, NAV_TIMEOUT, STORE_KEY } from './settings.mjs';

/** A compact form of any format version (src/manifest/compact.rs): `c<version>.<fingerprint>.` */
const COMPACT_FORM = /^c\d+\.[0-9a-f]{16}\./;

/**
 * What a visitor who accepted everything on `pagePath` has afterwards, as Consentry wrote it: a
 * context of its own opens the page (a first visit), calls window.consentry.acceptAll() and waits
 * until the loader has stored the manifest's compact form. Returns { cookie, form }.
 */
export async function captureReturning(browser, servers, pagePath) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(NAV_TIMEOUT);
  const url = servers.firstParty + pagePath;
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url, { waitUntil: 'load' });
    try {
      await page.waitForFunction(() => window.consentry && typeof window.consentry.acceptAll === 'function');
      // Queued by the loader until its gate has booted.
      await page.evaluate(() => window.consentry.acceptAll());
      await page.waitForFunction((key) => !!localStorage.getItem(key), STORE_KEY);
    } catch (e) {
      throw new Error(`capturing the returning state of ${pagePath}: ${e.message.split('\n')[0]}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`);
    }
    const form = await page.evaluate((key) => localStorage.getItem(key), STORE_KEY);
    if (!COMPACT_FORM.test(form)) throw new Error(`capturing the returning state of ${pagePath}: localStorage["${STORE_KEY}"] is not a compact form: ${form.slice(0, 40)}…`);
    const cookie = (await context.cookies(servers.firstParty)).find((c) => c.name === 'consentry');
    if (!cookie) throw new Error(`capturing the returning state of ${pagePath}: acceptAll() stored the compact form but set no consentry cookie`);
    return { cookie: cookie.value, form };
  } finally {
    await context.close().catch(() => {});
  }
}
