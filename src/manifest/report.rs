//! Where problems go while a manifest is read: collected with messages, or just noted.
//!
//! Every check reports through a closure that builds the [`Error`]. The CLI and the UI collect
//! them; the gate, which runs on every page view, only needs to know that something is wrong,
//! so with [`Silent`] the message-building code is never called and the optimiser drops it.

use super::error::Error;

/// Receives the problems found in a manifest.
pub trait Report {
    /// Records a problem; `make` builds its message and may not be called.
    fn report(&mut self, make: impl FnOnce() -> Error);
    /// Whether any problem was reported.
    fn failed(&self) -> bool;
}

impl<R: Report> Report for &mut R {
    fn report(&mut self, make: impl FnOnce() -> Error) {
        (**self).report(make);
    }
    fn failed(&self) -> bool {
        (**self).failed()
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

/// `s` in double quotes, with `"`, `\` and control characters escaped (a cheap `{:?}`).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
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
    fn quote_escapes() {
        assert_eq!(quote("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u{1}\"");
    }
}
