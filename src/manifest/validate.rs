//! Semantic checks on a manifest that parsed: ids, references, ranges, URLs, languages.
//!
//! Every problem is collected, not just the first, each with its JSON path.

use super::error::{Error, Kind};
use super::model::*;
use super::suggest::did_you_mean;
use super::text::Text;
use std::collections::BTreeMap;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;
/// Most categories plus services accepted (the consent cookie must stay under 4 KB).
pub const MAX_ENTRIES: usize = 400;
/// Longest consent cookie value the manifest may require.
pub const MAX_COOKIE_VALUE: usize = 3800;

/// Checks every invariant that serde cannot, returning all problems found.
pub fn check(m: &Manifest) -> Vec<Error> {
    let mut errs = Vec::new();
    if m.version != FORMAT_VERSION {
        errs.push(
            Error::new(
                Kind::Value,
                "version",
                format!("version {} is not supported", m.version),
            )
            .with_help("this Consentry reads manifest version 1; set \"version\": 1"),
        );
    }
    if m.revision == 0 {
        errs.push(
            Error::new(Kind::Value, "revision", "revision must be 1 or more")
                .with_help("start at 1 and raise it whenever visitors must be asked again"),
        );
    }
    if m.site.name.trim().is_empty() {
        errs.push(Error::new(
            Kind::Value,
            "site.name",
            "the site name is empty",
        ));
    }
    check_url(&mut errs, "site.policy_url", m.site.policy_url.as_deref());
    check_cookie(&mut errs, &m.cookie);
    check_languages(&mut errs, &m.languages);
    check_ids(&mut errs, m);
    check_texts(&mut errs, m);
    errs
}

fn check_url(errs: &mut Vec<Error>, path: &str, url: Option<&str>) {
    let Some(url) = url else { return };
    let ok = (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 8
        || (url.starts_with('/') && !url.starts_with("//"));
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if !(ok && clean) {
        errs.push(
            Error::new(Kind::Value, path, format!("{url:?} is not an http(s) URL"))
                .with_help("use an absolute https:// URL or a path starting with /"),
        );
    }
}

fn check_cookie(errs: &mut Vec<Error>, c: &CookieSettings) {
    let token = |ch: char| ch.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(ch);
    if c.name.is_empty() || c.name.len() > 64 || !c.name.chars().all(token) {
        errs.push(
            Error::new(
                Kind::Value,
                "cookie.name",
                format!("{:?} is not a valid cookie name", c.name),
            )
            .with_help("use 1 to 64 letters, digits, '-' or '_', for example \"consentry\""),
        );
    }
    if !(1..=MAX_MAX_AGE_DAYS).contains(&c.max_age_days) {
        errs.push(
            Error::new(
                Kind::Value,
                "cookie.max_age_days",
                format!("{} days is out of range", c.max_age_days),
            )
            .with_help("consent may be kept 1 to 395 days (13 months); 182 is the default"),
        );
    }
    if let Some(d) = &c.domain {
        let host = d.strip_prefix('.').unwrap_or(d);
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if host.len() > 253 || !host.contains('.') || !host.split('.').all(label_ok) {
            errs.push(
                Error::new(
                    Kind::Value,
                    "cookie.domain",
                    format!("{d:?} is not a domain name"),
                )
                .with_help(
                    "give the registrable domain, like \"example.com\", or null for this host only",
                ),
            );
        }
    }
}

/// Whether `tag` looks like a BCP 47 language tag (`en`, `fr`, `pt-BR`, `zh-Hant`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn check_languages(errs: &mut Vec<Error>, l: &Languages) {
    if !is_language_tag(&l.default) {
        errs.push(
            Error::new(
                Kind::Value,
                "languages.default",
                format!("{:?} is not a language tag", l.default),
            )
            .with_help("use a tag like \"en\", \"fr\" or \"pt-BR\""),
        );
    }
    for (i, tag) in l.available.iter().enumerate() {
        if !is_language_tag(tag) {
            errs.push(
                Error::new(
                    Kind::Value,
                    format!("languages.available[{i}]"),
                    format!("{tag:?} is not a language tag"),
                )
                .with_help("use a tag like \"en\", \"fr\" or \"pt-BR\""),
            );
        }
    }
    if !l.available.is_empty() && !l.available.contains(&l.default) {
        errs.push(
            Error::new(
                Kind::Reference,
                "languages.available",
                format!("the default language {:?} is not listed", l.default),
            )
            .with_help("add the default language to \"available\""),
        );
    }
}

/// Whether `id` is a valid category or service id.
pub fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.len() <= MAX_ID_LEN
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn check_ids(errs: &mut Vec<Error>, m: &Manifest) {
    if m.categories.is_empty() {
        errs.push(
            Error::new(Kind::Missing, "categories", "no categories are defined")
                .with_help("define at least a required \"necessary\" category"),
        );
    } else if !m.categories.iter().any(|c| c.required) {
        errs.push(
            Error::new(Kind::Missing, "categories", "no category is required")
                .with_help("mark the strictly necessary category with \"required\": true"),
        );
    }
    if m.categories.len() + m.services.len() > MAX_ENTRIES {
        errs.push(Error::new(
            Kind::Limit,
            "services",
            format!(
                "{} categories and services; at most {MAX_ENTRIES} fit in the consent cookie",
                m.categories.len() + m.services.len()
            ),
        ));
    }
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    let entries = m
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("categories[{i}].id"), c.id.as_str()))
        .chain(
            m.services
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("services[{i}].id"), s.id.as_str())),
        );
    let mut cookie_len = 30;
    for (path, id) in entries {
        cookie_len += id.len() + 1;
        if !is_id(id) {
            errs.push(
                Error::new(Kind::Value, path.clone(), format!("{id:?} is not a valid id"))
                    .with_help("ids use lowercase letters, digits, '-' and '_', start with a letter or digit, at most 64 characters"),
            );
        }
        if let Some(first) = seen.get(id) {
            let what = if first.starts_with("categories") == path.starts_with("categories") {
                "is used twice"
            } else {
                "is both a category and a service"
            };
            errs.push(
                Error::new(Kind::Duplicate, path, format!("{id:?} {what}"))
                    .with_help(format!("first defined at {first}; every id must be unique")),
            );
        } else {
            seen.insert(id, path);
        }
    }
    if cookie_len > MAX_COOKIE_VALUE {
        errs.push(
            Error::new(Kind::Limit, "services", format!("the ids need a {cookie_len}-byte consent cookie; the limit is {MAX_COOKIE_VALUE}"))
                .with_help("use shorter ids or fewer services"),
        );
    }
    let categories: Vec<&str> = m.categories.iter().map(|c| c.id.as_str()).collect();
    for (i, s) in m.services.iter().enumerate() {
        if !categories.contains(&s.category.as_str()) {
            let mut e = Error::new(
                Kind::Reference,
                format!("services[{i}].category"),
                format!("{:?} is not a category", s.category),
            );
            e = match did_you_mean(&s.category, categories.iter().copied()) {
                Some(best) => e.with_help(format!("did you mean {best:?}?")),
                None => e.with_help(format!("the categories are: {}", categories.join(", "))),
            };
            errs.push(e);
        }
        check_url(
            errs,
            &format!("services[{i}].policy_url"),
            s.policy_url.as_deref(),
        );
        for (j, script) in s.scripts.iter().enumerate() {
            check_url(
                errs,
                &format!("services[{i}].scripts[{j}].src"),
                Some(&script.src),
            );
        }
        for (j, pattern) in s.cookies.iter().enumerate() {
            let ok = !pattern.is_empty()
                && pattern != "*"
                && pattern
                    .chars()
                    .all(|c| c.is_ascii_graphic() && !"()<>@,;:\\\"/[]?={}".contains(c));
            if !ok {
                errs.push(
                    Error::new(Kind::Value, format!("services[{i}].cookies[{j}]"), format!("{pattern:?} is not a cookie name or pattern"))
                        .with_help("give a cookie name, optionally with * wildcards, like \"_ga\" or \"intercom-id-*\""),
                );
            }
        }
    }
}

fn check_text(errs: &mut Vec<Error>, m: &Manifest, path: String, text: &Text) {
    let default = &m.languages.default;
    if !text.has(default) {
        errs.push(
            Error::new(
                Kind::Missing,
                path.clone(),
                format!("no text in the default language {default:?}"),
            )
            .with_help(format!(
                "add a {default:?} entry; other languages fall back to it"
            )),
        );
    }
    for (lang, _) in text.entries() {
        if let Some(lang) = lang {
            if !m.languages.available.iter().any(|l| l == lang) {
                errs.push(
                    Error::new(
                        Kind::Reference,
                        format!("{path}.{lang}"),
                        format!("language {lang:?} is not in languages.available"),
                    )
                    .with_help("add it to languages.available or remove this text"),
                );
            }
        }
    }
}

fn check_texts(errs: &mut Vec<Error>, m: &Manifest) {
    for (i, c) in m.categories.iter().enumerate() {
        check_text(errs, m, format!("categories[{i}].title"), &c.title);
        if let Some(d) = &c.description {
            check_text(errs, m, format!("categories[{i}].description"), d);
        }
    }
    for (i, s) in m.services.iter().enumerate() {
        check_text(errs, m, format!("services[{i}].title"), &s.title);
        if let Some(d) = &s.description {
            check_text(errs, m, format!("services[{i}].description"), d);
        }
    }
    for lang in m.texts.keys() {
        if !m.languages.available.iter().any(|l| l == lang) {
            errs.push(
                Error::new(
                    Kind::Reference,
                    format!("texts.{lang}"),
                    format!("language {lang:?} is not in languages.available"),
                )
                .with_help("add it to languages.available or remove these texts"),
            );
        }
    }
}
