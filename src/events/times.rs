//! An event's times as people read them: in the organization's zone and, when the wall
//! clocks differ, in the sister community's too ("7:00 p.m. Madison · 6:00 p.m. Arcatao").
//! Zone arithmetic is jiff's, over its bundled time-zone database.

use chrono::{DateTime, Utc};
use jiff::civil;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::i18n::Lang;
use crate::i18n::dates::{self, local, month_name, weekday_name};

/// A place's zone and the short name it is shown with ("Madison").
#[derive(Clone, Debug)]
pub struct Place {
    pub zone: TimeZone,
    pub label: String,
}

impl Place {
    /// `name` is an IANA zone; `place` the place as stored ("Madison, Wisconsin" → "Madison").
    pub fn new(zone_name: &str, place: &str) -> Place {
        let label = place.split(',').next().unwrap_or_default().trim().to_owned();
        Place { zone: dates::zone(zone_name), label }
    }
}

/// The two places an event's times are shown for: the organization's, and its sister
/// community's when it has one.
#[derive(Clone, Debug)]
pub struct Zones {
    pub home: Place,
    pub sister: Option<Place>,
}

/// An event's date and times, ready for a page.
#[derive(Clone, Debug, Serialize)]
pub struct Shown {
    /// "sábado 7 de marzo de 2026" / "Saturday, March 7, 2026" (home zone).
    pub day: String,
    /// "7:00 p.m. Madison · 6:00 p.m. Arcatao", or "7:00 p.m." when both clocks agree.
    pub starts: String,
    /// The end time the same way, with its day when it ends on another day.
    pub ends: String,
    /// RFC 3339, for `<time datetime>`.
    pub machine: String,
}

/// "sábado 7 de marzo de 2026" / "Saturday, March 7, 2026".
pub fn day(lang: Lang, date: civil::Date) -> String {
    let weekday = weekday_name(lang, date.weekday().to_monday_zero_offset());
    let month = month_name(lang, date.month());
    match lang {
        Lang::Es => format!("{weekday} {} de {month} de {}", date.day(), date.year()),
        Lang::En => format!("{weekday}, {month} {}, {}", date.day(), date.year()),
    }
}

/// "7:00 p.m." / "7:00 p. m." (twelve-hour clocks, as both places read them).
pub fn clock(lang: Lang, time: civil::Time) -> String {
    let (hour, minute) = (time.hour(), time.minute());
    let twelve = match hour % 12 {
        0 => 12,
        h => h,
    };
    let suffix = match (lang, hour < 12) {
        (Lang::Es, true) => "a. m.",
        (Lang::Es, false) => "p. m.",
        (Lang::En, true) => "a.m.",
        (Lang::En, false) => "p.m.",
    };
    format!("{twelve}:{minute:02} {suffix}")
}

/// One instant in both places: "7:00 p.m. Madison · 6:00 p.m. Arcatao". Only the home time
/// when the wall clocks agree (Chicago in winter and El Salvador both keep UTC−6); the
/// sister's day is added when it falls on another date.
pub fn both(lang: Lang, at: DateTime<Utc>, zones: &Zones) -> String {
    let home = local(at, &zones.home.zone);
    let mut text = clock(lang, home.time());
    let Some(sister) = &zones.sister else { return text };
    let there = local(at, &sister.zone);
    if there == home {
        return text;
    }
    text = format!("{text} {}", zones.home.label);
    let mut other = format!("{} {}", clock(lang, there.time()), sister.label);
    if there.date() != home.date() {
        other = format!("{other} ({})", day(lang, there.date()));
    }
    format!("{text} · {other}")
}

/// An event's start and end as a page shows them.
pub fn show(lang: Lang, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, zones: &Zones) -> Shown {
    let start_day = local(starts_at, &zones.home.zone).date();
    let end_day = local(ends_at, &zones.home.zone).date();
    let mut ends = both(lang, ends_at, zones);
    if end_day != start_day {
        ends = format!("{} · {ends}", day(lang, end_day));
    }
    Shown {
        day: day(lang, start_day),
        starts: both(lang, starts_at, zones),
        ends,
        machine: starts_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn madison_arcatao() -> Zones {
        Zones {
            home: Place::new("America/Chicago", "Madison, Wisconsin"),
            sister: Some(Place::new("America/El_Salvador", "Arcatao")),
        }
    }

    #[test]
    fn both_zones_around_the_march_change() {
        let zones = madison_arcatao();
        // Saturday 7 March 2026, 7 p.m. in Madison: CST (UTC−6), the same clock as Arcatao.
        assert_eq!(both(Lang::En, utc("2026-03-08T01:00:00Z"), &zones), "7:00 p.m.");
        // Monday 9 March, 7 p.m. CDT (UTC−5): an hour ahead of Arcatao.
        assert_eq!(both(Lang::En, utc("2026-03-10T00:00:00Z"), &zones), "7:00 p.m. Madison · 6:00 p.m. Arcatao");
        assert_eq!(both(Lang::Es, utc("2026-03-10T00:00:00Z"), &zones), "7:00 p. m. Madison · 6:00 p. m. Arcatao");
    }

    #[test]
    fn both_zones_around_the_november_change() {
        let zones = madison_arcatao();
        // Saturday 31 October 2026, 7 p.m. CDT; Sunday 1 November, 2 a.m. CDT becomes 1 a.m. CST.
        assert_eq!(both(Lang::En, utc("2026-11-01T00:00:00Z"), &zones), "7:00 p.m. Madison · 6:00 p.m. Arcatao");
        assert_eq!(both(Lang::En, utc("2026-11-03T01:00:00Z"), &zones), "7:00 p.m.");
        // Half past midnight in Madison in summer is still the day before in Arcatao.
        assert_eq!(
            both(Lang::En, utc("2026-07-11T05:30:00Z"), &zones),
            "12:30 a.m. Madison · 11:30 p.m. Arcatao (Friday, July 10, 2026)"
        );
    }

    #[test]
    fn days_and_clocks_in_each_language() {
        let date = civil::date(2026, 3, 7);
        assert_eq!(day(Lang::Es, date), "sábado 7 de marzo de 2026");
        assert_eq!(day(Lang::En, date), "Saturday, March 7, 2026");
        assert_eq!(clock(Lang::En, civil::time(0, 5, 0, 0)), "12:05 a.m.");
        assert_eq!(clock(Lang::Es, civil::time(12, 0, 0, 0)), "12:00 p. m.");
        let alone = Zones { home: Place::new("America/El_Salvador", "Arcatao"), sister: None };
        let shown = show(Lang::Es, utc("2026-03-08T01:00:00Z"), utc("2026-03-08T03:00:00Z"), &alone);
        assert_eq!(
            (shown.day.as_str(), shown.starts.as_str(), shown.ends.as_str()),
            ("sábado 7 de marzo de 2026", "7:00 p. m.", "9:00 p. m.")
        );
    }
}
