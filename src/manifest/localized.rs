//! Visitor-facing text: one string, or a map from language tag to string.

use crate::map::Map;
use crate::prelude::*;

/// A text given once for every language, or per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// The same text in every language.
    One(String),
    /// One text per language tag (`{"en": "…", "fr": "…"}`).
    ByLanguage(Map<String, String>),
}

/// An empty text: a blank to fill (see `compact`), not a valid title.
impl Default for Text {
    fn default() -> Self {
        Text::One(String::new())
    }
}

impl Text {
    /// The text in `lang`, falling back to `default_lang`, then to any text given.
    pub fn get<'a>(&'a self, lang: &str, default_lang: &str) -> &'a str {
        match self {
            Text::One(s) => s,
            Text::ByLanguage(map) => map
                .get(lang)
                .or_else(|| map.get(default_lang))
                .or_else(|| map.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }

    /// Whether a text is given for `lang` (always true for [`Text::One`]).
    pub fn has(&self, lang: &str) -> bool {
        match self {
            Text::One(_) => true,
            Text::ByLanguage(map) => map.contains_key(lang),
        }
    }

    /// Every string in this text, with its language (`None` for [`Text::One`]).
    pub fn entries(&self) -> Vec<(Option<&str>, &str)> {
        match self {
            Text::One(s) => vec![(None, s.as_str())],
            Text::ByLanguage(map) => map
                .iter()
                .map(|(k, v)| (Some(k.as_str()), v.as_str()))
                .collect(),
        }
    }
}

/// A field that holds a visitor-facing text, or may: what a `[text]` row of a declaration is
/// (see `declare.rs`).
pub trait AsText {
    /// The text, if one is given.
    fn as_text(&self) -> Option<&Text>;
}

impl AsText for Text {
    fn as_text(&self) -> Option<&Text> {
        Some(self)
    }
}

impl AsText for Option<Text> {
    fn as_text(&self) -> Option<&Text> {
        self.as_ref()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::One(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_default_language() {
        let t = Text::ByLanguage(
            [
                ("en".into(), "Ads".into()),
                ("fr".into(), "Publicité".into()),
            ]
            .into(),
        );
        assert_eq!(t.get("fr", "en"), "Publicité");
        assert_eq!(t.get("de", "en"), "Ads");
        assert_eq!(Text::from("x").get("de", "en"), "x");
    }
}
