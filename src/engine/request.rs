//! The loader's requests to change the consent, as one JSON object with named fields.
//!
//! `{"how": "custom", "ids": ["analytics"], "random": [16 numbers], "now": ms, "cookies":
//! "…", "host": "…", "path": "…", "secure": true}` for a choice; `{"now", "cookies", "message",
//! "host", "path"}` when another tab changed the consent. Only the builds that read JSON
//! change the consent, so this costs the small gate nothing. A request that is not such an
//! object, or lacks a field, is refused: nothing changes.

use super::Env;
use crate::consent::cookie::consent_id_from;
use crate::consent::Choice;
use crate::manifest::json::{self, Node, Value};
use crate::prelude::*;

/// A parsed request: its fields, read by name.
#[derive(Debug)]
pub struct Request {
    fields: Vec<(String, usize, Node)>,
}

impl Request {
    /// Reads `text`; `None` unless it is a JSON object.
    pub fn parse(text: &str) -> Option<Request> {
        match json::parse(text).ok()?.value {
            Value::Object(fields) => Some(Request { fields }),
            _ => None,
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, n)| &n.value)
    }

    /// The string field `key`.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn whole(&self, key: &str) -> Option<u64> {
        match self.get(key)? {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// What the browser told: `now` (ms since the epoch), `cookies`, `host`, `path`, `secure`.
    pub fn env(&self) -> Option<Env<'_>> {
        Some(Env {
            cookies: self.text("cookies")?,
            host: self.text("host")?,
            path: self.text("path")?,
            secure: matches!(self.get("secure"), Some(Value::Bool(true))),
            now: self.whole("now")? / 1000,
        })
    }

    /// The visitor's choice: `how` is `"all"`, `"none"` or `"custom"` with `ids` accepted
    /// (empty ones ignored).
    pub fn choice(&self) -> Option<Choice> {
        Some(match self.text("how")? {
            "all" => Choice::AcceptAll,
            "none" => Choice::RejectAll,
            "custom" => {
                let Value::Array(ids) = self.get("ids")? else {
                    return None;
                };
                let mut set = crate::map::Set::default();
                for id in ids {
                    let Value::String(id) = &id.value else {
                        return None;
                    };
                    if !id.is_empty() {
                        set.insert(id.clone());
                    }
                }
                Choice::Custom(set)
            }
            _ => return None,
        })
    }

    /// A new consent id, from the 16 random bytes the browser's CSPRNG gave (`random`).
    pub fn consent_id(&self) -> Option<String> {
        let Value::Array(items) = self.get("random")? else {
            return None;
        };
        let mut bytes = [0u8; 16];
        if items.len() != bytes.len() {
            return None;
        }
        for (b, item) in bytes.iter_mut().zip(items) {
            let Value::Number(n) = &item.value else {
                return None;
            };
            *b = n.parse().ok()?;
        }
        Some(consent_id_from(&bytes))
    }

    /// The cookie header as it stands after another tab's change: the page's `cookies`, then
    /// the tab's `message` (its new consent cookie, `name=value`), last so that it wins over a
    /// stale value of the same second. A tab that reads `document.cookie` at once may not see
    /// the other tab's write yet.
    pub fn cookies_after_message(&self) -> Option<String> {
        let mut cookies = self.text("cookies")?.to_owned();
        if let Some(message) = self.text("message") {
            cookies.push_str("; ");
            cookies.push_str(message);
        }
        Some(cookies)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const ENV: &str =
        r#""now": 1700000000999, "cookies": "a=1", "host": "example.com", "path": "/p""#;

    #[test]
    fn a_choice_reads_its_named_fields() {
        let text = format!(
            r#"{{"how": "custom", "ids": ["analytics", "chat"], "random": [{}], "secure": true, {ENV}}}"#,
            ["7"; 16].join(",")
        );
        let r = Request::parse(&text).unwrap();
        let env = r.env().unwrap();
        assert_eq!(
            (env.cookies, env.host, env.path, env.secure, env.now),
            ("a=1", "example.com", "/p", true, 1_700_000_000)
        );
        let Some(Choice::Custom(ids)) = r.choice() else {
            panic!("custom")
        };
        assert!(ids.contains("analytics") && ids.contains("chat") && ids.len() == 2);
        assert_eq!(r.consent_id(), Some(consent_id_from(&[7; 16])));
        let all = Request::parse(&format!(r#"{{"how": "all", {ENV}}}"#)).unwrap();
        assert_eq!(all.choice(), Some(Choice::AcceptAll));
        assert!(!all.env().unwrap().secure);
    }

    #[test]
    fn a_malformed_request_is_refused() {
        for bad in [
            "",
            "[]",
            r#"{"how": "most"}"#,
            r#"{"how": "custom", "ids": "analytics"}"#,
            r#"{"how": "custom", "ids": [1]}"#,
        ] {
            assert!(
                Request::parse(bad).and_then(|r| r.choice()).is_none(),
                "{bad}"
            );
        }
        let r = Request::parse(r#"{"now": "soon", "cookies": "", "host": "h", "path": "/"}"#);
        assert!(r.unwrap().env().is_none(), "now must be a number");
        let short = Request::parse(r#"{"random": [1, 2, 3]}"#).unwrap();
        assert_eq!(short.consent_id(), None);
        let big = format!(r#"{{"random": [{}]}}"#, ["256"; 16].join(","));
        assert_eq!(Request::parse(&big).unwrap().consent_id(), None);
    }

    #[test]
    fn another_tab_s_message_comes_last() {
        let r = Request::parse(&format!(r#"{{"message": "consentry=new", {ENV}}}"#)).unwrap();
        assert_eq!(r.cookies_after_message().unwrap(), "a=1; consentry=new");
        let none = Request::parse(&format!("{{{ENV}}}")).unwrap();
        assert_eq!(none.cookies_after_message().unwrap(), "a=1");
    }
}
