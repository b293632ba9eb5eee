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
//
// This file is the entry: the command line and the run. The rest, one job per module:
//   scenarios.mjs    what is measured: the scenarios, the peers, which paths are a manager's own;
//   probe.mjs        the in-page probes: the init script and the snapshot read from the page;
//   network.mjs      the CDP network log of a navigation and its bytes;
//   metrics.mjs      one page view's measurements, from the snapshot and the network log;
//   visit.mjs        a scenario's browser context, its page views, one measured run;
//   seed.mjs         Consentry's accept-all state, captured for the returning visits;
//   trace.mjs        the traced pass (longest main-thread tasks);
//   profile.mjs      the profiled pass (--profile: main-thread time by script file);
//   server-root.mjs  the copy of pkg/ the server serves;
//   machine.mjs      the machine and commit, for the report's header;
//   stats.mjs        medians and ranges;  format.mjs  figures and Markdown tables;
//   checks.mjs       the report's warnings;  report.mjs  the report;
//   settings.mjs     the settings they share (viewport, timeouts, storage key) and sleep();
//   fixtures.mjs     the pages in www/bench/ and the peers' installation.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServers } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, launchChromium } from '../scripts/chromium.mjs';
import { writeFixtures, installPeers } from './fixtures.mjs';
import { scenarios, SEEDS } from './scenarios.mjs';
import { initScript } from './probe.mjs';
import { measure } from './visit.mjs';
import { captureReturning } from './seed.mjs';
import { traced } from './trace.mjs';
import { profiled } from './profile.mjs';
import { stats } from './stats.mjs';
import { machine } from './machine.mjs';
import { PKG_FILES, snapshotRoot } from './server-root.mjs';
import { report } from './report.mjs';

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
// The run: fixtures, the server's root, the browser, the measured, traced and profiled passes,
// the report

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

export { measure, traced, profiled, stats, captureReturning, initScript, CHROMIUM, CHROMIUM_ARGS };

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exitCode = 1;
  });
}
