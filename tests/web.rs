//! Browser tests of the gate builds' exports against Chromium's real cookie jar, for the small
//! gate and (`--features check`) the checking gate:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web [--features check]`.
//!
//! The gate decides and the loader acts: activation in the DOM (document order, attributes,
//! placeholders, elements added later) is tested end to end in `tests/e2e/`. Here the loader's
//! part is one line each: give the gate `document.cookie`, assign what it returns.
#![cfg(all(target_arch = "wasm32", not(feature = "ui")))]

use consentry::exports::operations as api;
use consentry::manifest::{compact, Manifest};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MANIFEST: &str = r#"{
  "version": 1, "revision": 4, "site": {"name": "Test"},
  "categories": [
    {"id": "necessary", "required": true, "title": "Necessary"},
    {"id": "analytics", "title": "Analytics"},
    {"id": "ads", "title": "Ads"}
  ],
  "services": [{"id": "adnet", "category": "ads", "title": "AdNet", "cookies": ["_adnet_*"],
                "on_revoke": "nothing"}]
}"#;

fn js(code: &str) -> String {
    js_sys::eval(code).unwrap().as_string().unwrap_or_default()
}

fn cookies() -> String {
    js("document.cookie")
}

/// Assigns `document.cookie` as the loader does.
fn assign(assignment: &str) {
    let code = js_sys::JSON::stringify(&assignment.into()).unwrap();
    js_sys::eval(&format!("document.cookie = {}", String::from(code))).unwrap();
}

fn clear() {
    for name in ["consentry", "_adnet_id", "keep"] {
        assign(&format!("{name}=; Path=/; Max-Age=0"));
    }
}

/// What an earlier page view, which read and checked `text`, left for this one.
fn cached(text: &str) -> String {
    compact::write(
        &Manifest::from_json(text).unwrap(),
        compact::fingerprint(text),
    )
}

fn boot(cookies: &str) -> u8 {
    api::boot(MANIFEST, &cached(MANIFEST), cookies, now(), false, false)
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// A field of a JSON text, as JSON text.
fn field(json: &str, path: &str) -> String {
    js(&format!("JSON.stringify(({json}).{path})"))
}

/// Makes a choice as the loader does: one request with named fields, built by the browser.
#[cfg(feature = "check")]
fn choose(how: &str, ids: &str) -> String {
    let request = js(&format!(
        "JSON.stringify({{how: {how:?}, ids: {ids:?}.split(' ').filter(Boolean), \
         random: Array(16).fill(7), now: Date.now(), cookies: document.cookie, \
         host: location.hostname, path: location.pathname, secure: false}})"
    ));
    api::choose(&request)
}

#[cfg(feature = "check")]
#[wasm_bindgen_test]
fn a_choice_stored_in_the_browser_is_read_on_the_next_page_view() {
    clear();
    assert_eq!(boot(&cookies()), api::ASK);
    assert_eq!(api::get(), "null");
    assert_eq!(api::verdict("analytics"), 1, "waits for consent");
    assert_eq!(api::verdict("necessary"), 0);
    assert_eq!(api::verdict("analytcs"), 2, "a typo never runs");

    let plan = choose("custom", "analytics");
    assign(&js(&format!("({plan}).store")));
    assert!(
        cookies().contains("consentry=1."),
        "the browser kept it: {}",
        cookies()
    );
    assert_eq!(field(&plan, "detail.changed"), r#"["analytics"]"#);

    // The next page view.
    assert_eq!(boot(&cookies()), api::DECIDED);
    assert_eq!(api::verdict("analytics"), 0);
    assert_eq!(api::verdict("ads"), 1);
    assert_eq!(field(&api::get(), "method"), r#""custom""#);
    assert_eq!(field(&api::get(), "refused"), r#"["ads","adnet"]"#);

    // A tampered cookie is no consent.
    assign("consentry=1.4.garbage; Path=/");
    assert_eq!(boot(&cookies()), api::ASK);
    assert_eq!(api::verdict("analytics"), 1);
    clear();
}

#[cfg(feature = "check")]
#[wasm_bindgen_test]
fn withdrawing_a_service_deletes_its_cookies_from_the_browser() {
    clear();
    assign("_adnet_id=1; Path=/");
    assign("keep=1; Path=/");
    boot(&cookies());
    let plan = choose("all", "");
    assign(&js(&format!("({plan}).store")));
    api::ran("adnet");
    let plan = choose("none", "");
    let deletions = field(&plan, "delete");
    assert!(deletions.contains("_adnet_id="), "{deletions}");
    js_sys::eval(&format!("for (const a of {deletions}) document.cookie = a")).unwrap();
    let left = cookies();
    assert!(!left.contains("_adnet_id"), "deleted: {left}");
    assert!(left.contains("keep=1"), "other cookies stay: {left}");
    assert_eq!(field(&plan, "reload"), "false", "on_revoke: nothing");
    clear();
}

#[cfg(not(feature = "check"))]
#[wasm_bindgen_test]
fn the_small_gate_reads_a_stored_choice_from_the_browser() {
    use consentry::consent::{cookie, Choice, Consent};
    clear();
    let m = Manifest::from_json(MANIFEST).unwrap();
    let set = ["analytics".to_owned()].into_iter().collect();
    let c = Consent::from_choice(
        &m,
        &Choice::Custom(set),
        (now() / 1000.0) as u64,
        "0123456789abcdef".into(),
    );
    assign(&cookie::set_cookie(&m.cookie, &cookie::encode(&c), false));
    assert_eq!(boot(&cookies()), api::DECIDED);
    assert_eq!(api::verdict("analytics"), 0);
    assert_eq!(api::verdict("ads adnet"), 1);
    assert_eq!(
        field(&api::get(), "accepted"),
        r#"["necessary","analytics"]"#
    );
    assert_eq!(api::selection(), "necessary analytics");
    clear();
}

#[cfg(not(feature = "check"))]
#[wasm_bindgen_test]
fn a_stale_or_missing_compact_form_fails_closed() {
    clear();
    assert_eq!(boot(""), api::ASK);
    // This build cannot read JSON: without a compact form of this very text it says so, and
    // the loader boots the check build (tested end to end).
    assert_eq!(api::boot(MANIFEST, "", "", now(), false, false), api::STALE);
    assert_eq!(boot(""), api::ASK);
    let edited = MANIFEST.replace("\"revision\": 4", "\"revision\": 5");
    let stale = api::boot(&edited, &cached(MANIFEST), "", now(), false, false);
    assert_eq!(stale, api::STALE);
    // Nothing of the earlier boot is left to decide with.
    assert_eq!(api::verdict("necessary"), 1);
    assert_eq!(api::get(), "null");
    assert_eq!(api::inject(), "[]");
}

#[cfg(feature = "check")]
#[wasm_bindgen_test]
fn a_manifest_parsed_ahead_of_boot_is_read_as_if_boot_parsed_it() {
    clear();
    assert_eq!(api::boot(MANIFEST, "", "", now(), false, false), api::ASK);
    assign(&js(&format!("({}).store", choose("custom", "ads"))));
    let cookie = cookies();
    // In two steps (a large manifest: parse in one task, boot in the next), as in one.
    assert!(api::parse(MANIFEST));
    assert_eq!(
        api::boot(MANIFEST, "", &cookie, now(), false, false),
        api::DECIDED
    );
    let two_steps = (api::get(), api::selection(), api::compact());
    assert_eq!(
        api::boot(MANIFEST, "", &cookie, now(), false, false),
        api::DECIDED
    );
    assert_eq!(two_steps, (api::get(), api::selection(), api::compact()));
    assert_eq!(api::verdict("adnet"), 0);

    // A tree parsed from another text is not used: boot reads the text it is given.
    let edited = MANIFEST.replace("\"title\": \"AdNet\"", "\"title\": \"AdNet 2\"");
    assert!(api::parse(&edited));
    assert_eq!(
        api::boot(MANIFEST, "", &cookie, now(), false, false),
        api::DECIDED
    );
    assert_eq!(
        api::compact(),
        two_steps.2,
        "the manifest booted is MANIFEST, not the edited text"
    );
    // Nor is it kept for a later boot of that text: each boot takes the tree or drops it.
    assert_eq!(
        api::boot(&edited, "", &cookie, now(), false, false),
        api::DECIDED
    );
    assert_ne!(api::compact(), two_steps.2);

    // Not JSON: parse says so and boot fails closed; a valid JSON tree of an invalid manifest
    // is refused at boot like the text itself.
    assert!(!api::parse("{\"version\": 1,"));
    assert_eq!(
        api::boot("{\"version\": 1,", "", &cookie, now(), false, false),
        api::INVALID
    );
    let invalid = MANIFEST.replace("\"revision\": 4", "\"revision\": -4");
    assert!(api::parse(&invalid));
    assert_eq!(
        api::boot(&invalid, "", &cookie, now(), false, false),
        api::INVALID
    );
    assert_eq!(
        api::verdict("adnet"),
        1,
        "nothing may run after an invalid boot"
    );
    clear();
}

/// The gate that takes over a page continues it: what ran and the consent booted on come in
/// the handover, not from a replayed log; a handover that does not read fails closed.
#[cfg(feature = "check")]
#[wasm_bindgen_test]
fn a_gate_takes_over_the_page_from_its_handover() {
    clear();
    assert_eq!(api::boot(MANIFEST, "", "", now(), false, false), api::ASK);
    assign(&js(&format!("({}).store", choose("all", ""))));
    let cookie = cookies();
    assert_eq!(
        api::boot(MANIFEST, "", &cookie, now(), false, false),
        api::DECIDED
    );
    api::ran("ads");
    let handover = api::handover();
    let before = (api::get(), api::selection());
    // Another tab's cookie written since changes nothing: the page goes on with what it booted on.
    clear();
    assert_eq!(api::take_over(MANIFEST, &handover, now()), api::DECIDED);
    assert_eq!((api::get(), api::selection()), before);
    assert_eq!(api::handover(), handover, "the same page, handed on whole");
    let plan = choose("none", "");
    assert_eq!(
        field(&plan, "reload"),
        "true",
        "an element gated by ads ran, so withdrawing it reloads"
    );

    assert_eq!(
        api::take_over(MANIFEST, "{\"ran\": []}", now()),
        api::INVALID
    );
    assert_eq!(
        api::verdict("necessary"),
        1,
        "nothing runs on a lost page state"
    );
    clear();
}

/// The gate says when its compact form is worth keeping: once a consent is in force. This
/// build always reads the JSON: the small gate alone reads a stored form.
#[cfg(feature = "check")]
#[wasm_bindgen_test]
fn the_form_is_kept_only_after_a_choice_and_only_when_read_from_json() {
    clear();
    assert_eq!(api::boot(MANIFEST, "", "", now(), false, false), api::ASK);
    assert!(!api::keep_form(), "never before the visitor has chosen");
    assign(&js(&format!("({}).store", choose("all", ""))));
    assert!(api::keep_form());
    let cookie = cookies();
    assert_eq!(
        api::boot(MANIFEST, "", &cookie, now(), false, false),
        api::DECIDED
    );
    assert!(api::keep_form(), "a returning visit that read the JSON");
    assert_eq!(
        api::boot(MANIFEST, &cached(MANIFEST), &cookie, now(), false, false),
        api::DECIDED
    );
    assert!(
        api::keep_form(),
        "a build that reads JSON reads it even when given a form (only the small gate is given one)"
    );
    clear();
}
