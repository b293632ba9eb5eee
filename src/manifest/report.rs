//! Where problems go while a manifest is read: collected with messages, or just noted.
//!
//! Every check reports through a closure that builds the [`Error`]. The CLI and the UI collect
//! them; the gate, which runs on every page view, only needs to know that something is wrong,
//! so with [`Silent`] the message-building code is never called and the optimiser drops it.

use super::error::Error;
use crate::prelude::*;

/// Receives the problems found in a manifest.
pub trait Report {
    /// Records a problem; `make` builds its message and may not be called.
    fn report(&mut self, make: impl FnOnce() -> Error);
    /// Whether any problem was reported.
    fn failed(&self) -> bool;
    /// Whether this report keeps messages (so it is worth looking for more problems after one).
    const COLLECTS: bool;
    /// The top-level entries (`services[2]`, `cookie`) that already have a problem.
    fn failed_entries(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The top-level entry a path is in: `services[2]` for `services[2].scripts[0].src`, `cookie`
/// for `cookie.max_age_days`.
pub fn entry(path: &str) -> &str {
    let end = match (path.find('.'), path.find(']')) {
        (_, Some(b)) if path[..b].find('.').is_none() => b + 1,
        (Some(d), _) => d,
        (None, _) => path.len(),
    };
    &path[..end]
}

impl<R: Report> Report for &mut R {
    fn report(&mut self, make: impl FnOnce() -> Error) {
        (**self).report(make);
    }
    fn failed(&self) -> bool {
        (**self).failed()
    }
    const COLLECTS: bool = R::COLLECTS;
    fn failed_entries(&self) -> Vec<String> {
        (**self).failed_entries()
    }
}

/// Keeps every problem, with its message.
#[derive(Debug, Default)]
pub struct Collect(pub Vec<Error>);

impl Report for Collect {
    fn report(&mut self, make: impl FnOnce() -> Error) {
        self.0.push(make());
    }
    fn failed(&self) -> bool {
        !self.0.is_empty()
    }
    const COLLECTS: bool = true;
    fn failed_entries(&self) -> Vec<String> {
        self.0.iter().map(|e| entry(e.path()).to_owned()).collect()
    }
}

/// Only remembers that something was wrong.
#[derive(Debug, Default)]
pub struct Silent(bool);

impl Report for Silent {
    fn report(&mut self, _make: impl FnOnce() -> Error) {
        self.0 = true;
    }
    fn failed(&self) -> bool {
        self.0
    }
    const COLLECTS: bool = false;
}

/// A JSON path built on the stack as the reader descends; turned into text only for a message.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The document itself.
    Root,
    /// A field of an object.
    Key(&'a Path<'a>, &'a str),
    /// An item of an array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of field `key` under this one.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }
    /// The path of item `i` under this one.
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }
    /// `services[2].category`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

/// `s` in double quotes, escaped as in JSON: how messages show names and values.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    super::json::write_string(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_json_paths() {
        let root = Path::Root;
        let services = root.key("services");
        let two = services.index(2);
        assert_eq!(two.key("category").render(), "services[2].category");
        assert_eq!(root.render(), "");
    }

    #[test]
    fn entries_are_top_level_items() {
        assert_eq!(entry("services[2].scripts[0].src"), "services[2]");
        assert_eq!(entry("cookie.max_age_days"), "cookie");
        assert_eq!(entry("categories"), "categories");
        assert_eq!(entry("texts.fr.save"), "texts");
        assert_eq!(entry(""), "");
    }

    #[test]
    fn quote_escapes() {
        assert_eq!(quote("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
