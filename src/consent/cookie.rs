//! The consent cookie codec: a short, versioned string of RFC 6265 cookie-octets.
//!
//! ```text
//! 1.3.t5k2qz.k3j9x0a2m4p7q8r1.c.necessary+ads+intercom.analytics
//! │ │ │      │                │ │                      └ refused ids, '+'-separated
//! │ │ │      │                │ └ accepted ids, '+'-separated
//! │ │ │      │                └ method: a (accept all), r (reject all), c (custom), then
//! │ │ │      │                  g if Global Privacy Control was honoured, d if Do-Not-Track was
//! │ │ │      └ consent id: 16 to 32 of [0-9a-z]
//! │ │ └ given at: Unix seconds, base 36
//! │ └ manifest revision, decimal
//! └ format version
//! ```
//! Anything else decodes to an error, which the browser treats as "no consent". The same
//! functions run in the browser (wasm) and on a server.

use super::record::{Consent, Honoured, Method};
use crate::manifest::{is_id, CookieSettings, SameSite};
use crate::map::Map;
use crate::number::push_number;
use crate::prelude::*;
use core::fmt;

/// The cookie format this crate writes.
pub const FORMAT: &str = "1";
/// Longest cookie value decoded.
pub const MAX_LEN: usize = 4096;

/// Why a cookie value is not a consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Longer than [`MAX_LEN`].
    TooLong,
    /// Not seven `.`-separated fields.
    Fields(usize),
    /// A format version this crate does not read.
    Version(String),
    /// The revision is not a decimal number.
    Revision,
    /// The timestamp is not base 36.
    Timestamp,
    /// The consent id is not 16 to 32 of `[0-9a-z]`.
    ConsentId,
    /// Unknown method code or signal flags.
    Method,
    /// An id in the decision lists is not a valid id.
    Id(String),
    /// An id is decided twice.
    Duplicate(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooLong => write!(f, "the value is longer than {MAX_LEN} bytes"),
            DecodeError::Fields(n) => write!(f, "expected 7 '.'-separated fields, found {n}"),
            DecodeError::Version(v) => write!(f, "cookie format {v:?} is not supported"),
            DecodeError::Revision => f.write_str("the revision is not a number"),
            DecodeError::Timestamp => f.write_str("the timestamp is not base-36 seconds"),
            DecodeError::ConsentId => f.write_str("the consent id is not 16 to 32 of [0-9a-z]"),
            DecodeError::Method => {
                f.write_str("the method is not one of a, r, c (then optional g, d)")
            }
            DecodeError::Id(id) => write!(f, "{id:?} is not a valid id"),
            DecodeError::Duplicate(id) => write!(f, "{id:?} is decided twice"),
        }
    }
}

impl core::error::Error for DecodeError {}

/// Encodes a consent as the cookie value.
pub fn encode(c: &Consent) -> String {
    let list = |out: &mut String, want: bool| {
        let start = out.len();
        for (id, _) in c.decisions.iter().filter(|(_, &on)| on == want) {
            if out.len() > start {
                out.push('+');
            }
            out.push_str(id);
        }
    };
    let mut out = String::with_capacity(48 + c.decisions.len() * 10);
    out.push_str(FORMAT);
    out.push('.');
    push_number(&mut out, u64::from(c.revision), 10);
    out.push('.');
    push_number(&mut out, c.given_at, 36);
    out.push('.');
    out.push_str(&c.id);
    out.push('.');
    out.push(c.method.code());
    if c.signals.gpc {
        out.push('g');
    }
    if c.signals.dnt {
        out.push('d');
    }
    out.push('.');
    list(&mut out, true);
    out.push('.');
    list(&mut out, false);
    out
}

/// Decodes a cookie value; any deviation from the format is an error.
pub fn decode(value: &str) -> Result<Consent, DecodeError> {
    if value.len() > MAX_LEN {
        return Err(DecodeError::TooLong);
    }
    let fields: Vec<&str> = crate::text::split(value, b'.').collect();
    let [version, revision, time, id, method, accepted, refused] = fields[..] else {
        return Err(DecodeError::Fields(fields.len()));
    };
    if version != FORMAT {
        return Err(DecodeError::Version(head(version, 8)));
    }
    let revision = parse_decimal(revision).ok_or(DecodeError::Revision)?;
    let given_at = from_base36(time).ok_or(DecodeError::Timestamp)?;
    if !is_consent_id(id) {
        return Err(DecodeError::ConsentId);
    }
    let (code, flags) = (
        method.get(..1).unwrap_or(method),
        method.get(1..).unwrap_or(""),
    );
    let method = Method::from_code(code).ok_or(DecodeError::Method)?;
    let signals = match flags {
        "" => Honoured::default(),
        "g" => Honoured {
            gpc: true,
            dnt: false,
        },
        "d" => Honoured {
            gpc: false,
            dnt: true,
        },
        "gd" => Honoured {
            gpc: true,
            dnt: true,
        },
        _ => return Err(DecodeError::Method),
    };
    let mut decisions = Map::new();
    for (list, on) in [(accepted, true), (refused, false)] {
        for item in crate::text::split(list, b'+').filter(|_| !list.is_empty()) {
            if item.is_empty() {
                return Err(DecodeError::Id(String::new()));
            }
            if !is_id(item) {
                return Err(DecodeError::Id(head(item, 64)));
            }
            if decisions.insert(item.to_owned(), on).is_some() {
                return Err(DecodeError::Duplicate(item.to_owned()));
            }
        }
    }
    Ok(Consent {
        revision,
        given_at,
        id: id.to_owned(),
        method,
        decisions,
        signals,
    })
}

/// The first `max` bytes of `s` at most, cut at a character boundary (for error messages).
fn head(s: &str, max: usize) -> String {
    let end = (0..=max.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    s.get(..end).unwrap_or_default().to_owned()
}

/// Whether `id` is a well-formed consent id.
pub fn is_consent_id(id: &str) -> bool {
    (16..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
}

/// Makes a consent id from 16 random bytes.
pub fn consent_id_from(random: &[u8; 16]) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    random
        .iter()
        .map(|b| DIGITS[usize::from(*b) % 36] as char)
        .collect()
}

fn parse_decimal(s: &str) -> Option<u32> {
    if s.is_empty()
        || s.len() > 10
        || (s.len() > 1 && s.starts_with('0'))
        || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    s.parse().ok()
}

fn from_base36(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 12 || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.bytes().try_fold(0u64, |acc, b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'z' => b - b'a' + 10,
            _ => return None,
        };
        acc.checked_mul(36)?.checked_add(u64::from(d))
    })
}

/// Every `(name, value)` in a `Cookie` header or `document.cookie` string; the name is
/// trimmed, the value is not.
pub fn pairs(header: &str) -> impl Iterator<Item = (&str, &str)> {
    // crate::text, not str::split: see there.
    crate::text::split(header, b';')
        .filter_map(|pair| crate::text::split_once(pair, b'=').map(|(k, v)| (k.trim_ascii(), v)))
}

/// The values of every cookie called `name` in a `Cookie` header or `document.cookie` string.
pub fn find<'a>(header: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    pairs(header)
        .filter(move |&(k, _)| k == name)
        .map(|(_, v)| v.trim_ascii())
}

/// The `document.cookie` assignment that stores `value` with the manifest's attributes.
pub fn set_cookie(settings: &CookieSettings, value: &str, secure: bool) -> String {
    let mut s = String::with_capacity(96 + value.len());
    s.push_str(&settings.name);
    s.push('=');
    s.push_str(value);
    s.push_str("; Path=/; Max-Age=");
    push_number(&mut s, u64::from(settings.max_age_days) * 86_400, 10);
    s.push_str("; SameSite=");
    s.push_str(settings.same_site.as_str());
    if let Some(d) = &settings.domain {
        s.push_str("; Domain=");
        s.push_str(d);
    }
    if secure || settings.same_site == SameSite::None {
        s.push_str("; Secure");
    }
    s
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Consent {
        let mut decisions = Map::new();
        decisions.insert("necessary".to_owned(), true);
        decisions.insert("ads".to_owned(), false);
        decisions.insert("intercom".to_owned(), true);
        Consent {
            revision: 3,
            given_at: 1_764_460_800,
            id: "k3j9x0a2m4p7q8r1".to_owned(),
            method: Method::Custom,
            decisions,
            signals: Honoured::default(),
        }
    }

    #[test]
    fn encodes_the_documented_format() {
        assert_eq!(
            encode(&sample()),
            "1.3.t6iio0.k3j9x0a2m4p7q8r1.c.intercom+necessary.ads"
        );
        assert_eq!(decode(&encode(&sample())), Ok(sample()));
        let mut gpc = sample();
        gpc.signals.gpc = true;
        assert_eq!(
            encode(&gpc),
            "1.3.t6iio0.k3j9x0a2m4p7q8r1.cg.intercom+necessary.ads"
        );
        assert_eq!(decode(&encode(&gpc)), Ok(gpc));
    }

    #[test]
    fn value_is_cookie_octets_only() {
        let v = encode(&sample());
        // RFC 6265: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
        assert!(v
            .bytes()
            .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)));
    }

    #[test]
    fn hostile_values_are_refused() {
        let cases: &[(&str, DecodeError)] = &[
            ("", DecodeError::Fields(1)),
            ("garbage", DecodeError::Fields(1)),
            (
                "2.3.t5ksa0.k3j9x0a2m4p7q8r1.c.a.b",
                DecodeError::Version("2".into()),
            ),
            ("1.-3.t5ksa0.k3j9x0a2m4p7q8r1.c.a.b", DecodeError::Revision),
            ("1.03.t5ksa0.k3j9x0a2m4p7q8r1.c.a.b", DecodeError::Revision),
            (
                "1.99999999999.t5ksa0.k3j9x0a2m4p7q8r1.c.a.b",
                DecodeError::Revision,
            ),
            ("1.3.T5KSA0.k3j9x0a2m4p7q8r1.c.a.b", DecodeError::Timestamp),
            (
                "1.3.zzzzzzzzzzzzz.k3j9x0a2m4p7q8r1.c.a.b",
                DecodeError::Timestamp,
            ),
            ("1.3.t5ksa0.short.c.a.b", DecodeError::ConsentId),
            ("1.3.t5ksa0.k3j9x0a2m4p7q8r1.x.a.b", DecodeError::Method),
            ("1.3.t5ksa0.k3j9x0a2m4p7q8r1.adg.a.b", DecodeError::Method),
            ("1.3.t5ksa0.k3j9x0a2m4p7q8r1..a.b", DecodeError::Method),
            (
                "1.3.t5ksa0.k3j9x0a2m4p7q8r1.c.ads+<script>.b",
                DecodeError::Id("<script>".into()),
            ),
            (
                "1.3.t5ksa0.k3j9x0a2m4p7q8r1.c.ads.ads",
                DecodeError::Duplicate("ads".into()),
            ),
            (
                "1.3.t5ksa0.k3j9x0a2m4p7q8r1.c.ads++x.",
                DecodeError::Id(String::new()),
            ),
            (
                "1.3.t5ksa0.k3j9x0a2m4p7q8r1.c.a.b.extra",
                DecodeError::Fields(8),
            ),
        ];
        for (value, err) in cases {
            assert_eq!(decode(value).as_ref(), Err(err), "for {value:?}");
        }
        assert_eq!(decode(&"1".repeat(5000)), Err(DecodeError::TooLong));
    }

    #[test]
    fn finds_cookie_among_others() {
        let h = "a=1; consentry=1.2.x; consentry2=no;consentry=second";
        assert_eq!(
            find(h, "consentry").collect::<Vec<_>>(),
            ["1.2.x", "second"]
        );
        assert_eq!(find("", "consentry").count(), 0);
    }

    #[test]
    fn set_cookie_has_attributes() {
        let mut s = CookieSettings::default();
        assert_eq!(
            set_cookie(&s, "v", false),
            "consentry=v; Path=/; Max-Age=15724800; SameSite=Lax"
        );
        s.domain = Some("example.com".into());
        assert_eq!(
            set_cookie(&s, "v", true),
            "consentry=v; Path=/; Max-Age=15724800; SameSite=Lax; Domain=example.com; Secure"
        );
    }

    proptest! {
        #[test]
        fn decode_never_panics(s in "\\PC{0,200}") {
            let _ = decode(&s);
        }

        #[test]
        fn round_trips(rev in 0u32.., t in 0u64..(1u64 << 50), bits in proptest::collection::vec(any::<bool>(), 0..20), seed in any::<[u8; 16]>()) {
            let decisions = bits.iter().enumerate().map(|(i, b)| (format!("s{i}"), *b)).collect();
            let c = Consent { revision: rev, given_at: t, id: consent_id_from(&seed), method: Method::AcceptAll, decisions, signals: Honoured { gpc: bits.len() % 2 == 0, dnt: t % 2 == 0 } };
            prop_assert_eq!(decode(&encode(&c)), Ok(c));
        }
    }
}
