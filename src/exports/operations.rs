//! What the gate does for the loader, which wraps it as `window.consentry` (exported to it by
//! [`super::ffi`]).
//!
//! Thin: each function reads or changes the booted [`crate::engine::Page`]. The loader passes
//! what the browser knows (cookie header, location, clock, randomness) and carries out what
//! comes back. Only the builds with the `check` feature change the consent ([`choose`],
//! [`sync`]): the small gate a returning visit loads only reads it.

use super::booted;
use crate::engine::Page;
#[cfg(feature = "check")]
use crate::engine::{request::Request, visit, Env};
use crate::gate::Verdict;
#[cfg(feature = "check")]
use crate::manifest::json;
use crate::manifest::{compact, Manifest};
use crate::prelude::*;

pub use crate::contract::boot::{ASK, DECIDED, INVALID, STALE};

/// The fingerprint of the manifest text the page booted on.
#[cfg(feature = "check")]
static SOURCE: crate::single_thread::Local<u64> = crate::single_thread::Local::new(0);

/// A large manifest's JSON tree, parsed by [`parse`] in a task before [`boot`], with the
/// fingerprint of its text.
#[cfg(feature = "check")]
static PARSED: crate::single_thread::Local<Option<(u64, json::Node)>> =
    crate::single_thread::Local::new(None);

/// Parses `manifest_json` ahead of [`boot`], which then only decodes and checks the tree if it
/// is given the same text: the loader reads a large manifest in two tasks, so that neither is
/// long. Returns whether the text is JSON (if not, [`boot`] answers [`INVALID`]).
#[cfg(feature = "check")]
pub fn parse(manifest_json: &str) -> bool {
    let tree = Manifest::parse_quiet(manifest_json);
    let parsed = tree.is_some();
    *PARSED.get_mut() = tree.map(|t| (compact::fingerprint(manifest_json), t));
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
    install(
        read(manifest_json, cached)
            .map(|manifest| Page::boot(manifest.into(), cookies, secs(now_ms), gpc, dnt)),
    )
}

/// What the gate that replaces this one needs to continue the page (see
/// [`Page::handover`]); empty before boot.
pub fn handover() -> String {
    booted::with(Page::handover).unwrap_or_default()
}

/// Continues the page another build's gate booted, from its [`handover`], reading the manifest
/// text `manifest_json` itself. Answers as [`boot`]; a handover that does not read is
/// [`INVALID`]: nothing gated runs on a page whose state was lost.
#[cfg(feature = "check")]
pub fn take_over(manifest_json: &str, handover: &str, now_ms: f64) -> u8 {
    let page = read(manifest_json, "")
        .and_then(|manifest| Page::take_over(manifest.into(), handover, secs(now_ms)));
    install(page)
}

/// The manifest: in the small gate from its stored compact form, if that was made from
/// `manifest_json`; in the builds that read JSON from the text, whatever `cached` holds. The
/// loader hands a stored form to the small gate only (`engine::visit::first_build`), so the
/// others carry no reader for it: some 2.5 KB of a first visit's wasm.
fn read(manifest_json: &str, cached: &str) -> Option<Manifest> {
    #[cfg(not(feature = "check"))]
    let manifest = compact::read(cached, manifest_json);
    #[cfg(feature = "check")]
    let manifest = {
        let _ = cached;
        let source = compact::fingerprint(manifest_json);
        *SOURCE.get_mut() = source;
        match PARSED.get_mut().take() {
            Some((text, tree)) if text == source => {
                Manifest::from_parsed_quiet(manifest_json, &tree)
            }
            _ => Manifest::from_json_quiet(manifest_json),
        }
    };
    manifest
}

/// Installs the booted page and answers for it; no page is [`STALE`] in the small gate (it
/// cannot read the JSON) and [`INVALID`] in the others.
fn install(booted: Option<(Page, bool)>) -> u8 {
    let Some((page, ask)) = booted else {
        booted::install(None);
        return if cfg!(feature = "check") {
            INVALID
        } else {
            STALE
        };
    };
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
    booted::with(|p| compact::write(&p.manifest, *SOURCE.get())).unwrap_or_default()
}

/// Whether the loader should keep the booted manifest's compact form now (see
/// [`visit::keep_form`]): a consent is in force, and this build read the manifest's JSON.
#[cfg(feature = "check")]
pub fn keep_form() -> bool {
    booted::with(|p| visit::keep_form(p.consent.is_some(), true)).unwrap_or(false)
}

fn secs(ms: f64) -> u64 {
    (ms / 1000.0) as u64
}

/// The consent in force as JSON (see [`Page::consent_json`]), or `null`.
pub fn get() -> String {
    booted::with(Page::consent_json).unwrap_or_else(|| "null".into())
}

/// What to push for Google Consent Mode (see [`Page::consent_mode`]); `""` when the manifest
/// does not declare it, or before boot.
pub fn consent_mode() -> String {
    booted::with(Page::consent_mode).unwrap_or_default()
}

/// The [`Verdict`] for a `data-consent` value, as its code; before boot, wait.
pub fn verdict(ids: &str) -> u8 {
    booted::with(|p| p.verdict(ids))
        .unwrap_or(Verdict::Wait)
        .code()
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

/// Records a choice and returns its plan as JSON (see [`Page::plan_json`]); an empty string
/// before boot or for a malformed request (nothing changes). The request names its fields
/// (see [`Request`]): `how`, `ids`, `random` and what the browser knows.
#[cfg(feature = "check")]
pub fn choose(request: &str) -> String {
    let plan = |p: &mut Page| {
        let r = Request::parse(request)?;
        let plan = p.choose(&r.choice()?, r.consent_id()?, &r.env()?);
        Some(p.plan_json(&plan))
    };
    booted::with_mut(plan).flatten().unwrap_or_default()
}

/// Takes up the consent cookie another tab wrote (the request's `message`): its plan as JSON,
/// or an empty string when there is nothing to do.
#[cfg(feature = "check")]
pub fn sync(request: &str) -> String {
    let plan = |p: &mut Page| {
        let r = Request::parse(request)?;
        let cookies = r.cookies_after_message()?;
        let env = Env {
            cookies: &cookies,
            ..r.env()?
        };
        p.sync(&env).map(|plan| p.plan_json(&plan))
    };
    booted::with_mut(plan).flatten().unwrap_or_default()
}

/// The id of the service whose embeds the iframe address `src` is one of; empty if none.
pub fn embed_of(src: &str) -> String {
    booted::with(|p| p.embed_of(src).map(str::to_owned))
        .flatten()
        .unwrap_or_default()
}

/// What a placeholder says about `id`, in the first of `languages` (space-separated) the
/// manifest has, as JSON (see [`Page::describe`]), or `null` for an unknown id.
pub fn describe(id: &str, languages: &str) -> String {
    let languages: Vec<&str> = crate::text::split(languages, b' ').collect();
    booted::with(|p| p.describe(id, &languages))
        .flatten()
        .unwrap_or_else(|| "null".into())
}
