//! The field tables of `docs/manifest.md`, generated from the declarations of [`OBJECTS`].
//!
//! Each table follows a `<!-- fields: NAME -->` line and ends at the next blank line; the prose
//! around the tables is written by hand. A test fails when the committed file is stale;
//! `UPDATE=1 cargo test` rewrites it.

use super::schema::{Field, Json, Object, Type, OBJECTS};
use std::fmt::Write;

/// The link text and heading anchor in `docs/manifest.md` of each object.
fn link(object: &str) -> (&'static str, &'static str) {
    match object {
        "manifest" => ("manifest", "the-document"),
        "site" => ("site", "site"),
        "cookie" => ("cookie", "cookie"),
        "languages" => ("languages", "languages"),
        "signals" => ("signals", "signals"),
        "google_consent_mode" => ("google_consent_mode", "google_consent_mode"),
        "category" => ("category", "categories"),
        "service" => ("service", "services"),
        "script" => ("script", "scripts"),
        "on_revoke_call" => ("an object", "on_revoke-as-an-object"),
        "service_cookie" => ("an object", "cookies-as-objects"),
        "ui_texts" => ("interface texts", "texts"),
        "ui" => ("ui", "ui"),
        other => panic!("docs/manifest.md has no section for the object {other:?}"),
    }
}

/// `docs` with every field table rewritten from [`OBJECTS`]; fails on a marker naming no object.
pub fn update(docs: &str) -> Result<String, String> {
    const MARKER: &str = "<!-- fields: ";
    let mut out = String::with_capacity(docs.len());
    let mut rest = docs;
    while let Some(at) = rest.find(MARKER) {
        let line_end = rest[at..].find('\n').map_or(rest.len(), |n| at + n + 1);
        let name = rest[at + MARKER.len()..line_end]
            .trim_end()
            .trim_end_matches("-->")
            .trim();
        let object = OBJECTS
            .iter()
            .find(|o| o.name == name)
            .ok_or_else(|| format!("docs/manifest.md: no object is called {name:?}"))?;
        out.push_str(&rest[..line_end]);
        out.push_str(&table(object));
        let table_end = rest[line_end..]
            .find("\n\n")
            .map_or(rest.len(), |n| line_end + n + 1);
        rest = &rest[table_end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The Markdown table of one object's fields.
pub fn table(object: &Object) -> String {
    let mut out =
        String::from("| field | type | default | meaning and limits |\n|---|---|---|---|\n");
    for f in object.fields {
        let doc = f.doc.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            f.name,
            cell(&type_label(f)),
            cell(&default_label(object, f)),
            cell(&doc)
        );
    }
    out
}

/// A table cell's text: `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn type_label(f: &Field) -> String {
    let ty = label(&f.ty, false);
    if f.nullable {
        format!("{ty} or null")
    } else {
        ty
    }
}

/// How the docs name a type, in the plural for the items of an array.
fn label(ty: &Type, plural: bool) -> String {
    let many = |word: &str| {
        if plural {
            // "cookie name or pattern" → "cookie names or patterns"
            word.split(" or ")
                .map(|w| format!("{w}s"))
                .collect::<Vec<_>>()
                .join(" or ")
        } else {
            word.to_owned()
        }
    };
    match ty {
        Type::String { label, .. } => many(label),
        Type::Integer { minimum, maximum } if (*minimum, *maximum) == (0, u32::MAX as u64) => {
            many("integer")
        }
        Type::Integer { minimum, maximum } => {
            format!("{}, {minimum} to {maximum}", many("integer"))
        }
        Type::Const(_) => many("integer"),
        Type::Boolean => many("boolean"),
        Type::Enum(values) => {
            let quoted: Vec<String> = values.iter().map(|v| format!("`\"{v}\"`")).collect();
            or_list(&quoted)
        }
        Type::Text => format!("[{}](#text)", many("text")),
        Type::Object(name) => {
            let (text, anchor) = link(name);
            format!("[{text}](#{anchor})")
        }
        Type::Array {
            items, min_items, ..
        } => {
            let mut s = format!("array of {}", label(items, true));
            if *min_items == 1 {
                s.push_str(", at least one");
            } else if *min_items > 1 {
                let _ = write!(s, ", at least {min_items}");
            }
            s
        }
        Type::Map {
            key_label, values, ..
        } => format!("object: {key_label} → {}", label(values, false)),
        Type::Any => "any JSON".to_owned(),
        Type::Either(types) => {
            let parts: Vec<String> = types.iter().map(|t| label(t, plural)).collect();
            or_list(&parts)
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn default_label(object: &Object, f: &Field) -> String {
    if f.required {
        return "required".to_owned();
    }
    match f.default_value() {
        Some(value) => format!("`{}`", inline(&value)),
        // An interface text left out comes from the default language, then the built-in one.
        None if object.name == "ui_texts" => "built in".to_owned(),
        None => "none".to_owned(),
    }
}

/// `value` as JSON on one line, with a space after each `,` and `:`.
fn inline(value: &Json) -> String {
    match value {
        Json::Arr(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Json::Obj(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}: {}", inline(&Json::str(k)), inline(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        other => other.pretty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_docs_are_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/manifest.md");
        let committed = std::fs::read_to_string(path).unwrap();
        let fresh = update(&committed).unwrap();
        if std::env::var_os("UPDATE").is_some() {
            std::fs::write(path, &fresh).unwrap();
        }
        assert!(
            committed == fresh,
            "the field tables of docs/manifest.md differ from the declarations \
             (src/manifest/model.rs, interface_texts.rs); run `UPDATE=1 cargo test` and commit it"
        );
    }

    #[test]
    fn every_object_has_a_table_and_unknown_markers_are_refused() {
        let docs = include_str!("../../docs/manifest.md");
        for o in OBJECTS {
            assert!(
                docs.contains(&format!("<!-- fields: {} -->\n", o.name)),
                "{}",
                o.name
            );
        }
        assert!(update("<!-- fields: nope -->\n| x |\n\nafter").is_err());
        let one = update("a\n<!-- fields: script -->\n| old |\n\nafter\n").unwrap();
        assert!(one.starts_with("a\n<!-- fields: script -->\n| field |"));
        assert!(one.contains("| `src` | URL | required | "));
        assert!(one.contains("| `async` | boolean | `false` | "));
        assert!(one.ends_with("|\n\nafter\n"));
    }

    #[test]
    fn labels_read_as_the_docs_say() {
        assert_eq!(
            label(&super::super::schema::HOSTS, false),
            "array of host names"
        );
        assert_eq!(or_list(&["a".into(), "b".into(), "c".into()]), "a, b or c");
        assert_eq!(cell("a|b"), "a\\|b");
    }
}
