//! Splitting text at an ASCII byte, for the gate builds.
//!
//! `str::split(';')` and its kin search with core's char searcher, whose slicing check formats
//! the indexes when it fails: that alone brings the formatting machinery into a build whose
//! panics only trap. A closure pattern avoids it but is compiled again for every closure.
//! These are one copy for every separator, and never panic.

/// The parts of `s` between each `sep`, like `s.split(sep as char)`.
pub fn split(s: &str, sep: u8) -> Split<'_> {
    Split { rest: Some(s), sep }
}

/// `s` before and after its first `sep`, like `s.split_once(sep as char)`.
pub fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == sep)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// See [`split`].
#[derive(Debug, Clone)]
pub struct Split<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_once(rest, self.sep) {
            Some((part, after)) => {
                self.rest = Some(after);
                Some(part)
            }
            None => self.rest.take(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn splits_like_str_split() {
        for s in ["", "a", "a;b", ";a;;b;", "é;ü;", ";;"] {
            let ours: Vec<&str> = split(s, b';').collect();
            let core: Vec<&str> = s.split(';').collect();
            assert_eq!(ours, core, "{s:?}");
            assert_eq!(split_once(s, b';'), s.split_once(';'), "{s:?}");
        }
    }
}
