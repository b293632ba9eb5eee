//! The first layer: what is asked, and three equally easy answers.

use super::shared::Shared;
use crate::hooks;
use crate::manifest::{Layout, ResolvedTexts, Theme};
use web_sys::HtmlElement;
use yew::prelude::*;

/// Properties of [`Banner`].
#[derive(Properties, PartialEq)]
pub struct BannerProps {
    /// Interface texts in the visitor's language.
    pub texts: Shared<ResolvedTexts>,
    /// The site's privacy policy.
    pub policy_url: Option<AttrValue>,
    /// Bar or box.
    pub layout: Layout,
    /// Colour scheme.
    pub theme: Theme,
    /// Whether a browser privacy signal was honoured (adds a note).
    pub signal: bool,
    /// "Accept all".
    pub on_accept_all: Callback<()>,
    /// "Reject all".
    pub on_reject_all: Callback<()>,
    /// "Preferences".
    pub on_preferences: Callback<()>,
}

/// Class names for the layout and theme.
pub fn classes_for(base: &'static str, layout: Layout, theme: Theme) -> Classes {
    let layout = match layout {
        Layout::Bar => "cy-bar",
        Layout::Box => "cy-box",
    };
    let theme = match theme {
        Theme::Auto => "cy-auto",
        Theme::Light => "cy-light",
        Theme::Dark => "cy-dark",
    };
    classes!(base, layout, theme)
}

/// The consent banner; takes focus when it appears (unless the visitor is already focused on
/// something) so keyboard users meet it first.
#[function_component]
pub fn Banner(props: &BannerProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            // Take focus only if the visitor is not already somewhere (typing in a field, say).
            let doc = web_sys::window().and_then(|w| w.document());
            let idle = doc
                .as_ref()
                .is_none_or(|d| match (d.active_element(), d.body()) {
                    (Some(active), Some(body)) => {
                        active == *AsRef::<web_sys::Element>::as_ref(&body)
                    }
                    (active, _) => active.is_none(),
                });
            if let Some(el) = node.cast::<HtmlElement>().filter(|_| idle) {
                let opts = web_sys::FocusOptions::new();
                opts.set_prevent_scroll(true);
                let _ = el.focus_with_options(&opts);
            }
        });
    }
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let t = &props.texts;
    html! {
        <section
            ref={node}
            class={classes_for("cy-banner", props.layout, props.theme)}
            data-consentry={hooks::BANNER}
            role="dialog"
            aria-modal="false"
            aria-labelledby="cy-banner-title"
            aria-describedby="cy-banner-desc"
            tabindex="-1"
        >
            <div class="cy-banner-text">
                <h2 id="cy-banner-title" class="cy-title">{ t.banner_title.clone() }</h2>
                <p id="cy-banner-desc" class="cy-desc">
                    { t.banner_description.clone() }
                    if let Some(url) = props.policy_url.clone() {
                        { " " }
                        <a href={url} class="cy-link">{ t.policy_link.clone() }</a>
                    }
                </p>
                if props.signal {
                    <p class="cy-signal" data-consentry="signal-notice">{ t.signal_notice.clone() }</p>
                }
            </div>
            <div class="cy-actions">
                <button type="button" class="cy-btn cy-primary" data-consentry={hooks::REJECT_ALL}
                    onclick={click(&props.on_reject_all)}>{ t.reject_all.clone() }</button>
                <button type="button" class="cy-btn cy-primary" data-consentry={hooks::ACCEPT_ALL}
                    onclick={click(&props.on_accept_all)}>{ t.accept_all.clone() }</button>
                <button type="button" class="cy-btn cy-secondary" data-consentry={hooks::PREFERENCES}
                    onclick={click(&props.on_preferences)}>{ t.preferences.clone() }</button>
            </div>
        </section>
    }
}
