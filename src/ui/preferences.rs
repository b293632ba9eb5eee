//! The preferences panel: a modal dialog with a toggle per category and per service.

use super::banner::classes_for;
use super::service_row::ServiceRow;
use super::shared::Shared;
use super::toggle::Toggle;
use crate::consent::Selection;
use crate::hooks;
use crate::manifest::{Manifest, ResolvedTexts};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlDialogElement;
use yew::prelude::*;

/// What Tab can reach inside the panel.
const FOCUSABLE: &str =
    "button:not([disabled]), input:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// Service rows rendered with the panel; the rest follow in tasks of their own, [`MORE_ROWS`]
/// at a time. A panel listing hundreds of services (each a toggle, its texts and cookies)
/// would otherwise be built, styled and laid out in one long task when the visitor opens it.
/// Most sites list fewer than this, and get their whole panel at once.
pub const FIRST_ROWS: usize = 20;
/// Service rows added per later task.
pub const MORE_ROWS: usize = 20;

/// Properties of [`Preferences`].
#[derive(Properties, PartialEq)]
pub struct PreferencesProps {
    /// The manifest listing categories and services.
    pub manifest: Shared<Manifest>,
    /// The language to show.
    pub lang: AttrValue,
    /// Interface texts.
    pub texts: Shared<ResolvedTexts>,
    /// Current toggles.
    pub selection: Selection,
    /// Whether a browser privacy signal was honoured (adds a note).
    pub signal: bool,
    /// A toggle changed.
    pub on_toggle: Callback<(AttrValue, bool)>,
    /// "Accept all".
    pub on_accept_all: Callback<()>,
    /// "Reject all".
    pub on_reject_all: Callback<()>,
    /// "Save".
    pub on_save: Callback<()>,
    /// Closed without saving (close button or Escape).
    pub on_close: Callback<()>,
}

/// The modal preferences dialog. Being a native `<dialog>`, it traps focus, closes on Escape
/// and hides the page from assistive technology while open.
#[function_component]
pub fn Preferences(props: &PreferencesProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
            move || {
                if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                    d.close();
                }
            }
        });
    }
    // How many service rows are rendered; grows in later tasks until all are.
    let rows = use_state(|| FIRST_ROWS);
    {
        let (rows, total) = (rows.clone(), props.manifest.services.len());
        // The next rows in a task of their own; the cleanup (the rows grew, or the panel
        // closed) drops the timer, which cancels it if it has not fired.
        use_effect_with(*rows, move |&shown| {
            let next =
                (shown < total).then(|| Timeout::new(0, move || rows.set(shown + MORE_ROWS)));
            move || drop(next)
        });
    }
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    // Chromium lets Tab leave a modal <dialog> for the browser's own UI; wrap it around instead.
    let onkeydown = {
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Tab" {
                return;
            }
            let Some(d) = dialog.cast::<web_sys::Element>() else {
                return;
            };
            let Ok(list) = d.query_selector_all(FOCUSABLE) else {
                return;
            };
            let n = list.length();
            let (Some(first), Some(last)) =
                (list.item(0), n.checked_sub(1).and_then(|i| list.item(i)))
            else {
                return;
            };
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|doc| doc.active_element());
            let at = |node: &web_sys::Node| {
                active
                    .as_ref()
                    .is_some_and(|a| AsRef::<web_sys::Node>::as_ref(a) == node)
            };
            let target =
                if e.shift_key() && (at(&first) || active.as_ref().is_some_and(|a| a == &d)) {
                    last
                } else if !e.shift_key() && at(&last) {
                    first
                } else {
                    return;
                };
            if let Ok(el) = target.dyn_into::<web_sys::HtmlElement>() {
                e.prevent_default();
                let _ = el.focus();
            }
        })
    };
    let oncancel = {
        let cb = props.on_close.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            cb.emit(());
        })
    };
    let m = &props.manifest;
    let (lang, default) = (props.lang.as_str(), m.languages.default.as_str());
    let t = &props.texts;
    let budget = core::cell::Cell::new(*rows);
    let service_row = |i: usize, locked: bool| {
        let id = &m.services[i].id;
        html! {
            <ServiceRow key={id.clone()} manifest={m.clone()} index={i} lang={props.lang.clone()}
                texts={t.clone()} on={props.selection.is_on(id)} {locked}
                on_toggle={props.on_toggle.clone()} />
        }
    };
    html! {
        <dialog
            ref={dialog}
            class={classes_for("cy-panel", m.ui.layout, m.ui.theme)}
            data-consentry={hooks::PANEL}
            aria-labelledby="cy-panel-title"
            aria-describedby="cy-panel-desc"
            {oncancel}
            {onkeydown}
        >
            <div class="cy-panel-head">
                <h2 id="cy-panel-title" class="cy-title">{ t.preferences_title.clone() }</h2>
                <button type="button" class="cy-close" data-consentry={hooks::CLOSE}
                    aria-label={t.close.clone()} onclick={click(&props.on_close)}>{ "×" }</button>
            </div>
            <div class="cy-panel-body">
                <p id="cy-panel-desc" class="cy-desc">{ t.preferences_description.clone() }</p>
                if props.signal {
                    <p class="cy-signal" data-consentry="signal-notice">{ t.signal_notice.clone() }</p>
                }
                <ul class="cy-categories">
                    { for m.categories.iter().map(|c| {
                        let services: Vec<usize> = m.services.iter().enumerate()
                            .filter(|(_, s)| s.category == c.id).map(|(i, _)| i).collect();
                        let shown = services.len().min(budget.get());
                        budget.set(budget.get() - shown);
                        html! {
                            <li class="cy-category" key={c.id.clone()}>
                                <Toggle
                                    id={AttrValue::from(c.id.clone())}
                                    label={AttrValue::from(c.title.get(lang, default).to_owned())}
                                    on={props.selection.is_on(&c.id)}
                                    mixed={!props.selection.is_on(&c.id) && services.iter().any(|&i| props.selection.is_on(&m.services[i].id))}
                                    locked={c.required}
                                    locked_text={t.always_on.clone()}
                                    on_change={props.on_toggle.clone()}
                                />
                                if let Some(d) = &c.description {
                                    <p class="cy-desc">{ d.get(lang, default).to_owned() }</p>
                                }
                                if shown > 0 {
                                    <ul class="cy-services">{
                                        for services[..shown].iter().map(|&i| service_row(i, c.required))
                                    }</ul>
                                }
                            </li>
                        }
                    }) }
                </ul>
            </div>
            <div class="cy-actions cy-panel-foot">
                <button type="button" class="cy-btn cy-primary" data-consentry={hooks::REJECT_ALL}
                    onclick={click(&props.on_reject_all)}>{ t.reject_all.clone() }</button>
                <button type="button" class="cy-btn cy-primary" data-consentry={hooks::ACCEPT_ALL}
                    onclick={click(&props.on_accept_all)}>{ t.accept_all.clone() }</button>
                <button type="button" class="cy-btn cy-secondary" data-consentry={hooks::SAVE}
                    onclick={click(&props.on_save)}>{ t.save.clone() }</button>
            </div>
        </dialog>
    }
}
