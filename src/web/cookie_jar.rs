//! Reads and writes the consent cookie through `document.cookie`.

use crate::consent::{cleanup, cookie, Consent};
use crate::manifest::CookieSettings;
use wasm_bindgen::JsCast;
use web_sys::HtmlDocument;

fn document() -> Option<HtmlDocument> {
    web_sys::window()?.document()?.dyn_into().ok()
}

/// The stored consent, if a cookie called `name` decodes; the newest of several wins.
///
/// Unreadable values count as no consent.
pub fn read(name: &str) -> Option<Consent> {
    let all = document()?.cookie().ok()?;
    cookie::find(&all, name)
        .filter_map(|v| cookie::decode(v).ok())
        .max_by_key(|c| c.given_at)
}

/// Stores `consent` with the manifest's cookie attributes (`Secure` on https).
pub fn write(settings: &CookieSettings, consent: &Consent) {
    let Some(doc) = document() else { return };
    let secure = web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:");
    let _ = doc.set_cookie(&cookie::set_cookie(
        settings,
        &cookie::encode(consent),
        secure,
    ));
}

/// Names of every cookie this page can see.
pub fn names() -> Vec<String> {
    let Some(all) = document().and_then(|d| d.cookie().ok()) else {
        return Vec::new();
    };
    all.split(';')
        .filter_map(|pair| pair.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.is_empty())
        .collect()
}

/// Deletes every cookie matching one of `patterns`, in every domain and path variant a script
/// on this page may have used.
pub fn delete_matching(patterns: &[String]) {
    let Some(doc) = document() else { return };
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let (host, path) = (
        loc.hostname().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
    );
    for name in names() {
        if patterns.iter().any(|p| cleanup::matches(p, &name)) {
            for assignment in cleanup::deletions(&name, &host, &path) {
                let _ = doc.set_cookie(&assignment);
            }
        }
    }
}
