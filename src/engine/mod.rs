//! The gate's page session, with no browser in it.
//!
//! A [`Page`] holds what the gate knows about one page view: the manifest, the consent in
//! force, what has run. It reads the cookie header at boot, decides each gated element, and
//! turns a visitor's choice into a [`Plan`]: the cookie assignments, `on_revoke` calls and
//! reload that the loader then carries out in the DOM. Everything that crosses to the loader
//! is a string (JSON, or ids separated by spaces), so the gate needs no DOM bindings at all.

use crate::consent::cookie;
use crate::consent::{cleanup, Choice, Consent, Honoured};
use crate::gate::{self, Verdict};
use crate::manifest::json::write_string;
use crate::manifest::{Manifest, OnRevoke, ServiceCookie};
use crate::map::Set;
use crate::number::push_number;
use crate::prelude::*;
use alloc::rc::Rc;

/// What the browser tells the gate about the page, at the moment of a call.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    /// `document.cookie`.
    pub cookies: &'a str,
    /// `location.hostname`.
    pub host: &'a str,
    /// `location.pathname`.
    pub path: &'a str,
    /// Whether the page is served over https (the consent cookie is then `Secure`).
    pub secure: bool,
    /// The time, in seconds since the Unix epoch.
    pub now: u64,
}

/// The stored consent in a cookie header, if a cookie called `name` decodes; the newest of
/// several wins (the last of equally new ones). Unreadable values count as no consent.
pub fn stored_consent(cookies: &str, name: &str) -> Option<Consent> {
    cookie::find(cookies, name)
        .filter_map(|v| cookie::decode(v).ok())
        .max_by_key(|c| c.given_at)
}

/// What a choice asks of the page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The `document.cookie` assignment that stores the consent (none when it came from the cookie).
    pub store: Option<String>,
    /// `document.cookie` assignments that delete cookies withdrawn services set, to be made
    /// after the `on_revoke` calls.
    pub delete: Vec<String>,
    /// `on_revoke` calls: a global function's dotted path and its string arguments.
    pub calls: Vec<(String, Vec<String>)>,
    /// Whether the page must reload (something withdrawn has run and cannot be taken back).
    pub reload: bool,
    /// The ids whose decision changed.
    pub changed: Vec<String>,
}

/// What to inject for one service: its id, its globals as `(name, JSON text)` and its scripts
/// as `(src, async)`.
pub type Injection = (String, Vec<(String, String)>, Vec<(String, bool)>);

/// The gate's knowledge of one page view.
pub struct Page {
    /// The validated manifest.
    pub manifest: Rc<Manifest>,
    /// The consent in force, if any is usable.
    pub consent: Option<Consent>,
    /// Ids under which something has run in this page (for withdrawal).
    pub ran: Set<String>,
    /// The browser privacy signals the manifest honours on this visit.
    pub honoured: Honoured,
    /// The cookie header the page booted on: a gate that takes over reads the same consent.
    booted_on: String,
}

impl Page {
    /// Starts a page view under `manifest` with the browser's cookie header, clock (seconds) and
    /// privacy signals. Returns the page and whether the visitor must be asked.
    pub fn boot(
        manifest: Rc<Manifest>,
        cookies: &str,
        now: u64,
        gpc: bool,
        dnt: bool,
    ) -> (Page, bool) {
        let honoured = Honoured::from_browser(&manifest, gpc, dnt);
        Page::start(manifest, cookies, now, honoured, Set::new())
    }

    fn start(
        manifest: Rc<Manifest>,
        cookies: &str,
        now: u64,
        honoured: Honoured,
        ran: Set<String>,
    ) -> (Page, bool) {
        let stored = stored_consent(cookies, &manifest.cookie.name);
        let status = stored.as_ref().map(|c| c.status(&manifest, now));
        let ask = status.is_none_or(|s| s.must_ask());
        let consent = stored.filter(|_| status.is_some_and(|s| s.is_usable()));
        let page = Page {
            manifest,
            consent,
            ran,
            honoured,
            booted_on: cookies.to_owned(),
        };
        (page, ask)
    }

    /// What a gate that replaces this one on the page needs: the honoured signals and what has
    /// run, then the cookie header the page booted on. One line, the flags (`g` for Global
    /// Privacy Control, `d` for Do-Not-Track, or `-`) and the ids that ran, separated by spaces;
    /// a newline; the header as it was (`document.cookie` holds no newline). Plain text, not
    /// JSON: the small gate writes it and carries no JSON writer for it.
    pub fn handover(&self) -> String {
        let mut out = String::from(match (self.honoured.gpc, self.honoured.dnt) {
            (true, true) => "gd",
            (true, false) => "g",
            (false, true) => "d",
            (false, false) => "-",
        });
        for id in self.ran.iter() {
            out.push(' ');
            out.push_str(id);
        }
        out.push('\n');
        out.push_str(&self.booted_on);
        out
    }

    /// Takes over the page another gate booted, from its [`Page::handover`], under the same
    /// `manifest` at `now`; `None` for a handover that does not read.
    #[cfg(any(feature = "check", not(target_arch = "wasm32")))]
    pub fn take_over(manifest: Rc<Manifest>, handover: &str, now: u64) -> Option<(Page, bool)> {
        let (head, cookies) = handover.split_once('\n')?;
        let mut words = crate::text::split(head, b' ');
        let flags = words.next()?;
        if flags.is_empty() || !flags.bytes().all(|b| matches!(b, b'g' | b'd' | b'-')) {
            return None;
        }
        let honoured = Honoured {
            gpc: flags.bytes().any(|b| b == b'g'),
            dnt: flags.bytes().any(|b| b == b'd'),
        };
        let ran = words.filter(|w| !w.is_empty()).map(str::to_owned).collect();
        Some(Page::start(manifest, cookies, now, honoured, ran))
    }

    /// The verdict for an element gated by `data-consent="<ids>"`.
    pub fn verdict(&self, ids: &str) -> Verdict {
        gate::decide(&self.manifest, self.consent.as_ref(), ids)
    }

    /// Records that something gated by `ids` (space-separated) runs now.
    pub fn mark_ran(&mut self, ids: &str) {
        self.ran
            .extend(ids.split_ascii_whitespace().map(str::to_owned));
    }

    /// The ids accepted now (required ones without a consent), in manifest order.
    pub fn selection(&self) -> impl Iterator<Item = &str> {
        self.manifest
            .ids_required()
            .filter(|&(i, required)| match &self.consent {
                Some(c) => c.allows_id(i, required),
                None => required,
            })
            .map(|(i, _)| i)
    }

    /// Records `choice`, made at `env.now` under consent id `id`, and says what the page must do.
    pub fn choose(&mut self, choice: &Choice, id: String, env: &Env) -> Plan {
        let new = Consent::from_choice(&self.manifest, choice, env.now, id)
            .with_signals(&self.manifest, self.honoured);
        let stored = cookie::set_cookie(&self.manifest.cookie, &cookie::encode(&new), env.secure);
        self.commit(new, Some(stored), env)
    }

    /// Takes up the cookie another tab wrote, if it differs from the consent in force and is
    /// usable; `None` when there is nothing to do.
    pub fn sync(&mut self, env: &Env) -> Option<Plan> {
        let stored = stored_consent(env.cookies, &self.manifest.cookie.name)?;
        let usable = stored.status(&self.manifest, env.now).is_usable();
        (usable && self.consent.as_ref() != Some(&stored)).then(|| self.commit(stored, None, env))
    }

    /// Makes `new` the consent in force; `store` is its cookie assignment (none when it came
    /// from the cookie).
    fn commit(&mut self, new: Consent, store: Option<String>, env: &Env) -> Plan {
        let m = Rc::clone(&self.manifest);
        let changed = new.changed_since(&m, self.consent.as_ref());
        let mut plan = Plan {
            store,
            ..Plan::default()
        };
        let mut patterns: Vec<&str> = Vec::new();
        for id in changed.iter().filter(|i| !new.allows(&m, i)) {
            let ran = self.ran.contains(id);
            match m.service(id) {
                Some(svc) => {
                    patterns.extend(svc.cookies.iter().map(ServiceCookie::name));
                    if ran {
                        match &svc.on_revoke {
                            OnRevoke::Reload => plan.reload = true,
                            OnRevoke::Nothing => {}
                            OnRevoke::Call(call) => {
                                plan.calls.push((call.function.clone(), call.args.clone()))
                            }
                        }
                    }
                }
                // Elements gated by a category id: only a reload takes them out of the page.
                None => plan.reload |= ran,
            }
        }
        for (name, _) in cookie::pairs(env.cookies) {
            if !name.is_empty() && patterns.iter().any(|p| cleanup::matches(p, name)) {
                plan.delete
                    .extend(cleanup::deletions(name, env.host, env.path));
            }
        }
        plan.changed = changed;
        self.consent = Some(new);
        plan
    }

    /// The manifest scripts to inject now, each service once per page.
    pub fn inject(&mut self) -> Vec<Injection> {
        let m = Rc::clone(&self.manifest);
        let ids: Vec<String> = gate::services_to_inject(&m, self.consent.as_ref())
            .filter(|id| !self.ran.contains(*id))
            .map(str::to_owned)
            .collect();
        ids.into_iter()
            .filter_map(|id| {
                let service = m.service(&id)?;
                let scripts = service
                    .scripts
                    .iter()
                    .map(|sc| (sc.src.clone(), sc.is_async))
                    .collect();
                self.ran.insert(id.clone());
                Some((id, service.globals.0.clone(), scripts))
            })
            .collect()
    }

    /// The consent in force as the JS API's object, in JSON: `{ revision, givenAt, id, method,
    /// accepted, refused, signals }`, or `null`.
    pub fn consent_json(&self) -> String {
        let mut out = String::new();
        self.write_consent(&mut out);
        out
    }

    fn write_consent(&self, out: &mut String) {
        let (m, Some(c)) = (&self.manifest, &self.consent) else {
            out.push_str("null");
            return;
        };
        out.push_str("{\"revision\":");
        push_number(out, u64::from(c.revision), 10);
        out.push_str(",\"givenAt\":");
        push_number(out, c.given_at.saturating_mul(1000), 10);
        out.push_str(",\"id\":");
        write_string(&c.id, out);
        out.push_str(",\"method\":");
        write_string(c.method.name(), out);
        out.push_str(",\"accepted\":");
        let accepted = |want: bool| {
            m.ids_required()
                .filter(move |&(i, required)| c.allows_id(i, required) == want)
                .map(|(i, _)| i)
        };
        write_ids(out, accepted(true));
        out.push_str(",\"refused\":");
        write_ids(out, accepted(false));
        out.push_str(",\"signals\":");
        let signals = [("gpc", c.signals.gpc), ("dnt", c.signals.dnt)];
        write_ids(out, signals.iter().filter(|s| s.1).map(|s| s.0));
        out.push('}');
    }

    /// A plan as JSON for the loader: `{ store, calls, delete, reload, detail: { consent,
    /// changed } }` (`store` is `""` when there is nothing to store), where `detail` is the
    /// `consentry:change` event's.
    pub fn plan_json(&self, plan: &Plan) -> String {
        let mut out = String::from("{\"store\":");
        write_string(plan.store.as_deref().unwrap_or(""), &mut out);
        out.push_str(",\"delete\":");
        write_ids(&mut out, plan.delete.iter().map(String::as_str));
        out.push_str(",\"calls\":[");
        for (i, (function, args)) in plan.calls.iter().enumerate() {
            comma(&mut out, i);
            out.push('[');
            write_string(function, &mut out);
            out.push(',');
            write_ids(&mut out, args.iter().map(String::as_str));
            out.push(']');
        }
        out.push_str("],\"reload\":");
        out.push_str(if plan.reload { "true" } else { "false" });
        out.push_str(",\"detail\":{\"consent\":");
        self.write_consent(&mut out);
        out.push_str(",\"changed\":");
        write_ids(&mut out, plan.changed.iter().map(String::as_str));
        out.push_str("}}");
        out
    }

    /// The id of the service whose embeds the iframe address `src` is one of, if any (see
    /// [`Manifest::embed_service`]).
    pub fn embed_of(&self, src: &str) -> Option<&str> {
        self.manifest.embed_service(src).map(|s| s.id.as_str())
    }

    /// What a placeholder says about the service or category `id`, in the first of `languages`
    /// the manifest has, as JSON: `{ lang, title, provider, notice, loadOnce, alwaysAllow,
    /// policyUrl? }`; `None` for an unknown id.
    pub fn describe(&self, id: &str, languages: &[&str]) -> Option<String> {
        let m = &self.manifest;
        let lang = m.pick_language(languages);
        let default = &m.languages.default;
        let t = m.embed_texts(lang);
        let (title, provider, policy, notice) = match (m.service(id), m.category(id)) {
            (Some(svc), _) => (
                svc.title.get(lang, default),
                svc.provider
                    .as_deref()
                    .unwrap_or_else(|| svc.title.get(lang, default)),
                svc.policy_url.as_deref(),
                svc.embed
                    .as_ref()
                    .map_or(t.embed_notice.as_str(), |e| e.get(lang, default)),
            ),
            (None, Some(c)) => (
                c.title.get(lang, default),
                m.site.name.as_str(),
                None,
                t.embed_notice.as_str(),
            ),
            (None, None) => return None,
        };
        let fill = |text: &str| crate::manifest::fill(text, title, provider);
        let mut out = String::new();
        let fields = [
            ("lang", lang),
            ("title", title),
            ("provider", provider),
            ("notice", &fill(notice)),
            ("loadOnce", &t.load_once),
            ("alwaysAllow", &fill(&t.always_allow)),
        ];
        for (key, value) in fields
            .iter()
            .map(|&(k, v)| (k, Some(v)))
            .chain([("policyUrl", policy)])
        {
            let Some(value) = value else { continue };
            out.push(if out.is_empty() { '{' } else { ',' });
            write_string(key, &mut out);
            out.push(':');
            write_string(value, &mut out);
        }
        out.push('}');
        Some(out)
    }

    /// [`Page::inject`]'s list as JSON: `[[id, [[name, value]…], [[src, async]…]]…]`.
    pub fn inject_json(&mut self) -> String {
        let mut out = String::from("[");
        for (i, (id, globals, scripts)) in self.inject().iter().enumerate() {
            comma(&mut out, i);
            out.push('[');
            write_string(id, &mut out);
            out.push_str(",[");
            for (j, (name, json)) in globals.iter().enumerate() {
                comma(&mut out, j);
                out.push('[');
                write_string(name, &mut out);
                out.push(',');
                // Written by the manifest reader as compact JSON text.
                out.push_str(json);
                out.push(']');
            }
            out.push_str("],[");
            for (j, (src, is_async)) in scripts.iter().enumerate() {
                comma(&mut out, j);
                out.push('[');
                write_string(src, &mut out);
                out.push_str(if *is_async { ",true]" } else { ",false]" });
            }
            out.push_str("]]");
        }
        out.push(']');
        out
    }
}

/// Separates the `i`th item of a JSON array from the one before.
fn comma(out: &mut String, i: usize) {
    if i > 0 {
        out.push(',');
    }
}

/// Writes strings as a JSON array.
fn write_ids<'a>(out: &mut String, ids: impl Iterator<Item = &'a str>) {
    out.push('[');
    for (i, id) in ids.enumerate() {
        comma(out, i);
        write_string(id, out);
    }
    out.push(']');
}

pub mod consent_mode;
pub mod visit;

// Only the builds that change the consent read requests: left in the small gate's crate
// graph unused, it still cost it some 80 bytes.
#[cfg(any(feature = "check", not(target_arch = "wasm32")))]
pub mod request;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
