//! The manifest's errors in words, for the browser (the `explain` build).
//!
//! The gate only tells whether a manifest is valid; this build, loaded when it is not (and by
//! the playground), says what is wrong, where, and what to do.

use crate::manifest::Manifest;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Every problem in a manifest, one per line with its JSON path and position; empty if valid.
#[wasm_bindgen]
pub fn explain(manifest_json: &str) -> String {
    match Manifest::from_json(manifest_json) {
        Ok(_) => String::new(),
        Err(errs) => errs.to_string(),
    }
}

/// One problem as the playground reads it.
#[derive(serde::Serialize)]
struct Problem<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    kind: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

/// Every problem in a manifest as objects `{ path, line, column, kind, message, help }`
/// (an empty array when it is valid; `help` is `null` when there is none): what the playground
/// lists beside the editor.
#[wasm_bindgen]
pub fn check(manifest_json: &str) -> Result<JsValue, serde_wasm_bindgen::Error> {
    let errs = Manifest::from_json(manifest_json).err();
    let problems: Vec<Problem> = errs
        .iter()
        .flat_map(|errs| errs.iter())
        .map(|e| Problem {
            path: e.path(),
            line: e.line() as u32,
            column: e.column() as u32,
            kind: e.kind().as_str(),
            message: e.message(),
            help: e.help(),
        })
        .collect();
    problems.serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true))
}
