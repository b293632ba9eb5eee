use super::*;
use crate::consent::Choice;
use crate::map::Set;

const MANIFEST: &str = r#"{"version":1,"revision":3,"site":{"name":"Shop \"Q\""},
  "categories":[{"id":"necessary","required":true,"title":"Necessary"},
                {"id":"analytics","title":"Analytics"},{"id":"support","title":"Support"},
                {"id":"ads","title":"Ads","sale_or_sharing":true}],
  "services":[
    {"id":"chat","category":"support","title":"Chat","provider":"Intercom, Inc.",
     "policy_url":"https://intercom.example/privacy","cookies":["intercom-*"],
     "globals":{"intercomSettings":{"app_id":"a\"b"}},
     "scripts":[{"src":"https://widget.example/w.js","async":true}],
     "on_revoke":{"call":"Intercom","args":["shutdown"]}},
    {"id":"stats","category":"analytics","title":"Stats","cookies":["_pk_*"],"on_revoke":"nothing"},
    {"id":"video","category":"ads","title":"Video"}]}"#;

fn manifest() -> Rc<Manifest> {
    Rc::new(Manifest::from_json(MANIFEST).unwrap())
}

/// A well-formed consent id.
const ID: &str = "0123456789abcdef";

const NOW: u64 = 1_790_000_000;

fn env(cookies: &str) -> Env<'_> {
    Env {
        cookies,
        host: "shop.example.com",
        path: "/cart",
        secure: true,
        now: NOW,
    }
}

/// The `name=value` part of a `document.cookie` assignment.
fn pair(assignment: &str) -> &str {
    assignment.split(';').next().unwrap()
}

#[test]
fn a_first_visit_asks_and_only_required_ids_run() {
    let (page, ask) = Page::boot(manifest(), "other=1", NOW, false, false);
    assert!(ask);
    assert!(page.consent.is_none());
    assert_eq!(page.consent_json(), "null");
    assert_eq!(page.selection().collect::<Vec<_>>(), ["necessary"]);
    assert_eq!(page.verdict("necessary"), Verdict::Run);
    assert_eq!(page.verdict("chat"), Verdict::Wait);
    assert_eq!(page.verdict("chat typo"), Verdict::Unknown);
}

#[test]
fn a_choice_is_stored_and_read_back_on_the_next_page_view() {
    let (mut page, _) = Page::boot(manifest(), "", NOW, false, false);
    let plan = page.choose(&Choice::AcceptAll, ID.into(), &env(""));
    let store = plan.store.as_deref().unwrap();
    assert!(store.starts_with("consentry="), "{store}");
    assert!(store.ends_with("; Secure"), "{store}");
    assert!(plan.delete.is_empty() && plan.calls.is_empty() && !plan.reload);
    assert_eq!(
        plan.changed,
        ["analytics", "support", "ads", "chat", "stats", "video"]
    );

    let (next, ask) = Page::boot(manifest(), pair(store), NOW + 60, false, false);
    assert!(!ask);
    assert_eq!(next.consent, page.consent);
    assert_eq!(next.verdict("chat"), Verdict::Run);
    let json = next.consent_json();
    assert!(json.starts_with(r#"{"revision":3,"givenAt":1790000000000,"id":"0123456789abcdef","method":"accept-all","accepted":["necessary","#), "{json}");
    assert!(json.ends_with(r#""refused":[],"signals":[]}"#), "{json}");
}

#[test]
fn an_unreadable_or_outdated_cookie_is_no_consent() {
    for cookies in ["consentry=garbage", "consentry=", "consentry"] {
        let (page, ask) = Page::boot(manifest(), cookies, NOW, false, false);
        assert!(ask && page.consent.is_none(), "{cookies}");
    }
    let (mut page, _) = Page::boot(manifest(), "", NOW, false, false);
    let store = page
        .choose(&Choice::AcceptAll, ID.into(), &env(""))
        .store
        .unwrap();
    let other_revision = Rc::new(
        Manifest::from_json(&MANIFEST.replace("\"revision\":3", "\"revision\":4")).unwrap(),
    );
    let (page, ask) = Page::boot(other_revision, pair(&store), NOW, false, false);
    assert!(ask && page.consent.is_none());
    let (page, ask) = Page::boot(manifest(), pair(&store), NOW + 400 * 86_400, false, false);
    assert!(ask && page.consent.is_none(), "a year and more later");
}

#[test]
fn withdrawing_what_ran_calls_on_revoke_then_deletes_its_cookies() {
    let (mut page, _) = Page::boot(manifest(), "", NOW, false, false);
    page.choose(&Choice::AcceptAll, ID.into(), &env(""));
    page.mark_ran("chat");
    page.mark_ran("stats");
    let cookies = "consentry=x; intercom-id-7=1; _pk_id.1=2; keep=3";
    let plan = page.choose(
        &Choice::Custom(Set::from(["analytics".to_owned()])),
        ID.into(),
        &env(cookies),
    );
    assert_eq!(
        plan.calls,
        [("Intercom".to_owned(), vec!["shutdown".to_owned()])]
    );
    assert!(
        !plan.reload,
        "chat calls a function and stats does nothing; neither reloads"
    );
    let deleted: Set<&str> = plan.delete.iter().map(|a| pair(a)).collect();
    assert_eq!(
        deleted.iter().copied().collect::<Vec<_>>(),
        ["intercom-id-7="]
    );
    assert!(
        plan.delete.iter().any(|a| a.contains("Domain=example.com")),
        "{:?}",
        plan.delete
    );
    assert_eq!(plan.changed, ["support", "ads", "chat", "video"]);

    // A category id that ran can only be taken out by a reload.
    page.mark_ran("analytics");
    let plan = page.choose(&Choice::RejectAll, ID.into(), &env(""));
    assert!(plan.reload);
}

#[test]
fn another_tabs_cookie_is_taken_up_once() {
    let (mut other, _) = Page::boot(manifest(), "", NOW, false, false);
    let store = other
        .choose(&Choice::RejectAll, ID.into(), &env(""))
        .store
        .unwrap();
    let (mut page, _) = Page::boot(manifest(), "", NOW, false, false);
    assert_eq!(page.sync(&env("consentry=garbage")), None);
    let plan = page.sync(&env(pair(&store))).expect("a new consent");
    assert_eq!(plan.store, None, "it came from the cookie");
    assert!(page.consent.is_some());
    assert_eq!(page.sync(&env(pair(&store))), None, "nothing changed since");
}

#[test]
fn services_are_injected_once_with_their_globals() {
    let (mut page, _) = Page::boot(manifest(), "", NOW, false, false);
    assert_eq!(page.inject_json(), "[]");
    page.choose(&Choice::AcceptAll, ID.into(), &env(""));
    assert_eq!(
        page.inject_json(),
        r#"[["chat",[["intercomSettings",{"app_id":"a\"b"}]],[["https://widget.example/w.js",true]]]]"#
    );
    assert_eq!(page.inject_json(), "[]");
    assert!(page.ran.contains("chat"));
}

#[test]
fn placeholders_are_described_as_escaped_json() {
    let (page, _) = Page::boot(manifest(), "", NOW, false, false);
    let d = page.describe("chat", &["fr", "en"]).unwrap();
    assert!(
        d.starts_with(r#"{"lang":"en","title":"Chat","provider":"Intercom, Inc.","notice":""#),
        "{d}"
    );
    assert!(
        d.ends_with(r#","policyUrl":"https://intercom.example/privacy"}"#),
        "{d}"
    );
    let c = page.describe("ads", &["en"]).unwrap();
    assert!(c.contains(r#""provider":"Shop \"Q\"""#), "{c}");
    assert!(!c.contains("policyUrl"), "{c}");
    assert_eq!(page.describe("nope", &["en"]), None);
}

#[test]
fn honoured_signals_leave_out_sale_and_sharing_from_accept_all() {
    let m = Manifest::from_json(&MANIFEST.replace(
        "\"version\":1,",
        "\"version\":1,\"signals\":{\"gpc\":true},",
    ))
    .unwrap();
    let (mut page, _) = Page::boot(Rc::new(m), "", NOW, true, false);
    page.choose(&Choice::AcceptAll, ID.into(), &env(""));
    assert_eq!(page.verdict("ads"), Verdict::Wait);
    assert_eq!(page.verdict("video"), Verdict::Wait);
    assert_eq!(page.verdict("chat"), Verdict::Run);
    assert!(page.consent_json().ends_with(r#""signals":["gpc"]}"#));
}

/// A gate that takes over (the first change on a small gate's page) continues the same page:
/// the consent booted on, the honoured signals and what ran, so withdrawal still knows the
/// chat's script must be shut down.
#[test]
fn a_gate_that_takes_over_continues_the_page() {
    let m = Rc::new(
        Manifest::from_json(
            &MANIFEST.replace(r#""version":1,"#, r#""version":1,"signals":{"gpc":true},"#),
        )
        .unwrap(),
    );
    let (mut first, _) = Page::boot(Rc::clone(&m), "", NOW, false, false);
    let stored = first
        .choose(&Choice::AcceptAll, ID.into(), &env(""))
        .store
        .unwrap();
    let cookies = format!("{}; a=\"b", pair(&stored));
    let (mut small, ask) = Page::boot(Rc::clone(&m), &cookies, NOW, true, false);
    assert!(!ask);
    small.mark_ran("chat analytics");
    let handover = small.handover();
    assert_eq!(handover, format!("g analytics chat\n{cookies}"));
    let (mut next, ask) = Page::take_over(Rc::clone(&m), &handover, NOW + 5).unwrap();
    assert!(!ask);
    assert_eq!(next.consent, small.consent);
    assert_eq!(next.ran, small.ran);
    assert_eq!(next.honoured, small.honoured);
    assert!(next.honoured.gpc);
    let plan = next.choose(&Choice::RejectAll, ID.into(), &env(&cookies));
    assert_eq!(
        plan.calls,
        [("Intercom".to_owned(), vec!["shutdown".to_owned()])]
    );
}

#[test]
fn a_handover_that_does_not_read_is_refused() {
    for bad in [
        "",
        "- chat",
        "\nconsentry=1",
        " chat\n",
        "x chat\n",
        "{\"ran\": []}",
    ] {
        assert!(Page::take_over(manifest(), bad, NOW).is_none(), "{bad:?}");
    }
    let (page, _) = Page::take_over(manifest(), "gd\n", NOW).unwrap();
    assert!(page.honoured.gpc && page.honoured.dnt && page.ran.is_empty());
}

/// [`MANIFEST`] with Google Consent Mode on: `settings` is the `google_consent_mode` object.
fn with_consent_mode(settings: &str) -> Rc<Manifest> {
    let text = MANIFEST.replacen(
        r#""revision":3,"#,
        &format!(r#""revision":3,"google_consent_mode":{settings},"#),
        1,
    );
    Rc::new(Manifest::from_json(&text).unwrap())
}

/// The bits of the named Google signals.
fn bits(names: &[&str]) -> u8 {
    use crate::manifest::google::{GoogleSignal, Grants};
    let all = GoogleSignal::ALL.iter();
    let signals: Vec<GoogleSignal> = all.filter(|s| names.contains(&s.name())).copied().collect();
    assert_eq!(signals.len(), names.len(), "{names:?}");
    Grants::of(&signals).0
}

/// What a required "necessary" category grants by its id.
const NECESSARY: &[&str] = &["functionality_storage", "security_storage"];
const ADS: &[&str] = &["ad_storage", "ad_user_data", "ad_personalization"];

/// The update's bits in [`Page::consent_mode`]'s line, `None` for `-`.
fn update_of(page: &Page) -> Option<u8> {
    let line = page.consent_mode();
    let word = line.split(' ').nth(1).expect("an update word");
    (word != "-").then(|| word.parse().unwrap())
}

#[test]
fn consent_mode_is_nothing_unless_the_manifest_declares_it() {
    let (page, _) = Page::boot(manifest(), "", NOW, false, false);
    assert_eq!(page.consent_mode(), "");
}

#[test]
fn consent_mode_defaults_to_denied_but_what_required_categories_grant() {
    let m = with_consent_mode(r#"{"regions":["DE","US-CA"],"url_passthrough":true}"#);
    let (page, _) = Page::boot(m, "", NOW, false, false);
    // basic, the default, no update, wait_for_update, both set calls, the regions.
    let default = bits(NECESSARY);
    assert_eq!(page.consent_mode(), format!("{default} - 500 3 DE US-CA"));
}

fn custom(ids: &[&str]) -> Choice {
    Choice::Custom(ids.iter().map(|i| i.to_string()).collect())
}

#[test]
fn consent_mode_updates_with_every_signal_the_choice_grants() {
    let m = with_consent_mode(
        r#"{"mode":"advanced","ads_data_redaction":false,"wait_for_update":2000}"#,
    );
    let (mut page, _) = Page::boot(m, "", NOW, false, false);
    assert_eq!(page.consent_mode(), format!("{} - 2000 0", bits(NECESSARY)));
    page.choose(&Choice::AcceptAll, ID.into(), &env(""));
    // "analytics" grants analytics storage and "ads" the three ad signals, by their ids;
    // "support" (no id Consentry knows) grants nothing, so personalisation stays denied.
    let all = [NECESSARY, ADS, &["analytics_storage"]].concat();
    assert_eq!(update_of(&page), Some(bits(&all)));
    page.choose(&Choice::RejectAll, ID.into(), &env(""));
    assert_eq!(update_of(&page), Some(bits(NECESSARY)));
    // One service alone grants its category's signals: "stats" is in "analytics".
    page.choose(&custom(&["stats"]), ID.into(), &env(""));
    let stats = [NECESSARY, &["analytics_storage"]].concat();
    assert_eq!(update_of(&page), Some(bits(&stats)));
}

#[test]
fn a_returning_visit_updates_at_boot_and_a_service_may_grant_its_own_signals() {
    let text = MANIFEST
        .replacen(
            r#""revision":3,"#,
            r#""revision":3,"google_consent_mode":{},"#,
            1,
        )
        .replacen(
            r#""title":"Chat","#,
            r#""title":"Chat","consent_mode":["personalization_storage"],"#,
            1,
        );
    let own = Rc::new(Manifest::from_json(&text).unwrap());
    let (mut first, _) = Page::boot(Rc::clone(&own), "", NOW, false, false);
    let plan = first.choose(&custom(&["chat"]), ID.into(), &env(""));
    let cookie = pair(plan.store.as_deref().unwrap()).to_owned();
    let (page, ask) = Page::boot(own, &cookie, NOW + 60, false, false);
    assert!(!ask);
    let chat = [NECESSARY, &["personalization_storage"]].concat();
    assert_eq!(update_of(&page), Some(bits(&chat)));
    // Under a raised revision the cookie counts for nothing: the default alone, no update.
    let raised = text.replacen(r#""revision":3,"#, r#""revision":4,"#, 1);
    let (stale, ask) = Page::boot(
        Rc::new(Manifest::from_json(&raised).unwrap()),
        &cookie,
        NOW + 60,
        false,
        false,
    );
    assert!(ask);
    assert_eq!(update_of(&stale), None);
}

#[test]
fn an_honoured_privacy_signal_keeps_the_ad_signals_denied_after_accept_all() {
    let text = MANIFEST.replacen(
        r#""revision":3,"#,
        r#""revision":3,"signals":{"gpc":true},"google_consent_mode":{},"#,
        1,
    );
    let m = Rc::new(Manifest::from_json(&text).unwrap());
    let (mut page, _) = Page::boot(m, "", NOW, true, false);
    page.choose(&Choice::AcceptAll, ID.into(), &env(""));
    // "ads" is sale_or_sharing: refused under GPC, so its three signals stay denied.
    let granted = [NECESSARY, &["analytics_storage"]].concat();
    assert_eq!(update_of(&page), Some(bits(&granted)));
}

#[test]
fn the_compact_form_keeps_the_filled_in_grants() {
    let m = with_consent_mode(r#"{"regions":["FR"]}"#);
    let form = crate::manifest::compact::write(&m, crate::manifest::compact::fingerprint("x"));
    let back = crate::manifest::compact::read(&form, "x").unwrap();
    assert_eq!(back.google_consent_mode, m.google_consent_mode);
    assert_eq!(
        back.category("analytics")
            .unwrap()
            .consent_mode
            .map(|g| g.0),
        Some(bits(&["analytics_storage"]))
    );
    assert_eq!(
        back.service("video").unwrap().consent_mode.map(|g| g.0),
        Some(bits(ADS))
    );
}

#[test]
fn a_page_booted_from_the_compact_form_answers_as_one_booted_from_the_json() {
    // What the form leaves out (descriptions, banner texts, cookies, on_revoke) the small gate
    // never reads: every answer it gives is the same.
    let text = MANIFEST.replacen(r#""revision":3,"#, r#""revision":3,"google_consent_mode":{},"texts":{"en":{"load_once":"Play once","accept_all":"OK"}},"#, 1);
    let m = Rc::new(Manifest::from_json(&text).unwrap());
    let form = crate::manifest::compact::write(&m, crate::manifest::compact::fingerprint(&text));
    let small = Rc::new(crate::manifest::compact::read(&form, &text).unwrap());
    let (mut first, _) = Page::boot(Rc::clone(&m), "", NOW, false, false);
    let plan = first.choose(&custom(&["chat", "stats"]), ID.into(), &env(""));
    let cookie = pair(plan.store.as_deref().unwrap()).to_owned();
    for cookies in ["", cookie.as_str()] {
        let (mut a, ask_a) = Page::boot(Rc::clone(&m), cookies, NOW, false, false);
        let (mut b, ask_b) = Page::boot(Rc::clone(&small), cookies, NOW, false, false);
        assert_eq!(ask_a, ask_b);
        assert_eq!(a.consent_json(), b.consent_json());
        assert_eq!(a.consent_mode(), b.consent_mode());
        for id in m.ids() {
            assert_eq!(a.verdict(id), b.verdict(id), "{id}");
            for langs in [&["en"][..], &["fr", "en"][..]] {
                assert_eq!(a.describe(id, langs), b.describe(id, langs), "{id}");
            }
        }
        assert_eq!(a.inject_json(), b.inject_json());
        assert_eq!(a.handover(), b.handover());
    }
}
