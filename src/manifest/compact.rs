//! A checked manifest in a compact form, which the small gate reads without the JSON reader.
//!
//! A page view that read and checked a manifest (the first visit's full build, or a returning
//! visit's `check` build) gives the loader [`write()`]'s string to keep in the browser. The next
//! page view passes it back with the manifest text it has fetched; [`read`] returns the model
//! only if it was made from exactly that text (its [`fingerprint`]) by this release, and
//! `None` for anything else (another text, an older format, a damaged string), in which case the
//! loader falls back to the build that reads JSON. Reading this form is a few hundred bytes of
//! code where reading and checking JSON is most of the gate.
//!
//! Format: `c<version>.<fingerprint in hex>.` then each value in field order: a number as decimal
//! digits and `,`; a boolean as a number (0 or 1); a string as its UTF-8 byte length, `,`, its
//! bytes; an option as a boolean then the value; a list or map as its length then its items.

use super::localized::Text;
use super::model::*;
use crate::map::Map;
use crate::prelude::*;

/// The format's version: a string of another version is not read.
const VERSION: &str = "c4.";

/// A 64-bit FNV-1a hash of this crate's version and the manifest text: a form is read only
/// from the text it was made from, and only by the release that wrote it (a release may change
/// the model, and with it what the fields in a form mean).
pub fn fingerprint(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in env!("CARGO_PKG_VERSION")
        .bytes()
        .chain([0])
        .chain(text.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The compact form of `manifest`, read and checked from a text whose [`fingerprint`] is `source`.
pub fn write(manifest: &Manifest, source: u64) -> String {
    let mut w = Writer(String::with_capacity(1024));
    w.0.push_str(VERSION);
    for shift in (0..16).rev() {
        w.0.push(char::from(
            b"0123456789abcdef"[((source >> (shift * 4)) & 15) as usize],
        ));
    }
    w.0.push('.');
    manifest.put(&mut w);
    w.0
}

/// The manifest in `compact`, if it is this format's and was made from `text`.
pub fn read(compact: &str, text: &str) -> Option<Manifest> {
    let rest = compact.strip_prefix(VERSION)?;
    let (hex, body) = (rest.get(..16)?, rest.get(16..)?.strip_prefix('.')?);
    if u64::from_str_radix(hex, 16).ok()? != fingerprint(text) {
        return None;
    }
    let mut r = Reader(body);
    let m = Manifest::take(&mut r)?;
    r.0.is_empty().then_some(m)
}

/// Appends values.
pub(crate) struct Writer(String);

/// Takes values from the front.
pub(crate) struct Reader<'a>(&'a str);

impl Writer {
    /// Appends a number.
    pub(crate) fn number(&mut self, n: usize) {
        crate::number::push_number(&mut self.0, n as u64, 10);
        self.0.push(',');
    }
}

impl Reader<'_> {
    /// Takes a number.
    pub(crate) fn number(&mut self) -> Option<usize> {
        let (digits, rest) = crate::text::split_once(self.0, b',')?;
        if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.0 = rest;
        digits.parse().ok()
    }
}

/// A value with a compact form. The objects' and enums' implementations come from their
/// declarations (`declare.rs`): field by field in declaration order, reading into a blank
/// (`Default`) value, so that a damaged string drops one value, not a cascade of fields, which
/// keeps the small gate's code small.
pub(crate) trait Compact: Sized {
    /// Appends its form.
    fn put(&self, w: &mut Writer);
    /// Takes its form from the front, if it is one.
    fn take(r: &mut Reader) -> Option<Self>;
}

impl Compact for u32 {
    fn put(&self, w: &mut Writer) {
        w.number(*self as usize);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        u32::try_from(r.number()?).ok()
    }
}

impl Compact for bool {
    fn put(&self, w: &mut Writer) {
        w.number(usize::from(*self));
    }
    fn take(r: &mut Reader) -> Option<Self> {
        match r.number()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Compact for String {
    fn put(&self, w: &mut Writer) {
        w.number(self.len());
        w.0.push_str(self);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let len = r.number()?;
        let s = r.0.get(..len)?;
        r.0 = r.0.get(len..)?;
        Some(s.to_owned())
    }
}

impl<T: Compact> Compact for Option<T> {
    fn put(&self, w: &mut Writer) {
        self.is_some().put(w);
        if let Some(v) = self {
            v.put(w);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(if bool::take(r)? {
            Some(T::take(r)?)
        } else {
            None
        })
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.number(self.len());
        for v in self {
            v.put(w);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let n = r.number()?;
        // Each item takes at least two bytes: a damaged length cannot make a huge allocation.
        let mut out = Vec::with_capacity(n.min(r.0.len() / 2));
        for _ in 0..n {
            out.push(T::take(r)?);
        }
        Some(out)
    }
}

impl<A: Compact, B: Compact> Compact for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some((A::take(r)?, B::take(r)?))
    }
}

impl<V: Compact> Compact for Map<String, V> {
    fn put(&self, w: &mut Writer) {
        w.number(self.len());
        for (k, v) in self.iter() {
            k.put(w);
            v.put(w);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let pairs = Vec::<(String, V)>::take(r)?;
        let mut map = Map::new();
        for (k, v) in pairs {
            map.insert(k, v);
        }
        Some(map)
    }
}

impl Compact for Globals {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Vec::take(r).map(Globals)
    }
}

impl Compact for Text {
    fn put(&self, w: &mut Writer) {
        match self {
            Text::One(s) => {
                w.number(0);
                s.put(w);
            }
            Text::ByLanguage(map) => {
                w.number(1);
                map.put(w);
            }
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        match r.number()? {
            0 => Some(Text::One(String::take(r)?)),
            1 => Some(Text::ByLanguage(Map::take(r)?)),
            _ => None,
        }
    }
}

impl Compact for OnRevoke {
    fn put(&self, w: &mut Writer) {
        match self {
            OnRevoke::Reload => w.number(0),
            OnRevoke::Nothing => w.number(1),
            OnRevoke::Call(call) => {
                w.number(2);
                call.put(w);
            }
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        match r.number()? {
            0 => Some(OnRevoke::Reload),
            1 => Some(OnRevoke::Nothing),
            2 => Some(OnRevoke::Call(RevokeCall::take(r)?)),
            _ => None,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::manifest::UiTexts;

    fn examples() -> Vec<(String, String)> {
        let mut out = Vec::new();
        // The committed examples only (www/bench/ is generated by the benchmark, and ignored).
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/manifests");
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                let text = std::fs::read_to_string(&p).unwrap();
                if Manifest::from_json(&text).is_ok() {
                    out.push((p.display().to_string(), text));
                }
            }
        }
        assert!(out.len() >= 3, "example manifests found: {}", out.len());
        out
    }

    /// `m` as the small gate needs it: without what the form leaves out (`skip_form`).
    pub(crate) fn gate_view(m: &Manifest) -> Manifest {
        let mut g = m.clone();
        g.schema = None;
        g.ui = UiOptions::default();
        g.site.policy_url = None;
        for c in &mut g.categories {
            c.description = None;
        }
        for s in &mut g.services {
            s.description = None;
            s.cookies = Vec::new();
            s.on_revoke = OnRevoke::default();
        }
        g.texts = m
            .texts
            .iter()
            .map(|(lang, t)| {
                let embed = ["embed_notice", "load_once", "always_allow"]
                    .iter()
                    .filter_map(|&name| Some((name.to_owned(), t.get(name)?.to_owned())))
                    .collect();
                (lang.clone(), UiTexts(embed))
            })
            .collect();
        g
    }

    #[test]
    fn every_example_manifest_round_trips_what_the_small_gate_reads() {
        for (name, text) in examples() {
            let m = Manifest::from_json(&text).unwrap();
            let c = write(&m, fingerprint(&text));
            assert_eq!(read(&c, &text), Some(gate_view(&m)), "{name}");
            assert!(
                c.len() < text.len(),
                "{name}: {} bytes from {}",
                c.len(),
                text.len()
            );
        }
    }

    #[test]
    fn another_text_or_version_is_not_read() {
        let (_, text) = examples().remove(0);
        let m = Manifest::from_json(&text).unwrap();
        let c = write(&m, fingerprint(&text));
        let edited = text.replacen(' ', "  ", 1);
        assert_eq!(
            read(&c, &edited),
            None,
            "the site owner edited the manifest"
        );
        assert_eq!(read(&c.replacen(VERSION, "c0.", 1), &text), None);
        assert_eq!(read("", &text), None);
    }

    #[test]
    fn a_damaged_string_is_refused_without_panicking() {
        let text = r#"{"version":1,"revision":2,"site":{"name":"Café ünïcode"},
          "categories":[{"id":"necessary","required":true,"title":{"en":"Nécessaire"}}]}"#;
        let m = Manifest::from_json(text).unwrap();
        let c = write(&m, fingerprint(text));
        assert_eq!(read(&c, text), Some(gate_view(&m)));
        for end in 0..c.len() {
            if let Some(cut) = c.get(..end) {
                assert_eq!(read(cut, text), None, "cut at {end}");
            }
        }
        // Every byte changed in turn: refused, or read as some manifest, never a panic.
        for i in 22..c.len() {
            for b in [b'0', b'9', b',', b'x'] {
                let mut bytes = c.clone().into_bytes();
                bytes[i] = b;
                if let Ok(s) = String::from_utf8(bytes) {
                    let _ = read(&s, text);
                }
            }
        }
        let huge = c.replacen("1,", "4294967295,", 1);
        let _ = read(&huge, text);
    }

    #[test]
    fn fingerprints_differ_for_different_texts() {
        assert_ne!(fingerprint("{}"), fingerprint("{ }"));
        assert_ne!(fingerprint(""), fingerprint(" "));
        assert_eq!(fingerprint("{}"), fingerprint("{}"));
    }
}
