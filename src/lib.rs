//! Consentry: a cookie-consent manager in Rust, compiled to WebAssembly.
//!
//! The crate is split the way the product is:
//!
//! * [`manifest`]: the site owner's JSON policy, parsed and validated with JSON-path errors;
//! * [`consent`]: the visitor's consent record and its cookie codec;
//! * [`gate`]: the pure decision of what may run under a consent;
//! * [`engine`]: the gate's page session, with no browser in it: what a choice asks of the page;
//! * `exports` (wasm32): the module's exports to the loader, plain functions over strings;
//! * `ui` (wasm32, `ui` feature): the Yew banner and preferences panel;
//! * `cli` (native only): the `consentry` command line for site owners.
//!
//! Four wasm builds come from this crate (README, "How it is built"): the small *gate* (no
//! feature), which a returning visitor loads and which reads the manifest from a checked
//! compact form ([`manifest::compact`]); the *check* build (`check`), which also reads and
//! checks the JSON and changes the consent; the *full* build (`ui`), which a first visit loads;
//! and the *explain* build (`explain`), which words a broken manifest's errors and is loaded
//! only then. The gate and check builds are built with `bare` (`no_std`, panics trap).
//!
//! The pure modules know nothing of the browser; a server decodes the consent cookie with
//! [`consent::cookie::decode`] exactly as the browser does.
#![deny(missing_docs)]
// The gate builds run without std: their panics trap (see `bare_panic` below) and std's panic
// and formatting code stays out of every returning visit's download.
#![cfg_attr(all(target_arch = "wasm32", feature = "bare"), no_std)]

extern crate alloc;

/// What std's prelude gives, from `alloc`, for the `no_std` gate builds.
pub(crate) mod prelude {
    #[allow(unused_imports)]
    pub use alloc::{
        borrow::ToOwned,
        boxed::Box,
        format,
        string::{String, ToString},
        vec,
        vec::Vec,
    };
}

/// A panic in a gate build traps: the export that panicked throws in the loader, which then
/// runs nothing gated. No message: wording it would pull in the formatting machinery.
#[cfg(all(target_arch = "wasm32", feature = "bare"))]
#[panic_handler]
fn bare_panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod consent;
pub mod contract;
pub mod engine;
pub mod gate;
pub mod hooks;
pub mod manifest;
pub mod map;
pub mod number;
// Module-wide state of the builds that boot a page (the explain build boots none).
#[cfg(all(target_arch = "wasm32", not(feature = "explain")))]
pub(crate) mod single_thread;
pub mod text;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod ui;

// Every wasm build allocates little (a manifest tree, a consent record, a few dozen virtual DOM
// nodes): a free-list allocator is a few hundred bytes where dlmalloc is several kilobytes, and
// fast enough at this scale. A wasm page without atomics runs this module on one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without atomics has exactly one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
#[cfg(target_arch = "wasm32")]
pub mod exports;
