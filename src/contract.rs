//! What the loader (`assets/loader/`) and the wasm builds both know, written once.
//!
//! The boot answers, the verdicts, the hook names, the markers the loader writes on elements,
//! the default cookie name and where the compact form is stored: the Rust side uses these
//! constants, and [`loader_module`] writes them as the TypeScript module
//! `assets/loader/contract.ts`, which the build bundles into `consentry.js`. A test fails when
//! the committed module is stale; `UPDATE=1 cargo test` rewrites it.

use crate::gate::Verdict;

/// The answers of `boot` (`crate::exports::operations::boot`, a wasm export), by name.
pub mod boot {
    /// The consent in force holds: nothing to ask.
    pub const DECIDED: u8 = 0;
    /// The visitor must be asked (no usable consent, or an incomplete one).
    pub const ASK: u8 = 1;
    /// The manifest is invalid: nothing gated may run. The gate checks but does not word
    /// errors: the explain build does.
    pub const INVALID: u8 = 2;
    /// The small gate's: the stored compact form was not made from this manifest text (or there
    /// is none), and this build cannot read JSON: boot the checking build.
    pub const STALE: u8 = 3;
    /// Every answer, by its constant's name.
    pub const ALL: &[(&str, u8)] = &[
        ("DECIDED", DECIDED),
        ("ASK", ASK),
        ("INVALID", INVALID),
        ("STALE", STALE),
    ];
}

impl Verdict {
    /// Every verdict, in the order of their codes.
    pub const ALL: [Verdict; 3] = [Verdict::Run, Verdict::Wait, Verdict::Unknown];

    /// The number that crosses to the loader.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// Its name in the loader's `VERDICT` table.
    pub const fn name(self) -> &'static str {
        match self {
            Verdict::Run => "RUN",
            Verdict::Wait => "WAIT",
            Verdict::Unknown => "UNKNOWN",
        }
    }
}

/// The cookie the loader looks for when the tag gives no `data-cookie`: the manifest's default.
pub const DEFAULT_COOKIE_NAME: &str = crate::manifest::DEFAULT_COOKIE_NAME;
/// Appended to the cookie's name, the `localStorage` key of the stored compact form.
pub const FORM_KEY_SUFFIX: &str = ":manifest";
/// The `BroadcastChannel` other tabs of the site hear changes on.
pub const CHANNEL: &str = "consentry";
/// The `event` of the `dataLayer` entry pushed with each Google Consent Mode update, for tag
/// managers' triggers; it carries `consentry_accepted` and `consentry_refused` (id lists).
pub const DATA_LAYER_EVENT: &str = "consentry_update";
/// The attribute whose value is one of the [`crate::hooks`] names.
pub const HOOK_ATTRIBUTE: &str = "data-consentry";
/// The attribute the loader marks gated elements with once it looked at them.
pub const STATE_ATTRIBUTE: &str = "data-consentry-state";
/// [`STATE_ATTRIBUTE`]'s values: waiting to be activated, activated, naming no known id.
pub const STATES: &[(&str, &str)] = &[("QUEUED", "queued"), ("RUN", "run"), ("UNKNOWN", "unknown")];
/// The attribute on a script injected for a manifest-declared service, holding its id.
pub const SERVICE_ATTRIBUTE: &str = "data-consentry-service";
/// Any element with this attribute opens the preferences panel when clicked.
pub const OPEN_ATTRIBUTE: &str = "data-consentry-open";

/// The TypeScript module `assets/loader/contract.ts`: every constant above, as enums, which
/// esbuild inlines into the loader where they are used (no table of names is shipped).
#[cfg(not(target_arch = "wasm32"))]
pub fn loader_module() -> String {
    use core::fmt::Write;
    let string = |s: &str| {
        let mut out = String::new();
        crate::manifest::json::write_string(s, &mut out);
        out
    };
    let mut out = String::from(
        "// Generated from src/contract.rs and src/hooks.rs: do not edit. `UPDATE=1 cargo test`\n\
         // rewrites it; a test fails when it is stale.\n",
    );
    let mut export = |doc: &str, name: &str, rows: Vec<(&str, String)>| {
        let _ = writeln!(out, "\n/** {doc} */\nexport enum {name} {{");
        for (key, value) in rows {
            let _ = writeln!(out, "  {key} = {value},");
        }
        out.push_str("}\n");
    };
    export(
        "The gate's boot answers.",
        "BOOT",
        boot::ALL.iter().map(|(k, v)| (*k, v.to_string())).collect(),
    );
    export(
        "The verdicts on a data-consent value.",
        "VERDICT",
        Verdict::ALL
            .iter()
            .map(|v| (v.name(), v.code().to_string()))
            .collect(),
    );
    export(
        "The data-consentry hook names.",
        "HOOK",
        crate::hooks::ALL
            .iter()
            .map(|(k, v)| (*k, string(v)))
            .collect(),
    );
    export(
        "The values of ATTRIBUTE.STATE.",
        "STATE",
        STATES.iter().map(|(k, v)| (*k, string(v))).collect(),
    );
    use crate::engine::visit::{self, Build};
    export(
        "The wasm builds' file names.",
        "BUILD",
        Build::ALL
            .iter()
            .map(|b| (b.name(), string(b.file())))
            .collect(),
    );
    export(
        "The build a page view starts with, by what the browser keeps (engine::visit::first_build).",
        "FIRST_BUILD",
        visit::FIRST_VISITS
            .iter()
            .map(|&(name, cookie, form)| (name, string(visit::first_build(cookie, form).file())))
            .collect(),
    );
    export(
        "The build that takes over for a change, by whether the page fetched the UI (engine::visit::changer).",
        "CHANGER",
        vec![
            ("UI_FETCHED", string(visit::changer(true).file())),
            ("NO_UI", string(visit::changer(false).file())),
        ],
    );
    export(
        "The attributes the loader reads or writes.",
        "ATTRIBUTE",
        vec![
            ("HOOK", string(HOOK_ATTRIBUTE)),
            ("STATE", string(STATE_ATTRIBUTE)),
            ("SERVICE", string(SERVICE_ATTRIBUTE)),
            ("OPEN", string(OPEN_ATTRIBUTE)),
        ],
    );
    export(
        "Names the loader uses in the browser.",
        "NAME",
        vec![
            ("DEFAULT_COOKIE", string(DEFAULT_COOKIE_NAME)),
            ("FORM_KEY_SUFFIX", string(FORM_KEY_SUFFIX)),
            ("CHANNEL", string(CHANNEL)),
            ("DATA_LAYER_EVENT", string(DATA_LAYER_EVENT)),
            (
                "GOOGLE_SIGNALS",
                string(&crate::manifest::google::GoogleSignal::NAMES.join(" ")),
            ),
        ],
    );
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn verdict_codes_are_distinct_and_in_order() {
        for (i, v) in Verdict::ALL.iter().enumerate() {
            assert_eq!(usize::from(v.code()), i, "{v:?}");
        }
        let codes: Vec<u8> = boot::ALL.iter().map(|(_, c)| *c).collect();
        assert_eq!(codes, [0, 1, 2, 3]);
    }

    #[test]
    fn the_module_exports_every_constant() {
        let js = loader_module();
        assert!(js.contains("export enum BOOT {\n  DECIDED = 0,\n"));
        assert!(js.contains("  STALE = 3,\n}"));
        assert!(js.contains("  UNKNOWN = 2,\n}"));
        assert!(js.contains("  LOAD_ONCE = \"load-once\",\n"));
        assert!(js.contains("  FORM_KEY_SUFFIX = \":manifest\",\n"));
        assert_eq!(js.matches("export enum ").count(), 9);
        assert!(js.contains("  COOKIE_AND_FORM = \"consentry_gate\",\n"));
    }

    #[test]
    fn committed_loader_contract_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/loader/contract.ts");
        let fresh = loader_module();
        if std::env::var_os("UPDATE").is_some() {
            std::fs::write(path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == fresh,
            "assets/loader/contract.ts differs from src/contract.rs; run `UPDATE=1 cargo test` \
             and commit it"
        );
    }
}
