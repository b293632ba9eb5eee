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
//   www/bench/vcc.html       www/demo.html with vanilla-cookieconsent in place of Consentry, and
//   www/bench/vcc/           its dist files (from node_modules) and config.js, generated from the
//                            demo manifest (same categories, services, texts, gated scripts);
//   www/bench/klaro.html     the same with Klaro,
//   www/bench/klaro/         its dist file and config.js. bench/README.md describes the setups.
//
// `node bench/fixtures.mjs` writes them (only files whose content changed); bench/run.mjs does
// the same before measuring, so the baseline always follows www/demo.html.

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
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
  <script type="module" async src="/consentry/consentry.js" data-manifest="/bench/large.json"></script>
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

/** Edits www/demo.html: `replace` throws when the page no longer has what it looks for. */
function demoEditor() {
  const page = { html: fs.readFileSync(path.join(ROOT, 'www', 'demo.html'), 'utf8') };
  page.replace = (re, by, what) => {
    const next = page.html.replace(re, by);
    if (next === page.html) throw new Error(`bench/fixtures.mjs: www/demo.html changed: cannot find ${what}`);
    page.html = next;
  };
  return page;
}

/** The demo's Consentry tag (and its comment), replaced by `tags` (lines for <head>). */
function replaceConsentryTag(page, tags) {
  page.replace(/[ \t]*<!-- Consentry:[^\n]*-->\n/, '', 'the Consentry comment');
  page.replace(
    /[ \t]*<script type="module"( async)? src="\/consentry\/consentry\.js"[^>]*><\/script>\n/,
    tags.map((t) => `  ${t}\n`).join(''),
    'the Consentry tag',
  );
}

/** www/demo.html without Consentry: every gated thing runs as if there were no consent manager. */
export function baselinePage() {
  const { manifest } = demoIds();
  const page = demoEditor();
  const replace = page.replace;
  replaceConsentryTag(page, []);
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
  const out = page.html.replace(/\(Consentry demo\)<\/title>/, '(no consent manager: benchmark baseline)</title>');
  if (/data-consent=|consentry\.js/.test(out)) throw new Error('bench/fixtures.mjs: the baseline still references Consentry');
  return out;
}

// ---------------------------------------------------------------------------------------------
// The peers: the same demo page with an established consent manager in place of Consentry,
// configured from www/manifests/demo.json (the same categories, services, texts and gated
// scripts), self-hosted from www/bench/<dir>/ (their dist files copied from node_modules).

export const PEERS = {
  vcc: {
    name: 'vanilla-cookieconsent',
    pkg: 'vanilla-cookieconsent',
    dir: 'vcc',
    files: { 'cookieconsent.umd.js': 'dist/cookieconsent.umd.js', 'cookieconsent.css': 'dist/cookieconsent.css' },
    page: 'vcc.html',
    banner: '#cc-main .cm',
    root: '#cc-main',
    cookie: 'cc_cookie',
  },
  klaro: {
    name: 'Klaro',
    pkg: 'klaro',
    dir: 'klaro',
    files: { 'klaro.js': 'dist/klaro.js' },
    page: 'klaro.html',
    banner: '.klaro .cookie-notice',
    root: '#klaro',
    cookie: 'klaro',
  },
};

// The peers are the benchmark's own dependencies (bench/package.json), not the test suite's:
// CI never downloads them. The first benchmark run installs them (npm ci, exact versions).
const PEER_ROOT = path.join(ROOT, 'bench', 'node_modules');
const peerPackage = (key) => path.join(PEER_ROOT, PEERS[key].pkg);

/** Installs bench/package.json's peers unless they are there already. */
export function installPeers() {
  if (Object.keys(PEERS).every((key) => fs.existsSync(path.join(peerPackage(key), 'package.json')))) return;
  console.log('bench: installing the peers (npm ci in bench/)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: path.join(ROOT, 'bench'), stdio: 'inherit' });
}

/** The installed version of a peer. */
export function peerVersion(key) {
  try {
    return JSON.parse(fs.readFileSync(path.join(peerPackage(key), 'package.json'), 'utf8')).version;
  } catch {
    throw new Error(`bench/fixtures.mjs: bench/node_modules/${PEERS[key].pkg} is missing; run npm ci in bench/`);
  }
}

/** Where a data-consent id of the demo belongs: { category, service } (service null for a category). */
function consentTarget(manifest, id) {
  const service = manifest.services.find((s) => s.id === id);
  if (service) return { category: service.category, service: service.id };
  if (manifest.categories.some((c) => c.id === id)) return { category: id, service: null };
  throw new Error(`bench/fixtures.mjs: www/demo.html gates on "${id}", which www/manifests/demo.json does not declare`);
}

/** Rewrites the demo's gated `<script type="text/plain" data-consent="id"` tags with attrs(target). */
function regate(page, manifest, attrs) {
  page.replace(
    /<script type="text\/plain" data-consent="([^"]*)"/g,
    (_, id) => `<script type="text/plain" ${attrs(consentTarget(manifest, id))}`,
    'the gated scripts',
  );
}

/** The scripts the manifest declares for services: [{ service, src, async }]. */
const declaredScripts = (manifest) => manifest.services.flatMap((s) => (s.scripts || []).map((sc) => ({ service: s.id, src: sc.src, async: !!sc.async })));

/**
 * JavaScript source for a value: JSON, except that { $js: 'source' } is written as that source
 * (functions and regular expressions).
 */
function jsSource(value) {
  const raw = [];
  const json = JSON.stringify(
    value,
    (k, v) => {
      if (v && typeof v === 'object' && typeof v.$js === 'string') {
        raw.push(v.$js);
        return `\u0000${raw.length - 1}\u0000`;
      }
      return v;
    },
    2,
  );
  return json.replace(/"\\u0000(\d+)\\u0000"/g, (_, i) => raw[Number(i)]);
}

/** A manifest cookie pattern ("chat-id-*") as a regular expression's source. */
const cookieRegex = (pattern) => `/^${pattern.replace(/[.+?^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*')}$/`;

/** The demo page with `key`'s tags in place of Consentry's, and `regate` applied to the gated scripts. */
function peerPage(key, tags, attrs, openLink) {
  const peer = PEERS[key];
  const { manifest } = demoIds();
  const page = demoEditor();
  replaceConsentryTag(page, tags);
  regate(page, manifest, attrs);
  page.replace(/data-consentry-open/g, openLink, 'the cookie settings links');
  page.replace(/\(Consentry demo\)<\/title>/, `(${peer.name} ${peerVersion(key)}: benchmark peer)</title>`, 'the title');
  if (/data-consent=|consentry\.js/.test(page.html)) throw new Error(`bench/fixtures.mjs: the ${peer.name} page still references Consentry`);
  return page.html;
}

const GENERATED = (what) =>
  `// Generated by bench/fixtures.mjs from www/manifests/demo.json: ${what}\n// configured like Consentry's demo (same categories, services, texts and gated scripts).\n`;

// vanilla-cookieconsent 3: gating by category (data-category, data-service), the chat widget
// loaded by the service's onAccept with the library's loadScript.

/** vanilla-cookieconsent's categories: { id: { enabled?, readOnly?, services? } }. */
function vccCategories(manifest) {
  const out = {};
  for (const c of manifest.categories) {
    const services = {};
    for (const s of manifest.services.filter((s) => s.category === c.id)) {
      const scripts = declaredScripts(manifest).filter((d) => d.service === s.id);
      services[s.id] = {
        label: s.title,
        ...(scripts.length
          ? {
              onAccept: {
                $js: `function () { ${scripts.map((d) => `CookieConsent.loadScript(${JSON.stringify(d.src)}${d.async ? ", { async: '' }" : ''});`).join(' ')} }`,
              },
            }
          : {}),
        ...(s.cookies && s.cookies.length ? { cookies: s.cookies.map((p) => ({ name: p.includes('*') ? { $js: cookieRegex(p) } : p })) } : {}),
      };
    }
    out[c.id] = {
      ...(c.required ? { enabled: true, readOnly: true } : {}),
      ...(Object.keys(services).length ? { services } : {}),
    };
  }
  return out;
}

export function vccConfig() {
  const { manifest } = demoIds();
  const texts = manifest.texts[manifest.languages.default];
  const policy = `<a href="${manifest.site.policy_url}">Privacy policy</a>`;
  const config = {
    revision: manifest.revision,
    // Playwright's Chromium reports navigator.webdriver, which would make the library stay out
    // of the way (its default hideFromBots: true); a visitor's browser does not.
    hideFromBots: false,
    cookie: { name: PEERS.vcc.cookie, expiresAfterDays: manifest.cookie.max_age_days, sameSite: 'Lax' },
    guiOptions: {
      consentModal: { layout: manifest.ui.layout === 'bar' ? 'bar' : 'box', position: 'bottom' },
      preferencesModal: { layout: 'box' },
    },
    categories: vccCategories(manifest),
    language: {
      default: manifest.languages.default,
      translations: {
        [manifest.languages.default]: {
          consentModal: {
            title: texts.banner_title,
            description: texts.banner_description,
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            showPreferencesBtn: 'Preferences',
            footer: policy,
          },
          preferencesModal: {
            title: 'Cookie preferences',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            savePreferencesBtn: 'Save my choices',
            closeIconLabel: 'Close',
            sections: manifest.categories.map((c) => ({ title: c.title, description: c.description, linkedCategory: c.id })),
          },
        },
      },
    },
  };
  return `${GENERATED('vanilla-cookieconsent')}CookieConsent.run(${jsSource(config)});\n`;
}

export function vccPage() {
  const dir = `/bench/${PEERS.vcc.dir}`;
  return peerPage(
    'vcc',
    [
      `<!-- vanilla-cookieconsent ${peerVersion('vcc')}, self-hosted, set up as its documentation shows: the CSS, the library, its configuration. -->`,
      `<link rel="stylesheet" href="${dir}/cookieconsent.css">`,
      `<script defer src="${dir}/cookieconsent.umd.js"></script>`,
      `<script defer src="${dir}/config.js"></script>`,
    ],
    ({ category, service }) => `data-category="${category}"${service ? ` data-service="${service}"` : ''}`,
    'data-cc="show-preferencesModal"',
  );
}

/** A valid accept-all cc_cookie value: the JSON the library writes (URI-encoded), every category and service. */
export function vccAcceptAllCookie(now = new Date()) {
  const { manifest } = demoIds();
  const categories = vccCategories(manifest);
  const value = {
    categories: Object.keys(categories),
    revision: manifest.revision,
    data: null,
    consentTimestamp: now.toISOString(),
    consentId: crypto.randomUUID(),
    services: Object.fromEntries(Object.entries(categories).map(([id, c]) => [id, Object.keys(c.services || {})])),
    languageCode: manifest.languages.default,
    lastConsentTimestamp: now.toISOString(),
    expirationTime: now.getTime() + manifest.cookie.max_age_days * 86_400_000,
  };
  return encodeURIComponent(JSON.stringify(value));
}

// Klaro 0.7: gating by service (data-name); a category the page gates directly that has not
// exactly one service becomes a service of its own (the demo's inline analytics snippet).

/** Klaro's services: [{ name, title, description, purposes, cookies?, scripts }]. */
function klaroServices(manifest) {
  const out = [];
  for (const c of manifest.categories) {
    const own = manifest.services.filter((s) => s.category === c.id);
    if (!c.required && own.length !== 1) out.push({ name: c.id, title: c.title, description: c.description, purposes: [c.id], scripts: [] });
    for (const s of own) {
      out.push({
        name: s.id,
        title: s.title,
        description: s.description,
        purposes: [c.id],
        ...(c.required ? { required: true } : {}),
        ...(s.cookies && s.cookies.length ? { cookies: s.cookies.map((p) => (p.includes('*') ? cookieRegex(p).slice(1, -1) : p)) } : {}),
        scripts: declaredScripts(manifest).filter((d) => d.service === s.id),
      });
    }
  }
  return out;
}

/** The Klaro service that a data-consent target runs under. */
function klaroServiceFor(manifest, { category, service }) {
  if (service) return service;
  const own = manifest.services.filter((s) => s.category === category);
  return own.length === 1 ? own[0].id : category;
}

export function klaroConfig() {
  const { manifest } = demoIds();
  const lang = manifest.languages.default;
  const texts = manifest.texts[lang];
  const services = klaroServices(manifest);
  const config = {
    elementID: 'klaro',
    storageMethod: 'cookie',
    storageName: PEERS.klaro.cookie,
    cookieExpiresAfterDays: manifest.cookie.max_age_days,
    default: false,
    mustConsent: false,
    acceptAll: true,
    hideDeclineAll: false,
    hideLearnMore: false,
    noticeAsModal: false,
    showNoticeTitle: true,
    lang,
    styling: { theme: ['light', 'bottom', 'wide'] },
    translations: {
      zz: { privacyPolicyUrl: manifest.site.policy_url },
      [lang]: {
        consentNotice: { title: texts.banner_title, description: texts.banner_description },
        ok: 'Accept all',
        decline: 'Reject all',
        purposes: Object.fromEntries(
          manifest.categories.filter((c) => services.some((s) => s.purposes.includes(c.id))).map((c) => [c.id, { title: c.title, description: c.description }]),
        ),
        ...Object.fromEntries(services.map((s) => [s.name, { title: s.title, description: s.description }])),
      },
    },
    services: services.map(({ scripts, title, description, ...s }) => ({
      ...s,
      title,
      ...(scripts.length
        ? {
            // Klaro calls onAccept each time it applies a consent: load once.
            onAccept: {
              $js: `function () { ${scripts.map((d) => `load(${JSON.stringify(d.src)}, ${d.async});`).join(' ')} }`,
            },
          }
        : {}),
    })),
  };
  return `${GENERATED('Klaro')}(function () {
  function load(src, async) {
    if (document.querySelector('script[src="' + src + '"]')) return;
    var s = document.createElement('script');
    s.src = src;
    s.async = async;
    document.head.appendChild(s);
  }
  window.klaroConfig = ${jsSource(config).replace(/\n/g, '\n  ')};
})();
`;
}

export function klaroPage() {
  const { manifest } = demoIds();
  const dir = `/bench/${PEERS.klaro.dir}`;
  return peerPage(
    'klaro',
    [
      `<!-- Klaro ${peerVersion('klaro')}, self-hosted, set up as its documentation shows: the configuration, then the library (klaro.js: styles and translations included). -->`,
      `<script defer src="${dir}/config.js"></script>`,
      `<script defer src="${dir}/klaro.js"></script>`,
    ],
    (target) => `data-type="text/javascript" data-name="${klaroServiceFor(manifest, target)}"`,
    'onclick="return klaro.show()"',
  );
}

/** A valid accept-all klaro cookie value: the JSON of service → true that Klaro writes, URI-encoded. */
export function klaroAcceptAllCookie() {
  const { manifest } = demoIds();
  return encodeURIComponent(JSON.stringify(Object.fromEntries(klaroServices(manifest).map((s) => [s.name, true]))));
}

/** The peers' files under www/bench/: { 'vcc/config.js': text, … }. */
function peerFiles() {
  const out = {
    [PEERS.vcc.page]: vccPage(),
    [`${PEERS.vcc.dir}/config.js`]: vccConfig(),
    [PEERS.klaro.page]: klaroPage(),
    [`${PEERS.klaro.dir}/config.js`]: klaroConfig(),
  };
  for (const key of Object.keys(PEERS)) {
    for (const [name, from] of Object.entries(PEERS[key].files)) {
      out[`${PEERS[key].dir}/${name}`] = fs.readFileSync(path.join(peerPackage(key), from), 'utf8');
    }
  }
  return out;
}

function writeIfChanged(file, content) {
  const full = path.join(OUT, file);
  let old = null;
  try {
    old = fs.readFileSync(full, 'utf8');
  } catch {}
  if (old === content) return false;
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  return true;
}

/** Writes the fixtures; returns the names of the files that changed. */
export function writeFixtures() {
  installPeers();
  const changed = [];
  const files = {
    'baseline.html': baselinePage(),
    'large.json': JSON.stringify(largeManifest(), null, 2) + '\n',
    'large.html': largePage(),
    ...peerFiles(),
  };
  for (const [name, content] of Object.entries(files)) if (writeIfChanged(name, content)) changed.push(name);
  return changed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const changed = writeFixtures();
  console.log(changed.length ? `wrote www/bench/${changed.join(', www/bench/')}` : 'www/bench/ is up to date');
}
