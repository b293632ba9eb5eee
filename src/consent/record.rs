//! The consent record: who decided what, when, under which revision of the policy.

use crate::manifest::Manifest;
use crate::map::{Map, Set};
use crate::prelude::*;

/// How a consent was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// "Accept all".
    AcceptAll,
    /// "Reject all".
    RejectAll,
    /// A choice made per category or service.
    Custom,
}

impl Method {
    /// One-letter code used in the cookie.
    pub fn code(self) -> char {
        match self {
            Method::AcceptAll => 'a',
            Method::RejectAll => 'r',
            Method::Custom => 'c',
        }
    }

    /// The method for a cookie code.
    pub fn from_code(c: &str) -> Option<Method> {
        match c {
            "a" => Some(Method::AcceptAll),
            "r" => Some(Method::RejectAll),
            "c" => Some(Method::Custom),
            _ => None,
        }
    }

    /// Name used in the JS API (`"accept-all"`, `"reject-all"`, `"custom"`).
    pub fn name(self) -> &'static str {
        match self {
            Method::AcceptAll => "accept-all",
            Method::RejectAll => "reject-all",
            Method::Custom => "custom",
        }
    }
}

/// Browser privacy signals that were present and that the manifest honours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Honoured {
    /// Global Privacy Control was sent and the manifest honours it.
    pub gpc: bool,
    /// Do-Not-Track was sent and the manifest honours it.
    pub dnt: bool,
}

impl Honoured {
    /// The signals honoured under `manifest`, given what the browser sends.
    pub fn from_browser(manifest: &Manifest, gpc: bool, dnt: bool) -> Honoured {
        Honoured {
            gpc: gpc && manifest.signals.gpc,
            dnt: dnt && manifest.signals.dnt,
        }
    }

    /// Whether any signal is honoured.
    pub fn any(self) -> bool {
        self.gpc || self.dnt
    }

    /// The category and service ids these signals opt the visitor out of: with either signal
    /// honoured, every category marked `sale_or_sharing` or `tracking` (never required ones).
    pub fn opted_out(self, manifest: &Manifest) -> Vec<&str> {
        let mut out = Vec::new();
        if !self.any() {
            return out;
        }
        for c in &manifest.categories {
            if !c.required && (c.sale_or_sharing || c.tracking) {
                out.push(c.id.as_str());
                out.extend(manifest.services_in(&c.id).map(|s| s.id.as_str()));
            }
        }
        out
    }
}

/// What the visitor chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Everything.
    AcceptAll,
    /// Only what is required.
    RejectAll,
    /// These category and service ids; a category brings its services along, and required
    /// ones are always added.
    Custom(Set<String>),
}

/// A visitor's recorded decision for every category and service of one manifest revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// The manifest revision it answers.
    pub revision: u32,
    /// When it was given, in seconds since the Unix epoch.
    pub given_at: u64,
    /// Random proof-of-consent id (lowercase letters and digits).
    pub id: String,
    /// How it was given.
    pub method: Method,
    /// Accepted (`true`) or refused (`false`), by category or service id.
    pub decisions: Map<String, bool>,
    /// The browser privacy signals honoured when it was given.
    pub signals: Honoured,
}

/// Whether a stored consent still answers the current manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It holds; no need to ask.
    Valid,
    /// It holds for what it covers, but the manifest has ids it does not decide: ask again,
    /// keeping what was decided (undecided ids stay refused meanwhile).
    Incomplete,
    /// Given for another revision of the policy: no consent.
    RevisionChanged,
    /// Older than the manifest's `max_age_days`: no consent.
    Expired,
    /// Dated in the future (tampered, or a broken clock): no consent.
    FromFuture,
}

impl Status {
    /// Whether gated things may run on the record's decisions.
    pub fn is_usable(self) -> bool {
        matches!(self, Status::Valid | Status::Incomplete)
    }
    /// Whether the visitor must be asked.
    pub fn must_ask(self) -> bool {
        self != Status::Valid
    }
}

/// Clock skew tolerated before a record counts as dated in the future.
const FUTURE_TOLERANCE_SECS: u64 = 24 * 3600;

impl Consent {
    /// Records `choice` under `manifest`, deciding every category and service.
    pub fn from_choice(manifest: &Manifest, choice: &Choice, now: u64, id: String) -> Consent {
        let method = match choice {
            Choice::AcceptAll => Method::AcceptAll,
            Choice::RejectAll => Method::RejectAll,
            Choice::Custom(_) => Method::Custom,
        };
        let mut decisions = Map::new();
        for (i, required) in manifest.ids_required() {
            let on = required
                || match choice {
                    Choice::AcceptAll => true,
                    Choice::RejectAll => false,
                    Choice::Custom(set) => {
                        set.contains(i)
                            || manifest
                                .service(i)
                                .is_some_and(|s| set.contains(&s.category))
                    }
                };
            decisions.insert(i.to_owned(), on);
        }
        Consent {
            revision: manifest.revision,
            given_at: now,
            id,
            method,
            decisions,
            signals: Honoured::default(),
        }
    }

    /// Records the honoured privacy signals. "Accept all" then leaves out what they opt out of;
    /// a choice made toggle by toggle is the visitor's own and stays as made.
    #[must_use]
    pub fn with_signals(mut self, manifest: &Manifest, honoured: Honoured) -> Consent {
        self.signals = honoured;
        if self.method == Method::AcceptAll {
            for id in honoured.opted_out(manifest) {
                self.decisions.insert(id.to_owned(), false);
            }
        }
        self
    }

    /// Whether this record still answers `manifest` at time `now` (seconds).
    pub fn status(&self, manifest: &Manifest, now: u64) -> Status {
        if self.revision != manifest.revision {
            Status::RevisionChanged
        } else if self.given_at > now.saturating_add(FUTURE_TOLERANCE_SECS) {
            Status::FromFuture
        } else if now.saturating_sub(self.given_at)
            > u64::from(manifest.cookie.max_age_days) * 86_400
        {
            Status::Expired
        } else if manifest.ids().any(|i| !self.decisions.contains_key(i)) {
            Status::Incomplete
        } else {
            Status::Valid
        }
    }

    /// Whether `id` (category or service) is accepted; required ones always are.
    pub fn allows(&self, manifest: &Manifest, id: &str) -> bool {
        self.decisions.get(id) == Some(&true) || manifest.is_required(id)
    }

    /// [`Consent::allows`] for an id whose `required` is known (see [`Manifest::ids_required`]).
    pub fn allows_id(&self, id: &str, required: bool) -> bool {
        required || self.decisions.get(id) == Some(&true)
    }

    /// The ids whose decision differs between `before` and `self` (accepted or withdrawn).
    pub fn changed_since(&self, manifest: &Manifest, before: Option<&Consent>) -> Vec<String> {
        manifest
            .ids_required()
            .filter(|&(i, required)| {
                let was = before.map_or(required, |b| b.allows_id(i, required));
                self.allows_id(i, required) != was
            })
            .map(|(i, _)| i.to_owned())
            .collect()
    }
}

/// Toggle state while the visitor edits the preferences panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    on: Set<String>,
}

impl Selection {
    /// Starts from these ids (unknown ones ignored); required ids are always on.
    pub fn from_ids<S: AsRef<str>>(manifest: &Manifest, ids: &[S]) -> Selection {
        let given: Set<&str> = ids.iter().map(AsRef::as_ref).collect();
        let on = manifest
            .ids_required()
            .filter(|&(i, required)| required || given.contains(i))
            .map(|(i, _)| i.to_owned())
            .collect();
        Selection { on }
    }

    /// Whether `id` is on.
    pub fn is_on(&self, id: &str) -> bool {
        self.on.contains(id)
    }

    /// Turns a category (and all its services) or a single service on or off. Required ids stay
    /// on. A category is on when all its services are.
    pub fn set(&mut self, manifest: &Manifest, id: &str, on: bool) {
        let mut apply = |i: &str, on: bool| {
            if on || manifest.is_required(i) {
                self.on.insert(i.to_owned());
            } else {
                self.on.remove(i);
            }
        };
        if manifest.category(id).is_some() {
            apply(id, on);
            for s in manifest.services_in(id) {
                apply(&s.id, on);
            }
        } else if let Some(service) = manifest.service(id) {
            apply(id, on);
            let all = manifest
                .services_in(&service.category)
                .all(|s| self.on.contains(&s.id));
            let category = service.category.clone();
            if all {
                self.on.insert(category);
            } else if !manifest.is_required(&category) {
                self.on.remove(&category);
            }
        }
    }

    /// The choice this selection makes.
    pub fn choice(&self) -> Choice {
        Choice::Custom(self.on.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest::from_json(
            r#"{"version":1,"revision":2,"site":{"name":"t"},
            "categories":[{"id":"necessary","required":true,"title":"N"},{"id":"ads","title":"A"},{"id":"support","title":"S"}],
            "services":[{"id":"adnet","category":"ads","title":"X"},{"id":"chat","category":"support","title":"C"},{"id":"search","category":"support","title":"Q"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn accept_and_reject_all_decide_everything() {
        let m = manifest();
        let all = Consent::from_choice(&m, &Choice::AcceptAll, 100, "x".into());
        assert!(m.ids().all(|i| all.allows(&m, i)));
        let none = Consent::from_choice(&m, &Choice::RejectAll, 100, "x".into());
        assert_eq!(none.signals, Honoured::default());
        let allowed: Vec<&str> = m.ids().filter(|i| none.allows(&m, i)).collect();
        assert_eq!(allowed, ["necessary"]);
        assert_eq!(none.decisions.len(), 6);
        assert_eq!(none.status(&m, 100), Status::Valid);
    }

    #[test]
    fn honoured_signals_leave_their_categories_out_of_accept_all() {
        let mut m = manifest();
        m.categories[1].sale_or_sharing = true; // ads
        m.categories[2].tracking = true; // support
        m.signals.gpc = true;
        let gpc = Honoured::from_browser(&m, true, true);
        assert_eq!(
            gpc,
            Honoured {
                gpc: true,
                dnt: false
            },
            "the manifest does not honour DNT"
        );
        assert_eq!(
            gpc.opted_out(&m),
            ["ads", "adnet", "support", "chat", "search"]
        );
        m.categories[2].tracking = false;
        assert_eq!(gpc.opted_out(&m), ["ads", "adnet"]);
        assert_eq!(Honoured::default().opted_out(&m), Vec::<&str>::new());
        let c = Consent::from_choice(&m, &Choice::AcceptAll, 1, "x".into()).with_signals(&m, gpc);
        assert!(!c.allows(&m, "ads") && !c.allows(&m, "adnet"));
        assert!(c.allows(&m, "support") && c.allows(&m, "chat"));
        assert!(c.signals.gpc);
        let set = ["ads".to_owned()].into_iter().collect();
        let own =
            Consent::from_choice(&m, &Choice::Custom(set), 1, "x".into()).with_signals(&m, gpc);
        assert!(own.allows(&m, "ads"), "an explicit opt-in stays");
    }

    #[test]
    fn status_follows_revision_age_and_clock() {
        let m = manifest();
        let c = Consent::from_choice(&m, &Choice::AcceptAll, 1_000_000, "x".into());
        assert_eq!(c.status(&m, 1_000_000 + 182 * 86_400), Status::Valid);
        assert_eq!(c.status(&m, 1_000_001 + 182 * 86_400), Status::Expired);
        assert_eq!(c.status(&m, 1_000_000 - 2 * 86_400), Status::FromFuture);
        let mut bumped = m.clone();
        bumped.revision = 3;
        assert_eq!(c.status(&bumped, 1_000_000), Status::RevisionChanged);
        let mut more = m.clone();
        more.services.push(more.services[0].clone());
        more.services[3].id = "newcomer".into();
        assert_eq!(c.status(&more, 1_000_000), Status::Incomplete);
        assert!(!c.allows(&more, "newcomer"));
    }

    #[test]
    fn selection_keeps_categories_and_services_consistent() {
        let m = manifest();
        let mut s = Selection::from_ids::<&str>(&m, &[]);
        assert!(s.is_on("necessary") && !s.is_on("ads"));
        s.set(&m, "support", true);
        assert!(s.is_on("chat") && s.is_on("search"));
        s.set(&m, "chat", false);
        assert!(!s.is_on("support") && s.is_on("search"));
        s.set(&m, "chat", true);
        assert!(s.is_on("support"));
        s.set(&m, "necessary", false);
        assert!(s.is_on("necessary"));
        let c = Consent::from_choice(&m, &s.choice(), 5, "x".into());
        assert_eq!(c.changed_since(&m, None), ["support", "chat", "search"]);
        assert_eq!(c.method, Method::Custom);
    }
}
