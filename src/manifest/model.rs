//! The manifest's data model, as the site owner writes it in JSON.
//!
//! [`super::Manifest::from_json`] reads these from JSON (refusing unknown fields, so a typo
//! never silently weakens a policy) and checks the invariants.

use super::text::Text;
use crate::map::Map;
use crate::prelude::*;

/// The manifest format this crate reads.
pub const FORMAT_VERSION: u32 = 1;
/// Default consent lifetime: about six months.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 182;
/// Longest consent lifetime accepted: 13 months.
pub const MAX_MAX_AGE_DAYS: u32 = 395;
/// Default consent cookie name.
pub const DEFAULT_COOKIE_NAME: &str = "consentry";

/// A site's consent policy: what is asked, what it gates, and how the answer is kept.
#[derive(Debug, Clone, PartialEq, Default)]
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
    pub texts: Map<String, UiTexts>,
    /// Presentation options.
    pub ui: UiOptions,
}

/// The site asking for consent.
#[derive(Debug, Clone, PartialEq, Default)]
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Category {
    /// Identifier used in `data-consent` and the API (`[a-z0-9][a-z0-9_-]*`).
    pub id: String,
    /// Always on, cannot be refused (strictly necessary cookies).
    pub required: bool,
    /// Shown as the toggle's label.
    pub title: Text,
    /// What the category is for, in the policy's own words.
    pub description: Option<Text>,
    /// It sells or shares personal data: an honoured privacy signal (GPC or DNT) opts the visitor out.
    pub sale_or_sharing: bool,
    /// It tracks the visitor: an honoured privacy signal (GPC or DNT) opts the visitor out.
    pub tracking: bool,
}

/// A third party or tool that needs consent for its category.
#[derive(Debug, Clone, PartialEq, Default)]
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
    /// What an embed placeholder of this service says (`{service}` and `{provider}` are filled
    /// in); the interface text `embed_notice` when absent.
    pub embed: Option<Text>,
    /// Globals set on `window` before its scripts run (an Intercom-style settings object), as
    /// (name, JSON text) pairs.
    pub globals: Vec<(String, String)>,
    /// What happens when consent is withdrawn.
    pub on_revoke: OnRevoke,
}

/// A script the manifest injects for a service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScriptSpec {
    /// Script URL (http(s) or a root-relative path).
    pub src: String,
    /// Load without blocking the order of other scripts.
    pub is_async: bool,
}

/// What to do when a service's consent is withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OnRevoke {
    /// Reload the page so the script is gone (default).
    #[default]
    Reload,
    /// Leave the page as it is; new page views will not run it.
    Nothing,
    /// Call a function the service's script defines (`{"call": "Intercom", "args": ["shutdown"]}`).
    Call {
        /// Dotted path of the function from `window` (`Intercom`, `myChat.stop`).
        function: String,
        /// String arguments.
        args: Vec<String>,
    },
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
    /// Banner note when a browser privacy signal was honoured.
    pub signal_notice: Option<String>,
    /// Embed placeholder text; `{service}` and `{provider}` are filled in.
    pub embed_notice: Option<String>,
    /// Embed placeholder button that loads it this once.
    pub load_once: Option<String>,
    /// Embed placeholder button that accepts the service; `{service}` is filled in.
    pub always_allow: Option<String>,
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
    "signal_notice",
    "embed_notice",
    "load_once",
    "always_allow",
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
            "signal_notice" => &mut self.signal_notice,
            "embed_notice" => &mut self.embed_notice,
            "load_once" => &mut self.load_once,
            "always_allow" => &mut self.always_allow,
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

// The JSON field names of each object, as the decoder reads them: any other name is an unknown
// field. `schema.rs` describes the same fields for the JSON Schema, and a test keeps them in step.

/// The fields of the manifest itself.
pub const MANIFEST_FIELDS: &[&str] = &[
    "$schema",
    "version",
    "revision",
    "site",
    "cookie",
    "languages",
    "signals",
    "categories",
    "services",
    "texts",
    "ui",
];
/// The fields the manifest must give.
pub const MANIFEST_REQUIRED: &[&str] = &["version", "revision", "site", "categories"];
/// The fields of [`Site`].
pub const SITE_FIELDS: &[&str] = &["name", "policy_url"];
/// The fields a [`Site`] must give.
pub const SITE_REQUIRED: &[&str] = &["name"];
/// The fields of [`CookieSettings`].
pub const COOKIE_FIELDS: &[&str] = &["name", "max_age_days", "domain", "same_site"];
/// The fields [`CookieSettings`] must give: none.
pub const COOKIE_REQUIRED: &[&str] = &[];
/// The fields of [`Languages`].
pub const LANGUAGES_FIELDS: &[&str] = &["default", "available"];
/// The fields [`Languages`] must give: none.
pub const LANGUAGES_REQUIRED: &[&str] = &[];
/// The fields of [`Signals`].
pub const SIGNALS_FIELDS: &[&str] = &["gpc", "dnt"];
/// The fields [`Signals`] must give: none.
pub const SIGNALS_REQUIRED: &[&str] = &[];
/// The fields of a [`Category`].
pub const CATEGORY_FIELDS: &[&str] = &[
    "id",
    "required",
    "title",
    "description",
    "sale_or_sharing",
    "tracking",
];
/// The fields a [`Category`] must give.
pub const CATEGORY_REQUIRED: &[&str] = &["id", "title"];
/// The fields of a [`Service`].
pub const SERVICE_FIELDS: &[&str] = &[
    "id",
    "category",
    "title",
    "description",
    "provider",
    "policy_url",
    "cookies",
    "scripts",
    "globals",
    "embed",
    "on_revoke",
];
/// The fields a [`Service`] must give.
pub const SERVICE_REQUIRED: &[&str] = &["id", "category", "title"];
/// The fields of a [`ScriptSpec`].
pub const SCRIPT_FIELDS: &[&str] = &["src", "async"];
/// The fields a [`ScriptSpec`] must give.
pub const SCRIPT_REQUIRED: &[&str] = &["src"];
/// The fields of an [`OnRevoke::Call`] written as an object.
pub const ON_REVOKE_CALL_FIELDS: &[&str] = &["call", "args"];
/// The fields an [`OnRevoke::Call`] must give.
pub const ON_REVOKE_CALL_REQUIRED: &[&str] = &["call"];
/// The fields [`UiTexts`] must give: none (its fields are [`UI_TEXT_KEYS`]).
pub const UI_TEXTS_REQUIRED: &[&str] = &[];
/// The fields of [`UiOptions`].
pub const UI_FIELDS: &[&str] = &["layout", "theme"];
/// The fields [`UiOptions`] must give: none.
pub const UI_REQUIRED: &[&str] = &[];
