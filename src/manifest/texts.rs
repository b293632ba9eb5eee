//! Interface texts resolved for one language, with built-in defaults.

use super::model::{Manifest, UiTexts};
use crate::prelude::*;

/// Every interface text, resolved for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTexts {
    /// Banner heading.
    pub banner_title: String,
    /// Banner body text.
    pub banner_description: String,
    /// "Accept all".
    pub accept_all: String,
    /// "Reject all".
    pub reject_all: String,
    /// Opens the panel.
    pub preferences: String,
    /// Panel heading.
    pub preferences_title: String,
    /// Panel introduction.
    pub preferences_description: String,
    /// "Save".
    pub save: String,
    /// Close button's accessible name.
    pub close: String,
    /// Label for required categories.
    pub always_on: String,
    /// Privacy policy link text.
    pub policy_link: String,
    /// Note shown when a browser privacy signal was honoured.
    pub signal_notice: String,
    /// Embed placeholder text (`{service}`, `{provider}` filled in by the caller).
    pub embed_notice: String,
    /// "Load once".
    pub load_once: String,
    /// "Always allow {service}".
    pub always_allow: String,
}

/// Built-in defaults of the banner and panel, by language: (lang, [banner_title,
/// banner_description, accept_all, reject_all, preferences, preferences_title,
/// preferences_description, save, close, always_on, policy_link, signal_notice]).
pub const DEFAULT_TEXTS: &[(&str, [&str; 12])] = &[
    (
        "en",
        [
            "We value your privacy",
            "We use cookies and similar tools to run this site, and, with your consent, to measure its use and to show ads. You can accept all, reject all, or choose per purpose, and change your mind at any time.",
            "Accept all",
            "Reject all",
            "Preferences",
            "Privacy preferences",
            "Choose which purposes you allow. Strictly necessary cookies are always on because the site cannot work without them.",
            "Save choices",
            "Close",
            "Always on",
            "Privacy policy",
            "Your browser asks sites not to sell, share or track your data, and we honour it: those purposes stay off unless you turn them on yourself.",
        ],
    ),
    (
        "fr",
        [
            "Votre vie privée compte",
            "Nous utilisons des cookies et des outils similaires pour faire fonctionner ce site et, avec votre accord, pour mesurer son utilisation et afficher des publicités. Vous pouvez tout accepter, tout refuser ou choisir par finalité, et changer d'avis à tout moment.",
            "Tout accepter",
            "Tout refuser",
            "Préférences",
            "Préférences de confidentialité",
            "Choisissez les finalités que vous autorisez. Les cookies strictement nécessaires sont toujours actifs car le site ne peut pas fonctionner sans eux.",
            "Enregistrer",
            "Fermer",
            "Toujours actif",
            "Politique de confidentialité",
            "Votre navigateur demande aux sites de ne pas vendre, partager ni suivre vos données, et nous le respectons : ces finalités restent désactivées sauf si vous les activez vous-même.",
        ],
    ),
];

/// `template` with `{service}` and `{provider}` replaced.
pub fn fill(template: &str, service: &str, provider: &str) -> String {
    let mut out = String::with_capacity(template.len() + service.len() + provider.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        // `find` returns a char boundary; `get` keeps the panic path out of the gate build.
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

/// Built-in defaults of embed placeholders, by language: (lang, [embed_notice, load_once,
/// always_allow]). Apart from the other texts because the gate build needs only these.
pub const DEFAULT_EMBED_TEXTS: &[(&str, [&str; 3])] = &[
    (
        "en",
        [
            "This content is provided by {provider}. Loading it lets {provider} set cookies and see that you visited this page.",
            "Load once",
            "Always allow {service}",
        ],
    ),
    (
        "fr",
        [
            "Ce contenu est fourni par {provider}. Le charger permet à {provider} de déposer des cookies et de savoir que vous avez consulté cette page.",
            "Charger une fois",
            "Toujours autoriser {service}",
        ],
    ),
];

/// The texts of an embed placeholder, resolved for one language (before `{…}` are filled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedTexts {
    /// What would load and from whom.
    pub notice: String,
    /// "Load once".
    pub load_once: String,
    /// "Always allow {service}".
    pub always_allow: String,
}

/// The manifest's own text for `lang`, else for its default language, else `builtin`.
fn pick(m: &Manifest, lang: &str, field: fn(&UiTexts) -> &Option<String>, builtin: &str) -> String {
    m.texts
        .get(lang)
        .and_then(|t| field(t).clone())
        .or_else(|| {
            m.texts
                .get(&m.languages.default)
                .and_then(|t| field(t).clone())
        })
        .unwrap_or_else(|| builtin.to_owned())
}

fn row<'a, const N: usize>(table: &'a [(&str, [&'a str; N])], lang: &str) -> &'a [&'a str; N] {
    &table
        .iter()
        .find(|(l, _)| *l == lang)
        .unwrap_or(&table[0])
        .1
}

impl Manifest {
    /// The embed placeholder texts in `lang`, with the same fallbacks as [`Manifest::ui_texts`].
    pub fn embed_texts(&self, lang: &str) -> EmbedTexts {
        let b = row(DEFAULT_EMBED_TEXTS, lang);
        EmbedTexts {
            notice: pick(self, lang, |t| &t.embed_notice, b[0]),
            load_once: pick(self, lang, |t| &t.load_once, b[1]),
            always_allow: pick(self, lang, |t| &t.always_allow, b[2]),
        }
    }

    /// The interface texts in `lang`: the manifest's own, else its default language's, else
    /// the built-in ones.
    pub fn ui_texts(&self, lang: &str) -> ResolvedTexts {
        let b = row(DEFAULT_TEXTS, lang);
        let p = |field: fn(&UiTexts) -> &Option<String>, i: usize| pick(self, lang, field, b[i]);
        let embed = self.embed_texts(lang);
        ResolvedTexts {
            banner_title: p(|t| &t.banner_title, 0),
            banner_description: p(|t| &t.banner_description, 1),
            accept_all: p(|t| &t.accept_all, 2),
            reject_all: p(|t| &t.reject_all, 3),
            preferences: p(|t| &t.preferences, 4),
            preferences_title: p(|t| &t.preferences_title, 5),
            preferences_description: p(|t| &t.preferences_description, 6),
            save: p(|t| &t.save, 7),
            close: p(|t| &t.close, 8),
            always_on: p(|t| &t.always_on, 9),
            policy_link: p(|t| &t.policy_link, 10),
            signal_notice: p(|t| &t.signal_notice, 11),
            embed_notice: embed.notice,
            load_once: embed.load_once,
            always_allow: embed.always_allow,
        }
    }
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
