//! What the gate does for the loader, which wraps it as `window.consentry` (exported to it by
//! [`super::ffi`]).
//!
//! Thin: each function reads or changes the booted [`crate::engine::Page`]. The loader passes
//! what the browser knows (cookie header, location, clock, randomness) and carries out what
//! comes back. Only the builds with the `check` feature change the consent ([`choose`],
//! [`sync`]): the small gate a returning visit loads only reads it.

use super::booted;
#[cfg(feature = "check")]
use crate::consent::{cookie::consent_id_from, Choice};
#[cfg(feature = "check")]
use crate::engine::Env;
use crate::engine::Page;
use crate::gate::Verdict;
use crate::manifest::compact;
#[cfg(feature = "check")]
use crate::manifest::{json, Manifest};
use crate::prelude::*;

/// [`boot`]'s answer: the consent in force holds, nothing to ask.
pub const DECIDED: u8 = 0;
/// [`boot`]'s answer: the visitor must be asked (no usable consent, or an incomplete one).
pub const ASK: u8 = 1;
/// [`boot`]'s answer: the manifest is invalid; nothing gated may run. The gate checks but
/// does not word errors: the explain build does.
pub const INVALID: u8 = 2;
/// [`boot`]'s answer in the small gate: the cached compact form was not made from this
/// manifest text (or there is none), and this build cannot read JSON: boot the `check` build.
pub const STALE: u8 = 3;

/// The fingerprint of the manifest text the page booted on.
#[cfg(feature = "check")]
static SOURCE: super::single_thread::Local<u64> = super::single_thread::Local::new(0);

/// A large manifest's JSON tree, parsed by [`parse`] in a task before [`boot`], with the
/// fingerprint of its text.
#[cfg(feature = "check")]
static PARSED: super::single_thread::Local<Option<(u64, json::Node)>> =
    super::single_thread::Local::new(None);

/// Parses `manifest_json` ahead of [`boot`], which then only decodes and checks the tree if it
/// is given the same text: the loader reads a large manifest in two tasks, so that neither is
/// long. Returns whether the text is JSON (if not, [`boot`] answers [`INVALID`]).
#[cfg(feature = "check")]
pub fn parse(manifest_json: &str) -> bool {
    let tree = Manifest::parse_quiet(manifest_json);
    let parsed = tree.is_some();
    *PARSED.cell().borrow_mut() = tree.map(|t| (compact::fingerprint(manifest_json), t));
    parsed
}

/// Boots the page view on the manifest text `manifest_json`, reading it from `cached` (a
/// [`compact`] string an earlier page view returned) when that was made from this very text,
/// and otherwise from the JSON, which only the `check` and full builds can read. Reads the
/// consent cookie from `cookies` (`document.cookie`) at `now_ms`; `gpc` and `dnt` are the
/// browser's privacy signals. Returns [`DECIDED`], [`ASK`], [`INVALID`] or [`STALE`].
#[cfg(not(feature = "explain"))]
pub fn boot(
    manifest_json: &str,
    cached: &str,
    cookies: &str,
    now_ms: f64,
    gpc: bool,
    dnt: bool,
) -> u8 {
    let manifest = compact::read(cached, manifest_json);
    #[cfg(feature = "check")]
    let manifest = {
        let source = compact::fingerprint(manifest_json);
        *SOURCE.cell().borrow_mut() = source;
        let parsed = PARSED.cell().borrow_mut().take();
        manifest.or_else(|| match parsed {
            Some((text, tree)) if text == source => {
                Manifest::from_parsed_quiet(manifest_json, &tree)
            }
            _ => Manifest::from_json_quiet(manifest_json),
        })
    };
    let Some(manifest) = manifest else {
        booted::install(None);
        return if cfg!(feature = "check") {
            INVALID
        } else {
            STALE
        };
    };
    let (page, ask) = Page::boot(manifest.into(), cookies, secs(now_ms), gpc, dnt);
    booted::install(Some(page));
    if ask {
        ASK
    } else {
        DECIDED
    }
}

/// The booted manifest in its compact form, for the loader to keep for the next page view's
/// [`boot`]; empty before boot.
#[cfg(feature = "check")]
pub fn compact() -> String {
    booted::with(|p| compact::write(&p.manifest, *SOURCE.cell().borrow())).unwrap_or_default()
}

fn secs(ms: f64) -> u64 {
    (ms / 1000.0) as u64
}

/// The consent in force as JSON (see [`Page::consent_json`]), or `null`.
pub fn get() -> String {
    booted::with(Page::consent_json).unwrap_or_else(|| "null".into())
}

/// The verdict for a `data-consent` value: 0 run, 1 wait, 2 unknown id (never runs).
pub fn verdict(ids: &str) -> u8 {
    match booted::with(|p| p.verdict(ids)) {
        Some(Verdict::Run) => 0,
        Some(Verdict::Unknown) => 2,
        Some(Verdict::Wait) | None => 1,
    }
}

/// Records that an element gated by `ids` is being activated (for withdrawal later).
pub fn ran(ids: &str) {
    booted::with_mut(|p| p.mark_ran(ids));
}

/// The manifest scripts to inject now, as JSON (see [`Page::inject_json`]).
pub fn inject() -> String {
    booted::with_mut(Page::inject_json).unwrap_or_else(|| "[]".into())
}

/// Joins ids with single spaces: lists of ids cross to JavaScript as one string.
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
pub fn selection() -> String {
    booted::with(|p| spaced(p.selection())).unwrap_or_default()
}

/// The ids the browser's privacy signals opt out of on this visit, space-separated.
pub fn opted_out() -> String {
    booted::with(|p| spaced(p.honoured.opted_out(&p.manifest).into_iter())).unwrap_or_default()
}

/// Records a choice and returns its plan as JSON (see [`Page::plan_json`]), or an empty
/// string before boot. `how` is `"all"`, `"none"` or `"custom"` (then `ids`, space-separated,
/// are accepted: a category brings its services); `random` is 16 random bytes for the consent id.
#[allow(clippy::too_many_arguments)]
#[cfg(feature = "check")]
pub fn choose(
    how: &str,
    ids: &str,
    random: &[u8],
    now_ms: f64,
    cookies: &str,
    host: &str,
    path: &str,
    secure: bool,
) -> String {
    let choice = match how {
        "all" => Choice::AcceptAll,
        "none" => Choice::RejectAll,
        _ => Choice::Custom(
            ids.split(' ')
                .filter(|i| !i.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
    };
    let mut bytes = [0u8; 16];
    for (b, r) in bytes.iter_mut().zip(random) {
        *b = *r;
    }
    let env = Env {
        cookies,
        host,
        path,
        secure,
        now: secs(now_ms),
    };
    booted::with_mut(|p| {
        let plan = p.choose(&choice, consent_id_from(&bytes), &env);
        p.plan_json(&plan)
    })
    .unwrap_or_default()
}

/// Takes up a consent cookie another tab wrote: its plan as JSON, or an empty string when
/// there is nothing to do.
#[cfg(feature = "check")]
pub fn sync(now_ms: f64, cookies: &str, host: &str, path: &str) -> String {
    let env = Env {
        cookies,
        host,
        path,
        secure: false,
        now: secs(now_ms),
    };
    booted::with_mut(|p| p.sync(&env).map(|plan| p.plan_json(&plan)))
        .flatten()
        .unwrap_or_default()
}

/// What a placeholder says about `id`, in the first of `languages` (space-separated) the
/// manifest has, as JSON (see [`Page::describe`]), or `null` for an unknown id.
pub fn describe(id: &str, languages: &str) -> String {
    let languages: Vec<&str> = languages.split(' ').collect();
    booted::with(|p| p.describe(id, &languages))
        .flatten()
        .unwrap_or_else(|| "null".into())
}
