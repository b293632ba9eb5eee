//! Google Consent Mode v2 as the manifest declares it: whether it is on, how Google's tags are
//! loaded, and which of Google's seven consent signals each category and service grants.
//!
//! The signals and commands are Google's (developers.google.com/tag-platform/security/guides/consent
//! and /security/concepts/consent-mode): `gtag('consent', 'default', …)` before any Google tag
//! runs, `gtag('consent', 'update', …)` once the visitor's choice is known.

use super::compact::{Compact, Reader, Writer};
use super::declare::{json_enum, object};
use super::decode::{Decode, Decoder};
use super::json::Node;
use super::model::{Category, Manifest};
use super::schema::{Encode, Json, Type, Typed};
use super::{Path, Report};
use crate::prelude::*;

json_enum! {
    /// One of Google Consent Mode's seven consent types.
    pub enum GoogleSignal {
        /// Storage (such as cookies) for advertising.
        AdStorage = "ad_storage",
        /// Sending user data to Google for online advertising.
        AdUserData = "ad_user_data",
        /// Personalised advertising.
        AdPersonalization = "ad_personalization",
        /// Storage (such as cookies) for analytics, like visit duration.
        AnalyticsStorage = "analytics_storage",
        /// Storage that supports the site's functions, like language settings.
        FunctionalityStorage = "functionality_storage",
        /// Storage for personalisation, like video recommendations.
        PersonalizationStorage = "personalization_storage",
        /// Storage for security: authentication, fraud prevention, protection of users.
        SecurityStorage = "security_storage",
    }
}

json_enum! {
    /// How Google's tags are loaded under Consent Mode.
    pub enum GoogleMode {
        /// Google's tags are gated like any other: none loads before its category is accepted.
        Basic = "basic",
        /// Google's tags load at once and send cookieless pings until consent; the page pastes
        /// `consentry snippet`'s default above them.
        Advanced = "advanced",
    }
}

/// Shortest `wait_for_update` accepted, in milliseconds: Consentry's own update needs the
/// loader and its gate, which take longer than that on a slow phone.
pub const MIN_WAIT_FOR_UPDATE: u32 = 100;
/// Longest `wait_for_update` accepted, in milliseconds.
pub const MAX_WAIT_FOR_UPDATE: u32 = 10_000;

object! {
    /// Google Consent Mode v2: Consentry tells Google's tags (gtag.js, Google Tag Manager) what
    /// the visitor chose. Left out or `null`, nothing is pushed to `dataLayer`.
    #[object("google_consent_mode")]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GoogleConsentMode {
        /// `"basic"`: Google's tags are gated like any other (`data-consent`, or a service's
        /// `scripts`) and load only with consent. `"advanced"`: the page loads them at once, after
        /// the inline default that `consentry snippet` prints, and they send cookieless pings
        /// until consent.
        mode: GoogleMode = "mode", default(GoogleMode::Basic);
        /// How long Google's tags wait for Consentry's update before sending, in milliseconds:
        /// 100 to 10000.
        wait_for_update: u32 = "wait_for_update", default(500)
            => Type::Integer { minimum: MIN_WAIT_FOR_UPDATE as u64, maximum: MAX_WAIT_FOR_UPDATE as u64 };
        /// Where the denied default applies, as ISO 3166-1 alpha-2 country codes (`"DE"`) or ISO
        /// 3166-2 subdivision codes (`"US-CA"`). Empty: everywhere. Outside the listed regions
        /// Google's tags get no default and behave as granted until a choice is made.
        regions: Vec<String> = "regions", default(Vec::new()) => super::schema::REGION_CODES;
        /// Redact ad click identifiers in requests while `ad_storage` is denied.
        ads_data_redaction: bool = "ads_data_redaction", default(true);
        /// Pass ad click information through URLs while storage is denied.
        url_passthrough: bool = "url_passthrough", default(false);
    }
}

/// The Google signals a category or service grants: one bit per [`GoogleSignal::ALL`]
/// position. JSON writes it as a list of signal names; the compact form as one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Grants(pub u8);

impl Grants {
    /// Grants of exactly `signals`.
    pub fn of(signals: &[GoogleSignal]) -> Grants {
        Grants(signals.iter().fold(0, |m, s| m | 1 << (*s as u8)))
    }

    /// Whether `signal` is granted.
    pub fn has(self, signal: GoogleSignal) -> bool {
        self.0 & (1 << (signal as u8)) != 0
    }
}

impl Typed for Grants {
    const TYPE: Type = <Vec<GoogleSignal> as Typed>::TYPE;
}

impl Decode for Grants {
    const EXPECTED: &'static str = "an array of Google Consent Mode signals";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        Vec::<GoogleSignal>::decode(d, node, path).map(|v| Grants::of(&v))
    }
}

impl Compact for Grants {
    fn put(&self, w: &mut Writer) {
        w.number(usize::from(self.0));
    }
    fn take(r: &mut Reader) -> Option<Self> {
        u8::try_from(r.number()?).ok().map(Grants)
    }
}

impl Encode for Grants {
    fn encode(&self) -> Json {
        let on = GoogleSignal::ALL.iter().filter(|s| self.has(**s));
        Json::Arr(on.map(|s| Json::str(s.name())).collect())
    }
}

/// The signals a category grants when its `consent_mode` is left out: what its id usually
/// means (documented in docs/google-consent-mode.md). A required category grants the
/// functionality and security storage that strictly necessary cookies are.
pub fn default_grants(c: &Category) -> Grants {
    use GoogleSignal::*;
    let id = c.id.as_str();
    let any = |names: &[&str]| names.contains(&id);
    Grants::of(if c.required {
        &[FunctionalityStorage, SecurityStorage]
    } else if any(&[
        "analytics",
        "statistics",
        "stats",
        "measurement",
        "performance",
    ]) {
        &[AnalyticsStorage]
    } else if any(&["ads", "advertising", "marketing", "targeting", "ad"]) {
        &[AdStorage, AdUserData, AdPersonalization]
    } else if any(&[
        "functional",
        "functionality",
        "preferences",
        "personalization",
        "personalisation",
    ]) {
        &[FunctionalityStorage, PersonalizationStorage]
    } else {
        &[]
    })
}

/// Fills in every `consent_mode` left out, when the manifest is read: a category's by its id
/// ([`default_grants`]), a service's as its category's. The gates then need no defaults.
pub(super) fn fill_in_grants(mut m: Manifest) -> Manifest {
    for c in &mut m.categories {
        c.consent_mode = c.consent_mode.or_else(|| Some(default_grants(c)));
    }
    for i in 0..m.services.len() {
        if m.services[i].consent_mode.is_none() {
            let category = m.category(&m.services[i].category);
            m.services[i].consent_mode = category.and_then(|c| c.consent_mode);
        }
    }
    m
}

/// ISO 3166-1 alpha-2 codes officially assigned, as one string of pairs (249 codes).
const COUNTRIES: &str = concat!(
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ",
    "CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFO",
    "FRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJE",
    "JMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMO",
    "MPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPW",
    "PYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTM",
    "TNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW",
);

/// Whether `code` is an ISO 3166-1 alpha-2 country code that is assigned (not `EU` or `UK`,
/// which are only reserved), or an ISO 3166-2 subdivision of one (`US-CA`).
pub fn is_region(code: &str) -> bool {
    let (country, subdivision) = match crate::text::split_once(code, b'-') {
        Some((c, s)) => (c, Some(s)),
        None => (code, None),
    };
    let assigned = country.len() == 2
        && COUNTRIES
            .as_bytes()
            .chunks(2)
            .any(|pair| pair == country.as_bytes());
    assigned
        && subdivision.is_none_or(|s| {
            (1..=3).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// How to fix `code`, which [`is_region`] refuses.
pub fn region_help(code: &str) -> &'static str {
    let country = crate::text::split(code, b'-').next().unwrap_or(code);
    if country == "EU" {
        "\"EU\" is reserved in ISO 3166, not a country: list the member states (\"AT\", \"BE\", \"BG\", … \"SE\")"
    } else if code.eq_ignore_ascii_case("EEA") {
        "the EEA is not a country: list its countries (\"AT\", \"BE\", … \"IS\", \"LI\", \"NO\")"
    } else if country == "UK" {
        "the United Kingdom's code is \"GB\""
    } else if country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && code.len() == 2
    {
        "not an assigned ISO 3166-1 alpha-2 country code"
    } else {
        "use an uppercase ISO 3166-1 alpha-2 country code like \"DE\", or a subdivision like \"US-CA\" (the country, '-', 1 to 3 letters or digits)"
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn regions_are_iso_codes() {
        for ok in ["DE", "FR", "US-CA", "ES-MD", "GB", "CN-11"] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in [
            "EU", "UK", "de", "EEA", "XX", "DEU", "US-", "US-CALI", "us-CA", "",
        ] {
            assert!(!is_region(bad), "{bad}");
        }
        assert!(region_help("EU").contains("member states"));
        assert!(region_help("UK").contains("GB"));
        assert!(region_help("XX").contains("not an assigned"));
        assert!(region_help("us-CA").contains("uppercase"));
        assert_eq!(COUNTRIES.len(), 249 * 2);
    }

    #[test]
    fn grants_have_one_bit_per_signal() {
        assert_eq!(Grants::of(GoogleSignal::ALL), Grants(0b111_1111));
        let two = Grants::of(&[GoogleSignal::AdStorage, GoogleSignal::SecurityStorage]);
        assert_eq!(two, Grants(0b100_0001));
        assert!(two.has(GoogleSignal::SecurityStorage) && !two.has(GoogleSignal::AdUserData));
    }
}
