// The profiled pass (--profile): main-thread time by script file, from V8's sampling profiler.
// Each sample goes to the nearest frame on its stack that belongs to a script (so fetch() called
// by the loader counts for the loader); samples with no script on the stack are "(browser)":
// parsing, style, layout, paint, and the profiler's own "(program)" share; GC is apart.

import { PEERS } from './fixtures.mjs';
import { newContext, betweenViews, view } from './visit.mjs';

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

export async function profiled(browser, servers, scenario) {
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
