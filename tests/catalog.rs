//! The service catalog (`catalog/services/*.json`) through the manifest's own validator, and
//! its generated table in `docs/catalog.md`.
//!
//! Each entry becomes a service of a manifest in the category of its `kind`, with its title,
//! description, provider, policy URL, cookie names, Consent Mode signals and revoke call, and
//! that manifest must be valid: what a preset fills in is what a site owner could have written.
//! `UPDATE=1 cargo test` rewrites the table.
#![cfg(not(target_arch = "wasm32"))]

use consentry::manifest::Manifest;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every entry, by file name, in name order.
fn entries() -> Vec<(String, Value)> {
    let dir = root().join("catalog").join("services");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let value: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", p.display()));
            (name(p), value)
        })
        .collect()
}

fn name(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The service fields an entry's preset fills in, as a manifest writes them.
fn preset_fields(entry: &Value) -> Value {
    let cookies: Vec<Value> = entry["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| match c.get("max_age_days") {
            Some(days) => json!({ "name": c["name"], "max_age_days": days }),
            None => c["name"].clone(),
        })
        .collect();
    let mut fields = json!({
        "title": entry["title"],
        "description": entry["description"],
        "provider": entry["provider"],
        "policy_url": entry["policy_url"],
        "cookies": cookies,
        "hosts": entry["hosts"],
        "embeds": entry["embeds"],
        "on_revoke": entry["on_revoke"],
    });
    // No signals: the service's category's (an embed, a chat).
    if !entry["consent_mode"].as_array().unwrap().is_empty() {
        fields["consent_mode"] = entry["consent_mode"].clone();
    }
    fields
}

/// `catalog/presets.json`: what Consentry reads of the catalog. `presets` has every preset's
/// fields and `aliases` the preset each other name stands for (the build writes a file of
/// `pkg/presets/` for each name of both); `kinds`, `tracking` and `sale_or_sharing` are for
/// `consentry init` and the warnings. One line per preset.
fn presets_file() -> String {
    let all = entries();
    let mut presets = Vec::new();
    let (mut kinds, mut aliases) = (Vec::new(), Vec::new());
    let (mut tracking, mut sharing) = (Vec::new(), Vec::new());
    for (name, e) in &all {
        let fields = preset_fields(e).to_string();
        presets.push(format!("{}: {fields}", json!(name)));
        kinds.push(format!("{}: {}", json!(name), e["kind"]));
        if e["tracking"] == json!(true) {
            tracking.push(json!(name).to_string());
        }
        if e["sale_or_sharing"] == json!(true) {
            sharing.push(json!(name).to_string());
        }
        for alias in e["aliases"].as_array().unwrap() {
            aliases.push(format!("{alias}: {}", json!(name)));
        }
    }
    format!(
        "{{\"presets\": {{\n{}\n}},\n\"kinds\": {{{}}},\n\"aliases\": {{{}}},\n\"tracking\": [{}],\n\"sale_or_sharing\": [{}]}}\n",
        presets.join(",\n"),
        kinds.join(", "),
        aliases.join(", "),
        tracking.join(", "),
        sharing.join(", ")
    )
}

#[test]
fn the_generated_presets_are_up_to_date() {
    let path = root().join("catalog").join("presets.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let fresh = presets_file();
    if std::env::var_os("UPDATE").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    } else {
        assert!(
            committed == fresh,
            "catalog/presets.json is stale: run `UPDATE=1 cargo test` and commit it"
        );
    }
}

/// The manifest service that uses an entry's preset, in the category of its kind.
fn service(name: &str, entry: &Value) -> Value {
    json!({ "id": entry["preset"], "category": entry["kind"], "preset": name })
}

/// A manifest with a category for every kind and `services`.
fn manifest(services: Vec<Value>) -> String {
    let kinds = [
        "necessary",
        "functional",
        "analytics",
        "marketing",
        "embeds",
        "support",
    ];
    let categories: Vec<Value> = kinds
        .iter()
        .map(|k| json!({ "id": k, "title": k, "required": *k == "necessary" }))
        .collect();
    json!({
        "version": 1, "revision": 1, "site": { "name": "Catalog" },
        "languages": { "default": "en", "available": ["en", "fr"] },
        "google_consent_mode": {},
        "categories": categories,
        "services": services,
    })
    .to_string()
}

#[test]
fn every_preset_and_alias_fills_in_a_valid_manifest_service() {
    let all = entries();
    assert!(all.len() >= 25, "the catalog has {} entries", all.len());
    for (file, entry) in &all {
        assert_eq!(
            entry["preset"], *file,
            "{file}.json: preset is its file name"
        );
        let aliases = entry["aliases"].as_array().unwrap().iter();
        for name in std::iter::once(file.as_str()).chain(aliases.map(|a| a.as_str().unwrap())) {
            let one = manifest(vec![service(name, entry)]);
            let m = Manifest::from_json(&one)
                .unwrap_or_else(|errors| panic!("{file}.json as preset {name:?}:\n{errors}"));
            let s = &m.services[0];
            assert_eq!(
                serde_json::to_value(&s.provider).unwrap(),
                entry["provider"]
            );
            assert_eq!(s.cookies.len(), entry["cookies"].as_array().unwrap().len());
            assert_eq!(s.hosts.len(), entry["hosts"].as_array().unwrap().len());
        }
        let sources = entry["sources"].as_array().map_or(0, Vec::len);
        assert!(sources > 0, "{file}.json cites no source");
    }
    // All at once, too: ids unique across the catalog.
    let services = all.iter().map(|(f, e)| service(f, e)).collect();
    if let Err(errors) = Manifest::from_json(&manifest(services)) {
        panic!("the whole catalog as one manifest:\n{errors}");
    }
}

/// The table of `docs/catalog.md`, between its markers.
fn table() -> String {
    let mut out = String::from(
        "| preset | service | provider | usual category | cookies (lifetime in days) | Consent Mode | sources |\n|---|---|---|---|---|---|---|\n",
    );
    for (file, e) in entries() {
        let cookies: Vec<String> = e["cookies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| match c["max_age_days"].as_u64() {
                Some(0) => format!("`{}` (session)", c["name"].as_str().unwrap()),
                Some(d) => format!("`{}` ({d})", c["name"].as_str().unwrap()),
                None => format!("`{}` (not documented)", c["name"].as_str().unwrap()),
            })
            .collect();
        let signals: Vec<String> = e["consent_mode"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("`{}`", s.as_str().unwrap()))
            .collect();
        let or_dash = |v: Vec<String>| {
            if v.is_empty() {
                "—".to_owned()
            } else {
                v.join(", ")
            }
        };
        out.push_str(&format!(
            "| `{file}` | {} | {} | {} | {} | {} | {} |\n",
            e["title"]["en"].as_str().unwrap(),
            e["provider"].as_str().unwrap(),
            e["kind"].as_str().unwrap(),
            or_dash(cookies),
            or_dash(signals),
            e["sources"].as_array().map_or(0, Vec::len),
        ));
    }
    out
}

#[test]
fn the_catalog_table_in_the_docs_is_up_to_date() {
    const BEGIN: &str = "<!-- catalog table: generated by tests/catalog.rs -->\n";
    const END: &str = "<!-- end of catalog table -->";
    let path = root().join("docs").join("catalog.md");
    let docs = std::fs::read_to_string(&path).unwrap();
    let start = docs.find(BEGIN).expect("the table's start marker") + BEGIN.len();
    let end = docs.find(END).expect("the table's end marker");
    let fresh = format!("{}{}{}", &docs[..start], table(), &docs[end..]);
    if std::env::var_os("UPDATE").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    } else {
        assert!(
            docs == fresh,
            "docs/catalog.md's table is stale: run `UPDATE=1 cargo test`"
        );
    }
}
