//! Module-wide values without `thread_local!` (which needs std): the gate builds are `no_std`.

use core::cell::RefCell;

#[cfg(target_feature = "atomics")]
compile_error!("the gate keeps module-wide state for one thread: build it without atomics");

/// A value shared by the module's exports. A wasm module without atomics runs on one thread,
/// so a `RefCell` in a static is enough.
pub struct Local<T>(RefCell<T>);

// SAFETY: without atomics (checked above) a wasm module runs on exactly one thread.
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    /// A value for a `static`.
    pub const fn new(value: T) -> Self {
        Local(RefCell::new(value))
    }

    /// The cell holding the value.
    pub fn cell(&self) -> &RefCell<T> {
        &self.0
    }
}
