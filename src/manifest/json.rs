//! A small, strict JSON parser that keeps where every value starts.
//!
//! The manifest is read with it rather than with serde so that every error can name its
//! position and all of them can be reported at once, and so that the gate build carries a few
//! kilobytes of parser instead of serde's machinery. It refuses what JSON refuses, plus
//! duplicate keys and nesting deeper than [`MAX_DEPTH`].

use crate::prelude::*;
/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// A parsed value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Byte offset of its first character in the source.
    pub pos: usize,
}

/// A JSON value. Numbers keep their source text; the manifest only needs whole numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object: (key, key's offset, value), in source order.
    Object(Vec<(String, usize, Node)>),
}

impl Value {
    /// What the value is, for messages ("a string", "an object", …).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

impl Node {
    /// The value of field `key`, if this is an object that has it.
    pub fn field(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(fields) => fields.iter().find(|(k, _, _)| k == key).map(|(_, _, n)| n),
            _ => None,
        }
    }

    /// The value at a rendered JSON path (`services[2].category`, `` for the root), if it is
    /// there: where an error found after decoding points in the source.
    pub fn at_path(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let (key, mut indexes) = part.split_at(part.find('[').unwrap_or(part.len()));
            if !key.is_empty() {
                let Value::Object(fields) = &node.value else {
                    return None;
                };
                node = &fields.iter().find(|(k, _, _)| k == key)?.2;
            }
            while let Some(end) = indexes.find(']') {
                let Value::Array(items) = &node.value else {
                    return None;
                };
                node = items.get(indexes[1..end].parse::<usize>().ok()?)?;
                indexes = &indexes[end + 1..];
            }
        }
        Some(node)
    }

    /// The rendered path (`services[2]`, `` for the root) of the value that starts at byte
    /// offset `pos`, if one does.
    pub fn path_of(&self, pos: usize) -> Option<String> {
        let mut path = String::new();
        let mut node = self;
        while node.pos != pos {
            // The child that starts last at or before `pos` is the one that may hold it.
            node = match &node.value {
                Value::Array(items) => {
                    let i = items.iter().rposition(|n| n.pos <= pos)?;
                    path.push_str(&format!("[{i}]"));
                    &items[i]
                }
                Value::Object(fields) => {
                    let (key, _, n) = fields.iter().rev().find(|(_, _, n)| n.pos <= pos)?;
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    n
                }
                _ => return None,
            };
        }
        Some(path)
    }
}

/// Why the text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the problem.
    pub pos: usize,
    /// What is wrong.
    pub what: Syntax,
}

/// What is wrong with a text that is not JSON. A code, so that a build which never words the
/// error (the gate) does not carry the sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each variant's message says it
pub enum Syntax {
    TrailingText,
    TooDeep,
    MissingValue,
    ExpectedValue,
    InvalidNumber,
    NoFractionDigits,
    NoExponentDigits,
    BadHexEscape,
    LoneSurrogate,
    BadEscape,
    ControlCharacter,
    UnclosedArray,
    ExpectedArrayComma,
    UnclosedObject,
    ExpectedFieldName,
    DuplicateField,
    ExpectedColon,
    ExpectedObjectComma,
    UnclosedString,
}

impl Syntax {
    /// The problem in words.
    pub fn message(self) -> &'static str {
        match self {
            Syntax::TrailingText => "unexpected text after the end of the document",
            Syntax::TooDeep => "values are nested more than 64 levels deep",
            Syntax::MissingValue => "unexpected end of the document; a value is missing",
            Syntax::ExpectedValue => {
                "expected a value (an object, array, string, number, true, false or null)"
            }
            Syntax::InvalidNumber => "invalid number",
            Syntax::NoFractionDigits => "invalid number: digits must follow the decimal point",
            Syntax::NoExponentDigits => "invalid number: digits must follow the exponent",
            Syntax::BadHexEscape => "invalid \\u escape: expected 4 hex digits",
            Syntax::LoneSurrogate => "invalid \\u escape: a lone surrogate",
            Syntax::BadEscape => "invalid escape in a string",
            Syntax::ControlCharacter => {
                "control character in a string; write it as an escape like \\n"
            }
            Syntax::UnclosedArray => "unexpected end of the document; a ] is missing",
            Syntax::ExpectedArrayComma => "expected , or ] after an array item",
            Syntax::UnclosedObject => "unexpected end of the document; a } is missing",
            Syntax::ExpectedFieldName => "expected a field name in double quotes",
            Syntax::DuplicateField => "this field is given twice in the same object",
            Syntax::ExpectedColon => "expected : after a field name",
            Syntax::ExpectedObjectComma => "expected , or } after a field",
            Syntax::UnclosedString => {
                "unexpected end of the document inside a string; a closing \" is missing"
            }
        }
    }
}

/// Parses one JSON document.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    Parser::new(src, ()).document()
}

/// A field given again in the same object, which [`parse_all`] leaves out of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The field's name.
    pub key: String,
    /// Byte offset of its second (or later) key.
    pub pos: usize,
    /// Byte offset of its first key.
    pub first: usize,
    /// Byte offset of the object it is in (see [`Node::path_of`]).
    pub object: usize,
}

/// Parses one JSON document as [`parse`] does, except that a field given twice in an object is
/// not a syntax error here: the first value stays in the tree and each later one is listed, so
/// that a reader that words problems can report it at its path, with the document's other
/// problems. The manifest is invalid all the same.
pub fn parse_all(src: &str) -> Result<(Node, Vec<Duplicate>), SyntaxError> {
    let mut p = Parser::new(src, Vec::new());
    let node = p.document()?;
    Ok((node, p.duplicates))
}

/// What the parser does with a field given twice in an object: `()` refuses it (a syntax
/// error, what [`parse`] does, with nothing to carry), a list keeps it.
trait Duplicates {
    /// Whether a duplicate is kept rather than refused.
    const KEEP: bool;
    /// Keeps one.
    fn keep(&mut self, duplicate: Duplicate);
}

impl Duplicates for () {
    const KEEP: bool = false;
    fn keep(&mut self, _: Duplicate) {}
}

impl Duplicates for Vec<Duplicate> {
    const KEEP: bool = true;
    fn keep(&mut self, duplicate: Duplicate) {
        self.push(duplicate);
    }
}

struct Parser<'a, D> {
    b: &'a [u8],
    src: &'a str,
    i: usize,
    duplicates: D,
}

impl<'a, D: Duplicates> Parser<'a, D> {
    fn new(src: &'a str, duplicates: D) -> Self {
        Parser {
            b: src.as_bytes(),
            src,
            i: 0,
            duplicates,
        }
    }

    /// The whole text as one value.
    fn document(&mut self) -> Result<Node, SyntaxError> {
        self.ws();
        let node = self.value(0)?;
        self.ws();
        if self.i < self.b.len() {
            return Err(self.err(Syntax::TrailingText));
        }
        Ok(node)
    }

    /// The source from `start` to the current position. Only ever cut at ASCII characters, so
    /// never off a char boundary; `get` keeps the panic path (and its formatting code) out.
    fn slice(&self, start: usize) -> &str {
        self.src.get(start..self.i).unwrap_or_default()
    }

    fn err(&self, what: Syntax) -> SyntaxError {
        SyntaxError { pos: self.i, what }
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.err(Syntax::TooDeep));
        }
        let pos = self.i;
        let value = match self.peek() {
            None => return Err(self.err(Syntax::MissingValue)),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.err(Syntax::ExpectedValue)),
        };
        Ok(Node { value, pos })
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, SyntaxError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err(Syntax::ExpectedValue))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err(Syntax::InvalidNumber)),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err(Syntax::NoFractionDigits));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err(Syntax::NoExponentDigits));
            }
        }
        Ok(Value::Number(self.slice(start).to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err(Syntax::BadHexEscape)),
            };
            n = n * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err(Syntax::UnclosedString));
            };
            match c {
                b'"' => {
                    out.push_str(self.slice(run));
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.slice(run));
                    self.i += 1;
                    let esc = self.peek();
                    self.i += 1;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.b[self.i..].starts_with(b"\\u") {
                                    return Err(self.err(Syntax::LoneSurrogate));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err(Syntax::LoneSurrogate));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            match char::from_u32(code) {
                                Some(ch) => out.push(ch),
                                None => return Err(self.err(Syntax::LoneSurrogate)),
                            }
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err(Syntax::BadEscape));
                        }
                    }
                    run = self.i;
                }
                0..=0x1f => return Err(self.err(Syntax::ControlCharacter)),
                _ => self.i += 1,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.err(Syntax::UnclosedArray)),
                _ => return Err(self.err(Syntax::ExpectedArrayComma)),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let at = self.i;
        self.i += 1;
        let mut fields: Vec<(String, usize, Node)> = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::Object(fields));
        }
        loop {
            self.ws();
            if self.peek().is_none() {
                return Err(self.err(Syntax::UnclosedObject));
            }
            if self.peek() != Some(b'"') {
                return Err(self.err(Syntax::ExpectedFieldName));
            }
            let key_pos = self.i;
            let key = self.string()?;
            if !D::KEEP && fields.iter().any(|(k, _, _)| *k == key) {
                self.i = key_pos;
                return Err(self.err(Syntax::DuplicateField));
            }
            let first = D::KEEP
                .then(|| fields.iter().find(|(k, _, _)| *k == key).map(|f| f.1))
                .flatten();
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.err(Syntax::ExpectedColon));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            match first {
                None => fields.push((key, key_pos, v)),
                Some(first) => self.duplicates.keep(Duplicate {
                    key,
                    pos: key_pos,
                    first,
                    object: at,
                }),
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(fields));
                }
                None => return Err(self.err(Syntax::UnclosedObject)),
                _ => return Err(self.err(Syntax::ExpectedObjectComma)),
            }
        }
    }
}

/// The node as compact JSON text.
pub fn write(node: &Node) -> String {
    let mut out = String::new();
    write_into(&node.value, &mut out);
    out
}

/// Appends `s` as a JSON string literal: quotes, and escapes for `"`, `\\`, control characters
/// and U+2028/U+2029 (so the text is also safe inside a `<script>` element's JavaScript).
pub fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((n >> shift) & 15) as usize] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_into(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, n) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(&n.value, out);
            }
            out.push(']');
        }
        Value::Object(fields) => {
            out.push('{');
            for (i, (k, _, n)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_into(&n.value, out);
            }
            out.push('}');
        }
    }
}

/// 1-based (line, column in characters) of byte offset `pos` in `src`.
pub fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let before = &src.as_bytes()[..pos.min(src.len())];
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    let column = before[start..]
        .iter()
        .filter(|&&c| (c & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_by_path() {
        let src = "{\n  \"a\": {\"b\": [1, {\"c\": \"x\"}, \"s,]\"]},\n  \"d\": 2\n}";
        let root = parse(src).unwrap();
        let at = |path| root.at_path(path).map(|n| line_col(src, n.pos));
        assert_eq!(at("a.b[1].c"), Some((2, 24)));
        assert_eq!(at("a.b[2]"), Some((2, 30)));
        assert_eq!(at("d"), Some((3, 8)));
        assert_eq!(at("a.b[3]"), None);
        assert_eq!(at("d[0]"), None);
        assert_eq!(at("zz"), None);
        assert_eq!(at(""), Some((1, 1)));
    }

    #[test]
    fn parses_every_kind_with_positions() {
        let n = parse(r#" {"a": [1, -2.5e3, true, null], "b": "x\"\u00e9\ud83d\ude00"} "#).unwrap();
        assert_eq!(n.pos, 1);
        let Value::Object(fields) = &n.value else {
            panic!()
        };
        assert_eq!(fields[0].0, "a");
        let Value::Array(items) = &fields[0].2.value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::Number("-2.5e3".into()));
        assert_eq!(items[1].pos, 11);
        assert_eq!(fields[1].2.value, Value::String("x\"é😀".into()));
    }

    #[test]
    fn refuses_what_json_refuses() {
        let cases = [
            ("", 0, "unexpected end of the document; a value is missing"),
            ("{\"a\": 1,}", 8, "expected a field name in double quotes"),
            ("[1 2]", 3, "expected , or ] after an array item"),
            (
                "{\"a\": 1, \"a\": 2}",
                9,
                "this field is given twice in the same object",
            ),
            (
                "\"tab\there\"",
                4,
                "control character in a string; write it as an escape like \\n",
            ),
            ("01", 1, "unexpected text after the end of the document"),
            (
                "1.",
                2,
                "invalid number: digits must follow the decimal point",
            ),
            ("\"\\ud800\"", 7, "invalid \\u escape: a lone surrogate"),
            ("\"\\x\"", 2, "invalid escape in a string"),
            ("{} {}", 3, "unexpected text after the end of the document"),
            (
                "nul",
                0,
                "expected a value (an object, array, string, number, true, false or null)",
            ),
            (
                "\"open",
                5,
                "unexpected end of the document inside a string; a closing \" is missing",
            ),
        ];
        for (src, pos, message) in cases {
            let e = parse(src).unwrap_err();
            assert_eq!((e.pos, e.what.message()), (pos, message), "for {src:?}");
        }
    }

    #[test]
    fn parse_all_lists_duplicate_fields_and_keeps_the_first() {
        let src = r#"{"a": {"b": 1, "b": 2}, "a": 3}"#;
        let (root, dups) = parse_all(src).unwrap();
        assert_eq!(write(&root), r#"{"a":{"b":1}}"#);
        let found: Vec<(&str, usize, usize, Option<String>)> = dups
            .iter()
            .map(|d| (d.key.as_str(), d.pos, d.first, root.path_of(d.object)))
            .collect();
        assert_eq!(
            found,
            [
                ("b", 15, 7, Some("a".to_owned())),
                ("a", 24, 1, Some(String::new()))
            ]
        );
        assert_eq!(parse(src).unwrap_err().what, Syntax::DuplicateField);
    }

    #[test]
    fn paths_of_positions() {
        let src = r#"{"s": [{"t": 1}, {"t": [5, {"u": 2}]}]}"#;
        let root = parse(src).unwrap();
        let path = |needle: &str| root.path_of(src.find(needle).unwrap());
        assert_eq!(path(r#"{"t": 1}"#), Some("s[0]".to_owned()));
        assert_eq!(path(r#"{"u""#), Some("s[1].t[1]".to_owned()));
        assert_eq!(path("2}"), Some("s[1].t[1].u".to_owned()));
        assert_eq!(root.path_of(3), None, "no value starts inside a key");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep).unwrap_err().what.message(),
            "values are nested more than 64 levels deep"
        );
    }

    #[test]
    fn write_round_trips() {
        let src = r#"{"a":[1,-2.5e3,true,null],"b":"x\"\n\u0001é","c":{}}"#;
        let n = parse(src).unwrap();
        assert_eq!(write(&n), src);
        assert_eq!(parse(&write(&n)).unwrap().value, n.value);
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
