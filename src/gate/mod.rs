//! The pure gating decision: may a `data-consent="…"` element or a manifest script run?

use crate::consent::Consent;
use crate::manifest::Manifest;

/// The verdict for one gated element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Consent covers it: activate.
    Run = 0,
    /// Not (yet) consented: keep it inert.
    Wait = 1,
    /// Names no category or service of the manifest: never runs.
    Unknown = 2,
}

/// Decides an element gated by `data-consent="<ids>"`.
///
/// The attribute holds one id, or several separated by spaces, all of which must be accepted.
/// Without a usable consent only required ids run.
pub fn decide(manifest: &Manifest, consent: Option<&Consent>, data_consent: &str) -> Verdict {
    let mut ids = data_consent.split_ascii_whitespace().peekable();
    if ids.peek().is_none() {
        return Verdict::Unknown;
    }
    let mut verdict = Verdict::Run;
    for id in ids {
        if manifest.category(id).is_none() && manifest.service(id).is_none() {
            return Verdict::Unknown;
        }
        let ok = match consent {
            Some(c) => c.allows(manifest, id),
            None => manifest.is_required(id),
        };
        if !ok {
            verdict = Verdict::Wait;
        }
    }
    verdict
}

/// The ids of services whose manifest scripts may be injected under `consent`.
pub fn services_to_inject<'a>(
    manifest: &'a Manifest,
    consent: Option<&'a Consent>,
) -> impl Iterator<Item = &'a str> + 'a {
    manifest
        .services
        .iter()
        .filter(|s| !s.scripts.is_empty())
        .filter(move |s| decide(manifest, consent, &s.id) == Verdict::Run)
        .map(|s| s.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choice, Consent};
    use crate::map::Set;

    fn manifest() -> Manifest {
        Manifest::from_json(
            r#"{"version":1,"revision":1,"site":{"name":"t"},
            "categories":[{"id":"necessary","required":true,"title":"N"},{"id":"ads","title":"A"},{"id":"support","title":"S"}],
            "services":[{"id":"chat","category":"support","title":"C","scripts":[{"src":"https://chat.example/w.js"}]},
                        {"id":"status","category":"necessary","title":"St","scripts":[{"src":"/status.js"}]}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn nothing_but_required_runs_without_consent() {
        let m = manifest();
        assert_eq!(decide(&m, None, "ads"), Verdict::Wait);
        assert_eq!(decide(&m, None, "chat"), Verdict::Wait);
        assert_eq!(decide(&m, None, "necessary"), Verdict::Run);
        assert_eq!(decide(&m, None, "status"), Verdict::Run);
        assert_eq!(decide(&m, None, "nope"), Verdict::Unknown);
        assert_eq!(decide(&m, None, "  "), Verdict::Unknown);
        assert_eq!(services_to_inject(&m, None).collect::<Vec<_>>(), ["status"]);
    }

    #[test]
    fn consent_decides_each_id_and_all_must_hold() {
        let m = manifest();
        let set: Set<String> = ["support".to_owned(), "chat".to_owned()].into();
        let c = Consent::from_choice(&m, &Choice::Custom(set), 1, "x".into());
        assert_eq!(decide(&m, Some(&c), "chat"), Verdict::Run);
        assert_eq!(decide(&m, Some(&c), "ads"), Verdict::Wait);
        assert_eq!(decide(&m, Some(&c), "chat ads"), Verdict::Wait);
        assert_eq!(decide(&m, Some(&c), "chat support"), Verdict::Run);
        assert_eq!(decide(&m, Some(&c), "chat typo"), Verdict::Unknown);
        assert_eq!(
            services_to_inject(&m, Some(&c)).collect::<Vec<_>>(),
            ["chat", "status"]
        );
    }
}
