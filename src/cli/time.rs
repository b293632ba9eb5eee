//! Times as `cookie decode` reads and writes them: Unix seconds, and ISO 8601 in UTC
//! ([`jiff`] does the calendar).

use jiff::civil::{Date, DateTime};
use jiff::{tz::Offset, Timestamp};

/// `2025-11-30T00:00:00Z` for Unix seconds; past jiff's range (the year 9999), says so.
pub(super) fn iso(secs: u64) -> String {
    match i64::try_from(secs).map(Timestamp::from_second) {
        Ok(Ok(t)) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        _ => "after the year 9999".to_owned(),
    }
}

/// Unix seconds from `1764460800`, `2025-11-30` or `2025-11-30T00:00:00Z` (`--at`); not before
/// 1970.
pub(super) fn parse_time(s: &str) -> Result<u64, String> {
    let expected = || "expected Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ".to_owned();
    if !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| expected());
    }
    let datetime = DateTime::strptime("%Y-%m-%dT%H:%M:%SZ", s)
        .or_else(|_| {
            Date::strptime("%Y-%m-%d", s).map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        })
        .map_err(|_| expected())?;
    let secs = Offset::UTC
        .to_timestamp(datetime)
        .map_err(|_| expected())?
        .as_second();
    u64::try_from(secs).map_err(|_| expected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_of_unix_seconds() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_764_460_800), "2025-11-30T00:00:00Z");
        assert_eq!(iso(1_764_460_800 + 182 * 86_400), "2026-05-31T00:00:00Z");
        assert_eq!(iso(951_825_600 + 3_723), "2000-02-29T13:02:03Z");
        assert_eq!(iso(u64::MAX), "after the year 9999");
    }

    #[test]
    fn the_three_forms_parse() {
        assert_eq!(parse_time("1764460800"), Ok(1_764_460_800));
        assert_eq!(parse_time("2025-11-30"), Ok(1_764_460_800));
        assert_eq!(parse_time("2025-11-30T00:00:00Z"), Ok(1_764_460_800));
        assert_eq!(parse_time("2000-02-29T13:02:03Z"), Ok(951_825_600 + 3_723));
        assert_eq!(parse_time("1970-01-01"), Ok(0));
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            "",
            "yesterday",
            "2025-02-30",
            "2025-13-01",
            "2025-11-30T24:00:00Z",
            "2025-11-30T00:00:00",
            "2025-11-30T00:00:00+01:00",
            "2025-11-30 00:00:00Z",
            "1969-12-31",
            "-1",
            "1234567890123",
        ] {
            assert!(parse_time(bad).is_err(), "{bad:?}");
        }
    }
}
