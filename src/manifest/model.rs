//! The manifest's data model, as the site owner writes it in JSON.
//!
//! Every struct refuses unknown fields, so a typo never silently weakens a policy.
//! [`super::Manifest::from_json`] is the only way in that also checks the invariants.

use super::text::Text;
use serde::{Deserialize, Serialize};
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Editor hint (`"./manifest.schema.json"`); ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Manifest format version; must be 1.
    pub version: u32,
    /// The policy's revision: raise it to ask every visitor again.
    pub revision: u32,
    /// Who asks.
    pub site: Site,
    /// How the consent cookie is written.
    #[serde(default)]
    pub cookie: CookieSettings,
    /// The languages texts are given in.
    #[serde(default)]
    pub languages: Languages,
    /// Which browser privacy signals are honoured.
    #[serde(default)]
    pub signals: Signals,
    /// Purposes the visitor decides on, in display order.
    pub categories: Vec<Category>,
    /// Third parties and tools, each in one category.
    #[serde(default)]
    pub services: Vec<Service>,
    /// Interface texts by language; missing ones use the built-in English.
    #[serde(default)]
    pub texts: BTreeMap<String, UiTexts>,
    /// Presentation options.
    #[serde(default)]
    pub ui: UiOptions,
}

/// The site asking for consent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The site's or company's name, shown to the visitor.
    pub name: String,
    /// Link to the privacy or cookie policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_url: Option<String>,
}

/// `SameSite` attribute of the consent cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Signals {
    /// Honour Global Privacy Control.
    pub gpc: bool,
    /// Honour Do-Not-Track.
    pub dnt: bool,
}

/// A purpose the visitor accepts or refuses as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Identifier used in `data-consent` and the API (`[a-z0-9][a-z0-9_-]*`).
    pub id: String,
    /// Always on, cannot be refused (strictly necessary cookies).
    #[serde(default)]
    pub required: bool,
    /// Shown as the toggle's label.
    pub title: Text,
    /// What the category is for, in the policy's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// A third party or tool that needs consent for its category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Identifier used in `data-consent` and the API.
    pub id: String,
    /// The category id it belongs to.
    pub category: String,
    /// Shown to the visitor.
    pub title: Text,
    /// What it does with the visitor's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Who runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The provider's privacy policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_url: Option<String>,
    /// Cookies it sets: exact names or patterns with `*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookies: Vec<String>,
    /// Scripts injected once the service is accepted; no page markup needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<ScriptSpec>,
    /// What happens when consent is withdrawn.
    #[serde(default)]
    pub on_revoke: OnRevoke,
}

/// A script the manifest injects for a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptSpec {
    /// Script URL (http(s) or a root-relative path).
    pub src: String,
    /// Load without blocking the order of other scripts.
    #[serde(default, rename = "async")]
    pub is_async: bool,
}

/// What to do when a service's consent is withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnRevoke {
    /// Reload the page so the script is gone (default).
    #[default]
    Reload,
    /// Leave the page as it is; new page views will not run it.
    Nothing,
}

/// Interface texts in one language; each missing one uses the built-in default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
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

/// Where the banner sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// A bar along the bottom of the viewport.
    #[default]
    Bar,
    /// A box in the bottom corner.
    Box,
}

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiOptions {
    /// Banner layout.
    pub layout: Layout,
    /// Colour scheme.
    pub theme: Theme,
}
