#!/usr/bin/env bash
# Builds pkg/ from nothing: the gate, check, UI and explain wasm, their JS glue, the loader and the stylesheet.
# pkg/ is the deployable: copy it anywhere and point one <script type="module"> at consentry.js.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

target=wasm32-unknown-unknown
out=target/$target/release/consentry.wasm
# -Oz until nothing changes; a fresh instance's memory is zero-filled and Rust leaves the
# lowest kilobyte unused (the stack grows down towards it from 1 MiB), which lets binaryen fold
# more constants. Traps stay traps (no --traps-never-happen): a panic must stop the module.
opt=(node_modules/.bin/wasm-opt -Oz --converge --zero-filled-memory --low-memory-unused --strip-debug --strip-producers
     --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
     --enable-reference-types --enable-multivalue)

rm -rf pkg && mkdir -p pkg
build() { # build NAME [cargo flags…]: a wasm-bindgen module, NAME.js and NAME_bg.wasm
  local name=$1; shift
  cargo build --release --target $target --lib "$@"
  wasm-bindgen --target web --no-typescript --out-dir pkg --out-name "$name" "$out"
  "${opt[@]}" "pkg/${name}_bg.wasm" -o "pkg/${name}_bg.wasm"
  node scripts/shorten-imports.mjs "pkg/${name}.js" "pkg/${name}_bg.wasm"
}
build_plain() { # build_plain NAME [cargo flags…]: a module that imports nothing, NAME.wasm alone
  local name=$1; shift
  cargo build --release --target $target --lib "$@"
  "${opt[@]}" "$out" -o "pkg/${name}.wasm"
  if node -e 'process.exit(WebAssembly.Module.imports(new WebAssembly.Module(require("fs").readFileSync(process.argv[1]))).length ? 1 : 0)' "pkg/${name}.wasm"; then :; else
    echo "build: pkg/${name}.wasm imports from JavaScript; the gate must not (see src/exports/ffi.rs)" >&2
    exit 1
  fi
}
# The gate builds call nothing in JavaScript: no glue file (src/exports/ffi.rs).
build_plain consentry_gate --features bare
build_plain consentry_check --features bare,check
build consentry_ui --features ui
build consentry_explain --features explain
# The loader is ES modules (assets/loader/: consentry.js and the contract.ts generated from the
# Rust side), bundled into the one file the tag loads; the contract's enums are inlined.
node_modules/.bin/esbuild assets/loader/consentry.js --bundle --format=esm --target=es2020 --minify-syntax --log-level=warning \
  --outfile=pkg/consentry.js
cp assets/consentry.d.ts pkg/
node scripts/write-presets.mjs catalog/presets.json pkg/presets
node scripts/minify-css.mjs assets/consentry.css pkg/consentry.css
# Minify the JavaScript (the loader and wasm-bindgen's glue): fewer bytes on every page view.
for js in pkg/consentry.js pkg/consentry_ui.js pkg/consentry_explain.js; do
  node_modules/.bin/terser "$js" --module --ecma 2020 --compress passes=2 --mangle -o "$js"
done
echo "build: pkg/ is ready:"
ls -l pkg | awk 'NR>1 && $1 !~ /^d/ {printf "  %-28s %7d bytes\n", $9, $5}'
