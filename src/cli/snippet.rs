//! A manifest error as a person reads it: `FILE:LINE:COLUMN: PATH: message`, then how to fix it.

use crate::manifest::Error;

/// `e` in `file`, without a final newline.
///
/// The first line is `FILE:LINE:COLUMN: PATH: message` (no position when the error has none,
/// no path for the document itself), so that it can be searched for and read alone.
pub(super) fn render(file: &str, e: &Error) -> String {
    let mut out = String::from(file);
    if e.line() > 0 {
        out.push_str(&format!(":{}:{}", e.line(), e.column()));
    }
    out.push_str(": ");
    if !e.path().is_empty() {
        out.push_str(e.path());
        out.push_str(": ");
    }
    out.push_str(e.message());
    if let Some(help) = e.help() {
        out.push_str("\n  help: ");
        out.push_str(help);
    }
    out
}
