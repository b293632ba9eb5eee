//! The `consentry` command line, run as a real binary on temporary files; whole outputs and exit
//! statuses are compared (issue 3: the manifest as a product for site owners).
#![cfg(not(target_arch = "wasm32"))]

use consentry::manifest::json::{self, Node, Value};
use consentry::manifest::schema::json_schema;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

// docs/cookie-format.md example: begin
use consentry::consent::{cookie, Consent};
use consentry::manifest::Manifest;

/// The consent in force for a request, from its `Cookie` header. `None` means "no consent":
/// only what is required may run, and the banner will ask.
pub fn consent_in_force(cookie_header: &str, manifest: &Manifest, now: u64) -> Option<Consent> {
    let consent = cookie::find(cookie_header, &manifest.cookie.name)
        .filter_map(|value| cookie::decode(value).ok())
        .max_by_key(|consent| consent.given_at)?;
    consent.status(manifest, now).is_usable().then_some(consent)
}

/// Whether the page may carry the ad tag (category or service id `"ads"`) for this request.
pub fn may_show_ads(cookie_header: &str, manifest: &Manifest, now: u64) -> bool {
    consent_in_force(cookie_header, manifest, now)
        .is_some_and(|consent| consent.allows(manifest, "ads"))
}
// docs/cookie-format.md example: end

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A manifest with one category and one service, for the broken variants below.
const SMALL: &str = r#"{
  "version": 1,
  "revision": 2,
  "site": { "name": "Example" },
  "categories": [
    { "id": "necessary", "required": true, "title": "Necessary" },
    { "id": "support", "title": "Support" }
  ],
  "services": [
    { "id": "chat", "category": "support", "title": "Chat" }
  ]
}
"#;

/// A directory of its own for one test, removed afterwards.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        let dir = std::env::temp_dir().join(format!("consentry-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Temp(dir)
    }
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.0.join(name), bytes).unwrap();
        self
    }
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.0.join(name)).unwrap()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a run printed, and its exit status.
#[derive(Debug, PartialEq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `consentry ARGS` in `dir`.
fn consentry(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_consentry"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the consentry binary runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn run_in(t: &Temp, args: &[&str]) -> Run {
    consentry(&t.0, args)
}

fn ok(stdout: &str) -> Run {
    Run {
        code: 0,
        stdout: stdout.to_owned(),
        stderr: String::new(),
    }
}

fn invalid(stdout: &str) -> Run {
    Run {
        code: 1,
        stdout: stdout.to_owned(),
        stderr: String::new(),
    }
}

fn example_manifests() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("www/manifests"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .map(|n| format!("www/manifests/{n}"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the seed-derived manifests are there");
    files
}

#[test]
fn every_example_manifest_is_valid() {
    let files = example_manifests();
    let args: Vec<&str> = ["validate"]
        .into_iter()
        .chain(files.iter().map(String::as_str))
        .collect();
    let mut expected = String::new();
    for f in &files {
        let m = Manifest::from_json(&std::fs::read_to_string(Path::new(ROOT).join(f)).unwrap())
            .unwrap_or_else(|e| panic!("{f}:\n{e}"));
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        expected += &format!(
            "{f}: valid (revision {}, {}, {})\n",
            m.revision,
            plural(m.categories.len(), "category", "categories"),
            plural(m.services.len(), "service", "services")
        );
    }
    assert_eq!(consentry(Path::new(ROOT), &args), ok(&expected));
}

#[test]
fn unknown_field_gets_a_did_you_mean() {
    let t = Temp::new("unknown-field");
    t.write(
        "m.json",
        SMALL.replace(r#""category": "support""#, r#""categroy": "support""#),
    );
    assert_eq!(
        run_in(&t, &["validate", "m.json"]),
        invalid(
            "m.json:10:21: services[0].categroy: unknown field \"categroy\"
   |
10 |     { \"id\": \"chat\", \"categroy\": \"support\", \"title\": \"Chat\" }
   |                     ^
   |
   = help: did you mean \"category\"?

m.json:10:5: services[0].category: required field \"category\" is missing
   |
10 |     { \"id\": \"chat\", \"categroy\": \"support\", \"title\": \"Chat\" }
   |     ^

m.json: invalid (2 errors)
"
        )
    );
}

#[test]
fn bad_reference_names_path_line_and_column() {
    let t = Temp::new("bad-reference");
    let src = SMALL
        .replace(r#""category": "support""#, r#""category": "suport""#)
        .replace(r#""revision": 2"#, r#""revision": 0"#);
    t.write("m.json", src);
    assert_eq!(
        run_in(&t, &["validate", "m.json"]),
        invalid(
            "m.json:3:15: revision: revision must be 1 or more
  |
3 |   \"revision\": 0,
  |               ^
  |
  = help: start at 1 and raise it whenever visitors must be asked again

m.json:10:33: services[0].category: \"suport\" is not a category
   |
10 |     { \"id\": \"chat\", \"category\": \"suport\", \"title\": \"Chat\" }
   |                                 ^
   |
   = help: did you mean \"support\"?

m.json: invalid (2 errors)
"
        )
    );
}

#[test]
fn syntax_error_points_at_the_position() {
    let t = Temp::new("syntax");
    t.write(
        "m.json",
        SMALL.replace(r#""revision": 2,"#, r#""revision": 2"#),
    );
    assert_eq!(
        run_in(&t, &["validate", "m.json"]),
        invalid(
            "m.json:4:3: invalid JSON: expected , or } after a field
  |
4 |   \"site\": { \"name\": \"Example\" },
  |   ^
  |
  = help: check for a missing comma, quote or bracket at or just before this position

m.json: invalid (1 error)
"
        )
    );
}

/// SMALL honouring Global Privacy Control, though no category is marked for it (issue 14).
fn small_with_gpc() -> String {
    SMALL.replace(
        r#""site": { "name": "Example" },"#,
        "\"site\": { \"name\": \"Example\" },\n  \"signals\": { \"gpc\": true },",
    )
}

const GPC_WARNING: &str = "m.json:5:23: warning: signals.gpc: Global Privacy Control is honoured, but no category is marked \"sale_or_sharing\" or \"tracking\", so the signal changes nothing
  |
5 |   \"signals\": { \"gpc\": true },
  |                       ^
  |
  = help: mark the categories that sell or share personal data or track visitors with \"sale_or_sharing\": true or \"tracking\": true, or stop honouring the signal (\"gpc\": false)
";

#[test]
fn a_signal_that_changes_nothing_is_a_warning_and_the_manifest_stays_valid() {
    let t = Temp::new("warning");
    t.write("m.json", small_with_gpc());
    assert_eq!(
        run_in(&t, &["validate", "m.json"]),
        ok(&format!(
            "{GPC_WARNING}\nm.json: valid (revision 2, 2 categories, 1 service; 1 warning)\n"
        ))
    );
    // Marking a category for it silences it.
    t.write(
        "m.json",
        small_with_gpc().replace(
            r#""id": "support", "title""#,
            r#""id": "support", "tracking": true, "title""#,
        ),
    );
    assert_eq!(
        run_in(&t, &["validate", "m.json"]),
        ok("m.json: valid (revision 2, 2 categories, 1 service)\n")
    );
}

#[test]
fn warnings_come_after_the_errors_of_an_invalid_manifest() {
    let t = Temp::new("warning-and-error");
    t.write(
        "m.json",
        small_with_gpc().replace(r#""category": "support""#, r#""category": "suport""#),
    );
    let run = run_in(&t, &["validate", "m.json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("m.json:11:33: services[0].category: \"suport\" is not a category"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(&format!(
            "{GPC_WARNING}\nm.json: invalid (1 error, 1 warning)\n"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let t = Temp::new("utf8");
    let mut bytes = SMALL.as_bytes().to_vec();
    let at = SMALL.find("Example").unwrap();
    bytes[at] = 0xff;
    t.write("m.json", bytes);
    assert_eq!(
        run_in(&t, &["validate", "m.json"]),
        invalid(
            "m.json:4:22: the manifest is not valid UTF-8
  |
4 |   \"site\": { \"name\": \"\u{fffd}xample\" },
  |                      ^
  |
  = help: save the file as UTF-8

m.json: invalid (1 error)
"
        )
    );
}

#[test]
fn two_megabytes_is_over_the_limit() {
    let t = Temp::new("big");
    let size = 2 << 20;
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(size - 9));
    assert_eq!(big.len(), size);
    t.write("big.json", big);
    assert_eq!(
        run_in(&t, &["validate", "big.json"]),
        invalid(
            "big.json: the manifest is 2097152 bytes; the limit is 1048576
 |
 = help: a manifest describes categories and services; it should be a few kilobytes

big.json: invalid (1 error)
"
        )
    );
}

#[test]
fn nesting_ten_thousand_deep_is_an_error_not_a_crash() {
    let t = Temp::new("deep");
    let deep = format!("{{\"x\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    t.write("deep.json", deep);
    // The 20,001-character line is cut to the width of a terminal, the caret still under it.
    let shown = format!("{{\"x\": {}...", "[".repeat(127));
    let caret = format!("{}^", " ".repeat(70));
    assert_eq!(
        run_in(&t, &["validate", "deep.json"]),
        invalid(&format!(
            "deep.json:1:71: invalid JSON: values are nested more than 64 levels deep
  |
1 | {shown}
  | {caret}
  |
  = help: a manifest needs no more than a few levels of nesting

deep.json: invalid (1 error)
"
        ))
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let t = Temp::new("bom");
    t.write("bom.json", format!("\u{feff}{SMALL}"));
    assert_eq!(
        run_in(&t, &["validate", "bom.json"]),
        ok("bom.json: valid (revision 2, 2 categories, 1 service)\n")
    );
}

#[test]
fn unreadable_files_exit_2_after_checking_the_others() {
    let t = Temp::new("unreadable");
    t.write("good.json", SMALL);
    assert_eq!(
        run_in(&t, &["validate", "missing.json", "good.json"]),
        Run {
            code: 2,
            stdout: "good.json: valid (revision 2, 2 categories, 1 service)\n".into(),
            stderr:
                "consentry: missing.json: cannot read: No such file or directory (os error 2)\n"
                    .into(),
        }
    );
}

fn field<'a>(node: &'a Node, key: &str) -> &'a Value {
    let Value::Object(fields) = &node.value else {
        panic!("not an object: {node:?}")
    };
    &fields.iter().find(|(k, _, _)| k == key).unwrap().2.value
}

fn items(v: &Value) -> &[Node] {
    let Value::Array(items) = v else {
        panic!("not an array: {v:?}")
    };
    items
}

fn string(v: &Value) -> &str {
    let Value::String(s) = v else {
        panic!("not a string: {v:?}")
    };
    s
}

#[test]
fn json_output_parses_back() {
    let t = Temp::new("json");
    t.write("good.json", SMALL);
    t.write(
        "bad.json",
        SMALL.replace(r#""category": "support""#, r#""category": "suport""#),
    );
    let run = run_in(
        &t,
        &[
            "validate",
            "--json",
            "good.json",
            "bad.json",
            "missing.json",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (2, ""));
    let root = json::parse(&run.stdout).expect("--json prints JSON");
    let reports = items(&root.value);
    assert_eq!(reports.len(), 3);
    assert_eq!(string(field(&reports[0], "file")), "good.json");
    assert_eq!(field(&reports[0], "valid"), &Value::Bool(true));
    assert!(items(field(&reports[0], "errors")).is_empty());
    assert_eq!(field(&reports[1], "valid"), &Value::Bool(false));
    let errors = items(field(&reports[1], "errors"));
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(string(field(e, "path")), "services[0].category");
    assert_eq!(field(e, "line"), &Value::Number("10".into()));
    assert_eq!(field(e, "column"), &Value::Number("33".into()));
    assert_eq!(string(field(e, "kind")), "reference");
    assert_eq!(string(field(e, "message")), "\"suport\" is not a category");
    assert_eq!(string(field(e, "help")), "did you mean \"support\"?");
    let missing = &items(field(&reports[2], "errors"))[0];
    assert_eq!(string(field(missing, "kind")), "io");
    assert_eq!(field(missing, "help"), &Value::Null);

    assert!(items(field(&reports[1], "warnings")).is_empty());

    // Warnings have the errors' shape, and leave the file valid.
    t.write("warned.json", small_with_gpc());
    let run = run_in(&t, &["validate", "--json", "warned.json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let root = json::parse(&run.stdout).expect("--json prints JSON");
    let report = &items(&root.value)[0];
    assert_eq!(field(report, "valid"), &Value::Bool(true));
    assert!(items(field(report, "errors")).is_empty());
    let warnings = items(field(report, "warnings"));
    assert_eq!(warnings.len(), 1);
    let w = &warnings[0];
    assert_eq!(string(field(w, "path")), "signals.gpc");
    assert_eq!(field(w, "line"), &Value::Number("5".into()));
    assert_eq!(field(w, "column"), &Value::Number("23".into()));
    assert_eq!(string(field(w, "kind")), "no_effect");
    assert!(string(field(w, "message")).starts_with("Global Privacy Control is honoured"));
    assert!(string(field(w, "help")).ends_with("(\"gpc\": false)"));

    let only_bad = run_in(&t, &["validate", "--json", "bad.json"]);
    assert_eq!(only_bad.code, 1);
    assert!(json::parse(&only_bad.stdout).is_ok());
}

#[test]
fn cookie_decode_explains_a_good_value() {
    let here = Path::new(ROOT);
    assert_eq!(
        consentry(
            here,
            &[
                "cookie",
                "decode",
                "1.3.t6iio0.k3j9x0a2m4p7q8r1.c.intercom+necessary.ads"
            ]
        ),
        ok("consent cookie, format 1
  revision:   3
  given at:   2025-11-30T00:00:00Z (Unix time 1764460800)
  consent id: k3j9x0a2m4p7q8r1
  method:     custom (c): the visitor chose in the preferences panel
  signals:    none honoured
  decisions:  2 accepted, 1 refused
    ads        refused
    intercom   accepted
    necessary  accepted
")
    );
}

#[test]
fn cookie_decode_refuses_garbage() {
    assert_eq!(
        consentry(Path::new(ROOT), &["cookie", "decode", "garbage"]),
        invalid(
            "not a consent cookie: expected 7 '.'-separated fields, found 1
a browser treats it as no consent and asks the visitor again
"
        )
    );
    assert_eq!(
        consentry(
            Path::new(ROOT),
            &["cookie", "decode", "1.3.t6iio0.k3j9x0a2m4p7q8r1.c.ads+<b>."]
        ),
        invalid(
            "not a consent cookie: \"<b>\" is not a valid id
a browser treats it as no consent and asks the visitor again
"
        )
    );
}

/// `cookie decode VALUE --manifest m.json --at AT` under [`SMALL`], the status line only.
fn status_of(value: &str, at: &str) -> (i32, String) {
    let t = Temp::new(&format!("status-{at}-{}", value.len()));
    t.write("m.json", SMALL);
    let run = run_in(
        &t,
        &[
            "cookie",
            "decode",
            value,
            "--manifest",
            "m.json",
            "--at",
            at,
        ],
    );
    assert_eq!(run.stderr, "");
    let status = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("  status: "))
        .unwrap_or_else(|| panic!("no status in:\n{}", run.stdout));
    (run.code, status.to_owned())
}

#[test]
fn cookie_decode_with_a_manifest_tells_whether_it_holds() {
    let t = Temp::new("holds");
    t.write("m.json", SMALL);
    let all = "1.2.t6iio0.k3j9x0a2m4p7q8r1.c.necessary+chat.support+old";
    assert_eq!(
        run_in(
            &t,
            &[
                "cookie",
                "decode",
                all,
                "--manifest",
                "m.json",
                "--at",
                "2025-12-01"
            ]
        ),
        invalid(
            "consent cookie, format 1
  revision:   2
  given at:   2025-11-30T00:00:00Z (Unix time 1764460800)
  consent id: k3j9x0a2m4p7q8r1
  method:     custom (c): the visitor chose in the preferences panel
  signals:    none honoured
  decisions:  2 accepted, 2 refused
    chat       accepted
    necessary  accepted
    old        refused
    support    refused
under m.json at 2025-12-01T00:00:00Z:
  status: valid: it holds until 2026-05-31T00:00:00Z; the visitor is not asked
  as applied:
    necessary  accepted (required: always on)
    support    refused
    chat       accepted
  not in the manifest (ignored): old
"
        )
        .with_code(0)
    );
    let given = "1.2.t6iio0.k3j9x0a2m4p7q8r1.a.necessary+support+chat.";
    assert_eq!(
        status_of(given, "1764460800"),
        (
            0,
            "valid: it holds until 2026-05-31T00:00:00Z; the visitor is not asked".into()
        )
    );
    assert_eq!(
        status_of(given, "2026-06-01T00:00:00Z"),
        (1, "expired: consent is kept 182 days, so it ended at 2026-05-31T00:00:00Z; no consent, the visitor is asked again".into())
    );
    assert_eq!(
        status_of(given, "2025-11-28"),
        (1, "from the future: it is dated more than a day after 2025-11-28T00:00:00Z (a wrong clock or a forged cookie); no consent, the visitor is asked again".into())
    );
    assert_eq!(
        status_of("1.1.t6iio0.k3j9x0a2m4p7q8r1.a.necessary+support+chat.", "2025-12-01"),
        (1, "revision changed: it answers revision 1, the manifest is at revision 2; no consent, the visitor is asked again".into())
    );
    assert_eq!(
        status_of("1.2.t6iio0.k3j9x0a2m4p7q8r1.c.necessary.support", "2025-12-01"),
        (1, "incomplete: it does not decide 1 id (chat); the visitor is asked again, and meanwhile they count as refused".into())
    );
}

impl Run {
    fn with_code(mut self, code: i32) -> Run {
        self.code = code;
        self
    }
}

#[test]
fn cookie_decode_reads_a_cookie_header() {
    let header = "theme=dark; consentry=1.2.t6iio0.k3j9x0a2m4p7q8r1.r.necessary.support+chat; \
                  consentry=1.2.t5ksa0.k3j9x0a2m4p7q8r1.a.necessary+support+chat.";
    let run = consentry(Path::new(ROOT), &["cookie", "decode", header]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .starts_with("cookie consentry=1.2.t6iio0.k3j9x0a2m4p7q8r1.r.necessary.support+chat\n"),
        "the newest of several wins:\n{}",
        run.stdout
    );
    assert_eq!(
        consentry(Path::new(ROOT), &["cookie", "decode", "theme=dark"]),
        invalid("no cookie named \"consentry\" in the header: no consent, the visitor is asked\n")
    );
}

#[test]
fn cookie_decode_refuses_an_invalid_manifest() {
    let t = Temp::new("decode-bad-manifest");
    t.write(
        "m.json",
        SMALL.replace("\"revision\": 2", "\"revision\": 0"),
    );
    assert_eq!(
        run_in(&t, &["cookie", "decode", "x", "--manifest", "m.json"]),
        Run {
            code: 2,
            stdout: String::new(),
            stderr: "m.json:3:15: revision: revision must be 1 or more
  |
3 |   \"revision\": 0,
  |               ^
  |
  = help: start at 1 and raise it whenever visitors must be asked again

consentry: m.json is not a valid manifest; fix it first
"
            .into(),
        }
    );
}

#[test]
fn init_writes_a_valid_manifest_and_never_overwrites() {
    let t = Temp::new("init");
    let first = run_in(&t, &["init"]);
    assert_eq!(
        first,
        ok("wrote consent.json: a starter manifest. Next:
  1. edit it: your site, your categories and services, in your policy's words
  2. check it: consentry validate consent.json
  3. let editors help: consentry schema > manifest.schema.json (beside it)
")
    );
    let written = t.read("consent.json");
    assert!(written.contains("\"$schema\": \"./manifest.schema.json\""));
    assert_eq!(
        run_in(&t, &["validate", "consent.json"]),
        ok("consent.json: valid (revision 1, 3 categories, 1 service)\n")
    );
    t.write("consent.json", "mine");
    assert_eq!(
        run_in(&t, &["init"]),
        Run {
            code: 2,
            stdout: String::new(),
            stderr: "consentry: consent.json already exists; init never overwrites a file (choose another name, or remove it first)\n".into(),
        }
    );
    assert_eq!(t.read("consent.json"), "mine");
    assert_eq!(run_in(&t, &["init", "-"]), ok(&written));
    assert_eq!(run_in(&t, &["init", "other.json"]).code, 0);
    assert_eq!(t.read("other.json"), written);
}

#[test]
fn init_with_presets_writes_a_category_per_kind_and_a_service_per_preset() {
    let t = Temp::new("init-presets");
    let args = [
        "init",
        "--preset",
        "ga4",
        "--preset",
        "youtube-embed",
        "--preset",
        "meta-pixel",
    ];
    let run = run_in(&t, &args);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(run
        .stdout
        .starts_with("wrote consent.json: a manifest of presets. Next:"));
    let written = t.read("consent.json");
    for part in [
        r#"{ "id": "necessary", "required": true,"#,
        r#"{ "id": "ga4", "category": "analytics", "preset": "ga4" }"#,
        // An alias is written as the preset's own name.
        r#"{ "id": "youtube", "category": "embeds", "preset": "youtube" }"#,
        r#""sale_or_sharing": true, "tracking": true }"#,
        r#""google_consent_mode": {},"#,
    ] {
        assert!(written.contains(part), "{part} in:\n{written}");
    }
    assert_eq!(
        run_in(&t, &["validate", "consent.json"]),
        ok("consent.json: valid (revision 1, 4 categories, 3 services)\n")
    );
    assert_eq!(
        run_in(&t, &["init", "x.json", "--preset", "youtub"]),
        Run {
            code: 2,
            stdout: String::new(),
            stderr: "consentry: no preset is called \"youtub\"; did you mean \"youtube\"? (consentry presets lists them)\n".into(),
        }
    );
    assert!(
        !t.0.join("x.json").exists(),
        "nothing written for an unknown preset"
    );
}

#[test]
fn presets_lists_every_preset_of_the_catalog() {
    let run = consentry(Path::new(ROOT), &["presets"]);
    assert_eq!(run.code, 0);
    let catalog = std::fs::read_dir(Path::new(ROOT).join("catalog/services"))
        .unwrap()
        .count();
    let lines: Vec<&str> = run.stdout.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), catalog);
    assert!(lines.iter().any(|l| l.starts_with("ga4 ")
        && l.contains("Google Analytics")
        && l.contains("analytics")
        && l.contains("google-analytics")));
    assert!(run.stdout.ends_with(&format!("\n{catalog} presets; use one as {{\"id\": \"…\", \"category\": \"…\", \"preset\": \"NAME\"}} in a manifest's services (docs/catalog.md)\n")));
}

#[test]
fn schema_prints_the_committed_schema() {
    let committed = std::fs::read_to_string(Path::new(ROOT).join("manifest.schema.json")).unwrap();
    let run = consentry(Path::new(ROOT), &["schema"]);
    assert_eq!(run, ok(&json_schema()));
    assert!(
        run.stdout == committed,
        "manifest.schema.json is stale: run `cargo run -- schema > manifest.schema.json`"
    );
}

#[test]
fn every_command_has_help() {
    let here = Path::new(ROOT);
    let top = "Check a Consentry manifest, print its JSON Schema, explain a consent cookie\n";
    let validate = "Check manifests; every error with its JSON path\n";
    let decode = "Explain a consent cookie, and whether it still holds\n";
    for (args, first, usage) in [
        (&["--help"][..], top, "Usage: consentry <COMMAND>"),
        (&["help"][..], top, "Usage: consentry <COMMAND>"),
        (
            &["validate", "--help"][..],
            validate,
            "Usage: consentry validate [OPTIONS] <FILE>...",
        ),
        (
            &["help", "validate"][..],
            validate,
            "Usage: consentry validate [OPTIONS] <FILE>...",
        ),
        (
            &["schema", "--help"][..],
            "Print the manifest's JSON Schema (draft 2020-12)\n",
            "Usage: consentry schema",
        ),
        (
            &["cookie", "--help"][..],
            decode,
            "Usage: consentry cookie <COMMAND>",
        ),
        (
            &["cookie", "decode", "--help"][..],
            decode,
            "Usage: consentry cookie decode [OPTIONS] <VALUE>",
        ),
        (
            &["init", "--help"][..],
            "Write a starter manifest (default: consent.json)\n",
            "Usage: consentry init [OPTIONS] [FILE]",
        ),
    ] {
        let run = consentry(here, args);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
        assert!(run.stdout.starts_with(first), "{args:?}:\n{}", run.stdout);
        assert!(run.stdout.contains(usage), "{args:?}:\n{}", run.stdout);
    }
    let cookie = consentry(here, &["cookie", "--help"]).stdout;
    assert!(cookie.contains("\n  decode  "), "lists decode:\n{cookie}");
    assert_eq!(
        consentry(here, &["--version"]),
        ok(&format!("consentry {}\n", env!("CARGO_PKG_VERSION")))
    );
}

/// Runs `consentry ARGS`, asserts a usage error (exit 2, nothing on standard output) and
/// returns what it printed on standard error.
fn usage_error(args: &[&str]) -> String {
    let run = consentry(Path::new(ROOT), args);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{args:?}");
    run.stderr
}

/// Whether `text` contains every one of `parts`.
fn has_all(text: &str, parts: &[&str]) -> bool {
    parts.iter().all(|p| text.contains(p))
}

#[test]
fn usage_errors_exit_2_and_suggest() {
    let e = usage_error(&["valdate", "x.json"]);
    assert!(
        has_all(
            &e,
            &["'valdate'", "a similar subcommand exists: 'validate'"]
        ),
        "{e}"
    );
    let e = usage_error(&["validate", "--jsno", "x.json"]);
    assert!(
        has_all(&e, &["'--jsno'", "a similar argument exists: '--json'"]),
        "{e}"
    );
    let e = usage_error(&["validate"]);
    assert!(
        has_all(&e, &["required", "<FILE>...", "Usage: consentry validate"]),
        "{e}"
    );
    let e = usage_error(&["cookie", "decode", "x", "--at", "yesterday"]);
    assert!(
        has_all(
            &e,
            &[
                "'yesterday'",
                "--at <TIME>",
                "expected Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"
            ]
        ),
        "{e}"
    );
    let e = usage_error(&["cookie", "decod", "x"]);
    assert!(
        has_all(&e, &["a similar subcommand exists: 'decode'"]),
        "{e}"
    );
    let e = usage_error(&[]);
    assert!(
        has_all(&e, &["Usage: consentry <COMMAND>"]),
        "help, on stderr: {e}"
    );
    assert!(has_all(&usage_error(&["schema", "extra"]), &["'extra'"]));
    assert!(has_all(
        &usage_error(&["init", "a.json", "b.json"]),
        &["'b.json'"]
    ));
}

#[test]
fn server_example_decodes_the_cookie() {
    let src = std::fs::read_to_string(Path::new(ROOT).join("www/manifests/demo.json")).unwrap();
    let manifest = Manifest::from_json(&src).unwrap();
    let given = 1_764_460_800;
    let header = format!(
        "theme=dark; {}={}",
        manifest.cookie.name,
        "1.1.t6iio0.k3j9x0a2m4p7q8r1.c.necessary+ads+adnet.analytics+support+chat"
    );
    let consent = consent_in_force(&header, &manifest, given + 3600).expect("a consent");
    assert_eq!(consent.id, "k3j9x0a2m4p7q8r1");
    assert!(may_show_ads(&header, &manifest, given + 3600));
    assert!(!consent.allows(&manifest, "analytics"));
    let days = u64::from(manifest.cookie.max_age_days);
    assert!(
        !may_show_ads(&header, &manifest, given + (days + 1) * 86_400),
        "expired"
    );
    assert!(consent_in_force("consentry=garbage", &manifest, given).is_none());
    assert!(consent_in_force("", &manifest, given).is_none());
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?}"));
    &text[from..from + to]
}

#[test]
fn cookie_format_doc_shows_the_tested_example() {
    let doc = include_str!("../docs/cookie-format.md");
    let example = between(
        include_str!("cli.rs"),
        "// docs/cookie-format.md example: begin\n",
        "// docs/cookie-format.md example: end\n",
    );
    assert_eq!(
        between(doc, "```rust\n", "```\n"),
        example,
        "docs/cookie-format.md must show the example at the top of tests/cli.rs, which is compiled"
    );
}

/// Every ```` ```LANG ```` block of `doc`, in order.
fn code_blocks<'a>(doc: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    doc.match_indices(&fence)
        .map(|(at, _)| between(&doc[at..], &fence, "```\n"))
        .collect()
}

/// The examples of docs/manifest.md are what they say: the first two are valid manifests, and
/// the broken one gets the errors shown after it.
#[test]
fn manifest_doc_examples_are_right() {
    let doc = include_str!("../docs/manifest.md");
    let json = code_blocks(doc, "json");
    for example in &json[..2] {
        if let Err(e) = Manifest::from_json(example) {
            panic!("docs/manifest.md example is invalid:\n{e}\n{example}");
        }
    }
    let t = Temp::new("doc-example");
    let broken = json.iter().find(|b| b.contains("\"suport\"")).unwrap();
    t.write("consent.json", broken);
    let text = code_blocks(doc, "text");
    assert_eq!(run_in(&t, &["validate", "consent.json"]), invalid(text[0]));
    t.write(
        "consent.json",
        broken.replace(r#""category": "suport""#, r#""catgory": "support""#),
    );
    assert_eq!(run_in(&t, &["validate", "consent.json"]), invalid(text[1]));
}
