// Writes one file per catalog preset and alias into a directory (pkg/presets/NAME.json), from
// catalog/presets.json: the loader fetches only the presets a manifest names.
// Usage: node scripts/write-presets.mjs catalog/presets.json pkg/presets
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [from, to] = process.argv.slice(2);
const catalog = JSON.parse(readFileSync(from, "utf8"));
mkdirSync(to, { recursive: true });
const names = { ...Object.fromEntries(Object.keys(catalog.presets).map((n) => [n, n])), ...catalog.aliases };
for (const [name, preset] of Object.entries(names)) {
  const fields = catalog.presets[preset];
  if (!fields) throw new Error(`${from}: the alias ${name} names no preset ${preset}`);
  writeFileSync(join(to, name + ".json"), JSON.stringify(fields));
}
console.log(`write-presets: ${Object.keys(names).length} files in ${to}`);
