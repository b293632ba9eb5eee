//! The manifest's JSON Schema (draft 2020-12), generated from the declarations of its objects.
//!
//! [`OBJECTS`] lists every object of manifest v1 as `model.rs` and `interface_texts.rs` declare it, each
//! field with its type, limits, default and description. [`json_schema`] turns it into the
//! schema committed as `manifest.schema.json` (editors use it for completion and hover text;
//! `consentry schema` prints it), and `docs.rs` into the field tables of `docs/manifest.md`;
//! tests keep both committed files from going stale.
//!
//! The schema accepts every manifest `consentry validate` accepts, and refuses what a JSON Schema
//! can say: unknown fields, wrong types, values out of range, ids, URLs, cookie names, language
//! tags. What needs the whole document (duplicate ids, a service naming a missing category, a
//! text missing in the default language) only the validator checks.
//!
//! ```
//! let schema = consentry::manifest::schema::json_schema();
//! assert!(schema.contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
//! ```

use super::interface_texts::UiTexts;
use super::json::write_string;
use super::localized::Text;
use super::model::*;
use super::validate::MAX_ID_LEN;
use crate::map::Map;
use crate::prelude::*;

// Character classes shared by the patterns below, written so that JavaScript (with or without
// the `u` flag), Python and Rust regex engines read them alike: no lookaround, no `\s`.

/// Whitespace (Unicode `White_Space`) and control characters, as the inside of a character
/// class: what `is_url` refuses anywhere in a URL.
macro_rules! invisible {
    () => {
        r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    };
}
/// The RFC 6265 token characters but `*`.
macro_rules! token_but_star {
    () => {
        r"A-Za-z0-9!#$%&'+.^_`|~-"
    };
}
/// The RFC 6265 token characters: what a cookie name is made of.
macro_rules! token {
    () => {
        concat!("*", token_but_star!())
    };
}
/// A DNS label: letters, digits and inner hyphens, 1 to 63 characters.
macro_rules! label {
    () => {
        r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    };
}
/// A plain JavaScript identifier.
macro_rules! identifier {
    () => {
        r"[A-Za-z_$][A-Za-z0-9_$]*"
    };
}

/// Category and service ids: lowercase letters, digits, `-` and `_`, at most 64 characters.
pub const ID_PATTERN: &str = r"^[a-z0-9][a-z0-9_-]{0,63}$";
/// ISO 3166-1 alpha-2 country codes (`DE`) and ISO 3166-2 subdivisions (`US-CA`).
pub const REGION_PATTERN: &str = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$";
/// BCP 47 language tags as the validator reads them (`en`, `fr`, `pt-BR`, `zh-Hant`).
pub const LANGUAGE_TAG_PATTERN: &str = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$";
/// An absolute `http://` or `https://` URL, or a path from the site's root (`/privacy`).
pub const URL_PATTERN: &str = concat!(
    r"^(https?://[^",
    invisible!(),
    r"]+|/([^/",
    invisible!(),
    r"][^",
    invisible!(),
    r"]*)?)$"
);
/// A cookie name: 1 to 64 RFC 6265 token characters.
pub const COOKIE_NAME_PATTERN: &str = concat!("^[", token!(), "]{1,64}$");
/// A cookie name, or a pattern with `*` wildcards (but not `*` alone).
pub const COOKIE_PATTERN_PATTERN: &str =
    concat!("^([", token!(), "]{2,}|[", token_but_star!(), "])$");
/// A domain name with at least two labels, optionally with a leading dot.
pub const DOMAIN_PATTERN: &str = concat!(r"^\.?", label!(), r"(\.", label!(), ")+$");
/// An absolute `http://` or `https://` URL (a prefix: it may end anywhere after the host).
pub const EMBED_PREFIX_PATTERN: &str = concat!(
    r"^https?://[^/",
    invisible!(),
    r"]+(/[^",
    invisible!(),
    r"]*)?$"
);
/// A host name with at least two labels, optionally after a `*.` wildcard.
pub const HOST_PATTERN: &str = concat!(r"^(\*\.)?", label!(), r"(\.", label!(), ")+$");
/// A catalog preset's name: lowercase words of letters and digits joined by single `-`.
pub const PRESET_PATTERN: &str = r"^[a-z0-9]+(-[a-z0-9]+)*$";
/// A plain JavaScript identifier (`intercomSettings`, `_paq`, `$chat`).
pub const IDENTIFIER_PATTERN: &str = concat!("^", identifier!(), "$");
/// A function reached from `window` by dotted identifiers (`Intercom`, `myChat.shutdown`).
pub const FUNCTION_PATTERN: &str = concat!("^", identifier!(), r"(\.", identifier!(), ")*$");
/// Text with at least one character that is not whitespace.
pub const NOT_BLANK_PATTERN: &str =
    r"[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

const _: () = assert!(MAX_ID_LEN == 64, "ID_PATTERN allows 64 characters");

/// The JSON type of a field, with the limits a schema can state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// A string, optionally matching a pattern and no longer than a length.
    String {
        /// ECMA-262 regular expression the string must match.
        pattern: Option<&'static str>,
        /// Longest string allowed, in characters.
        max_length: Option<u64>,
        /// What the string is, in the documentation's words ("URL", "language tag").
        label: &'static str,
    },
    /// A whole number from `minimum` to `maximum`.
    Integer {
        /// Smallest value allowed.
        minimum: u64,
        /// Largest value allowed.
        maximum: u64,
    },
    /// Exactly this whole number.
    Const(u64),
    /// `true` or `false`.
    Boolean,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A visitor-facing text: a string, or an object mapping language tags to strings.
    Text,
    /// An object of [`OBJECTS`], by its name.
    Object(&'static str),
    /// An array of items of one type.
    Array {
        /// The type of every item.
        items: &'static Type,
        /// Fewest items allowed.
        min_items: u64,
        /// A boolean field that at least one item must set to `true`.
        one_with: Option<&'static str>,
    },
    /// An object with free keys matching `keys`, every value of type `values`.
    Map {
        /// Pattern every key matches.
        keys: &'static str,
        /// What the keys are, in the documentation's words.
        key_label: &'static str,
        /// The type of every value.
        values: &'static Type,
    },
    /// Any JSON value.
    Any,
    /// One of these types.
    Either(&'static [Type]),
}

/// One field of an object, as its declaration gives it.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The JSON field name.
    pub name: &'static str,
    /// Its type and limits.
    pub ty: Type,
    /// Whether it must be given.
    pub required: bool,
    /// Whether `null` is accepted (and means the same as leaving it out).
    pub nullable: bool,
    /// What leaving it out means, when that is a value.
    pub default: Option<fn() -> Json>,
    /// Its doc comment: what it is for, in Markdown (see [`Field::description`]).
    pub doc: &'static str,
}

impl Field {
    /// What it is for, as plain text: its doc without Markdown's code marks.
    pub fn description(&self) -> String {
        plain(self.doc)
    }

    /// Its value when left out, if that is a value.
    pub fn default_value(&self) -> Option<Json> {
        self.default.map(|make| make())
    }
}

/// One object of the manifest.
#[derive(Debug, Clone, Copy)]
pub struct Object {
    /// Its name under `$defs` (`"manifest"` is the document itself).
    pub name: &'static str,
    /// Its doc comment: what it is, in Markdown.
    pub doc: &'static str,
    /// Every field it may have, in declaration order.
    pub fields: &'static [Field],
}

impl Object {
    /// What it is, as plain text.
    pub fn description(&self) -> String {
        plain(self.doc)
    }

    /// The names of its fields, in order.
    pub fn field_names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }

    /// The names of its required fields, in order.
    pub fn required_names(&self) -> Vec<&'static str> {
        self.fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect()
    }
}

/// `doc` (the lines of a doc comment, each after a space) as one line of plain text: code
/// spans keep their text without the backticks that mark them.
pub fn plain(doc: &str) -> String {
    let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc.as_str();
    while let Some(open) = rest.find('`') {
        out.push_str(&rest[..open]);
        let ticks = rest[open..].bytes().take_while(|&b| b == b'`').count();
        let fence = &rest[open..open + ticks];
        let after = &rest[open + ticks..];
        match after.find(fence) {
            Some(close) => {
                let code = &after[..close];
                // `` a`b `` pads its code with one space on each side.
                let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                    Some(inner) if ticks > 1 => inner,
                    _ => code,
                };
                out.push_str(code);
                rest = &after[close + ticks..];
            }
            None => {
                out.push_str(fence);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const fn string(pattern: &'static str, label: &'static str) -> Type {
    Type::String {
        pattern: Some(pattern),
        max_length: None,
        label,
    }
}

/// Any string.
pub const ANY_STRING: Type = Type::String {
    pattern: None,
    max_length: None,
    label: "string",
};
/// A category or service id.
pub const ID: Type = string(ID_PATTERN, "id");
/// A URL, absolute or from the site's root.
pub const URL: Type = string(URL_PATTERN, "URL");
/// A string that is not blank.
pub const NOT_BLANK: Type = string(NOT_BLANK_PATTERN, "string, not blank");
/// A cookie name.
pub const COOKIE_NAME: Type = string(COOKIE_NAME_PATTERN, "cookie name");
/// A domain name. At most 253 characters after an optional dot: 254 keeps the schema from
/// being stricter than the validator, which needs no lookahead.
pub const DOMAIN: Type = Type::String {
    pattern: Some(DOMAIN_PATTERN),
    max_length: Some(254),
    label: "domain name",
};
/// A language tag.
pub const LANGUAGE_TAG: Type = string(LANGUAGE_TAG_PATTERN, "language tag");
/// A list of language tags.
pub const LANGUAGE_TAGS: Type = array_of(&LANGUAGE_TAG);
/// A function reached from `window`.
pub const FUNCTION: Type = string(FUNCTION_PATTERN, "function name");
/// A list of ISO 3166-1 alpha-2 or ISO 3166-2 region codes.
pub const REGION_CODES: Type = array_of(&string(REGION_PATTERN, "region code"));
/// A cookie name or pattern.
pub const COOKIE_PATTERN: Type = string(COOKIE_PATTERN_PATTERN, "cookie name or pattern");
/// A service cookie's lifetime in days: up to ten years.
pub const COOKIE_LIFETIME: Type = Type::Integer {
    minimum: 0,
    maximum: MAX_COOKIE_LIFETIME_DAYS as u64,
};
/// The longest service cookie lifetime a manifest may state, in days.
pub const MAX_COOKIE_LIFETIME_DAYS: u32 = 3650;
/// A preset's name in the catalog.
pub const PRESET_NAME: Type = string(PRESET_PATTERN, "preset name");
/// Prefixes of iframe addresses: absolute http(s) URLs.
pub const EMBED_PREFIXES: Type = array_of(&string(EMBED_PREFIX_PATTERN, "http(s) URL prefix"));
/// Host names, each optionally with a leading `*.` wildcard.
pub const HOSTS: Type = array_of(&string(HOST_PATTERN, "host name"));

const fn array_of(items: &'static Type) -> Type {
    Type::Array {
        items,
        min_items: 0,
        one_with: None,
    }
}

/// A Rust type's JSON type, for a declared field that does not give its own.
pub trait Typed {
    /// Its JSON type.
    const TYPE: Type;
}

impl Typed for String {
    const TYPE: Type = ANY_STRING;
}
impl Typed for u32 {
    const TYPE: Type = Type::Integer {
        minimum: 0,
        maximum: u32::MAX as u64,
    };
}
impl Typed for bool {
    const TYPE: Type = Type::Boolean;
}
impl Typed for Text {
    const TYPE: Type = Type::Text;
}
/// Whether `null` is accepted is the field's presence, not its type.
impl<T: Typed> Typed for Option<T> {
    const TYPE: Type = T::TYPE;
}
impl<T: Typed> Typed for Vec<T> {
    const TYPE: Type = array_of(&T::TYPE);
}
/// The manifest's only map of objects is `texts`, by language tag.
impl<T: Typed> Typed for Map<String, T> {
    const TYPE: Type = Type::Map {
        keys: LANGUAGE_TAG_PATTERN,
        key_label: "language tag",
        values: &T::TYPE,
    };
}
impl Typed for Globals {
    const TYPE: Type = Type::Map {
        keys: IDENTIFIER_PATTERN,
        key_label: "identifier",
        values: &Type::Any,
    };
}
impl Typed for ServiceCookie {
    const TYPE: Type = Type::Either(&[COOKIE_PATTERN, CookieInfo::TYPE]);
}
impl Typed for OnRevoke {
    const TYPE: Type = Type::Either(&[Type::Enum(OnRevoke::NAMES), RevokeCall::TYPE]);
}

/// A value as JSON: how a declared default is written in the schema and the docs.
pub trait Encode {
    /// The value as JSON.
    fn encode(&self) -> Json;
}

impl Encode for String {
    fn encode(&self) -> Json {
        Json::str(self)
    }
}
impl Encode for u32 {
    fn encode(&self) -> Json {
        Json::Num(u64::from(*self))
    }
}
impl Encode for bool {
    fn encode(&self) -> Json {
        Json::Bool(*self)
    }
}
impl<T: Encode> Encode for Option<T> {
    fn encode(&self) -> Json {
        self.as_ref().map_or(Json::Null, Encode::encode)
    }
}
impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Json {
        Json::Arr(self.iter().map(Encode::encode).collect())
    }
}
impl<T: Encode> Encode for Map<String, T> {
    fn encode(&self) -> Json {
        Json::Obj(self.iter().map(|(k, v)| (k.clone(), v.encode())).collect())
    }
}
impl Encode for Text {
    fn encode(&self) -> Json {
        match self {
            Text::One(s) => s.encode(),
            Text::ByLanguage(map) => map.encode(),
        }
    }
}
impl Encode for Globals {
    fn encode(&self) -> Json {
        let fields = self.0.iter();
        Json::Obj(
            fields
                .map(|(k, v)| (k.clone(), Json::Raw(v.clone())))
                .collect(),
        )
    }
}
impl Encode for ServiceCookie {
    fn encode(&self) -> Json {
        match self.0.max_age_days {
            None => Json::str(&self.0.name),
            Some(_) => self.0.encode(),
        }
    }
}
impl Encode for OnRevoke {
    fn encode(&self) -> Json {
        match self {
            OnRevoke::Reload => Json::str(OnRevoke::NAMES[0]),
            OnRevoke::Nothing => Json::str(OnRevoke::NAMES[1]),
            OnRevoke::Call(call) => call.encode(),
        }
    }
}

/// The first is the document itself; the others are its parts, referenced by name.
pub const OBJECTS: &[Object] = &[
    Manifest::OBJECT,
    Site::OBJECT,
    CookieSettings::OBJECT,
    Languages::OBJECT,
    Signals::OBJECT,
    super::google::GoogleConsentMode::OBJECT,
    Category::OBJECT,
    Service::OBJECT,
    ScriptSpec::OBJECT,
    RevokeCall::OBJECT,
    CookieInfo::OBJECT,
    UiTexts::OBJECT,
    UiOptions::OBJECT,
];

/// The object of [`OBJECTS`] called `name`.
pub fn object(name: &str) -> Option<&'static Object> {
    OBJECTS.iter().find(|o| o.name == name)
}

/// The shared definition of a visitor-facing text.
pub const TEXT_DESCRIPTION: &str = "A text shown to visitors: one string for every language, or an object mapping language tags to strings (it must have the default language; the others fall back to it).";

/// The manifest's JSON Schema (draft 2020-12), pretty-printed, ending with a newline.
pub fn json_schema() -> String {
    let root = &OBJECTS[0];
    let mut doc = vec![
        (
            "$schema",
            Json::str("https://json-schema.org/draft/2020-12/schema"),
        ),
        ("title", Json::str("Consentry manifest")),
    ];
    doc.extend(object_schema(root));
    let mut defs: Vec<(&str, Json)> = OBJECTS[1..]
        .iter()
        .map(|o| (o.name, Json::obj(object_schema(o))))
        .collect();
    defs.push((
        "text",
        Json::obj(vec![
            ("description", Json::str(TEXT_DESCRIPTION)),
            (
                "anyOf",
                Json::Arr(vec![
                    Json::obj(vec![("type", Json::str("string"))]),
                    Json::obj(vec![
                        ("type", Json::str("object")),
                        ("minProperties", Json::Num(1)),
                        ("propertyNames", pattern_schema(LANGUAGE_TAG_PATTERN)),
                        (
                            "additionalProperties",
                            Json::obj(vec![("type", Json::str("string"))]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ));
    doc.push(("$defs", Json::obj(defs)));
    let mut out = Json::obj(doc).pretty();
    out.push('\n');
    out
}

fn pattern_schema(pattern: &str) -> Json {
    Json::obj(vec![
        ("type", Json::str("string")),
        ("pattern", Json::str(pattern)),
    ])
}

fn object_schema(o: &Object) -> Vec<(&'static str, Json)> {
    let required: Vec<Json> = o.required_names().into_iter().map(Json::str).collect();
    let mut out = vec![
        ("description", Json::Str(o.description())),
        ("type", Json::str("object")),
    ];
    if !required.is_empty() {
        out.push(("required", Json::Arr(required)));
    }
    out.push(("additionalProperties", Json::Bool(false)));
    let props = o
        .fields
        .iter()
        .map(|f| (f.name, Json::obj(field_schema(f))))
        .collect();
    out.push(("properties", Json::obj(props)));
    out
}

fn field_schema(f: &Field) -> Vec<(&'static str, Json)> {
    let mut out = vec![("description", Json::Str(f.description()))];
    if f.nullable {
        let null = Json::obj(vec![("type", Json::str("null"))]);
        out.push((
            "anyOf",
            Json::Arr(vec![Json::obj(type_schema(&f.ty)), null]),
        ));
    } else {
        out.extend(type_schema(&f.ty));
    }
    if let Some(d) = f.default_value() {
        out.push(("default", d));
    }
    out
}

fn type_schema(ty: &Type) -> Vec<(&'static str, Json)> {
    let ty_is = |t: &str| ("type", Json::str(t));
    match *ty {
        Type::String {
            pattern,
            max_length,
            ..
        } => {
            let mut out = vec![ty_is("string")];
            if let Some(n) = max_length {
                out.push(("maxLength", Json::Num(n)));
            }
            if let Some(p) = pattern {
                out.push(("pattern", Json::str(p)));
            }
            out
        }
        Type::Integer { minimum, maximum } => vec![
            ty_is("integer"),
            ("minimum", Json::Num(minimum)),
            ("maximum", Json::Num(maximum)),
        ],
        Type::Const(n) => vec![ty_is("integer"), ("const", Json::Num(n))],
        Type::Boolean => vec![ty_is("boolean")],
        Type::Enum(values) => vec![
            ty_is("string"),
            (
                "enum",
                Json::Arr(values.iter().map(|v| Json::str(v)).collect()),
            ),
        ],
        Type::Text => vec![("$ref", Json::str("#/$defs/text"))],
        Type::Object(name) => vec![("$ref", Json::Str(format!("#/$defs/{name}")))],
        Type::Array {
            items,
            min_items,
            one_with,
        } => {
            let mut out = vec![ty_is("array")];
            if min_items > 0 {
                out.push(("minItems", Json::Num(min_items)));
            }
            out.push(("items", Json::obj(type_schema(items))));
            if let Some(flag) = one_with {
                out.push((
                    "contains",
                    Json::obj(vec![
                        ty_is("object"),
                        ("required", Json::Arr(vec![Json::str(flag)])),
                        (
                            "properties",
                            Json::obj(vec![(
                                flag,
                                Json::obj(vec![
                                    (
                                        "description",
                                        Json::Str(format!(
                                            "At least one item sets {flag} to true."
                                        )),
                                    ),
                                    ("const", Json::Bool(true)),
                                ]),
                            )]),
                        ),
                    ]),
                ));
            }
            out
        }
        Type::Map { keys, values, .. } => vec![
            ty_is("object"),
            ("propertyNames", pattern_schema(keys)),
            ("additionalProperties", schema_of(values)),
        ],
        Type::Any => Vec::new(),
        Type::Either(types) => vec![("anyOf", Json::Arr(types.iter().map(schema_of).collect()))],
    }
}

fn schema_of(ty: &Type) -> Json {
    match ty {
        Type::Any => Json::Bool(true),
        ty => Json::obj(type_schema(ty)),
    }
}

/// A JSON value to write: what the schema, and the CLI's `--json` output, are built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Num(u64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, fields in the order given.
    Obj(Vec<(String, Json)>),
    /// JSON text, written as it is.
    Raw(String),
}

impl Json {
    /// A string value.
    pub fn str(s: &str) -> Json {
        Json::Str(s.to_owned())
    }

    /// An object from (name, value) pairs.
    pub fn obj(fields: Vec<(&str, Json)>) -> Json {
        Json::Obj(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// The value as JSON text indented by two spaces; arrays of plain values stay on one line.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn is_plain(&self) -> bool {
        !matches!(self, Json::Arr(_) | Json::Obj(_))
    }

    fn write(&self, out: &mut String, depth: usize) {
        let indent = |out: &mut String, depth: usize| {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("  ");
            }
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => out.push_str(&n.to_string()),
            Json::Str(s) => write_string(s, out),
            Json::Raw(text) => out.push_str(text),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Arr(items) if items.iter().all(Json::is_plain) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out, depth);
                }
                out.push(']');
            }
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    item.write(out, depth + 1);
                }
                indent(out, depth);
                out.push(']');
            }
            Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
            Json::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    write_string(k, out);
                    out.push_str(": ");
                    v.write(out, depth + 1);
                }
                indent(out, depth);
                out.push('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::json::{self, Value};
    use super::super::Manifest;
    use super::*;

    #[test]
    fn every_property_has_a_description_and_every_reference_an_object() {
        for o in OBJECTS {
            assert!(o.description().ends_with('.'), "{}", o.name);
            for f in o.fields {
                let d = f.description();
                assert!(
                    d.len() > 10 && d.ends_with('.'),
                    "{}.{} needs a description (one or more sentences)",
                    o.name,
                    f.name
                );
                let mut types = vec![f.ty];
                while let Some(ty) = types.pop() {
                    match ty {
                        Type::Object(n) => assert!(object(n).is_some(), "{n} is not in OBJECTS"),
                        Type::Array { items, .. } => types.push(*items),
                        Type::Map { values, .. } => types.push(*values),
                        Type::Either(list) => types.extend_from_slice(list),
                        _ => {}
                    }
                }
            }
        }
    }

    /// The enums' values are the ones the decoder accepts: its error for a wrong value lists them.
    #[test]
    fn enum_values_are_the_decoders() {
        const BASE: &str = r#"{"version": 1, "revision": 1, "site": {"name": "t"},
            "categories": [{"id": "n", "required": true, "title": "N"}],
            "services": [{"id": "s", "category": "n", "title": "S", "on_revoke": ON_REVOKE}],
            "cookie": {"same_site": SAME_SITE}, "ui": {"layout": LAYOUT, "theme": THEME}}"#;
        // (object, field, slot in BASE, JSON path, a value the decoder accepts)
        let slots = [
            (
                "service",
                "on_revoke",
                "ON_REVOKE",
                "services[0].on_revoke",
                "\"reload\"",
            ),
            (
                "cookie",
                "same_site",
                "SAME_SITE",
                "cookie.same_site",
                "\"lax\"",
            ),
            ("ui", "layout", "LAYOUT", "ui.layout", "\"bar\""),
            ("ui", "theme", "THEME", "ui.theme", "\"auto\""),
        ];
        let fill = |slot: &str, value: &str| {
            let mut src = BASE.replace(slot, value);
            for (_, _, other, _, ok) in slots {
                src = src.replace(other, ok);
            }
            src
        };
        for (obj, name, slot, path, _) in slots {
            let f = object(obj).unwrap().fields.iter().find(|f| f.name == name);
            let values = match f.unwrap().ty {
                Type::Enum(v) => v,
                Type::Either([Type::Enum(v), ..]) => *v,
                _ => panic!("{obj}.{name} is not an enum"),
            };
            for v in values {
                let src = fill(slot, &format!("\"{v}\""));
                assert!(Manifest::from_json(&src).is_ok(), "{obj}.{name} = {v:?}");
            }
            let errs = Manifest::from_json(&fill(slot, "\"no-such-value\"")).unwrap_err();
            let e = errs.iter().next().unwrap();
            let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            assert_eq!(e.path(), path);
            assert_eq!(
                e.message(),
                format!("\"no-such-value\" is not one of {}", quoted.join(", ")),
                "{obj}.{name}: the decoder and the schema disagree on the values"
            );
        }
    }

    #[test]
    fn defaults_are_the_decoders() {
        let m = Manifest::from_json(
            r#"{"version": 1, "revision": 1, "site": {"name": "t"},
            "categories": [{"id": "n", "required": true, "title": "N"}],
            "services": [{"id": "s", "category": "n", "title": "S", "scripts": [{"src": "/s.js"}]},
                         {"id": "t", "category": "n", "title": "T", "on_revoke": {"call": "f"}}]}"#,
        )
        .unwrap();
        let schema = json::parse(&json_schema()).unwrap();
        let default_of = |obj: &str, field: &str| -> String {
            let path: Vec<&str> = if obj == "manifest" {
                vec!["properties", field, "default"]
            } else {
                vec!["$defs", obj, "properties", field, "default"]
            };
            let mut node = &schema;
            for key in path {
                let Value::Object(fields) = &node.value else {
                    panic!("no {key} for {obj}.{field}")
                };
                node = &fields.iter().find(|(k, _, _)| k == key).unwrap().2;
            }
            json::write(node)
        };
        let c = &m.cookie;
        assert_eq!(
            default_of("manifest", "cookie"),
            format!(
                r#"{{"name":"{}","max_age_days":{},"domain":null,"same_site":"{}"}}"#,
                c.name,
                c.max_age_days,
                c.same_site.as_str().to_lowercase()
            )
        );
        assert_eq!(c.domain, None);
        let l = &m.languages;
        assert_eq!(
            default_of("manifest", "languages"),
            format!(
                r#"{{"default":"{}","available":{:?}}}"#,
                l.default, l.available
            )
        );
        let s = m.signals;
        assert_eq!(
            default_of("manifest", "signals"),
            format!(r#"{{"gpc":{},"dnt":{}}}"#, s.gpc, s.dnt)
        );
        assert_eq!(m.ui, UiOptions::default());
        assert_eq!(
            default_of("manifest", "ui"),
            r#"{"layout":"bar","theme":"auto"}"#
        );
        assert!(m.texts.is_empty());
        assert_eq!(default_of("manifest", "texts"), "{}");
        let cat = &m.categories[0];
        assert_eq!(
            default_of("category", "sale_or_sharing"),
            cat.sale_or_sharing.to_string()
        );
        assert_eq!(default_of("category", "tracking"), cat.tracking.to_string());
        let (s, t) = (&m.services[0], &m.services[1]);
        assert!(s.cookies.is_empty() && s.globals.0.is_empty() && t.scripts.is_empty());
        assert_eq!(s.on_revoke, OnRevoke::Reload);
        assert_eq!(default_of("service", "on_revoke"), r#""reload""#);
        assert_eq!(
            default_of("script", "async"),
            s.scripts[0].is_async.to_string()
        );
        assert_eq!(
            t.on_revoke,
            OnRevoke::Call(RevokeCall {
                function: "f".into(),
                args: vec![]
            })
        );
        assert_eq!(default_of("on_revoke_call", "args"), "[]");
    }

    #[test]
    fn schema_is_json_with_a_description_on_every_property() {
        let schema = json::parse(&json_schema()).expect("the schema is JSON");
        let mut stack = vec![&schema];
        let mut properties = 0;
        while let Some(node) = stack.pop() {
            match &node.value {
                Value::Object(fields) => {
                    for (k, _, v) in fields {
                        if k == "properties" {
                            let Value::Object(props) = &v.value else {
                                panic!("properties is an object")
                            };
                            for (name, _, p) in props {
                                properties += 1;
                                let Value::Object(kw) = &p.value else {
                                    panic!()
                                };
                                assert!(
                                    kw.iter().any(|(k, _, _)| k == "description"),
                                    "{name} has no description"
                                );
                            }
                        }
                        stack.push(v);
                    }
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        let in_table: usize = OBJECTS.iter().map(|o| o.fields.len()).sum();
        // One more: the `contains` clause of "categories" names "required".
        assert_eq!(properties, in_table + 1);
    }

    #[test]
    fn writer_escapes_and_indents() {
        let v = Json::obj(vec![
            (
                "a",
                Json::Arr(vec![Json::Num(1), Json::Null, Json::Bool(true)]),
            ),
            ("b", Json::str("q\"\\\n\u{1}\u{2028}é")),
            ("c", Json::Arr(vec![Json::obj(vec![])])),
            ("d", Json::Arr(vec![])),
        ]);
        assert_eq!(
            v.pretty(),
            "{\n  \"a\": [1, null, true],\n  \"b\": \"q\\\"\\\\\\n\\u0001\\u2028é\",\n  \"c\": [\n    {}\n  ],\n  \"d\": []\n}"
        );
        assert!(json::parse(&v.pretty()).is_ok());
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn committed_schema_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/manifest.schema.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == json_schema(),
            "manifest.schema.json differs from what the code generates (src/manifest/schema.rs); \
             run `cargo run -- schema > manifest.schema.json` and commit it"
        );
    }
}
