// One page view's measurements, derived from the probe's snapshot and the network log: bytes,
// paint, banner, gated scripts, long tasks, CLS and Consentry's loading chain.

import { summarizeBytes } from './network.mjs';

export function metricsOf(scenario, servers, { reached, snap }, net) {
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
