// The manifest playground (www/playground.html): live errors from the explain build's check(),
// jumping to an error, the live preview of the banner and panel in a srcdoc frame, examples,
// download, manifest text rendered as text, and no request to the third party throughout.

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import {
  SEL, TIMEOUT, DEMO, useSuite, contextTest, waitInPage, consentValue, firstPartyCookie,
  cookieNamed, settle,
} from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite, { timeout: 90_000 });

const EXAMPLES = ['demo.json', 'wp-rocket.json', 'communico.json', 'plesk.json', 'piwik-pro.json', 'media.json'];
/** How long a problem may take to be listed after a keystroke (the page debounces ~150 ms). */
const LIVE_MS = 3_000;

const preview = (page) => page.frameLocator('#preview');

/** Waits until the preview frame has run Consentry on the current render. */
async function waitPreviewReady(page, what = 'the preview') {
  await waitInPage(page, () => {
    const f = document.getElementById('preview');
    return f.dataset.render && f.dataset.ready === f.dataset.render;
  }, null, what);
}

/** Waits until the preview frame has rendered again since render `before`, and run Consentry on it. */
async function waitNewPreview(page, before, what) {
  await waitInPage(page, (b) => {
    const f = document.getElementById('preview');
    return f.dataset.render !== b && f.dataset.ready === f.dataset.render;
  }, before, what);
}

/** Waits until the status line's state is `state`; returns its text. */
async function waitStatus(page, state, what = `the status "${state}"`, timeout = TIMEOUT) {
  await waitInPage(page, (s) => document.getElementById('status').dataset.state === s, state, what, timeout);
  return page.locator('#status').innerText();
}

/** Opens the playground and waits for the first example to be checked and previewed. */
async function openPlayground(ctx) {
  await ctx.page.goto(ctx.url('/playground.html'));
  await waitStatus(ctx.page, 'valid', 'the first example to be checked');
  await waitPreviewReady(ctx.page, 'the first preview');
  await preview(ctx.page).locator(SEL.banner).waitFor({ state: 'visible' });
}

/** Loads example `name` from the picker; waits for it to be checked and previewed, and returns the status. */
async function loadExample(page, name) {
  const before = await page.locator('#preview').getAttribute('data-render');
  await page.locator('#example').selectOption(name);
  await page.locator('#load').click();
  const status = await waitStatus(page, 'valid', `${name} to be checked`);
  await waitNewPreview(page, before, `the preview of ${name}`);
  return status;
}

/** Selects `length` characters at `offset` in the editor and types `text` over them, key by key. */
async function typeOver(page, offset, length, text) {
  await page.locator('#editor').focus();
  await page.evaluate(([a, b]) => document.getElementById('editor').setSelectionRange(a, b), [offset, offset + length]);
  await page.keyboard.type(text);
}

/** The textarea offset of a 1-based line and column counted in characters (as check() reports). */
function offsetOf(text, line, column) {
  const lines = text.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  return start + [...lines[line - 1]].slice(0, column - 1).join('').length;
}

/** Asserts that the page requested nothing but first-party files and logged no error. */
function assertClean(ctx) {
  assert.deepEqual(ctx.requests.thirdParty().map((e) => e.url), [], 'no request to the third party');
  const foreign = ctx.requests.since().filter((e) => /^https?:/.test(e.url) && !e.url.startsWith(suite.servers.firstParty + '/'));
  assert.deepEqual(foreign.map((e) => e.url), [], 'no request to any other origin');
  assert.deepEqual(ctx.pageErrors, [], 'no uncaught errors');
  assert.deepEqual(ctx.consoleLog.filter((m) => m.type === 'error').map((m) => m.text), [], 'no console errors');
}

it('playground: an example, a typo listed live with its path, jump to it, fix it', async (ctx) => {
  const { page } = ctx;
  await openPlayground(ctx);
  assert.ok((await page.locator('#editor').getAttribute('aria-describedby')).includes('status'));
  assert.equal(await page.locator('label[for="editor"]').count(), 1, 'the editor has a label');

  const status = await loadExample(page, 'wp-rocket.json');
  assert.match(status, /^Valid: 4 categories, 1 service\b/);
  const banner = preview(page).locator(SEL.banner);
  await banner.waitFor({ state: 'visible' });
  assert.match(await banner.innerText(), /Your privacy really matters/, 'the preview shows wp-rocket.json');

  // A typo, typed key by key: "ads" -> "adz".
  const text = await page.locator('#editor').inputValue();
  const at = text.indexOf('"category": "ads"');
  assert.ok(at > 0, 'wp-rocket.json has a service in "ads"');
  const typed = Date.now();
  await typeOver(page, at + '"category": "'.length, 3, 'adz');
  const error = page.locator('#errors .pg-error', { hasText: 'services[0].category' });
  await error.waitFor({ state: 'visible', timeout: LIVE_MS });
  const listedAfter = Date.now() - typed;
  assert.match(await error.innerText(), /"adz" is not a category/);
  assert.match(await error.innerText(), /did you mean "ads"\?/);
  assert.match(await page.locator('#status').innerText(), /^1 problem/);
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'invalid');
  assert.equal(await page.locator('#editor').getAttribute('aria-invalid'), 'true');
  const [line, column] = (await error.locator('.pg-where').innerText()).split(':').map(Number);
  const edited = await page.locator('#editor').inputValue();
  assert.match(edited.split('\n')[line - 1], /"category": "adz"/, `line ${line} is the edited one`);

  // The last valid preview stays.
  assert.ok(await banner.isVisible(), 'the preview keeps the last valid manifest');
  assert.equal(await page.locator('#preview-status').getAttribute('data-state'), 'stale');

  // Clicking the problem puts the caret there.
  await page.evaluate(() => {
    const ed = document.getElementById('editor');
    ed.setSelectionRange(0, 0);
    ed.blur();
  });
  await error.click();
  const caret = () => page.evaluate(() => ({ active: document.activeElement.id, start: document.getElementById('editor').selectionStart, end: document.getElementById('editor').selectionEnd }));
  const expected = offsetOf(edited, line, column);
  assert.deepEqual(await caret(), { active: 'editor', start: expected, end: expected }, `caret at ${line}:${column}`);
  assert.ok(edited.slice(expected).startsWith('"adz"'), 'at the wrong value');

  // The same from the keyboard.
  await page.evaluate(() => document.getElementById('editor').setSelectionRange(0, 0));
  await error.focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await caret(), { active: 'editor', start: expected, end: expected }, 'Enter on a problem moves the caret too');

  // Fixed: valid again, no problems listed.
  await typeOver(page, expected + 1, 3, 'ads');
  assert.match(await waitStatus(page, 'valid', 'the fix to be checked', LIVE_MS), /^Valid: 4 categories, 1 service\b/);
  assert.equal(await page.locator('#errors .pg-error').count(), 0);
  assert.ok(await page.locator('#errors').isHidden());
  assert.equal(await page.locator('#editor').inputValue(), text, 'back to the example');

  await settle(page);
  assertClean(ctx);
  assert.ok(listedAfter < LIVE_MS, `listed ${listedAfter} ms after typing`);
});

it('playground: every example loads, is valid and previews its banner', async (ctx) => {
  const { page } = ctx;
  await openPlayground(ctx);
  for (const name of EXAMPLES) {
    assert.match(await loadExample(page, name), /^Valid: \d+ categor(y|ies), \d+ services?\.$/, name);
    await preview(page).locator(SEL.banner).waitFor({ state: 'visible' });
    const served = await (await page.request.get(ctx.url(`/manifests/${name}`))).text();
    assert.equal(await page.locator('#editor').inputValue(), served, `${name} is in the editor as served`);
  }
  await settle(page);
  assertClean(ctx);
}, { timeout: 120_000 });

it('playground: manifest text is shown as text, in the preview and in the problems', async (ctx) => {
  const { page } = ctx;
  await openPlayground(ctx);
  const before = await page.locator('#preview').getAttribute('data-render');
  const title = '<img src=x onerror=window.__x=1>';
  const description = '</script><script>window.__y=1</script><!--<script> still text';
  const text = (await page.locator('#editor').inputValue())
    .replace(/"banner_title": "[^"]*"/, `"banner_title": ${JSON.stringify(title)}`)
    .replace(/"banner_description": "[^"]*"/, `"banner_description": ${JSON.stringify(description)}`);
  assert.ok(text.includes(title) && text.includes(description));
  await page.locator('#editor').fill(text);
  await waitStatus(page, 'valid');
  await waitNewPreview(page, before, 'the preview of the edited manifest');
  const banner = preview(page).locator(SEL.banner);
  await banner.waitFor({ state: 'visible' });
  const shown = await banner.innerText();
  assert.ok(shown.includes(title), `the title as text: ${shown.slice(0, 200)}`);
  assert.ok(shown.includes(description), 'the description as text, whole');
  const frame = await (await page.locator('#preview').elementHandle()).contentFrame();
  assert.deepEqual(
    await frame.evaluate(() => ({ imgs: document.querySelectorAll('img').length, x: window.__x, y: window.__y })),
    { imgs: 0, x: undefined, y: undefined },
    'no element created from the manifest text',
  );

  // A problem whose path and message carry markup is listed as text.
  const field = '<b id=injected>bold</b>';
  await page.locator('#editor').fill(text.replace('"version": 1,', `"version": 1, ${JSON.stringify(field)}: 1,`));
  await page.locator('#errors .pg-error').first().waitFor({ state: 'visible', timeout: LIVE_MS });
  assert.ok((await page.locator('#errors').innerText()).includes(field), 'the unknown field, as text');
  assert.equal(await page.locator('#injected').count(), 0);
  assert.equal(await page.evaluate(() => window.__x), undefined);
  assertClean(ctx);
});

it('playground: the panel and banner buttons, and focus stays in the editor while typing', async (ctx) => {
  const { page } = ctx;
  await openPlayground(ctx);
  const frame = preview(page);

  await page.locator('#show-panel').click();
  await frame.locator(SEL.panel).waitFor({ state: 'visible' });
  assert.ok(await frame.locator(SEL.toggle('analytics')).count(), 'the panel lists the categories');
  assert.ok(await frame.locator(SEL.banner).isHidden(), 'the panel replaced the banner');

  await page.locator('#show-banner').click();
  await waitPreviewReady(page, 'the preview after "Show banner"');
  await frame.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.ok(await frame.locator(SEL.panel).isHidden());

  // An edit that keeps the manifest valid re-renders the preview without taking the focus.
  const before = await page.locator('#preview').getAttribute('data-render');
  const text = await page.locator('#editor').inputValue();
  const at = text.indexOf('really matters') + 'really'.length;
  assert.ok(at > 'really'.length);
  await typeOver(page, at, 0, ' truly');
  await waitNewPreview(page, before, 'the preview after an edit');
  await frame.locator(SEL.banner, { hasText: 'really truly matters' }).waitFor({ state: 'visible' });
  await settle(page); // nothing takes the focus back after the render
  assert.equal(await page.evaluate(() => document.activeElement.id), 'editor', 'the editor keeps the focus');
  await page.keyboard.type(', yes');
  assert.ok((await page.locator('#editor').inputValue()).includes('really truly, yes matters'), 'keystrokes still go to the editor');

  await settle(page);
  assertClean(ctx);
});

it('playground: the preview leaves the site\'s own consent cookie alone; download saves consent.json', async (ctx) => {
  const { page, context } = ctx;
  // demo.json names the cookie "consentry", and this visitor has a valid consent for it: the
  // preview is still a first visit.
  const value = consentValue({ method: 'a', accepted: DEMO.all });
  await context.addCookies([firstPartyCookie(suite.servers, 'consentry', value)]);
  await openPlayground(ctx);
  await page.locator('#preview').scrollIntoViewIfNeeded();
  await preview(page).locator(SEL.bannerReject).click();
  await preview(page).locator(SEL.banner).waitFor({ state: 'hidden' });
  const own = await cookieNamed(context, 'consentry_playground');
  assert.ok(own && /\.r\./.test(own.value), `the preview's answer is in its own cookie: ${JSON.stringify(own)}`);
  assert.equal((await cookieNamed(context, 'consentry')).value, value, 'the site\'s consent is untouched');

  await page.locator('#show-banner').click();
  await waitPreviewReady(page, 'the preview after "Show banner"');
  await preview(page).locator(SEL.banner).waitFor({ state: 'visible' });
  assert.equal(await cookieNamed(context, 'consentry_playground'), undefined, 'cleared for a new first visit');
  assert.equal((await cookieNamed(context, 'consentry')).value, value);

  await page.locator('#editor').fill((await page.locator('#editor').inputValue()).replace('"revision": 1', '"revision": 7'));
  await waitStatus(page, 'valid');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
  assert.equal(download.suggestedFilename(), 'consent.json');
  const saved = await fs.readFile(await download.path(), 'utf8');
  assert.equal(saved, await page.locator('#editor').inputValue(), 'the editor text, as is');
  assert.ok(saved.includes('"revision": 7'));

  await settle(page);
  assertClean(ctx);
});

it('playground: a warning is listed apart from the problems; the manifest stays valid and previews', async (ctx) => {
  const { page, context } = ctx;
  await openPlayground(ctx);
  await loadExample(page, 'demo.json');
  // Honouring Global Privacy Control with no category marked for it changes nothing (issue 14).
  const text = await page.locator('#editor').inputValue();
  const at = text.indexOf('"gpc": false');
  assert.ok(at > 0, 'demo.json has "gpc": false');
  const before = await page.locator('#preview').getAttribute('data-render');
  await typeOver(page, at + '"gpc": '.length, 'false'.length, 'true');
  const warning = page.locator('#warnings .pg-warning', { hasText: 'signals.gpc' });
  await warning.waitFor({ state: 'visible', timeout: LIVE_MS });
  assert.match(await warning.innerText(), /Global Privacy Control is honoured, but no category is marked "sale_or_sharing" or "tracking"/);
  assert.match(await warning.innerText(), /"tracking": true/, 'the help says what to do');
  assert.match(await waitStatus(page, 'valid', 'the edit to be checked', LIVE_MS), /^Valid: 4 categories, 2 services\. 1 warning\b/);
  assert.equal(await page.locator('#errors .pg-error').count(), 0, 'no problem listed');
  assert.ok(await page.locator('#errors').isHidden());
  assert.equal(await page.locator('#editor').getAttribute('aria-invalid'), 'false');

  // It points at the value, like a problem.
  const [line, column] = (await warning.locator('.pg-where').innerText()).split(':').map(Number);
  await warning.click();
  const edited = await page.locator('#editor').inputValue();
  const caret = await page.evaluate(() => document.getElementById('editor').selectionStart);
  assert.ok(edited.slice(caret).startsWith('true'), `the caret is at the value (${line}:${column})`);

  // The preview runs it, in its own cookie.
  await waitNewPreview(page, before, 'the preview of the edited manifest');
  await preview(page).locator(SEL.bannerReject).click();
  await preview(page).locator(SEL.banner).waitFor({ state: 'hidden' });
  const own = await cookieNamed(context, 'consentry_playground');
  assert.ok(own && /\.rg?\./.test(own.value), `the answer is in the preview's own cookie: ${JSON.stringify(own)}`);
  assert.equal(await cookieNamed(context, 'consentry'), undefined, 'not in the site\'s');

  // Fixed: no warning.
  await typeOver(page, offsetOf(edited, line, column), 'true'.length, 'false');
  await page.locator('#warnings').waitFor({ state: 'hidden', timeout: LIVE_MS });
  assert.match(await waitStatus(page, 'valid', 'the fix to be checked', LIVE_MS), /^Valid: 4 categories, 2 services\.$/);
  await settle(page);
  assertClean(ctx);
});

it('playground: a service added from the catalog is a preset; the preview panel shows what it fills in', async (ctx) => {
  const { page } = ctx;
  await openPlayground(ctx);
  const options = await page.locator('#preset option').allTextContents();
  assert.ok(options.length >= 25, `the catalog is offered: ${options.length} presets`);
  assert.ok(options.includes('ga4: Google Analytics (analytics)'), options.join('\n'));
  const before = await page.locator('#preview').getAttribute('data-render');
  await page.locator('#preset').selectOption('ga4');
  await page.locator('#add-preset').click();
  await waitStatus(page, 'valid', 'the manifest with the preset to be checked');
  const m = JSON.parse(await page.locator('#editor').inputValue());
  assert.deepEqual(m.services.at(-1), { id: 'ga4', category: 'analytics', preset: 'ga4' });
  assert.equal(m.categories.filter((c) => c.id === 'analytics').length, 1, 'the demo already has "analytics": not added twice');
  await waitNewPreview(page, before, 'the preview with the preset');
  await page.locator('#show-panel').click();
  await preview(page).locator(SEL.panel).waitFor({ state: 'visible' });
  const panel = await preview(page).locator(SEL.panel).innerText();
  assert.ok(panel.includes('Google Analytics') && panel.includes('_ga (2 years)'), panel);
  // Added twice, the second gets an id of its own.
  await page.locator('#add-preset').click();
  await waitStatus(page, 'valid', 'the manifest with the second preset');
  const again = JSON.parse(await page.locator('#editor').inputValue());
  assert.equal(again.services.at(-1).id, 'ga4-2');
});
