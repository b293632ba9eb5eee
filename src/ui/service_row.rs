//! One service in the preferences panel: its toggle, provider, description, policy, cookies
//! with their lifetimes and the hosts it contacts: who receives what, and for how long, shown
//! before the visitor chooses.

use super::shared::Shared;
use super::toggle::{switch, ToggleProps};
use crate::manifest::{Manifest, ResolvedTexts, ServiceCookie};
use yew::prelude::*;

/// Properties of [`ServiceRow`]. The manifest and texts are compared by identity, so that a
/// panel re-rendered to add rows (or for one toggle) skips every row whose state is unchanged.
#[derive(Properties, PartialEq)]
pub struct ServiceRowProps {
    /// The manifest listing the service.
    pub manifest: Shared<Manifest>,
    /// The service's position in `manifest.services`.
    pub index: usize,
    /// The language to show.
    pub lang: AttrValue,
    /// Interface texts.
    pub texts: Shared<ResolvedTexts>,
    /// Whether the service is on.
    pub on: bool,
    /// Whether its category is required (then it is locked on).
    pub locked: bool,
    /// A toggle changed.
    pub on_toggle: Callback<(AttrValue, bool)>,
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
                { (!s.cookies.is_empty()).then(|| labelled(&t.cookies_label, cookies(&s.cookies, lang, t))) }
                { (!s.hosts.is_empty()).then(|| labelled(&t.hosts_label, s.hosts.join(", "))) }
            </p>
        </li>
    }
}

/// `Label: list` (the label has its punctuation), the list in the panel's monospace.
// Not inlined: measured, the first visit's UI is 220 bytes (brotli) smaller with these two
// called than copied into the row.
#[inline(never)]
fn labelled(label: &str, list: String) -> Html {
    html! { <span>{ [label, " "].concat() }<span class="cy-cookies">{ list }</span></span> }
}

/// `_ga (2 years), _gid (1 day)`: each cookie with its lifetime, where it is given.
fn cookies(list: &[ServiceCookie], lang: &str, t: &ResolvedTexts) -> String {
    let mut out = String::new();
    for c in list {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(c.name());
        if let Some(days) = c.0.max_age_days {
            out.push_str(" (");
            out.push_str(&lifetime(days, lang, t));
            out.push(')');
        }
    }
    out
}

/// A lifetime in the visitor's language: whole years when it is some, else months from 30
/// days, else days; the browser's `Intl.NumberFormat` words the unit in every language.
#[inline(never)]
fn lifetime(days: u32, lang: &str, t: &ResolvedTexts) -> String {
    let (n, unit) = match days {
        0 => return t.lifetime_under_a_day.clone(),
        d if d % 365 == 0 => (d / 365, "year"),
        // Months of 30.44 days, rounded: 183 days are 6 months, 396 are 13.
        d if d >= 30 => ((d * 100 + 1522) / 3044, "month"),
        d => (d, "day"),
    };
    unit_format(n, unit, lang).unwrap_or_else(|| [&n.to_string(), " ", unit].concat())
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's `Intl.NumberFormat`, which words units in every language.
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type UnitFormat;
    /// A formatter for `locale` with `options`; throws (caught) for a tag the browser refuses.
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat", catch)]
    fn new(
        locale: &str,
        options: &wasm_bindgen::JsValue,
    ) -> Result<UnitFormat, wasm_bindgen::JsValue>;
    /// `n` formatted.
    #[wasm_bindgen(method, js_class = "NumberFormat")]
    fn format(this: &UnitFormat, n: u32) -> String;
}

/// `n` of `unit` ("year", "month", "day") worded by `Intl.NumberFormat` for `lang` ("2 years",
/// "2 ans"); `None` if the browser cannot.
fn unit_format(n: u32, unit: &str, lang: &str) -> Option<String> {
    let options = [
        r#"{"style":"unit","unitDisplay":"long","unit":""#,
        unit,
        r#""}"#,
    ]
    .concat();
    let options = js_sys::JSON::parse(&options).ok()?;
    Some(UnitFormat::new(lang, &options).ok()?.format(n))
}
