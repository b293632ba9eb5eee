//! The root component: wires the state to the banner and the panel.

use super::banner::Banner;
use super::preferences::Preferences;
use super::shared::Shared;
use super::state::{Action, UiState, View};
use super::Bridge;
use crate::consent::{Choice, Selection};
use crate::manifest::Manifest;
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Which layer to open with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The first layer.
    Banner,
    /// The preferences panel.
    Panel,
}

/// Properties of [`App`], set by [`super::show`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The validated manifest.
    pub manifest: Shared<Manifest>,
    /// The language to show.
    pub lang: AttrValue,
    /// The layer to open with.
    pub mode: Mode,
    /// Ids accepted now.
    pub on: Rc<Vec<String>>,
    /// Whether a consent is in force.
    pub decided: bool,
    /// Whether a browser privacy signal was honoured.
    pub signal: bool,
    /// Where choices go.
    pub host: Bridge,
    /// What had focus before the interface opened.
    pub return_focus: Option<Rc<HtmlElement>>,
}

/// Shows the banner or the panel and reports the visitor's choice.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let p = (
            props.manifest.clone(),
            props.mode,
            props.on.clone(),
            props.decided,
        );
        use_reducer(move || UiState {
            selection: Selection::from_ids(&p.0, &p.2),
            manifest: p.0,
            view: match p.1 {
                Mode::Banner => View::Banner,
                Mode::Panel => View::Panel,
            },
            decided: p.3,
        })
    };
    let texts = {
        let (m, lang) = (props.manifest.clone(), props.lang.clone());
        Shared(use_memo((), move |_| m.ui_texts(&lang)))
    };

    // After a choice: hide, give focus back, then let the gate apply it.
    let finish = {
        let state = state.clone();
        let focus = props.return_focus.clone();
        move || {
            state.dispatch(Action::Hide);
            if let Some(el) = focus.as_ref().filter(|el| el.is_connected()) {
                let _ = el.focus();
            }
        }
    };
    let accept_all = {
        let (host, finish) = (props.host.clone(), finish.clone());
        Callback::from(move |()| {
            finish();
            host.accept_all();
        })
    };
    let reject_all = {
        let (host, finish) = (props.host.clone(), finish.clone());
        Callback::from(move |()| {
            finish();
            host.reject_all();
        })
    };
    let save = {
        let (host, state, finish) = (props.host.clone(), state.clone(), finish.clone());
        Callback::from(move |()| {
            let Choice::Custom(ids) = state.selection.choice() else {
                return;
            };
            finish();
            host.save(ids.into_iter().collect());
        })
    };
    let open_panel = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::OpenPanel))
    };
    let close_panel = {
        let (state, finish) = (state.clone(), finish.clone());
        Callback::from(move |()| {
            if state.decided {
                finish();
            } else {
                state.dispatch(Action::ClosePanel);
            }
        })
    };
    let toggle = {
        let state = state.clone();
        Callback::from(move |(id, on): (AttrValue, bool)| {
            state.dispatch(Action::Toggle(id.to_string(), on))
        })
    };

    match state.view {
        View::Banner => html! {
            <Banner
                texts={texts.clone()}
                policy_url={props.manifest.site.policy_url.clone().map(AttrValue::from)}
                layout={props.manifest.ui.layout}
                theme={props.manifest.ui.theme}
                signal={props.signal}
                on_accept_all={accept_all}
                on_reject_all={reject_all}
                on_preferences={open_panel}
            />
        },
        View::Panel => html! {
            <Preferences
                manifest={props.manifest.clone()}
                lang={props.lang.clone()}
                texts={texts.clone()}
                selection={state.selection.clone()}
                signal={props.signal}
                on_toggle={toggle}
                on_accept_all={accept_all}
                on_reject_all={reject_all}
                on_save={save}
                on_close={close_panel}
            />
        },
        View::Closed => html! {},
    }
}
