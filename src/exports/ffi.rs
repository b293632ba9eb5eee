//! The gate's exports as plain wasm functions, called by the loader with no glue code.
//!
//! Numbers and booleans pass as themselves. A string argument passes as a pointer and a byte
//! length: the loader asks [`cy_alloc`] for room, writes the UTF-8 bytes there, and the export
//! takes them back (and frees them). A string result stays in this module's memory until the
//! next call: the export returns its byte length and [`cy_out`] its address.
//!
//! Every export is a thin wrapper over [`super::operations`]. The small gate is this module and
//! nothing else: it imports nothing from JavaScript, so it needs no wasm-bindgen glue file.
//! It only reads: changing the consent (`cy_choose`, `cy_sync`) is for the builds with the
//! `check` feature, which the loader fetches when a visitor changes their mind.

use super::operations;
use crate::prelude::*;
use crate::single_thread::Local;

/// The last string result.
static OUT: Local<String> = Local::new(String::new());

/// Room for `len` bytes that the next call takes as a string argument.
#[no_mangle]
pub extern "C" fn cy_alloc(len: usize) -> *mut u8 {
    let mut room = Vec::<u8>::with_capacity(len);
    let ptr = room.as_mut_ptr();
    core::mem::forget(room);
    ptr
}

/// Takes back the bytes the loader wrote at `ptr` (from [`cy_alloc`] with this `len`).
fn bytes(ptr: *mut u8, len: usize) -> Vec<u8> {
    // SAFETY: the loader got `ptr` from `cy_alloc(len)` and filled all `len` bytes; each
    // argument is taken back once.
    unsafe { Vec::from_raw_parts(ptr, len, len) }
}

/// A string argument (see [`bytes`]); not UTF-8 reads as empty.
fn arg(ptr: *mut u8, len: usize) -> String {
    String::from_utf8(bytes(ptr, len)).unwrap_or_default()
}

/// Keeps `s` as the result and returns its byte length.
fn out(s: String) -> usize {
    let len = s.len();
    *OUT.get_mut() = s;
    len
}

/// The address of the last string result.
#[no_mangle]
pub extern "C" fn cy_out() -> *const u8 {
    OUT.get().as_ptr()
}

/// [`operations::boot`].
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn cy_boot(
    manifest: *mut u8,
    manifest_len: usize,
    cached: *mut u8,
    cached_len: usize,
    cookies: *mut u8,
    cookies_len: usize,
    now_ms: f64,
    gpc: bool,
    dnt: bool,
) -> u32 {
    let (m, c, k) = (
        arg(manifest, manifest_len),
        arg(cached, cached_len),
        arg(cookies, cookies_len),
    );
    u32::from(operations::boot(&m, &c, &k, now_ms, gpc, dnt))
}

/// [`operations::handover`].
#[no_mangle]
pub extern "C" fn cy_handover() -> usize {
    out(operations::handover())
}

/// [`operations::take_over`].
#[cfg(feature = "check")]
#[no_mangle]
pub extern "C" fn cy_take_over(
    manifest: *mut u8,
    manifest_len: usize,
    handover: *mut u8,
    handover_len: usize,
    now_ms: f64,
) -> u32 {
    let (m, h) = (arg(manifest, manifest_len), arg(handover, handover_len));
    u32::from(operations::take_over(&m, &h, now_ms))
}

/// [`operations::parse`]: 1 if the text is JSON.
#[cfg(feature = "check")]
#[no_mangle]
pub extern "C" fn cy_parse(manifest: *mut u8, manifest_len: usize) -> u32 {
    u32::from(operations::parse(&arg(manifest, manifest_len)))
}

/// [`operations::compact`].
#[cfg(feature = "check")]
#[no_mangle]
pub extern "C" fn cy_compact() -> usize {
    out(operations::compact())
}

/// [`operations::keep_form`]: 1 if the loader should keep the compact form now.
#[cfg(feature = "check")]
#[no_mangle]
pub extern "C" fn cy_keep_form() -> u32 {
    u32::from(operations::keep_form())
}

/// [`operations::get`].
#[no_mangle]
pub extern "C" fn cy_get() -> usize {
    out(operations::get())
}

/// [`operations::consent_mode`].
#[no_mangle]
pub extern "C" fn cy_consent_mode() -> usize {
    out(operations::consent_mode())
}

/// [`operations::verdict`].
#[no_mangle]
pub extern "C" fn cy_verdict(ids: *mut u8, len: usize) -> u32 {
    u32::from(operations::verdict(&arg(ids, len)))
}

/// [`operations::ran`].
#[no_mangle]
pub extern "C" fn cy_ran(ids: *mut u8, len: usize) {
    operations::ran(&arg(ids, len));
}

/// [`operations::inject`].
#[no_mangle]
pub extern "C" fn cy_inject() -> usize {
    out(operations::inject())
}

/// [`operations::selection`].
#[cfg(feature = "check")] // the panel's, which a gate that changes the consent shows
#[no_mangle]
pub extern "C" fn cy_selection() -> usize {
    out(operations::selection())
}

/// [`operations::opted_out`].
#[cfg(feature = "check")] // the panel's, which a gate that changes the consent shows
#[no_mangle]
pub extern "C" fn cy_opted_out() -> usize {
    out(operations::opted_out())
}

/// Takes the catalog presets the manifest names, for the next boot or take-over to fill in
/// ([`crate::manifest::preset::provide`]).
#[cfg(feature = "check")]
#[no_mangle]
pub extern "C" fn cy_presets(text: *mut u8, len: usize) {
    crate::manifest::preset::provide(&arg(text, len));
}

/// [`operations::choose`], on one JSON request with named fields.
#[cfg(feature = "check")]
#[no_mangle]
pub extern "C" fn cy_choose(request: *mut u8, len: usize) -> usize {
    out(operations::choose(&arg(request, len)))
}

/// [`operations::sync`], on one JSON request with named fields.
#[cfg(feature = "check")]
#[no_mangle]
pub extern "C" fn cy_sync(request: *mut u8, len: usize) -> usize {
    out(operations::sync(&arg(request, len)))
}

/// [`operations::embed_of`].
#[no_mangle]
pub extern "C" fn cy_embed_of(src: *mut u8, len: usize) -> usize {
    out(operations::embed_of(&arg(src, len)))
}

/// [`operations::describe`].
#[no_mangle]
pub extern "C" fn cy_describe(
    id: *mut u8,
    id_len: usize,
    langs: *mut u8,
    langs_len: usize,
) -> usize {
    out(operations::describe(
        &arg(id, id_len),
        &arg(langs, langs_len),
    ))
}
