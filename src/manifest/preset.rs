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

/// One preset of the catalog, as the tools show it.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its name.
    pub name: String,
    /// Its English title.
    pub title: String,
    /// The category it usually belongs in (one of [`KINDS`]).
    pub kind: String,
    /// Its other names.
    pub aliases: Vec<String>,
    /// It tracks visitors across pages or sites.
    pub tracking: bool,
    /// It shares personal data for the vendor's own advertising.
    pub sale_or_sharing: bool,
    /// It grants Google Consent Mode signals.
    pub consent_mode: bool,
}

/// Every preset of the catalog, in name order.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
pub fn entries() -> Vec<Entry> {
    with_presets(|doc| {
        let Some(doc) = doc else { return Vec::new() };
        let string = |n: Option<&Node>| match n.map(|n| &n.value) {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        let strings = |n: Option<&Node>| match n.map(|n| &n.value) {
            Some(Value::Array(items)) => items.iter().map(|i| string(Some(i))).collect(),
            _ => Vec::new(),
        };
        let (tracking, sharing) = (
            strings(doc.field("tracking")),
            strings(doc.field("sale_or_sharing")),
        );
        let aliases = match doc.field("aliases").map(|a| &a.value) {
            Some(Value::Object(all)) => all.as_slice(),
            _ => &[],
        };
        let Some(Value::Object(all)) = doc.field("presets").map(|p| &p.value) else {
            return Vec::new();
        };
        all.iter()
            .map(|(name, _, fields)| Entry {
                name: name.clone(),
                title: string(fields.field("title").and_then(|t| t.field("en"))),
                kind: string(doc.field("kinds").and_then(|k| k.field(name))),
                aliases: aliases
                    .iter()
                    .filter(|(_, _, canonical)| string(Some(canonical)) == *name)
                    .map(|(alias, _, _)| alias.clone())
                    .collect(),
                tracking: tracking.contains(name),
                sale_or_sharing: sharing.contains(name),
                consent_mode: fields.field("consent_mode").is_some(),
            })
            .collect()
    })
}

/// The preset called `name` or by one of its aliases.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
pub fn entry(name: &str) -> Option<Entry> {
    let is = |e: &Entry| e.name == name || e.aliases.iter().any(|a| a == name);
    entries().into_iter().find(is)
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

/// The preset called `name` (or by an alias) in the catalog's document `doc`.
pub fn lookup<'d>(doc: &'d Node, name: &str) -> Option<&'d Node> {
    let presets = doc.field("presets")?;
    presets
        .field(name)
        .or_else(|| match &doc.field("aliases")?.field(name)?.value {
            Value::String(canonical) => presets.field(canonical),
            _ => None,
        })
}

/// The error for a service's `preset` that names nothing in the catalog `doc`, with the
/// closest name.
#[cold]
pub fn unknown(path: Path, name: &str, doc: Option<&Node>) -> Error {
    let mut names: Vec<&str> = Vec::new();
    for part in ["presets", "aliases"] {
        if let Some(Value::Object(fields)) = doc.and_then(|d| d.field(part)).map(|n| &n.value) {
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
