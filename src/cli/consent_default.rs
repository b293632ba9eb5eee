//! `consentry snippet`: the inline script that sets Google Consent Mode's default, for a page
//! to paste above its Google tags.
//!
//! In advanced mode the page loads Google's tags at once, so their default must come before
//! them, earlier than any async loader can run. This prints that default as a few bytes of
//! inline script, made from the same state the loader pushes (`engine::consent_mode`): the
//! seven signals as without a consent, `wait_for_update`, the regions, and the `set` calls.
//! The loader then sees the default in `dataLayer` and pushes no second one.

use super::{cookie::read_manifest, Outcome};
use crate::engine::consent_mode::State;
use crate::manifest::google::{GoogleMode, GoogleSignal};
use crate::manifest::Manifest;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Prints the snippet for the manifest in `file`: with `nonce`, its script carries that nonce
/// attribute; with `hash`, the CSP source of its text follows, for `script-src`.
pub(super) fn run(file: &str, nonce: Option<&str>, hash: bool) -> Outcome {
    let Some(manifest) = read_manifest(file) else {
        return Outcome::Invalid;
    };
    let Some(script) = script(&manifest) else {
        eprintln!(
            "consentry: {file} does not declare google_consent_mode, so Consentry pushes nothing \
             to Google's tags; add \"google_consent_mode\": {{}} to the manifest first"
        );
        return Outcome::Invalid;
    };
    if let Some(n) = nonce.filter(|n| n.contains(['"', '<', '>'])) {
        eprintln!("consentry: the nonce {n:?} cannot go in an HTML attribute");
        return Outcome::Unusable;
    }
    let mode = manifest.google_consent_mode.as_ref().map(|g| g.mode);
    let note = if mode == Some(GoogleMode::Advanced) {
        "Paste above the Google tag (gtag.js or Tag Manager) on every page"
    } else {
        "Basic mode needs none (Consentry sets the default before any gated Google tag); \
         with it the default is set earlier still"
    };
    println!("<!-- Consentry: Google Consent Mode's default. {note}. -->");
    match nonce {
        Some(n) => println!("<script nonce=\"{n}\">{script}</script>"),
        None => println!("<script>{script}</script>"),
    }
    if hash {
        println!(
            "<!-- For a CSP without nonces, allow it in script-src: {} -->",
            csp_source(&script)
        );
    }
    Outcome::Ok
}

/// The snippet's script text: `dataLayer` and `gtag` as Google's own tag defines them, then the
/// default and the `set` calls; `None` when the manifest does not declare Consent Mode.
pub fn script(manifest: &Manifest) -> Option<String> {
    let state = State::of(manifest, None)?;
    // In Google's order, as the loader writes it (serde_json's map would sort the keys).
    let mut members: Vec<String> = GoogleSignal::NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let granted = state.default & (1 << i) != 0;
            format!(
                "\"{name}\":\"{}\"",
                if granted { "granted" } else { "denied" }
            )
        })
        .collect();
    members.push(format!(
        "\"wait_for_update\":{}",
        state.settings.wait_for_update
    ));
    if !state.settings.regions.is_empty() {
        let regions = serde_json::to_string(&state.settings.regions).ok()?;
        members.push(format!("\"region\":{regions}"));
    }
    let mut out = String::from(
        "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}",
    );
    out.push_str(&format!(
        "gtag(\"consent\",\"default\",{{{}}});",
        members.join(",")
    ));
    let set = state.set();
    for (bit, name) in [(1, "ads_data_redaction"), (2, "url_passthrough")] {
        if set & bit != 0 {
            out.push_str(&format!("gtag(\"set\",\"{name}\",true);"));
        }
    }
    Some(out)
}

/// The CSP source that allows exactly this inline script: `'sha256-…'`.
fn csp_source(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(settings: &str) -> Manifest {
        Manifest::from_json(&format!(
            r#"{{"version":1,"revision":1,"site":{{"name":"S"}},"google_consent_mode":{settings},
                "categories":[{{"id":"necessary","required":true,"title":"N"}},
                              {{"id":"analytics","title":"A"}}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn the_default_is_every_signal_denied_but_what_is_required() {
        let s = script(&manifest(
            r#"{"regions":["DE","AT"],"url_passthrough":true}"#,
        ))
        .unwrap();
        assert_eq!(
            s,
            "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}\
             gtag(\"consent\",\"default\",{\"ad_storage\":\"denied\",\"ad_user_data\":\"denied\",\
             \"ad_personalization\":\"denied\",\"analytics_storage\":\"denied\",\
             \"functionality_storage\":\"granted\",\"personalization_storage\":\"denied\",\
             \"security_storage\":\"granted\",\"wait_for_update\":500,\"region\":[\"DE\",\"AT\"]});\
             gtag(\"set\",\"ads_data_redaction\",true);gtag(\"set\",\"url_passthrough\",true);"
        );
    }

    #[test]
    fn without_consent_mode_there_is_no_snippet() {
        let m = Manifest::from_json(
            r#"{"version":1,"revision":1,"site":{"name":"S"},
                "categories":[{"id":"necessary","required":true,"title":"N"}]}"#,
        )
        .unwrap();
        assert_eq!(script(&m), None);
    }

    #[test]
    fn the_csp_source_is_the_base64_sha256_of_the_text() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }
}
