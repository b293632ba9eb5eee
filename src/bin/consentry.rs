//! `consentry`: the site owner's command line. Validate manifests, decode consent cookies.
//!
//! Exit status: 0 valid, 1 invalid, 2 usage or I/O error.

use consentry::consent::cookie;
use consentry::manifest::Manifest;
use std::process::ExitCode;

const USAGE: &str = "usage:
  consentry validate FILE...           check manifests; prints every error with its JSON path
  consentry cookie decode VALUE [--manifest FILE]
                                       explain a consent cookie value";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["validate", files @ ..] if !files.is_empty() => validate(files),
        ["cookie", "decode", value] => decode(value, None),
        ["cookie", "decode", value, "--manifest", file] => decode(value, Some(file)),
        ["--help" | "-h" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn read(file: &str) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(file).map_err(|e| {
        eprintln!("{file}: cannot read: {e}");
        ExitCode::from(2)
    })
}

fn validate(files: &[&str]) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for file in files {
        let bytes = match read(file) {
            Ok(b) => b,
            Err(code) => return code,
        };
        match Manifest::from_slice(&bytes) {
            Ok(m) => println!(
                "{file}: valid (revision {}, {} categories, {} services)",
                m.revision,
                m.categories.len(),
                m.services.len()
            ),
            Err(errs) => {
                for e in errs.iter() {
                    println!("{file}: {e}");
                }
                status = ExitCode::from(1);
            }
        }
    }
    status
}

fn decode(value: &str, manifest: Option<&str>) -> ExitCode {
    let consent = match cookie::decode(value) {
        Ok(c) => c,
        Err(e) => {
            println!("not a consent: {e}");
            return ExitCode::from(1);
        }
    };
    println!(
        "revision {}, given at {} (Unix seconds), id {}, method {}",
        consent.revision,
        consent.given_at,
        consent.id,
        consent.method.name()
    );
    for (id, on) in &consent.decisions {
        println!("  {id}: {}", if *on { "accepted" } else { "refused" });
    }
    if let Some(file) = manifest {
        let bytes = match read(file) {
            Ok(b) => b,
            Err(code) => return code,
        };
        match Manifest::from_slice(&bytes) {
            Ok(m) => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                println!("status under {file}: {:?}", consent.status(&m, now));
            }
            Err(errs) => {
                eprintln!("{file}: invalid manifest:\n{errs}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
