// What the report warns about: a run measured on a busy machine or with too few runs, and a page
// view that measured nothing or not what its scenario is (target not reached, a banner where
// none belongs or none where one does, gated scripts or third parties before consent, Consentry
// fetching other files than its path's, the compact form missing or changed, the panel
// incomplete), or a trace with no profiler samples. Each returns its warnings in report order.

import os from 'node:os';
import { NAV_TIMEOUT } from './settings.mjs';

/** The run as a whole: too few runs, a busy machine (1-minute load at the start and now). */
export function conditionWarnings(opts, info) {
  const warnings = [];
  const cpus = Number(info.nproc) || os.cpus().length;
  const loadEnd = os.loadavg()[0];
  if (opts.runs < 7) warnings.push(`only ${opts.runs} run(s) per scenario: use at least 7 for figures worth quoting.`);
  // The benchmark itself keeps about one CPU busy.
  if (info.loadStart > cpus * 0.75 || loadEnd > cpus * 1.25) {
    warnings.push(`the machine was busy (1-minute load ${info.loadStart.toFixed(1)} at the start, ${loadEnd.toFixed(1)} at the end, ${cpus} CPUs): the timings are unreliable; run again when it is idle.`);
  }
  return warnings;
}

/** One page view `m` (metricsOf, with large-panel's panel) of scenario `s`. */
export function visitWarnings(s, cache, m) {
  const warnings = [];
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
  return warnings;
}

/** A scenario's traces for one cache state (`tr`: analyseTrace's results, nulls removed). */
export function traceWarnings(s, cache, tr) {
  const warnings = [];
  if (tr.some((t) => !t.sampled)) warnings.push(`${s.key} ${cache}: the trace has no profiler samples; the consent manager columns are empty`);
  return warnings;
}
