//! Calendar dates of the ledger (a gift's day, a transfer's day) as people read and type them.

use chrono::{NaiveDate, Utc};

use crate::i18n::Lang;
use crate::i18n::dates::{long_date, zone};

/// "28 de noviembre de 2026" / "November 28, 2026".
pub fn long(date: NaiveDate, lang: Lang) -> String {
    let noon = date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
    long_date(lang, noon, &jiff::tz::TimeZone::UTC)
}

/// Reads an `<input type="date">` value (`2026-11-28`).
pub fn parse(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// Today in the organization's time zone (`America/Chicago`…).
pub fn today(time_zone: &str) -> NaiveDate {
    let local = crate::i18n::dates::local(Utc::now(), &zone(time_zone)).date();
    NaiveDate::from_ymd_opt(
        i32::from(local.year()),
        u32::try_from(local.month()).unwrap_or(1),
        u32::try_from(local.day()).unwrap_or(1),
    )
    .unwrap_or_else(|| Utc::now().date_naive())
}
