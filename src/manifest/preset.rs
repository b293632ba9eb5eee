//! Services of the catalog: a service's `"preset"` gives the fields the service leaves out.
//!
//! The catalog's presets (`catalog/presets.json`, generated from `catalog/services/*.json` by
//! `tests/catalog.rs`) are `{"presets": {NAME: {FIELD: VALUE, …}, …}, "aliases": {ALIAS: NAME,
//! …}}`, each value written as a manifest service would write it. The decoder reads a field of
//! a service from the service, else from its preset (`decode::Obj`): nothing is copied.
//!
//! The native build and the explain build carry the whole catalog. The builds that read a
//! page's manifest (check, UI) carry none of it: the loader fetches the presets the manifest
//! names (`pkg/presets/NAME.json`) and hands them over (`provide`, in those builds), so that no
//! page view downloads the whole catalog. The small gate reads the compact form, in which the
//! presets' fields are already read.

use super::error::{Error, Kind};
use super::json::{Node, Value};
use super::report::{quote, Path};
use super::suggest::did_you_mean;
use crate::prelude::*;

/// The field that names a preset.
pub const FIELD: &str = "preset";

/// The whole catalog, as the native and explain builds carry it.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
pub const CATALOG: &str = include_str!("../../catalog/presets.json");

/// Calls `f` with the catalog's document, parsed once.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
pub fn with_presets<T>(f: impl FnOnce(Option<&Node>) -> T) -> T {
    static PARSED: std::sync::OnceLock<Option<Node>> = std::sync::OnceLock::new();
    f(PARSED
        .get_or_init(|| super::json::parse(CATALOG).ok())
        .as_ref())
}

/// The categories a manifest of presets gets, one per kind of the catalog, in this order: id
/// (the kind), title, and what the category is for, in words a policy could keep. What
/// `consentry init --preset` writes and the playground adds.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
pub const KINDS: &[(&str, &str, &str)] = &[
    (
        "necessary",
        "Strictly necessary",
        "What the site cannot work without, such as remembering this choice.",
    ),
    (
        "functional",
        "Functional",
        "Features you use on the site, such as fonts, forms and payment, run by third parties.",
    ),
    (
        "analytics",
        "Analytics",
        "Measures how the site is used, so that we can improve it.",
    ),
    (
        "marketing",
        "Marketing",
        "Advertising partners measure our ads and may show you ads on other sites.",
    ),
    (
        "embeds",
        "Embedded content",
        "Videos, maps, music and posts from other sites, loaded from them.",
    ),
    (
        "support",
        "Support",
        "Chat and help widgets, run by third parties.",
    ),
];

/// Every preset of the catalog as (name, English title, kind), in name order.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
pub fn list() -> Vec<(String, String, String)> {
    with_presets(|doc| {
        let string = |n: Option<&Node>| match n.map(|n| &n.value) {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        let kinds = doc.and_then(|d| field(d, "kinds"));
        match doc.and_then(|d| field(d, "presets")).map(|p| &p.value) {
            Some(Value::Object(all)) => all
                .iter()
                .map(|(name, _, fields)| {
                    let title = field(fields, "title").and_then(|t| field(t, "en"));
                    let kind = kinds.and_then(|k| field(k, name));
                    (name.clone(), string(title), string(kind))
                })
                .collect(),
            _ => Vec::new(),
        }
    })
}

/// Whether the catalog marks the preset `name` (or its alias) as tracking visitors across
/// pages or sites.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
pub fn tracks(name: &str) -> bool {
    with_presets(|doc| {
        let Some(doc) = doc else { return false };
        let canonical = match field(doc, "aliases").and_then(|a| field(a, name)) {
            Some(Node {
                value: Value::String(c),
                ..
            }) => c.as_str(),
            _ => name,
        };
        matches!(field(doc, "tracking"), Some(Node { value: Value::Array(names), .. })
            if names.iter().any(|n| matches!(&n.value, Value::String(s) if s == canonical)))
    })
}

/// The presets the loader fetched for this page's manifest, as [`provide`] was given them.
#[cfg(all(target_arch = "wasm32", not(feature = "explain")))]
static PROVIDED: crate::single_thread::Local<Option<Node>> = crate::single_thread::Local::new(None);

/// Calls `f` with the presets the loader provided.
#[cfg(all(target_arch = "wasm32", not(feature = "explain")))]
pub fn with_presets<T>(f: impl FnOnce(Option<&Node>) -> T) -> T {
    f(PROVIDED.get().as_ref())
}

/// Takes the presets a page's manifest names, as the loader assembled them from the files of
/// `pkg/presets/` (`{"presets": {NAME: {…}, …}}`); text that is not JSON provides none, and a
/// manifest naming a preset then does not read.
#[cfg(all(target_arch = "wasm32", not(feature = "explain")))]
pub fn provide(text: &str) {
    *PROVIDED.get_mut() = super::json::parse(text).ok();
}

/// The value of `key` in the object `node`.
fn field<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Object(fields) => fields.iter().find(|(k, _, _)| k == key).map(|(_, _, n)| n),
        _ => None,
    }
}

/// The preset called `name` (or by an alias) in the catalog's document `doc`.
pub fn lookup<'d>(doc: &'d Node, name: &str) -> Option<&'d Node> {
    let presets = field(doc, "presets")?;
    field(presets, name).or_else(|| match &field(field(doc, "aliases")?, name)?.value {
        Value::String(canonical) => field(presets, canonical),
        _ => None,
    })
}

/// The error for a service's `preset` that names nothing in the catalog `doc`, with the
/// closest name.
#[cold]
pub fn unknown(path: Path, name: &str, doc: Option<&Node>) -> Error {
    let mut names: Vec<&str> = Vec::new();
    for part in ["presets", "aliases"] {
        if let Some(Value::Object(fields)) = doc.and_then(|d| field(d, part)).map(|n| &n.value) {
            names.extend(fields.iter().map(|(k, _, _)| k.as_str()));
        }
    }
    let message = format!("unknown preset {}", quote(name));
    let e = Error::new(Kind::Value, path.render(), message);
    match did_you_mean(name, names.iter().copied()) {
        Some(near) => e.with_help(format!(
            "did you mean {}? The catalog's presets are listed in docs/catalog.md",
            quote(near)
        )),
        None => e.with_help("the catalog's presets are listed in docs/catalog.md"),
    }
}
