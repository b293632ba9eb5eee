//! Browser glue for the gate build: cookie jar, DOM activation, the JS API.
//!
//! Everything here translates between the DOM and the pure modules; decisions are made by
//! [`crate::gate`] and [`crate::consent`].

pub mod activate;
pub mod api;
pub mod cookie_jar;
#[cfg(feature = "explain")]
pub mod explain;
pub(crate) mod state;
pub mod watch;

use wasm_bindgen::JsValue;

/// Logs `Consentry: <message>` as a console error.
pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(&prefixed(message)));
}

/// Logs `Consentry: <message>` as a console warning.
pub fn console_warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&prefixed(message)));
}

fn prefixed(message: &str) -> String {
    let mut s = String::with_capacity(message.len() + 11);
    s.push_str("Consentry: ");
    s.push_str(message);
    s
}
