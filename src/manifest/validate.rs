//! Semantic checks on a manifest that was read: ids, references, ranges, URLs, languages.
//!
//! Every problem is reported, not just the first, each with its JSON path and position.

use super::error::{Error, Kind};
use super::json::{Node, Value};
use super::localized::Text;
use super::model::*;
use super::report::{quote, Path, Report};
use super::schema::MAX_COOKIE_LIFETIME_DAYS;
use super::suggest::did_you_mean;
use crate::prelude::*;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;
/// Most categories plus services accepted (the consent cookie must stay under 4 KB).
pub const MAX_ENTRIES: usize = 400;
/// Longest consent cookie value the manifest may require.
pub const MAX_COOKIE_VALUE: usize = 3800;

struct Checker<'a, R> {
    src: &'a str,
    root: &'a Node,
    m: &'a Manifest,
    r: &'a mut R,
}

/// Checks every invariant that reading does not, reporting all problems found, each at the
/// position of its value in `src` (whose parsed tree is `root`).
pub fn check<R: Report>(m: &Manifest, src: &str, root: &Node, r: &mut R) {
    let mut c = Checker { src, root, m, r };
    c.all();
}

/// Whether `tag` looks like a BCP 47 language tag (`en`, `fr`, `pt-BR`, `zh-Hant`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether `id` is a valid category or service id.
pub fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.len() <= MAX_ID_LEN
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn is_url(url: &str) -> bool {
    let ok = (url.starts_with("https://") && url.len() > 8)
        || (url.starts_with("http://") && url.len() > 7)
        || (url.starts_with('/') && !url.starts_with("//"));
    ok && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn is_domain(d: &str) -> bool {
    let host = d.strip_prefix('.').unwrap_or(d);
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    host.len() <= 253 && host.contains('.') && host.split('.').all(label_ok)
}

/// A host name of two labels or more, optionally after a `*.` wildcard.
fn is_host(h: &str) -> bool {
    let host = h.strip_prefix("*.").unwrap_or(h);
    !host.starts_with('.') && is_domain(host)
}

fn is_cookie_pattern(p: &str) -> bool {
    !p.is_empty()
        && p != "*"
        && p.bytes()
            .all(|c| c.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&c))
}

/// Whether `s` is a plain JavaScript identifier (`intercomSettings`, `_paq`, `$chat`).
pub fn is_js_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Globals a manifest may not overwrite: setting them would navigate or break the page.
const PROTECTED_GLOBALS: &[&str] = &[
    "window",
    "self",
    "top",
    "parent",
    "frames",
    "document",
    "location",
    "history",
    "navigator",
    "name",
    "origin",
    "opener",
    "consentry",
    "eval",
    "Function",
    "Object",
    "Array",
    "JSON",
    "Promise",
];

/// Whether service `i` of the manifest tree `root` gives `field` itself (not its preset).
/// Not `Node::at_path`, which would bring slicing panics into the gate builds.
pub(super) fn gives(root: &Node, i: usize, field: &str) -> bool {
    let service = match root.field("services").map(|s| &s.value) {
        Some(Value::Array(items)) => items.get(i),
        _ => None,
    };
    service.is_some_and(|s| s.field(field).is_some())
}

fn is_cookie_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 64
        && n.bytes()
            .all(|ch| ch.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&ch))
}

impl<R: Report> Checker<'_, R> {
    fn report(&mut self, make: impl FnOnce() -> Error) {
        let (src, root) = (self.src, self.root);
        self.r.report(|| make().placed(src, root));
    }

    fn all(&mut self) {
        let m = self.m;
        let root = Path::Root;
        if m.version != FORMAT_VERSION {
            self.report(|| {
                Error::new(
                    Kind::Value,
                    "version",
                    format!("version {} is not supported", m.version),
                )
                .with_help("this Consentry reads manifest version 1; set \"version\": 1")
            });
        }
        if m.revision == 0 {
            self.report(|| {
                Error::new(Kind::Value, "revision", "revision must be 1 or more")
                    .with_help("start at 1 and raise it whenever visitors must be asked again")
            });
        }
        if m.site.name.trim().is_empty() {
            self.report(|| Error::new(Kind::Value, "site.name", "the site name is empty"));
        }
        let site = root.key("site");
        self.url(site.key("policy_url"), m.site.policy_url.as_deref());
        self.cookie();
        self.languages();
        self.ids();
        self.services();
        self.texts();
        self.google_consent_mode();
    }

    fn google_consent_mode(&mut self) {
        use super::google::{is_region, region_help, MAX_WAIT_FOR_UPDATE, MIN_WAIT_FOR_UPDATE};
        let Some(g) = &self.m.google_consent_mode else {
            return;
        };
        let root = Path::Root;
        let at = root.key("google_consent_mode");
        if !(MIN_WAIT_FOR_UPDATE..=MAX_WAIT_FOR_UPDATE).contains(&g.wait_for_update) {
            self.report(|| {
                Error::new(
                    Kind::Value,
                    at.key("wait_for_update").render(),
                    format!("{} ms is out of range", g.wait_for_update),
                )
                .with_help("give 100 to 10000 ms; Google's tags wait this long for the visitor's consent, 500 is the default")
            });
        }
        let regions = at.key("regions");
        for (i, code) in g.regions.iter().enumerate() {
            if !is_region(code) {
                self.report(|| {
                    Error::new(
                        Kind::Value,
                        regions.index(i).render(),
                        format!("{} is not an ISO 3166 region code", quote(code)),
                    )
                    .with_help(region_help(code))
                });
            }
        }
    }

    fn url(&mut self, path: Path, url: Option<&str>) {
        let Some(url) = url else { return };
        if !is_url(url) {
            self.report(|| {
                Error::new(
                    Kind::Value,
                    path.render(),
                    format!("{} is not an http(s) URL", quote(url)),
                )
                .with_help("use an absolute https:// URL or a path starting with /")
            });
        }
    }

    fn cookie(&mut self) {
        let c = &self.m.cookie;
        if !is_cookie_name(&c.name) {
            self.report(|| {
                Error::new(
                    Kind::Value,
                    "cookie.name",
                    format!("{} is not a valid cookie name", quote(&c.name)),
                )
                .with_help("use 1 to 64 letters, digits, '-' or '_', for example \"consentry\"")
            });
        }
        if !(1..=MAX_MAX_AGE_DAYS).contains(&c.max_age_days) {
            self.report(|| {
                Error::new(
                    Kind::Value,
                    "cookie.max_age_days",
                    format!("{} days is out of range", c.max_age_days),
                )
                .with_help(format!("consent may be kept 1 to {MAX_MAX_AGE_DAYS} days (13 months); {DEFAULT_MAX_AGE_DAYS} is the default"))
            });
        }
        if let Some(d) = c.domain.as_deref().filter(|d| !is_domain(d)) {
            self.report(|| {
                Error::new(
                    Kind::Value,
                    "cookie.domain",
                    format!("{} is not a domain name", quote(d)),
                )
                .with_help(
                    "give the registrable domain, like \"example.com\", or null for this host only",
                )
            });
        }
    }

    fn languages(&mut self) {
        let l = &self.m.languages;
        if !is_language_tag(&l.default) {
            self.report(|| {
                Error::new(
                    Kind::Value,
                    "languages.default",
                    format!("{} is not a language tag", quote(&l.default)),
                )
                .with_help("use a tag like \"en\", \"fr\" or \"pt-BR\"")
            });
        }
        let root = Path::Root;
        let langs = root.key("languages");
        let available = langs.key("available");
        for (i, tag) in l.available.iter().enumerate() {
            if !is_language_tag(tag) {
                self.report(|| {
                    Error::new(
                        Kind::Value,
                        available.index(i).render(),
                        format!("{} is not a language tag", quote(tag)),
                    )
                    .with_help("use a tag like \"en\", \"fr\" or \"pt-BR\"")
                });
            }
        }
        if !l.available.contains(&l.default) && !self.r.unread(langs.key("default")) {
            self.report(|| {
                Error::new(
                    Kind::Reference,
                    "languages.available",
                    format!("the default language {} is not listed", quote(&l.default)),
                )
                .with_help("add the default language to \"available\"")
            });
        }
    }

    fn ids(&mut self) {
        let m = self.m;
        if m.categories.is_empty() {
            self.report(|| {
                Error::new(Kind::Missing, "categories", "no categories are defined")
                    .with_help("define at least a required \"necessary\" category")
            });
        } else if !m.categories.iter().any(|c| c.required)
            && !self
                .r
                .unread_in(Path::Root.key("categories"), m.categories.len(), "required")
        {
            self.report(|| {
                Error::new(Kind::Missing, "categories", "no category is required")
                    .with_help("mark the strictly necessary category with \"required\": true")
            });
        }
        let total = m.categories.len() + m.services.len();
        if total > MAX_ENTRIES {
            self.report(|| {
                Error::new(
                    Kind::Limit,
                    "services",
                    format!("{total} categories and services; at most {MAX_ENTRIES} fit in the consent cookie"),
                )
            });
        }
        let root = Path::Root;
        let (cats, svcs) = (root.key("categories"), root.key("services"));
        // (section, index, id) of every entry, categories first.
        let entries: Vec<(bool, usize, &str)> = m
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (true, i, c.id.as_str()))
            .chain(
                m.services
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (false, i, s.id.as_str())),
            )
            .collect();
        let path_of = |(is_cat, i, _): (bool, usize, &str)| {
            if is_cat {
                cats.index(i)
            } else {
                svcs.index(i)
            }
        };
        let mut cookie_len = 30;
        for (n, &entry) in entries.iter().enumerate() {
            let id = entry.2;
            cookie_len += id.len() + 1;
            if !is_id(id) {
                self.report(|| {
                    Error::new(Kind::Value, path_of(entry).key("id").render(), format!("{} is not a valid id", quote(id)))
                        .with_help("ids use lowercase letters, digits, '-' and '_', start with a letter or digit, at most 64 characters")
                });
            }
            if let Some(&first) = entries[..n].iter().find(|e| e.2 == id) {
                self.report(|| {
                    let what = if first.0 == entry.0 {
                        "is used twice"
                    } else {
                        "is both a category and a service"
                    };
                    Error::new(
                        Kind::Duplicate,
                        path_of(entry).key("id").render(),
                        format!("{} {what}", quote(id)),
                    )
                    .with_help(format!(
                        "first defined at {}; every id must be unique",
                        path_of(first).key("id").render()
                    ))
                });
            }
        }
        if cookie_len > MAX_COOKIE_VALUE {
            self.report(|| {
                Error::new(
                    Kind::Limit,
                    "services",
                    format!("the ids need a {cookie_len}-byte consent cookie; the limit is {MAX_COOKIE_VALUE}"),
                )
                .with_help("use shorter ids or fewer services")
            });
        }
    }

    fn services(&mut self) {
        let m = self.m;
        let root = Path::Root;
        let (cats, svcs) = (root.key("categories"), root.key("services"));
        for (i, s) in m.services.iter().enumerate() {
            let sp = svcs.index(i);
            if m.category(&s.category).is_none()
                && !self.r.unread_in(cats, m.categories.len(), "id")
            {
                self.report(|| {
                    let e = Error::new(
                        Kind::Reference,
                        sp.key("category").render(),
                        format!("{} is not a category", quote(&s.category)),
                    );
                    match did_you_mean(&s.category, m.categories.iter().map(|c| c.id.as_str())) {
                        Some(best) => e.with_help(format!("did you mean {}?", quote(best))),
                        None => {
                            let ids: Vec<&str> =
                                m.categories.iter().map(|c| c.id.as_str()).collect();
                            e.with_help(format!("the categories are: {}", ids.join(", ")))
                        }
                    }
                });
            }
            self.url(sp.key("policy_url"), s.policy_url.as_deref());
            let scripts = sp.key("scripts");
            for (j, script) in s.scripts.iter().enumerate() {
                let item = scripts.index(j);
                self.url(item.key("src"), Some(&script.src));
            }
            let globals = sp.key("globals");
            for (name, _) in &s.globals.0 {
                if !is_js_identifier(name) || PROTECTED_GLOBALS.contains(&name.as_str()) {
                    self.report(|| {
                        Error::new(Kind::Value, globals.key(name).render(), format!("{} cannot be set as a global", quote(name)))
                            .with_help("use the plain identifier the script reads, like \"intercomSettings\"; built-ins such as window or location are refused")
                    });
                }
            }
            if let OnRevoke::Call(call) = &s.on_revoke {
                let function = &call.function;
                if !function.split('.').all(is_js_identifier) {
                    self.report(|| {
                        Error::new(Kind::Value, sp.key("on_revoke").key("call").render(), format!("{} is not a function name", quote(function)))
                            .with_help("name the function from window, like \"Intercom\" or \"myChat.shutdown\"")
                    });
                }
            }
            let cookies = sp.key("cookies");
            for (j, cookie) in s.cookies.iter().enumerate() {
                let (pattern, item) = (cookie.name(), cookies.index(j));
                let at = match cookie.0.max_age_days {
                    Some(_) => item.key("name"),
                    None => item,
                };
                if !is_cookie_pattern(pattern) {
                    self.report(|| {
                        Error::new(Kind::Value, at.render(), format!("{} is not a cookie name or pattern", quote(pattern)))
                            .with_help("give a cookie name, optionally with * wildcards, like \"_ga\" or \"intercom-id-*\"")
                    });
                }
                if let Some(days) = cookie
                    .0
                    .max_age_days
                    .filter(|&d| d > MAX_COOKIE_LIFETIME_DAYS)
                {
                    self.report(|| {
                        Error::new(Kind::Value, item.key("max_age_days").render(), format!("{days} days is out of range"))
                            .with_help(format!("give the lifetime its provider documents, 0 (less than a day) to {MAX_COOKIE_LIFETIME_DAYS} days"))
                    });
                }
            }
            let embeds = sp.key("embeds");
            for (j, prefix) in s.embeds.iter().enumerate() {
                let rest = prefix
                    .strip_prefix("https://")
                    .or_else(|| prefix.strip_prefix("http://"));
                if !is_url(prefix) || rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
                    self.report(|| {
                        Error::new(Kind::Value, embeds.index(j).render(), format!("{} is not the start of an iframe address", quote(prefix)))
                            .with_help("give an absolute http(s) URL, as far as every embed of the service shares it, like \"https://www.youtube.com/embed/\"")
                    });
                }
            }
            let hosts = sp.key("hosts");
            for (j, host) in s.hosts.iter().enumerate() {
                if !is_host(host) {
                    self.report(|| {
                        Error::new(Kind::Value, hosts.index(j).render(), format!("{} is not a host name", quote(host)))
                            .with_help("give the host alone, without scheme or path, like \"www.google-analytics.com\" or \"*.intercom.io\"")
                    });
                }
            }
        }
    }

    fn text(&mut self, path: Path, text: &Text) {
        let m = self.m;
        let default = &m.languages.default;
        let langs = Path::Root.key("languages");
        if !text.has(default)
            && !self.r.unread(path.key(default))
            && !self.r.unread(langs.key("default"))
        {
            self.report(|| {
                Error::new(
                    Kind::Missing,
                    path.render(),
                    format!("no text in the default language {}", quote(default)),
                )
                .with_help(format!(
                    "add a {} entry; other languages fall back to it",
                    quote(default)
                ))
            });
        }
        let available = langs.key("available");
        for lang in text.entries().into_iter().filter_map(|(l, _)| l) {
            if !m.languages.available.iter().any(|l| l == lang) && !self.r.unread(available) {
                self.report(|| {
                    Error::new(
                        Kind::Reference,
                        path.key(lang).render(),
                        format!("language {} is not in languages.available", quote(lang)),
                    )
                    .with_help("add it to languages.available or remove this text")
                });
            }
        }
    }

    fn texts(&mut self) {
        let m = self.m;
        let root = Path::Root;
        let (cats, svcs) = (root.key("categories"), root.key("services"));
        // (entry, field, text) of every visitor-facing text, as the model declares them.
        let mut texts: Vec<(Path, &str, &Text)> = Vec::new();
        for (i, c) in m.categories.iter().enumerate() {
            c.each_text(|field, text| texts.push((cats.index(i), field, text)));
        }
        let tree = self.root;
        for (i, s) in m.services.iter().enumerate() {
            // A preset's texts come in the catalog's languages: the visitor gets the closest
            // (`Text::get`), and the site owner has nothing to fix.
            let own = |field: &str| s.preset.is_none() || gives(tree, i, field);
            s.each_text(|field, text| {
                if own(field) {
                    texts.push((svcs.index(i), field, text))
                }
            });
        }
        for (entry, field, text) in texts {
            self.text(entry.key(field), text);
        }
        let langs = root.key("languages");
        let available = langs.key("available");
        for lang in m.texts.keys() {
            if !m.languages.available.iter().any(|l| l == lang) && !self.r.unread(available) {
                self.report(|| {
                    Error::new(
                        Kind::Reference,
                        root.key("texts").key(lang).render(),
                        format!("language {} is not in languages.available", quote(lang)),
                    )
                    .with_help("add it to languages.available or remove these texts")
                });
            }
        }
    }
}
