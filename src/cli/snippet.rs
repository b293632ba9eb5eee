//! A manifest error as a person reads it: `FILE:LINE:COLUMN: PATH: message`, then the source
//! line with a caret under the column, then how to fix it ([`annotate_snippets`] draws it). A
//! warning reads the same, with `warning: ` before its path.

use crate::manifest::{Error, Problem, Warning};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::borrow::Cow;
use std::io::IsTerminal;

/// The manifest text an error's line and column point into: invalid UTF-8 shown as U+FFFD and
/// a byte order mark dropped, as the reader does before it counts lines and columns.
pub(super) fn source_text(bytes: &[u8]) -> Cow<'_, str> {
    match String::from_utf8_lossy(bytes) {
        Cow::Borrowed(s) => Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Cow::Owned(s) => match s.strip_prefix('\u{feff}') {
            Some(rest) => Cow::Owned(rest.to_owned()),
            None => Cow::Owned(s),
        },
    }
}

/// Whether to colour what goes to this stream: a terminal, and `NO_COLOR` not set.
pub(super) fn colour(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `e` in `file` (whose text is `src`), over several lines, without a final newline.
///
/// The first line is `FILE:LINE:COLUMN: PATH: message` (no position when the error has none,
/// no path for the document itself), so that it can be searched for and read alone.
pub(super) fn render(file: &str, src: &str, e: &Error, coloured: bool) -> String {
    render_as(file, src, e, Level::ERROR, "", coloured)
}

/// Warning `w` in `file`, as [`render`] shows an error: `FILE:LINE:COLUMN: warning: PATH:
/// message`, the line and the help.
pub(super) fn render_warning(file: &str, src: &str, w: &Warning, coloured: bool) -> String {
    render_as(file, src, w, Level::WARNING, "warning: ", coloured)
}

/// Problem `e` at `level`, its title's message after `tag`.
fn render_as<K: Copy>(
    file: &str,
    src: &str,
    e: &Problem<K>,
    level: Level<'_>,
    tag: &str,
    coloured: bool,
) -> String {
    let mut title = String::from(file);
    if e.line() > 0 {
        title.push_str(&format!(":{}:{}", e.line(), e.column()));
    }
    title.push_str(": ");
    title.push_str(tag);
    if !e.path().is_empty() {
        title.push_str(e.path());
        title.push_str(": ");
    }
    title.push_str(e.message());

    let mut group = Group::with_title(level.no_name().primary_title(title));
    if let Some((line, span)) = locate(src, e.line(), e.column()) {
        let caret = AnnotationKind::Primary.span(span);
        group = group.element(Snippet::source(line).line_start(e.line()).annotation(caret));
    }
    if let Some(help) = e.help() {
        group = group.element(Level::HELP.message(help));
    }
    let renderer = if coloured {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// The text of 1-based `line` in `src`, and the byte span in it of the character at 1-based
/// `column` (empty at the end of the line); `None` when the position is unknown or not in `src`.
fn locate(src: &str, line: usize, column: usize) -> Option<(&str, std::ops::Range<usize>)> {
    let text = src.lines().nth(line.checked_sub(1)?)?;
    let at = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    Some((text, at..end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Kind;

    #[test]
    fn a_caret_under_the_column() {
        let src = "{\n  \"revision\": 0,\n}\n";
        let e = Error::new(Kind::Value, "revision", "revision must be 1 or more")
            .at(2, 15)
            .with_help("start at 1");
        assert_eq!(
            render("m.json", src, &e, false),
            "m.json:2:15: revision: revision must be 1 or more
  |
2 |   \"revision\": 0,
  |               ^
  |
  = help: start at 1"
        );
    }

    #[test]
    fn no_position_no_snippet() {
        let e = Error::new(Kind::Limit, "", "too large");
        assert_eq!(render("big.json", "", &e, false), "big.json: too large");
    }

    #[test]
    fn a_position_past_the_text_shows_no_line() {
        let e = Error::new(Kind::Syntax, "", "cut short").at(9, 1);
        assert_eq!(render("m.json", "{", &e, false), "m.json:9:1: cut short");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(locate("a\n\"é\": x", 2, 6), Some(("\"é\": x", 6..7)));
        assert_eq!(locate("ab", 1, 3), Some(("ab", 2..2)));
        assert_eq!(locate("ab", 0, 0), None);
    }

    #[test]
    fn the_byte_order_mark_is_not_shown() {
        assert_eq!(source_text("\u{feff}{}".as_bytes()), "{}");
        assert_eq!(source_text(b"\xef\xbb\xbf{\xff}"), "{\u{fffd}}");
    }
}
