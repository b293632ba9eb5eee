// The machine and build a run is measured on, for the report's header: CPUs, memory, load,
// Node, Chromium, the commit.

import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { ROOT } from './fixtures.mjs';

export function machine(browserVersion) {
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
