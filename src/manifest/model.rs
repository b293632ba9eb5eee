//! The manifest's data model, as the site owner writes it in JSON: each object declared once.
//!
//! Every row below is a field with its JSON name, presence, default and the description editors
//! show; [`super::declare::object`] derives the rest from it (decoding, the compact form, the
//! JSON Schema and the field tables of `docs/manifest.md`). The interface texts are declared
//! with their built-in wordings in `interface_texts.rs`.

use super::declare::{json_enum, object};
use super::google::{GoogleConsentMode, Grants};
use super::interface_texts::UiTexts;
use super::localized::Text;
use super::schema::{self, Type};
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

object! {
    /// A Consentry manifest (format version 1): the site's consent policy, which categories and
    /// services visitors decide on, and how their answer is kept.
    #[object("manifest")]
    #[derive(Debug, Clone, PartialEq)]
    pub struct Manifest {
        /// Where editors find the JSON Schema, usually `"./manifest.schema.json"`. Consentry
        /// ignores it.
        schema: Option<String> = "$schema", nullable, skip_form;
        /// The manifest format: always `1`.
        version: u32 = "version", required => Type::Const(FORMAT_VERSION as u64);
        /// The policy's revision, from 1. Raise it whenever every visitor must be asked again: a
        /// consent given under another revision no longer counts.
        revision: u32 = "revision", required
            => Type::Integer { minimum: 1, maximum: u32::MAX as u64 };
        /// Who asks for consent.
        site: Site = "site", required;
        /// How the visitor's answer is stored in the consent cookie.
        cookie: CookieSettings = "cookie", default(CookieSettings::default());
        /// The languages texts are given in, and the default one every text must exist in.
        languages: Languages = "languages", default(Languages::default());
        /// Which browser privacy signals the site honours.
        signals: Signals = "signals", default(Signals::default());
        /// Google Consent Mode v2: tell Google's tags (gtag.js, Tag Manager) what the visitor
        /// chose. Left out or `null`, Consentry pushes nothing to `dataLayer`.
        google_consent_mode: Option<GoogleConsentMode> = "google_consent_mode", nullable;
        /// The purposes visitors accept or refuse, in display order. At least one of them must be
        /// `required` (strictly necessary).
        categories: Vec<Category> = "categories", required => Type::Array {
            items: &Type::Object("category"),
            min_items: 1,
            one_with: Some("required"),
        };
        /// Third parties and tools, each in one category and shown inside it. A visitor may decide
        /// on a service alone.
        services: Vec<Service> = "services", default(Vec::new());
        /// The banner's and panel's own texts, by language tag; each one left out uses the
        /// manifest's default language, then Consentry's built-in English or French.
        texts: Map<String, UiTexts> = "texts", default(Map::new());
        /// Where the banner sits and which colours it uses.
        ui: UiOptions = "ui", default(UiOptions::default()), skip_form;
    }
    finish = super::google::fill_in_grants;
}

object! {
    /// The site or company asking for consent.
    #[object("site")]
    #[derive(Debug, Clone, PartialEq)]
    pub struct Site {
        /// The site's or company's name, shown to visitors. Must not be blank.
        name: String = "name", required => schema::NOT_BLANK;
        /// The privacy or cookie policy, linked from the banner and the panel: an absolute http(s)
        /// URL or a path from the site's root.
        policy_url: Option<String> = "policy_url", nullable => schema::URL, skip_form;
    }
}

json_enum! {
    /// The consent cookie's `SameSite` attribute.
    pub enum SameSite {
        /// `SameSite=Lax`.
        Lax = "lax",
        /// `SameSite=Strict`.
        Strict = "strict",
        /// `SameSite=None` (always with `Secure`).
        None = "none",
    }
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

object! {
    /// How the consent cookie is written: a first-party cookie with Path=/, Secure on https.
    #[object("cookie")]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CookieSettings {
        /// The cookie's name: 1 to 64 letters, digits or ``!#$%&'*+-.^_`|~``.
        name: String = "name", default(DEFAULT_COOKIE_NAME.to_owned()) => schema::COOKIE_NAME;
        /// How many days a consent is kept (the cookie's `Max-Age`) before visitors are asked
        /// again: 1 to 395 (13 months).
        max_age_days: u32 = "max_age_days", default(DEFAULT_MAX_AGE_DAYS)
            => Type::Integer { minimum: 1, maximum: MAX_MAX_AGE_DAYS as u64 };
        /// The cookie's `Domain`, to share one consent across subdomains: `"example.com"` covers
        /// `www.example.com` and `shop.example.com`. `null` keeps it to the host that set it. Needs
        /// at least two labels (`example.com`, not `localhost`); a leading dot is allowed.
        domain: Option<String> = "domain", nullable => schema::DOMAIN;
        /// The cookie's `SameSite` attribute; `"none"` always adds `Secure`.
        same_site: SameSite = "same_site", default(SameSite::Lax);
    }
}

object! {
    /// The languages visitors may see texts in; the visitor's browser languages pick one, else
    /// the default.
    #[object("languages")]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Languages {
        /// The language every text must be given in, and the fallback for texts missing in another
        /// language.
        default: String = "default", default("en".to_owned()) => schema::LANGUAGE_TAG;
        /// Every language offered, the default included. Left out or empty, the default language
        /// alone.
        available: Vec<String> = "available", default(vec!["en".to_owned()])
            => schema::LANGUAGE_TAGS;
    }
    finish = Languages::with_default_available;
}

impl Languages {
    /// Left out or empty, `available` is the default language alone.
    fn with_default_available(mut self) -> Self {
        if self.available.is_empty() {
            self.available = vec![self.default.clone()];
        }
        self
    }
}

object! {
    /// Browser privacy signals the site honours: a visitor who sends one is opted out of the
    /// categories it covers until they opt in themselves.
    #[object("signals")]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Signals {
        /// Honour Global Privacy Control (`navigator.globalPrivacyControl`): a visitor whose
        /// browser sends it starts with every category marked `sale_or_sharing` or `tracking`
        /// refused; "Accept all" leaves them out; the banner says so; the cookie records it (`g`).
        gpc: bool = "gpc", default(false);
        /// Honour Do-Not-Track (`navigator.doNotTrack`): the same, for a browser that sends `DNT:
        /// 1` (recorded as `d`).
        dnt: bool = "dnt", default(false);
    }
}

object! {
    /// A purpose the visitor accepts or refuses as a whole, with the services in it.
    #[object("category")]
    #[derive(Debug, Clone, PartialEq)]
    pub struct Category {
        /// What page markup (`data-consent="…"`), the JavaScript API and the cookie call it: 1 to
        /// 64 lowercase letters, digits, `-` or `_`, starting with a letter or digit. Unique among
        /// categories and services.
        id: String = "id", required => schema::ID;
        /// Always on and cannot be refused: strictly necessary cookies. At least one category must
        /// be required.
        required: bool = "required", default(false);
        /// The category's name, the label of its toggle.
        title: Text = "title", required [text];
        /// What it is for, in the policy's own words.
        description: Option<Text> = "description", nullable [text], skip_form;
        /// It sells or shares personal data: an honoured privacy signal (GPC or DNT, see `signals`)
        /// opts visitors out of it.
        sale_or_sharing: bool = "sale_or_sharing", default(false);
        /// It tracks visitors: an honoured privacy signal (GPC or DNT, see `signals`) opts visitors
        /// out of it.
        tracking: bool = "tracking", default(false);
        /// The Google Consent Mode signals it grants once accepted (see `google_consent_mode`).
        /// Left out: by its id (`analytics` grants `analytics_storage`; `ads` or `marketing` the
        /// three ad signals; `functional` or `preferences` functionality and personalisation
        /// storage; a required category functionality and security storage); `[]` grants none.
        consent_mode: Option<Grants> = "consent_mode", nullable;
    }
    // Unknown: count it as required, so that "no category is required" is not reported
    // because of a category that could not be read.
    stand_in = Category { required: true, ..Category::default() };
}

object! {
    /// A third party or tool that runs only with consent for it or for its category.
    #[object("service")]
    #[derive(Debug, Clone, PartialEq)]
    pub struct Service {
        /// What page markup (`data-consent="…"`), the JavaScript API and the cookie call it: an id
        /// as for categories, unique among categories and services.
        id: String = "id", required => schema::ID;
        /// A service of Consentry's catalog (`"ga4"`, `"youtube"`, see `docs/catalog.md`): its
        /// title, provider, policy URL, description, cookies, hosts and Consent Mode signals are
        /// filled in, and every field given here replaces the catalog's.
        preset: Option<String> = "preset", absent => schema::PRESET_NAME, skip_form;
        /// The id of the category it belongs to; must be one of `categories`.
        category: String = "category", required => schema::ID;
        /// Its name, shown to visitors.
        title: Text = "title", required [text];
        /// What it does with the visitor's data.
        description: Option<Text> = "description", nullable [text], skip_form;
        /// Who runs it (the company), shown to visitors and on embed placeholders.
        provider: Option<String> = "provider", nullable;
        /// The provider's privacy policy: an absolute http(s) URL or a path from the site's root.
        policy_url: Option<String> = "policy_url", nullable => schema::URL;
        /// The cookies it sets, listed to visitors and deleted on withdrawal: exact names
        /// (`"_ga"`) or patterns with `*` wildcards (`"intercom-id-*"`), made of cookie-name
        /// characters (`"*"` alone is refused), each alone or with its lifetime
        /// (`{"name": "_ga", "max_age_days": 730}`), which the panel shows.
        cookies: Vec<ServiceCookie> = "cookies", default(Vec::new()), skip_form;
        /// The hosts it contacts (`"www.google-analytics.com"`, `"*.intercom.io"`), shown to
        /// visitors as where their data goes.
        hosts: Vec<String> = "hosts", default(Vec::new()) => schema::HOSTS, skip_form;
        /// Scripts Consentry injects once the service is accepted, so the page needs no markup for
        /// it.
        scripts: Vec<ScriptSpec> = "scripts", default(Vec::new());
        /// Globals set on `window` before its scripts run, by name, such as an Intercom-style
        /// settings object (`{"intercomSettings": {"app_id": "…"}}`). Names are plain JavaScript
        /// identifiers; built-ins (`window`, `document`, `location`, `consentry`, …) are refused.
        globals: Globals = "globals", default(Globals::default());
        /// How its iframes are recognised: prefixes of their addresses
        /// (`"https://www.youtube.com/embed/"`). A gated iframe with an empty `data-consent`
        /// whose `data-src` starts with one is this service's, and gets its placeholder.
        embeds: Vec<String> = "embeds", default(Vec::new()) => schema::EMBED_PREFIXES;
        /// What a placeholder for its gated iframes says before the visitor loads them; `{service}`
        /// and `{provider}` are filled in. Without it, the interface text `embed_notice`.
        embed: Option<Text> = "embed", nullable [text];
        /// What happens when consent for it is withdrawn: `"reload"` the page so its script is
        /// gone, `"nothing"` (new page views will not run it), or call a function its script
        /// defines.
        on_revoke: OnRevoke = "on_revoke", default(OnRevoke::Reload), skip_form;
        /// The Google Consent Mode signals it grants once accepted, alone or with its category
        /// (see `google_consent_mode`). Left out: its category's.
        consent_mode: Option<Grants> = "consent_mode", nullable;
    }
}

object! {
    /// A cookie a service sets, with how long it lives.
    #[object("service_cookie")]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CookieInfo {
        /// Its name, or a pattern with `*` wildcards.
        name: String = "name", required => schema::COOKIE_PATTERN;
        /// How many days it lives, as its provider documents it; `0` for a cookie that lives
        /// less than a day or until the browser closes.
        max_age_days: Option<u32> = "max_age_days", nullable => schema::COOKIE_LIFETIME;
    }
}

/// One of a service's cookies: its name or pattern alone (`"_ga"`), or with its lifetime.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceCookie(pub CookieInfo);

impl ServiceCookie {
    /// Its name or pattern.
    pub fn name(&self) -> &str {
        &self.0.name
    }
}

impl From<&str> for ServiceCookie {
    fn from(name: &str) -> Self {
        ServiceCookie(CookieInfo {
            name: name.into(),
            max_age_days: None,
        })
    }
}

/// A service's globals, by name, each value as the JSON text the loader assigns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Globals(pub Vec<(String, String)>);

object! {
    /// A script injected for a service once it is accepted.
    #[object("script")]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ScriptSpec {
        /// The script's URL: an absolute http(s) URL or a path from the site's root.
        src: String = "src", required => schema::URL;
        /// Load it with `async`, without keeping the order of other scripts.
        is_async: bool = "async", default(false);
    }
}

/// What to do when a service's consent is withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OnRevoke {
    /// Reload the page so the script is gone (default).
    #[default]
    Reload,
    /// Leave the page as it is; new page views will not run it.
    Nothing,
    /// Call a function the service's script defines.
    Call(RevokeCall),
}

impl OnRevoke {
    /// The JSON names of the variants written as a string, in order.
    pub const NAMES: &'static [&'static str] = &["reload", "nothing"];
}

object! {
    /// A function of the service's script to call when consent is withdrawn, like {"call":
    /// "Intercom", "args": ["shutdown"]}.
    #[object("on_revoke_call")]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RevokeCall {
        /// A function reached from `window` by dotted identifiers: `"Intercom"`,
        /// `"myChat.shutdown"`.
        function: String = "call", required => schema::FUNCTION;
        /// String arguments to pass it: `{"call": "Intercom", "args": ["shutdown"]}` runs
        /// `Intercom("shutdown")`.
        args: Vec<String> = "args", default(Vec::new());
    }
}

json_enum! {
    /// Where the banner sits.
    pub enum Layout {
        /// A bar along the bottom of the viewport.
        Bar = "bar",
        /// A box in the bottom corner.
        Box = "box",
    }
}

json_enum! {
    /// Colour scheme.
    pub enum Theme {
        /// Follow `prefers-color-scheme`.
        Auto = "auto",
        /// Always light.
        Light = "light",
        /// Always dark.
        Dark = "dark",
    }
}

object! {
    /// Presentation options.
    #[object("ui")]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct UiOptions {
        /// Where the banner sits: a `"bar"` along the bottom of the viewport, or a `"box"` in the
        /// bottom corner.
        layout: Layout = "layout", default(Layout::Bar);
        /// The colour scheme; `"auto"` follows the visitor's `prefers-color-scheme`.
        theme: Theme = "theme", default(Theme::Auto);
    }
}
