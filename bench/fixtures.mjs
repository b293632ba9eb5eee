// Fixture pages for the benchmark, generated deterministically into www/bench/:
//
//   www/bench/baseline.html  www/demo.html with no consent manager: the Consentry tag removed,
//                            the gated scripts un-gated (the ad tag as a plain script, the inline
//                            analytics snippet as a plain inline script) and the chat widget that
//                            the manifest declares added as an async script.
//   www/bench/large.json     a manifest with 300 services in 10 categories (valid per
//                            `cargo run -- validate`; ids are short so the cookie stays small).
//   www/bench/large.html     a page with 500 gated inline snippets spread over the services, each
//                            incrementing window.__n.
//
// `node bench/fixtures.mjs` writes them (only files whose content changed); bench/run.mjs does
// the same before measuring, so the baseline always follows www/demo.html.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = path.join(ROOT, 'www', 'bench');

export const LARGE = { services: 300, elements: 500, revision: 1 };
/** Categories of the large manifest; the first one is required. */
export const LARGE_CATEGORIES = [
  'necessary',
  'analytics',
  'ads',
  'marketing',
  'social',
  'video',
  'support',
  'personal',
  'functional',
  'security',
];
export const largeServiceId = (i) => `s${i}`;
/** Every id of the large manifest: categories, then services. */
export const largeIds = () => [...LARGE_CATEGORIES, ...Array.from({ length: LARGE.services }, (_, i) => largeServiceId(i))];

/** The ids of the demo manifest (www/manifests/demo.json), for an accept-all cookie. */
export function demoIds() {
  const m = JSON.parse(fs.readFileSync(path.join(ROOT, 'www', 'manifests', 'demo.json'), 'utf8'));
  return { revision: m.revision, ids: [...m.categories.map((c) => c.id), ...m.services.map((s) => s.id)], manifest: m };
}

// A small deterministic PRNG (mulberry32), so the fixtures never change between runs.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'measure audience reach campaign conversion visitor session device browser region language ' +
  'recommend content personalise improve deliver advertising partners profile interest segment ' +
  'frequency cap fraud detection attribution performance video player embed social sharing ' +
  'comments chat support ticket survey feedback heatmap recording experiment variant newsletter ' +
  'signup checkout payment shipping security bot protection load balancing preferences storage'
).split(' ');
const VENDORS = (
  'Acme Bright Cobalt Delta Ember Fjord Granite Harbor Indigo Juniper Kestrel Lumen Meridian ' +
  'Nimbus Orbit Pioneer Quartz Ridge Summit Tidal Umber Vertex Willow Xenon Yarrow Zephyr'
).split(' ');
const KINDS = 'Analytics Ads Metrics Insights Media Pixel Tag Widget Chat Video Social Labs Cloud'.split(' ');

function sentence(r, n) {
  const w = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]);
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  return w.join(' ') + '.';
}

export function largeManifest() {
  const r = rng(20240531);
  const categories = LARGE_CATEGORIES.map((id, i) => ({
    id,
    ...(i === 0 ? { required: true } : {}),
    title: id[0].toUpperCase() + id.slice(1),
    description: `${sentence(r, 14)} ${sentence(r, 12)}`,
  }));
  const services = Array.from({ length: LARGE.services }, (_, i) => {
    const vendor = `${VENDORS[i % VENDORS.length]} ${KINDS[Math.floor(r() * KINDS.length)]} ${i}`;
    const slug = vendor.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return {
      id: largeServiceId(i),
      // Services spread over every category but the required one (a few are necessary too).
      category: i % 25 === 0 ? 'necessary' : LARGE_CATEGORIES[1 + (i % (LARGE_CATEGORIES.length - 1))],
      title: vendor,
      description: `${sentence(r, 10 + Math.floor(r() * 10))} ${sentence(r, 8 + Math.floor(r() * 8))}`,
      provider: `${vendor} Ltd. (fictional)`,
      policy_url: `https://${slug}.example/privacy`,
      cookies: [`_${slug.slice(0, 6).replace(/-/g, '')}_${i}`, `${slug.slice(0, 4).replace(/-/g, '')}-*`],
    };
  });
  return {
    version: 1,
    revision: LARGE.revision,
    site: { name: 'Large site (Consentry benchmark)', policy_url: 'https://large.example/privacy' },
    cookie: { name: 'consentry', max_age_days: 182, domain: null, same_site: 'lax' },
    languages: { default: 'en', available: ['en'] },
    signals: { gpc: false, dnt: false },
    categories,
    services,
    texts: {
      en: {
        banner_title: 'We care about your privacy',
        banner_description:
          'This large benchmark site works with 300 partners. Accept all, reject all, or choose in the preferences.',
      },
    },
    ui: { layout: 'bar', theme: 'auto' },
  };
}

export function largePage() {
  const r = rng(7);
  const parts = [];
  const perBlock = 10;
  for (let i = 0; i < LARGE.elements; i++) {
    if (i % perBlock === 0) {
      const n = i / perBlock + 1;
      parts.push(`  <section>\n    <h2>Section ${n}</h2>\n    <p>${sentence(r, 40)} ${sentence(r, 30)}</p>`);
    }
    const id = largeServiceId(i % LARGE.services);
    parts.push(`    <script type="text/plain" data-consent="${id}">window.__n=(window.__n||0)+1</script>`);
    if (i % perBlock === perBlock - 1) parts.push('  </section>');
  }
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Large site: 300 services, 500 gated elements (Consentry benchmark)</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/site.css">
  <script type="module" src="/consentry/consentry.js" data-manifest="/bench/large.json"></script>
</head>
<body>
  <main id="content" class="wrap">
  <h1>A large site</h1>
  <p>Generated by bench/fixtures.mjs: ${LARGE.elements} gated inline snippets over ${LARGE.services} services. <a href="#" data-consentry-open>Cookie settings</a></p>
${parts.join('\n')}
  </main>
</body>
</html>
`;
}

/** www/demo.html without Consentry: every gated thing runs as if there were no consent manager. */
export function baselinePage() {
  const html = fs.readFileSync(path.join(ROOT, 'www', 'demo.html'), 'utf8');
  const { manifest } = demoIds();
  let out = html;
  const replace = (re, by, what) => {
    const next = out.replace(re, by);
    if (next === out) throw new Error(`bench/fixtures.mjs: www/demo.html changed: cannot find ${what}`);
    out = next;
  };
  replace(/[ \t]*<!-- Consentry:[^\n]*-->\n/, '', 'the Consentry comment');
  replace(/[ \t]*<script type="module" src="\/consentry\/consentry\.js"[^>]*><\/script>\n/, '', 'the Consentry tag');
  // <script type="text/plain" data-consent="x" data-src="URL"> -> <script src="URL">
  replace(/<script type="text\/plain" data-consent="[^"]*" data-src="([^"]*)"><\/script>/g, '<script src="$1"></script>', 'the gated ad tag');
  // <script type="text/plain" data-consent="x">inline</script> -> <script>inline</script>
  replace(/<script type="text\/plain" data-consent="[^"]*">/g, '<script>', 'the gated inline snippet');
  // Scripts the manifest declares for services: added as the gate would inject them.
  const declared = manifest.services.flatMap((s) => (s.scripts || []).map((sc) => ({ ...sc, id: s.id })));
  const tags = declared
    .map((sc) => `  <script${sc.async ? ' async' : ''} src="${sc.src}"></script>`)
    .join('\n');
  replace(/<\/body>/, `  <!-- Declared by services in the manifest; here loaded unconditionally. -->\n${tags}\n</body>`, '</body>');
  out = out.replace(/\(Consentry demo\)<\/title>/, '(no consent manager: benchmark baseline)</title>');
  if (/data-consent=|consentry\.js/.test(out)) throw new Error('bench/fixtures.mjs: the baseline still references Consentry');
  return out;
}

function writeIfChanged(file, content) {
  const full = path.join(OUT, file);
  let old = null;
  try {
    old = fs.readFileSync(full, 'utf8');
  } catch {}
  if (old === content) return false;
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(full, content);
  return true;
}

/** Writes the fixtures; returns the names of the files that changed. */
export function writeFixtures() {
  const changed = [];
  const files = {
    'baseline.html': baselinePage(),
    'large.json': JSON.stringify(largeManifest(), null, 2) + '\n',
    'large.html': largePage(),
  };
  for (const [name, content] of Object.entries(files)) if (writeIfChanged(name, content)) changed.push(name);
  return changed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const changed = writeFixtures();
  console.log(changed.length ? `wrote www/bench/${changed.join(', www/bench/')}` : 'www/bench/ is up to date');
}
