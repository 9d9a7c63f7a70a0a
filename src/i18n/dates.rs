//! Dates as people read them in each language, in an organization's time zone, and dates
//! typed into forms read back from that zone.

use chrono::{DateTime, Utc};
use jiff::civil;
use jiff::tz::TimeZone;

use super::Lang;

const DAYS_ES: [&str; 7] = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"];
const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The zone named `name` (IANA, e.g. `America/Chicago`), or UTC when it is unknown.
pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// The wall-clock date and time of `at` in `zone`.
pub fn local(at: DateTime<Utc>, zone: &TimeZone) -> civil::DateTime {
    jiff::Timestamp::from_second(at.timestamp())
        .map(|t| t.to_zoned_datetime(zone.clone()).datetime())
        .unwrap_or(civil::DateTime::ZERO)
}

/// "28 de noviembre de 2026" / "November 28, 2026".
pub fn long_date(lang: Lang, at: DateTime<Utc>, zone: &TimeZone) -> String {
    let date = local(at, zone).date();
    let month = month_name(lang, date.month());
    match lang {
        Lang::Es => format!("{} de {} de {}", date.day(), month, date.year()),
        Lang::En => format!("{} {}, {}", month, date.day(), date.year()),
    }
}

/// `2026-11-28 19:30`: a date and time in `zone`, for tables where space is short.
pub fn short(at: DateTime<Utc>, zone: &TimeZone) -> String {
    local(at, zone).strftime("%Y-%m-%d %H:%M").to_string()
}

/// Months' names in `lang` (1 = January).
pub fn month_name(lang: Lang, month: i8) -> &'static str {
    let index = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
    match lang {
        Lang::Es => MONTHS_ES[index],
        Lang::En => MONTHS_EN[index],
    }
}

/// A weekday's name in `lang` (0 = Monday).
pub fn weekday_name(lang: Lang, monday_offset: i8) -> &'static str {
    let index = usize::try_from(monday_offset.clamp(0, 6)).unwrap_or(0);
    match lang {
        Lang::Es => DAYS_ES[index],
        Lang::En => DAYS_EN[index],
    }
}

/// The value of an `<input type="datetime-local">` showing `at` in `zone`: `2026-11-28T19:30`.
pub fn input_value(at: DateTime<Utc>, zone: &TimeZone) -> String {
    local(at, zone).strftime("%Y-%m-%dT%H:%M").to_string()
}

/// Reads what a `datetime-local` input sent (`2026-11-28T19:30`, seconds optional) as a time
/// in `zone`. A wall-clock time that a daylight-saving change skips or repeats is taken the
/// way most calendars do ("compatible": the later offset for a gap, the earlier for a fold).
pub fn parse_input(value: &str, zone: &TimeZone) -> Option<DateTime<Utc>> {
    let civil: civil::DateTime = value.trim().parse().ok()?;
    let zoned = civil.to_zoned_datetime(zone.clone()).ok()?;
    DateTime::from_timestamp(zoned.timestamp().as_second(), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn long_dates_in_each_language_and_zone() {
        let chicago = zone("America/Chicago");
        // 03:00 UTC on the 29th is still the evening of the 28th in Madison.
        let at = utc("2026-11-29T03:00:00Z");
        assert_eq!(long_date(Lang::Es, at, &chicago), "28 de noviembre de 2026");
        assert_eq!(long_date(Lang::En, at, &chicago), "November 28, 2026");
        assert_eq!(long_date(Lang::En, at, &zone("Not/AZone")), "November 29, 2026");
        assert_eq!(short(at, &chicago), "2026-11-28 21:00");
        assert_eq!(short(at, &zone("America/El_Salvador")), "2026-11-28 21:00");
        assert_eq!(short(utc("2026-07-01T03:00:00Z"), &chicago), "2026-06-30 22:00");
    }

    #[test]
    fn form_values_round_trip_across_daylight_saving() {
        let chicago = zone("America/Chicago");
        // Winter: UTC−6; summer: UTC−5.
        assert_eq!(parse_input("2026-01-15T19:00", &chicago), Some(utc("2026-01-16T01:00:00Z")));
        assert_eq!(parse_input("2026-07-15T19:00", &chicago), Some(utc("2026-07-16T00:00:00Z")));
        // El Salvador keeps UTC−6 all year.
        assert_eq!(parse_input("2026-07-15T19:00", &zone("America/El_Salvador")), Some(utc("2026-07-16T01:00:00Z")));
        // 2:30 a.m. on 8 March 2026 does not exist in Chicago: read as 3:30 CDT.
        assert_eq!(parse_input("2026-03-08T02:30", &chicago), Some(utc("2026-03-08T08:30:00Z")));
        assert_eq!(input_value(utc("2026-07-16T00:00:00Z"), &chicago), "2026-07-15T19:00");
        assert_eq!(parse_input("tomorrow", &chicago), None);
        assert_eq!(parse_input("", &chicago), None);
    }
}
