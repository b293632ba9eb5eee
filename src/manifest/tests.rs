//! Manifest parsing and validation: each invalid input with its exact error.

use super::*;

const VALID: &str = r#"{
  "version": 1,
  "revision": 3,
  "site": { "name": "WP Rocket", "policy_url": "https://wp-rocket.me/privacy-policy/" },
  "languages": { "default": "en", "available": ["en", "fr"] },
  "categories": [
    { "id": "necessary", "required": true, "title": "Strictly necessary" },
    { "id": "ads", "title": { "en": "Advertising", "fr": "Publicité" } },
    { "id": "support", "title": "Support" }
  ],
  "services": [
    { "id": "intercom", "category": "support", "title": "Intercom chat",
      "cookies": ["intercom-id-*"],
      "scripts": [{ "src": "https://widget.intercom.io/widget/abc", "async": true }],
      "globals": { "intercomSettings": { "app_id": "abc", "hide": false } },
      "on_revoke": { "call": "Intercom", "args": ["shutdown"] } }
  ],
  "texts": { "fr": { "accept_all": "Tout accepter" } }
}"#;

fn errors_of(src: &str) -> Vec<String> {
    Manifest::from_json(src)
        .expect_err("manifest should be invalid")
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn with(find: &str, replace: &str) -> String {
    assert!(VALID.contains(find), "fixture lacks {find:?}");
    VALID.replacen(find, replace, 1)
}

#[test]
fn valid_manifest_parses_with_defaults() {
    let m = Manifest::from_json(VALID).unwrap();
    assert_eq!(Manifest::from_json_quiet(VALID).as_ref(), Some(&m));
    assert_eq!(m.revision, 3);
    assert_eq!(m.cookie.max_age_days, 182);
    assert_eq!(m.cookie.name, "consentry");
    assert!(m.is_required("necessary"));
    assert!(!m.is_required("intercom"));
    assert_eq!(m.services_in("support").count(), 1);
    assert_eq!(m.ui_texts("fr").accept_all, "Tout accepter");
    assert_eq!(m.ui_texts("fr").reject_all, "Tout refuser");
    assert_eq!(m.ui_texts("en").accept_all, "Accept all");
    assert_eq!(m.pick_language(&["fr-CA", "en"]), "fr");
    assert_eq!(m.pick_language(&["de"]), "en");
}

#[test]
fn bom_is_accepted() {
    assert!(Manifest::from_json(&format!("\u{feff}{VALID}")).is_ok());
}

#[test]
fn each_invalid_manifest_gets_its_exact_error() {
    let cases: Vec<(String, &str)> = vec![
        (
            with(r#""intercomSettings""#, r#""location""#),
            "services[0].globals.location: \"location\" cannot be set as a global at line 15 column 32\n  help: use the plain identifier the script reads, like \"intercomSettings\"; built-ins such as window or location are refused",
        ),
        (
            with(r#""call": "Intercom""#, r#""call": "Intercom()""#),
            "services[0].on_revoke.call: \"Intercom()\" is not a function name at line 16 column 30\n  help: name the function from window, like \"Intercom\" or \"myChat.shutdown\"",
        ),
        (
            with(r#""category": "support""#, r#""category": "suport""#),
            "services[0].category: \"suport\" is not a category at line 12 column 37\n  help: did you mean \"support\"?",
        ),
        (
            with(r#""category": "support""#, r#""catgory": "support""#),
            "services[0].catgory: unknown field \"catgory\" at line 12 column 25\n  help: did you mean \"category\"?\nservices[0].category: required field \"category\" is missing at line 12 column 5",
        ),
        (
            with(r#""revision": 3"#, r#""revision": "3""#),
            "revision: expected a whole number, found a string at line 3 column 15",
        ),
        (
            with(r#""revision": 3,"#, ""),
            "revision: required field \"revision\" is missing at line 1 column 1",
        ),
        (
            with(r#""https://wp-rocket.me/privacy-policy/""#, r#""javascript:alert(1)""#),
            "site.policy_url: \"javascript:alert(1)\" is not an http(s) URL at line 4 column 48\n  help: use an absolute https:// URL or a path starting with /",
        ),
        (
            with(r#""id": "ads""#, r#""id": "necessary""#),
            "categories[1].id: \"necessary\" is used twice at line 8 column 13\n  help: first defined at categories[0].id; every id must be unique",
        ),
        (
            with(r#""id": "intercom""#, r#""id": "ads""#),
            "services[0].id: \"ads\" is both a category and a service at line 12 column 13\n  help: first defined at categories[1].id; every id must be unique",
        ),
        (
            with(r#""required": true, "#, ""),
            "categories: no category is required at line 6 column 17\n  help: mark the strictly necessary category with \"required\": true",
        ),
        (
            with(r#"{ "en": "Advertising", "fr": "Publicité" }"#, r#"{ "fr": "Publicité" }"#),
            "categories[1].title: no text in the default language \"en\" at line 8 column 29\n  help: add a \"en\" entry; other languages fall back to it",
        ),
        (
            with(r#""site": {"#, r#""cookie": { "max_age_days": 400 }, "site": {"#),
            "cookie.max_age_days: 400 days is out of range at line 4 column 31\n  help: consent may be kept 1 to 395 days (13 months); 182 is the default",
        ),
        (
            with(r#""available": ["en", "fr"]"#, r#""available": ["en", "fr", "french!"]"#),
            "languages.available[2]: \"french!\" is not a language tag at line 5 column 61\n  help: use a tag like \"en\", \"fr\" or \"pt-BR\"",
        ),
        (
            with(r#""id": "ads""#, r#""id": "Ads!""#),
            "categories[1].id: \"Ads!\" is not a valid id at line 8 column 13\n  help: ids use lowercase letters, digits, '-' and '_', start with a letter or digit, at most 64 characters",
        ),
        (
            with(r#""title": "Support""#, r#""title": 5"#),
            "categories[2].title: expected a string, or an object mapping language tags to strings, found a number at line 9 column 33",
        ),
        (
            "{\"version\": 1,".to_owned(),
            "invalid JSON: unexpected end of the document; a } is missing at line 1 column 15\n  help: check for a missing comma, quote or bracket at or just before this position",
        ),
        (
            format!("{VALID} {{}}"),
            "invalid JSON: unexpected text after the end of the document at line 19 column 3\n  help: check for a missing comma, quote or bracket at or just before this position",
        ),
    ];
    for (src, expected) in cases {
        let got = errors_of(&src).join("\n");
        assert_eq!(got, expected, "for manifest:\n{src}");
        assert_eq!(
            Manifest::from_json_quiet(&src),
            None,
            "the quiet reader must agree:\n{src}"
        );
    }
}

#[test]
fn all_semantic_errors_are_reported_at_once() {
    let src = with(r#""category": "support""#, r#""category": "nope""#)
        .replace(r#""revision": 3"#, r#""revision": 0"#);
    let errs = Manifest::from_json(&src).unwrap_err();
    let paths: Vec<&str> = errs.iter().map(Error::path).collect();
    assert_eq!(paths, ["revision", "services[0].category"]);
    assert_eq!(
        errs.iter().map(Error::kind).collect::<Vec<_>>(),
        [Kind::Value, Kind::Reference]
    );
}

#[test]
fn reading_and_meaning_errors_are_reported_together_without_knock_on_errors() {
    let src = with(r#""category": "support""#, r#""category": 7"#)
        .replace(r#""revision": 3"#, r#""revision": 0"#)
        .replace(r#""id": "ads""#, r#""id": "ads", "requried": true"#);
    let errs = Manifest::from_json(&src).unwrap_err();
    let paths: Vec<&str> = errs.iter().map(Error::path).collect();
    // services[0] has a reading error, so its unreadable category is not also "not a category".
    assert_eq!(
        paths,
        ["categories[1].requried", "services[0].category", "revision"]
    );
    assert_eq!(
        errs.iter().map(Error::kind).collect::<Vec<_>>(),
        [Kind::UnknownField, Kind::Type, Kind::Value]
    );
    assert_eq!(Manifest::from_json_quiet(&src), None);
}

#[test]
fn hostile_inputs_get_errors_not_panics() {
    let deep = VALID.replacen(r#""Support""#, &"[".repeat(10_000), 1);
    assert_eq!(
        errors_of(&deep)[0].lines().next().unwrap(),
        "invalid JSON: values are nested more than 64 levels deep at line 9 column 95"
    );
    let huge = format!("{{\"x\": \"{}\"}}", "a".repeat(MAX_MANIFEST_BYTES));
    assert_eq!(
        errors_of(&huge)[0],
        format!(
            "the manifest is {} bytes; the limit is 1048576\n  help: a manifest describes categories and services; it should be a few kilobytes",
            huge.len()
        )
    );
    let bad_utf8 = b"{\"version\": 1, \"site\": \"\xff\"}";
    assert_eq!(
        Manifest::from_slice(bad_utf8).unwrap_err().to_string(),
        "the manifest is not valid UTF-8 at line 1 column 25\n  help: save the file as UTF-8"
    );
    assert_eq!(
        errors_of("")[0].lines().next().unwrap(),
        "invalid JSON: unexpected end of the document; a value is missing at line 1 column 1"
    );
    assert_eq!(
        errors_of(" [1, 3]")[0],
        "the manifest must be a JSON object, not an array at line 1 column 2\n  help: start the file with { \"version\": 1, … }"
    );
}

#[test]
fn a_manifest_read_in_two_steps_is_the_same_manifest() {
    let examples = std::fs::read_dir("www/manifests").unwrap();
    let mut read = 0;
    for path in examples.map(|e| e.unwrap().path()) {
        let src = std::fs::read_to_string(&path).unwrap();
        let tree = Manifest::parse_quiet(&src).expect("JSON");
        let two_steps = Manifest::from_parsed_quiet(&src, &tree);
        assert!(two_steps.is_some(), "{} is valid", path.display());
        assert_eq!(
            two_steps,
            Manifest::from_json(&src).ok(),
            "{}",
            path.display()
        );
        read += 1;
    }
    assert!(read >= 4, "the example manifests are read ({read})");
    // A byte-order mark is skipped by both steps.
    let bom = format!("\u{feff}{VALID}");
    let tree = Manifest::parse_quiet(&bom).expect("JSON after the mark");
    assert_eq!(
        Manifest::from_parsed_quiet(&bom, &tree),
        Manifest::from_json(VALID).ok()
    );
    // Bad inputs are refused by the step that can tell: not JSON, or too large, by the first;
    // an invalid manifest by the second, as from its text.
    assert_eq!(Manifest::parse_quiet(r#"{"version": 1,"#), None);
    let huge = format!("{VALID}{}", " ".repeat(MAX_MANIFEST_BYTES));
    assert!(Manifest::from_json(&huge).is_err());
    assert_eq!(Manifest::parse_quiet(&huge), None);
    let bad = VALID.replace("\"revision\": 3", "\"revision\": -3");
    assert_ne!(bad, VALID);
    let tree = Manifest::parse_quiet(&bad).expect("still JSON");
    assert_eq!(Manifest::from_parsed_quiet(&bad, &tree), None);
    assert!(Manifest::from_json(&bad).is_err());
}

/// The paths of `src`'s errors, in order.
fn error_paths(src: &str) -> Vec<String> {
    let errs = Manifest::from_json(src).expect_err("manifest should be invalid");
    errs.iter().map(|e| e.path().to_owned()).collect()
}

#[test]
fn an_entry_with_a_reading_error_still_gets_its_independent_errors() {
    // Issue 14: an unknown field in services[0] hid its other problems until it was fixed.
    let src = with(
        r#""category": "support""#,
        r#""category": "suport", "provder": "Intercom""#,
    )
    .replace(r#"["intercom-id-*"]"#, r#"["intercom id"]"#)
    .replace(
        r#""site": {"#,
        r#""cookie": { "max_age_days": 0, "nmae": "c" }, "site": {"#,
    );
    let errs = Manifest::from_json(&src).unwrap_err();
    let got: Vec<(&str, Kind)> = errs.iter().map(|e| (e.path(), e.kind())).collect();
    assert_eq!(
        got,
        [
            ("cookie.nmae", Kind::UnknownField),
            ("services[0].provder", Kind::UnknownField),
            ("cookie.max_age_days", Kind::Value),
            ("services[0].category", Kind::Reference),
            ("services[0].cookies[0]", Kind::Value),
        ]
    );
    assert_eq!(Manifest::from_json_quiet(&src), None);
}

#[test]
fn knock_on_errors_of_a_value_that_could_not_be_read_stay_out() {
    let cases = [
        // The category's id is unknown, so its service's category may well be it.
        (
            with(r#""id": "support""#, r#""id": 5"#),
            vec!["categories[2].id"],
        ),
        // Whether the category is required is unknown.
        (
            with(r#""required": true"#, r#""required": "yes""#),
            vec!["categories[0].required"],
        ),
        // Which languages are available is unknown: the French texts may be fine.
        (
            with(r#""available": ["en", "fr"]"#, r#""available": "en fr""#),
            vec!["languages.available"],
        ),
        // The English title could not be read: it is not also missing.
        (
            with(r#""title": "Support""#, r#""title": { "en": 5 }"#),
            vec!["categories[2].title.en"],
        ),
        // A script that could not be read has no URL to check.
        (
            VALID.replacen(
                r#"[{ "src": "https://widget.intercom.io/widget/abc", "async": true }]"#,
                "[5]",
                1,
            ),
            vec!["services[0].scripts[0]"],
        ),
    ];
    for (src, expected) in cases {
        assert_ne!(src, VALID);
        assert_eq!(error_paths(&src), expected, "for manifest:\n{src}");
        assert_eq!(Manifest::from_json_quiet(&src), None);
    }
}

#[test]
fn a_field_given_twice_is_reported_at_its_path_with_the_other_errors() {
    let src = with(
        r#""title": "Intercom chat","#,
        r#""title": "Intercom chat", "title": "Chat","#,
    )
    .replace(r#""revision": 3"#, r#""revision": 0"#);
    assert_eq!(
        errors_of(&src),
        [
            "services[0].title: \"title\" is given twice in this object at line 12 column 74\n  help: it is first given at line 12 column 48; keep one of them",
            "revision: revision must be 1 or more at line 3 column 15\n  help: start at 1 and raise it whenever visitors must be asked again",
        ]
    );
    assert_eq!(Manifest::from_json_quiet(&src), None);
    let nested = with(
        r#""app_id": "abc","#,
        r#""app_id": "abc", "app_id": "abd","#,
    );
    assert_eq!(
        error_paths(&nested),
        ["services[0].globals.intercomSettings.app_id"]
    );
    // Only the outer one of a field given twice inside one given twice.
    let inner = with(
        r#""texts": "#,
        r#""ui": {}, "ui": { "theme": "dark", "theme": "light" }, "texts": "#,
    );
    assert_eq!(error_paths(&inner), ["ui"]);
    let root = with(r#""version": 1,"#, r#""version": 1, "version": 1,"#);
    assert_eq!(error_paths(&root), ["version"]);
    assert_eq!(Manifest::from_json_quiet(&root), None);
}

#[test]
fn a_number_that_is_not_whole_gets_the_fields_range() {
    let src = with(
        r#""site": {"#,
        r#""cookie": { "max_age_days": 182.0 }, "site": {"#,
    );
    assert_eq!(
        errors_of(&src),
        ["cookie.max_age_days: expected a whole number from 1 to 395, found 182.0 at line 4 column 31"]
    );
    assert_eq!(
        errors_of(&with(r#""revision": 3"#, r#""revision": 3.5"#)),
        ["revision: expected a whole number from 1 to 4294967295, found 3.5 at line 3 column 15"]
    );
    assert_eq!(
        errors_of(&with(r#""version": 1"#, r#""version": 1e0"#)),
        ["version: expected the whole number 1, found 1e0 at line 2 column 14"]
    );
}

#[test]
fn comments_and_trailing_commas_are_named() {
    const COMMENT: &str = "\n  help: JSON has no comments; remove it";
    const COMMA: &str = "\n  help: JSON allows no comma before } or ]; remove it";
    let cases = [
        (
            with(r#""revision": 3,"#, r#""revision": 3, // raised in May"#),
            format!("invalid JSON: a comment at line 3 column 18{COMMENT}"),
        ),
        (
            with(r#""revision": 3,"#, r#""revision": /* raised */ 3,"#),
            format!("invalid JSON: a comment at line 3 column 15{COMMENT}"),
        ),
        (
            format!("/* consent */ {VALID}"),
            format!("invalid JSON: a comment at line 1 column 1{COMMENT}"),
        ),
        (
            VALID.replacen("{\n", "{\n  // the site's policy\n", 1),
            format!("invalid JSON: a comment at line 2 column 3{COMMENT}"),
        ),
        (
            with(r#""Tout accepter" } }"#, r#""Tout accepter", } }"#),
            format!("invalid JSON: a comma before }} at line 18 column 51{COMMA}"),
        ),
        (
            with(r#"["en", "fr"]"#, "[\"en\", \"fr\",\n  ]"),
            format!("invalid JSON: a comma before ] at line 5 column 59{COMMA}"),
        ),
    ];
    for (src, expected) in cases {
        assert_eq!(errors_of(&src), [expected], "for manifest:\n{src}");
        assert_eq!(Manifest::from_json_quiet(&src), None);
    }
}

/// `VALID` with its service replaced by `service`.
fn with_service(service: &str) -> String {
    let start = VALID.find(r#"{ "id": "intercom""#).unwrap();
    let end = VALID.find("\n  ],\n  \"texts\"").unwrap();
    format!("{}{service}{}", &VALID[..start], &VALID[end..])
}

#[test]
fn a_preset_fills_in_what_the_service_leaves_out_and_the_service_wins() {
    let m = Manifest::from_json(&with_service(
        r#"{ "id": "chat", "category": "support", "preset": "intercom", "provider": "Us" }"#,
    ))
    .unwrap();
    let s = &m.services[0];
    assert_eq!((s.id.as_str(), s.category.as_str()), ("chat", "support"));
    assert_eq!(s.provider.as_deref(), Some("Us"));
    assert_eq!(s.title.get("fr", "en"), "Chat Intercom");
    assert!(s.policy_url.as_deref().unwrap().starts_with("https://"));
    assert!(!s.cookies.is_empty() && s.cookies.iter().all(|c| c.0.max_age_days.is_some()));
    assert!(matches!(s.on_revoke, OnRevoke::Call(_)));
    // An alias is the same preset; a list the service gives replaces the preset's.
    let alias = Manifest::from_json(&with_service(
        r#"{ "id": "chat", "category": "support", "preset": "intercom-messenger", "cookies": ["x"] }"#,
    ))
    .unwrap();
    assert_eq!(alias.services[0].title, s.title);
    assert_eq!(alias.services[0].cookies, vec![ServiceCookie::from("x")]);
}

#[test]
fn an_unknown_preset_is_refused_at_its_path_with_the_closest_name() {
    assert_eq!(
        errors_of(&with_service(r#"{ "id": "yt", "category": "support", "preset": "youtub" }"#)),
        ["services[0].preset: unknown preset \"youtub\" at line 12 column 52\n  help: did you mean \"youtube\"? The catalog's presets are listed in docs/catalog.md"]
    );
    assert_eq!(
        errors_of(&with_service(
            r#"{ "id": "x", "category": "support", "preset": 7 }"#
        )),
        ["services[0].preset: expected a string, found a number at line 12 column 51"]
    );
}

#[test]
fn a_cookie_is_a_name_or_an_object_with_its_lifetime() {
    let m = Manifest::from_json(&with(
        r#""cookies": ["intercom-id-*"]"#,
        r#""cookies": ["intercom-id-*", { "name": "_ga", "max_age_days": 730 }]"#,
    ))
    .unwrap();
    assert_eq!(m.services[0].cookies[1].0.max_age_days, Some(730));
    assert_eq!(
        errors_of(&with(
            r#""cookies": ["intercom-id-*"]"#,
            r#""cookies": [{ "name": "*", "max_age_days": 4000 }, 5]"#,
        )),
        [
            "services[0].cookies[1]: expected a cookie name, or an object with its name and max_age_days, found a number at line 13 column 58",
            "services[0].cookies[0].name: \"*\" is not a cookie name or pattern at line 13 column 29\n  help: give a cookie name, optionally with * wildcards, like \"_ga\" or \"intercom-id-*\"",
            "services[0].cookies[0].max_age_days: 4000 days is out of range at line 13 column 50\n  help: give the lifetime its provider documents, 0 (less than a day) to 3650 days",
        ]
    );
    assert_eq!(
        errors_of(&with(r#""cookies": ["intercom-id-*"]"#, r#""hosts": ["https://x.io/a"]"#)),
        ["services[0].hosts[0]: \"https://x.io/a\" is not a host name at line 13 column 17\n  help: give the host alone, without scheme or path, like \"www.google-analytics.com\" or \"*.intercom.io\""]
    );
}

#[test]
fn a_preset_reads_in_any_manifest_languages_and_shows_the_closest_text() {
    let only_german = r#"{"version": 1, "revision": 1, "site": {"name": "Laden"},
      "languages": {"default": "de", "available": ["de"]},
      "categories": [{"id": "notwendig", "required": true, "title": "Notwendig"},
                     {"id": "medien", "title": "Medien"}],
      "services": [{"id": "yt", "category": "medien", "preset": "youtube"}]}"#;
    let m = Manifest::from_json(only_german).unwrap();
    // The catalog has no German: a German visitor reads the catalog's first language.
    assert_eq!(m.services[0].title.get("de", "de"), "YouTube videos");
    let both = Manifest::from_json(&with_service(
        r#"{ "id": "yt", "category": "support", "preset": "youtube" }"#,
    ))
    .unwrap();
    assert_eq!(both.services[0].title.get("fr", "en"), "Vidéos YouTube");
}

#[test]
fn a_service_recognises_its_iframes_by_the_start_of_their_address() {
    let m = Manifest::from_json(&with_service(
        r#"{ "id": "yt", "category": "support", "preset": "youtube" }"#,
    ))
    .unwrap();
    let id = |src: &str| m.embed_service(src).map(|s| s.id.as_str());
    assert_eq!(id("https://www.youtube-nocookie.com/embed/abc"), Some("yt"));
    assert_eq!(id("https://www.youtube.com/watch?v=abc"), None);
    assert_eq!(
        id("https://evil.example/https://www.youtube.com/embed/"),
        None
    );
    assert_eq!(
        errors_of(&with(r#""cookies": ["intercom-id-*"]"#, r#""embeds": ["www.youtube.com/embed/", "https:///x"]"#)),
        [
            "services[0].embeds[0]: \"www.youtube.com/embed/\" is not the start of an iframe address at line 13 column 18\n  help: give an absolute http(s) URL, as far as every embed of the service shares it, like \"https://www.youtube.com/embed/\"",
            "services[0].embeds[1]: \"https:///x\" is not the start of an iframe address at line 13 column 44\n  help: give an absolute http(s) URL, as far as every embed of the service shares it, like \"https://www.youtube.com/embed/\"",
        ]
    );
}

#[test]
fn a_google_preset_grants_its_signals_whatever_its_category_is_called() {
    use crate::manifest::google::GoogleSignal::{AdStorage, AnalyticsStorage};
    let m = Manifest::from_json(
        r#"{"version": 1, "revision": 1, "site": {"name": "Laden"},
          "languages": {"default": "de", "available": ["de"]}, "google_consent_mode": {},
          "categories": [{"id": "notwendig", "required": true, "title": "Notwendig"},
                         {"id": "statistik", "title": "Statistik"}],
          "services": [{"id": "ga", "category": "statistik", "preset": "ga4"},
                       {"id": "ads", "category": "statistik", "preset": "google-ads"}]}"#,
    )
    .unwrap();
    let grants = |id: &str| m.service(id).unwrap().consent_mode.unwrap();
    assert!(grants("ga").has(AnalyticsStorage) && !grants("ga").has(AdStorage));
    assert!(grants("ads").has(AdStorage) && !grants("ads").has(AnalyticsStorage));
}
