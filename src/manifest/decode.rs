//! Reads a parsed JSON tree into the manifest model, reporting every problem with its path.
//!
//! Unknown fields are errors (with a "did you mean"), so a typo never silently weakens a policy.

use super::error::{Error, Kind};
use super::json::{line_col, Node, Value};
use super::model::*;
use super::report::{quote, Path, Report};
use super::suggest::did_you_mean;
use super::text::Text;
use crate::map::Map;
use crate::prelude::*;

/// Walks the tree, sending problems to a [`Report`].
pub struct Decoder<'s, R> {
    src: &'s str,
    /// Where problems go.
    pub report: R,
}

/// An object's fields, after its field names were checked.
struct Obj<'n>(&'n [(String, usize, Node)]);

impl<'n> Obj<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.0.iter().find(|(k, _, _)| k == key).map(|(_, _, n)| n)
    }
}

impl<'s, R: Report> Decoder<'s, R> {
    /// A decoder for nodes parsed from `src`.
    pub fn new(src: &'s str, report: R) -> Self {
        Decoder { src, report }
    }

    fn push(&mut self, pos: usize, make: impl FnOnce() -> Error) {
        let src = self.src;
        self.report.report(|| {
            let (l, c) = line_col(src, pos);
            make().at(l, c)
        });
    }

    fn wrong_type(&mut self, node: &Node, path: Path, expected: &str) {
        let kind = node.value.kind();
        self.push(node.pos, || {
            Error::new(
                Kind::Type,
                path.render(),
                format!("expected {expected}, found {kind}"),
            )
        });
    }

    fn object<'n>(
        &mut self,
        node: &'n Node,
        path: Path,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Obj<'n>> {
        let Value::Object(fields) = &node.value else {
            self.wrong_type(node, path, "an object");
            return None;
        };
        for (key, pos, _) in fields {
            if !allowed.contains(&key.as_str()) {
                self.push(*pos, || {
                    let e = Error::new(
                        Kind::UnknownField,
                        path.key(key).render(),
                        format!("unknown field {}", quote(key)),
                    );
                    match did_you_mean(key, allowed.iter().copied()) {
                        Some(best) => e.with_help(format!("did you mean {}?", quote(best))),
                        None => e.with_help(format!("the fields here are: {}", allowed.join(", "))),
                    }
                });
            }
        }
        for name in required {
            if !fields.iter().any(|(k, _, _)| k == name) {
                self.push(node.pos, || {
                    Error::new(
                        Kind::Missing,
                        path.key(name).render(),
                        format!("required field {} is missing", quote(name)),
                    )
                });
            }
        }
        Some(Obj(fields))
    }

    fn string(&mut self, node: &Node, path: Path) -> Option<String> {
        match &node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    fn opt_string(&mut self, node: Option<&Node>, path: Path) -> Option<String> {
        match node {
            None
            | Some(Node {
                value: Value::Null, ..
            }) => None,
            Some(n) => self.string(n, path),
        }
    }

    fn boolean(&mut self, node: Option<&Node>, path: Path, default: bool) -> bool {
        match node.map(|n| (n, &n.value)) {
            None => default,
            Some((_, Value::Bool(b))) => *b,
            Some((n, _)) => {
                self.wrong_type(n, path, "true or false");
                default
            }
        }
    }

    fn uint(&mut self, node: &Node, path: Path) -> Option<u32> {
        let Value::Number(text) = &node.value else {
            self.wrong_type(node, path, "a whole number");
            return None;
        };
        let mut n: u32 = 0;
        for b in text.bytes() {
            let digit = b.wrapping_sub(b'0');
            match n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u32::from(digit)))
            {
                Some(next) if digit < 10 => n = next,
                _ => {
                    self.push(node.pos, || {
                        let msg =
                            format!("expected a whole number from 0 to 4294967295, found {text}");
                        Error::new(Kind::Value, path.render(), msg)
                    });
                    return None;
                }
            }
        }
        Some(n)
    }

    fn choice(&mut self, node: Option<&Node>, path: Path, options: &[&str]) -> usize {
        let Some(node) = node else { return 0 };
        let Value::String(s) = &node.value else {
            self.wrong_type(node, path, "a string");
            return 0;
        };
        if let Some(i) = options.iter().position(|o| o == s) {
            return i;
        }
        self.push(node.pos, || {
            let list: Vec<String> = options.iter().map(|o| quote(o)).collect();
            let e = Error::new(
                Kind::Value,
                path.render(),
                format!("{} is not one of {}", quote(s), list.join(", ")),
            );
            match did_you_mean(s, options.iter().copied()) {
                Some(best) => e.with_help(format!("did you mean {}?", quote(best))),
                None => e,
            }
        });
        0
    }

    fn array<'n>(&mut self, node: Option<&'n Node>, path: Path) -> &'n [Node] {
        match node.map(|n| (n, &n.value)) {
            None => &[],
            Some((_, Value::Array(items))) => items,
            Some((n, _)) => {
                self.wrong_type(n, path, "an array");
                &[]
            }
        }
    }

    fn strings(&mut self, node: Option<&Node>, path: Path) -> Vec<String> {
        let items = self.array(node, path);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.string(n, path.index(i)))
            .collect()
    }

    fn text(&mut self, node: &Node, path: Path) -> Option<Text> {
        match &node.value {
            Value::String(s) => Some(Text::One(s.clone())),
            Value::Object(fields) => {
                let mut map = Map::new();
                for (lang, _, v) in fields {
                    if let Some(s) = self.string(v, path.key(lang)) {
                        map.insert(lang.clone(), s);
                    }
                }
                Some(Text::ByLanguage(map))
            }
            _ => {
                self.wrong_type(
                    node,
                    path,
                    "a string, or an object mapping language tags to strings",
                );
                None
            }
        }
    }

    fn opt_text(&mut self, node: Option<&Node>, path: Path) -> Option<Text> {
        match node {
            None
            | Some(Node {
                value: Value::Null, ..
            }) => None,
            Some(n) => self.text(n, path),
        }
    }

    /// Reads the whole manifest. With problems reported, the result has stand-ins for what could
    /// not be read and must not be used but to look for more problems.
    pub fn manifest(&mut self, root: &Node) -> Option<Manifest> {
        if !matches!(root.value, Value::Object(_)) {
            let kind = root.value.kind();
            self.push(root.pos, || {
                Error::new(
                    Kind::Type,
                    "",
                    format!("the manifest must be a JSON object, not {kind}"),
                )
                .with_help("start the file with { \"version\": 1, … }")
            });
            return None;
        }
        let p = Path::Root;
        let o = self.object(root, p, MANIFEST_FIELDS, MANIFEST_REQUIRED)?;
        let schema = self.opt_string(o.get("$schema"), p.key("$schema"));
        let version = o
            .get("version")
            .and_then(|n| self.uint(n, p.key("version")));
        let revision = o
            .get("revision")
            .and_then(|n| self.uint(n, p.key("revision")));
        let site = o.get("site").and_then(|n| self.site(n, p.key("site")));
        let cookie = o
            .get("cookie")
            .map_or(Some(CookieSettings::default()), |n| {
                self.cookie(n, p.key("cookie"))
            });
        let languages = o.get("languages").map_or(Some(Languages::default()), |n| {
            self.languages(n, p.key("languages"))
        });
        let signals = o.get("signals").map_or(Some(Signals::default()), |n| {
            self.signals(n, p.key("signals"))
        });
        let cp = p.key("categories");
        let categories: Vec<Option<Category>> = self
            .array(o.get("categories"), cp)
            .iter()
            .enumerate()
            .map(|(i, n)| self.category(n, cp.index(i)))
            .collect();
        let sp = p.key("services");
        let services: Vec<Option<Service>> = self
            .array(o.get("services"), sp)
            .iter()
            .enumerate()
            .map(|(i, n)| self.service(n, sp.index(i)))
            .collect();
        let texts = o
            .get("texts")
            .map_or(Some(Map::new()), |n| self.texts(n, p.key("texts")));
        let ui = o
            .get("ui")
            .map_or(Some(UiOptions::default()), |n| self.ui(n, p.key("ui")));
        // What could not be read gets a stand-in, so that the semantic checks can still run on
        // the rest and every mistake is reported at once (see `Manifest::read`).
        Some(Manifest {
            schema,
            version: version.unwrap_or(FORMAT_VERSION),
            revision: revision.unwrap_or(1),
            site: site.unwrap_or_else(|| Site {
                name: "?".into(),
                policy_url: None,
            }),
            cookie: cookie.unwrap_or_default(),
            languages: languages.unwrap_or_default(),
            signals: signals.unwrap_or_default(),
            categories: categories
                .into_iter()
                .map(|c| {
                    c.unwrap_or_else(|| Category {
                        id: String::new(),
                        // Unknown: count it as required, so "no category is required" is not
                        // reported because of a category that could not be read.
                        required: true,
                        title: Text::One(String::new()),
                        description: None,
                        sale_or_sharing: false,
                        tracking: false,
                    })
                })
                .collect(),
            services: services
                .into_iter()
                .map(|sv| {
                    sv.unwrap_or_else(|| Service {
                        id: String::new(),
                        category: String::new(),
                        title: Text::One(String::new()),
                        description: None,
                        provider: None,
                        policy_url: None,
                        cookies: Vec::new(),
                        scripts: Vec::new(),
                        globals: Vec::new(),
                        embed: None,
                        on_revoke: OnRevoke::Reload,
                    })
                })
                .collect(),
            texts: texts.unwrap_or_default(),
            ui: ui.unwrap_or_default(),
        })
    }

    fn site(&mut self, n: &Node, p: Path) -> Option<Site> {
        let o = self.object(n, p, SITE_FIELDS, SITE_REQUIRED)?;
        let name = o.get("name").and_then(|n| self.string(n, p.key("name")));
        let policy_url = self.opt_string(o.get("policy_url"), p.key("policy_url"));
        Some(Site {
            name: name.unwrap_or_default(),
            policy_url,
        })
    }

    fn cookie(&mut self, n: &Node, p: Path) -> Option<CookieSettings> {
        let o = self.object(n, p, COOKIE_FIELDS, COOKIE_REQUIRED)?;
        let d = CookieSettings::default();
        let name = match o.get("name") {
            Some(n) => self.string(n, p.key("name"))?,
            None => d.name,
        };
        let max_age_days = match o.get("max_age_days") {
            Some(n) => self.uint(n, p.key("max_age_days"))?,
            None => d.max_age_days,
        };
        let domain = self.opt_string(o.get("domain"), p.key("domain"));
        let same_site = [SameSite::Lax, SameSite::Strict, SameSite::None][self.choice(
            o.get("same_site"),
            p.key("same_site"),
            &["lax", "strict", "none"],
        )];
        Some(CookieSettings {
            name,
            max_age_days,
            domain,
            same_site,
        })
    }

    fn languages(&mut self, n: &Node, p: Path) -> Option<Languages> {
        let o = self.object(n, p, LANGUAGES_FIELDS, LANGUAGES_REQUIRED)?;
        let default = match o.get("default") {
            Some(n) => self.string(n, p.key("default"))?,
            None => Languages::default().default,
        };
        let available = self.strings(o.get("available"), p.key("available"));
        let available = if available.is_empty() {
            vec![default.clone()]
        } else {
            available
        };
        Some(Languages { default, available })
    }

    fn signals(&mut self, n: &Node, p: Path) -> Option<Signals> {
        let o = self.object(n, p, SIGNALS_FIELDS, SIGNALS_REQUIRED)?;
        Some(Signals {
            gpc: self.boolean(o.get("gpc"), p.key("gpc"), false),
            dnt: self.boolean(o.get("dnt"), p.key("dnt"), false),
        })
    }

    fn category(&mut self, n: &Node, p: Path) -> Option<Category> {
        let o = self.object(n, p, CATEGORY_FIELDS, CATEGORY_REQUIRED)?;
        let id = o.get("id").and_then(|n| self.string(n, p.key("id")));
        let required = self.boolean(o.get("required"), p.key("required"), false);
        let title = o.get("title").and_then(|n| self.text(n, p.key("title")));
        let description = self.opt_text(o.get("description"), p.key("description"));
        let sale_or_sharing =
            self.boolean(o.get("sale_or_sharing"), p.key("sale_or_sharing"), false);
        let tracking = self.boolean(o.get("tracking"), p.key("tracking"), false);
        Some(Category {
            id: id.unwrap_or_default(),
            required,
            title: title.unwrap_or_else(|| Text::One(String::new())),
            description,
            sale_or_sharing,
            tracking,
        })
    }

    fn service(&mut self, n: &Node, p: Path) -> Option<Service> {
        let o = self.object(n, p, SERVICE_FIELDS, SERVICE_REQUIRED)?;
        let id = o.get("id").and_then(|n| self.string(n, p.key("id")));
        let category = o
            .get("category")
            .and_then(|n| self.string(n, p.key("category")));
        let title = o.get("title").and_then(|n| self.text(n, p.key("title")));
        let description = self.opt_text(o.get("description"), p.key("description"));
        let provider = self.opt_string(o.get("provider"), p.key("provider"));
        let policy_url = self.opt_string(o.get("policy_url"), p.key("policy_url"));
        let cookies = self.strings(o.get("cookies"), p.key("cookies"));
        let sp = p.key("scripts");
        let scripts: Vec<Option<ScriptSpec>> = self
            .array(o.get("scripts"), sp)
            .iter()
            .enumerate()
            .map(|(i, n)| self.script(n, sp.index(i)))
            .collect();
        let globals = match o.get("globals") {
            None => Vec::new(),
            Some(Node {
                value: Value::Object(fields),
                ..
            }) => fields
                .iter()
                .map(|(k, _, v)| (k.clone(), super::json::write(v)))
                .collect(),
            Some(n) => {
                self.wrong_type(
                    n,
                    p.key("globals"),
                    "an object mapping global names to values",
                );
                Vec::new()
            }
        };
        let embed = self.opt_text(o.get("embed"), p.key("embed"));
        let on_revoke = self.on_revoke(o.get("on_revoke"), p.key("on_revoke"));
        Some(Service {
            id: id.unwrap_or_default(),
            category: category.unwrap_or_default(),
            title: title.unwrap_or_else(|| Text::One(String::new())),
            description,
            provider,
            policy_url,
            cookies,
            scripts: scripts.into_iter().flatten().collect(),
            globals,
            embed,
            on_revoke: on_revoke.unwrap_or_default(),
        })
    }

    fn on_revoke(&mut self, n: Option<&Node>, p: Path) -> Option<OnRevoke> {
        match n {
            Some(
                n @ Node {
                    value: Value::Object(_),
                    ..
                },
            ) => {
                let o = self.object(n, p, ON_REVOKE_CALL_FIELDS, ON_REVOKE_CALL_REQUIRED)?;
                let function = o.get("call").and_then(|n| self.string(n, p.key("call")));
                let args = self.strings(o.get("args"), p.key("args"));
                Some(OnRevoke::Call {
                    function: function?,
                    args,
                })
            }
            _ => Some(match self.choice(n, p, &["reload", "nothing"]) {
                0 => OnRevoke::Reload,
                _ => OnRevoke::Nothing,
            }),
        }
    }

    fn script(&mut self, n: &Node, p: Path) -> Option<ScriptSpec> {
        let o = self.object(n, p, SCRIPT_FIELDS, SCRIPT_REQUIRED)?;
        let src = o.get("src").and_then(|n| self.string(n, p.key("src")));
        let is_async = self.boolean(o.get("async"), p.key("async"), false);
        Some(ScriptSpec {
            src: src?,
            is_async,
        })
    }

    fn texts(&mut self, n: &Node, p: Path) -> Option<Map<String, UiTexts>> {
        let Value::Object(langs) = &n.value else {
            self.wrong_type(n, p, "an object mapping language tags to texts");
            return None;
        };
        let mut out = Map::new();
        for (lang, _, node) in langs {
            let lp = p.key(lang);
            let Some(o) = self.object(node, lp, UI_TEXT_KEYS, UI_TEXTS_REQUIRED) else {
                continue;
            };
            let mut t = UiTexts::default();
            for (key, _, v) in o.0 {
                let value = self.string(v, lp.key(key));
                if let Some(slot) = t.slot(key) {
                    *slot = value;
                }
            }
            out.insert(lang.clone(), t);
        }
        Some(out)
    }

    fn ui(&mut self, n: &Node, p: Path) -> Option<UiOptions> {
        let o = self.object(n, p, UI_FIELDS, UI_REQUIRED)?;
        let layout = [Layout::Bar, Layout::Box]
            [self.choice(o.get("layout"), p.key("layout"), &["bar", "box"])];
        let theme = [Theme::Auto, Theme::Light, Theme::Dark]
            [self.choice(o.get("theme"), p.key("theme"), &["auto", "light", "dark"])];
        Some(UiOptions { layout, theme })
    }
}
