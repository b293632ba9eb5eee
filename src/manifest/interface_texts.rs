//! The interface texts, declared once: the manifest's `texts` object ([`UiTexts`]), the texts
//! resolved for one language ([`ResolvedTexts`], [`EmbedTexts`]) and the built-in wordings by
//! language ([`DEFAULT_TEXTS`], [`DEFAULT_EMBED_TEXTS`]).
//!
//! The texts come in two groups: the banner's and panel's, which only the UI build shows, and
//! the embed placeholders', which the gate build fills in too; a group's built-in wordings are
//! linked only into a build that shows them.

use super::compact::{Compact, Reader, Writer};
use super::decode::{Decode, Decoder};
use super::json::{Node, Value};
use super::model::Manifest;
use super::report::{Path, Report};
use super::schema::{Encode, Json, Type, Typed};
use crate::map::Map;
use crate::prelude::*;

/// Declares every interface text once, by group: see the module documentation.
macro_rules! interface_texts {
    (
        $(
            $(#[doc = $gdoc:literal])*
            group $group:ident ($form:ident), built in $table:ident, resolved by $resolve:ident {
                $( $(#[doc = $doc:literal])* $field:ident, )+
            }
        )+
    ) => {
        /// Interface texts in one language, by name (`"banner_title"`); each one left out uses
        /// the default language's, then the built-in one.
        ///
        /// A map, not a struct of every text: reading, keeping and resolving a map is one piece
        /// of code however many texts there are, where a struct would take code per text in
        /// every build (the first visit's download grew with each text).
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct UiTexts(pub Map<String, String>);

        impl UiTexts {
            /// The names of the texts, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$($( stringify!($field), )+)+];
            /// Whether each of [`Self::FIELDS`] is kept in the compact form (the small gate
            /// reads those).
            const IN_FORM: &'static [bool] = &[$($( interface_texts!(@in_form $form $field), )+)+];

            /// Its description in the JSON Schema, with every text.
            pub const OBJECT: $crate::manifest::schema::Object = $crate::manifest::schema::Object {
                name: "ui_texts",
                doc: "Interface texts in one language; each one left out uses the default language's, then the built-in one.",
                fields: &[$($(
                    $crate::manifest::schema::Field {
                        name: stringify!($field),
                        ty: <String as $crate::manifest::schema::Typed>::TYPE,
                        required: false,
                        nullable: false,
                        default: None,
                        doc: concat!($($doc),*),
                    },
                )+)+],
            };

            /// The text called `name`, if given.
            pub fn get(&self, name: &str) -> Option<&str> {
                self.0.get(name).map(String::as_str)
            }
        }
        /// Every interface text, resolved for one language.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct ResolvedTexts {
            $($( $(#[doc = $doc])* pub $field: String, )+)+
        }

        $(
            $(#[doc = $gdoc])*
            ///
            /// `S` is `String` for the texts resolved for a page, `&'static str` for built-ins.
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct $group<S = String> {
                $( $(#[doc = $doc])* pub $field: S, )+
            }

            impl Manifest {
                /// The texts of this group in `lang`, with the same fallbacks as
                /// [`Manifest::ui_texts`].
                pub fn $resolve(&self, lang: &str) -> $group {
                    let b = builtin($table, lang);
                    $group { $( $field: pick(self, lang, stringify!($field), b.$field), )+ }
                }
            }
        )+

        impl Manifest {
            /// The interface texts in `lang`: the manifest's own, else its default language's,
            /// else the built-in ones.
            pub fn ui_texts(&self, lang: &str) -> ResolvedTexts {
                $( let $resolve = self.$resolve(lang); )+
                ResolvedTexts { $($( $field: $resolve.$field, )+)+ }
            }
        }
    };
    (@in_form in_form $field:ident) => { true };
    (@in_form skip_form $field:ident) => { false };
}

impl Typed for UiTexts {
    const TYPE: Type = Type::Object("ui_texts");
}

/// Every field a text, as a string; a name that is not a text is refused with a did-you-mean,
/// and so is `null`.
impl Decode for UiTexts {
    const EXPECTED: &'static str = "an object";
    fn decode<R: Report>(d: &mut Decoder<'_, R>, node: &Node, path: Path) -> Option<Self> {
        d.object(node, path, Self::FIELDS, &[])?;
        let mut texts = Map::new();
        if let Value::Object(fields) = &node.value {
            for (name, _, text) in fields {
                if let Some(text) = String::decode(d, text, path.key(name)) {
                    texts.insert(name.clone(), text);
                }
            }
        }
        Some(UiTexts(texts))
    }
}

/// The texts the small gate reads (embed placeholders'); the others only the UI shows, and it
/// reads the JSON.
impl Compact for UiTexts {
    fn put(&self, w: &mut Writer) {
        let kept = Self::FIELDS
            .iter()
            .zip(Self::IN_FORM)
            .filter(|(_, kept)| **kept);
        let kept: Map<String, String> = kept
            .filter_map(|(name, _)| Some(((*name).to_owned(), self.get(name)?.to_owned())))
            .collect();
        kept.put(w);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Map::take(r).map(UiTexts)
    }
}

impl Encode for UiTexts {
    fn encode(&self) -> Json {
        Json::Obj(
            self.0
                .iter()
                .map(|(k, v)| (k.clone(), Json::str(v)))
                .collect(),
        )
    }
}

interface_texts! {
    /// The texts of the banner and the preferences panel.
    // Only the UI shows them, and it reads the JSON: the compact form leaves them out.
    group BannerTexts (skip_form), built in DEFAULT_TEXTS, resolved by banner_texts {
        /// The banner's heading.
        banner_title,
        /// The banner's body text.
        banner_description,
        /// The "Accept all" button.
        accept_all,
        /// The "Reject all" button, as prominent as "Accept all".
        reject_all,
        /// The button that opens the preferences panel.
        preferences,
        /// The preferences panel's heading.
        preferences_title,
        /// The preferences panel's introduction.
        preferences_description,
        /// The panel's button that saves the choices made.
        save,
        /// The accessible name of the panel's close button.
        close,
        /// The label shown on required categories instead of a toggle.
        always_on,
        /// The text of the link to `site.policy_url`.
        policy_link,
        /// The banner's note when a browser privacy signal was honoured.
        signal_notice,
        /// The label before a service's cookies in the panel, with its punctuation.
        cookies_label,
        /// A cookie's lifetime when it lives less than a day or until the browser closes.
        lifetime_under_a_day,
        /// The label before the hosts a service contacts, in the panel, with its punctuation.
        hosts_label,
    }
    /// The texts of an embed placeholder, before `{service}` and `{provider}` are filled in.
    // The small gate fills in placeholders: the compact form keeps them.
    group EmbedTexts (in_form), built in DEFAULT_EMBED_TEXTS, resolved by embed_texts {
        /// The text on an embed's placeholder; `{service}` and `{provider}` are filled in.
        embed_notice,
        /// The placeholder's button that loads the embed this once.
        load_once,
        /// The placeholder's button that accepts the service for good; `{service}` is filled in.
        always_allow,
    }
}

/// Built-in texts of the banner and panel, by language; the first is the fallback.
pub const DEFAULT_TEXTS: &[(&str, BannerTexts<&str>)] = &[
    (
        "en",
        BannerTexts {
            banner_title: "We value your privacy",
            banner_description: "We use cookies and similar tools to run this site, and, with your consent, to measure its use and to show ads. You can accept all, reject all, or choose per purpose, and change your mind at any time.",
            accept_all: "Accept all",
            reject_all: "Reject all",
            preferences: "Preferences",
            preferences_title: "Privacy preferences",
            preferences_description: "Choose which purposes you allow. Strictly necessary cookies are always on because the site cannot work without them.",
            save: "Save choices",
            close: "Close",
            always_on: "Always on",
            policy_link: "Privacy policy",
            signal_notice: "Your browser asks sites not to sell, share or track your data, and we honour it: those purposes stay off unless you turn them on yourself.",
            cookies_label: "Cookies:",
            lifetime_under_a_day: "less than a day",
            hosts_label: "Data goes to:",
        },
    ),
    (
        "fr",
        BannerTexts {
            banner_title: "Votre vie privée compte",
            banner_description: "Nous utilisons des cookies et des outils similaires pour faire fonctionner ce site et, avec votre accord, pour mesurer son utilisation et afficher des publicités. Vous pouvez tout accepter, tout refuser ou choisir par finalité, et changer d'avis à tout moment.",
            accept_all: "Tout accepter",
            reject_all: "Tout refuser",
            preferences: "Préférences",
            preferences_title: "Préférences de confidentialité",
            preferences_description: "Choisissez les finalités que vous autorisez. Les cookies strictement nécessaires sont toujours actifs car le site ne peut pas fonctionner sans eux.",
            save: "Enregistrer",
            close: "Fermer",
            always_on: "Toujours actif",
            policy_link: "Politique de confidentialité",
            signal_notice: "Votre navigateur demande aux sites de ne pas vendre, partager ni suivre vos données, et nous le respectons : ces finalités restent désactivées sauf si vous les activez vous-même.",
            cookies_label: "Cookies\u{a0}:",
            lifetime_under_a_day: "moins d’un jour",
            hosts_label: "Données envoyées à\u{a0}:",
        },
    ),
];

/// Built-in texts of embed placeholders, by language; the first is the fallback.
pub const DEFAULT_EMBED_TEXTS: &[(&str, EmbedTexts<&str>)] = &[
    (
        "en",
        EmbedTexts {
            embed_notice: "This content is provided by {provider}. Loading it lets {provider} set cookies and see that you visited this page.",
            load_once: "Load once",
            always_allow: "Always allow {service}",
        },
    ),
    (
        "fr",
        EmbedTexts {
            embed_notice: "Ce contenu est fourni par {provider}. Le charger permet à {provider} de déposer des cookies et de savoir que vous avez consulté cette page.",
            load_once: "Charger une fois",
            always_allow: "Toujours autoriser {service}",
        },
    ),
];

/// `template` with `{service}` and `{provider}` replaced.
pub fn fill(template: &str, service: &str, provider: &str) -> String {
    let mut out = String::with_capacity(template.len() + service.len() + provider.len());
    let mut rest = template;
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        // `{` is ASCII, so `open` is a char boundary; `get` keeps the panic path out of the
        // gate build.
        out.push_str(rest.get(..open).unwrap_or_default());
        let tail = rest.get(open..).unwrap_or_default();
        let (value, skip) = if tail.starts_with("{service}") {
            (service, "{service}".len())
        } else if tail.starts_with("{provider}") {
            (provider, "{provider}".len())
        } else {
            ("{", 1)
        };
        out.push_str(value);
        rest = tail.get(skip..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// The manifest's own text `name` for `lang`, else for its default language, else `builtin`.
fn pick(m: &Manifest, lang: &str, name: &str, builtin: &str) -> String {
    let own = |lang: &str| m.texts.get(lang).and_then(|t| t.get(name));
    own(lang)
        .or_else(|| own(&m.languages.default))
        .unwrap_or(builtin)
        .to_owned()
}

/// The built-in texts of `table` in `lang`, else in its first language.
fn builtin<'a, T>(table: &'a [(&str, T)], lang: &str) -> &'a T {
    let found = table.iter().find(|(l, _)| *l == lang);
    &found
        .or(table.first())
        .expect("a built-in table has a language")
        .1
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("Always allow {service}", "TubeCast", "T Inc."),
            "Always allow TubeCast"
        );
        assert_eq!(fill("{provider}: {provider} {x} {", "s", "P"), "P: P {x} {");
    }
}
