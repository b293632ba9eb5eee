// The server's root for a run: pkg/ may be rebuilt by someone else while we run, so wait until
// it is complete, copy it into a temporary directory next to links to www/ and index.html, and
// notice a change during the copy.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './fixtures.mjs';
import { sleep } from './settings.mjs';

export const PKG_FILES = [
  'consentry.js',
  'consentry_gate.wasm',
  'consentry_check.wasm',
  'consentry_ui.js',
  'consentry_ui_bg.wasm',
  'consentry.css',
];

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
export async function snapshotRoot() {
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
