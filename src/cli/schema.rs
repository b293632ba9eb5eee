//! `consentry schema`: the manifest's JSON Schema, from the library's generator.

use super::Outcome;
use crate::manifest::schema::json_schema;

/// Prints the JSON Schema (draft 2020-12).
pub(super) fn run() -> Outcome {
    print!("{}", json_schema());
    Outcome::Ok
}
