//! The Yew banner and preferences panel (the `ui` build).
//!
//! The loader mounts it only when the visitor must be asked or opens the preferences. It
//! decides nothing: it shows the manifest's texts and reports the visitor's choice to the
//! gate through the loader's [`UiHost`].

mod app;
mod banner;
mod preferences;
mod service_row;
mod shared;
mod state;
mod toggle;

use crate::manifest::Manifest;
use app::{App, AppProps, Mode};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};
use yew::AppHandle;

#[wasm_bindgen]
extern "C" {
    /// The loader's side of the bridge: applies a choice through the gate.
    #[derive(Clone)]
    pub type UiHost;

    /// "Accept all" was pressed.
    #[wasm_bindgen(method, js_name = acceptAll)]
    fn accept_all(this: &UiHost);
    /// "Reject all" was pressed.
    #[wasm_bindgen(method, js_name = rejectAll)]
    fn reject_all(this: &UiHost);
    /// "Save" was pressed with these ids on (an array of strings).
    #[wasm_bindgen(method)]
    fn save(this: &UiHost, ids: JsValue);
}

thread_local! {
    static APP: RefCell<Option<AppHandle<App>>> = const { RefCell::new(None) };
}

#[wasm_bindgen]
extern "C" {
    /// What to show, from the loader: `{ mode, on, languages, decided, signal }`. Read with
    /// getters: deserializing it with serde-wasm-bindgen would add 10 to 12 KB (brotli) to the
    /// first visit.
    pub type ShowOptions;

    /// `"banner"` or `"preferences"`.
    #[wasm_bindgen(method, getter)]
    fn mode(this: &ShowOptions) -> String;
    /// The ids accepted now.
    #[wasm_bindgen(method, getter)]
    fn on(this: &ShowOptions) -> js_sys::Array;
    /// The visitor's preferred languages (`navigator.languages`).
    #[wasm_bindgen(method, getter)]
    fn languages(this: &ShowOptions) -> js_sys::Array;
    /// Whether a consent is already in force (then closing the panel just closes).
    #[wasm_bindgen(method, getter)]
    fn decided(this: &ShowOptions) -> bool;
    /// Whether a browser privacy signal was honoured (the banner says so).
    #[wasm_bindgen(method, getter)]
    fn signal(this: &ShowOptions) -> bool;
}

fn strings(a: &js_sys::Array) -> Vec<String> {
    a.iter().filter_map(|v| v.as_string()).collect()
}

/// Shows the banner or the preferences panel for `manifest` in `root`, as `options` say;
/// choices go to `host`. The loader calls it through [`crate::exports::ui::show`], which hands
/// it the manifest the gate booted on.
pub fn show(
    root: Element,
    manifest: Rc<Manifest>,
    options: ShowOptions,
    host: UiHost,
) -> Result<(), JsValue> {
    let lang = manifest
        .pick_language(&strings(&options.languages()))
        .to_owned();
    let return_focus = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let props = AppProps {
        manifest: shared::Shared(manifest),
        lang: lang.into(),
        mode: if options.mode() == "preferences" {
            Mode::Panel
        } else {
            Mode::Banner
        },
        on: Rc::new(strings(&options.on())),
        decided: options.decided(),
        signal: options.signal(),
        host: Bridge(Rc::new(host)),
        return_focus: return_focus.map(Rc::new),
    };
    close();
    let handle = yew::Renderer::<App>::with_root_and_props(root, props).render();
    APP.with(|a| *a.borrow_mut() = Some(handle));
    Ok(())
}

/// Removes whatever is shown.
pub fn close() {
    if let Some(app) = APP.with(|a| a.borrow_mut().take()) {
        app.destroy();
    }
}

/// The loader's host, comparable by identity so Yew can skip re-renders.
#[derive(Clone)]
pub struct Bridge(Rc<UiHost>);

impl PartialEq for Bridge {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Bridge {
    fn accept_all(&self) {
        self.0.accept_all();
    }
    fn reject_all(&self) {
        self.0.reject_all();
    }
    fn save(&self, ids: Vec<String>) {
        // A list of strings becomes an array of strings; serializing it does not fail.
        if let Ok(ids) = serde_wasm_bindgen::to_value(&ids) {
            self.0.save(ids);
        }
    }
}
