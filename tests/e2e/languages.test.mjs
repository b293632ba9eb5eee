// The visitor's language (issue 15): the page's own (data-lang on the tag, else <html lang>)
// first, then the browser's, then the manifest's default; a region falls back to its language.
// The banner, the panel and every placeholder say which (lang) and which way it runs (dir).
// The judges: the texts shown and the attributes set, in Chromium with a given browser locale.

import assert from 'node:assert/strict';
import { useSuite, contextTest, SEL, waitVisible, page as testPage } from './helpers.mjs';

const suite = useSuite();
const it = contextTest(suite);

const manifest = {
  version: 1,
  revision: 1,
  site: { name: 'Boutique' },
  languages: { default: 'en', available: ['en', 'fr'] },
  categories: [
    { id: 'necessary', required: true, title: { en: 'Necessary', fr: 'Nécessaires' } },
    { id: 'media', title: { en: 'Videos', fr: 'Vidéos' } },
  ],
  services: [{ id: 'video', category: 'media', title: { en: 'Talks', fr: 'Conférences' }, provider: 'TubeCast' }],
};

/** A page in `lang` (none if null), the tag with `dataLang` if given; returns its path. */
function pageIn(name, lang, dataLang) {
  const manifestPath = suite.temp.write('languages.json', manifest);
  let html = testPage({
    manifestPath,
    body: '<iframe data-consent="video" data-src="http://127.0.0.2:8080/video/embed.html?v=x" width="320" height="180" title="Talk"></iframe>',
  });
  html = html.replace('<html lang="en">', lang ? `<html lang="${lang}">` : '<html>');
  if (dataLang) html = html.replace('data-manifest=', `data-lang="${dataLang}" data-manifest=`);
  return suite.temp.write(`${name}.html`, html);
}

/** The banner's language as shown: its accept button's text, and the lang and dir around it. */
async function banner(page) {
  await waitVisible(page, SEL.banner);
  return page.evaluate((sel) => {
    const b = document.querySelector(sel);
    const scope = b.closest('[lang]');
    return { accept: b.querySelector('[data-consentry="accept-all"]').textContent.trim(), lang: scope && scope.lang, dir: scope && scope.dir };
  }, SEL.banner);
}

const FRENCH = { accept: 'Tout accepter', lang: 'fr', dir: 'ltr' };
const ENGLISH = { accept: 'Accept all', lang: 'en', dir: 'ltr' };

it('languages: a French page in an English browser gets the French banner, and says so', async (ctx) => {
  await ctx.page.goto(ctx.url(pageIn('fr-page', 'fr')));
  assert.deepEqual(await banner(ctx.page), FRENCH);
  const ph = ctx.page.locator('[data-consentry="placeholder"]');
  assert.deepEqual(await ph.evaluate((e) => [e.lang, e.dir]), ['fr', 'ltr']);
  assert.match(await ph.innerText(), /Conférences/);
}, { locale: 'en-US' });

it('languages: an English page in a French browser gets the English banner', async (ctx) => {
  await ctx.page.goto(ctx.url(pageIn('en-page', 'en')));
  assert.deepEqual(await banner(ctx.page), ENGLISH);
}, { locale: 'fr-FR' });

it('languages: data-lang on the tag comes before <html lang>; a region falls back to its language', async (ctx) => {
  await ctx.page.goto(ctx.url(pageIn('data-lang', 'en', 'fr-CA')));
  assert.deepEqual(await banner(ctx.page), FRENCH);
}, { locale: 'en-US' });

it('languages: a page that says none follows the browser; one the manifest lacks, the browser then the default', async (ctx) => {
  await ctx.page.goto(ctx.url(pageIn('no-lang', null)));
  assert.deepEqual(await banner(ctx.page), FRENCH);
  await ctx.context.clearCookies();
  await ctx.page.goto(ctx.url(pageIn('de-page', 'de-AT')));
  assert.deepEqual(await banner(ctx.page), FRENCH, 'German is not offered: the browser\'s French');
}, { locale: 'fr-FR' });
