//! Browser glue for the gate build: cookie jar, DOM activation, the JS API.
//!
//! Everything here translates between the DOM and the pure modules; decisions are made by
//! [`crate::gate`] and [`crate::consent`].

pub mod activate;
pub mod api;
pub mod cookie_jar;
mod state;
pub mod watch;

use wasm_bindgen::JsValue;

// The gate allocates little and briefly (the manifest tree, the consent record): a free-list
// allocator is small and fast enough. The wasm page is single-threaded.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without atomics runs this module on one thread only.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

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
