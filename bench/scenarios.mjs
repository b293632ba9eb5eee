// What the benchmark measures: the scenarios (page, consent manager, cookie and stored state,
// target, what Consentry may fetch), Consentry's and the peers' first and returning visits, and
// which paths are a consent manager's own. bench/README.md describes them.

import { LARGE, PEERS, peerVersion, vccAcceptAllCookie, klaroAcceptAllCookie } from './fixtures.mjs';

/** The files under /consentry/ each path of the loader fetches (the manifest is apart). */
const FILES_GATE = ['consentry.js', 'consentry_gate.wasm'];
const FILES_CHECK = ['consentry.js', 'consentry_check.wasm'];
const FILES_UI = ['consentry.js', 'consentry_ui.js', 'consentry_ui_bg.wasm', 'consentry.css'];

export const DEMO_GATED = { __adLoads: 1, __analyticsRuns: 1, __chatLoads: 1 };

/**
 * What large-panel clicks and waits for after its page view (openPanel): the banner's button that
 * opens the preferences, the panel and its service rows (data-consentry values from src/hooks.rs,
 * the row class from src/ui/service_row.rs), and how many rows make the list complete (the
 * manifest's services).
 */
export const LARGE_PANEL = {
  button: '[data-consentry="banner"] [data-consentry="preferences"]',
  dialog: '[data-consentry="panel"]',
  rows: '[data-consentry="panel"] .cy-service',
  count: LARGE.services,
};

/**
 * Who manages consent in a scenario: `own` (paths; a trailing / makes a prefix) is what counts as
 * its bytes and its code, `banner` its banner, `root` the element its UI lives in, `cookieName`
 * the cookie a returning visit carries.
 * Consentry's returning scenarios also name `seed`, the page whose accept-all state (cookie and
 * compact form, captured at the start of the run by captureReturning) they carry, and `stored`,
 * whether the context's localStorage holds the compact form; `files` lists the only files under
 * /consentry/ the scenario may fetch.
 */
function consentry(manifest) {
  return {
    cm: 'consentry',
    cmName: 'Consentry',
    own: ['/consentry/', manifest],
    manifest,
    banner: '[data-consentry="banner"]',
    root: '#consentry-root, [data-consentry]',
    cookieName: 'consentry',
  };
}

function peer(key) {
  const p = PEERS[key];
  return {
    cm: key,
    cmName: `${p.name} ${peerVersion(key)}`,
    own: [`/bench/${p.dir}/`],
    manifest: null,
    banner: p.banner,
    root: p.root,
    cookieName: p.cookie,
  };
}

/** The first and returning visits of the demo page with a peer in place of Consentry. */
function peerScenarios(key, cookie) {
  const cm = peer(key);
  const page = `/bench/${PEERS[key].page}`;
  return [
    {
      key: `${key}-first`,
      label: `${cm.cmName}, first visit (banner)`,
      path: page,
      ...cm,
      watch: DEMO_GATED,
      target: 'banner',
      expectUi: true,
      blocked: true,
    },
    {
      key: `${key}-returning`,
      label: `${cm.cmName}, returning visit (accepted all)`,
      path: page,
      ...cm,
      watch: DEMO_GATED,
      target: 'gated',
      cookie,
      expectUi: false,
    },
  ];
}

/** The pages whose accept-all state Consentry's returning scenarios carry (see `seed`). */
export const SEEDS = { demo: '/demo.html', large: '/bench/large.html' };

export function scenarios() {
  // The large site's first visit, as measured alone and as the start of `large-panel`.
  const largeFirstVisit = {
    path: '/bench/large.html',
    ...consentry('/bench/large.json'),
    watch: { __n: LARGE.elements },
    target: 'banner',
    files: FILES_UI,
    expectUi: true,
  };
  return [
    {
      key: 'baseline',
      label: 'no consent manager (baseline)',
      path: '/bench/baseline.html',
      cm: null,
      own: [],
      manifest: null,
      banner: null,
      root: null,
      watch: DEMO_GATED,
      target: 'gated',
    },
    {
      key: 'first',
      label: 'first visit (banner)',
      path: '/demo.html',
      ...consentry('/manifests/demo.json'),
      watch: DEMO_GATED,
      target: 'banner',
      files: FILES_UI,
      expectUi: true,
      blocked: true,
    },
    {
      key: 'returning',
      label: 'returning visit (accepted all)',
      path: '/demo.html',
      ...consentry('/manifests/demo.json'),
      watch: DEMO_GATED,
      target: 'gated',
      seed: 'demo',
      stored: true,
      files: FILES_GATE,
      expectUi: false,
    },
    {
      key: 'returning-unstored',
      label: 'returning visit (accepted all), no stored form',
      path: '/demo.html',
      ...consentry('/manifests/demo.json'),
      watch: DEMO_GATED,
      target: 'gated',
      seed: 'demo',
      stored: false,
      files: FILES_CHECK,
      expectUi: false,
      // A variant of `returning`: its own row beside the peers, not Consentry's returning visit.
      variant: 'Consentry, returning visit with no stored form',
    },
    { key: 'large-first', label: `large site, first visit (banner)`, ...largeFirstVisit },
    {
      key: 'large-returning',
      label: `large site, returning (${LARGE.elements} activated)`,
      path: '/bench/large.html',
      ...consentry('/bench/large.json'),
      watch: { __n: LARGE.elements },
      target: 'gated',
      seed: 'large',
      stored: true,
      files: FILES_GATE,
      expectUi: false,
    },
    {
      key: 'large-panel',
      label: 'large site, first visit, preferences panel',
      ...largeFirstVisit,
      // Then, on the loaded page: click Preferences, wait for the whole list.
      panel: LARGE_PANEL,
    },
    ...peerScenarios('vcc', () => vccAcceptAllCookie()),
    ...peerScenarios('klaro', () => klaroAcceptAllCookie()),
  ];
}

/** Whether a path (of a request or a script) belongs to the scenario's consent manager. */
export function isOwn(scenario, p) {
  return scenario.own.some((o) => (o.endsWith('/') ? p.startsWith(o) : p === o));
}
