//! The interface state: which layer shows and the toggles, changed only through [`Action`].

use super::shared::Shared;
use crate::consent::Selection;
use crate::manifest::Manifest;
use std::rc::Rc;
use yew::Reducible;

/// Which layer is visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The first layer.
    Banner,
    /// The preferences dialog.
    Panel,
    /// Nothing (the choice was made, or the panel closed after one).
    Closed,
}

/// Everything the interface shows that can change.
#[derive(Debug, Clone, PartialEq)]
pub struct UiState {
    /// The manifest being shown.
    pub manifest: Shared<Manifest>,
    /// The visible layer.
    pub view: View,
    /// The toggles.
    pub selection: Selection,
    /// Whether a consent is in force (closing the panel then closes everything).
    pub decided: bool,
}

/// What can happen to the interface.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open the preferences panel.
    OpenPanel,
    /// Close the panel without saving: back to the banner, or closed if already decided.
    ClosePanel,
    /// Turn a category or service on or off.
    Toggle(String, bool),
    /// Close everything: a choice was made.
    Hide,
}

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::OpenPanel => next.view = View::Panel,
            Action::ClosePanel => {
                next.view = if self.decided {
                    View::Closed
                } else {
                    View::Banner
                }
            }
            Action::Toggle(id, on) => next.selection.set(&self.manifest, &id, on),
            Action::Hide => next.view = View::Closed,
        }
        Rc::new(next)
    }
}
