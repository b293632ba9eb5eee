//! The wasm module's exports to the loader (`consentry.js`), in every wasm build.
//!
//! The gate owns decisions; the loader owns the DOM. Everything crosses as strings (JSON, or
//! ids separated by spaces), so this build binds no DOM API and carries none of its glue: the
//! loader reads `document.cookie`, activates elements and carries out each [`crate::engine::Plan`].
//!
//! * [`ffi`]: the `cy_*` functions the loader calls, and how strings cross the boundary;
//! * [`operations`]: what each call does to the booted page;
//! * `booted`: the one page a module instance booted;
//! * [`explain`] (the explain build): the wording of a broken manifest's errors.
//! * [`ui`] (the UI build): the banner and panel, handed the booted manifest.

// The explain build only words manifest errors: it boots nothing.
#[cfg(not(feature = "explain"))]
pub(crate) mod booted;
#[cfg(feature = "explain")]
pub mod explain;
#[cfg(not(feature = "explain"))]
pub mod ffi;
#[cfg(not(feature = "explain"))]
pub mod operations;
#[cfg(feature = "ui")]
pub mod ui;
