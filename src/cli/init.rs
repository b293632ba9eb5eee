//! `consentry init`: a starter manifest, or one of catalog presets, never over an existing
//! file.

use super::catalog::find;
use super::Outcome;
use crate::manifest::preset::{self, Entry};
use std::io::Write;

/// The manifest `init` writes without presets. JSON has no comments: the descriptions say what
/// goes where.
const STARTER: &str = include_str!("starter.json");

/// Writes the starter manifest, or one with the catalog's `presets` (each in the category of
/// its kind), to `file` ("-": prints it).
pub(super) fn run(file: &str, presets: &[String]) -> Outcome {
    let text = if presets.is_empty() {
        STARTER.to_owned()
    } else {
        let mut found: Vec<Entry> = Vec::new();
        for name in presets {
            match find(name) {
                // A preset named twice (or by an alias) is one service.
                Ok(p) if found.contains(&p) => {}
                Ok(p) => found.push(p),
                Err(e) => {
                    eprintln!("consentry: {e}");
                    return Outcome::Unusable;
                }
            }
        }
        with_presets(&found)
    };
    if file == "-" {
        print!("{text}");
        return Outcome::Ok;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {
            let what = if presets.is_empty() {
                "a starter manifest"
            } else {
                "a manifest of presets"
            };
            println!("wrote {file}: {what}. Next:");
            println!(
                "  1. edit it: your site, your categories and services, in your policy's words"
            );
            println!("  2. check it: consentry validate {file}");
            println!("  3. let editors help: consentry schema > manifest.schema.json (beside it)");
            Outcome::Ok
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("consentry: {file} already exists; init never overwrites a file (choose another name, or remove it first)");
            Outcome::Unusable
        }
        Err(e) => {
            eprintln!("consentry: {file}: cannot write: {e}");
            Outcome::Unusable
        }
    }
}

/// A manifest with a required category, a category for each kind of `presets` and a service
/// for each preset (its id the preset's name). Written by hand rather than through a JSON
/// library, to keep the field order a person reads.
fn with_presets(presets: &[Entry]) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string is JSON");
    let mut categories = Vec::new();
    for &(id, title, description) in preset::KINDS {
        let inside: Vec<&Entry> = presets.iter().filter(|p| p.kind == id).collect();
        if id != "necessary" && inside.is_empty() {
            continue;
        }
        let mut fields = vec![format!("\"id\": {}", q(id))];
        if id == "necessary" {
            fields.push("\"required\": true".into());
        }
        fields.push(format!("\"title\": {}", q(title)));
        fields.push(format!("\"description\": {}", q(description)));
        if inside.iter().any(|p| p.sale_or_sharing) {
            fields.push("\"sale_or_sharing\": true".into());
        }
        if inside.iter().any(|p| p.tracking) {
            fields.push("\"tracking\": true".into());
        }
        categories.push(format!("    {{ {} }}", fields.join(", ")));
    }
    let services: Vec<String> = presets
        .iter()
        .map(|p| {
            format!(
                "    {{ \"id\": {}, \"category\": {}, \"preset\": {} }}",
                q(&p.name),
                q(&p.kind),
                q(&p.name)
            )
        })
        .collect();
    let consent_mode = if presets.iter().any(|p| p.consent_mode) {
        "  \"google_consent_mode\": {},\n"
    } else {
        ""
    };
    format!(
        "{{\n  \"$schema\": \"./manifest.schema.json\",\n  \"version\": 1,\n  \"revision\": 1,\n  \
         \"site\": {{ \"name\": \"Example\", \"policy_url\": \"https://example.com/privacy\" }},\n  \
         \"languages\": {{ \"default\": \"en\", \"available\": [\"en\"] }},\n  \
         \"signals\": {{ \"gpc\": true, \"dnt\": false }},\n{consent_mode}  \
         \"categories\": [\n{}\n  ],\n  \"services\": [\n{}\n  ]\n}}\n",
        categories.join(",\n"),
        services.join(",\n")
    )
}
