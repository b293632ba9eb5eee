//! The manifest's JSON Schema (draft 2020-12), generated from one table of its objects and fields.
//!
//! [`OBJECTS`] lists every object of manifest v1, each field with its type, limits, default and a
//! description. [`json_schema`] turns it into the schema committed as `manifest.schema.json`
//! (editors use it for completion and hover text; `consentry schema` prints it). Tests check the
//! table against the field lists the decoder reads ([`super::MANIFEST_FIELDS`] and its
//! siblings), so a field added to one and not the other fails, and the committed file against
//! [`json_schema`], so it cannot go stale.
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

use super::json::write_string;
use super::model::{
    DEFAULT_COOKIE_NAME, DEFAULT_MAX_AGE_DAYS, FORMAT_VERSION, MAX_MAX_AGE_DAYS, UI_TEXT_KEYS,
};
use super::validate::MAX_ID_LEN;
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
    /// An object of the table, by its name.
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
        /// The type of every value.
        values: &'static Type,
    },
    /// Any JSON value.
    Any,
    /// One of these types.
    Either(&'static [Type]),
}

/// A field's value when it is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(u64),
    /// A string.
    Str(&'static str),
    /// A list of strings.
    Strs(&'static [&'static str]),
    /// `[]`.
    EmptyArray,
    /// `{}`.
    EmptyObject,
    /// The object made of its own fields' defaults.
    Fields,
}

/// One field of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub default: Option<DefaultValue>,
    /// What it is for, shown by editors.
    pub description: &'static str,
}

/// One object of the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Object {
    /// Its name under `$defs` (`"manifest"` is the document itself).
    pub name: &'static str,
    /// What it is, shown by editors.
    pub description: &'static str,
    /// Every field it may have, in the decoder's order.
    pub fields: &'static [Field],
}

impl Object {
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

const fn field(name: &'static str, ty: Type, description: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        nullable: false,
        default: None,
        description,
    }
}

impl Field {
    const fn required(mut self) -> Field {
        self.required = true;
        self
    }
    const fn nullable(mut self) -> Field {
        self.nullable = true;
        self.default = Some(DefaultValue::Null);
        self
    }
    const fn default(mut self, d: DefaultValue) -> Field {
        self.default = Some(d);
        self
    }
}

const fn string(pattern: &'static str) -> Type {
    Type::String {
        pattern: Some(pattern),
        max_length: None,
    }
}
const ANY_STRING: Type = Type::String {
    pattern: None,
    max_length: None,
};
const ID: Type = string(ID_PATTERN);
const URL: Type = string(URL_PATTERN);
const STRINGS: Type = Type::Array {
    items: &ANY_STRING,
    min_items: 0,
    one_with: None,
};
const fn array_of(items: &'static Type) -> Type {
    Type::Array {
        items,
        min_items: 0,
        one_with: None,
    }
}

/// The first is the document itself; the others are its parts, referenced by name.
pub const OBJECTS: &[Object] = &[
    Object {
        name: "manifest",
        description: "A Consentry manifest (format version 1): the site's consent policy, which categories and services visitors decide on, and how their answer is kept.",
        fields: &[
            field("$schema", ANY_STRING, "Where editors find this schema, usually \"./manifest.schema.json\". Consentry ignores it.").nullable(),
            field("version", Type::Const(FORMAT_VERSION as u64), "Manifest format version. Always 1.").required(),
            field("revision", Type::Integer { minimum: 1, maximum: u32::MAX as u64 }, "The policy's revision, from 1. Raise it whenever every visitor must be asked again: a consent given under another revision no longer counts.").required(),
            field("site", Type::Object("site"), "The site asking for consent.").required(),
            field("cookie", Type::Object("cookie"), "How the visitor's answer is stored in the consent cookie.").default(DefaultValue::Fields),
            field("languages", Type::Object("languages"), "The languages texts are given in, and the default one every text must exist in.").default(DefaultValue::Fields),
            field("signals", Type::Object("signals"), "Which browser privacy signals the site honours.").default(DefaultValue::Fields),
            field("categories", Type::Array { items: &Type::Object("category"), min_items: 1, one_with: Some("required") }, "The purposes visitors accept or refuse, in display order. At least one, and at least one of them required (strictly necessary).").required(),
            field("services", array_of(&Type::Object("service")), "Third parties and tools, each in one category, shown inside it. A visitor may decide on a service alone.").default(DefaultValue::EmptyArray),
            field("texts", Type::Map { keys: LANGUAGE_TAG_PATTERN, values: &Type::Object("ui_texts") }, "Interface texts (banner, buttons, panel) by language tag; each one left out uses the manifest's default language, then Consentry's built-in English or French.").default(DefaultValue::EmptyObject),
            field("ui", Type::Object("ui"), "Where the banner sits and which colours it uses.").default(DefaultValue::Fields),
        ],
    },
    Object {
        name: "site",
        description: "The site or company asking for consent.",
        fields: &[
            field("name", string(NOT_BLANK_PATTERN), "The site's or company's name, shown to visitors. Must not be blank.").required(),
            field("policy_url", URL, "Link to the privacy or cookie policy, shown in the banner and the panel: an absolute http(s) URL or a path from the site's root.").nullable(),
        ],
    },
    Object {
        name: "cookie",
        description: "How the consent cookie is written: a first-party cookie with Path=/, Secure on https.",
        fields: &[
            field("name", string(COOKIE_NAME_PATTERN), "The cookie's name: 1 to 64 letters, digits or !#$%&'*+-.^_`|~.").default(DefaultValue::Str(DEFAULT_COOKIE_NAME)),
            field("max_age_days", Type::Integer { minimum: 1, maximum: MAX_MAX_AGE_DAYS as u64 }, "How many days a consent is kept (the cookie's Max-Age) before visitors are asked again: 1 to 395 (13 months).").default(DefaultValue::Int(DEFAULT_MAX_AGE_DAYS as u64)),
            // At most 253 characters after an optional dot: 254 keeps the schema from being
            // stricter than the validator, which needs no lookahead.
            field("domain", Type::String { pattern: Some(DOMAIN_PATTERN), max_length: Some(254) }, "The cookie's Domain attribute, to share one consent across subdomains (\"example.com\" covers www.example.com and shop.example.com). null keeps it to the host that set it.").nullable(),
            field("same_site", Type::Enum(&["lax", "strict", "none"]), "The cookie's SameSite attribute. \"none\" always adds Secure.").default(DefaultValue::Str("lax")),
        ],
    },
    Object {
        name: "languages",
        description: "The languages visitors may see texts in; the visitor's browser languages pick one, else the default.",
        fields: &[
            field("default", string(LANGUAGE_TAG_PATTERN), "The language tag every text must be given in, and the fallback for texts missing in another language.").default(DefaultValue::Str("en")),
            field("available", Type::Array { items: &string(LANGUAGE_TAG_PATTERN), min_items: 0, one_with: None }, "Every language tag offered, the default included. Left out or empty, only the default language.").default(DefaultValue::Strs(&["en"])),
        ],
    },
    Object {
        name: "signals",
        description: "Browser privacy signals the site honours: a visitor who sends one is opted out of the categories it covers until they opt in themselves.",
        fields: &[
            field("gpc", Type::Boolean, "Honour Global Privacy Control (navigator.globalPrivacyControl): a visitor who sends it starts with every category marked sale_or_sharing or tracking refused, and Accept all leaves them out.").default(DefaultValue::Bool(false)),
            field("dnt", Type::Boolean, "Honour Do-Not-Track (navigator.doNotTrack): a visitor who sends it starts with every category marked sale_or_sharing or tracking refused, and Accept all leaves them out.").default(DefaultValue::Bool(false)),
        ],
    },
    Object {
        name: "category",
        description: "A purpose the visitor accepts or refuses as a whole, with the services in it.",
        fields: &[
            field("id", ID, "The id that page markup (data-consent=\"…\"), the JavaScript API and the cookie use: 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit. Unique among categories and services.").required(),
            field("required", Type::Boolean, "Always on and cannot be refused: strictly necessary cookies. At least one category must be required.").default(DefaultValue::Bool(false)),
            field("title", Type::Text, "The category's name, the label of its toggle.").required(),
            field("description", Type::Text, "What the category is for, in the policy's own words.").nullable(),
            field("sale_or_sharing", Type::Boolean, "It sells or shares personal data: an honoured privacy signal (GPC or DNT, see signals) opts visitors out of it.").default(DefaultValue::Bool(false)),
            field("tracking", Type::Boolean, "It tracks visitors: an honoured privacy signal (GPC or DNT, see signals) opts visitors out of it.").default(DefaultValue::Bool(false)),
        ],
    },
    Object {
        name: "service",
        description: "A third party or tool that runs only with consent for it or for its category.",
        fields: &[
            field("id", ID, "The id that page markup (data-consent=\"…\"), the JavaScript API and the cookie use: 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit. Unique among categories and services.").required(),
            field("category", ID, "The id of the category it belongs to.").required(),
            field("title", Type::Text, "The service's name, shown to visitors.").required(),
            field("description", Type::Text, "What it does with the visitor's data.").nullable(),
            field("provider", ANY_STRING, "Who runs it (the company), shown to visitors and on embed placeholders.").nullable(),
            field("policy_url", URL, "The provider's privacy policy: an absolute http(s) URL or a path from the site's root.").nullable(),
            field("cookies", Type::Array { items: &string(COOKIE_PATTERN_PATTERN), min_items: 0, one_with: None }, "The cookies it sets, as exact names or patterns with * wildcards (\"_ga\", \"intercom-id-*\"), listed to visitors.").default(DefaultValue::EmptyArray),
            field("scripts", array_of(&Type::Object("script")), "Scripts Consentry injects once the service is accepted, so the page needs no markup for it.").default(DefaultValue::EmptyArray),
            field("globals", Type::Map { keys: IDENTIFIER_PATTERN, values: &Type::Any }, "Globals set on window before its scripts run, by name (an Intercom-style settings object: {\"intercomSettings\": {\"app_id\": \"…\"}}). Built-ins such as window, document or location are refused.").default(DefaultValue::EmptyObject),
            field("embed", Type::Text, "What a placeholder for its embedded iframes says, before the visitor loads them; {service} and {provider} are filled in. Without it, the interface text embed_notice.").nullable(),
            field("on_revoke", Type::Either(&[Type::Enum(&["reload", "nothing"]), Type::Object("on_revoke_call")]), "What happens when consent for it is withdrawn: \"reload\" the page so its script is gone, \"nothing\" (new page views will not run it), or call a function its script defines.").default(DefaultValue::Str("reload")),
        ],
    },
    Object {
        name: "script",
        description: "A script injected for a service once it is accepted.",
        fields: &[
            field("src", URL, "The script's URL: an absolute http(s) URL or a path from the site's root.").required(),
            field("async", Type::Boolean, "Load it with the async attribute, without keeping the order of other scripts.").default(DefaultValue::Bool(false)),
        ],
    },
    Object {
        name: "on_revoke_call",
        description: "A function of the service's script to call when consent is withdrawn, like {\"call\": \"Intercom\", \"args\": [\"shutdown\"]}.",
        fields: &[
            field("call", string(FUNCTION_PATTERN), "The function, reached from window by dotted names (\"Intercom\", \"myChat.shutdown\").").required(),
            field("args", STRINGS, "String arguments to pass it.").default(DefaultValue::EmptyArray),
        ],
    },
    Object {
        name: "ui_texts",
        description: "Interface texts in one language; each one left out uses the default language's, then the built-in one.",
        fields: &[
            field(UI_TEXT_KEYS[0], ANY_STRING, "The banner's heading."),
            field(UI_TEXT_KEYS[1], ANY_STRING, "The banner's body text."),
            field(UI_TEXT_KEYS[2], ANY_STRING, "The \"Accept all\" button."),
            field(UI_TEXT_KEYS[3], ANY_STRING, "The \"Reject all\" button, as prominent as \"Accept all\"."),
            field(UI_TEXT_KEYS[4], ANY_STRING, "The button that opens the preferences panel."),
            field(UI_TEXT_KEYS[5], ANY_STRING, "The preferences panel's heading."),
            field(UI_TEXT_KEYS[6], ANY_STRING, "The preferences panel's introduction."),
            field(UI_TEXT_KEYS[7], ANY_STRING, "The panel's button that saves the choices made."),
            field(UI_TEXT_KEYS[8], ANY_STRING, "The accessible name of the panel's close button."),
            field(UI_TEXT_KEYS[9], ANY_STRING, "The label shown on required categories instead of a toggle."),
            field(UI_TEXT_KEYS[10], ANY_STRING, "The text of the link to the privacy policy."),
            field(UI_TEXT_KEYS[11], ANY_STRING, "The banner's note when a browser privacy signal was honoured."),
            field(UI_TEXT_KEYS[12], ANY_STRING, "The text of an embed's placeholder; {service} and {provider} are filled in."),
            field(UI_TEXT_KEYS[13], ANY_STRING, "The placeholder's button that loads the embed this once."),
            field(UI_TEXT_KEYS[14], ANY_STRING, "The placeholder's button that accepts the service for good; {service} is filled in."),
        ],
    },
    Object {
        name: "ui",
        description: "Presentation options.",
        fields: &[
            field("layout", Type::Enum(&["bar", "box"]), "Where the banner sits: a \"bar\" along the bottom of the viewport, or a \"box\" in the bottom corner.").default(DefaultValue::Str("bar")),
            field("theme", Type::Enum(&["auto", "light", "dark"]), "The colour scheme: \"auto\" follows the visitor's prefers-color-scheme.").default(DefaultValue::Str("auto")),
        ],
    },
];

/// The object of [`OBJECTS`] called `name`.
pub fn object(name: &str) -> Option<&'static Object> {
    OBJECTS.iter().find(|o| o.name == name)
}

/// The shared definition of a visitor-facing text.
const TEXT_DESCRIPTION: &str = "A text shown to visitors: one string for every language, or an object mapping language tags to strings (it must have the default language; the others fall back to it).";

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
        ("description", Json::str(o.description)),
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
    let mut out = vec![("description", Json::str(f.description))];
    if f.nullable {
        let null = Json::obj(vec![("type", Json::str("null"))]);
        out.push((
            "anyOf",
            Json::Arr(vec![Json::obj(type_schema(&f.ty)), null]),
        ));
    } else {
        out.extend(type_schema(&f.ty));
    }
    if let Some(d) = f.default {
        out.push(("default", default_value(d, &f.ty)));
    }
    out
}

fn type_schema(ty: &Type) -> Vec<(&'static str, Json)> {
    let ty_is = |t: &str| ("type", Json::str(t));
    match *ty {
        Type::String {
            pattern,
            max_length,
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
        Type::Map { keys, values } => vec![
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

fn default_value(d: DefaultValue, ty: &Type) -> Json {
    match d {
        DefaultValue::Null => Json::Null,
        DefaultValue::Bool(b) => Json::Bool(b),
        DefaultValue::Int(n) => Json::Num(n),
        DefaultValue::Str(s) => Json::str(s),
        DefaultValue::Strs(list) => Json::Arr(list.iter().map(|s| Json::str(s)).collect()),
        DefaultValue::EmptyArray => Json::Arr(Vec::new()),
        DefaultValue::EmptyObject => Json::Obj(Vec::new()),
        DefaultValue::Fields => {
            let Type::Object(name) = ty else {
                return Json::Obj(Vec::new());
            };
            let fields = object(name).map_or(&[][..], |o| o.fields);
            Json::obj(
                fields
                    .iter()
                    .filter_map(|f| Some((f.name, default_value(f.default?, &f.ty))))
                    .collect(),
            )
        }
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
    use super::super::model::*;
    use super::super::Manifest;
    use super::*;

    /// Every object of the table, with the field lists the decoder reads for it.
    const DECODER_LISTS: &[(&str, &[&str], &[&str])] = &[
        ("manifest", MANIFEST_FIELDS, MANIFEST_REQUIRED),
        ("site", SITE_FIELDS, SITE_REQUIRED),
        ("cookie", COOKIE_FIELDS, COOKIE_REQUIRED),
        ("languages", LANGUAGES_FIELDS, LANGUAGES_REQUIRED),
        ("signals", SIGNALS_FIELDS, SIGNALS_REQUIRED),
        ("category", CATEGORY_FIELDS, CATEGORY_REQUIRED),
        ("service", SERVICE_FIELDS, SERVICE_REQUIRED),
        ("script", SCRIPT_FIELDS, SCRIPT_REQUIRED),
        (
            "on_revoke_call",
            ON_REVOKE_CALL_FIELDS,
            ON_REVOKE_CALL_REQUIRED,
        ),
        ("ui_texts", UI_TEXT_KEYS, UI_TEXTS_REQUIRED),
        ("ui", UI_FIELDS, UI_REQUIRED),
    ];

    #[test]
    fn table_lists_the_fields_the_decoder_reads() {
        let mut names: Vec<&str> = OBJECTS.iter().map(|o| o.name).collect();
        let mut listed: Vec<&str> = DECODER_LISTS.iter().map(|l| l.0).collect();
        names.sort_unstable();
        listed.sort_unstable();
        assert_eq!(
            names, listed,
            "every schema object needs its decoder field lists"
        );
        for &(name, fields, required) in DECODER_LISTS {
            let o = object(name).unwrap();
            assert_eq!(
                o.field_names(),
                fields,
                "the schema table (src/manifest/schema.rs) and the decoder's field list \
                 (src/manifest/model.rs) disagree on the fields of {name:?}"
            );
            assert_eq!(
                o.required_names(),
                required,
                "the schema table and the decoder disagree on the required fields of {name:?}"
            );
        }
    }

    #[test]
    fn every_property_has_a_description_and_every_reference_an_object() {
        for o in OBJECTS {
            assert!(o.description.ends_with('.'), "{}", o.name);
            for f in o.fields {
                assert!(
                    f.description.len() > 10 && f.description.ends_with('.'),
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
        assert!(s.cookies.is_empty() && s.globals.is_empty() && t.scripts.is_empty());
        assert_eq!(s.on_revoke, OnRevoke::Reload);
        assert_eq!(default_of("service", "on_revoke"), r#""reload""#);
        assert_eq!(
            default_of("script", "async"),
            s.scripts[0].is_async.to_string()
        );
        assert_eq!(
            t.on_revoke,
            OnRevoke::Call {
                function: "f".into(),
                args: vec![]
            }
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
