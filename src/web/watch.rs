//! Watches the document for gated elements added after boot.

use super::activate;
use js_sys::Array;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{MutationObserver, MutationObserverInit, MutationRecord};

/// Activates gated nodes added after boot; stops watching when dropped.
#[must_use = "the watcher stops when dropped"]
pub struct Watcher {
    observer: MutationObserver,
    _on_mutation: Closure<dyn FnMut(Array)>,
}

impl Watcher {
    /// Starts watching the whole document for added elements.
    pub fn start() -> Result<Watcher, JsValue> {
        let on_mutation = Closure::<dyn FnMut(Array)>::new(|records: Array| {
            for record in records.iter() {
                let record: MutationRecord = record.unchecked_into();
                let added = record.added_nodes();
                for i in 0..added.length() {
                    if let Some(el) = added.item(i).and_then(|n| n.dyn_into().ok()) {
                        activate::scan_within(&el);
                    }
                }
            }
            // In a later task: this callback runs as a microtask right after an activation slice
            // (which inserts the scripts it observes), and pumping here would extend that slice.
            activate::resume_later();
        });
        let observer = MutationObserver::new(on_mutation.as_ref().unchecked_ref())?;
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        let root = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        observer.observe_with_options(&root, &init)?;
        Ok(Watcher {
            observer,
            _on_mutation: on_mutation,
        })
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

thread_local! {
    static WATCHER: RefCell<Option<Watcher>> = const { RefCell::new(None) };
}

/// Keeps one page-wide watcher running (idempotent).
pub fn ensure_started() -> Result<(), JsValue> {
    if WATCHER.with(|w| w.borrow().is_some()) {
        return Ok(());
    }
    let watcher = Watcher::start()?;
    WATCHER.with(|w| *w.borrow_mut() = Some(watcher));
    Ok(())
}
