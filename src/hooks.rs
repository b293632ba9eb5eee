//! The `data-consentry="…"` hook names: a public contract for tests and site owners.
//!
//! Keep these stable; the README lists them. The loader gets them from
//! [`ALL`], generated into `assets/loader/contract.js` (see [`crate::contract`]).

/// Declares each hook once, as a constant and as a row of [`ALL`].
macro_rules! hooks {
    ($( $(#[doc = $doc:literal])* $name:ident = $value:literal; )+) => {
        $( $(#[doc = $doc])* pub const $name: &str = $value; )+
        /// Every hook, by its constant's name.
        pub const ALL: &[(&str, &str)] = &[$( (stringify!($name), $value) ),+];
    };
}

hooks! {
    /// The first layer's container.
    BANNER = "banner";
    /// "Accept all" buttons (banner and panel).
    ACCEPT_ALL = "accept-all";
    /// "Reject all" buttons (banner and panel).
    REJECT_ALL = "reject-all";
    /// The banner's button that opens the preferences panel.
    PREFERENCES = "preferences";
    /// The preferences dialog.
    PANEL = "panel";
    /// The panel's "Save" button.
    SAVE = "save";
    /// The panel's close button.
    CLOSE = "close";
    /// A category or service toggle; carries `data-id`.
    TOGGLE = "toggle";
    /// What stands in for a gated iframe.
    PLACEHOLDER = "placeholder";
    /// The placeholder's "Load once" button.
    LOAD_ONCE = "load-once";
    /// The placeholder's "Always allow" button.
    ALWAYS_ALLOW = "always-allow";
}
