#!/usr/bin/env node
// Consentry benchmark: the demo in headless Chromium on loopback, against the same page with no
// consent manager and with two established consent managers in its place (vanilla-cookieconsent
// and Klaro, configured like the demo), measured in the same run. Not part of the test suite.
// bench/README.md describes the scenarios and how the peers are set up.
//
//   node bench/run.mjs [--runs 7] [--no-trace] [--profile] [--only baseline,first,returning,…]
//                      [--json FILE] [--trace-dir DIR]
//
// Regenerates the fixtures in www/bench/ (bench/fixtures.mjs), copies pkg/ once it is complete
// (so a rebuild during the run cannot mix two builds) and serves that copy with
// scripts/serve.mjs (port 0: the site on 127.0.0.1, the third parties on 127.0.0.2). For each
// scenario it runs N fresh browser contexts, after one discarded warm-up round:
//   cold  the first navigation of a new context (empty HTTP cache, new renderer process);
//   warm  the same context's second navigation to the same URL. The server sends
//         Cache-Control: no-cache with ETags, so "warm" means every file is revalidated (304,
//         headers only on the wire) — not served from cache without a request.
// Scenarios, interleaved in every run so that drift affects them alike:
//   baseline         www/bench/baseline.html: the demo with no consent manager, everything it gates un-gated;
//   first            www/demo.html, no consent cookie: the banner shows;
//   returning        www/demo.html with an accept-all consent cookie and the manifest's compact
//                    form in localStorage ("consentry:manifest"), as Consentry leaves them after
//                    a choice: the small gate (consentry_gate.wasm) loads, the gated scripts run,
//                    no UI;
//   returning-unstored  the same with the cookie only (no stored compact form: storage cleared,
//                    or the manifest edited since): the checking gate (consentry_check.wasm)
//                    reads the JSON manifest. The loader stores the compact form on that view;
//                    the benchmark removes it again before the warm view, so both views measure
//                    this path;
//   large-first      www/bench/large.html (300 services, 500 gated snippets), no cookie;
//   large-returning  the same with an accept-all cookie and the stored compact form: all 500
//                    snippets run;
//   large-panel      www/bench/large.html, no cookie, as large-first; once the banner is visible,
//                    the page has loaded and the network is idle, the benchmark clicks the
//                    banner's Preferences button (Playwright's page.click: real mouse input) and
//                    waits until the panel is visible and lists all 300 services;
//   vcc-first        www/bench/vcc.html: the demo with vanilla-cookieconsent 3 in place of
//                    Consentry, gating the same scripts, no cookie: its banner shows;
//   vcc-returning    the same with an accept-all cc_cookie: the gated scripts run, no banner;
//   klaro-first      www/bench/klaro.html: the same with Klaro 0.7, no cookie: its notice shows;
//   klaro-returning  the same with an accept-all klaro cookie: the gated scripts run, no notice.
// Measured per navigation:
//   bytes        CDP Network.loadingFinished encodedDataLength (compressed body + response headers),
//                split into the consent manager's own (Consentry: /consentry/* and the manifest; a
//                peer: its library, CSS and configuration under /bench/<peer>/) and the rest;
//   FCP          the paint timing entry;
//   banner       performance.now() in the first animation frame where the banner
//                ([data-consentry="banner"], vanilla-cookieconsent's #cc-main .cm, Klaro's
//                .klaro .cookie-notice) is in the viewport with a box and is neither transparent
//                nor hidden (a MutationObserver sees it inserted, rAF checks it);
//   panel        (large-panel, after the page view's other measurements were read) the click's
//                Event.timeStamp (when the browser took the input); the first animation frame where
//                the panel ([data-consentry="panel"]) is visible, checked as the banner is; the
//                MutationObserver callback after the task that brought the panel's service rows
//                ([data-consentry="panel"] .cy-service) to the manifest's count (the panel adds them
//                20 per task); and the longest 'longtask' entry overlapping the click → all rows
//                span. Reported as ms from the click;
//   gated        performance.now() in setters on window.__adLoads / __analyticsRuns / __chatLoads
//                (demo) and window.__n (large site), installed by an init script: first and all;
//   long tasks   PerformanceObserver 'longtask' from the init script: count and total blocking time
//                (sum of duration - 50 ms) from navigation start until the network is quiet;
//   CLS          sum of all 'layout-shift' entries (read from the buffer at the end). Nothing in the
//                benchmark is user input, so hadRecentInput is not used to exclude entries (it
//                would wrongly be set by DevTools evaluations, which carry a user gesture); the
//                page signals completion through console.debug, so nothing is evaluated in it
//                while it loads.
// A second pass (skip with --no-trace) traces each scenario once per run (Chromium tracing with
// the V8 sampler): the longest main-thread task, also under 50 ms, which 'longtask' cannot see,
// and the longest task in which the consent manager's code ran; for large-panel, among the tasks
// from the click to the complete list only (performance.mark from the init script at both ends).
// --profile adds a pass with the V8 sampling profiler alone: main-thread time by script file (for
// large-panel, the page view and the panel together).
// The report warns when a scenario measured nothing: a target not reached, a banner on a returning
// visit or none on a first one, a gated script or a third-party request before consent.
// Consentry's returning visits carry what Consentry itself wrote: before the warm-up, the
// benchmark opens each Consentry page (demo, large) once in a context of its own, calls
// window.consentry.acceptAll(), waits for localStorage["consentry:manifest"] and reads it and the
// consent cookie. Each returning run's fresh context gets that cookie (context.addCookies, like
// the peers' cookies) and, where the scenario stores it, the compact form (Playwright's
// storageState, which writes the origin's localStorage before the context's first page opens).
// The report also warns when a Consentry scenario fetches other files from /consentry/ than its
// path should (returning: consentry.js and consentry_gate.wasm; returning-unstored: consentry.js
// and consentry_check.wasm; first: consentry.js and the UI), or when a returning visit fetches
// the UI.
// Times are from navigation start. Absolute times move a lot on a shared machine (the report
// warns when the load average says so); compare within one run.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startServers } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, launchChromium } from '../scripts/chromium.mjs';
import { ROOT, writeFixtures, installPeers, LARGE, PEERS, peerVersion, vccAcceptAllCookie, klaroAcceptAllCookie } from './fixtures.mjs';

const VIEWPORT = { width: 1280, height: 800 };
/** Longest wait for one navigation to reach its target. */
const NAV_TIMEOUT = 20_000;
/** The network must be idle this long before a navigation's measurement is closed. */
const QUIET_MS = 500;
const PKG_FILES = [
  'consentry.js',
  'consentry_gate.wasm',
  'consentry_check.wasm',
  'consentry_ui.js',
  'consentry_ui_bg.wasm',
  'consentry.css',
];
/** Where the loader keeps the manifest's compact form (cookie name + ":manifest"). */
const STORE_KEY = 'consentry:manifest';
/** A compact form as the loader stores it: "c1." + 16 hex digits + "." + … */
const COMPACT_FORM = /^c1\.[0-9a-f]{16}\./;
/** The files under /consentry/ each path of the loader fetches (the manifest is apart). */
const FILES_GATE = ['consentry.js', 'consentry_gate.wasm'];
const FILES_CHECK = ['consentry.js', 'consentry_check.wasm'];
const FILES_UI = ['consentry.js', 'consentry_ui.js', 'consentry_ui_bg.wasm', 'consentry.css'];
const TRACE_CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8',
  'v8.execute',
  'v8.wasm',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
];

// ---------------------------------------------------------------------------------------------
// Command line

function usage(code) {
  const text =
    'usage: node bench/run.mjs [--runs N] [--no-trace] [--profile] [--only a,b,…] [--json FILE] [--trace-dir DIR]\n' +
    '  --runs N     runs per scenario (default 7; medians need at least 7)\n' +
    '  --no-trace   skip the traced pass (longest main-thread task)\n' +
    '  --profile    add a pass with the V8 sampling profiler: main-thread time by script file\n' +
    '  --only LIST  scenarios: baseline, first, returning, returning-unstored, large-first,\n' +
    '               large-returning, large-panel, vcc-first, vcc-returning, klaro-first,\n' +
    '               klaro-returning\n' +
    '  --json FILE  also write every raw measurement to FILE\n' +
    '  --trace-dir DIR  keep the traces of the traced pass in DIR (open them in DevTools > Performance)';
  (code ? console.error : console.log)(text);
  process.exit(code);
}

function parseArgs(argv) {
  const o = { runs: 7, trace: true, profile: false, only: null, json: null, traceDir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq !== -1) return a.slice(eq + 1);
      if (i + 1 >= argv.length) usage(2);
      return argv[++i];
    };
    if (a === '--runs' || a.startsWith('--runs=')) o.runs = Number(value());
    else if (a === '--no-trace') o.trace = false;
    else if (a === '--profile') o.profile = true;
    else if (a === '--only' || a.startsWith('--only=')) o.only = value().split(',').filter(Boolean);
    else if (a === '--json' || a.startsWith('--json=')) o.json = value();
    else if (a === '--trace-dir' || a.startsWith('--trace-dir=')) o.traceDir = value();
    else if (a === '--help' || a === '-h') usage(0);
    else {
      console.error(`bench/run.mjs: unknown argument ${a}`);
      usage(2);
    }
  }
  if (!Number.isInteger(o.runs) || o.runs < 1 || o.runs > 100) {
    console.error('bench/run.mjs: --runs takes a whole number from 1 to 100');
    usage(2);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const DEMO_GATED = { __adLoads: 1, __analyticsRuns: 1, __chatLoads: 1 };

/**
 * What large-panel clicks and waits for after its page view (openPanel): the banner's button that
 * opens the preferences, the panel and its service rows (data-consentry values from src/hooks.rs,
 * the row class from src/ui/service_row.rs), and how many rows make the list complete (the
 * manifest's services).
 */
const LARGE_PANEL = {
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
const SEEDS = { demo: '/demo.html', large: '/bench/large.html' };

function scenarios() {
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
function isOwn(scenario, p) {
  return scenario.own.some((o) => (o.endsWith('/') ? p.startsWith(o) : p === o));
}

// ---------------------------------------------------------------------------------------------
// In the page: runs before any of the page's scripts, in every navigation of the context.

function initScript(spec) {
  return `(() => {
  const spec = ${JSON.stringify(spec)};
  const now = () => performance.now();
  const b = (window.__bench = { spec, gated: {}, longtasks: [], bannerInsertedAt: null, bannerAt: null, readyAt: null, panel: null });
  let signalled = false;
  const resolve = () => {
    if (signalled) return;
    signalled = true;
    console.debug('__bench:done');
  };
  const targetMet = () =>
    spec.target === 'banner'
      ? b.bannerAt !== null
      : Object.keys(spec.watch).every((k) => b.gated[k] && b.gated[k].doneAt !== undefined);
  const check = () => {
    if (targetMet() && document.readyState === 'complete') resolve();
  };
  window.addEventListener('load', () => setTimeout(check, 0));

  // The gated scripts announce themselves by setting globals: record when.
  for (const [name, expect] of Object.entries(spec.watch)) {
    let value;
    Object.defineProperty(window, name, {
      configurable: true,
      enumerable: true,
      get: () => value,
      set: (x) => {
        const t = now();
        value = x;
        const g = (b.gated[name] ||= { first: t, sets: 0 });
        g.sets++;
        g.last = t;
        if (g.doneAt === undefined && Number(x) >= expect) {
          g.doneAt = t;
          check();
        }
      },
    });
  }

  document.addEventListener('consentry:ready', () => { if (b.readyAt === null) b.readyAt = now(); });

  // The banner (and large-panel's panel): seen inserted by a MutationObserver, then checked in
  // animation frames until it has a box in the viewport and is neither transparent nor hidden.
  // It is looked up again in each frame, as a UI library may replace the element; if it goes,
  // the observer looks again. inserted(t) and shown(t) get performance.now().
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth)) return false;
    return el.checkVisibility ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : true;
  };
  const whenVisible = (sel, inserted, shown) => {
    let watching = false;
    const frame = () => {
      const el = document.querySelector(sel);
      if (!el) {
        watching = false;
        return;
      }
      if (visible(el)) {
        mo.disconnect();
        shown(now());
      } else requestAnimationFrame(frame);
    };
    const look = () => {
      if (watching || !document.querySelector(sel)) return;
      inserted(now());
      watching = true;
      requestAnimationFrame(frame);
    };
    const mo = new MutationObserver(look);
    mo.observe(document, { childList: true, subtree: true });
    look();
  };
  if (spec.banner) {
    whenVisible(
      spec.banner,
      (t) => { if (b.bannerInsertedAt === null) b.bannerInsertedAt = t; },
      (t) => {
        b.bannerAt = t;
        check();
      },
    );
  }

  // large-panel: the benchmark clicks spec.panel.button on the loaded page. From that click (its
  // timeStamp: when the browser took the input), when the panel is first visible, and when the
  // panel holds spec.panel.count service rows (the observer's callback after the task that added
  // the last ones). The marks delimit the span in a trace; console.debug tells the benchmark.
  if (spec.panel) {
    const P = spec.panel;
    const done = () => {
      if (b.panel.visibleAt !== null && b.panel.rowsAt !== null) console.debug('__bench:panel');
    };
    addEventListener('click', (e) => {
      if (b.panel || !(e.target instanceof Element) || !e.target.closest(P.button)) return;
      performance.mark('__bench:click');
      b.panel = { clickAt: e.timeStamp, visibleAt: null, rowsAt: null };
      whenVisible(P.dialog, () => {}, (t) => {
        b.panel.visibleAt = t;
        done();
      });
      const rows = new MutationObserver(() => {
        if (document.querySelectorAll(P.rows).length < P.count) return;
        b.panel.rowsAt = now();
        performance.mark('__bench:rows');
        rows.disconnect();
        done();
      });
      rows.observe(document, { childList: true, subtree: true });
    }, true);
  }

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { b.longtaskError = String(e); }
})();`;
}

/**
 * Reads what the init script recorded, and the page's own timing entries. Layout shifts are read
 * here from the buffer (the 'longtask' type has none, so its observer runs from the start).
 */
async function snapshot() {
  const b = window.__bench;
  const shifts = [];
  let cls = 0;
  let clsError;
  try {
    await new Promise((resolve) => {
      const take = (entries) => {
        for (const e of entries) {
          cls += e.value;
          const who = (n) => {
            if (!n) return '?';
            const el = n.nodeType === 1 ? n : n.parentElement;
            const own = el && b.spec.root && el.closest(b.spec.root) ? ` (${b.spec.cmName})` : '';
            const hook = el && el.closest('[id], [data-status], [class]');
            const where = hook ? (hook.id ? '#' + hook.id : hook.dataset.status ? `[data-status=${hook.dataset.status}]` : '.' + String(hook.className).split(' ')[0]) : '';
            return n.nodeName.toLowerCase() + (where ? ' in ' + where : '') + own;
          };
          shifts.push([Math.round(e.startTime), e.value, [...new Set((e.sources || []).map((s) => who(s.node)))].join(', ')]);
        }
      };
      // Buffered entries arrive in the callback, in a later task.
      const po = new PerformanceObserver((list) => take(list.getEntries()));
      po.observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => {
        take(po.takeRecords());
        po.disconnect();
        resolve();
      }, 50);
    });
  } catch (e) {
    clsError = String(e);
  }
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
  return {
    gated: b.gated,
    longtasks: b.longtasks,
    shifts,
    cls,
    bannerInsertedAt: b.bannerInsertedAt,
    bannerAt: b.bannerAt,
    readyAt: b.readyAt,
    longtaskError: b.longtaskError,
    clsError,
    fp: paint['first-paint'] ?? null,
    fcp: paint['first-contentful-paint'] ?? null,
    dcl: nav ? nav.domContentLoadedEventEnd : null,
    load: nav ? nav.loadEventEnd : null,
    bannerNow: !!(b.spec.banner && document.querySelector(b.spec.banner)),
    // large-panel: what the init script saw after the click (null before it), and the rows now.
    panel: b.panel,
    panelRows: b.spec.panel ? document.querySelectorAll(b.spec.panel.rows).length : null,
    // Consentry: the compact form in localStorage at the end of the page view (or null).
    storedForm: (() => {
      try {
        return b.spec.storeKey ? localStorage.getItem(b.spec.storeKey) : null;
      } catch {
        return null;
      }
    })(),
    resources: performance.getEntriesByType('resource').map((e) => ({
      url: e.name,
      start: e.startTime,
      end: e.responseEnd,
    })),
    at: performance.now(),
  };
}

// ---------------------------------------------------------------------------------------------
// The network log (CDP): what went over the wire, per navigation.

class NetLog {
  constructor(cdp) {
    this.requests = new Map();
    this.inflight = new Set();
    this.lastChange = Date.now();
    const touch = () => (this.lastChange = Date.now());
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!/^https?:/.test(e.request.url)) return;
      this.requests.set(e.requestId, { url: e.request.url, type: e.type, status: null, headers: 0, total: null, encoding: null, failed: false });
      this.inflight.add(e.requestId);
      touch();
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = this.requests.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      r.headers = e.response.encodedDataLength || 0;
      const h = Object.fromEntries(Object.entries(e.response.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
      r.encoding = h['content-encoding'] || null;
      r.contentLength = h['content-length'] !== undefined ? Number(h['content-length']) : null;
      touch();
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.requests.get(e.requestId);
      if (!r) return;
      r.total = e.encodedDataLength;
      this.inflight.delete(e.requestId);
      touch();
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = this.requests.get(e.requestId);
      if (!r) return;
      r.failed = e.errorText || true;
      this.inflight.delete(e.requestId);
      touch();
    });
  }
  reset() {
    this.requests.clear();
    this.inflight.clear();
    this.lastChange = Date.now();
  }
  /** Resolves once no request has been in flight for `ms` (or after `max` ms). */
  async quiet(ms = QUIET_MS, max = 5000) {
    const end = Date.now() + max;
    while (Date.now() < end) {
      if (this.inflight.size === 0 && Date.now() - this.lastChange >= ms) return true;
      await sleep(50);
    }
    return false;
  }
  list() {
    return [...this.requests.values()].map((r) => {
      const total = r.total ?? 0;
      const body = r.status === 304 ? 0 : Math.max(0, total - r.headers);
      return { ...r, transfer: total, body, path: new URL(r.url).pathname, origin: new URL(r.url).origin };
    });
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function summarizeBytes(list, scenario, servers) {
  const own = (r) => r.origin === servers.firstParty && isOwn(scenario, r.path);
  const sum = (rs, k) => rs.reduce((n, r) => n + r[k], 0);
  const mine = list.filter(own);
  const rest = list.filter((r) => !own(r));
  return {
    own: { transfer: sum(mine, 'transfer'), body: sum(mine, 'body'), count: mine.length },
    rest: { transfer: sum(rest, 'transfer'), body: sum(rest, 'body'), count: rest.length },
    // Consentry only: its UI is a separate download, fetched on a first visit only.
    uiFetched: mine.some((r) => /^\/consentry\/(consentry_ui|consentry\.css)/.test(r.path)),
    // Consentry only: which of its files were requested (names under /consentry/).
    consentryFiles: [...new Set(mine.filter((r) => r.path.startsWith('/consentry/')).map((r) => r.path.slice('/consentry/'.length)))],
    files: mine.map((r) => ({ path: r.path, status: r.status, transfer: r.transfer, body: r.body, encoding: r.encoding })),
    notCompressed: mine.filter((r) => r.status === 200 && !r.encoding).map((r) => r.path),
    failed: list.filter((r) => r.failed).map((r) => `${r.path}: ${r.failed}`),
    thirdParty: list.filter((r) => r.origin === servers.thirdParty).length,
  };
}

// ---------------------------------------------------------------------------------------------
// One navigation

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
async function view(page, url, scenario) {
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

function metricsOf(scenario, servers, { reached, snap }, net) {
  const bytes = summarizeBytes(net.list(), scenario, servers);
  const gated = Object.values(snap.gated);
  const firsts = gated.map((g) => g.first);
  const dones = Object.keys(scenario.watch).map((k) => snap.gated[k]?.doneAt);
  const res = (name) => snap.resources.find((r) => new URL(r.url).pathname === name) || null;
  const resEnd = (name) => res(name)?.end ?? null;
  return {
    reached,
    bytes,
    fcp: snap.fcp,
    fp: snap.fp,
    dcl: snap.dcl,
    load: snap.load,
    banner: snap.bannerAt,
    bannerInserted: snap.bannerInsertedAt,
    bannerPresent: snap.bannerNow,
    storedForm: snap.storedForm ?? null,
    ready: snap.readyAt,
    gatedFirst: firsts.length ? Math.min(...firsts) : null,
    gatedAll: dones.every((d) => d !== undefined) ? Math.max(...dones) : null,
    gatedSpan: (() => {
      const g = Object.keys(scenario.watch).length === 1 ? snap.gated[Object.keys(scenario.watch)[0]] : null;
      return g && g.doneAt !== undefined ? g.doneAt - g.first : null;
    })(),
    gatedCounts: Object.fromEntries(Object.entries(snap.gated).map(([k, g]) => [k, g.sets])),
    gatedTimes: Object.fromEntries(Object.entries(snap.gated).map(([k, g]) => [k, { first: g.first, done: g.doneAt ?? null }])),
    longtasks: snap.longtasks.length,
    tbt: snap.longtasks.reduce((n, [, d]) => n + Math.max(0, d - 50), 0),
    maxLongtask: snap.longtasks.reduce((m, [, d]) => Math.max(m, d), 0),
    cls: snap.cls,
    shifts: snap.shifts,
    errors: [snap.longtaskError, snap.clsError].filter(Boolean),
    waterfall: {
      loaderEnd: resEnd('/consentry/consentry.js'),
      // The loader's first request (manifest, gate or UI) tells when it ran.
      loaderRan: (() => {
        const starts = snap.resources
          .filter((r) => {
            const p = new URL(r.url).pathname;
            return (p.startsWith('/consentry/') && p !== '/consentry/consentry.js') || p === scenario.manifest;
          })
          .map((r) => r.start);
        return starts.length ? Math.min(...starts) : null;
      })(),
      manifestEnd: scenario.manifest ? resEnd(scenario.manifest) : null,
      gateWasmEnd: resEnd('/consentry/consentry_gate.wasm'),
      checkWasmEnd: resEnd('/consentry/consentry_check.wasm'),
      uiJsEnd: resEnd('/consentry/consentry_ui.js'),
      uiWasmEnd: resEnd('/consentry/consentry_ui_bg.wasm'),
      cssEnd: resEnd('/consentry/consentry.css'),
    },
  };
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
 * What a visitor who accepted everything on `pagePath` has afterwards, as Consentry wrote it: a
 * context of its own opens the page (a first visit), calls window.consentry.acceptAll() and waits
 * until the loader has stored the manifest's compact form. Returns { cookie, form }.
 */
async function captureReturning(browser, servers, pagePath) {
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

/**
 * A scenario's browser context. A returning visit's consent cookie is added as a cookie; a stored
 * compact form goes in through storageState (Playwright writes the origin's localStorage in a
 * page of its own, with every request intercepted, before newContext returns).
 */
async function newContext(browser, servers, scenario, { cdp = true } = {}) {
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
async function betweenViews(page, scenario) {
  if (scenario.seed && !scenario.stored) await page.evaluate((key) => localStorage.removeItem(key), STORE_KEY);
}

/** One run of a scenario: a new context, a cold navigation, then a warm one. */
async function measure(browser, servers, scenario) {
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

// ---------------------------------------------------------------------------------------------
// The traced pass: the longest main-thread task, whatever its length.

/** Trace events that only wrap others: skipped when describing a task. */
const WRAPPERS = new Set([
  'RunTask',
  'ThreadControllerImpl::RunTask',
  'BlinkScheduler_PerformMicrotaskCheckpoint',
  'SimpleWatcher::OnHandleReady',
  'Receive mojo message',
  'EpollEvent',
  'v8.callFunction',
]);

/** "A > B: C 12, D 3": the chain of events that fill most of `task`, then its largest parts. */
function describeTask(task, events) {
  const inside = events
    .filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Direct children, by nesting.
  const kids = new Map([[task, []]]);
  const stack = [task];
  for (const e of inside) {
    while (stack.length > 1 && e.ts >= stack.at(-1).ts + stack.at(-1).dur) stack.pop();
    kids.get(stack.at(-1)).push(e);
    kids.set(e, []);
    stack.push(e);
  }
  const name = (e) => {
    const d = e.args?.data || e.args?.beginData || {};
    const u = d.url || d.fileName;
    return e.name + (u ? ` ${String(u).split('/').pop()}` : d.functionName ? ` ${d.functionName}` : '');
  };
  const chain = [];
  let node = task;
  for (;;) {
    const k = kids.get(node) || [];
    const big = k.find((e) => e.dur >= 0.8 * node.dur);
    if (!big) break;
    node = big;
    if (!WRAPPERS.has(big.name)) chain.push(name(big));
  }
  // Its parts, grouped by name: "EvaluateScript large.html ×500 212".
  const groups = new Map();
  for (const e of kids.get(node) || []) {
    const g = groups.get(name(e)) || { n: 0, dur: 0 };
    g.n++;
    g.dur += e.dur;
    groups.set(name(e), g);
  }
  const parts = [...groups]
    .sort((a, b) => b[1].dur - a[1].dur)
    .filter(([, g]) => g.dur >= 1000)
    .slice(0, 3)
    .map(([n, g]) => `${n}${g.n > 1 ? ` ×${g.n}` : ''} ${Math.round(g.dur / 1000)}`);
  return [chain.join(' > '), parts.join(', ')].filter(Boolean).join(': ') || '?';
}

/**
 * Main-thread samples of the V8 profiler embedded in the trace, as [time, script URL or null].
 * A sample belongs to the nearest frame on its stack that has a URL.
 */
function traceSamples(list, pid, tid) {
  const profiles = new Map();
  for (const e of list) {
    if (e.pid !== pid) continue;
    if (e.name === 'Profile' && e.tid === tid) profiles.set(e.id, { t: e.args.data.startTime, nodes: new Map(), samples: [] });
    else if (e.name === 'ProfileChunk' && profiles.has(e.id)) {
      const p = profiles.get(e.id);
      const d = e.args.data || {};
      for (const n of d.cpuProfile?.nodes || []) p.nodes.set(n.id, n);
      const samples = d.cpuProfile?.samples || [];
      const deltas = d.timeDeltas || [];
      for (let i = 0; i < samples.length; i++) {
        p.t += deltas[i] || 0;
        p.samples.push([p.t, samples[i]]);
      }
    }
  }
  const out = [];
  for (const p of profiles.values()) {
    const owner = new Map();
    const ownerOf = (id) => {
      if (owner.has(id)) return owner.get(id);
      const n = p.nodes.get(id);
      const o = !n ? null : n.callFrame.url ? n.callFrame.url : n.parent ? ownerOf(n.parent) : null;
      owner.set(id, o);
      return o;
    };
    for (const [t, id] of p.samples) out.push([t, ownerOf(id)]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function analyseTrace(buffer, url, scenario) {
  const events = JSON.parse(buffer.toString('utf8'));
  const list = Array.isArray(events) ? events : events.traceEvents;
  const navs = list.filter((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === url);
  if (!navs.length) return null;
  const nav = navs[navs.length - 1];
  const mainTid = list.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === nav.pid && e.args?.name === 'CrRendererMain')?.tid ?? nav.tid;
  const main = list.filter((e) => e.pid === nav.pid && e.tid === mainTid && e.ph === 'X' && e.ts >= nav.ts);
  let tasks = main.filter((e) => e.name === 'RunTask');
  // large-panel: the tasks from the click to the complete list (the init script's marks) only.
  if (scenario.panel) {
    const mark = (name) => list.find((e) => e.pid === nav.pid && e.name === name && e.ts >= nav.ts)?.ts;
    const [from, to] = [mark('__bench:click'), mark('__bench:rows')];
    if (from === undefined || to === undefined) return null;
    tasks = tasks.filter((t) => t.ts <= to && t.ts + t.dur >= from);
  }
  if (!tasks.length) return null;
  // How much of each task ran the consent manager's code (its JS, its wasm, and what they call).
  const samples = traceSamples(list, nav.pid, mainTid);
  const own = (u) => {
    if (typeof u !== 'string') return false;
    try {
      return isOwn(scenario, new URL(u).pathname);
    } catch {
      return false;
    }
  };
  const ownMs = (task) => {
    let ms = 0;
    for (let i = 0; i < samples.length; i++) {
      const [t, u] = samples[i];
      if (t < task.ts || t > task.ts + task.dur || !own(u)) continue;
      const next = i + 1 < samples.length ? samples[i + 1][0] : t;
      ms += Math.min(next, task.ts + task.dur) - t;
    }
    return ms / 1000;
  };
  let longest = tasks[0];
  for (const t of tasks) if (t.dur > longest.dur) longest = t;
  let longestOwn = null;
  let ownTotal = 0;
  for (const t of tasks) {
    const ms = ownMs(t);
    ownTotal += ms;
    if (ms > 0 && (!longestOwn || t.dur > longestOwn.task.dur)) longestOwn = { task: t, ms };
  }
  return {
    longest: longest.dur / 1000,
    longestAt: (longest.ts - nav.ts) / 1000,
    what: describeTask(longest, main),
    own: longestOwn ? longestOwn.task.dur / 1000 : null,
    ownShare: longestOwn ? longestOwn.ms : null,
    ownAt: longestOwn ? (longestOwn.task.ts - nav.ts) / 1000 : null,
    ownWhat: longestOwn ? describeTask(longestOwn.task, main) : null,
    ownTotal,
    sampled: samples.length > 0,
    over50: tasks.filter((t) => t.dur > 50_000).length,
    busy: tasks.reduce((n, t) => n + t.dur, 0) / 1000,
  };
}

async function traced(browser, servers, scenario, traceDir, run) {
  const { context, page } = await newContext(browser, servers, scenario, { cdp: false });
  const url = servers.firstParty + scenario.path;
  const out = {};
  try {
    for (const cache of ['cold', 'warm']) {
      if (cache === 'warm') await betweenViews(page, scenario);
      await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      let buffer;
      try {
        await view(page, url, scenario);
      } finally {
        buffer = await browser.stopTracing();
      }
      if (traceDir) {
        fs.mkdirSync(traceDir, { recursive: true });
        fs.writeFileSync(path.join(traceDir, `${scenario.key}-${cache}-${run + 1}.json`), buffer);
      }
      out[cache] = analyseTrace(buffer, url, scenario);
    }
  } finally {
    await context.close().catch(() => {});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The profiled pass (--profile): main-thread time by script file, from V8's sampling profiler.
// Each sample goes to the nearest frame on its stack that belongs to a script (so fetch() called
// by the loader counts for the loader); samples with no script on the stack are "(browser)":
// parsing, style, layout, paint, and the profiler's own "(program)" share; GC is apart.

/** The peers' files: /bench/vcc/…, /bench/klaro/… */
const PEER_DIRS = new RegExp(`^/bench/(${Object.values(PEERS).map((p) => p.dir).join('|')})/`);

function attributeProfile(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const owner = new Map();
  const ownerOf = (id) => {
    if (owner.has(id)) return owner.get(id);
    const n = nodes.get(id);
    const fn = n.callFrame.functionName;
    let o;
    if (fn === '(idle)') o = null;
    else if (fn === '(garbage collector)') o = '(GC)';
    else if (n.callFrame.url) o = n.callFrame.url;
    else o = parent.has(id) ? ownerOf(parent.get(id)) : '(browser)';
    owner.set(id, o);
    return o;
  };
  const out = {};
  for (let i = 0; i < profile.samples.length; i++) {
    const o = ownerOf(profile.samples[i]);
    if (!o) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let key = o;
    try {
      const u = new URL(o);
      key = u.pathname.startsWith('/consentry/')
        ? u.pathname.slice('/consentry/'.length)
        : PEER_DIRS.test(u.pathname)
          ? u.pathname.slice('/bench/'.length)
          : u.hostname === '127.0.0.2'
            ? 'third parties'
            : 'page';
    } catch {}
    out[key] = (out[key] || 0) + dt;
  }
  return out;
}

async function profiled(browser, servers, scenario) {
  const { context, page } = await newContext(browser, servers, scenario, { cdp: false });
  const cdp = await context.newCDPSession(page);
  const url = servers.firstParty + scenario.path;
  const out = {};
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    for (const cache of ['cold', 'warm']) {
      if (cache === 'warm') await betweenViews(page, scenario);
      await cdp.send('Profiler.start');
      try {
        await view(page, url, scenario);
      } finally {
        const { profile } = await cdp.send('Profiler.stop');
        out[cache] = attributeProfile(profile);
      }
    }
  } finally {
    await context.close().catch(() => {});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

const fmtMs = (s) => (s ? `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})` : '—');
const kib = (n) => (n / 1024).toFixed(1);
function fmtBytes(s, count) {
  if (!s) return '—';
  const range = kib(s.min) === kib(s.max) ? '' : ` (${kib(s.min)}–${kib(s.max)})`;
  return `${kib(s.median)} KiB${range}${count !== undefined ? `, ${count} req` : ''}`;
}
/** A longest task over the runs: "median (max …)", "none" when no run had one. */
const fmtLongest = (s) => (!s ? '—' : s.max === 0 ? 'none' : `${Math.round(s.median)} (max ${Math.round(s.max)})`);
const fmtCls = (s) => (s ? (s.max === 0 ? '0' : `${s.median.toFixed(4)} (max ${s.max.toFixed(4)})`) : '—');

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function machine(browserVersion) {
  const cpus = os.cpus();
  let git = '';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'assets', 'Cargo.toml', 'scripts/build.sh'], { cwd: ROOT, encoding: 'utf8' }).trim();
    git = `${head}${dirty ? ' + uncommitted changes in src/assets' : ''}`;
  } catch {}
  let nproc = String(cpus.length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {}
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc,
    cpu: cpus[0]?.model?.trim() || 'unknown',
    mem: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    node: process.version,
    chromium: browserVersion,
    git,
  };
}

// ---------------------------------------------------------------------------------------------
// pkg/ may be rebuilt by someone else while we run: wait until it is complete, and notice a change.

function pkgState() {
  const out = {};
  for (const f of PKG_FILES) {
    try {
      const st = fs.statSync(path.join(ROOT, 'pkg', f));
      out[f] = `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
  }
  return JSON.stringify(out);
}

async function waitForPkg(maxMs = 10 * 60_000) {
  const end = Date.now() + maxMs;
  let said = false;
  for (;;) {
    const a = pkgState();
    if (a) {
      await sleep(2000);
      if (pkgState() === a) return a;
    }
    if (Date.now() > end) throw new Error('pkg/ is missing or incomplete; build it with bash scripts/build.sh');
    if (!said) {
      console.error('bench: pkg/ is missing or being rebuilt; waiting for it…');
      said = true;
    }
    await sleep(3000);
  }
}

/**
 * Copies pkg/ (once it is complete and stable) into a temporary server root, next to links to
 * www/ and index.html, so that a rebuild of pkg/ during the run cannot mix two builds.
 */
async function snapshotRoot() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await waitForPkg();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-bench-'));
    fs.symlinkSync(path.join(ROOT, 'www'), path.join(dir, 'www'));
    fs.copyFileSync(path.join(ROOT, 'index.html'), path.join(dir, 'index.html'));
    fs.mkdirSync(path.join(dir, 'pkg'));
    try {
      for (const f of fs.readdirSync(path.join(ROOT, 'pkg'))) fs.copyFileSync(path.join(ROOT, 'pkg', f), path.join(dir, 'pkg', f));
      if (pkgState() === state) return dir;
    } catch {}
    fs.rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('pkg/ keeps changing; try again when nobody is rebuilding it');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  installPeers(); // before scenarios(), which names the peers' installed versions
  const all = scenarios();
  const chosen = opts.only ? all.filter((s) => opts.only.includes(s.key)) : all;
  if (opts.only && chosen.length !== opts.only.length) {
    console.error(`bench/run.mjs: --only takes ${all.map((s) => s.key).join(', ')}`);
    process.exit(2);
  }
  const changed = writeFixtures();
  if (changed.length) console.error(`bench: wrote www/bench/${changed.join(', www/bench/')}`);
  const root = await snapshotRoot();
  const pkgSizes = Object.fromEntries(PKG_FILES.map((f) => [f, fs.statSync(path.join(root, 'pkg', f)).size]));

  const onSignal = () => {
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let servers;
  try {
    servers = await startServers({ port: 0, root });
  } catch (e) {
    fs.rmSync(root, { recursive: true, force: true });
    throw e;
  }
  let browser;
  let loadTimer;
  const results = Object.fromEntries(chosen.map((s) => [s.key, { runs: [], traces: [], profiles: [] }]));
  const started = Date.now();
  try {
    browser = await launchChromium();
    const info = machine(browser.version());
    info.loadStart = os.loadavg()[0];
    // The 1-minute load average every 10 s, for the report.
    info.loads = [info.loadStart];
    loadTimer = setInterval(() => info.loads.push(os.loadavg()[0]), 10_000);
    loadTimer.unref();
    // Consentry's returning visits: the cookie and compact form it writes on "accept all".
    const seeds = {};
    for (const s of chosen) {
      if (!s.seed) continue;
      seeds[s.seed] ||= await captureReturning(browser, servers, SEEDS[s.seed]);
      const seed = seeds[s.seed];
      s.cookie = () => seed.cookie;
      s.form = seed.form;
    }
    info.seeds = seeds;
    // Warm-up (discarded): the server brotli-compresses each file on its first request, and the
    // browser's first context pays for process start-up.
    for (const s of chosen) await measure(browser, servers, s);
    for (let run = 0; run < opts.runs; run++) {
      const order = chosen.map((_, i) => chosen[(i + run) % chosen.length]);
      for (const s of order) results[s.key].runs.push(await measure(browser, servers, s));
      process.stderr.write(`bench: run ${run + 1}/${opts.runs} done\n`);
    }
    if (opts.trace) {
      for (let run = 0; run < opts.runs; run++) {
        const order = chosen.map((_, i) => chosen[(i + run) % chosen.length]);
        for (const s of order) results[s.key].traces.push(await traced(browser, servers, s, opts.traceDir, run));
        process.stderr.write(`bench: traced run ${run + 1}/${opts.runs} done\n`);
      }
    }
    if (opts.profile) {
      for (let run = 0; run < opts.runs; run++) {
        const order = chosen.map((_, i) => chosen[(i + run) % chosen.length]);
        for (const s of order) results[s.key].profiles.push(await profiled(browser, servers, s));
        process.stderr.write(`bench: profiled run ${run + 1}/${opts.runs} done\n`);
      }
    }
    clearInterval(loadTimer);
    info.loads.push(os.loadavg()[0]);
    report(chosen, results, info, opts, { pkgSizes, seconds: (Date.now() - started) / 1000 });
    if (opts.json) {
      fs.writeFileSync(opts.json, JSON.stringify({ info, opts, results }, null, 1));
      console.log(`\nRaw measurements: ${opts.json}`);
    }
  } finally {
    clearInterval(loadTimer);
    if (browser) await browser.close().catch(() => {});
    await servers.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The peers among the chosen scenarios, with their versions. */
const peersOf = (chosen) => [...new Set(chosen.filter((s) => s.cm && s.cm !== 'consentry').map((s) => s.cmName))];

/**
 * The demo page's consent managers among the chosen scenarios: [{ name, first, returning }]
 * (scenario keys or null), one per consent manager. A variant (Consentry's returning visit with
 * no stored form) is not its manager's returning visit: it follows as a row of its own, with no
 * first visit.
 */
function demoPairs(chosen) {
  const demo = chosen.filter((s) => s.cm && s.watch === DEMO_GATED);
  const main = demo.filter((s) => !s.variant);
  const pairs = [];
  for (const cm of new Set(main.map((s) => s.cm))) {
    const of = (target) => main.find((s) => s.cm === cm && s.target === target)?.key ?? null;
    pairs.push({ name: main.find((s) => s.cm === cm).cmName, first: of('banner'), returning: of('gated') });
    for (const v of demo.filter((s) => s.variant && s.cm === cm)) pairs.push({ name: v.variant, first: null, returning: v.key });
  }
  for (const v of demo.filter((s) => s.variant && !main.some((m) => m.cm === s.cm))) pairs.push({ name: v.variant, first: null, returning: v.key });
  return pairs;
}

function report(chosen, results, info, opts, { pkgSizes, seconds }) {
  const pick = (key, cache, f) => (results[key]?.runs || []).map((r) => r[cache] && f(r[cache]));
  const S = (key, cache, f) => stats(pick(key, cache, f));
  const warnings = [];
  const cpus = Number(info.nproc) || os.cpus().length;
  const loadEnd = os.loadavg()[0];
  if (opts.runs < 7) warnings.push(`only ${opts.runs} run(s) per scenario: use at least 7 for figures worth quoting.`);
  // The benchmark itself keeps about one CPU busy.
  if (info.loadStart > cpus * 0.75 || loadEnd > cpus * 1.25) {
    warnings.push(`the machine was busy (1-minute load ${info.loadStart.toFixed(1)} at the start, ${loadEnd.toFixed(1)} at the end, ${cpus} CPUs): the timings are unreliable; run again when it is idle.`);
  }

  const out = [];
  out.push('## Consentry benchmark');
  out.push('');
  out.push(`\`node bench/run.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}\` — ${info.date}, ` +
    `${opts.runs} runs per scenario (medians, min–max), ${info.nproc} CPUs (${info.cpu}), ${info.mem}, ` +
    `load ${info.load} at the start, ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end ` +
    `(1-minute load during the run ${Math.min(...info.loads).toFixed(2)}–${Math.max(...info.loads).toFixed(2)}, sampled every 10 s), ` +
    `Chromium ${info.chromium} headless, Node ${info.node}${info.git ? `, commit ${info.git}` : ''}; ${Math.round(seconds)} s. ` +
    `pkg/ (copied at the start, uncompressed bytes): ${Object.entries(pkgSizes).map(([f, n]) => `${f} ${n}`).join(', ')}.` +
    (peersOf(chosen).length ? ` Peers (npm, self-hosted from www/bench/): ${peersOf(chosen).join(', ')}.` : ''));
  out.push('');
  out.push('Loopback (127.0.0.1 site, 127.0.0.2 third parties), brotli 11. *Cold*: a new browser context ' +
    '(empty cache). *Warm*: the same context\'s second page view; the server sends `Cache-Control: no-cache` ' +
    'with ETags, so every file is revalidated (304, headers only). Bytes are compressed bodies plus ' +
    'response headers (CDP `encodedDataLength`); "consent manager" is Consentry\'s `/consentry/*` and manifest, ' +
    'or a peer\'s library, CSS and configuration (`/bench/vcc/*`, `/bench/klaro/*`, self-hosted and compressed by the same server). ' +
    'Times in ms from navigation start.');
  if (info.seeds && Object.keys(info.seeds).length) {
    out.push('');
    out.push('Consentry\'s returning visits carry the consent cookie and the manifest\'s compact form (localStorage ' +
      `\`${STORE_KEY}\`) that Consentry wrote after \`window.consentry.acceptAll()\` on a first visit at the start of this run ` +
      `(${Object.entries(info.seeds).map(([k, v]) => `${SEEDS[k]}: cookie ${v.cookie.length} B, compact form ${v.form.length} B`).join('; ')}); ` +
      '`returning-unstored` carries the cookie only.');
  }
  out.push('');

  const rows = [];
  for (const s of chosen) {
    for (const cache of ['cold', 'warm']) {
      const runs = results[s.key].runs.map((r) => r[cache]).filter(Boolean);
      const count = stats(runs.map((m) => m.bytes.own.count))?.median;
      const restCount = stats(runs.map((m) => m.bytes.rest.count))?.median;
      const lt = stats(runs.map((m) => m.longtasks));
      const tbt = stats(runs.map((m) => m.tbt));
      rows.push([
        `${s.label}, ${cache}`,
        s.cm ? fmtBytes(S(s.key, cache, (m) => m.bytes.own.transfer), count) : '0',
        fmtBytes(S(s.key, cache, (m) => m.bytes.rest.transfer), restCount),
        fmtMs(S(s.key, cache, (m) => m.fcp)),
        s.target === 'banner' ? fmtMs(S(s.key, cache, (m) => m.banner)) : '—',
        s.target === 'gated' ? fmtMs(S(s.key, cache, (m) => m.gatedFirst)) : '—',
        s.target === 'gated' ? fmtMs(S(s.key, cache, (m) => m.gatedAll)) : '—',
        lt ? `${lt.median} / ${Math.round(tbt.median)} ms (max ${lt.max} / ${Math.round(tbt.max)})` : '—',
        fmtCls(S(s.key, cache, (m) => m.cls)),
      ]);
      for (const m of runs) {
        if (!m.reached) warnings.push(`${s.key} ${cache}: the target (${s.target}) was not reached within ${NAV_TIMEOUT} ms`);
        if (s.cm === 'consentry' && s.expectUi === false && m.bytes.uiFetched) warnings.push(`${s.key} ${cache}: the UI was fetched on a returning visit`);
        if (s.files) {
          const extra = m.bytes.consentryFiles.filter((f) => !s.files.includes(f));
          const missing = s.files.filter((f) => !m.bytes.consentryFiles.includes(f));
          if (extra.length) warnings.push(`${s.key} ${cache}: fetched from /consentry/ beyond ${s.files.join(' + ')}: ${extra.join(', ')}`);
          if (missing.length) warnings.push(`${s.key} ${cache}: did not fetch ${missing.join(', ')} from /consentry/ (fetched: ${m.bytes.consentryFiles.join(', ') || 'nothing'})`);
        }
        if (s.seed && !m.storedForm) warnings.push(`${s.key} ${cache}: no compact form in localStorage at the end of a returning visit`);
        if (s.seed && m.storedForm && m.storedForm !== s.form) warnings.push(`${s.key} ${cache}: the compact form in localStorage at the end differs from the one captured at the start of the run`);
        if (s.panel && !m.panel.clicked) warnings.push(`${s.key} ${cache}: could not click ${s.panel.button}`);
        else if (s.panel && !m.panel.reached) warnings.push(`${s.key} ${cache}: ${m.panel.visibleAt === null ? 'no visible panel' : `${m.panel.rows} of ${s.panel.count} service rows in the panel`} ${NAV_TIMEOUT} ms after the click`);
        else if (s.panel && m.panel.rows !== s.panel.count) warnings.push(`${s.key} ${cache}: ${m.panel.rows} service rows in the panel, ${s.panel.count} in the manifest`);
        if (s.expectUi === false && m.bannerPresent) warnings.push(`${s.key} ${cache}: a banner showed on a returning visit`);
        if (s.cm === 'consentry' && s.expectUi === true && cache === 'cold' && !m.bytes.uiFetched) warnings.push(`${s.key} ${cache}: the UI was not fetched on a first visit`);
        if (s.expectUi === true && !m.bannerPresent) warnings.push(`${s.key} ${cache}: no banner at the end of a first visit`);
        if (s.blocked && m.gatedFirst !== null) warnings.push(`${s.key} ${cache}: a gated script ran before consent (${Object.keys(m.gatedCounts).join(', ')})`);
        if (s.blocked && m.bytes.thirdParty) warnings.push(`${s.key} ${cache}: ${m.bytes.thirdParty} third-party request(s) before consent`);
        if (m.bytes.notCompressed.length) warnings.push(`${s.key} ${cache}: not compressed: ${m.bytes.notCompressed.join(', ')}`);
        if (m.bytes.failed.length) warnings.push(`${s.key} ${cache}: failed requests: ${m.bytes.failed.join(', ')}`);
        for (const e of m.errors) warnings.push(`${s.key} ${cache}: ${e}`);
      }
    }
  }
  out.push(
    table(
      ['scenario', 'consent manager on the wire', 'rest of the page', 'FCP', 'banner visible', 'first gated script', 'all gated scripts', 'long tasks / TBT', 'CLS'],
      rows,
    ),
  );
  // Against the page with no consent manager, same run.
  const pairs = demoPairs(chosen);
  if (results.baseline && results.baseline.runs.length) {
    const med = (key, cache, f) => S(key, cache, f)?.median;
    const d = (a, b) => (a === undefined || b === undefined ? '?' : `${a - b >= 0 ? '+' : '−'}${Math.abs(Math.round(a - b))} ms`);
    const parts = [];
    for (const cache of ['cold', 'warm']) {
      const bFcp = med('baseline', cache, (m) => m.fcp);
      const bFirst = med('baseline', cache, (m) => m.gatedFirst);
      const bAll = med('baseline', cache, (m) => m.gatedAll);
      const groups = [];
      for (const { name, first, returning } of pairs) {
        const bits = [];
        if (first) bits.push(`first visit FCP ${d(med(first, cache, (m) => m.fcp), bFcp)}, banner visible ${d(med(first, cache, (m) => m.banner), bFcp)} after the baseline's FCP`);
        if (returning)
          bits.push(
            `returning visit FCP ${d(med(returning, cache, (m) => m.fcp), bFcp)}, first gated script ${d(med(returning, cache, (m) => m.gatedFirst), bFirst)}, all ${d(med(returning, cache, (m) => m.gatedAll), bAll)}`,
          );
        if (bits.length) groups.push(`${pairs.length > 1 ? `${name}: ` : ''}${bits.join('; ')}`);
      }
      if (groups.length) parts.push(`${cache}: ${groups.join('; ')}`);
    }
    if (parts.length) {
      out.push('');
      out.push(`Against the page without a consent manager (medians, same run) — ${parts.join('. ')}.`);
    }
  }
  // The demo page, one row per consent manager.
  if (pairs.length > 1) {
    const both = (key, f) => {
      const c = key && S(key, 'cold', f);
      const w = key && S(key, 'warm', f);
      return c || w ? `${c ? Math.round(c.median) : '—'} / ${w ? Math.round(w.median) : '—'}` : '—';
    };
    const ownBytes = (key) => (key ? fmtBytes(S(key, 'cold', (m) => m.bytes.own.transfer), stats(pick(key, 'cold', (m) => m.bytes.own.count))?.median) : '—');
    const tbt = (key) => {
      const t = key && S(key, 'cold', (m) => m.tbt);
      return t ? String(Math.round(t.median)) : '—';
    };
    const sideRows = [];
    if (results.baseline && results.baseline.runs.length) {
      sideRows.push(['none (baseline)', '0', '0', '—', both('baseline', (m) => m.gatedFirst), both('baseline', (m) => m.gatedAll), `— / ${tbt('baseline')}`]);
    }
    for (const { name, first, returning } of pairs) {
      sideRows.push([
        name,
        ownBytes(first),
        ownBytes(returning),
        both(first, (m) => m.banner),
        both(returning, (m) => m.gatedFirst),
        both(returning, (m) => m.gatedAll),
        `${tbt(first)} / ${tbt(returning)}`,
      ]);
    }
    out.push('');
    out.push('The demo page, side by side (medians of the rows above; ms as cold / warm):');
    out.push('');
    out.push(
      table(
        ['consent manager', 'its bytes, first visit (cold)', 'its bytes, returning visit (cold)', 'banner visible', 'first gated script (returning)', 'all gated scripts (returning)', 'TBT, first / returning (cold)'],
        sideRows,
      ),
    );
  }
  const shiftNotes = [];
  for (const s of chosen) {
    const sources = new Map();
    for (const r of results[s.key].runs) for (const cache of ['cold', 'warm']) for (const [, v, who] of r[cache]?.shifts || []) {
      sources.set(who, Math.max(sources.get(who) || 0, v));
    }
    if (sources.size) shiftNotes.push(`${s.key}: ${[...sources].map(([w, v]) => `${w || '?'} (up to ${v.toFixed(4)})`).join('; ')}`);
  }
  out.push('');
  out.push(`Layout shifts seen: ${shiftNotes.length ? shiftNotes.join('. ') : 'none'}.`);
  out.push('');
  out.push('"Gated scripts" on the demo: the ad tag, the inline analytics snippet and the chat widget the manifest declares ' +
    '(in the baseline they are ordinary scripts; the peers gate the same two tags with their own markup and load the ' +
    'same widget from their configuration); on the large site: the 500 inline snippets (all = the 500th ran). ' +
    'TBT = sum of (long task − 50 ms) from navigation start until the network is idle for 500 ms.');

  // The large site, in one place (issue 5: parse, decide and activate with no task over 50 ms).
  // large-panel's page view is large-first's; its rows are in a table of their own below.
  const ownLongest = (key, cache) => fmtLongest(stats(results[key].traces.map((t) => t[cache]?.own)));
  const large = chosen.filter((s) => s.key.startsWith('large-') && !s.panel);
  if (large.length) {
    const lrows = [];
    for (const s of large) {
      for (const cache of ['cold', 'warm']) {
        lrows.push([
          `${s.label}, ${cache}`,
          fmtMs(S(s.key, cache, (m) => m.ready)),
          s.target === 'banner' ? fmtMs(S(s.key, cache, (m) => m.banner)) : fmtMs(S(s.key, cache, (m) => m.gatedAll)),
          s.target === 'gated' ? fmtMs(S(s.key, cache, (m) => m.gatedSpan)) : '—',
          fmtLongest(S(s.key, cache, (m) => m.maxLongtask)),
          ownLongest(s.key, cache),
        ]);
      }
    }
    out.push('');
    out.push(`Large site: ${LARGE.services} services in the manifest, ${LARGE.elements} gated inline snippets (20 of them in the required category, so they run on a first visit too):`);
    out.push('');
    out.push(
      table(
        ['', 'consentry:ready', 'banner visible / 500th snippet ran', '1st → 500th snippet', 'longest task, longtask API (> 50 ms only)', 'longest task running Consentry (traced, slowed by tracing)'],
        lrows,
      ),
    );
  }
  const panels = chosen.filter((s) => s.panel);
  if (panels.length) {
    const prows = [];
    for (const s of panels) {
      for (const cache of ['cold', 'warm']) {
        prows.push([
          `${s.label}, ${cache}`,
          fmtMs(S(s.key, cache, (m) => m.panel?.toVisible)),
          fmtMs(S(s.key, cache, (m) => m.panel?.toRows)),
          fmtLongest(S(s.key, cache, (m) => m.panel?.maxLongtask)),
          ownLongest(s.key, cache),
        ]);
      }
    }
    out.push('');
    out.push(`The preferences panel of the large site (\`large-panel\`): on the first visit, once the banner is visible, the page has loaded and ` +
      `the network is idle, the benchmark clicks the banner's Preferences button; the panel lists ${LARGE_PANEL.count} services, ` +
      'the first 20 with the dialog and 20 more per later task. ms from the click (the click event\'s timeStamp); the longest tasks are those ' +
      'overlapping the span from the click until all rows are in the panel:');
    out.push('');
    out.push(
      table(
        ['', 'click → panel visible', `click → all ${LARGE_PANEL.count} service rows in the panel`, 'longest task, longtask API (> 50 ms only)', 'longest task running Consentry (traced, slowed by tracing)'],
        prows,
      ),
    );
  }

  // Where the time goes: the loading chain, medians (Resource Timing responseEnd; loader ran = the
  // gate's request start).
  const wfRows = [];
  const wfKeys = [
    ['loader downloaded', (m) => m.waterfall.loaderEnd],
    ['loader ran (its first request)', (m) => m.waterfall.loaderRan],
    ['manifest downloaded', (m) => m.waterfall.manifestEnd],
    ['gate wasm downloaded (consentry_gate.wasm)', (m) => m.waterfall.gateWasmEnd],
    ['checking gate downloaded (consentry_check.wasm)', (m) => m.waterfall.checkWasmEnd],
    ['UI JS downloaded', (m) => m.waterfall.uiJsEnd],
    ['consentry:ready', (m) => m.ready],
    ['UI wasm downloaded', (m) => m.waterfall.uiWasmEnd],
    ['banner inserted', (m) => m.bannerInserted],
    ['banner visible', (m) => m.banner],
    ['first gated script ran', (m) => m.gatedFirst],
    ['all gated scripts ran', (m) => m.gatedAll],
    ['Preferences clicked (large-panel)', (m) => m.panel?.clickAt],
    ['panel visible', (m) => m.panel?.visibleAt],
    ['all service rows in the panel', (m) => m.panel?.rowsAt],
  ];
  const wfCols = [];
  for (const s of chosen) if (s.cm === 'consentry') for (const cache of ['cold', 'warm']) wfCols.push([s, cache]);
  if (wfCols.length) {
    for (const [name, f] of wfKeys) {
      const cells = wfCols.map(([s, cache]) => {
        const st = S(s.key, cache, f);
        return st ? String(Math.round(st.median)) : '—';
      });
      if (cells.some((c) => c !== '—')) wfRows.push([name, ...cells]);
    }
    out.push('');
    out.push('Where the time goes in Consentry (medians, ms from navigation start; downloads are Resource Timing `responseEnd`):');
    out.push('');
    out.push(table(['', ...wfCols.map(([s, c]) => `${s.key}, ${c}`)], wfRows));
  }

  if (opts.trace && chosen.some((s) => results[s.key].traces.length)) {
    const trRows = [];
    for (const s of chosen) {
      for (const cache of ['cold', 'warm']) {
        const tr = results[s.key].traces.map((t) => t[cache]).filter(Boolean);
        if (!tr.length) continue;
        const worstOf = (k) => tr.filter((t) => t[k] !== null).reduce((a, t) => (!a || t[k] > a[k] ? t : a), null);
        const worst = worstOf('longest');
        const worstOwn = worstOf('own');
        trRows.push([
          `${s.label}, ${cache}`,
          fmtMs(stats(tr.map((t) => t.longest))),
          `${Math.round(worst.longest)} at ${Math.round(worst.longestAt)}: ${worst.what}`,
          s.cm ? fmtMs(stats(tr.map((t) => t.own))) : '—',
          s.cm && worstOwn ? `${Math.round(worstOwn.own)} at ${Math.round(worstOwn.ownAt)} (${Math.round(worstOwn.ownShare)} in its code): ${worstOwn.ownWhat}` : '—',
          s.cm ? fmtMs(stats(tr.map((t) => t.ownTotal))) : '—',
          String(tr.reduce((n, t) => n + t.over50, 0)),
        ]);
        if (tr.some((t) => !t.sampled)) warnings.push(`${s.key} ${cache}: the trace has no profiler samples; the consent manager columns are empty`);
      }
    }
    out.push('');
    out.push('Main thread, from a separate traced pass (Chromium tracing with the V8 sampler, one trace per scenario and run; ' +
      'tracing slows the page down, so compare these only with each other). The consent manager\'s tasks are those in which the sampler ' +
      'caught its JS or wasm (or what they call) running; ms, at = ms from navigation start' +
      (panels.length ? '; for large-panel, only the tasks from the click until all service rows are in the panel' : '') + ':');
    out.push('');
    out.push(
      table(
        ['scenario', 'longest task (any)', 'worst run: longest task, what it was', 'longest task running the consent manager', 'worst run: that task, what it was', 'consent manager code on the main thread (sampled)', 'tasks > 50 ms, all runs'],
        trRows,
      ),
    );
  }

  if (opts.profile && chosen.some((s) => results[s.key].profiles.length)) {
    const peerFiles = Object.values(PEERS).flatMap((p) => ['config.js', ...Object.keys(p.files)].map((f) => `${p.dir}/${f}`));
    const order = ['consentry.js', 'consentry_gate.wasm', 'consentry_check.wasm', 'consentry_ui.js', 'consentry_ui_bg.wasm', ...peerFiles, 'page', 'third parties', '(browser)', '(GC)'];
    const cols = [];
    for (const s of chosen) for (const cache of ['cold', 'warm']) cols.push([s, cache]);
    const keys = new Set();
    for (const [s, cache] of cols) for (const p of results[s.key].profiles) for (const k of Object.keys(p[cache] || {})) keys.add(k);
    const rowsP = [...keys]
      .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
      .map((k) => [k, ...cols.map(([s, cache]) => {
        const st = stats(results[s.key].profiles.map((p) => (p[cache] ? p[cache][k] || 0 : null)));
        return st ? String(Math.round(st.median)) : '—';
      })]);
    out.push('');
    out.push(`Main-thread time by script file until the network is idle${panels.length ? ' (large-panel: and then until the panel is complete)' : ''} (V8 sampling profiler, 200 µs; medians, ms; ` +
      'a sample counts for the nearest script on its stack, so browser work a script calls counts for it):');
    out.push('');
    out.push(table(['', ...cols.map(([s, c]) => `${s.key}, ${c}`)], rowsP));
  }

  // The files, from the last run.
  const fileRows = [];
  for (const s of chosen) {
    if (!s.cm) continue;
    const last = results[s.key].runs.at(-1)?.cold;
    if (!last) continue;
    fileRows.push([s.key, last.bytes.files.map((f) => `${f.path.replace(/^\/(consentry|bench)\//, '')} ${f.body}`).join(', ')]);
  }
  if (fileRows.length) {
    out.push('');
    out.push('The consent manager\'s files on a cold page view (compressed body bytes, without headers):');
    out.push('');
    out.push(table(['scenario', 'files'], fileRows));
  }

  console.log(out.join('\n'));
  const unique = [...new Set(warnings)];
  if (unique.length) {
    console.log('\nWarnings:');
    for (const w of unique) console.log(`- ${w}`);
  }
}

export { measure, traced, profiled, stats, captureReturning, initScript, CHROMIUM, CHROMIUM_ARGS };

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exitCode = 1;
  });
}
