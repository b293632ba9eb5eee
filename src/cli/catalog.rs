//! The service catalog as the command line reads it: `consentry presets` lists it, and
//! `consentry init --preset NAME` starts a manifest from it.

use crate::manifest::{did_you_mean, preset};
use serde_json::Value;
use std::io::Write;
use std::sync::OnceLock;

/// The catalog's document (`catalog/presets.json`, built in).
fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::from_str(preset::CATALOG).expect("the built-in catalog is JSON"))
}

/// One preset of the catalog.
pub(super) struct Preset {
    /// Its name.
    pub name: &'static str,
    /// Its English title.
    pub title: &'static str,
    /// The category it usually belongs in.
    pub kind: &'static str,
    /// Other names for it.
    pub aliases: Vec<&'static str>,
    /// It tracks visitors across pages or sites.
    pub tracking: bool,
    /// It shares personal data for the vendor's own advertising.
    pub sale_or_sharing: bool,
    /// It reads Google Consent Mode.
    pub consent_mode: bool,
}

/// Every preset, in name order.
pub(super) fn presets() -> Vec<Preset> {
    let doc = document();
    let listed = |list: &str, name: &str| {
        doc[list]
            .as_array()
            .is_some_and(|l| l.iter().any(|n| n == name))
    };
    let Some(all) = doc["presets"].as_object() else {
        return Vec::new();
    };
    let aliases = doc["aliases"].as_object();
    all.iter()
        .map(|(name, fields)| Preset {
            name,
            title: fields["title"]["en"].as_str().unwrap_or(name),
            kind: doc["kinds"][name].as_str().unwrap_or("functional"),
            aliases: aliases
                .into_iter()
                .flatten()
                .filter(|(_, canonical)| *canonical == name)
                .map(|(alias, _)| alias.as_str())
                .collect(),
            tracking: listed("tracking", name),
            sale_or_sharing: listed("sale_or_sharing", name),
            consent_mode: fields.get("consent_mode").is_some(),
        })
        .collect()
}

/// The preset called `name` or by an alias of it; else the error to print, with the closest
/// name.
pub(super) fn find(name: &str) -> Result<Preset, String> {
    let all = presets();
    let names: Vec<&str> = all
        .iter()
        .flat_map(|p| std::iter::once(p.name).chain(p.aliases.iter().copied()))
        .collect();
    let near = did_you_mean(name, names.iter().copied());
    match all.into_iter().find(|p| p.name == name || p.aliases.contains(&name)) {
        Some(p) => Ok(p),
        None => Err(match near {
            Some(near) => format!("no preset is called \"{name}\"; did you mean \"{near}\"? (consentry presets lists them)"),
            None => format!("no preset is called \"{name}\" (consentry presets lists them)"),
        }),
    }
}

/// `consentry presets`: one line per preset, name, title, usual category and other names.
pub(super) fn list() -> super::Outcome {
    let all = presets();
    let mut out = std::io::stdout().lock();
    let width = all.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let title_width = all
        .iter()
        .map(|p| p.title.chars().count())
        .max()
        .unwrap_or(0);
    for p in &all {
        let title_pad = " ".repeat(title_width - p.title.chars().count());
        let also = if p.aliases.is_empty() {
            String::new()
        } else {
            format!("  (also {})", p.aliases.join(", "))
        };
        // A closed pipe (`consentry presets | head`) ends the listing, quietly.
        let line = format!(
            "{:width$}  {}{title_pad}  {:10}{also}",
            p.name, p.title, p.kind
        );
        if writeln!(out, "{}", line.trim_end()).is_err() {
            return super::Outcome::Ok;
        }
    }
    let _ = writeln!(out, "\n{} presets; use one as {{\"id\": \"…\", \"category\": \"…\", \"preset\": \"NAME\"}} in a manifest's services (docs/catalog.md)", all.len());
    super::Outcome::Ok
}
