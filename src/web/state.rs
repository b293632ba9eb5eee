//! The gate's page-wide state: the manifest, the consent in force, what has run.

use crate::consent::{Consent, Honoured};
use crate::manifest::Manifest;
use crate::map::Set;
use std::cell::RefCell;
use std::rc::Rc;

/// What the gate knows about this page.
pub struct State {
    /// The validated manifest.
    pub manifest: Rc<Manifest>,
    /// The consent in force, if any is usable.
    pub consent: Option<Consent>,
    /// Ids under which something has run in this page (for withdrawal).
    pub ran: Set<String>,
    /// The browser privacy signals the manifest honours on this visit.
    pub honoured: Honoured,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Installs the state, replacing any earlier one.
pub fn install(state: State) {
    STATE.with(|s| *s.borrow_mut() = Some(state));
}

/// Reads the state; `None` before boot. Never call into the DOM or page code inside `f`.
pub fn with<R>(f: impl FnOnce(&State) -> R) -> Option<R> {
    STATE.with(|s| s.try_borrow().ok()?.as_ref().map(f))
}

/// Changes the state; `None` before boot. Never call into the DOM or page code inside `f`.
pub fn with_mut<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE.with(|s| s.try_borrow_mut().ok()?.as_mut().map(f))
}
