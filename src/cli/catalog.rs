//! The service catalog on the command line: `consentry presets` lists it, and
//! `consentry init --preset NAME` finds presets in it ([`crate::manifest::preset::entries`]).

use crate::manifest::preset::{self, Entry};
use crate::manifest::{did_you_mean, quote};
use std::io::Write;

/// The preset called `name` or by an alias of it; else the error to print, with the closest
/// name.
pub(super) fn find(name: &str) -> Result<Entry, String> {
    if let Some(e) = preset::entry(name) {
        return Ok(e);
    }
    let all = preset::entries();
    let names = all
        .iter()
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .map(String::as_str);
    Err(match did_you_mean(name, names) {
        Some(near) => format!(
            "no preset is called {}; did you mean {}? (consentry presets lists them)",
            quote(name),
            quote(near)
        ),
        None => format!(
            "no preset is called {} (consentry presets lists them)",
            quote(name)
        ),
    })
}

/// `consentry presets`: one line per preset, name, title, usual category and other names.
pub(super) fn list() -> super::Outcome {
    let all = preset::entries();
    let mut out = std::io::stdout().lock();
    let width = all.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let title_width = all
        .iter()
        .map(|e| e.title.chars().count())
        .max()
        .unwrap_or(0);
    for e in &all {
        let title_pad = " ".repeat(title_width - e.title.chars().count());
        let also = if e.aliases.is_empty() {
            String::new()
        } else {
            format!("  (also {})", e.aliases.join(", "))
        };
        let line = format!(
            "{:width$}  {}{title_pad}  {:10}{also}",
            e.name, e.title, e.kind
        );
        // A closed pipe (`consentry presets | head`) ends the listing, quietly.
        if writeln!(out, "{}", line.trim_end()).is_err() {
            return super::Outcome::Ok;
        }
    }
    let _ = writeln!(out, "\n{} presets; use one as {{\"id\": \"…\", \"category\": \"…\", \"preset\": \"NAME\"}} in a manifest's services (docs/catalog.md)", all.len());
    super::Outcome::Ok
}
