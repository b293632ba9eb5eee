// The report: the Markdown tables and notes printed at the end of a run (every scenario, against
// the baseline, the demo side by side, the large site and its panel, Consentry's loading chain,
// the traced and profiled passes, the files), then the warnings (checks.mjs).

import os from 'node:os';
import { LARGE, PEERS } from './fixtures.mjs';
import { STORE_KEY } from './settings.mjs';
import { DEMO_GATED, LARGE_PANEL, SEEDS } from './scenarios.mjs';
import { stats } from './stats.mjs';
import { fmtMs, fmtBytes, fmtLongest, fmtCls, table } from './format.mjs';
import { conditionWarnings, visitWarnings, traceWarnings } from './checks.mjs';

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

export function report(chosen, results, info, opts, { pkgSizes, seconds }) {
  const pick = (key, cache, f) => (results[key]?.runs || []).map((r) => r[cache] && f(r[cache]));
  const S = (key, cache, f) => stats(pick(key, cache, f));
  const warnings = conditionWarnings(opts, info);

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
      for (const m of runs) warnings.push(...visitWarnings(s, cache, m));
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
        warnings.push(...traceWarnings(s, cache, tr));
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
