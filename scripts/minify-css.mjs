#!/usr/bin/env node
// Minifies a stylesheet the safe way: drops comments, collapses whitespace, and removes it only
// around { } ; , and > and after : — never before : (".a :focus" and ".a:focus" differ). Quoted
// strings are copied as they are.
//
//   node scripts/minify-css.mjs IN.css OUT.css
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const squeeze = (code) =>
  code
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':') // after a property name or a media feature; a selector's ':' has no space after
    .replace(/;}/g, '}');
// Comments and strings; the code between them is squeezed.
const token = /(\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;

/** The stylesheet `css`, minified. */
export function minifyCss(css) {
  let out = '';
  let last = 0;
  for (const m of css.matchAll(token)) {
    out += squeeze(css.slice(last, m.index));
    out += m[2] ?? ' '; // a string as it is; a comment separates like whitespace
    last = m.index + m[0].length;
  }
  out += squeeze(css.slice(last));
  return out.trim() + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node scripts/minify-css.mjs IN.css OUT.css');
    process.exit(2);
  }
  fs.writeFileSync(output, minifyCss(fs.readFileSync(input, 'utf8')));
}
