//! The visitor's consent: the record, how it is made from a choice, and when it still holds.

pub mod cleanup;
pub mod cookie;
mod record;

pub use record::{Choice, Consent, Honoured, Method, Selection, Status};
