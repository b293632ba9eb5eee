//! `consentry cookie decode`: what a consent cookie records and, under a manifest, whether it
//! still holds.

use super::time::iso;
use super::{input, plural, snippet, Outcome};
use crate::consent::{cookie, Consent, Method, Status};
use crate::manifest::{Manifest, DEFAULT_COOKIE_NAME};

/// Explains `input` (a cookie value, or a `Cookie` header: it has a `=`), and with a manifest
/// file whether it holds at `at` (Unix seconds; default now).
pub(super) fn decode(input: &str, manifest: Option<&str>, at: Option<u64>) -> Outcome {
    let now = at.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    let manifest = match manifest {
        None => None,
        Some(file) => match read_manifest(file) {
            Some(m) => Some((input::display_name(file), m)),
            None => return Outcome::Unusable,
        },
    };
    let value = if input.contains('=') {
        let name = manifest
            .as_ref()
            .map_or(DEFAULT_COOKIE_NAME, |(_, m)| m.cookie.name.as_str());
        match newest(input, name) {
            Some(v) => {
                println!("cookie {name}={v}");
                v
            }
            None => {
                println!(
                    "no cookie named \"{name}\" in the header: no consent, the visitor is asked"
                );
                return Outcome::Invalid;
            }
        }
    } else {
        input
    };
    let consent = match cookie::decode(value) {
        Ok(c) => c,
        Err(e) => {
            println!("not a consent cookie: {e}");
            println!("a browser treats it as no consent and asks the visitor again");
            return Outcome::Invalid;
        }
    };
    explain(&consent);
    match manifest {
        None => Outcome::Ok,
        Some((name, m)) => judge(&consent, name, &m, now),
    }
}

/// The manifest in `file`, or `None` once its problems are on standard error.
pub(super) fn read_manifest(file: &str) -> Option<Manifest> {
    let name = input::display_name(file);
    let bytes = match input::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("consentry: {name}: {e}");
            return None;
        }
    };
    match Manifest::from_slice(&bytes) {
        Ok(m) => Some(m),
        Err(errs) => {
            let src = snippet::source_text(&bytes);
            let coloured = snippet::colour(&std::io::stderr());
            for e in errs.iter() {
                eprintln!("{}\n", snippet::render(name, &src, e, coloured));
            }
            eprintln!("consentry: {name} is not a valid manifest; fix it first");
            None
        }
    }
}

/// The value of the cookie `name` in a `Cookie` header: the newest that decodes, else the
/// first.
fn newest<'a>(header: &'a str, name: &'a str) -> Option<&'a str> {
    let found: Vec<&str> = cookie::find(header, name).collect();
    let newest = found
        .iter()
        .filter_map(|v| Some((*v, cookie::decode(v).ok()?.given_at)))
        .max_by_key(|(_, t)| *t)
        .map(|(v, _)| v);
    newest.or(found.first().copied())
}

/// Prints what the cookie records.
fn explain(c: &Consent) {
    let accepted = c.decisions.values().filter(|on| **on).count();
    let signals = match (c.signals.gpc, c.signals.dnt) {
        (false, false) => "none honoured",
        (true, false) => "Global Privacy Control honoured",
        (false, true) => "Do-Not-Track honoured",
        (true, true) => "Global Privacy Control and Do-Not-Track honoured",
    };
    println!("consent cookie, format {}", cookie::FORMAT);
    println!("  revision:   {}", c.revision);
    println!(
        "  given at:   {} (Unix time {})",
        iso(c.given_at),
        c.given_at
    );
    println!("  consent id: {}", c.id);
    let how = match c.method {
        Method::AcceptAll => "the visitor chose \"Accept all\"",
        Method::RejectAll => "the visitor chose \"Reject all\"",
        Method::Custom => "the visitor chose in the preferences panel",
    };
    let (name, code) = (c.method.name(), c.method.code());
    println!("  method:     {name} ({code}): {how}");
    println!("  signals:    {signals}");
    println!(
        "  decisions:  {accepted} accepted, {} refused",
        c.decisions.len() - accepted
    );
    let width = c.decisions.keys().map(String::len).max().unwrap_or(0);
    for (id, on) in c.decisions.iter() {
        println!(
            "    {id:width$}  {}",
            if *on { "accepted" } else { "refused" }
        );
    }
}

/// Prints whether the consent holds under `m` (read from `name`) at `now`.
fn judge(c: &Consent, name: &str, m: &Manifest, now: u64) -> Outcome {
    let kept = u64::from(m.cookie.max_age_days) * 86_400;
    let until = iso(c.given_at.saturating_add(kept));
    let undecided: Vec<&str> = m.ids().filter(|i| !c.decisions.contains_key(*i)).collect();
    let status = c.status(m, now);
    let verdict = match status {
        Status::Valid => format!("valid: it holds until {until}; the visitor is not asked"),
        Status::Incomplete => format!(
            "incomplete: it does not decide {} ({}); the visitor is asked again, and meanwhile they count as refused",
            plural(undecided.len(), "id", "ids"),
            undecided.join(", ")
        ),
        Status::RevisionChanged => format!(
            "revision changed: it answers revision {}, the manifest is at revision {}; no consent, the visitor is asked again",
            c.revision, m.revision
        ),
        Status::Expired => format!(
            "expired: consent is kept {} days, so it ended at {until}; no consent, the visitor is asked again",
            m.cookie.max_age_days
        ),
        Status::FromFuture => format!(
            "from the future: it is dated more than a day after {} (a wrong clock or a forged cookie); no consent, the visitor is asked again",
            iso(now)
        ),
    };
    println!("under {name} at {}:", iso(now));
    println!("  status: {verdict}");
    if status.is_usable() {
        println!("  as applied:");
    } else {
        println!("  as the cookie decides (not applied):");
    }
    let width = m.ids().map(str::len).max().unwrap_or(0);
    for id in m.ids() {
        let what = if m.is_required(id) {
            "accepted (required: always on)"
        } else {
            match c.decisions.get(id) {
                Some(true) => "accepted",
                Some(false) => "refused",
                None => "not decided (refused)",
            }
        };
        println!("    {id:width$}  {what}");
    }
    let unknown: Vec<&str> = c
        .decisions
        .keys()
        .map(String::as_str)
        .filter(|i| m.category(i).is_none() && m.service(i).is_none())
        .collect();
    if !unknown.is_empty() {
        println!("  not in the manifest (ignored): {}", unknown.join(", "));
    }
    if status == Status::Valid {
        Outcome::Ok
    } else {
        Outcome::Invalid
    }
}
