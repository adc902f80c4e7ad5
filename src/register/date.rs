//! Calendar dates (`YYYY-MM-DD`) as day numbers, so due dates and ages are plain arithmetic.
//! The register never reads the clock: "today" is always passed in by the caller.

use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian date, stored as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a string is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a date (expected YYYY-MM-DD, e.g. 2026-03-20)")]
pub struct DateError(pub String);

impl Date {
    /// The date of year `y`, month `m` (1..=12), day `d`, if it exists.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// The date `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Date {
        Date(
            self.0
                .saturating_add(n.clamp(i32::MIN as i64, i32::MAX as i64) as i32),
        )
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }

    /// The date of a Unix time in seconds (UTC). Only the command layer calls this, with the clock.
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date(secs.div_euclid(86_400) as i32)
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateError(s.to_string());
        let t = s.trim();
        let mut p = t.split('-');
        let (y, m, d) = (p.next(), p.next(), p.next());
        if p.next().is_some() {
            return Err(err());
        }
        let num = |x: Option<&str>, len: usize| {
            x.filter(|v| v.len() == len && v.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|v| v.parse::<u32>().ok())
        };
        let (y, m, d) = (
            num(y, 4).ok_or_else(err)?,
            num(m, 2).ok_or_else(err)?,
            num(d, 2).ok_or_else(err)?,
        );
        Date::from_ymd(y as i32, m, d).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn round_trips_and_counts_days() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2026-03-20",
            "2026-12-31",
            "1999-12-31",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(d("1970-01-01"), Date(0));
        assert_eq!(d("2026-03-20").add_days(30).to_string(), "2026-04-19");
        assert_eq!(d("2026-03-20").add_days(60).to_string(), "2026-05-19");
        assert_eq!(d("2024-02-28").add_days(1).to_string(), "2024-02-29");
        assert_eq!(d("2026-05-01").days_since(d("2026-03-20")), 42);
        assert_eq!(
            Date::from_unix_seconds(86_400 * 365 + 5).to_string(),
            "1971-01-01"
        );
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "2026-3-20",
            "2026-02-30",
            "2025-02-29",
            "20260320",
            "2026-13-01",
            "2026-01-01-1",
            "２０２６-01-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }
}
