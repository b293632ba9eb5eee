//! Module-wide values without `thread_local!` (which needs std): the gate builds are `no_std`.

use core::cell::{Ref, RefCell, RefMut};

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

    /// The value, to read; `None` while it is being changed.
    pub fn try_get(&self) -> Option<Ref<'_, T>> {
        self.0.try_borrow().ok()
    }

    /// The value, to change; `None` while it is borrowed.
    pub fn try_get_mut(&self) -> Option<RefMut<'_, T>> {
        self.0.try_borrow_mut().ok()
    }

    /// The value, to read. A value being changed traps (`RefCell::borrow`'s panic would format
    /// its error, bringing the formatting machinery into the gate builds).
    pub fn get(&self) -> Ref<'_, T> {
        self.try_get().unwrap_or_else(|| trap())
    }

    /// The value, to change; traps while it is borrowed (see [`Local::get`]).
    pub fn get_mut(&self) -> RefMut<'_, T> {
        self.try_get_mut().unwrap_or_else(|| trap())
    }
}

/// Stops the module: the export throws in the loader, which then runs nothing gated.
fn trap() -> ! {
    core::arch::wasm32::unreachable()
}
