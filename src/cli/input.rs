//! Reading a command's input: a file, or standard input for `-`.

use std::io::Read;

/// Largest input read at all; the manifest's own limit is far lower and gets its own error.
const READ_LIMIT: u64 = 64 << 20;

/// The bytes of `file` ("-": standard input), or why they cannot be read.
pub(super) fn read(file: &str) -> Result<Vec<u8>, String> {
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

/// How messages name `file`: `<stdin>` for "-".
pub(super) fn display_name(file: &str) -> &str {
    if file == "-" {
        "<stdin>"
    } else {
        file
    }
}
