// Formatting the report's figures (ms, bytes, longest tasks, CLS) and Markdown tables.

export const fmtMs = (s) => (s ? `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})` : '—');
const kib = (n) => (n / 1024).toFixed(1);
export function fmtBytes(s, count) {
  if (!s) return '—';
  const range = kib(s.min) === kib(s.max) ? '' : ` (${kib(s.min)}–${kib(s.max)})`;
  return `${kib(s.median)} KiB${range}${count !== undefined ? `, ${count} req` : ''}`;
}
/** A longest task over the runs: "median (max …)", "none" when no run had one. */
export const fmtLongest = (s) => (!s ? '—' : s.max === 0 ? 'none' : `${Math.round(s.median)} (max ${Math.round(s.max)})`);
export const fmtCls = (s) => (s ? (s.max === 0 ? '0' : `${s.median.toFixed(4)} (max ${s.max.toFixed(4)})`) : '—');

export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
