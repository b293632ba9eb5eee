//! The manifest's errors in words, for the browser (the `explain` build).
//!
//! The gate only tells whether a manifest is valid; this build, loaded when it is not (and by
//! the playground), says what is wrong, where, and what to do.

use crate::manifest::{Manifest, Problem as Found};
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
    /// `"error"` (the manifest is invalid) or `"warning"` (it is valid).
    severity: &'a str,
    path: &'a str,
    line: u32,
    column: u32,
    kind: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

/// Every problem in a manifest as objects `{ severity, path, line, column, kind, message, help }`:
/// its errors (`severity` `"error"`), then its warnings (`"warning"`, which leave it valid); an
/// empty array when it is valid and has none; `help` is `null` when there is none. What the
/// playground lists beside the editor.
#[wasm_bindgen]
pub fn check(manifest_json: &str) -> Result<JsValue, serde_wasm_bindgen::Error> {
    let checked = Manifest::checked(manifest_json);
    fn problem<'a, K: Copy>(severity: &'a str, e: &'a Found<K>, kind: &'a str) -> Problem<'a> {
        Problem {
            severity,
            path: e.path(),
            line: e.line() as u32,
            column: e.column() as u32,
            kind,
            message: e.message(),
            help: e.help(),
        }
    }
    let errors = checked.manifest.as_ref().err();
    let problems: Vec<Problem> = errors
        .iter()
        .flat_map(|errs| errs.iter())
        .map(|e| problem("error", e, e.kind().as_str()))
        .chain(
            checked
                .warnings
                .iter()
                .map(|w| problem("warning", w, w.kind().as_str())),
        )
        .collect();
    problems.serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true))
}

/// One preset as the playground offers it.
#[derive(serde::Serialize)]
struct PresetItem {
    name: String,
    title: String,
    /// The id of the category it usually goes in.
    kind: String,
    /// That category's title and description, for a manifest that has none of that id yet.
    kind_title: &'static str,
    kind_description: &'static str,
}

/// Every preset of the catalog as objects `{ name, title, kind, kind_title, kind_description }`,
/// in name order: what the playground offers to add.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, serde_wasm_bindgen::Error> {
    use crate::manifest::preset;
    let items: Vec<PresetItem> = preset::entries()
        .into_iter()
        .map(|e| {
            let (_, kind_title, kind_description) = preset::KINDS
                .iter()
                .find(|(id, _, _)| *id == e.kind)
                .copied()
                .unwrap_or(("", "", ""));
            PresetItem {
                name: e.name,
                title: e.title,
                kind: e.kind,
                kind_title,
                kind_description,
            }
        })
        .collect();
    items.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}
