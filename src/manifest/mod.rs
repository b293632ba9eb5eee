//! The site owner's policy manifest: types, parsing, validation with JSON paths, texts.
//!
//! ```
//! let m = consentry::manifest::Manifest::from_json(r#"{
//!   "version": 1, "revision": 1, "site": {"name": "Example"},
//!   "categories": [{"id": "necessary", "required": true, "title": "Necessary"}]
//! }"#).unwrap();
//! assert_eq!(m.cookie.name, "consentry");
//! ```

mod error;
mod locate;
mod model;
mod suggest;
mod text;
mod texts;
mod validate;

pub use error::{Error, Errors, Kind};
pub use model::*;
pub use suggest::did_you_mean;
pub use text::Text;
pub use texts::{ResolvedTexts, DEFAULT_TEXTS};
pub use validate::{is_id, is_language_tag, MAX_COOKIE_VALUE, MAX_ENTRIES, MAX_ID_LEN};

/// Largest manifest accepted, in bytes.
pub const MAX_MANIFEST_BYTES: usize = 1 << 20;

impl Manifest {
    /// Parses and validates a manifest, returning every problem found.
    pub fn from_json(src: &str) -> Result<Manifest, Errors> {
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        if src.len() > MAX_MANIFEST_BYTES {
            return Err(Errors(vec![Error::new(
                Kind::Limit,
                "",
                format!(
                    "the manifest is {} bytes; the limit is {MAX_MANIFEST_BYTES}",
                    src.len()
                ),
            )
            .with_help(
                "a manifest describes categories and services; it should be a few kilobytes",
            )]));
        }
        let first = src.trim_start().chars().next();
        if first.is_some() && first != Some('{') {
            let (line, column) = locate::locate(src, "").unwrap_or((1, 1));
            return Err(Errors(vec![Error::new(
                Kind::Type,
                "",
                "the manifest must be a JSON object",
            )
            .at(line, column)
            .with_help("start the file with { \"version\": 1, … }")]));
        }
        let mut de = serde_json::Deserializer::from_str(src);
        let manifest: Manifest = match serde_path_to_error::deserialize(&mut de) {
            Ok(m) => m,
            Err(e) => return Err(Errors(vec![from_serde(&e.path().to_string(), e.inner())])),
        };
        if let Err(e) = de.end() {
            return Err(Errors(vec![from_serde("", &e)]));
        }
        let errs = validate::check(&manifest);
        if errs.is_empty() {
            Ok(manifest)
        } else {
            Err(Errors(
                errs.into_iter()
                    .map(|e| match locate::locate(src, e.path()) {
                        Some((l, c)) => e.at(l, c),
                        None => e,
                    })
                    .collect(),
            ))
        }
    }

    /// Parses and validates a manifest from raw bytes (which must be UTF-8).
    pub fn from_slice(bytes: &[u8]) -> Result<Manifest, Errors> {
        match std::str::from_utf8(bytes) {
            Ok(s) => Manifest::from_json(s),
            Err(e) => {
                let before = &bytes[..e.valid_up_to()];
                let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                let col = before.len()
                    - before
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1)
                    + 1;
                Err(Errors(vec![Error::new(
                    Kind::Syntax,
                    "",
                    "the manifest is not valid UTF-8",
                )
                .at(line, col)
                .with_help("save the file as UTF-8")]))
            }
        }
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
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
            let primary = want.split('-').next().unwrap_or(want);
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

/// Turns a serde error into a manifest error with path, position and advice.
fn from_serde(path: &str, inner: &serde_json::Error) -> Error {
    let full = inner.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) if inner.line() > 0 => &full[..i],
        _ => full.as_str(),
    };
    let mut path = match path {
        "." | "?" => String::new(),
        p => p.trim_end_matches(".?").to_owned(),
    };
    if msg.starts_with("recursion limit exceeded") {
        // The path of a too-deep value is hundreds of "[0]"s: name where the nesting starts.
        let cut = path.find("[0][0][0]").unwrap_or(path.len());
        path.truncate(cut);
        return Error::new(
            Kind::Limit,
            path,
            "values are nested more than 128 levels deep",
        )
        .at(inner.line(), inner.column())
        .with_help("a manifest needs no more than a few levels of nesting");
    }
    let kind = match inner.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => Kind::Syntax,
        serde_json::error::Category::Io => Kind::Syntax,
        serde_json::error::Category::Data if msg.starts_with("unknown field") => Kind::UnknownField,
        serde_json::error::Category::Data if msg.starts_with("missing field") => Kind::Missing,
        serde_json::error::Category::Data => Kind::Type,
    };
    let field = |m: &str| m.split('`').nth(1).map(str::to_owned);
    let mut err = match kind {
        Kind::UnknownField => {
            let name = field(msg).unwrap_or_default();
            let known: Vec<String> = msg
                .split('`')
                .skip(3)
                .step_by(2)
                .map(str::to_owned)
                .collect();
            if !path.ends_with(name.as_str()) {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&name);
            }
            let e = Error::new(kind, path, format!("unknown field {name:?}"));
            match did_you_mean(&name, known.iter().map(String::as_str)) {
                Some(best) => e.with_help(format!("did you mean {best:?}?")),
                None if known.is_empty() => e.with_help("remove it; this object takes no fields"),
                None => e.with_help(format!("the fields here are: {}", known.join(", "))),
            }
        }
        Kind::Missing => {
            let name = field(msg).unwrap_or_default();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&name);
            Error::new(kind, path, format!("required field {name:?} is missing"))
        }
        Kind::Syntax => Error::new(kind, path, format!("invalid JSON: {msg}"))
            .with_help("check for a missing comma, quote or bracket just before this position"),
        _ => Error::new(kind, path, msg.to_owned()),
    };
    if inner.line() > 0 {
        err = err.at(inner.line(), inner.column());
    }
    err
}

#[cfg(test)]
mod tests;
