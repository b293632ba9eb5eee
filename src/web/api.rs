//! What the gate exports to the loader (`consentry.js`), which wraps it as `window.consentry`.
//!
//! The loader owns events, the UI and embed placeholders; these functions own the consent and
//! the page.

use super::{activate, console_error, cookie_jar, state, watch};
use crate::consent::{cookie::consent_id_from, Choice, Consent, Honoured};
use crate::gate::{self, Verdict};
use crate::manifest::{Manifest, OnRevoke};
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::Element;

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

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// Validates the manifest, reads the cookie and starts watching the page; activating what
/// consent allows starts in the next task (see [`activate::scan_document_later`]). `gpc` and
/// `dnt` are the browser's privacy signals. Returns whether the visitor must be asked.
///
/// On an invalid manifest nothing gated runs and it throws the string `"invalid manifest"`: the
/// gate carries the checks but not the messages, so the loader asks the explain build to word them.
#[wasm_bindgen]
pub fn boot(manifest_json: &str, host: Host, gpc: bool, dnt: bool) -> Result<bool, JsValue> {
    let Some(manifest) = Manifest::from_json_quiet(manifest_json) else {
        return Err(JsValue::from_str(INVALID));
    };
    let stored = cookie_jar::read(&manifest.cookie.name);
    let status = stored.as_ref().map(|c| c.status(&manifest, now_secs()));
    let ask = status.is_none_or(|s| s.must_ask());
    let consent = stored.filter(|_| status.is_some_and(|s| s.is_usable()));
    let honoured = Honoured::from_browser(&manifest, gpc, dnt);
    state::install(state::State {
        manifest: manifest.into(),
        consent,
        ran: Default::default(),
        honoured,
    });
    HOST.with(|h| *h.borrow_mut() = Some(host));
    watch::ensure_started()?;
    activate::scan_document_later();
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

// Lists of ids cross to JavaScript as one space-separated string: ids are [a-z0-9_-], and a
// string is one copy where an array of strings is glue code for each direction.

/// Joins ids with single spaces.
fn spaced<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for id in ids {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(id);
    }
    out
}

/// The ids currently accepted, space-separated, for the preferences panel to start from.
#[wasm_bindgen]
pub fn selection() -> String {
    state::with(|s| {
        spaced(s.manifest.ids().filter(|i| match &s.consent {
            Some(c) => c.allows(&s.manifest, i),
            None => s.manifest.is_required(i),
        }))
    })
    .unwrap_or_default()
}

/// The ids the browser's privacy signals opt out of on this visit, space-separated (for the
/// banner's note).
#[wasm_bindgen(js_name = optedOut)]
pub fn opted_out() -> String {
    state::with(|s| spaced(s.honoured.opted_out(&s.manifest).into_iter())).unwrap_or_default()
}

/// Accepts every category and service (but what honoured privacy signals opt out of).
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    apply(Choice::AcceptAll);
}

/// Refuses everything but what is required.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    apply(Choice::RejectAll);
}

/// Accepts exactly these category and service ids, space-separated (a category brings its
/// services).
#[wasm_bindgen]
pub fn choose(ids: &str) {
    let set = ids
        .split(' ')
        .filter(|i| !i.is_empty())
        .map(str::to_owned)
        .collect();
    apply(Choice::Custom(set));
}

/// Accepts `id` on top of what is accepted now ("Always allow" on an embed placeholder).
#[wasm_bindgen]
pub fn allow(id: &str) {
    let mut ids = selection();
    ids.push(' ');
    ids.push_str(id);
    choose(&ids);
}

/// Re-reads the cookie after another tab changed it, and applies the difference here.
#[wasm_bindgen]
pub fn sync() {
    let Some(name) = state::with(|s| s.manifest.cookie.name.clone()) else {
        return;
    };
    let Some(stored) = cookie_jar::read(&name) else {
        return;
    };
    let same = state::with(|s| s.consent.as_ref() == Some(&stored)).unwrap_or(true);
    let usable =
        state::with(|s| stored.status(&s.manifest, now_secs()).is_usable()).unwrap_or(false);
    if !same && usable {
        commit(stored, false);
    }
}

/// Activates one gated element now, whatever the consent ("Load once" on a placeholder).
#[wasm_bindgen(js_name = loadOnce)]
pub fn load_once(el: Element) {
    activate::activate_now(el);
}

/// What a placeholder says about the service or category `id`, in the first of `languages`
/// (space-separated) the manifest has: `{ title, provider, notice, loadOnce, alwaysAllow,
/// policyUrl }`, or `null` for an unknown id.
#[wasm_bindgen]
pub fn describe(id: &str, languages: &str) -> JsValue {
    let languages: Vec<String> = languages.split(' ').map(str::to_owned).collect();
    state::with(|s| {
        let m = &s.manifest;
        let lang = m.pick_language(&languages);
        let default = &m.languages.default;
        let t = m.embed_texts(lang);
        let (title, provider, policy, notice) = match (m.service(id), m.category(id)) {
            (Some(svc), _) => (
                svc.title.get(lang, default).to_owned(),
                svc.provider
                    .clone()
                    .unwrap_or_else(|| svc.title.get(lang, default).to_owned()),
                svc.policy_url.clone(),
                svc.embed
                    .as_ref()
                    .map_or(t.notice.as_str(), |e| e.get(lang, default)),
            ),
            (None, Some(c)) => (
                c.title.get(lang, default).to_owned(),
                m.site.name.clone(),
                None,
                t.notice.as_str(),
            ),
            (None, None) => return JsValue::NULL,
        };
        let fill = |text: &str| crate::manifest::fill(text, &title, &provider);
        let o = Object::new();
        set(&o, "lang", &JsValue::from_str(lang));
        set(&o, "title", &JsValue::from_str(&title));
        set(&o, "provider", &JsValue::from_str(&provider));
        set(&o, "notice", &JsValue::from_str(&fill(notice)));
        set(&o, "loadOnce", &JsValue::from_str(&t.load_once));
        set(
            &o,
            "alwaysAllow",
            &JsValue::from_str(&fill(&t.always_allow)),
        );
        if let Some(p) = policy {
            set(&o, "policyUrl", &JsValue::from_str(&p));
        }
        o.into()
    })
    .unwrap_or(JsValue::NULL)
}

fn apply(choice: Choice) {
    let id = random_id();
    let new = state::with(|s| {
        Consent::from_choice(&s.manifest, &choice, now_secs(), id)
            .with_signals(&s.manifest, s.honoured)
    });
    match new {
        Some(new) => commit(new, true),
        None => console_error("a choice was made before the manifest loaded; it was ignored."),
    }
}

/// What withdrawing consent asks of the page.
#[derive(Default)]
struct Revocation {
    cookie_patterns: Vec<String>,
    calls: Vec<(String, Vec<String>)>,
    reload: bool,
}

/// Makes `new` the consent in force: stores it (unless it came from the cookie), cleans up
/// after what was withdrawn, tells the page, and activates what is now allowed.
fn commit(new: Consent, write: bool) {
    let outcome = state::with_mut(|s| {
        let m = &s.manifest;
        let changed = new.changed_since(m, s.consent.as_ref());
        let mut revoke = Revocation::default();
        for id in changed.iter().filter(|i| !new.allows(m, i)) {
            if let Some(svc) = m.service(id) {
                revoke.cookie_patterns.extend(svc.cookies.iter().cloned());
                if s.ran.contains(id) {
                    match &svc.on_revoke {
                        OnRevoke::Reload => revoke.reload = true,
                        OnRevoke::Nothing => {}
                        OnRevoke::Call { function, args } => {
                            revoke.calls.push((function.clone(), args.clone()))
                        }
                    }
                }
            } else if s.ran.contains(id) {
                // Elements gated by a category id: only a reload takes them out of the page.
                revoke.reload = true;
            }
        }
        let detail = Object::new();
        set(&detail, "consent", &consent_object(m, &new));
        set(
            &detail,
            "changed",
            &changed
                .iter()
                .map(|c| JsValue::from_str(c))
                .collect::<Array>(),
        );
        if write {
            cookie_jar::write(&m.cookie, &new);
        }
        s.consent = Some(new);
        (detail, revoke)
    });
    let Some((detail, revoke)) = outcome else {
        return;
    };
    for (function, args) in &revoke.calls {
        call_global(function, args);
    }
    cookie_jar::delete_matching(&revoke.cookie_patterns);
    HOST.with(|h| {
        if let Some(h) = h.borrow().as_ref() {
            h.emit("change", detail.into());
        }
    });
    if revoke.reload {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
        return;
    }
    activate::scan_document();
    activate::inject_services();
}

/// Calls `window.<function>(...args)` (a dotted path), logging rather than throwing on failure.
fn call_global(function: &str, args: &[String]) {
    let mut this = JsValue::UNDEFINED;
    let mut target: JsValue = js_sys::global().into();
    for part in function.split('.') {
        this = target.clone();
        target = Reflect::get(&target, &JsValue::from_str(part)).unwrap_or(JsValue::UNDEFINED);
    }
    let Some(f) = target.dyn_ref::<js_sys::Function>() else {
        let mut msg = String::from("on_revoke calls ");
        msg.push_str(function);
        msg.push_str(", which is not a function on this page; the page will keep the service until reloaded.");
        console_error(&msg);
        return;
    };
    let args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    if let Err(e) = f.apply(&this, &args) {
        web_sys::console::error_2(&"Consentry: on_revoke threw".into(), &e);
    }
}

fn consent_object(m: &Manifest, c: &Consent) -> JsValue {
    let o = Object::new();
    set(&o, "revision", &JsValue::from(c.revision));
    set(&o, "givenAt", &JsValue::from(c.given_at as f64 * 1000.0));
    set(&o, "id", &JsValue::from_str(&c.id));
    set(&o, "method", &JsValue::from_str(c.method.name()));
    let (on, off): (Vec<&str>, Vec<&str>) = m.ids().partition(|i| c.allows(m, i));
    set(
        &o,
        "accepted",
        &on.into_iter().map(JsValue::from_str).collect::<Array>(),
    );
    set(
        &o,
        "refused",
        &off.into_iter().map(JsValue::from_str).collect::<Array>(),
    );
    let signals = Array::new();
    if c.signals.gpc {
        signals.push(&JsValue::from_str("gpc"));
    }
    if c.signals.dnt {
        signals.push(&JsValue::from_str("dnt"));
    }
    set(&o, "signals", &signals);
    o.into()
}
