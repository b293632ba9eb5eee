//! The UI build's exports: the banner and panel, handed the manifest the gate booted on.

use super::booted;
use crate::ui::{self, ShowOptions, UiHost};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Shows the banner or the preferences panel in `root`, as `options` say; choices go to `host`.
///
/// The UI gets the manifest this module's gate booted on (the loader boots it first), so the
/// manifest text is not copied into the module again: for a large manifest that copy, by the
/// glue's character loop, was most of the first render's task.
#[wasm_bindgen]
pub fn show(root: Element, options: ShowOptions, host: UiHost) -> Result<(), JsValue> {
    let manifest = booted::with(|page| Rc::clone(&page.manifest))
        .ok_or_else(|| JsValue::from_str("the gate has not booted"))?;
    ui::show(root, manifest, options, host)
}

/// Removes whatever is shown.
#[wasm_bindgen]
pub fn close() {
    ui::close();
}
