//! What a page view needs before any wasm runs: the decisions the loader makes first, here
//! where they are pure and tested natively. The loader gets them as tables in its contract
//! (`assets/loader/contract.ts`, see [`crate::contract`]), evaluated from these functions.

/// One of the four wasm builds, by what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// The small gate: reads the stored compact form and the consent, changes nothing.
    Gate,
    /// The checking gate: reads and checks the manifest's JSON, changes the consent.
    Check,
    /// The checking gate with the Yew banner and panel.
    Ui,
    /// The wording of a broken manifest's errors.
    Explain,
}

impl Build {
    /// Every build.
    pub const ALL: [Build; 4] = [Build::Gate, Build::Check, Build::Ui, Build::Explain];

    /// Its file name in `pkg/`, without the extension.
    pub const fn file(self) -> &'static str {
        match self {
            Build::Gate => "consentry_gate",
            Build::Check => "consentry_check",
            Build::Ui => "consentry_ui",
            Build::Explain => "consentry_explain",
        }
    }

    /// Its name in the loader's `BUILD` table.
    pub const fn name(self) -> &'static str {
        match self {
            Build::Gate => "GATE",
            Build::Check => "CHECK",
            Build::Ui => "UI",
            Build::Explain => "EXPLAIN",
        }
    }
}

/// The build a page view starts with. A visitor without a consent cookie will be asked: the UI
/// build, so a first visit fetches one module, not two. A returning visitor whose browser keeps
/// a compact form of the manifest: the small gate (which boots the checking one itself if the
/// form was not made from this manifest). Else the checking gate, which reads the JSON.
pub const fn first_build(consent_cookie: bool, stored_form: bool) -> Build {
    match (consent_cookie, stored_form) {
        (false, _) => Build::Ui,
        (true, true) => Build::Gate,
        (true, false) => Build::Check,
    }
}

/// The situations of [`first_build`], by their names in the loader's `FIRST_BUILD` table.
pub const FIRST_VISITS: [(&str, bool, bool); 3] = [
    ("NO_COOKIE", false, false),
    ("COOKIE_AND_FORM", true, true),
    ("COOKIE_ONLY", true, false),
];

/// The build that takes over a page whose gate cannot change the consent, when a change comes:
/// the UI build if the page has it (or is fetching it), else the checking gate.
pub const fn changer(ui_fetched: bool) -> Build {
    if ui_fetched {
        Build::Ui
    } else {
        Build::Check
    }
}

/// Whether the loader keeps the booted manifest's compact form for the next page view: only
/// once a consent is in force (never before the visitor has chosen), and only when the gate
/// read the JSON (a gate that booted from the form has nothing new to keep).
pub const fn keep_form(consent_in_force: bool, read_the_json: bool) -> bool {
    consent_in_force && read_the_json
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_first_visit_fetches_one_module_and_a_returning_one_the_smallest_that_serves() {
        assert_eq!(first_build(false, false), Build::Ui);
        assert_eq!(
            first_build(false, true),
            Build::Ui,
            "a form without a cookie is ignored"
        );
        assert_eq!(
            first_build(true, true),
            Build::Gate,
            "only the small gate is given a stored form: the builds that read JSON carry no reader for it"
        );
        assert_eq!(first_build(true, false), Build::Check);
        for (_, cookie, form) in FIRST_VISITS {
            assert_ne!(first_build(cookie, form), Build::Explain);
        }
    }

    #[test]
    fn a_change_uses_the_ui_build_when_the_page_has_it() {
        assert_eq!(changer(true), Build::Ui);
        assert_eq!(changer(false), Build::Check);
    }

    #[test]
    fn the_form_is_kept_only_after_a_choice_and_only_when_new() {
        assert!(keep_form(true, true));
        assert!(
            !keep_form(false, true),
            "never before the visitor has chosen"
        );
        assert!(!keep_form(true, false), "booted from the form: nothing new");
    }

    #[test]
    fn every_build_has_its_own_file() {
        let files: Vec<&str> = Build::ALL.iter().map(|b| b.file()).collect();
        assert_eq!(
            files,
            [
                "consentry_gate",
                "consentry_check",
                "consentry_ui",
                "consentry_explain"
            ]
        );
    }
}
