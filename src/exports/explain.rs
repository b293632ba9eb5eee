//! The manifest's errors in words, for the browser (the `explain` build).
//!
//! The gate only tells whether a manifest is valid; this build, loaded when it is not (and by
//! the playground), says what is wrong, where, and what to do.

use crate::manifest::Manifest;
use wasm_bindgen::prelude::*;

/// Every problem in a manifest, one per line with its JSON path and position; empty if valid.
#[wasm_bindgen]
pub fn explain(manifest_json: &str) -> String {
    match Manifest::from_json(manifest_json) {
        Ok(_) => String::new(),
        Err(errs) => errs.to_string(),
    }
}

/// Every problem in a manifest as objects `{ path, line, column, kind, message, help }`
/// (an empty array when it is valid): what the playground lists beside the editor.
#[wasm_bindgen]
pub fn check(manifest_json: &str) -> js_sys::Array {
    let out = js_sys::Array::new();
    if let Err(errs) = Manifest::from_json(manifest_json) {
        for e in errs.iter() {
            let o = js_sys::Object::new();
            let set = |k: &str, v: JsValue| {
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
            };
            set("path", JsValue::from_str(e.path()));
            set("line", JsValue::from(e.line() as u32));
            set("column", JsValue::from(e.column() as u32));
            set("kind", JsValue::from_str(e.kind().as_str()));
            set("message", JsValue::from_str(e.message()));
            set("help", e.help().map_or(JsValue::NULL, JsValue::from_str));
            out.push(&o);
        }
    }
    out
}
