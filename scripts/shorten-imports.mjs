#!/usr/bin/env node
// Gives a wasm-bindgen module's imports short names, in the .wasm and in its JS glue alike.
//
//   node scripts/shorten-imports.mjs pkg/NAME.js pkg/NAME_bg.wasm
//
// wasm-bindgen names every import like `__wbg_querySelectorAll_bd785907acdf7800` and repeats the
// glue's file name as each import's module: a few kilobytes per build that brotli cannot squeeze
// (the hashes are random), downloaded on every page view. This renames the module to "w" and the
// imports to "a", "b", … in the wasm import section, and renames the matching keys of the glue's
// import object. Every name must be found exactly once in the glue, or nothing is written: a
// mismatch would only show at instantiation, so it fails the build instead.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const die = (msg) => {
  throw new Error(msg);
};

// --- LEB128 and names ---------------------------------------------------------------------
function readU32(buf, at) {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    if (i >= buf.length) die('the module ends inside a number (truncated?)');
    const byte = buf[i++];
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value >>> 0, i];
    shift += 7;
    if (shift > 28) die('bad LEB128 in the wasm');
  }
}
function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}
const name = (s) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);
function readName(buf, at) {
  const [len, i] = readU32(buf, at);
  return [buf.toString('utf8', i, i + len), i + len];
}
/** The length of an import's description (kind byte included) starting at `at`. */
function descEnd(buf, at) {
  const kind = buf[at];
  let i = at + 1;
  const limits = () => {
    const flags = buf[i++];
    [, i] = readU32(buf, i);
    if (flags & 1) [, i] = readU32(buf, i);
  };
  switch (kind) {
    case 0: // function: type index
      [, i] = readU32(buf, i);
      return i;
    case 1: // table: reference type, limits
      i += 1;
      limits();
      return i;
    case 2: // memory: limits
      limits();
      return i;
    case 3: // global: value type, mutability
      return i + 2;
    case 4: // tag: attribute, type index
      [, i] = readU32(buf, i + 1);
      return i;
    default:
      return die(`unknown import kind ${kind}`);
  }
}

// --- short names: a … z, A … Z, then two letters ---------------------------------------------
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (n) =>
  n < LETTERS.length ? LETTERS[n] : shortName(Math.floor(n / LETTERS.length) - 1) + LETTERS[n % LETTERS.length];

/**
 * Renames the imports of `wasm` (a Buffer) and the matching keys of its glue `js`; returns
 * `{ wasm, js, count, module }`, or throws (naming what did not match) without changing anything.
 */
export function shortenImports(wasm, js) {
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) die('not a wasm module');
  const parts = [wasm.subarray(0, 8)];
  const renamed = new Map(); // old field name -> new
  let module = null;
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = readU32(wasm, at + 1);
    const end = start + size;
    if (end > wasm.length) die('a section runs past the end of the module (truncated?)');
    if (id !== 2) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, i] = readU32(wasm, start);
    const entries = [u32(count)];
    while (count--) {
      let mod, field;
      [mod, i] = readName(wasm, i);
      [field, i] = readName(wasm, i);
      const descStart = i;
      i = descEnd(wasm, i);
      if (module === null) module = mod;
      if (mod !== module) die(`imports from two modules (${module}, ${mod}); expected wasm-bindgen's one`);
      if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
      entries.push(name('w'), name(renamed.get(field)), wasm.subarray(descStart, i));
    }
    if (i !== end) die('the import section did not parse to its end');
    const body = Buffer.concat(entries);
    parts.push(Buffer.from([2]), u32(body.length), body);
    at = end;
  }
  if (module === null) die('no imports found');

  // Rename the glue's import object keys.
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  for (const [old, short] of renamed) {
    const key = new RegExp(`^(\\s*)${escape(old)}:`, 'gm');
    const found = js.match(key);
    if (!found || found.length !== 1) die(`import ${old} is a key ${found ? found.length : 0} times in the glue, not once`);
    js = js.replace(key, `$1${short}:`);
  }
  const moduleKey = new RegExp(`(["'])${escape(module)}\\1:`, 'g');
  const moduleFound = js.match(moduleKey);
  if (!moduleFound || moduleFound.length !== 1) die(`the module key ${module} is not in the glue exactly once`);
  js = js.replace(moduleKey, '"w":');

  return { wasm: Buffer.concat(parts), js, count: renamed.size, module };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [jsPath, wasmPath] = process.argv.slice(2);
  if (!jsPath || !wasmPath) {
    console.error('usage: node scripts/shorten-imports.mjs GLUE.js MODULE_bg.wasm');
    process.exit(2);
  }
  let out;
  try {
    out = shortenImports(fs.readFileSync(wasmPath), fs.readFileSync(jsPath, 'utf8'));
  } catch (e) {
    console.error(`shorten-imports: ${jsPath}, ${wasmPath}: ${e.message}; nothing was changed`);
    process.exit(1);
  }
  fs.writeFileSync(wasmPath, out.wasm);
  fs.writeFileSync(jsPath, out.js);
  console.log(`shorten-imports: ${out.count} imports of ${out.module} renamed in ${wasmPath} and ${jsPath}`);
}
