#!/usr/bin/env node
// Minifies a stylesheet the safe way: drops comments, collapses whitespace, and removes it only
// around { } ; , and > and after : — never before : (".a :focus" and ".a:focus" differ). Quoted strings are
// copied as they are.
//
//   node scripts/minify-css.mjs IN.css OUT.css
import fs from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/minify-css.mjs IN.css OUT.css');
  process.exit(2);
}
const squeeze = (code) =>
  code
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':') // after a property name or a media feature; a selector's ':' has no space after
    .replace(/;}/g, '}');
// Comments, strings, and the code between them, in order.
const token = /(\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;
let out = '';
let last = 0;
for (const m of fs.readFileSync(input, 'utf8').matchAll(token)) {
  out += squeeze(m.input.slice(last, m.index));
  if (m[2]) out += m[2];
  else out += ' '; // a comment separates like whitespace
  last = m.index + m[0].length;
}
out += squeeze(fs.readFileSync(input, 'utf8').slice(last));
fs.writeFileSync(output, out.trim() + '\n');
