//! `consentry`: the site owner's command line. Validate manifests, print the JSON Schema, explain
//! consent cookies, start a manifest.
//!
//! Exit status: 0 valid, 1 invalid, 2 usage error or unreadable input.

use consentry::consent::{cookie, Consent, Method, Status};
use consentry::manifest::schema::{json_schema, Json};
use consentry::manifest::{did_you_mean, Error, Manifest, DEFAULT_COOKIE_NAME};
use std::io::{Read, Write};
use std::process::ExitCode;

/// Everything is as it should be.
const OK: u8 = 0;
/// A manifest or a cookie is not valid.
const INVALID: u8 = 1;
/// The command line is wrong, or an input cannot be read.
const UNUSABLE: u8 = 2;

/// Largest input read at all; the manifest's own limit is far lower and gets its own error.
const READ_LIMIT: u64 = 64 << 20;

const HELP: &str = "\
consentry: check a Consentry manifest, print its JSON Schema, explain a consent cookie

usage:
  consentry validate [--json] FILE...   check manifests; every error with its JSON path
  consentry schema                      print the manifest's JSON Schema (draft 2020-12)
  consentry cookie decode VALUE [--manifest FILE] [--at TIME]
                                        explain a consent cookie, and whether it still holds
  consentry init [FILE]                 write a starter manifest (default: consent.json)
  consentry help COMMAND                more about a command

exit status: 0 valid, 1 invalid, 2 usage error or unreadable input
";

const VALIDATE_HELP: &str = "\
usage: consentry validate [--json] FILE...

Checks each manifest (\"-\" reads standard input) and prints every error, not just the first:

  FILE:LINE:COLUMN: PATH: message
    help: how to fix it

PATH is the JSON path of the offending value (services[2].category). A valid manifest prints
FILE: valid (revision, categories, services).

options:
  --json    print a JSON array instead: one {file, valid, errors} per file, each error
            {path, line, column, kind, message, help}; line and column are 0 when unknown,
            help is null when there is no advice; kind is one of syntax, unknown_field,
            missing, type, value, duplicate, reference, limit (io for a file not read)

exit status: 0 all valid, 1 some invalid, 2 usage error or a file could not be read
";

const SCHEMA_HELP: &str = "\
usage: consentry schema

Prints the manifest's JSON Schema (draft 2020-12), with a description of every field. Save it
beside the manifest and point the manifest's \"$schema\" at it, and editors complete field names,
show what each one means, and underline mistakes:

  consentry schema > manifest.schema.json

The schema checks what a JSON Schema can (fields, types, ranges, ids, URLs); `consentry validate`
checks everything, including references between categories and services.
";

const COOKIE_HELP: &str = "\
usage: consentry cookie decode VALUE [--manifest FILE] [--at TIME]

Explains a consent cookie: its revision, when it was given (ISO 8601, UTC), its consent id (the
proof-of-consent key), how it was given, and each decision. VALUE is the cookie's value
(1.3.t6iio0.k3j9x0a2m4p7q8r1.c.necessary.ads), or a Cookie header (consentry=1.3...; other=x),
from which the cookie named in the manifest (default \"consentry\") is taken, the newest of
several.

options:
  --manifest FILE   also tell whether the consent still holds under this manifest: valid,
                    revision changed, expired, from the future or incomplete; and how each of
                    its categories and services is decided
  --at TIME         judge it at TIME instead of now: Unix seconds, YYYY-MM-DD or
                    YYYY-MM-DDTHH:MM:SSZ

exit status: 0 a consent (that holds, with --manifest), 1 not a consent or the visitor would be
asked again, 2 usage error or an unusable manifest
";

const INIT_HELP: &str = "\
usage: consentry init [FILE]

Writes a starter manifest to FILE (default consent.json; \"-\" prints it): a required category,
two optional ones and a service, each description telling what to put there. It never
overwrites a file. Then edit it, check it with `consentry validate FILE`, and save the schema
beside it (`consentry schema > manifest.schema.json`) so that editors help.

exit status: 0 written, 2 the file exists or cannot be written
";

/// The manifest `init` writes. JSON has no comments: the descriptions say what goes where.
const STARTER: &str = r#"{
  "$schema": "./manifest.schema.json",
  "version": 1,
  "revision": 1,
  "site": { "name": "Example", "policy_url": "https://example.com/privacy" },
  "cookie": { "name": "consentry", "max_age_days": 182, "domain": null, "same_site": "lax" },
  "languages": { "default": "en", "available": ["en"] },
  "signals": { "gpc": true, "dnt": false },
  "categories": [
    {
      "id": "necessary",
      "required": true,
      "title": "Strictly necessary",
      "description": "Cookies the site cannot work without: they keep you signed in, protect forms and remember this choice. (Site owner: a required category is always on and cannot be refused; every manifest needs one. Replace these descriptions with your policy's own words.)"
    },
    {
      "id": "analytics",
      "title": "Analytics",
      "description": "Counts visits and pages seen, so that we can improve the site. (Site owner: mark the page's analytics snippet with data-consent=\"analytics\"; it runs only once this category is accepted.)"
    },
    {
      "id": "ads",
      "title": "Advertising",
      "description": "Our advertising partners set cookies to show you ads that match your interests. (Site owner: sale_or_sharing means Global Privacy Control, honoured in \"signals\", keeps this category off until the visitor turns it on.)",
      "sale_or_sharing": true,
      "tracking": true
    }
  ],
  "services": [
    {
      "id": "adnet",
      "category": "ads",
      "title": "AdNet",
      "description": "Delivers the ads on this site and measures them. (Site owner: one entry per third party; list the cookies it sets, and the scripts Consentry should load for it once it is accepted, so the page needs no markup.)",
      "provider": "AdNet Ltd.",
      "policy_url": "https://adnet.example/privacy",
      "cookies": ["_adnet_uid", "_adnet_session_*"],
      "scripts": [{ "src": "https://adnet.example/tag.js", "async": true }],
      "on_revoke": "reload"
    }
  ],
  "texts": {
    "en": {
      "banner_title": "We value your privacy",
      "banner_description": "We use cookies to run this site and, if you agree, to measure its use and show ads. Accept all, reject all, or choose in the preferences; you can change your mind at any time."
    }
  },
  "ui": { "layout": "bar", "theme": "auto" }
}
"#;

fn main() -> ExitCode {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(a) => args.push(a),
            Err(a) => {
                eprintln!("consentry: the argument {a:?} is not valid Unicode");
                return ExitCode::from(UNUSABLE);
            }
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ExitCode::from(run(&args))
}

/// Runs a command line (without the program name) and returns the exit status.
fn run(args: &[&str]) -> u8 {
    match args {
        [] => {
            eprint!("{HELP}");
            UNUSABLE
        }
        ["-h" | "--help" | "help"] => {
            print!("{HELP}");
            OK
        }
        ["-V" | "--version"] => {
            println!("consentry {}", env!("CARGO_PKG_VERSION"));
            OK
        }
        ["help", command] => match help_of(command) {
            Some(text) => {
                print!("{text}");
                OK
            }
            None => unknown_command(command),
        },
        ["validate", rest @ ..] => validate(rest),
        ["schema", rest @ ..] => schema(rest),
        ["cookie", rest @ ..] => cookie_command(rest),
        ["init", rest @ ..] => init(rest),
        [command, ..] => unknown_command(command),
    }
}

const COMMANDS: &[&str] = &["validate", "schema", "cookie", "init", "help"];

fn help_of(command: &str) -> Option<&'static str> {
    Some(match command {
        "validate" => VALIDATE_HELP,
        "schema" => SCHEMA_HELP,
        "cookie" | "decode" => COOKIE_HELP,
        "init" => INIT_HELP,
        "help" => HELP,
        _ => return None,
    })
}

fn unknown_command(command: &str) -> u8 {
    let hint = match did_you_mean(command, COMMANDS.iter().copied()) {
        Some(best) => format!("did you mean \"{best}\"?"),
        None => format!("the commands are: {}", COMMANDS.join(", ")),
    };
    eprintln!("consentry: unknown command \"{command}\"; {hint}");
    eprintln!("run `consentry --help` for usage");
    UNUSABLE
}

/// A command's arguments, split into options and operands.
#[derive(Default)]
struct Parsed<'a> {
    help: bool,
    switches: Vec<&'a str>,
    options: Vec<(&'a str, &'a str)>,
    operands: Vec<&'a str>,
}

impl<'a> Parsed<'a> {
    fn has(&self, switch: &str) -> bool {
        self.switches.contains(&switch)
    }
    fn option(&self, name: &str) -> Option<&'a str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
}

/// Splits `args` by the `switches` (flags) and `options` (flags with a value) a command knows.
fn parse<'a>(args: &[&'a str], switches: &[&str], options: &[&str]) -> Result<Parsed<'a>, String> {
    let mut p = Parsed::default();
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        if arg == "--" {
            p.operands.extend(rest.by_ref());
            break;
        }
        if arg == "-" || !arg.starts_with('-') {
            p.operands.push(arg);
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (arg, None),
        };
        if name == "-h" || name == "--help" {
            p.help = true;
        } else if switches.contains(&name) && inline.is_none() {
            p.switches.push(name);
        } else if options.contains(&name) {
            match inline.or_else(|| rest.next().copied()) {
                Some(v) => p.options.push((name, v)),
                None => return Err(format!("{name} needs a value")),
            }
        } else if switches.contains(&name) {
            return Err(format!("{name} takes no value"));
        } else {
            let known = switches.iter().chain(options).copied().chain(["--help"]);
            return Err(match did_you_mean(name, known) {
                Some(best) => format!("unknown option {name}; did you mean {best}?"),
                None => format!("unknown option {name}"),
            });
        }
    }
    Ok(p)
}

fn usage_error(message: &str, help: &str) -> u8 {
    eprintln!("consentry: {message}");
    if let Some(usage) = help.lines().next() {
        eprintln!("{usage}");
    }
    UNUSABLE
}

/// The bytes of `file` ("-": standard input).
fn read_input(file: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin()
            .lock()
            .take(READ_LIMIT + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(READ_LIMIT + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > READ_LIMIT {
        return Err(format!(
            "cannot read: larger than {} MiB, far too large for a manifest",
            READ_LIMIT >> 20
        ));
    }
    Ok(bytes)
}

fn display_name(file: &str) -> &str {
    if file == "-" {
        "<stdin>"
    } else {
        file
    }
}

/// `FILE:LINE:COLUMN: PATH: message`, then the help on its own line.
fn human(file: &str, e: &Error) -> String {
    let mut out = String::from(file);
    if e.line() > 0 {
        out.push_str(&format!(":{}:{}", e.line(), e.column()));
    }
    out.push_str(": ");
    if !e.path().is_empty() {
        out.push_str(e.path());
        out.push_str(": ");
    }
    out.push_str(e.message());
    if let Some(help) = e.help() {
        out.push_str("\n  help: ");
        out.push_str(help);
    }
    out
}

fn error_json(
    path: &str,
    line: usize,
    column: usize,
    kind: &str,
    message: &str,
    help: Option<&str>,
) -> Json {
    Json::obj(vec![
        ("path", Json::str(path)),
        ("line", Json::Num(line as u64)),
        ("column", Json::Num(column as u64)),
        ("kind", Json::str(kind)),
        ("message", Json::str(message)),
        ("help", help.map_or(Json::Null, Json::str)),
    ])
}

fn report_json(file: &str, errors: Vec<Json>) -> Json {
    Json::obj(vec![
        ("file", Json::str(file)),
        ("valid", Json::Bool(errors.is_empty())),
        ("errors", Json::Arr(errors)),
    ])
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn validate(args: &[&str]) -> u8 {
    let p = match parse(args, &["--json"], &[]) {
        Ok(p) => p,
        Err(e) => return usage_error(&e, VALIDATE_HELP),
    };
    if p.help {
        print!("{VALIDATE_HELP}");
        return OK;
    }
    if p.operands.is_empty() {
        return usage_error("validate needs at least one FILE", VALIDATE_HELP);
    }
    let json = p.has("--json");
    let mut status = OK;
    let mut reports = Vec::new();
    for &file in &p.operands {
        let name = display_name(file);
        let bytes = match read_input(file) {
            Ok(b) => b,
            Err(e) => {
                status = UNUSABLE;
                if json {
                    let err = error_json("", 0, 0, "io", &e, None);
                    reports.push(report_json(name, vec![err]));
                } else {
                    eprintln!("consentry: {name}: {e}");
                }
                continue;
            }
        };
        match Manifest::from_slice(&bytes) {
            Ok(_) if json => reports.push(report_json(name, Vec::new())),
            Ok(m) => println!(
                "{name}: valid (revision {}, {}, {})",
                m.revision,
                plural(m.categories.len(), "category", "categories"),
                plural(m.services.len(), "service", "services")
            ),
            Err(errs) => {
                status = status.max(INVALID);
                if json {
                    let list = errs
                        .iter()
                        .map(|e| {
                            let kind = e.kind().as_str();
                            error_json(e.path(), e.line(), e.column(), kind, e.message(), e.help())
                        })
                        .collect();
                    reports.push(report_json(name, list));
                } else {
                    for e in errs.iter() {
                        println!("{}", human(name, e));
                    }
                    println!(
                        "{name}: invalid ({})",
                        plural(errs.len(), "error", "errors")
                    );
                }
            }
        }
    }
    if json {
        println!("{}", Json::Arr(reports).pretty());
    }
    status
}

fn schema(args: &[&str]) -> u8 {
    let p = match parse(args, &[], &[]) {
        Ok(p) => p,
        Err(e) => return usage_error(&e, SCHEMA_HELP),
    };
    if p.help {
        print!("{SCHEMA_HELP}");
        return OK;
    }
    if let Some(extra) = p.operands.first() {
        return usage_error(
            &format!("schema takes no argument, got \"{extra}\""),
            SCHEMA_HELP,
        );
    }
    print!("{}", json_schema());
    OK
}

fn cookie_command(args: &[&str]) -> u8 {
    match args {
        ["decode", rest @ ..] => decode(rest),
        ["-h" | "--help"] => {
            print!("{COOKIE_HELP}");
            OK
        }
        [] => usage_error("cookie needs a command: decode", COOKIE_HELP),
        [other, ..] => {
            let hint = match did_you_mean(other, ["decode"]) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None => "the only one is \"decode\"".to_owned(),
            };
            usage_error(
                &format!("unknown cookie command \"{other}\"; {hint}"),
                COOKIE_HELP,
            )
        }
    }
}

fn decode(args: &[&str]) -> u8 {
    let p = match parse(args, &[], &["--manifest", "--at"]) {
        Ok(p) => p,
        Err(e) => return usage_error(&e, COOKIE_HELP),
    };
    if p.help {
        print!("{COOKIE_HELP}");
        return OK;
    }
    let [input] = p.operands[..] else {
        return usage_error("cookie decode needs exactly one VALUE", COOKIE_HELP);
    };
    let now = match p.option("--at") {
        Some(t) => match parse_time(t) {
            Some(t) => t,
            None => {
                let msg =
                    format!("--at {t}: expected Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
                return usage_error(&msg, COOKIE_HELP);
            }
        },
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    let manifest = match p.option("--manifest") {
        None => None,
        Some(file) => {
            let name = display_name(file);
            let bytes = match read_input(file) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("consentry: {name}: {e}");
                    return UNUSABLE;
                }
            };
            match Manifest::from_slice(&bytes) {
                Ok(m) => Some((name, m)),
                Err(errs) => {
                    for e in errs.iter() {
                        eprintln!("{}", human(name, e));
                    }
                    eprintln!("consentry: {name} is not a valid manifest; fix it first");
                    return UNUSABLE;
                }
            }
        }
    };
    let value = if input.contains('=') {
        let name = manifest
            .as_ref()
            .map_or(DEFAULT_COOKIE_NAME, |(_, m)| m.cookie.name.as_str());
        let found: Vec<&str> = cookie::find(input, name).collect();
        let newest = found
            .iter()
            .filter_map(|v| Some((*v, cookie::decode(v).ok()?.given_at)))
            .max_by_key(|(_, t)| *t)
            .map(|(v, _)| v);
        match newest.or(found.first().copied()) {
            Some(v) => {
                println!("cookie {name}={v}");
                v
            }
            None => {
                println!(
                    "no cookie named \"{name}\" in the header: no consent, the visitor is asked"
                );
                return INVALID;
            }
        }
    } else {
        input
    };
    let consent = match cookie::decode(value) {
        Ok(c) => c,
        Err(e) => {
            println!("not a consent cookie: {e}");
            println!("a browser treats it as no consent and asks the visitor again");
            return INVALID;
        }
    };
    explain(&consent);
    match manifest {
        None => OK,
        Some((name, m)) => judge(&consent, name, &m, now),
    }
}

/// Prints what the cookie records.
fn explain(c: &Consent) {
    let accepted = c.decisions.values().filter(|on| **on).count();
    let signals = match (c.signals.gpc, c.signals.dnt) {
        (false, false) => "none honoured",
        (true, false) => "Global Privacy Control honoured",
        (false, true) => "Do-Not-Track honoured",
        (true, true) => "Global Privacy Control and Do-Not-Track honoured",
    };
    println!("consent cookie, format {}", cookie::FORMAT);
    println!("  revision:   {}", c.revision);
    println!(
        "  given at:   {} (Unix time {})",
        iso(c.given_at),
        c.given_at
    );
    println!("  consent id: {}", c.id);
    let how = match c.method {
        Method::AcceptAll => "the visitor chose \"Accept all\"",
        Method::RejectAll => "the visitor chose \"Reject all\"",
        Method::Custom => "the visitor chose in the preferences panel",
    };
    let (name, code) = (c.method.name(), c.method.code());
    println!("  method:     {name} ({code}): {how}");
    println!("  signals:    {signals}");
    println!(
        "  decisions:  {accepted} accepted, {} refused",
        c.decisions.len() - accepted
    );
    let width = c.decisions.keys().map(String::len).max().unwrap_or(0);
    for (id, on) in c.decisions.iter() {
        println!(
            "    {id:width$}  {}",
            if *on { "accepted" } else { "refused" }
        );
    }
}

/// Prints whether the consent holds under `m` at `now`; the exit status.
fn judge(c: &Consent, name: &str, m: &Manifest, now: u64) -> u8 {
    let kept = u64::from(m.cookie.max_age_days) * 86_400;
    let until = iso(c.given_at.saturating_add(kept));
    let undecided: Vec<&str> = m.ids().filter(|i| !c.decisions.contains_key(*i)).collect();
    let status = c.status(m, now);
    let verdict = match status {
        Status::Valid => format!("valid: it holds until {until}; the visitor is not asked"),
        Status::Incomplete => format!(
            "incomplete: it does not decide {} ({}); the visitor is asked again, and meanwhile they count as refused",
            plural(undecided.len(), "id", "ids"),
            undecided.join(", ")
        ),
        Status::RevisionChanged => format!(
            "revision changed: it answers revision {}, the manifest is at revision {}; no consent, the visitor is asked again",
            c.revision, m.revision
        ),
        Status::Expired => format!(
            "expired: consent is kept {} days, so it ended at {until}; no consent, the visitor is asked again",
            m.cookie.max_age_days
        ),
        Status::FromFuture => format!(
            "from the future: it is dated more than a day after {} (a wrong clock or a forged cookie); no consent, the visitor is asked again",
            iso(now)
        ),
    };
    println!("under {name} at {}:", iso(now));
    println!("  status: {verdict}");
    if status.is_usable() {
        println!("  as applied:");
    } else {
        println!("  as the cookie decides (not applied):");
    }
    let width = m.ids().map(str::len).max().unwrap_or(0);
    for id in m.ids() {
        let what = if m.is_required(id) {
            "accepted (required: always on)"
        } else {
            match c.decisions.get(id) {
                Some(true) => "accepted",
                Some(false) => "refused",
                None => "not decided (refused)",
            }
        };
        println!("    {id:width$}  {what}");
    }
    let unknown: Vec<&str> = c
        .decisions
        .keys()
        .map(String::as_str)
        .filter(|i| m.category(i).is_none() && m.service(i).is_none())
        .collect();
    if !unknown.is_empty() {
        println!("  not in the manifest (ignored): {}", unknown.join(", "));
    }
    if status == Status::Valid {
        OK
    } else {
        INVALID
    }
}

/// `2025-11-30T00:00:00Z` for Unix seconds.
fn iso(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// (year, month, day) of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days from 1970-01-01 to a (year, month, day).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Unix seconds from `1764460800`, `2025-11-30` or `2025-11-30T00:00:00Z`.
fn parse_time(s: &str) -> Option<u64> {
    let num = |s: &str, len: usize| -> Option<i64> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    if !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, t.strip_suffix('Z')?),
        None => (s, "00:00:00"),
    };
    let (y, m, d) = match date.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?),
        _ => return None,
    };
    let (h, min, sec) = match time.split(':').collect::<Vec<_>>()[..] {
        [h, min, sec] => (num(h, 2)?, num(min, 2)?, num(sec, 2)?),
        _ => return None,
    };
    let valid = (1..=12).contains(&m)
        && (1..=31).contains(&d)
        && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
        && h < 24
        && min < 60
        && sec < 60;
    let secs = days_from_civil(y, m, d) * 86_400 + h * 3600 + min * 60 + sec;
    (valid && secs >= 0).then_some(secs as u64)
}

fn init(args: &[&str]) -> u8 {
    let p = match parse(args, &[], &[]) {
        Ok(p) => p,
        Err(e) => return usage_error(&e, INIT_HELP),
    };
    if p.help {
        print!("{INIT_HELP}");
        return OK;
    }
    let file = match p.operands[..] {
        [] => "consent.json",
        [file] => file,
        _ => return usage_error("init takes at most one FILE", INIT_HELP),
    };
    if file == "-" {
        print!("{STARTER}");
        return OK;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .and_then(|mut f| f.write_all(STARTER.as_bytes()));
    match written {
        Ok(()) => {
            println!("wrote {file}: a starter manifest. Next:");
            println!(
                "  1. edit it: your site, your categories and services, in your policy's words"
            );
            println!("  2. check it: consentry validate {file}");
            println!("  3. let editors help: consentry schema > manifest.schema.json (beside it)");
            OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("consentry: {file} already exists; init never overwrites a file (choose another name, or remove it first)");
            UNUSABLE
        }
        Err(e) => {
            eprintln!("consentry: {file}: cannot write: {e}");
            UNUSABLE
        }
    }
}
