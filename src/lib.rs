//! Consentry: a cookie-consent manager in Rust, compiled to WebAssembly.
//!
//! The crate is split the way the product is:
//!
//! * [`manifest`]: the site owner's JSON policy, parsed and validated with JSON-path errors;
//! * [`consent`]: the visitor's consent record and its cookie codec;
//! * [`gate`]: the pure decision of what may run under a consent;
//! * `web` (wasm32, both builds): cookie jar, DOM activation, the gate's exports;
//! * `ui` (wasm32, `ui` feature): the Yew banner and preferences panel.
//!
//! Three wasm builds come from this crate: the *gate* (`web` alone), which a returning visitor
//! loads; the *full* build (`web` and `ui`), which a first visit loads instead, so that it
//! fetches one module, not two; and the *explain* build (`web` and the `explain` feature), which
//! words a broken manifest's errors and is loaded only then.
//!
//! The pure modules know nothing of the browser; a server decodes the consent cookie with
//! [`consent::cookie::decode`] exactly as the browser does.
#![deny(missing_docs)]

pub mod consent;
pub mod gate;
pub mod hooks;
pub mod manifest;
pub mod map;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod ui;

// Both wasm builds allocate little (a manifest tree, a consent record, a few dozen virtual DOM
// nodes): a free-list allocator is a few hundred bytes where dlmalloc is several kilobytes, and
// fast enough at this scale. A wasm page without atomics runs this module on one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without atomics has exactly one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
#[cfg(target_arch = "wasm32")]
pub mod web;
