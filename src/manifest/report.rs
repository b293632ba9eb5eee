//! Where problems go while a manifest is read: collected with messages, or just noted.
//!
//! Every check reports through a closure that builds the [`Error`]. The CLI and the UI collect
//! them; the gate, which runs on every page view, only needs to know that something is wrong,
//! so with [`Silent`] the message-building code is never called and the optimiser drops it.

use super::error::{Error, Warning};
use crate::prelude::*;

/// Receives the problems found in a manifest.
pub trait Report {
    /// Records a problem; `make` builds its message and may not be called.
    fn report(&mut self, make: impl FnOnce() -> Error);
    /// Records a warning, which leaves the manifest valid; `make` may not be called. Only the
    /// tools look for warnings (see `warn.rs`); a report that does not word them drops them.
    fn warn(&mut self, _make: impl FnOnce() -> Warning) {}
    /// Whether any problem was reported.
    fn failed(&self) -> bool;
    /// Whether this report keeps messages (so it is worth looking for more problems after one).
    const COLLECTS: bool;
    /// Marks the end of reading: the problems reported so far are reading problems, and those
    /// reported from now on are dropped where a value could not be read (see [`Report::unread`]).
    fn read_done(&mut self) {}
    /// Whether the value at `path` stands in for one that could not be read: it, or a value it
    /// is in, has a reading problem. A check that reads it stays quiet, since its problem would
    /// only be a knock-on of that one.
    fn unread(&self, _path: Path) -> bool {
        false
    }
    /// Whether field `field` of any item of the list at `list` (`len` items) could not be
    /// read, or the list itself: for a check that reads them all.
    fn unread_in(&self, list: Path, len: usize, field: &str) -> bool {
        self.unread(list) || (0..len).any(|i| self.unread(list.index(i).key(field)))
    }
}

/// Whether `path` is `outer` or a value inside it: `services[2].title` is in `services[2]`,
/// `services` and the document (``), not in `services[20]` nor `services[2].titles`.
pub fn within(path: &str, outer: &str) -> bool {
    path.strip_prefix(outer).is_some_and(|rest| {
        outer.is_empty() || rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
    })
}

impl<R: Report> Report for &mut R {
    fn report(&mut self, make: impl FnOnce() -> Error) {
        (**self).report(make);
    }
    fn warn(&mut self, make: impl FnOnce() -> Warning) {
        (**self).warn(make);
    }
    fn failed(&self) -> bool {
        (**self).failed()
    }
    const COLLECTS: bool = R::COLLECTS;
    fn read_done(&mut self) {
        (**self).read_done();
    }
    fn unread(&self, path: Path) -> bool {
        (**self).unread(path)
    }
}

/// Keeps every problem and warning, with its message. After reading ([`Report::read_done`])
/// it drops those of values that could not be read: they would only repeat a reading problem.
#[derive(Debug, Default)]
pub struct Collect {
    /// Every problem kept, in the order found: reading problems, then the others.
    pub errors: Vec<Error>,
    /// Every warning kept, in the order found.
    pub warnings: Vec<Warning>,
    /// How many of `errors` are reading problems, once reading is done.
    read: Option<usize>,
}

impl Collect {
    /// Whether the value at `path` (rendered) is, or is in, a value with a reading problem.
    fn unread_at(&self, path: &str) -> bool {
        let reading = self.read.map_or(&[][..], |n| &self.errors[..n]);
        reading.iter().any(|e| within(path, e.path()))
    }
}

impl Report for Collect {
    fn report(&mut self, make: impl FnOnce() -> Error) {
        let e = make();
        if !self.unread_at(e.path()) {
            self.errors.push(e);
        }
    }
    fn warn(&mut self, make: impl FnOnce() -> Warning) {
        let w = make();
        if !self.unread_at(w.path()) {
            self.warnings.push(w);
        }
    }
    fn failed(&self) -> bool {
        !self.errors.is_empty()
    }
    const COLLECTS: bool = true;
    fn read_done(&mut self) {
        self.read = Some(self.errors.len());
    }
    fn unread(&self, path: Path) -> bool {
        self.read.is_some_and(|n| n > 0) && self.unread_at(&path.render())
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
    use crate::manifest::Kind;

    #[test]
    fn paths_render_like_json_paths() {
        let root = Path::Root;
        let services = root.key("services");
        let two = services.index(2);
        assert_eq!(two.key("category").render(), "services[2].category");
        assert_eq!(root.render(), "");
    }

    #[test]
    fn within_follows_the_structure_not_the_text() {
        assert!(within("services[2].scripts[0].src", "services[2]"));
        assert!(within("services[2]", "services[2]"));
        assert!(within("services[2].title", "services"));
        assert!(within("cookie.max_age_days", ""));
        assert!(!within("services[20]", "services[2]"));
        assert!(!within("services[2].titles", "services[2].title"));
        assert!(!within("services", "services[2]"));
    }

    #[test]
    fn problems_after_reading_are_dropped_where_a_value_could_not_be_read() {
        let mut r = Collect::default();
        r.report(|| Error::new(Kind::Type, "services[2].title", "unread"));
        assert!(
            !r.unread(Path::Root.key("services")),
            "nothing is unread before reading ends"
        );
        r.read_done();
        r.report(|| Error::new(Kind::Missing, "services[2].title", "knock-on"));
        r.report(|| Error::new(Kind::Missing, "services[2].title.en", "knock-on"));
        r.report(|| Error::new(Kind::Reference, "services[2].category", "independent"));
        let messages: Vec<&str> = r.errors.iter().map(Error::message).collect();
        assert_eq!(messages, ["unread", "independent"]);
        let services = Path::Root.key("services");
        let two = services.index(2);
        assert!(r.unread(two.key("title").key("en")));
        assert!(!r.unread(two.key("category")));
        assert!(!r.unread(two), "the entry itself was read");
        assert!(r.unread_in(services, 3, "title"));
        assert!(!r.unread_in(services, 2, "title"));
    }

    #[test]
    fn quote_escapes() {
        assert_eq!(quote("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
