//! The `consentry` command line: the site owner's tool. Validate manifests, print the JSON
//! Schema, explain consent cookies, start a manifest.
//!
//! This module holds the commands and options ([`clap`] derives their parsing, help and
//! did-you-mean) and runs one; each command is a module of its own. Exit status: 0 valid,
//! 1 invalid, 2 usage error or unreadable input.

mod catalog;
mod consent_default;
mod cookie;
mod init;
mod input;
mod schema;
mod snippet;
mod time;
mod validate;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::process::ExitCode;

/// How a command ended, in the order a run of several files keeps the worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Everything is as it should be.
    Ok = 0,
    /// A manifest or a cookie is not valid.
    Invalid = 1,
    /// The command line is wrong, or an input cannot be read.
    Unusable = 2,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        ExitCode::from(outcome as u8)
    }
}

/// Check a Consentry manifest, print its JSON Schema, explain a consent cookie
#[derive(Parser)]
#[command(
    name = "consentry",
    version,
    args_override_self = true,
    after_help = "Exit status: 0 valid, 1 invalid, 2 usage error or unreadable input"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// The doc comments of the commands and options are their help text, not rustdoc.
#[allow(rustdoc::broken_intra_doc_links)]
#[derive(Subcommand)]
enum Command {
    /// Check manifests; every error with its JSON path
    ///
    /// Checks each manifest and prints every error, not just the first: its position and JSON
    /// path (FILE:LINE:COLUMN: PATH: message), the source line with a caret under the column,
    /// and how to fix it:
    ///
    ///   m.json:10:33: services[0].category: "suport" is not a category
    ///      |
    ///   10 |     { "id": "chat", "category": "suport", "title": "Chat" }
    ///      |                                 ^
    ///      |
    ///      = help: did you mean "support"?
    ///
    /// PATH is the JSON path of the offending value (services[2].category). A valid manifest
    /// prints FILE: valid (revision, categories, services).
    ///
    /// Warnings follow the errors, the same way with "warning: " before PATH: what a manifest
    /// says but probably does not mean (a privacy signal honoured while no category is marked
    /// for it). They leave the manifest valid.
    #[command(
        verbatim_doc_comment,
        after_help = "Exit status: 0 all valid (with or without warnings), 1 some invalid, 2 usage error or a file could not be read"
    )]
    Validate {
        /// Print a JSON array instead: one {file, valid, errors, warnings} per file
        ///
        /// Each error is {path, line, column, kind, message, help}; line and column are 0 when
        /// unknown, help is null when there is no advice; kind is one of syntax, unknown_field,
        /// missing, type, value, duplicate, reference, limit (io for a file not read). Each
        /// warning has the same fields; its kind is no_effect, required_tracker or
        /// missing_translation.
        #[arg(long, verbatim_doc_comment)]
        json: bool,
        /// The manifests to check ("-" reads standard input)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
    /// Print the manifest's JSON Schema (draft 2020-12)
    ///
    /// Prints the manifest's JSON Schema (draft 2020-12), with a description of every field.
    /// Save it beside the manifest and point the manifest's "$schema" at it, and editors
    /// complete field names, show what each one means, and underline mistakes:
    ///
    ///   consentry schema > manifest.schema.json
    ///
    /// The schema checks what a JSON Schema can (fields, types, ranges, ids, URLs);
    /// `consentry validate` checks everything, including references between categories and
    /// services.
    #[command(verbatim_doc_comment)]
    Schema,
    /// Explain a consent cookie, and whether it still holds
    #[command(after_help = DECODE_EXIT_STATUS)]
    Cookie {
        #[command(subcommand)]
        command: CookieCommand,
    },
    /// Write a starter manifest (default: consent.json)
    ///
    /// Writes a starter manifest: a required category, two optional ones and a service, each
    /// description telling what to put there. With --preset, writes one of the catalog's
    /// services instead, each in a category for its kind:
    ///
    ///   consentry init --preset ga4 --preset youtube --preset intercom
    ///
    /// It never overwrites a file. Then edit it, check it with `consentry validate FILE`, and
    /// save the schema beside it (`consentry schema > manifest.schema.json`) so that editors
    /// help.
    #[command(
        verbatim_doc_comment,
        after_help = "Exit status: 0 written, 2 the file exists or cannot be written, or a preset is unknown"
    )]
    Init {
        /// Where to write it ("-" prints it)
        #[arg(default_value = "consent.json")]
        file: String,
        /// Start from services of the catalog instead (repeat it: --preset ga4 --preset youtube);
        /// each goes in a category for its kind. `consentry presets` lists them
        #[arg(long = "preset", value_name = "NAME")]
        presets: Vec<String>,
    },
    /// List the catalog's service presets: name, title, usual category, other names
    ///
    /// A manifest's service with "preset": "NAME" gets the preset's title, provider, policy,
    /// description, cookies with their lifetimes, hosts and Google Consent Mode signals; the
    /// service's own fields replace the preset's (docs/catalog.md).
    #[command(verbatim_doc_comment)]
    Presets,
    /// Print the inline Google Consent Mode default to paste above Google's tags
    ///
    /// Prints a small inline <script> that sets Google Consent Mode's default (every signal
    /// denied but what the required categories grant, wait_for_update, regions) before any
    /// Google tag runs. In advanced mode (google_consent_mode.mode "advanced") the page loads
    /// its Google tags at once: paste this above them, in every page's <head>. Consentry's
    /// loader then sends the visitor's choice as the update, and pushes no second default.
    ///
    ///   consentry snippet consent.json --nonce '{{ csp_nonce }}'
    ///
    /// Under a strict Content Security Policy give the page's nonce (a template placeholder
    /// works), or add the printed 'sha256-…' source to script-src (--hash).
    #[command(
        verbatim_doc_comment,
        after_help = "Exit status: 0 printed, 1 the manifest is invalid or declares no google_consent_mode, 2 usage error"
    )]
    Snippet {
        /// The manifest
        #[arg(default_value = "consent.json")]
        file: String,
        /// Put this nonce on the script (the page's CSP nonce, or a template placeholder)
        #[arg(long, value_name = "NONCE")]
        nonce: Option<String>,
        /// Also print the CSP source ('sha256-…') that allows the script without a nonce
        #[arg(long)]
        hash: bool,
    },
}

/// What `cookie decode`'s exit status means.
const DECODE_EXIT_STATUS: &str = "\
Exit status: 0 a consent (that holds, with --manifest), 1 not a consent or the visitor would
be asked again, 2 usage error or an unusable manifest";

#[derive(Subcommand)]
enum CookieCommand {
    /// Explain a consent cookie, and whether it still holds
    ///
    /// Explains a consent cookie: its revision, when it was given (ISO 8601, UTC), its consent
    /// id (the proof-of-consent key), how it was given, and each decision.
    #[command(
        verbatim_doc_comment,
        after_help = DECODE_EXIT_STATUS
    )]
    Decode {
        /// The cookie's value, or a Cookie header
        ///
        /// A value is 1.3.t6iio0.k3j9x0a2m4p7q8r1.c.necessary.ads; from a header
        /// (consentry=1.3...; other=x) the cookie named in the manifest (default "consentry")
        /// is taken, the newest of several.
        #[arg(verbatim_doc_comment)]
        value: String,
        /// Also tell whether the consent still holds under this manifest
        ///
        /// Valid, revision changed, expired, from the future or incomplete; and how each of its
        /// categories and services is decided.
        #[arg(long, value_name = "FILE", verbatim_doc_comment)]
        manifest: Option<String>,
        /// Judge it at TIME instead of now: Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ
        #[arg(long, value_name = "TIME", value_parser = time::parse_time)]
        at: Option<u64>,
    },
}

/// Runs the command line of this process; `src/bin/consentry.rs` is this alone.
pub fn main() -> ExitCode {
    run(std::env::args_os())
}

/// Runs a command line (`args` starts with the program name) and returns its exit status.
///
/// Help and `--version` print to standard output and exit 0; a usage error prints to standard
/// error and exits 2.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Nothing better to do if even this cannot be written.
            let _ = e.print();
            let outcome = if e.use_stderr() {
                Outcome::Unusable
            } else {
                Outcome::Ok
            };
            return outcome.into();
        }
    };
    let outcome = match cli.command {
        Command::Validate { json, files } => validate::run(&files, json),
        Command::Schema => schema::run(),
        Command::Cookie {
            command:
                CookieCommand::Decode {
                    value,
                    manifest,
                    at,
                },
        } => cookie::decode(&value, manifest.as_deref(), at),
        Command::Init { file, presets } => init::run(&file, &presets),
        Command::Presets => catalog::list(),
        Command::Snippet { file, nonce, hash } => {
            consent_default::run(&file, nonce.as_deref(), hash)
        }
    };
    outcome.into()
}

/// `1 category`, `2 categories`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
