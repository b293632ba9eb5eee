//! Manifest errors and warnings: each names the JSON path, the position, what is wrong and how
//! to fix it.
//!
//! An [`Error`] makes the manifest invalid: nothing gated runs with it. A [`Warning`] does not:
//! the manifest is used as it is, but it says something its author probably did not mean. Both
//! are a [`Problem`], told apart by their kind.

use super::json::{line_col, Node};
use crate::prelude::*;
use core::fmt;

/// What kind of mistake an [`Error`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Not JSON at all, or truncated.
    Syntax,
    /// A field this format does not have.
    UnknownField,
    /// A required field is absent.
    Missing,
    /// A value of the wrong type or shape.
    Type,
    /// A value outside what is allowed (range, pattern, URL scheme).
    Value,
    /// An id named twice, or a field given twice in one object.
    Duplicate,
    /// A reference to an id that does not exist.
    Reference,
    /// A size limit was exceeded.
    Limit,
}

impl Kind {
    /// A stable name for tools (`"unknown_field"`, `"reference"`, …), as in `consentry validate --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Syntax => "syntax",
            Kind::UnknownField => "unknown_field",
            Kind::Missing => "missing",
            Kind::Type => "type",
            Kind::Value => "value",
            Kind::Duplicate => "duplicate",
            Kind::Reference => "reference",
            Kind::Limit => "limit",
        }
    }
}

/// What a [`Warning`] is about. Warnings are looked for by the tools only (`consentry
/// validate`, the explain build), never by the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// A setting that, as the manifest stands, changes nothing.
    NoEffect,
    /// A service the catalog knows to track visitors, in a required category: it runs without
    /// consent.
    RequiredTracker,
    /// A language the manifest offers lacks a text, which its visitors read in another
    /// language.
    MissingTranslation,
}

impl WarningKind {
    /// A stable name for tools (`"no_effect"`), as in `consentry validate --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::NoEffect => "no_effect",
            WarningKind::RequiredTracker => "required_tracker",
            WarningKind::MissingTranslation => "missing_translation",
        }
    }
}

/// One problem in a manifest, of kind `K`: an [`Error`] or a [`Warning`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem<K> {
    path: String,
    line: usize,
    column: usize,
    kind: K,
    message: String,
    help: Option<String>,
}

/// One error in a manifest: it is invalid.
pub type Error = Problem<Kind>;

/// One warning about a manifest: it is valid, but probably not what its author meant.
pub type Warning = Problem<WarningKind>;

impl<K: Copy> Problem<K> {
    /// A problem at `path` (`services[2].category`; empty for the document itself).
    #[cold]
    pub fn new(kind: K, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            line: 0,
            column: 0,
            kind,
            message: message.into(),
            help: None,
        }
    }

    /// Adds advice on how to fix it.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Records where in the source text the problem is (1-based; 0 means unknown).
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Records the position of the value at its path in `src` (whose parsed tree is `root`),
    /// if the value is there.
    #[must_use]
    pub fn placed(self, src: &str, root: &Node) -> Self {
        match root.at_path(&self.path) {
            Some(node) => {
                let (line, column) = line_col(src, node.pos);
                self.at(line, column)
            }
            None => self,
        }
    }

    /// The JSON path of the offending value.
    pub fn path(&self) -> &str {
        &self.path
    }
    /// 1-based line, or 0 when unknown.
    pub fn line(&self) -> usize {
        self.line
    }
    /// 1-based column, or 0 when unknown.
    pub fn column(&self) -> usize {
        self.column
    }
    /// What kind of problem this is.
    pub fn kind(&self) -> K {
        self.kind
    }
    /// What is wrong, without path or position.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// How to fix it, when there is advice.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }
}

impl<K> fmt::Display for Problem<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl<K: fmt::Debug> core::error::Error for Problem<K> {}

/// Every problem found in a manifest, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// The individual errors.
    pub fn iter(&self) -> core::slice::Iter<'_, Error> {
        self.0.iter()
    }
    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Always false for an `Errors` returned by the parser.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl core::error::Error for Errors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_path_position_and_help() {
        let e = Error::new(
            Kind::Reference,
            "services[2].category",
            "\"suport\" is not a category",
        )
        .at(14, 19)
        .with_help("did you mean \"support\"?");
        assert_eq!(
            e.to_string(),
            "services[2].category: \"suport\" is not a category at line 14 column 19\n  help: did you mean \"support\"?"
        );
    }
}
