//! Numbers written as text without `core::fmt`, which the gate builds cannot afford: shared by
//! the consent cookie, the compact manifest and the engine's answers.

use crate::prelude::*;

/// Appends `n` in `radix` (10 or 36), lowercase: what `to_string` does for 10, without the
/// formatting machinery in the gate.
pub fn push_number(out: &mut String, mut n: u64, radix: u64) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    // u64::MAX has 20 decimal digits; they come least significant first.
    let mut buf = [0u8; 20];
    let mut len = 0;
    for slot in buf.iter_mut() {
        *slot = DIGITS.get((n % radix) as usize).copied().unwrap_or(b'0');
        len += 1;
        n /= radix;
        if n == 0 {
            break;
        }
    }
    for &d in buf.iter().take(len).rev() {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::push_number;
    use crate::prelude::*;

    #[test]
    fn writes_decimal_and_base36() {
        for (n, radix, text) in [
            (0, 10, "0"),
            (1234567890, 10, "1234567890"),
            (35, 36, "z"),
            (36, 36, "10"),
        ] {
            let mut out = String::new();
            push_number(&mut out, n, radix);
            assert_eq!(out, text);
        }
        let mut out = String::from("x");
        push_number(&mut out, u64::MAX, 10);
        assert_eq!(out, "x18446744073709551615");
    }
}
