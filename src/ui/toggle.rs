//! One labelled on/off switch for a category or service.

use crate::hooks;
use yew::prelude::*;

/// Properties of [`Toggle`].
#[derive(Properties, PartialEq)]
pub struct ToggleProps {
    /// The category or service id (also `data-id`).
    pub id: AttrValue,
    /// Visible label.
    pub label: AttrValue,
    /// Whether it is on.
    pub on: bool,
    /// Some but not all of what it covers is on (a category with some services on).
    pub mixed: bool,
    /// Locked on (a required category).
    pub locked: bool,
    /// Text shown beside a locked toggle ("Always on").
    pub locked_text: AttrValue,
    /// Receives the id and the new state.
    pub on_change: Callback<(AttrValue, bool)>,
}

/// A category's toggle: a checkbox styled as a switch, with its label; required ones are
/// checked and disabled. A mixed one is an indeterminate checkbox (announced as "mixed"), a
/// DOM property this component sets; turning it on turns on all.
#[function_component]
pub fn Toggle(props: &ToggleProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.mixed, move |mixed| {
            if let Some(input) = node.cast::<web_sys::HtmlInputElement>() {
                input.set_indeterminate(*mixed);
            }
        });
    }
    switch(props, node)
}

/// The markup of a toggle. A service is never mixed, so its row renders this directly, with no
/// [`Toggle`] component (and effect) of its own: a large manifest lists hundreds.
pub fn switch(props: &ToggleProps, node: NodeRef) -> Html {
    let input_id = format!("cy-t-{}", props.id);
    let onchange = {
        let id = props.id.clone();
        let cb = props.on_change.clone();
        let on = props.on;
        Callback::from(move |_: Event| cb.emit((id.clone(), !on)))
    };
    html! {
        <div class="cy-toggle">
            <label for={input_id.clone()} class="cy-toggle-label">{ props.label.clone() }</label>
            if props.locked {
                <span class="cy-locked">{ props.locked_text.clone() }</span>
            }
            <input
                ref={node}
                type="checkbox"
                class="cy-switch"
                id={input_id}
                data-consentry={hooks::TOGGLE}
                data-id={props.id.clone()}
                checked={props.on}
                disabled={props.locked}
                {onchange}
            />
        </div>
    }
}
