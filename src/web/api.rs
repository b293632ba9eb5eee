//! What the gate exports to the loader (`consentry.js`), which wraps it as `window.consentry`.
//!
//! The loader owns events and the UI; these functions own the consent and the page.

use super::{activate, console_error, cookie_jar, state, watch};
use crate::consent::{cookie::consent_id_from, Choice, Consent};
use crate::gate::{self, Verdict};
use crate::manifest::Manifest;
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The loader's side of the bridge.
    pub type Host;

    /// Dispatches `consentry:<kind>` with `detail` and calls `on(kind)` listeners.
    #[wasm_bindgen(method)]
    fn emit(this: &Host, kind: &str, detail: JsValue);
}

/// What [`boot`] throws for an invalid manifest.
pub const INVALID: &str = "invalid manifest";

thread_local! {
    static HOST: RefCell<Option<Host>> = const { RefCell::new(None) };
}

fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

fn random_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    consent_id_from(&bytes)
}

/// Validates the manifest, reads the cookie, activates what consent allows and starts watching
/// the page. Returns whether the visitor must be asked.
///
/// On an invalid manifest nothing gated runs and it throws the string `"invalid manifest"`: the
/// gate carries the checks but not the messages, so the loader asks the UI build to explain.
#[wasm_bindgen]
pub fn boot(manifest_json: &str, host: Host) -> Result<bool, JsValue> {
    let Some(manifest) = Manifest::from_json_quiet(manifest_json) else {
        return Err(JsValue::from_str(INVALID));
    };
    let stored = cookie_jar::read(&manifest.cookie.name);
    let status = stored.as_ref().map(|c| c.status(&manifest, now_secs()));
    let ask = status.is_none_or(|s| s.must_ask());
    let consent = stored.filter(|_| status.is_some_and(|s| s.is_usable()));
    state::install(state::State {
        manifest,
        consent,
        ran: Default::default(),
    });
    HOST.with(|h| *h.borrow_mut() = Some(host));
    activate::scan_document();
    activate::inject_services();
    watch::ensure_started()?;
    Ok(ask)
}

/// The consent in force as a plain object, or `null`.
#[wasm_bindgen]
pub fn get() -> JsValue {
    state::with(|s| s.consent.as_ref().map(|c| consent_object(&s.manifest, c)))
        .flatten()
        .unwrap_or(JsValue::NULL)
}

/// Whether things gated by `id` (a category or service id, or several separated by spaces) may run.
#[wasm_bindgen]
pub fn accepted(id: &str) -> bool {
    state::with(|s| gate::decide(&s.manifest, s.consent.as_ref(), id) == Verdict::Run)
        .unwrap_or(false)
}

/// The ids currently accepted, for the preferences panel to start from.
#[wasm_bindgen]
pub fn selection() -> Vec<String> {
    state::with(|s| {
        s.manifest
            .ids()
            .filter(|i| match &s.consent {
                Some(c) => c.allows(&s.manifest, i),
                None => s.manifest.is_required(i),
            })
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

/// Accepts every category and service.
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    apply(Choice::AcceptAll);
}

/// Refuses everything but what is required.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    apply(Choice::RejectAll);
}

/// Accepts exactly these category and service ids (a category brings its services).
#[wasm_bindgen]
pub fn choose(ids: Vec<String>) {
    apply(Choice::Custom(ids.into_iter().collect()));
}

fn apply(choice: Choice) {
    let id = random_id();
    let outcome = state::with_mut(|s| {
        let new = Consent::from_choice(&s.manifest, &choice, now_secs(), id);
        let changed = new.changed_since(&s.manifest, s.consent.as_ref());
        let reload = changed.iter().any(|i| {
            !new.allows(&s.manifest, i)
                && s.ran.contains(i)
                && s.manifest
                    .service(i)
                    .is_none_or(|svc| svc.on_revoke == crate::manifest::OnRevoke::Reload)
        });
        let detail = Object::new();
        let _ = Reflect::set(
            &detail,
            &"consent".into(),
            &consent_object(&s.manifest, &new),
        );
        let list: Array = changed.iter().map(|c| JsValue::from_str(c)).collect();
        let _ = Reflect::set(&detail, &"changed".into(), &list);
        cookie_jar::write(&s.manifest.cookie, &new);
        s.consent = Some(new);
        (detail, reload)
    });
    let Some((detail, reload)) = outcome else {
        console_error("a choice was made before the manifest loaded; it was ignored.");
        return;
    };
    HOST.with(|h| {
        if let Some(h) = h.borrow().as_ref() {
            h.emit("change", detail.into());
        }
    });
    if reload {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
        return;
    }
    activate::scan_document();
    activate::inject_services();
}

fn consent_object(m: &Manifest, c: &Consent) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    };
    set("revision", &JsValue::from(c.revision));
    set("givenAt", &JsValue::from(c.given_at as f64 * 1000.0));
    set("id", &JsValue::from_str(&c.id));
    set("method", &JsValue::from_str(c.method.name()));
    let (on, off): (Vec<&str>, Vec<&str>) = m.ids().partition(|i| c.allows(m, i));
    set(
        "accepted",
        &on.into_iter().map(JsValue::from_str).collect::<Array>(),
    );
    set(
        "refused",
        &off.into_iter().map(JsValue::from_str).collect::<Array>(),
    );
    o.into()
}
