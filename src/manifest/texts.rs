//! Interface texts resolved for one language, with built-in defaults.

use super::model::{Manifest, UiTexts};

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

/// Built-in defaults, by language: (lang, [banner_title, banner_description, accept_all,
/// reject_all, preferences, preferences_title, preferences_description, save, close, always_on,
/// policy_link, signal_notice, embed_notice, load_once, always_allow]).
pub const DEFAULT_TEXTS: &[(&str, [&str; 15])] = &[
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
            "This content is provided by {provider}. Loading it lets {provider} set cookies and see that you visited this page.",
            "Load once",
            "Always allow {service}",
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
            "Ce contenu est fourni par {provider}. Le charger permet à {provider} de déposer des cookies et de savoir que vous avez consulté cette page.",
            "Charger une fois",
            "Toujours autoriser {service}",
        ],
    ),
];

/// `template` with `{service}` and `{provider}` replaced.
pub fn fill(template: &str, service: &str, provider: &str) -> String {
    let mut out = String::with_capacity(template.len() + service.len() + provider.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let (value, skip) = if tail.starts_with("{service}") {
            (service, "{service}".len())
        } else if tail.starts_with("{provider}") {
            (provider, "{provider}".len())
        } else {
            ("{", 1)
        };
        out.push_str(value);
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out
}

impl Manifest {
    /// The interface texts in `lang`: the manifest's own, else its default language's, else
    /// the built-in ones.
    pub fn ui_texts(&self, lang: &str) -> ResolvedTexts {
        let own = self.texts.get(lang);
        let fallback = self.texts.get(&self.languages.default);
        let builtin = DEFAULT_TEXTS
            .iter()
            .find(|(l, _)| *l == lang)
            .unwrap_or(&DEFAULT_TEXTS[0])
            .1;
        let pick = |f: fn(&UiTexts) -> &Option<String>, i: usize| -> String {
            own.and_then(|t| f(t).clone())
                .or_else(|| fallback.and_then(|t| f(t).clone()))
                .unwrap_or_else(|| builtin[i].to_owned())
        };
        ResolvedTexts {
            banner_title: pick(|t| &t.banner_title, 0),
            banner_description: pick(|t| &t.banner_description, 1),
            accept_all: pick(|t| &t.accept_all, 2),
            reject_all: pick(|t| &t.reject_all, 3),
            preferences: pick(|t| &t.preferences, 4),
            preferences_title: pick(|t| &t.preferences_title, 5),
            preferences_description: pick(|t| &t.preferences_description, 6),
            save: pick(|t| &t.save, 7),
            close: pick(|t| &t.close, 8),
            always_on: pick(|t| &t.always_on, 9),
            policy_link: pick(|t| &t.policy_link, 10),
            signal_notice: pick(|t| &t.signal_notice, 11),
            embed_notice: pick(|t| &t.embed_notice, 12),
            load_once: pick(|t| &t.load_once, 13),
            always_allow: pick(|t| &t.always_allow, 14),
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
