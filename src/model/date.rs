//! Calendar dates (`YYYY-MM-DD`) as day numbers, so due dates and ages are plain arithmetic.
//! The one date type of the tool: the command line's value parsers, the plan, the checklist
//! cover and rows, the assessment, the register and the workbooks' properties all hold a
//! [`Date`], so a date is validated once, where it enters. Nothing here reads the clock: "today"
//! is always passed in by the caller.

use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian date, stored as days since 1970-01-01, always within
/// [`Date::MIN`]..=[`Date::MAX`] so that its text (`YYYY-MM-DD`, four-digit year) reads back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a string is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a date (expected YYYY-MM-DD, e.g. 2026-03-20)")]
pub struct DateError(pub String);

impl Date {
    /// 0000-01-01, the earliest date a `YYYY-MM-DD` text can name.
    pub const MIN: Date = Date(-719_528);
    /// 9999-12-31, the latest date a `YYYY-MM-DD` text can name.
    pub const MAX: Date = Date(2_932_896);

    /// The date of year `y` (0..=9999), month `m` (1..=12), day `d`, if it exists.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(0..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
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

    /// The date `n` days later (earlier when negative), held within [`Date::MIN`]..=[`Date::MAX`].
    /// Clamping matters: a date past 9999-12-31 would be stored as a five-digit year that no
    /// longer reads back, and the day arithmetic of [`ymd`](Self::ymd) would overflow.
    pub fn add_days(self, n: i64) -> Date {
        Date::clamped(i64::from(self.0).saturating_add(n))
    }

    fn clamped(days: i64) -> Date {
        Date(days.clamp(i64::from(Date::MIN.0), i64::from(Date::MAX.0)) as i32)
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }

    /// The date of a Unix time in seconds (UTC). Only the command layer calls this, with the clock.
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date::clamped(secs.div_euclid(86_400))
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

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Years a date written in a checklist may have: anything else (`0000-01-01`, a serial number
/// read as a year) is a typing slip, not an audit date.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

impl Date {
    /// A date as people write it in a spreadsheet cell, where it is unambiguous: `2026-03-05`,
    /// `2026-3-5`, `2026/3/5`, `2026.3.5`, `2026年3月5日`, or an Excel serial number (days from
    /// 1899-12-30) such as `46086`; the year must be plausible for an audit. `None` otherwise
    /// (day-first or month-first forms like `05/03/2026` are ambiguous and not guessed).
    pub fn from_cell(s: &str) -> Option<Date> {
        let t = s.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            // An Excel serial: 1900-01-01 is 2 (Excel's 1900 leap-year bug), 2999-12-31 is 401,768.
            let n: i64 = t.parse().ok()?;
            return (2..=401_768)
                .contains(&n)
                .then(|| Date::from_ymd(1899, 12, 30).map(|d| d.add_days(n)))
                .flatten();
        }
        let t = t.strip_suffix('日').unwrap_or(t);
        let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        let num = |x: &str, max_len: usize| {
            (!x.is_empty() && x.len() <= max_len && x.bytes().all(|b| b.is_ascii_digit()))
                .then(|| x.parse::<u32>().ok())
                .flatten()
        };
        let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
        if y < 1000 || !PLAUSIBLE_YEARS.contains(&(y as i32)) {
            return None;
        }
        Date::from_ymd(y as i32, m, d)
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
    fn arithmetic_stays_within_four_digit_years() {
        assert_eq!(Date::MIN, d("0000-01-01"));
        assert_eq!(Date::MAX, d("9999-12-31"));
        // A policy of four billion days, or an ineffective verification near the end of time.
        let far = d("2026-03-20").add_days(4_000_000_000);
        assert_eq!(far, Date::MAX);
        assert_eq!(far.to_string().parse::<Date>(), Ok(far));
        assert_eq!(d("9999-12-01").add_days(60), Date::MAX);
        assert_eq!(d("0001-01-01").add_days(i64::MIN), Date::MIN);
        assert_eq!(Date::MIN.to_string(), "0000-01-01");
        assert_eq!(Date::from_unix_seconds(i64::MAX), Date::MAX);
        assert_eq!(Date::from_unix_seconds(i64::MIN), Date::MIN);
        assert_eq!(Date::from_ymd(10_000, 1, 1), None);
        assert_eq!(Date::from_ymd(-1, 12, 31), None);
    }

    #[test]
    fn cells_read_where_unambiguous() {
        for (cell, want) in [
            ("2026-03-05", "2026-03-05"),
            ("2026-3-5", "2026-03-05"),
            ("2026/3/5", "2026-03-05"),
            ("2026.03.05", "2026-03-05"),
            ("2026年3月5日", "2026-03-05"),
            (" 2026年03月05日 ", "2026-03-05"),
            ("46086", "2026-03-05"),
        ] {
            assert_eq!(
                Date::from_cell(cell).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{cell}"
            );
        }
        for bad in [
            "2026-02-30",
            "0000-01-01",
            "05/03/2026",
            "2026-13-01",
            "2026年3月",
            "",
            "0",
            "999999",
            "next week",
        ] {
            assert_eq!(Date::from_cell(bad), None, "{bad}");
        }
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
