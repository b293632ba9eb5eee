//! One service in the preferences panel: its toggle, provider, description, policy and cookies.

use super::toggle::{switch, ToggleProps};
use crate::manifest::{Manifest, ResolvedTexts};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`ServiceRow`]. The manifest and texts are compared by identity, so that a
/// panel re-rendered to add rows (or for one toggle) skips every row whose state is unchanged.
#[derive(Properties)]
pub struct ServiceRowProps {
    /// The manifest listing the service.
    pub manifest: Rc<Manifest>,
    /// The service's position in `manifest.services`.
    pub index: usize,
    /// The language to show.
    pub lang: AttrValue,
    /// Interface texts.
    pub texts: Rc<ResolvedTexts>,
    /// Whether the service is on.
    pub on: bool,
    /// Whether its category is required (then it is locked on).
    pub locked: bool,
    /// A toggle changed.
    pub on_toggle: Callback<(AttrValue, bool)>,
}

impl PartialEq for ServiceRowProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.manifest, &other.manifest)
            && Rc::ptr_eq(&self.texts, &other.texts)
            && self.index == other.index
            && self.lang == other.lang
            && self.on == other.on
            && self.locked == other.locked
            && self.on_toggle == other.on_toggle
    }
}

/// A service's row: a toggle (never mixed: a service has no parts) and what it is.
#[function_component]
pub fn ServiceRow(props: &ServiceRowProps) -> Html {
    let m = &props.manifest;
    let Some(s) = m.services.get(props.index) else {
        return Html::default();
    };
    let (lang, default) = (props.lang.as_str(), m.languages.default.as_str());
    let t = &props.texts;
    html! {
        <li class="cy-service">
            { switch(&ToggleProps {
                id: AttrValue::from(s.id.clone()),
                mixed: false,
                label: AttrValue::from(s.title.get(lang, default).to_owned()),
                on: props.on,
                locked: props.locked,
                locked_text: AttrValue::from(t.always_on.clone()),
                on_change: props.on_toggle.clone(),
            }, NodeRef::default()) }
            <p class="cy-meta">
                if let Some(p) = &s.provider { <span>{ p.clone() }</span> }
                if let Some(d) = &s.description { <span>{ d.get(lang, default).to_owned() }</span> }
                if let Some(url) = &s.policy_url {
                    <a class="cy-link" href={url.clone()}>{ t.policy_link.clone() }</a>
                }
                if !s.cookies.is_empty() {
                    <span class="cy-cookies">{ s.cookies.join(", ") }</span>
                }
            </p>
        </li>
    }
}
