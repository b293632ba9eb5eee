//! The page view the gate booted: one [`Page`] per module instance.

use crate::engine::Page;
use crate::single_thread::Local;

static PAGE: Local<Option<Page>> = Local::new(None);

/// Installs the page, replacing any earlier one; `None` forgets it (an invalid manifest).
pub fn install(page: Option<Page>) {
    *PAGE.get_mut() = page;
}

/// Reads the page; `None` before boot.
pub fn with<R>(f: impl FnOnce(&Page) -> R) -> Option<R> {
    PAGE.try_get()?.as_ref().map(f)
}

/// Changes the page; `None` before boot.
pub fn with_mut<R>(f: impl FnOnce(&mut Page) -> R) -> Option<R> {
    PAGE.try_get_mut()?.as_mut().map(f)
}
