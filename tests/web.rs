//! Browser tests of the gate build on a real DOM in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(all(target_arch = "wasm32", not(feature = "ui")))]

use consentry::consent::{cookie, Choice, Consent};
use consentry::manifest::Manifest;
use consentry::web::{api, cookie_jar};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, HtmlDocument};

wasm_bindgen_test_configure!(run_in_browser);

const MANIFEST: &str = r#"{
  "version": 1, "revision": 4, "site": {"name": "Test"},
  "categories": [
    {"id": "necessary", "required": true, "title": "Necessary"},
    {"id": "analytics", "title": "Analytics"},
    {"id": "ads", "title": "Ads"}
  ],
  "services": [{"id": "adnet", "category": "ads", "title": "AdNet"}]
}"#;

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn cookies() -> String {
    document()
        .unchecked_into::<HtmlDocument>()
        .cookie()
        .unwrap()
}

fn clear_cookie() {
    let doc: HtmlDocument = document().unchecked_into();
    doc.set_cookie("consentry=; Path=/; Max-Age=0").unwrap();
}

fn global(name: &str) -> JsValue {
    Reflect::get(&js_sys::global(), &name.into()).unwrap()
}

/// A host whose `emit` records events in `window.__events`.
fn host() -> api::Host {
    let emit = Function::new_with_args(
        "kind, detail",
        "(window.__events = window.__events || []).push([kind, detail]);",
    );
    let o = Object::new();
    Reflect::set(&o, &"emit".into(), &emit).unwrap();
    o.unchecked_into()
}

/// Replaces the fixture's content with `html` and resets the globals the snippets use. (The
/// runner reports through elements in the body, so tests keep to their own container.)
fn page(html: &str) {
    let fixture = document().get_element_by_id("fixture").unwrap_or_else(|| {
        let el = document().create_element("div").unwrap();
        el.set_id("fixture");
        document().body().unwrap().append_child(&el).unwrap();
        el
    });
    fixture.set_inner_html(html);
    js_sys::eval("window.__order = []; window.__events = [];").unwrap();
}

async fn tick(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn order() -> Vec<String> {
    js_sys::Array::from(&global("__order"))
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn cookie_jar_round_trips_and_refuses_garbage() {
    clear_cookie();
    let m = Manifest::from_json(MANIFEST).unwrap();
    assert_eq!(cookie_jar::read("consentry"), None);
    let c = Consent::from_choice(
        &m,
        &Choice::RejectAll,
        1_800_000_000,
        "abcdefghijklmnop".into(),
    );
    cookie_jar::write(&m.cookie, &c);
    assert!(cookies().contains(&cookie::encode(&c)));
    assert_eq!(cookie_jar::read("consentry"), Some(c));
    document()
        .unchecked_into::<HtmlDocument>()
        .set_cookie("consentry=1.4.garbage; Path=/")
        .unwrap();
    assert_eq!(cookie_jar::read("consentry"), None);
    clear_cookie();
}

#[wasm_bindgen_test]
async fn nothing_runs_before_consent_then_everything_in_document_order() {
    clear_cookie();
    page(
        r#"<script type="text/plain" data-consent="ads" class="keep" data-extra="x">__order.push("ads-1")</script>
           <script type="text/plain" data-consent="analytics">__order.push("analytics")</script>
           <script type="text/plain" data-consent="necessary">__order.push("necessary")</script>
           <script type="text/plain" data-consent="typo">__order.push("typo")</script>
           <script type="text/plain" data-consent="ads">__order.push("ads-2")</script>"#,
    );
    let ask = api::boot(MANIFEST, host(), false, false).unwrap();
    assert!(ask, "no cookie: the visitor must be asked");
    assert!(
        order().is_empty(),
        "activation starts in the task after boot"
    );
    tick(20).await;
    assert_eq!(
        order(),
        ["necessary"],
        "only the required category runs before consent"
    );
    assert!(!api::accepted("ads"));
    assert!(api::get().is_null());

    api::accept_all();
    assert_eq!(order(), ["necessary", "ads-1", "analytics", "ads-2"]);
    let ran = document().query_selector("script.keep").unwrap().unwrap();
    assert_eq!(ran.get_attribute("data-extra").as_deref(), Some("x"));
    assert_eq!(ran.get_attribute("type"), None);
    assert_eq!(
        ran.get_attribute("data-consentry-state").as_deref(),
        Some("run")
    );
    let typo = document()
        .query_selector("[data-consent=typo]")
        .unwrap()
        .unwrap();
    assert_eq!(typo.get_attribute("type").as_deref(), Some("text/plain"));
    assert_eq!(
        typo.get_attribute("data-consentry-state").as_deref(),
        Some("unknown")
    );

    // The change event says what changed; the cookie holds the decision.
    let events = js_sys::Array::from(&global("__events"));
    assert_eq!(events.length(), 1);
    let detail = js_sys::Array::from(&events.get(0)).get(1);
    let changed = js_sys::Array::from(&Reflect::get(&detail, &"changed".into()).unwrap());
    assert_eq!(changed.length(), 3, "analytics, ads and adnet changed");
    assert!(cookie_jar::read("consentry").is_some());

    // Gated elements added later are activated by the watcher.
    let late = document().create_element("script").unwrap();
    late.set_attribute("type", "text/plain").unwrap();
    late.set_attribute("data-consent", "adnet").unwrap();
    late.set_text_content(Some("__order.push('late')"));
    document()
        .get_element_by_id("fixture")
        .unwrap()
        .append_child(&late)
        .unwrap();
    tick(20).await;
    assert_eq!(order().last().map(String::as_str), Some("late"));
    clear_cookie();
}

#[wasm_bindgen_test]
async fn returning_visit_runs_only_what_was_accepted() {
    clear_cookie();
    let m = Manifest::from_json(MANIFEST).unwrap();
    let now = (js_sys::Date::now() / 1000.0) as u64;
    let set = ["analytics".to_owned()].into_iter().collect();
    let c = Consent::from_choice(&m, &Choice::Custom(set), now, "abcdefghijklmnop".into());
    cookie_jar::write(&m.cookie, &c);
    page(
        r#"<script type="text/plain" data-consent="ads">__order.push("ads")</script>
           <script type="text/plain" data-consent="analytics">__order.push("analytics")</script>
           <iframe data-consent="adnet" data-src="about:blank#ad"></iframe>"#,
    );
    let ask = api::boot(MANIFEST, host(), false, false).unwrap();
    assert!(!ask, "a valid consent is not asked again");
    tick(20).await;
    assert_eq!(order(), ["analytics"]);
    let iframe = document().query_selector("iframe").unwrap().unwrap();
    assert_eq!(
        iframe.get_attribute("src"),
        None,
        "refused iframe gets no src"
    );

    // The same cookie under a new revision is no consent: ask, run nothing.
    page(
        r#"<script type="text/plain" data-consent="analytics">__order.push("analytics")</script>"#,
    );
    let bumped = MANIFEST.replace("\"revision\": 4", "\"revision\": 5");
    assert!(api::boot(&bumped, host(), false, false).unwrap());
    tick(20).await;
    assert!(order().is_empty());
    clear_cookie();
}

#[wasm_bindgen_test]
fn invalid_manifest_fails_closed() {
    clear_cookie();
    page(r#"<script type="text/plain" data-consent="ads">__order.push("ads")</script>"#);
    let broken = MANIFEST.replace("\"category\": \"ads\"", "\"category\": \"adz\"");
    let err = api::boot(&broken, host(), false, false)
        .unwrap_err()
        .as_string()
        .unwrap();
    assert_eq!(
        err,
        api::INVALID,
        "the gate checks; the explain build words the errors"
    );
    assert!(order().is_empty());
}
