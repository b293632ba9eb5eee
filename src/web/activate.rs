//! Turns inert gated elements into live ones, in document order.
//!
//! `<script type="text/plain" data-consent="…">` becomes a real script (external via
//! `data-src`, or inline), keeping every other attribute and its nonce; `<iframe
//! data-consent="…" data-src="…">` gets its `src`. External scripts without `async` keep their
//! relative order, and an inline script waits until the ordered scripts before it have run,
//! as in the parser. Services that declare `scripts` in the manifest are injected here too.

use super::{console_warn, state};
use crate::gate::{self, Verdict};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlScriptElement};

/// Gated elements not yet looked at.
pub const SELECTOR: &str = "script[type='text/plain'][data-consent]:not([data-consentry-state]),\
iframe[data-consent][data-src]:not([data-consentry-state])";
/// The marker attribute: `queued`, `run`, or `unknown`.
pub const STATE_ATTR: &str = "data-consentry-state";

thread_local! {
    static QUEUE: RefCell<VecDeque<Element>> = const { RefCell::new(VecDeque::new()) };
    static IN_FLIGHT: Cell<u32> = const { Cell::new(0) };
    static ON_SETTLED: Closure<dyn FnMut()> = Closure::new(|| {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
        pump();
    });
    static RESUME_SCHEDULED: Cell<bool> = const { Cell::new(false) };
    static SCAN_PENDING: Cell<bool> = const { Cell::new(false) };
    static RESUME: Closure<dyn FnMut()> = Closure::new(|| {
        RESUME_SCHEDULED.with(|s| s.set(false));
        if SCAN_PENDING.with(|s| s.replace(false)) {
            // A task of its own: looking at the page, then the first slice.
            queue_document();
            inject_services();
        }
        pump();
    });
}

/// How long one activation slice may run before yielding to the browser, in milliseconds:
/// hundreds of gated elements are activated in slices, not in one long task.
const SLICE_MS: f64 = 10.0;

/// Continues [`pump`] in a later task, if anything is queued.
pub fn resume_later() {
    if QUEUE.with(|q| !q.borrow().is_empty()) {
        schedule();
    }
}

/// Looks at the whole document and activates what consent allows, starting in a later task,
/// so that reading the manifest at boot, looking at the page and activating its elements are
/// separate tasks and none of them blocks the page for long. Elements the parser adds
/// meanwhile are found by the watcher or by this scan.
pub fn scan_document_later() {
    SCAN_PENDING.with(|s| s.set(true));
    schedule();
}

fn schedule() {
    if RESUME_SCHEDULED.with(|s| s.replace(true)) {
        return;
    }
    let scheduled = web_sys::window().is_some_and(|w| {
        RESUME.with(|f| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(f.as_ref().unchecked_ref(), 0)
                .is_ok()
        })
    });
    if !scheduled {
        RESUME_SCHEDULED.with(|s| s.set(false));
    }
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Looks at every gated element in the document and activates what consent allows.
pub fn scan_document() {
    queue_document();
    pump();
}

/// Queues every gated element of the document that consent allows. Call [`pump`] after.
fn queue_document() {
    if let Some(doc) = document() {
        if let Ok(list) = doc.query_selector_all(SELECTOR) {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into().ok()) {
                    consider(el);
                }
            }
        }
    }
}

/// Looks at `root` and its descendants (an element just added to the page). Call [`pump`] after.
pub fn scan_within(root: &Element) {
    if root.matches(SELECTOR).unwrap_or(false) {
        consider(root.clone());
    }
    if let Ok(list) = root.query_selector_all(SELECTOR) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into().ok()) {
                consider(el);
            }
        }
    }
}

fn consider(el: Element) {
    let ids = el.get_attribute("data-consent").unwrap_or_default();
    let verdict = state::with(|s| gate::decide(&s.manifest, s.consent.as_ref(), &ids));
    match verdict {
        Some(Verdict::Run) => {
            let _ = el.set_attribute(STATE_ATTR, "queued");
            QUEUE.with(|q| q.borrow_mut().push_back(el));
        }
        Some(Verdict::Unknown) => {
            let _ = el.set_attribute(STATE_ATTR, "unknown");
            let mut msg = String::from("data-consent=\"");
            msg.push_str(&ids);
            msg.push_str("\" names no category or service of the manifest; the element stays inert. Use one of the manifest's ids.");
            console_warn(&msg);
        }
        Some(Verdict::Wait) | None => {}
    }
}

/// Activates queued elements in order, pausing where an ordered script must load first, and
/// yielding to the browser every [`SLICE_MS`].
pub fn pump() {
    let deadline = js_sys::Date::now() + SLICE_MS;
    loop {
        if js_sys::Date::now() > deadline && QUEUE.with(|q| !q.borrow().is_empty()) {
            resume_later();
            return;
        }
        let waiting = IN_FLIGHT.with(Cell::get) > 0;
        let next = QUEUE.with(|q| {
            let mut q = q.borrow_mut();
            let front = q.front()?;
            let inline =
                front.tag_name().eq_ignore_ascii_case("script") && !front.has_attribute("data-src");
            if inline && waiting {
                return None;
            }
            q.pop_front()
        });
        let Some(el) = next else { return };
        if let Some(ids) = el.get_attribute("data-consent") {
            state::with_mut(|s| {
                s.ran
                    .extend(ids.split_ascii_whitespace().map(str::to_owned))
            });
        }
        if el.tag_name().eq_ignore_ascii_case("script") {
            if let Err(e) = activate_script(&el) {
                web_sys::console::error_2(&"Consentry: could not activate a script".into(), &e);
            }
        } else if let Some(src) = el.get_attribute("data-src") {
            let _ = el.set_attribute(STATE_ATTR, "run");
            let _ = el.set_attribute("src", &src);
            // The loader's placeholder, if any, goes as the frame it stood for comes in.
            if let Some(prev) = el.previous_element_sibling() {
                if prev.get_attribute("data-consentry").as_deref()
                    == Some(crate::hooks::PLACEHOLDER)
                {
                    prev.remove();
                }
            }
            let _ = el.remove_attribute("hidden");
        }
    }
}

fn activate_script(old: &Element) -> Result<(), JsValue> {
    let doc = document().ok_or("no document")?;
    let new: HtmlScriptElement = doc.create_element("script")?.unchecked_into();
    let attrs = old.attributes();
    for i in 0..attrs.length() {
        if let Some(a) = attrs.item(i) {
            let name = a.name();
            match name.as_str() {
                "type" | "data-src" | "data-type" | STATE_ATTR => {}
                _ => new.set_attribute(&name, &a.value())?,
            }
        }
    }
    if let Some(t) = old.get_attribute("data-type") {
        new.set_attribute("type", &t)?;
    }
    let nonce = old.unchecked_ref::<HtmlElement>().nonce();
    if !nonce.is_empty() {
        new.set_nonce(&nonce);
    }
    new.set_attribute(STATE_ATTR, "run")?;
    match old.get_attribute("data-src") {
        Some(src) => {
            let ordered = !old.has_attribute("async");
            new.set_async(!ordered);
            if ordered {
                watch_load(&new);
            }
            new.set_src(&src);
        }
        None => new.set_text(&old.text_content().unwrap_or_default())?,
    }
    old.replace_with_with_node_1(&new)
}

/// Counts `script` as in flight until it loads or fails.
fn watch_load(script: &HtmlScriptElement) {
    IN_FLIGHT.with(|n| n.set(n.get() + 1));
    ON_SETTLED.with(|f| {
        script.set_onload(Some(f.as_ref().unchecked_ref()));
        script.set_onerror(Some(f.as_ref().unchecked_ref()));
    });
}

/// Activates `el` now, whatever the consent: the visitor asked for this one element.
pub fn activate_now(el: Element) {
    if el.get_attribute(STATE_ATTR).as_deref() == Some("run") {
        return;
    }
    let _ = el.set_attribute(STATE_ATTR, "queued");
    QUEUE.with(|q| q.borrow_mut().push_back(el));
    pump();
}

/// What to inject for one service: its id, its globals and its scripts.
type Injection = (String, Vec<(String, String)>, Vec<(String, bool)>);

/// Injects the manifest-declared scripts of every service consent allows, once per page,
/// after setting the globals they read.
pub fn inject_services() {
    let todo: Vec<Injection> = state::with_mut(|s| {
        let ids: Vec<String> = gate::services_to_inject(&s.manifest, s.consent.as_ref())
            .filter(|id| !s.ran.contains(*id))
            .map(str::to_owned)
            .collect();
        s.ran.extend(ids.iter().cloned());
        ids.into_iter()
            .filter_map(|id| {
                let service = s.manifest.service(&id)?;
                let scripts = service
                    .scripts
                    .iter()
                    .map(|sc| (sc.src.clone(), sc.is_async))
                    .collect();
                Some((id, service.globals.clone(), scripts))
            })
            .collect()
    })
    .unwrap_or_default();
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else { return };
    let Some(head) = doc.head() else { return };
    for (id, globals, scripts) in todo {
        for (name, json) in globals {
            if let Ok(value) = js_sys::JSON::parse(&json) {
                let _ = js_sys::Reflect::set(&window, &JsValue::from_str(&name), &value);
            }
        }
        for (src, is_async) in scripts {
            let Ok(el) = doc.create_element("script") else {
                continue;
            };
            let script: HtmlScriptElement = el.unchecked_into();
            script.set_async(is_async);
            let _ = script.set_attribute("data-consentry-service", &id);
            let _ = script.set_attribute(STATE_ATTR, "run");
            script.set_src(&src);
            let _ = head.append_child(&script);
        }
    }
}
