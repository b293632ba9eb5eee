//! Google Consent Mode v2 on a page: the seven signals the consent in force grants, and what the
//! loader pushes to `dataLayer` with them.
//!
//! Google's order, on every page view: one `consent default` with all seven signals before any
//! Google tag runs (denied, but for what the required categories grant), then, once a consent
//! is in force, one `consent update` with all seven again (never a partial map), and one more
//! per change. The loader sends them; the gate says what they hold, as [`State::line`].

use super::Page;
use crate::consent::Consent;
use crate::manifest::google::GoogleConsentMode;
use crate::manifest::Manifest;
use crate::number::push_number;
use crate::prelude::*;

/// The signals granted under `consent`, one bit per [`GoogleSignal::ALL`] position: every
/// accepted category's and service's `consent_mode` (a service's left out is its category's,
/// filled in when the manifest is read). Without a consent, the required ones'.
///
/// [`GoogleSignal::ALL`]: crate::manifest::google::GoogleSignal::ALL
pub fn granted(m: &Manifest, consent: Option<&Consent>) -> u8 {
    let grants = m
        .categories
        .iter()
        .map(|c| c.consent_mode)
        .chain(m.services.iter().map(|s| s.consent_mode));
    m.ids_required()
        .zip(grants)
        .filter(|&((id, required), _)| consent.map_or(required, |c| c.allows_id(id, required)))
        .fold(0, |bits, (_, g)| bits | g.map_or(0, |g| g.0))
}

/// What Google's tags are told on a page: the `consent default`, the `set` calls and the
/// `consent update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State<'a> {
    /// The manifest's settings.
    pub settings: &'a GoogleConsentMode,
    /// The default's signals: what is granted without a consent.
    pub default: u8,
    /// The update's signals, for the consent in force; `None` without one.
    pub update: Option<u8>,
}

impl<'a> State<'a> {
    /// Google Consent Mode under `consent` on a page of `m`; `None` when `m` does not declare it.
    pub fn of(m: &'a Manifest, consent: Option<&Consent>) -> Option<State<'a>> {
        let settings = m.google_consent_mode.as_ref()?;
        Some(State {
            settings,
            default: granted(m, None),
            update: consent.map(|c| granted(m, Some(c))),
        })
    }

    /// Which `gtag('set', name, true)` calls go with the default: bit 1 for
    /// `ads_data_redaction`, bit 2 for `url_passthrough`.
    pub fn set(&self) -> u8 {
        u8::from(self.settings.ads_data_redaction) | u8::from(self.settings.url_passthrough) << 1
    }

    /// The state as the loader reads it, words separated by spaces: the default's signal bits,
    /// the update's (`-` without a consent), `wait_for_update`, the [`State::set`] bits, then
    /// the region codes. Numbers, not JSON: the small gate carries it, and the loader holds the
    /// signal names (contract `NAME.GOOGLE_SIGNALS`). The mode is not in it: the loader pushes
    /// the same in both, and only the page's own Google tags differ (gated in basic mode,
    /// loaded at once after `consentry snippet`'s default in advanced mode).
    pub fn line(&self) -> String {
        let mut out = String::new();
        push_number(&mut out, u64::from(self.default), 10);
        out.push(' ');
        match self.update {
            Some(bits) => push_number(&mut out, u64::from(bits), 10),
            None => out.push('-'),
        }
        out.push(' ');
        push_number(&mut out, u64::from(self.settings.wait_for_update), 10);
        out.push(' ');
        push_number(&mut out, u64::from(self.set()), 10);
        for region in &self.settings.regions {
            out.push(' ');
            out.push_str(region);
        }
        out
    }
}

impl Page {
    /// [`State::line`] for this page, or `""` when the manifest does not declare Google Consent
    /// Mode.
    pub fn consent_mode(&self) -> String {
        State::of(&self.manifest, self.consent.as_ref()).map_or_else(String::new, |s| s.line())
    }
}
