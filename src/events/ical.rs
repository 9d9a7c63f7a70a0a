//! iCalendar (RFC 5545) for events: one event's `.ics` and an organization's feed. Times carry
//! the organization's `TZID`, defined by a `VTIMEZONE` written from jiff's transitions for the
//! years the calendar spans (every change as its own sub-component, no recurrence rules to get
//! wrong). Lines are folded at 75 octets and end in CRLF.

use chrono::{DateTime, Utc};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::model::{self, Event};
use super::paths;
use crate::i18n::Lang;
use crate::i18n::dates::local;

/// An event as a calendar entry in `lang`. `private` adds the online link (for registrants).
pub fn entry(event: &Event, lang: Lang, base_url: &str, organization_slug: &str, private: bool) -> CalendarEvent {
    let mut location = event.address.clone();
    if private && !event.online_url.is_empty() {
        location =
            if location.is_empty() { event.online_url.clone() } else { format!("{location} · {}", event.online_url) };
    }
    let mut description = model::description(event, lang).to_owned();
    if let Some(message) = &event.cancel_message
        && !message.is_empty()
    {
        description = format!("{message}\n\n{description}").trim().to_owned();
    }
    CalendarEvent {
        uid: format!("{}@{organization_slug}.hermana", event.uid),
        sequence: event.sequence,
        stamp: event.updated_at,
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        summary: model::title(event, lang).0.to_owned(),
        description,
        location,
        url: format!("{base_url}{}", paths::show(lang, &event.slug)),
        cancelled: event.cancelled_at.is_some(),
    }
}

/// One event as a calendar shows it.
#[derive(Clone, Debug)]
pub struct CalendarEvent {
    /// Unique and stable across edits: `<random>@<organization>.hermana`.
    pub uid: String,
    pub sequence: i32,
    /// When this version was written.
    pub stamp: DateTime<Utc>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: String,
    /// The event's page.
    pub url: String,
    pub cancelled: bool,
}

/// A whole calendar.
#[derive(Clone, Debug)]
pub struct Calendar<'a> {
    /// The calendar's name (feeds show it as the subscription's name).
    pub name: &'a str,
    /// `es` or `en`.
    pub language: &'a str,
    /// IANA zone of the organization.
    pub zone: &'a str,
    pub events: &'a [CalendarEvent],
}

/// The text of a calendar.
pub fn write(calendar: &Calendar<'_>) -> String {
    let zone = TimeZone::get(calendar.zone).ok();
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!("PRODID:-//Hermana//Events//{}", calendar.language.to_uppercase()));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.line(&format!("X-WR-CALNAME:{}", text(calendar.name)));
    if zone.is_some() {
        out.line(&format!("X-WR-TIMEZONE:{}", calendar.zone));
    }
    out.line("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    out.line("X-PUBLISHED-TTL:PT1H");
    if let Some(zone) = &zone
        && let (Some(first), Some(last)) =
            (calendar.events.iter().map(|e| e.starts_at).min(), calendar.events.iter().map(|e| e.ends_at).max())
    {
        vtimezone(&mut out, calendar.zone, zone, first, last);
    }
    for event in calendar.events {
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:{}", text(&event.uid)));
        out.line(&format!("SEQUENCE:{}", event.sequence.max(0)));
        out.line(&format!("DTSTAMP:{}", utc(event.stamp)));
        match &zone {
            Some(zone) => {
                out.line(&format!("DTSTART;TZID={}:{}", calendar.zone, wall(event.starts_at, zone)));
                out.line(&format!("DTEND;TZID={}:{}", calendar.zone, wall(event.ends_at, zone)));
            }
            None => {
                out.line(&format!("DTSTART:{}", utc(event.starts_at)));
                out.line(&format!("DTEND:{}", utc(event.ends_at)));
            }
        }
        out.line(&format!("SUMMARY;LANGUAGE={}:{}", calendar.language, text(&event.summary)));
        if !event.description.is_empty() {
            out.line(&format!("DESCRIPTION;LANGUAGE={}:{}", calendar.language, text(&event.description)));
        }
        if !event.location.is_empty() {
            out.line(&format!("LOCATION:{}", text(&event.location)));
        }
        out.line(&format!("URL:{}", event.url));
        out.line(if event.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.0
}

/// Content lines, folded.
#[derive(Default)]
struct Lines(String);

impl Lines {
    /// Adds a content line, folded so no physical line passes 75 octets (RFC 5545 §3.1),
    /// never inside a UTF-8 character.
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let size = c.len_utf8();
            if width + size > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += size;
        }
        self.0.push_str("\r\n");
    }
}

/// A TEXT value escaped (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The wall-clock time of `at` in `zone`, as a DATE-TIME with a TZID.
fn wall(at: DateTime<Utc>, zone: &TimeZone) -> String {
    local(at, zone).strftime("%Y%m%dT%H%M%S").to_string()
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if rest == 0 { format!("{sign}{hours:02}{minutes:02}") } else { format!("{sign}{hours:02}{minutes:02}{rest:02}") }
}

/// The `VTIMEZONE` of `zone` from a year before `first` to a year after `last`: the offset in
/// force at the start, then every transition in between.
fn vtimezone(out: &mut Lines, name: &str, zone: &TimeZone, first: DateTime<Utc>, last: DateTime<Utc>) {
    const YEAR: i64 = 366 * 24 * 3600;
    let from = Timestamp::from_second(first.timestamp() - YEAR).unwrap_or(Timestamp::UNIX_EPOCH);
    let to = Timestamp::from_second(last.timestamp() + YEAR).unwrap_or(Timestamp::MAX);
    let civil = |at: Timestamp, seconds: i32| {
        let fixed = jiff::tz::Offset::from_seconds(seconds).map(TimeZone::fixed).unwrap_or(TimeZone::UTC);
        at.to_zoned_datetime(fixed).datetime().strftime("%Y%m%dT%H%M%S").to_string()
    };
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{name}"));
    let info = zone.to_offset_info(from);
    let mut current = info.offset().seconds();
    let component = |dst: bool| if dst { "DAYLIGHT" } else { "STANDARD" };
    out.line(&format!("BEGIN:{}", component(info.dst().is_dst())));
    out.line(&format!("DTSTART:{}", civil(from, current)));
    out.line(&format!("TZOFFSETFROM:{}", offset(current)));
    out.line(&format!("TZOFFSETTO:{}", offset(current)));
    out.line(&format!("TZNAME:{}", text(info.abbreviation())));
    out.line(&format!("END:{}", component(info.dst().is_dst())));
    for transition in zone.following(from).take_while(|t| t.timestamp() < to) {
        let next = transition.offset().seconds();
        let kind = component(transition.dst().is_dst());
        out.line(&format!("BEGIN:{kind}"));
        // The onset as the clocks read it just before the change.
        out.line(&format!("DTSTART:{}", civil(transition.timestamp(), current)));
        out.line(&format!("TZOFFSETFROM:{}", offset(current)));
        out.line(&format!("TZOFFSETTO:{}", offset(next)));
        out.line(&format!("TZNAME:{}", text(transition.abbreviation())));
        out.line(&format!("END:{kind}"));
        current = next;
    }
    out.line("END:VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> CalendarEvent {
        CalendarEvent {
            uid: "abc@mascp.hermana".into(),
            sequence: 2,
            stamp: "2026-02-01T12:00:00Z".parse().unwrap(),
            starts_at: "2026-03-10T00:00:00Z".parse().unwrap(),
            ends_at: "2026-03-10T02:00:00Z".parse().unwrap(),
            summary: "Charla; con Arcatao, 2026".into(),
            description: "Línea uno\nlínea dos ".repeat(10),
            location: "First Unitarian Society".into(),
            url: "https://mascp.example/es/eventos/charla".into(),
            cancelled: false,
        }
    }

    #[test]
    fn times_carry_the_zone_and_the_zone_its_changes() {
        let events = [event()];
        let ics = write(&Calendar { name: "MASCP", language: "es", zone: "America/Chicago", events: &events });
        assert!(ics.contains("DTSTART;TZID=America/Chicago:20260309T190000\r\n"), "{ics}");
        assert!(ics.contains("SUMMARY;LANGUAGE=es:Charla\\; con Arcatao\\, 2026\r\n"));
        // The March 2026 change: 2 a.m. CST becomes 3 a.m. CDT.
        assert!(ics.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\nTZNAME:CDT\r\n"
        ));
        assert!(ics.contains(
            "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nTZNAME:CST\r\n"
        ));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn a_zone_without_changes_is_one_standard_component() {
        let events = [event()];
        let ics = write(&Calendar { name: "X", language: "en", zone: "America/El_Salvador", events: &events });
        assert_eq!(ics.matches("BEGIN:STANDARD").count(), 1, "{ics}");
        assert!(!ics.contains("DAYLIGHT"));
        assert!(ics.contains("DTSTART;TZID=America/El_Salvador:20260309T180000\r\n"));
        let unknown = write(&Calendar { name: "X", language: "en", zone: "Nowhere/Else", events: &events });
        assert!(unknown.contains("DTSTART:20260310T000000Z\r\n") && !unknown.contains("VTIMEZONE"));
    }

    #[test]
    fn offsets_and_folding() {
        assert_eq!(offset(-6 * 3600), "-0600");
        assert_eq!(offset(5 * 3600 + 45 * 60), "+0545");
        let mut lines = Lines::default();
        lines.line(&"ñ".repeat(60));
        assert!(lines.0.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(lines.0.replace("\r\n ", "").trim_end(), "ñ".repeat(60));
    }
}
