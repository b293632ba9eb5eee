//! The `data-consentry="…"` hook names: a public contract for tests and site owners.
//!
//! Keep these stable; they are documented in `docs/markup.md`.

/// The first layer's container.
pub const BANNER: &str = "banner";
/// "Accept all" buttons (banner and panel).
pub const ACCEPT_ALL: &str = "accept-all";
/// "Reject all" buttons (banner and panel).
pub const REJECT_ALL: &str = "reject-all";
/// The banner's button that opens the preferences panel.
pub const PREFERENCES: &str = "preferences";
/// The preferences dialog.
pub const PANEL: &str = "panel";
/// The panel's "Save" button.
pub const SAVE: &str = "save";
/// The panel's close button.
pub const CLOSE: &str = "close";
/// A category or service toggle; carries `data-id`.
pub const TOGGLE: &str = "toggle";
/// What stands in for a gated iframe.
pub const PLACEHOLDER: &str = "placeholder";
/// The placeholder's "Load once" button.
pub const LOAD_ONCE: &str = "load-once";
/// The placeholder's "Always allow" button.
pub const ALWAYS_ALLOW: &str = "always-allow";
