//! Reads a parsed JSON tree into the manifest model, reporting every problem with its path.
//!
//! [`Decode`] reads one value; the objects' implementations come from their declarations
//! (`declare.rs`), the ones of plain values are here. Unknown fields are errors (with a "did
//! you mean"), so a typo never silently weakens a policy.

use super::error::{Error, Kind};
use super::json::{line_col, Node, Value};
use super::localized::Text;
use super::model::{CookieInfo, Globals, Manifest, OnRevoke, RevokeCall, ServiceCookie};
use super::preset;
use super::report::{quote, Path, Report};
use super::schema::{Type, Typed};
use super::suggest::did_you_mean;
use crate::map::Map;
use crate::prelude::*;

/// Walks the tree, sending problems to a [`Report`].
pub struct Decoder<'s, R> {
    src: &'s str,
    /// The catalog's presets, as [`preset`] finds them.
    presets: Option<&'s Node>,
    /// Where problems go.
    pub report: R,
}

/// An object's fields, after its field names were checked: its own, then those of the preset
/// it names (see [`preset`]).
pub struct Obj<'n> {
    own: &'n [(String, usize, Node)],
    preset: &'n [(String, usize, Node)],
}

impl<'n> Obj<'n> {
    /// The value of field `key`, if given, else its preset's.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        let find = |fields: &'n [(String, usize, Node)]| fields.iter().find(|(k, _, _)| k == key);
        find(self.own)
            .or_else(|| find(self.preset))
            .map(|(_, _, n)| n)
    }
}

impl<'s, R: Report> Decoder<'s, R> {
    /// A decoder for nodes parsed from `src`, filling in services' presets from `presets`.
    pub fn new(src: &'s str, presets: Option<&'s Node>, report: R) -> Self {
        Decoder {
            src,
            presets,
            report,
        }
    }

    fn push(&mut self, pos: usize, make: impl FnOnce() -> Error) {
        let src = self.src;
        self.report.report(|| {
            let (l, c) = line_col(src, pos);
            make().at(l, c)
        });
    }

    /// Reports that `node` is not the `expected` kind of value.
    pub fn wrong_type(&mut self, node: &Node, path: Path, expected: &str) {
        let kind = node.value.kind();
        self.push(node.pos, || {
            Error::new(
                Kind::Type,
                path.render(),
                format!("expected {expected}, found {kind}"),
            )
        });
    }

    /// The fields of the object `node`, after reporting every field name not in `allowed` and
    /// every one missing of those `required` marks.
    pub fn object<'n>(
        &mut self,
        node: &'n Node,
        path: Path,
        allowed: &[&str],
        required: &[bool],
    ) -> Option<Obj<'n>>
    where
        's: 'n,
    {
        let Value::Object(fields) = &node.value else {
            self.wrong_type(node, path, "an object");
            return None;
        };
        for (key, pos, _) in fields {
            if !allowed.contains(&key.as_str()) {
                self.push(*pos, || {
                    let e = Error::new(
                        Kind::UnknownField,
                        path.key(key).render(),
                        format!("unknown field {}", quote(key)),
                    );
                    match did_you_mean(key, allowed.iter().copied()) {
                        Some(best) => e.with_help(format!("did you mean {}?", quote(best))),
                        None => e.with_help(format!("the fields here are: {}", allowed.join(", "))),
                    }
                });
            }
        }
        // Only services have a preset field; one that names no preset is reported, and then
        // no field is missing: the preset would have given them.
        let (preset, named) = match fields.iter().find(|(k, _, _)| k == preset::FIELD) {
            Some((_, _, n)) if allowed.contains(&preset::FIELD) => (self.preset(n, path), true),
            _ => (None, false),
        };
        let preset = match preset.map(|n| &n.value) {
            Some(Value::Object(fields)) => fields.as_slice(),
            _ => &[],
        };
        let obj = Obj {
            own: fields,
            preset,
        };
        for (name, _) in allowed.iter().zip(required).filter(|(_, r)| **r) {
            if obj.get(name).is_none() && (!named || !preset.is_empty()) {
                self.push(node.pos, || {
                    Error::new(
                        Kind::Missing,
                        path.key(name).render(),
                        format!("required field {} is missing", quote(name)),
                    )
                });
            }
        }
        Some(obj)
    }

    /// The preset the string `node` (a service's `preset`) names; a name the catalog does not
    /// have is reported, anything else is the field's decoder's to report.
    fn preset(&mut self, node: &Node, path: Path) -> Option<&'s Node> {
        let Value::String(name) = &node.value else {
            return None;
        };
        let found = self.presets.and_then(|doc| preset::lookup(doc, name));
        if found.is_none() {
            let presets = self.presets;
            self.push(node.pos, || {
                preset::unknown(path.key(preset::FIELD), name, presets)
            });
        }
        found
    }

    /// The index in `options` of the string `node`, reporting anything else (with a "did you
    /// mean").
    pub fn choice(&mut self, node: &Node, path: Path, options: &[&str]) -> Option<usize> {
        let Value::String(s) = &node.value else {
            self.wrong_type(node, path, "a string");
            return None;
        };
        if let Some(i) = options.iter().position(|o| o == s) {
            return Some(i);
        }
        self.push(node.pos, || {
            let list: Vec<String> = options.iter().map(|o| quote(o)).collect();
            let e = Error::new(
                Kind::Value,
                path.render(),
                format!("{} is not one of {}", quote(s), list.join(", ")),
            );
            match did_you_mean(s, options.iter().copied()) {
                Some(best) => e.with_help(format!("did you mean {}?", quote(best))),
                None => e,
            }
        });
        None
    }

    /// Reads the whole manifest. With problems reported, the result has stand-ins for what could
    /// not be read and must not be used but to look for more problems.
    pub fn manifest(&mut self, root: &Node) -> Option<Manifest> {
        if !matches!(root.value, Value::Object(_)) {
            let kind = root.value.kind();
            self.push(root.pos, || {
                Error::new(
                    Kind::Type,
                    "",
                    format!("the manifest must be a JSON object, not {kind}"),
                )
                .with_help("start the file with { \"version\": 1, … }")
            });
            return None;
        }
        Manifest::decode(self, root, Path::Root)
    }
}

/// A value read from JSON. A value that cannot be read is reported and gives `None`; its
/// container then uses a stand-in, so that the checks can still run on the rest and every
/// mistake is reported at once (see `Manifest::read`).
pub trait Decode: Sized + Default {
    /// What the value must be, for the message when it is not ("a string").
    const EXPECTED: &'static str;
    /// Reads `node`, at `path`.
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self>;
    /// Reads `node`, at `path`, as a field whose schema type is `ty` (which states its limits,
    /// for the message when the value is not even of its kind).
    fn decode_as<R: Report>(
        d: &mut Decoder<'_, R>,
        node: &Node,
        path: Path,
        _ty: &Type,
    ) -> Option<Self> {
        Self::decode(d, node, path)
    }
    /// What stands in for an item of a list that could not be read.
    fn stand_in() -> Self {
        Self::default()
    }
}

impl Decode for String {
    const EXPECTED: &'static str = "a string";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        match &node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                d.wrong_type(node, path, Self::EXPECTED);
                None
            }
        }
    }
}

impl Decode for bool {
    const EXPECTED: &'static str = "true or false";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                d.wrong_type(node, path, Self::EXPECTED);
                None
            }
        }
    }
}

impl Decode for u32 {
    const EXPECTED: &'static str = "a whole number";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        Self::decode_as(d, node, path, &<u32 as Typed>::TYPE)
    }
    fn decode_as<R: Report>(
        d: &mut Decoder<'_, R>,
        node: &Node,
        path: Path,
        ty: &Type,
    ) -> Option<Self> {
        let Value::Number(text) = &node.value else {
            d.wrong_type(node, path, Self::EXPECTED);
            return None;
        };
        let mut n: u32 = 0;
        for b in text.bytes() {
            let digit = b.wrapping_sub(b'0');
            match n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u32::from(digit)))
            {
                Some(next) if digit < 10 => n = next,
                _ => {
                    d.push(node.pos, || {
                        // The range the field's schema states, which the checks enforce.
                        let expected = match *ty {
                            Type::Const(v) => format!("the whole number {v}"),
                            Type::Integer { minimum, maximum } => {
                                format!("a whole number from {minimum} to {maximum}")
                            }
                            _ => format!("a whole number from 0 to {}", u32::MAX),
                        };
                        let msg = format!("expected {expected}, found {text}");
                        Error::new(Kind::Value, path.render(), msg)
                    });
                    return None;
                }
            }
        }
        Some(n)
    }
}

/// `null` is `None`: only fields declared `nullable` let it through (see `declare.rs`).
impl<T: Decode> Decode for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        match node.value {
            Value::Null => Some(None),
            _ => T::decode(d, node, path).map(Some),
        }
    }
    fn decode_as<R: Report>(
        d: &mut Decoder<'_, R>,
        node: &Node,
        path: Path,
        ty: &Type,
    ) -> Option<Self> {
        match node.value {
            Value::Null => Some(None),
            _ => T::decode_as(d, node, path, ty).map(Some),
        }
    }
}

/// An item that cannot be read gets its stand-in, so that later items keep their index.
impl<T: Decode> Decode for Vec<T> {
    const EXPECTED: &'static str = "an array";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        let Value::Array(items) = &node.value else {
            d.wrong_type(node, path, Self::EXPECTED);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, n) in items.iter().enumerate() {
            out.push(T::decode(d, n, path.index(i)).unwrap_or_else(T::stand_in));
        }
        Some(out)
    }
}

/// The manifest's only map of objects is `texts`, by language tag.
impl<T: Decode> Decode for Map<String, T> {
    const EXPECTED: &'static str = "an object mapping language tags to texts";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        let Value::Object(fields) = &node.value else {
            d.wrong_type(node, path, Self::EXPECTED);
            return None;
        };
        let mut out = Map::new();
        for (key, _, n) in fields {
            let value = T::decode(d, n, path.key(key)).unwrap_or_else(T::stand_in);
            out.insert(key.clone(), value);
        }
        Some(out)
    }
}

impl Decode for Text {
    const EXPECTED: &'static str = "a string, or an object mapping language tags to strings";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        match &node.value {
            Value::String(s) => Some(Text::One(s.clone())),
            Value::Object(fields) => {
                let mut map = Map::new();
                for (lang, _, v) in fields {
                    if let Some(s) = String::decode(d, v, path.key(lang)) {
                        map.insert(lang.clone(), s);
                    }
                }
                Some(Text::ByLanguage(map))
            }
            _ => {
                d.wrong_type(node, path, Self::EXPECTED);
                None
            }
        }
    }
}

/// A service's `globals`: each value kept as the JSON text the loader assigns.
impl Decode for Globals {
    const EXPECTED: &'static str = "an object mapping global names to values";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        let Value::Object(fields) = &node.value else {
            d.wrong_type(node, path, Self::EXPECTED);
            return None;
        };
        let globals = fields
            .iter()
            .map(|(k, _, v)| (k.clone(), super::json::write(v)));
        Some(Globals(globals.collect()))
    }
}

impl Decode for OnRevoke {
    const EXPECTED: &'static str = "a string";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        if let Value::Object(_) = node.value {
            let call = RevokeCall::decode(d, node, path)?;
            return Some(OnRevoke::Call(call));
        }
        Some(match d.choice(node, path, OnRevoke::NAMES)? {
            0 => OnRevoke::Reload,
            _ => OnRevoke::Nothing,
        })
    }
}

impl Decode for ServiceCookie {
    const EXPECTED: &'static str = "a cookie name, or an object with its name and max_age_days";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        match &node.value {
            Value::String(name) => Some(ServiceCookie::from(name.as_str())),
            Value::Object(_) => CookieInfo::decode(d, node, path).map(ServiceCookie),
            _ => {
                d.wrong_type(node, path, Self::EXPECTED);
                None
            }
        }
    }
}
