//! The site owner's policy manifest: types, parsing, validation with JSON paths, texts.
//!
//! ```
//! let m = consentry::manifest::Manifest::from_json(r#"{
//!   "version": 1, "revision": 1, "site": {"name": "Example"},
//!   "categories": [{"id": "necessary", "required": true, "title": "Necessary"}]
//! }"#).unwrap();
//! assert_eq!(m.cookie.name, "consentry");
//! ```

use crate::prelude::*;
pub mod compact;
mod declare;
mod decode;
#[cfg(not(target_arch = "wasm32"))]
pub mod docs;
mod error;
pub mod google;
mod interface_texts;
pub mod json;
mod localized;
mod model;
pub mod preset;
mod report;
pub mod schema;
mod suggest;
mod validate;
// Warnings are looked for by the tools only: natively (`consentry validate`) and in the explain
// build (the playground). The gate builds never compile them.
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
mod warn;

pub use error::{Error, Errors, Kind, Problem, Warning, WarningKind};
pub use interface_texts::{
    fill, BannerTexts, EmbedTexts, ResolvedTexts, UiTexts, DEFAULT_EMBED_TEXTS, DEFAULT_TEXTS,
};
pub use localized::Text;
pub use model::*;
pub use report::{quote, Collect, Path, Report, Silent};
pub use suggest::did_you_mean;
pub use validate::{is_id, is_language_tag, MAX_COOKIE_VALUE, MAX_ENTRIES, MAX_ID_LEN};
#[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
pub use warn::Checked;

/// Largest manifest accepted, in bytes.
pub const MAX_MANIFEST_BYTES: usize = 1 << 20;

/// The error for `src`, which is not JSON. Hand-edited JSON often has what JSON refuses,
/// comments and a comma before `}` or `]`: those are named.
#[cold]
fn syntax_error(src: &str, e: &json::SyntaxError) -> Error {
    let rest = src.as_bytes().get(e.pos..).unwrap_or_default();
    let at = |pos| json::line_col(src, pos);
    let error = |pos, message: &str, help: &str| {
        let (line, column) = at(pos);
        Error::new(Kind::Syntax, "", format!("invalid JSON: {message}"))
            .at(line, column)
            .with_help(help)
    };
    if rest.starts_with(b"//") || rest.starts_with(b"/*") {
        return error(e.pos, "a comment", "JSON has no comments; remove it");
    }
    let before = src.get(..e.pos).unwrap_or_default();
    let before = before.trim_end_matches([' ', '\t', '\n', '\r']);
    if let (Some(&close @ (b'}' | b']')), true) = (rest.first(), before.ends_with(',')) {
        let message = format!("a comma before {}", close as char);
        return error(
            before.len() - 1,
            &message,
            "JSON allows no comma before } or ]; remove it",
        );
    }
    let help = if e.what == json::Syntax::TooDeep {
        "a manifest needs no more than a few levels of nesting"
    } else {
        "check for a missing comma, quote or bracket at or just before this position"
    };
    error(e.pos, e.what.message(), help)
}

/// A manifest's text without the byte-order mark an editor may have saved before it.
fn without_bom(src: &str) -> &str {
    src.strip_prefix('\u{feff}').unwrap_or(src)
}

impl Manifest {
    /// Parses and validates a manifest, returning every problem found.
    pub fn from_json(src: &str) -> Result<Manifest, Errors> {
        Manifest::collect(src).0
    }

    /// Reads a manifest with a report that words everything: the manifest or its errors, and
    /// the report (its warnings).
    fn collect(src: &str) -> (Result<Manifest, Errors>, Collect) {
        let mut report = Collect::default();
        let manifest = match Manifest::read(src, &mut report) {
            Some(m) if !report.failed() => Ok(m),
            _ => Err(Errors(core::mem::take(&mut report.errors))),
        };
        (manifest, report)
    }

    /// Parses and validates a manifest, only telling whether it is valid. This is what the gate
    /// runs on every page view: the same checks as [`Manifest::from_json`], without the code
    /// that writes messages.
    pub fn from_json_quiet(src: &str) -> Option<Manifest> {
        // The explain build links the wording anyway: one copy of the reader there, not two.
        if cfg!(all(target_arch = "wasm32", feature = "explain")) {
            return Manifest::from_json(src).ok();
        }
        Manifest::parse_quiet(src).and_then(|root| Manifest::from_parsed_quiet(src, &root))
    }

    /// The first step of [`Manifest::from_json_quiet`]: the JSON tree of `src`, or `None` if it
    /// is not JSON or over [`MAX_MANIFEST_BYTES`]. The gate takes the two steps in two tasks
    /// for a large manifest.
    pub fn parse_quiet(src: &str) -> Option<json::Node> {
        let src = without_bom(src);
        if src.len() > MAX_MANIFEST_BYTES {
            return None;
        }
        json::parse(src).ok()
    }

    /// The second step of [`Manifest::from_json_quiet`]: decodes and checks `root`, which
    /// [`Manifest::parse_quiet`] made of `src`.
    pub fn from_parsed_quiet(src: &str, root: &json::Node) -> Option<Manifest> {
        let mut report = Silent::default();
        Manifest::read_tree(without_bom(src), root, &mut report).filter(|_| !report.failed())
    }

    fn read<R: Report>(src: &str, report: &mut R) -> Option<Manifest> {
        let src = without_bom(src);
        if src.len() > MAX_MANIFEST_BYTES {
            report.report(|| {
                Error::new(
                    Kind::Limit,
                    "",
                    format!(
                        "the manifest is {} bytes; the limit is {MAX_MANIFEST_BYTES}",
                        src.len()
                    ),
                )
                .with_help(
                    "a manifest describes categories and services; it should be a few kilobytes",
                )
            });
            return None;
        }
        let (root, duplicates) = match json::parse_all(src) {
            Ok(parsed) => parsed,
            Err(e) => {
                report.report(|| syntax_error(src, &e));
                return None;
            }
        };
        for d in &duplicates {
            // One inside a value that is itself given twice is not in the tree: that one is
            // reported.
            let Some(object) = root.path_of(d.object) else {
                continue;
            };
            report.report(|| {
                let path = if object.is_empty() {
                    d.key.clone()
                } else {
                    format!("{object}.{}", d.key)
                };
                let ((line, column), (l, c)) =
                    (json::line_col(src, d.pos), json::line_col(src, d.first));
                Error::new(
                    Kind::Duplicate,
                    path,
                    format!("{} is given twice in this object", quote(&d.key)),
                )
                .at(line, column)
                .with_help(format!(
                    "it is first given at line {l} column {c}; keep one of them"
                ))
            });
        }
        Manifest::read_tree(src, &root, report)
    }

    /// Decodes and checks the parsed manifest `root` of `src`; use it only if `report` has not
    /// failed.
    ///
    /// After a reading problem the gate knows enough. A report that words problems has every
    /// check run as well, so that all problems are reported at once, but none of a value that
    /// could not be read: it would only be a knock-on (see [`Report::unread`]).
    fn read_tree<R: Report>(src: &str, root: &json::Node, report: &mut R) -> Option<Manifest> {
        let manifest = preset::with_presets(|presets| {
            decode::Decoder::new(src, presets, &mut *report).manifest(root)
        })?;
        if report.failed() && !R::COLLECTS {
            return None;
        }
        report.read_done();
        validate::check(&manifest, src, root, report);
        #[cfg(any(not(target_arch = "wasm32"), feature = "explain"))]
        if R::COLLECTS {
            warn::check(&manifest, src, root, report);
        }
        Some(manifest)
    }

    /// Parses and validates a manifest from raw bytes (which must be UTF-8).
    pub fn from_slice(bytes: &[u8]) -> Result<Manifest, Errors> {
        Manifest::utf8(bytes).and_then(Manifest::from_json)
    }

    /// `bytes` as text, or the error for a manifest that is not UTF-8.
    fn utf8(bytes: &[u8]) -> Result<&str, Errors> {
        core::str::from_utf8(bytes).map_err(|e| {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = before.len()
                - before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            Errors(vec![Error::new(
                Kind::Syntax,
                "",
                "the manifest is not valid UTF-8",
            )
            .at(line, col)
            .with_help("save the file as UTF-8")])
        })
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The service whose `embeds` the iframe address `src` starts with, if one's do.
    pub fn embed_service(&self, src: &str) -> Option<&Service> {
        let mine = |s: &&Service| {
            s.embeds
                .iter()
                .any(|prefix| src.starts_with(prefix.as_str()))
        };
        self.services.iter().find(mine)
    }

    /// The services of a category, in manifest order.
    pub fn services_in<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Service> + 'a {
        self.services.iter().filter(move |s| s.category == category)
    }

    /// Every category id, then every service id.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.categories
            .iter()
            .map(|c| c.id.as_str())
            .chain(self.services.iter().map(|s| s.id.as_str()))
    }

    /// Every id as [`Manifest::ids`] lists them, each with whether it is required: what
    /// [`Manifest::is_required`] says, without looking each service up (passes over every id
    /// stay linear on a manifest of hundreds of services).
    pub fn ids_required(&self) -> impl Iterator<Item = (&str, bool)> {
        let categories = self.categories.iter().map(|c| (c.id.as_str(), c.required));
        let services = self.services.iter().map(move |s| {
            let required = self.category(&s.category).is_some_and(|c| c.required);
            (s.id.as_str(), required)
        });
        categories.chain(services)
    }

    /// Whether `id` is required: a required category, or a service in one.
    pub fn is_required(&self, id: &str) -> bool {
        match self.category(id) {
            Some(c) => c.required,
            None => self
                .service(id)
                .and_then(|s| self.category(&s.category))
                .is_some_and(|c| c.required),
        }
    }

    /// The best available language for the visitor's preferences (`navigator.languages`).
    pub fn pick_language<S: AsRef<str>>(&self, preferred: &[S]) -> &str {
        let available = &self.languages.available;
        for want in preferred {
            let want = want.as_ref();
            let primary = crate::text::split(want, b'-').next().unwrap_or(want);
            if let Some(l) = available
                .iter()
                .find(|l| l.eq_ignore_ascii_case(want))
                .or_else(|| available.iter().find(|l| l.eq_ignore_ascii_case(primary)))
            {
                return l;
            }
        }
        &self.languages.default
    }
}

#[cfg(test)]
mod tests;
