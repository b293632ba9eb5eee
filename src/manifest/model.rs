//! The manifest's data model, as the site owner writes it in JSON.
//!
//! [`super::Manifest::from_json`] reads these from JSON (refusing unknown fields, so a typo
//! never silently weakens a policy) and checks the invariants.

use super::text::Text;
use std::collections::BTreeMap;

/// The manifest format this crate reads.
pub const FORMAT_VERSION: u32 = 1;
/// Default consent lifetime: about six months.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 182;
/// Longest consent lifetime accepted: 13 months.
pub const MAX_MAX_AGE_DAYS: u32 = 395;
/// Default consent cookie name.
pub const DEFAULT_COOKIE_NAME: &str = "consentry";

/// A site's consent policy: what is asked, what it gates, and how the answer is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Editor hint (`"./manifest.schema.json"`); ignored.
    pub schema: Option<String>,
    /// Manifest format version; must be 1.
    pub version: u32,
    /// The policy's revision: raise it to ask every visitor again.
    pub revision: u32,
    /// Who asks.
    pub site: Site,
    /// How the consent cookie is written.
    pub cookie: CookieSettings,
    /// The languages texts are given in.
    pub languages: Languages,
    /// Which browser privacy signals are honoured.
    pub signals: Signals,
    /// Purposes the visitor decides on, in display order.
    pub categories: Vec<Category>,
    /// Third parties and tools, each in one category.
    pub services: Vec<Service>,
    /// Interface texts by language; missing ones use the built-in English.
    pub texts: BTreeMap<String, UiTexts>,
    /// Presentation options.
    pub ui: UiOptions,
}

/// The site asking for consent.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// The site's or company's name, shown to the visitor.
    pub name: String,
    /// Link to the privacy or cookie policy.
    pub policy_url: Option<String>,
}

/// `SameSite` attribute of the consent cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SameSite {
    /// `SameSite=Lax` (default).
    #[default]
    Lax,
    /// `SameSite=Strict`.
    Strict,
    /// `SameSite=None` (always with `Secure`).
    None,
}

impl SameSite {
    /// The attribute value as written in `Set-Cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
            SameSite::None => "None",
        }
    }
}

/// How the consent cookie is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieSettings {
    /// Cookie name (an RFC 6265 token).
    pub name: String,
    /// Lifetime in days, 1 to 395.
    pub max_age_days: u32,
    /// `Domain` attribute, to share consent across subdomains; `null` for this host only.
    pub domain: Option<String>,
    /// `SameSite` attribute.
    pub same_site: SameSite,
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings {
            name: DEFAULT_COOKIE_NAME.to_owned(),
            max_age_days: DEFAULT_MAX_AGE_DAYS,
            domain: None,
            same_site: SameSite::Lax,
        }
    }
}

/// Languages the texts are given in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    /// The language every text must exist in, and the fallback.
    pub default: String,
    /// Every language offered (the default included).
    pub available: Vec<String>,
}

impl Default for Languages {
    fn default() -> Self {
        Languages {
            default: "en".to_owned(),
            available: vec!["en".to_owned()],
        }
    }
}

/// Browser privacy signals the site honours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Signals {
    /// Honour Global Privacy Control.
    pub gpc: bool,
    /// Honour Do-Not-Track.
    pub dnt: bool,
}

/// A purpose the visitor accepts or refuses as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Identifier used in `data-consent` and the API (`[a-z0-9][a-z0-9_-]*`).
    pub id: String,
    /// Always on, cannot be refused (strictly necessary cookies).
    pub required: bool,
    /// Shown as the toggle's label.
    pub title: Text,
    /// What the category is for, in the policy's own words.
    pub description: Option<Text>,
}

/// A third party or tool that needs consent for its category.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Identifier used in `data-consent` and the API.
    pub id: String,
    /// The category id it belongs to.
    pub category: String,
    /// Shown to the visitor.
    pub title: Text,
    /// What it does with the visitor's data.
    pub description: Option<Text>,
    /// Who runs it.
    pub provider: Option<String>,
    /// The provider's privacy policy.
    pub policy_url: Option<String>,
    /// Cookies it sets: exact names or patterns with `*`.
    pub cookies: Vec<String>,
    /// Scripts injected once the service is accepted; no page markup needed.
    pub scripts: Vec<ScriptSpec>,
    /// What happens when consent is withdrawn.
    pub on_revoke: OnRevoke,
}

/// A script the manifest injects for a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptSpec {
    /// Script URL (http(s) or a root-relative path).
    pub src: String,
    /// Load without blocking the order of other scripts.
    pub is_async: bool,
}

/// What to do when a service's consent is withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnRevoke {
    /// Reload the page so the script is gone (default).
    #[default]
    Reload,
    /// Leave the page as it is; new page views will not run it.
    Nothing,
}

/// Interface texts in one language; each missing one uses the built-in default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UiTexts {
    /// Banner heading.
    pub banner_title: Option<String>,
    /// Banner body text.
    pub banner_description: Option<String>,
    /// "Accept all" button.
    pub accept_all: Option<String>,
    /// "Reject all" button.
    pub reject_all: Option<String>,
    /// Button that opens the preferences panel.
    pub preferences: Option<String>,
    /// Preferences panel heading.
    pub preferences_title: Option<String>,
    /// Preferences panel introduction.
    pub preferences_description: Option<String>,
    /// "Save" button.
    pub save: Option<String>,
    /// Close button's accessible name.
    pub close: Option<String>,
    /// Label shown on required categories.
    pub always_on: Option<String>,
    /// Link text for the privacy policy.
    pub policy_link: Option<String>,
}

/// The JSON field names of [`UiTexts`], in declaration order.
pub const UI_TEXT_KEYS: &[&str] = &[
    "banner_title",
    "banner_description",
    "accept_all",
    "reject_all",
    "preferences",
    "preferences_title",
    "preferences_description",
    "save",
    "close",
    "always_on",
    "policy_link",
];

impl UiTexts {
    /// The field called `key` in JSON.
    pub fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "banner_title" => &mut self.banner_title,
            "banner_description" => &mut self.banner_description,
            "accept_all" => &mut self.accept_all,
            "reject_all" => &mut self.reject_all,
            "preferences" => &mut self.preferences,
            "preferences_title" => &mut self.preferences_title,
            "preferences_description" => &mut self.preferences_description,
            "save" => &mut self.save,
            "close" => &mut self.close,
            "always_on" => &mut self.always_on,
            "policy_link" => &mut self.policy_link,
            _ => return None,
        })
    }
}

/// Where the banner sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// A bar along the bottom of the viewport.
    #[default]
    Bar,
    /// A box in the bottom corner.
    Box,
}

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Presentation options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UiOptions {
    /// Banner layout.
    pub layout: Layout,
    /// Colour scheme.
    pub theme: Theme,
}
