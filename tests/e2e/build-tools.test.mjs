// The build's own tools (scripts/build.sh runs them on every build): the stylesheet minifier and
// the import renamer, with the inputs they must refuse. No browser needed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { minifyCss } from '../../scripts/minify-css.mjs';
import { shortenImports } from '../../scripts/shorten-imports.mjs';
import { ROOT } from './helpers.mjs';


test('minify-css: comments and whitespace go; strings and descendant selectors stay', () => {
  const css = `/* header */
.a :focus-visible ,
.b:hover > .c {
  content: "a  /* not a comment */ , b";
  font: 15px/1.5 "Segoe UI" , sans-serif ;
}
@media (prefers-color-scheme: dark) { .a { color : #fff; } }
`;
  assert.equal(
    minifyCss(css),
    '.a :focus-visible,.b:hover>.c{content:"a  /* not a comment */ , b";font:15px/1.5 "Segoe UI",sans-serif}' +
      '@media (prefers-color-scheme:dark){.a{color :#fff}}\n',
  );
});

test('minify-css: the shipped stylesheet keeps every rule', () => {
  const css = fs.readFileSync(path.join(ROOT, 'assets', 'consentry.css'), 'utf8');
  const min = minifyCss(css);
  assert.ok(min.length < css.length * 0.85, `expected a real saving: ${css.length} -> ${min.length}`);
  const count = (s, re) => (s.replace(/\/\*[\s\S]*?\*\//g, '').match(re) || []).length;
  assert.equal(count(min, /{/g), count(css, /{/g), 'as many blocks');
  assert.equal(count(min, / :focus-visible/g), count(css, / :focus-visible/g), 'descendant :focus-visible kept');
});

// A wasm module with a function type and imports, as wasm-bindgen writes them.
const leb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const str = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
const section = (id, body) => [id, ...leb(body.length), ...body];
function wasmWith(imports) {
  const types = section(1, [1, 0x60, 0, 0]); // one type: () -> ()
  const body = [...leb(imports.length)];
  for (const [module, name] of imports) body.push(...str(module), ...str(name), 0, 0); // function of type 0
  return Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...section(2, body)]);
}
const MOD = './x_bg.js';
const NAMES = ['__wbg_log_0123456789abcdef', '__wbindgen_throw_fedcba9876543210'];
const glue = (names = NAMES, module = MOD) => `function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
${names.map((n) => `        ${n}: function() { globalThis.__called = ${JSON.stringify(n)}; },`).join('\n')}
    };
    return { __proto__: null, ${JSON.stringify(module)}: import0 };
}
return __wbg_get_imports();`;

test('shorten-imports: the wasm and its glue get the same short names, and still link', () => {
  const out = shortenImports(wasmWith(NAMES.map((n) => [MOD, n])), glue());
  assert.equal(out.count, 2);
  assert.equal(out.module, MOD);
  const module = new WebAssembly.Module(out.wasm);
  assert.deepEqual(WebAssembly.Module.imports(module), [
    { module: 'w', name: 'a', kind: 'function' },
    { module: 'w', name: 'b', kind: 'function' },
  ]);
  const imports = new Function(out.js)();
  assert.deepEqual(Object.keys(imports.w), ['a', 'b']);
  new WebAssembly.Instance(module, imports); // every import resolves
  imports.w.b();
  assert.equal(globalThis.__called, NAMES[1], 'b is the function that was __wbindgen_throw');
});

test('shorten-imports: refuses what it cannot rename safely, naming the problem', () => {
  const wasm = wasmWith(NAMES.map((n) => [MOD, n]));
  const cases = [
    ['a glue without one of the imports', () => shortenImports(wasm, glue([NAMES[0]])), /__wbindgen_throw_fedcba9876543210 is a key 0 times/],
    ['a glue naming an import twice', () => shortenImports(wasm, glue([...NAMES, NAMES[0]])), /__wbg_log_0123456789abcdef is a key 2 times/],
    ['a glue with another module name', () => shortenImports(wasm, glue(NAMES, './y_bg.js')), /module key \.\/x_bg\.js is not in the glue/],
    ['imports from two modules', () => shortenImports(wasmWith([[MOD, NAMES[0]], ['env', NAMES[1]]]), glue()), /two modules/],
    ['not wasm', () => shortenImports(Buffer.from('console.log(1)'), glue()), /not a wasm module/],
    ['a truncated module', () => shortenImports(wasm.subarray(0, wasm.length - 5), glue()), /truncated/],
    ['no imports', () => shortenImports(Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), glue()), /no imports/],
  ];
  for (const [what, run, message] of cases) assert.throws(run, message, what);
});

test('shorten-imports (command): on a mismatch it exits 1 and leaves both files as they were', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shorten-'));
  try {
    const wasmPath = path.join(dir, 'x_bg.wasm');
    const jsPath = path.join(dir, 'x.js');
    const wasm = wasmWith(NAMES.map((n) => [MOD, n]));
    fs.writeFileSync(wasmPath, wasm);
    fs.writeFileSync(jsPath, glue([NAMES[0]]));
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'shorten-imports.mjs'), jsPath, wasmPath], { stdio: 'pipe' });
    } catch (e) {
      status = e.status;
      stderr = String(e.stderr);
    }
    assert.equal(status, 1);
    assert.match(stderr, /nothing was changed/);
    assert.deepEqual(fs.readFileSync(wasmPath), wasm);
    assert.equal(fs.readFileSync(jsPath, 'utf8'), glue([NAMES[0]]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
