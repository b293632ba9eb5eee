//! Warnings: what a valid manifest says that is probably not what its author meant.
//!
//! A warning leaves the manifest valid: the gate uses it as it is and never looks for warnings.
//! Only the tools do, `consentry validate` and the explain build (the playground), so this
//! module is compiled only natively and in the explain build, never in the gate builds.
//!
//! Each warning is one method of [`Warner`], called from [`check`]; it reports through
//! [`Report::warn`], which places it at its path like an error, and stays quiet where a value it
//! reads could not be read (see [`Report::unread`]).

use super::error::{Errors, Warning, WarningKind};
use super::json::Node;
use super::model::Manifest;
use super::report::{Collect, Path, Report};
use crate::prelude::*;

/// What [`Manifest::checked`] found.
#[derive(Debug)]
pub struct Checked {
    /// The manifest, or every error that makes it invalid.
    pub manifest: Result<Manifest, Errors>,
    /// Every warning, valid or not (none of a value that could not be read).
    pub warnings: Vec<Warning>,
}

impl Manifest {
    /// Parses and validates a manifest as [`Manifest::from_json`] does, and looks for what it
    /// probably does not mean as well: its warnings, which leave it valid.
    pub fn checked(src: &str) -> Checked {
        let (manifest, Collect { warnings, .. }) = Manifest::collect(src);
        Checked { manifest, warnings }
    }

    /// [`Manifest::checked`] from raw bytes (which must be UTF-8).
    pub fn checked_slice(bytes: &[u8]) -> Checked {
        match Manifest::utf8(bytes) {
            Ok(src) => Manifest::checked(src),
            Err(e) => Checked {
                manifest: Err(e),
                warnings: Vec::new(),
            },
        }
    }
}

/// Looks for every warning of `m`, read from `src` (whose parsed tree is `root`).
pub(super) fn check<R: Report>(m: &Manifest, src: &str, root: &Node, r: &mut R) {
    let mut w = Warner { src, root, m, r };
    // One method per warning, in document order of what they are about.
    w.signals_without_effect();
    w.consent_mode_without_consent();
    w.trackers_in_required_categories();
    w.missing_translations();
}

/// Looks for warnings in one manifest.
struct Warner<'a, R> {
    src: &'a str,
    root: &'a Node,
    m: &'a Manifest,
    r: &'a mut R,
}

impl<R: Report> Warner<'_, R> {
    /// Reports the warning `make` builds, at the position of its path.
    fn warn(&mut self, make: impl FnOnce() -> Warning) {
        let (src, root) = (self.src, self.root);
        self.r.warn(|| make().placed(src, root));
    }

    /// An honoured signal (GPC, DNT) opts visitors out of the categories marked
    /// `sale_or_sharing` or `tracking`; with none marked, honouring it changes nothing.
    fn signals_without_effect(&mut self) {
        let m = self.m;
        let cats = Path::Root.key("categories");
        let n = m.categories.len();
        let covered = m.categories.iter().any(|c| c.sale_or_sharing || c.tracking);
        if covered
            || self.r.unread_in(cats, n, "sale_or_sharing")
            || self.r.unread_in(cats, n, "tracking")
        {
            return;
        }
        let signals = [
            ("gpc", m.signals.gpc, "Global Privacy Control"),
            ("dnt", m.signals.dnt, "Do-Not-Track"),
        ];
        for (field, _, name) in signals.into_iter().filter(|(_, on, _)| *on) {
            self.warn(|| {
                Warning::new(
                    WarningKind::NoEffect,
                    format!("signals.{field}"),
                    format!("{name} is honoured, but no category is marked \"sale_or_sharing\" or \"tracking\", so the signal changes nothing"),
                )
                .with_help(format!("mark the categories that sell or share personal data or track visitors with \"sale_or_sharing\": true or \"tracking\": true, or stop honouring the signal (\"{field}\": false)"))
            });
        }
    }

    /// A service whose preset the catalog marks as tracking, in a required category: it would
    /// run for every visitor, without consent.
    fn trackers_in_required_categories(&mut self) {
        let m = self.m;
        let svcs = Path::Root.key("services");
        for (i, s) in m.services.iter().enumerate() {
            let Some(name) = s.preset.as_deref() else {
                continue;
            };
            let required = m
                .categories
                .iter()
                .any(|c| c.id == s.category && c.required);
            let tracks = super::preset::entry(name).is_some_and(|e| e.tracking);
            if !required || !tracks || self.r.unread(svcs.index(i)) {
                continue;
            }
            let category = &s.category;
            self.warn(|| {
                Warning::new(
                    WarningKind::RequiredTracker,
                    svcs.index(i).key("category").render(),
                    format!("the preset \"{name}\" tracks visitors, but its category \"{category}\" is required, so it runs without their consent"),
                )
                .with_help("put it in a category visitors can refuse; required categories are for what the site cannot work without")
            });
        }
    }

    /// A language of `languages.available` without a text that is given per language (a
    /// category's title, a service's description), or without the interface texts Consentry
    /// has no built-in wording for: its visitors read those in another language. One warning
    /// per text, naming the languages it lacks.
    fn missing_translations(&mut self) {
        let m = self.m;
        let default = m.languages.default.as_str();
        let others: Vec<&str> = m
            .languages
            .available
            .iter()
            .map(String::as_str)
            .filter(|l| *l != default)
            .collect();
        if others.is_empty() || self.r.unread(Path::Root.key("languages")) {
            return;
        }
        let (cats, svcs) = (Path::Root.key("categories"), Path::Root.key("services"));
        let mut texts: Vec<(Path, &str, &super::Text)> = Vec::new();
        for (i, c) in m.categories.iter().enumerate() {
            c.each_text(|field, text| texts.push((cats.index(i), field, text)));
        }
        let root = self.root;
        for (i, s) in m.services.iter().enumerate() {
            // A preset's texts are the catalog's: not the site owner's to translate.
            s.each_text(|field, text| {
                if s.preset.is_none() || super::validate::gives(root, i, field) {
                    texts.push((svcs.index(i), field, text))
                }
            });
        }
        for (entry, field, text) in texts {
            let missing: Vec<&str> = others.iter().copied().filter(|l| !text.has(l)).collect();
            let path = entry.key(field);
            if missing.is_empty() || self.r.unread(path) {
                continue;
            }
            self.warn(|| {
                let list = or_list(&missing);
                Warning::new(
                    WarningKind::MissingTranslation,
                    path.render(),
                    format!("no {list} text: visitors in {list} read it in \"{default}\""),
                )
                .with_help(format!(
                    "add {} to this text",
                    missing
                        .iter()
                        .map(|l| format!("a \"{l}\" entry"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ))
            });
        }
        let builtin = |lang: &str| super::DEFAULT_TEXTS.iter().any(|(l, _)| *l == lang);
        for lang in others.into_iter().filter(|l| !builtin(l)) {
            let given = m.texts.get(lang);
            let missing = super::UiTexts::FIELDS
                .iter()
                .filter(|f| given.and_then(|t| t.get(f)).is_none())
                .count();
            if missing == 0 {
                continue;
            }
            let all = super::UiTexts::FIELDS.len();
            self.warn(|| {
                Warning::new(WarningKind::MissingTranslation, format!("texts.{lang}"), format!("Consentry has no built-in \"{lang}\" wording and {missing} of the {all} interface texts are not given here: visitors in \"{lang}\" read them in \"{default}\""))
                    .with_help(format!("give every interface text under texts.{lang} (docs/manifest.md lists them), or leave \"{lang}\" out of languages.available"))
            });
        }
    }

    /// Google Consent Mode on, but no category or service can grant `ad_storage` or
    /// `analytics_storage` (their ids say neither, and none lists them in `consent_mode`):
    /// Google's tags would then never be told of a consent.
    fn consent_mode_without_consent(&mut self) {
        use super::google::GoogleSignal::{AdStorage, AnalyticsStorage};
        let m = self.m;
        if m.google_consent_mode.is_none() || self.r.unread(Path::Root.key("google_consent_mode")) {
            return;
        }
        let (cats, svcs) = (Path::Root.key("categories"), Path::Root.key("services"));
        let optional = m
            .categories
            .iter()
            .filter(|c| !c.required)
            .map(|c| c.consent_mode);
        let grants = optional.chain(m.services.iter().map(|s| s.consent_mode));
        let some = grants
            .flatten()
            .any(|g| g.has(AdStorage) || g.has(AnalyticsStorage));
        if some
            || self.r.unread_in(cats, m.categories.len(), "consent_mode")
            || self.r.unread_in(svcs, m.services.len(), "consent_mode")
        {
            return;
        }
        self.warn(|| {
            Warning::new(
                WarningKind::NoEffect,
                "google_consent_mode",
                "Google Consent Mode is on, but no category or service grants \"analytics_storage\" or \"ad_storage\", so Google's analytics and ad tags are never told of a consent",
            )
            .with_help("give the categories that hold Google's tags the signals they grant, like \"consent_mode\": [\"analytics_storage\"]; ids such as \"analytics\" or \"marketing\" grant them without it (docs/google-consent-mode.md)")
        });
    }
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn or_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{} or {last}", init.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_an_offered_language_lacks_is_a_warning_naming_it() {
        let src = r#"{"version": 1, "revision": 1, "site": {"name": "S"},
          "languages": {"default": "en", "available": ["en", "fr", "de"]},
          "categories": [{"id": "necessary", "required": true, "title": "Necessary"},
                         {"id": "ads", "title": {"en": "Ads", "fr": "Publicité"}}],
          "services": [{"id": "yt", "category": "ads", "preset": "youtube"}],
          "texts": {"de": {"accept_all": "Alle akzeptieren"}}}"#;
        let checked = Manifest::checked(src);
        assert!(checked.manifest.is_ok());
        let found: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "categories[1].title: no \"de\" text: visitors in \"de\" read it in \"en\" at line 4 column 49\n  help: add a \"de\" entry to this text",
                "texts.de: Consentry has no built-in \"de\" wording and 17 of the 18 interface texts are not given here: visitors in \"de\" read them in \"en\" at line 6 column 27\n  help: give every interface text under texts.de (docs/manifest.md lists them), or leave \"de\" out of languages.available",
            ]
        );
        assert_eq!(checked.warnings[0].kind().as_str(), "missing_translation");
    }

    #[test]
    fn a_tracking_preset_in_a_required_category_is_a_warning() {
        let src = r#"{"version": 1, "revision": 1, "site": {"name": "S"},
          "categories": [{"id": "necessary", "required": true, "title": "Necessary"},
                         {"id": "analytics", "title": "Analytics"}],
          "services": [{"id": "ga", "category": "necessary", "preset": "google-analytics"},
                       {"id": "yt", "category": "analytics", "preset": "youtube"},
                       {"id": "captcha", "category": "necessary", "preset": "recaptcha"}]}"#;
        let checked = Manifest::checked(src);
        assert!(checked.manifest.is_ok());
        let found: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            ["services[0].category: the preset \"google-analytics\" tracks visitors, but its category \"necessary\" is required, so it runs without their consent at line 4 column 49\n  help: put it in a category visitors can refuse; required categories are for what the site cannot work without"]
        );
        assert_eq!(checked.warnings[0].kind().as_str(), "required_tracker");
    }

    const SRC: &str = r#"{
  "version": 1, "revision": 1, "site": { "name": "Example" },
  "signals": { "gpc": true, "dnt": true },
  "categories": [
    { "id": "necessary", "required": true, "title": "Necessary" },
    { "id": "ads", "title": "Ads" }
  ]
}"#;

    fn warnings(src: &str) -> Vec<String> {
        Manifest::checked(src)
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn an_honoured_signal_that_opts_out_of_nothing_is_a_warning() {
        let checked = Manifest::checked(SRC);
        assert!(checked.manifest.is_ok(), "a warning leaves it valid");
        assert_eq!(checked.manifest.ok(), Manifest::from_json(SRC).ok());
        assert_eq!(
            warnings(SRC),
            [
                "signals.gpc: Global Privacy Control is honoured, but no category is marked \"sale_or_sharing\" or \"tracking\", so the signal changes nothing at line 3 column 23\n  help: mark the categories that sell or share personal data or track visitors with \"sale_or_sharing\": true or \"tracking\": true, or stop honouring the signal (\"gpc\": false)",
                "signals.dnt: Do-Not-Track is honoured, but no category is marked \"sale_or_sharing\" or \"tracking\", so the signal changes nothing at line 3 column 36\n  help: mark the categories that sell or share personal data or track visitors with \"sale_or_sharing\": true or \"tracking\": true, or stop honouring the signal (\"dnt\": false)",
            ]
        );
        let gpc_only = SRC.replace(r#""dnt": true"#, r#""dnt": false"#);
        let paths: Vec<String> = Manifest::checked(&gpc_only)
            .warnings
            .iter()
            .map(|w| w.path().to_owned())
            .collect();
        assert_eq!(paths, ["signals.gpc"]);
        assert_eq!(
            Manifest::checked(&gpc_only).warnings[0].kind(),
            WarningKind::NoEffect
        );
    }

    #[test]
    fn a_category_marked_for_the_signal_silences_it() {
        for mark in [r#""tracking": true"#, r#""sale_or_sharing": true"#] {
            let src = SRC.replace(r#""id": "ads","#, &format!(r#""id": "ads", {mark},"#));
            assert_eq!(warnings(&src), Vec::<String>::new(), "with {mark}");
        }
        let off = SRC.replace("true, \"dnt\": true", "false");
        assert_eq!(warnings(&off), Vec::<String>::new());
    }

    #[test]
    fn an_invalid_manifest_gets_its_warnings_but_no_knock_on_one() {
        // An independent error: the warning stays.
        let bad = SRC.replace(r#""revision": 1"#, r#""revision": 0"#);
        let checked = Manifest::checked(&bad);
        assert_eq!(checked.manifest.unwrap_err().len(), 1);
        assert_eq!(checked.warnings.len(), 2);
        // Whether a category is marked is unknown: no warning.
        let unread = SRC.replace(r#""id": "ads","#, r#""id": "ads", "tracking": "yes","#);
        let checked = Manifest::checked(&unread);
        assert_eq!(checked.manifest.unwrap_err().len(), 1);
        assert_eq!(checked.warnings, []);
        // Nor when the signals could not be read.
        let signals = SRC.replace(r#""dnt": true"#, r#""dnt": 1"#);
        let paths: Vec<String> = Manifest::checked(&signals)
            .warnings
            .iter()
            .map(|w| w.path().to_owned())
            .collect();
        assert_eq!(paths, ["signals.gpc"], "dnt could not be read; gpc could");
    }

    #[test]
    fn consent_mode_that_no_category_can_grant_is_a_warning() {
        let src = |cats: &str| {
            format!(
                r#"{{"version": 1, "revision": 1, "site": {{ "name": "S" }},
                    "google_consent_mode": {{}},
                    "categories": [{{ "id": "necessary", "required": true, "title": "N" }}, {cats}]}}"#
            )
        };
        let none = src(r#"{ "id": "statistik", "title": "Statistik" }"#);
        let paths: Vec<String> = Manifest::checked(&none)
            .warnings
            .iter()
            .map(|w| w.path().to_owned())
            .collect();
        assert_eq!(paths, ["google_consent_mode"]);
        for fine in [
            r#"{ "id": "statistik", "title": "S", "consent_mode": ["analytics_storage"] }"#,
            r#"{ "id": "marketing", "title": "M" }"#,
        ] {
            assert_eq!(warnings(&src(fine)), Vec::<String>::new(), "{fine}");
        }
        let off = none.replace(r#""google_consent_mode": {},"#, "");
        assert_eq!(warnings(&off), Vec::<String>::new(), "Consent Mode off");
    }

    #[test]
    fn from_json_and_the_gate_ignore_warnings() {
        assert!(Manifest::from_json(SRC).is_ok());
        assert!(Manifest::from_json_quiet(SRC).is_some());
        assert!(Manifest::checked_slice(b"{\xff}").manifest.is_err());
    }
}
