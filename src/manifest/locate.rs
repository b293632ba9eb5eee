//! Finds where a JSON path's value starts in the source text, for error positions.
//!
//! Only called on text that already parsed, so it needs no error reporting of its own; it walks
//! iteratively and returns `None` if the path is not there.

use crate::prelude::*;
/// 1-based (line, column) of the value at `path` (`services[2].category`) in `src`.
pub fn locate(src: &str, path: &str) -> Option<(usize, usize)> {
    let bytes = src.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for seg in segments(path) {
        pos = match seg {
            Seg::Key(key) => find_key(bytes, pos, key)?,
            Seg::Index(i) => find_index(bytes, pos, i)?,
        };
    }
    Some(super::json::line_col(src, pos))
}

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(i) = rest[1..end].parse() {
                out.push(Seg::Index(i));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Index just past the string starting at `i` (which is a `"`).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// Index just past the value starting at `i`.
fn skip_value(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = skip_string(b, i);
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth <= 1 {
                    return i + 1;
                }
                depth -= 1;
            }
            b',' | b':' if depth == 0 => return i,
            b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

fn find_key(b: &[u8], i: usize, key: &str) -> Option<usize> {
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut i = skip_ws(b, i + 1);
    while i < b.len() && b[i] == b'"' {
        let end = skip_string(b, i);
        let name = core::str::from_utf8(&b[i + 1..end - 1]).ok()?;
        i = skip_ws(b, end);
        i = skip_ws(b, i + 1); // past ':'
        if name == key {
            return Some(i);
        }
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
    }
    None
}

fn find_index(b: &[u8], i: usize, index: usize) -> Option<usize> {
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let mut i = skip_ws(b, i + 1);
    for _ in 0..index {
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = skip_ws(b, i + 1);
    }
    (i < b.len() && b[i] != b']').then_some(i)
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn finds_nested_values() {
        let src = "{\n  \"a\": {\"b\": [1, {\"c\": \"x\"}, \"s,]\"]},\n  \"d\": 2\n}";
        assert_eq!(locate(src, "a.b[1].c"), Some((2, 24)));
        assert_eq!(locate(src, "a.b[2]"), Some((2, 30)));
        assert_eq!(locate(src, "d"), Some((3, 8)));
        assert_eq!(locate(src, "a.b[3]"), None);
        assert_eq!(locate(src, "zz"), None);
        assert_eq!(locate(src, ""), Some((1, 1)));
    }
}
