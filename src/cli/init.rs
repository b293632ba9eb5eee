//! `consentry init`: a starter manifest, never over an existing file.

use super::Outcome;
use std::io::Write;

/// The manifest `init` writes. JSON has no comments: the descriptions say what goes where.
const STARTER: &str = include_str!("starter.json");

/// Writes the starter manifest to `file` ("-": prints it).
pub(super) fn run(file: &str) -> Outcome {
    if file == "-" {
        print!("{STARTER}");
        return Outcome::Ok;
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
            Outcome::Ok
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("consentry: {file} already exists; init never overwrites a file (choose another name, or remove it first)");
            Outcome::Unusable
        }
        Err(e) => {
            eprintln!("consentry: {file}: cannot write: {e}");
            Outcome::Unusable
        }
    }
}
