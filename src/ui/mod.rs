//! The Yew banner and preferences panel.
