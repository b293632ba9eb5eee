//! `consentry validate`: every error and warning of each manifest, for a person or (`--json`)
//! for a tool. Warnings leave a manifest valid.

use super::{input, plural, snippet, Outcome};
use crate::manifest::{Manifest, Problem};
use serde::Serialize;

/// One file's verdict in `--json` output.
#[derive(Serialize)]
struct Report {
    file: String,
    valid: bool,
    errors: Vec<ErrorReport>,
    warnings: Vec<ErrorReport>,
}

/// One error or warning in `--json` output: line and column 0 when unknown, help `null` when
/// none.
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
    fn new(file: &str, errors: Vec<ErrorReport>, warnings: Vec<ErrorReport>) -> Self {
        Report {
            file: file.to_owned(),
            valid: errors.is_empty(),
            errors,
            warnings,
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

    /// Problem `e`, whose kind is called `kind`.
    fn of<K: Copy>(e: &Problem<K>, kind: &'static str) -> Self {
        ErrorReport {
            path: e.path().to_owned(),
            line: e.line(),
            column: e.column(),
            kind,
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
                    reports.push(Report::new(name, vec![ErrorReport::io(e)], Vec::new()));
                } else {
                    eprintln!("consentry: {name}: {e}");
                }
                continue;
            }
        };
        let checked = Manifest::checked_slice(&bytes);
        let warnings = &checked.warnings;
        if json {
            let (errors, valid) = match &checked.manifest {
                Ok(_) => (Vec::new(), true),
                Err(errs) => (
                    errs.iter()
                        .map(|e| ErrorReport::of(e, e.kind().as_str()))
                        .collect(),
                    false,
                ),
            };
            outcome = outcome.max(if valid { Outcome::Ok } else { Outcome::Invalid });
            let warnings = warnings
                .iter()
                .map(|w| ErrorReport::of(w, w.kind().as_str()))
                .collect();
            reports.push(Report::new(name, errors, warnings));
            continue;
        }
        let src = snippet::source_text(&bytes);
        if let Err(errs) = &checked.manifest {
            for e in errs.iter() {
                println!("{}\n", snippet::render(name, &src, e, coloured));
            }
        }
        for w in warnings {
            println!("{}\n", snippet::render_warning(name, &src, w, coloured));
        }
        let warned = |sep: &str| match warnings.len() {
            0 => String::new(),
            n => format!("{sep}{}", plural(n, "warning", "warnings")),
        };
        match &checked.manifest {
            Ok(m) => println!(
                "{name}: valid (revision {}, {}, {}{})",
                m.revision,
                plural(m.categories.len(), "category", "categories"),
                plural(m.services.len(), "service", "services"),
                warned("; ")
            ),
            Err(errs) => {
                outcome = outcome.max(Outcome::Invalid);
                let errors = plural(errs.len(), "error", "errors");
                println!("{name}: invalid ({errors}{})", warned(", "));
            }
        }
    }
    if json {
        let text = serde_json::to_string_pretty(&reports).expect("reports are plain data");
        println!("{text}");
    }
    outcome
}
