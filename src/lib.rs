//! Consentry: a cookie-consent manager in Rust, compiled to WebAssembly.
//!
//! The crate is split the way the product is:
//!
//! * [`manifest`]: the site owner's JSON policy, parsed and validated with JSON-path errors;
//! * [`consent`]: the visitor's consent record and its cookie codec;
//! * [`gate`]: the pure decision of what may run under a consent;
//! * `web` (wasm32, gate build): cookie jar, DOM activation, the JS API;
//! * `ui` (wasm32, `ui` feature): the Yew banner and preferences panel.
//!
//! The pure modules know nothing of the browser; a server decodes the consent cookie with
//! [`consent::cookie::decode`] exactly as the browser does.
#![deny(missing_docs)]

pub mod consent;
pub mod gate;
pub mod hooks;
pub mod manifest;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod ui;
#[cfg(all(target_arch = "wasm32", not(feature = "ui")))]
pub mod web;
