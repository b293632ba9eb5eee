//! `consentry validate`: every error of each manifest, for a person or (`--json`) for a tool.

use super::{input, plural, snippet, Outcome};
use crate::manifest::{Error, Manifest};
use serde::Serialize;

/// One file's verdict in `--json` output.
#[derive(Serialize)]
struct Report {
    file: String,
    valid: bool,
    errors: Vec<ErrorReport>,
}

/// One error in `--json` output: line and column 0 when unknown, help `null` when none.
#[derive(Serialize)]
struct ErrorReport {
    path: String,
    line: usize,
    column: usize,
    kind: &'static str,
    message: String,
    help: Option<String>,
}

impl Report {
    /// `file`'s verdict: valid when there are no `errors`.
    fn new(file: &str, errors: Vec<ErrorReport>) -> Self {
        Report {
            file: file.to_owned(),
            valid: errors.is_empty(),
            errors,
        }
    }
}

impl ErrorReport {
    /// A file that could not be read, and why.
    fn io(message: String) -> Self {
        ErrorReport {
            path: String::new(),
            line: 0,
            column: 0,
            kind: "io",
            message,
            help: None,
        }
    }
}

impl From<&Error> for ErrorReport {
    fn from(e: &Error) -> Self {
        ErrorReport {
            path: e.path().to_owned(),
            line: e.line(),
            column: e.column(),
            kind: e.kind().as_str(),
            message: e.message().to_owned(),
            help: e.help().map(str::to_owned),
        }
    }
}

/// Checks each of `files`; the worst outcome (an unreadable file: [`Outcome::Unusable`]).
pub(super) fn run(files: &[String], json: bool) -> Outcome {
    let mut outcome = Outcome::Ok;
    let mut reports = Vec::new();
    let coloured = snippet::colour(&std::io::stdout());
    for file in files {
        let name = input::display_name(file);
        let bytes = match input::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                outcome = Outcome::Unusable;
                if json {
                    reports.push(Report::new(name, vec![ErrorReport::io(e)]));
                } else {
                    eprintln!("consentry: {name}: {e}");
                }
                continue;
            }
        };
        match Manifest::from_slice(&bytes) {
            Ok(_) if json => reports.push(Report::new(name, Vec::new())),
            Ok(m) => println!(
                "{name}: valid (revision {}, {}, {})",
                m.revision,
                plural(m.categories.len(), "category", "categories"),
                plural(m.services.len(), "service", "services")
            ),
            Err(errs) => {
                outcome = outcome.max(Outcome::Invalid);
                if json {
                    let errors = errs.iter().map(ErrorReport::from).collect();
                    reports.push(Report::new(name, errors));
                } else {
                    let src = snippet::source_text(&bytes);
                    for e in errs.iter() {
                        println!("{}\n", snippet::render(name, &src, e, coloured));
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
        let text = serde_json::to_string_pretty(&reports).expect("reports are plain data");
        println!("{text}");
    }
    outcome
}
