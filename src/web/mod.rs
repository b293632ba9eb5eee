//! The gate's exports to the loader (`consentry.js`), in every wasm build.
//!
//! The gate owns decisions; the loader owns the DOM. Everything crosses as strings (JSON, or
//! ids separated by spaces), so this build binds no DOM API and carries none of its glue: the
//! loader reads `document.cookie`, activates elements and carries out each [`crate::engine::Plan`].

// The explain build only words manifest errors: it boots nothing.
#[cfg(not(feature = "explain"))]
pub mod abi;
#[cfg(not(feature = "explain"))]
pub mod api;
#[cfg(feature = "explain")]
pub mod explain;
#[cfg(not(feature = "explain"))]
mod local;
#[cfg(not(feature = "explain"))]
pub(crate) mod state;
