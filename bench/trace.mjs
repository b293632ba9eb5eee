// The traced pass: Chromium tracing with the V8 sampler, one trace per scenario and run; the
// longest main-thread task, whatever its length, and the longest task running the consent
// manager's code (for large-panel, among the tasks from the click to the complete list).

import fs from 'node:fs';
import path from 'node:path';
import { isOwn } from './scenarios.mjs';
import { newContext, betweenViews, view } from './visit.mjs';

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

export async function traced(browser, servers, scenario, traceDir, run) {
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
