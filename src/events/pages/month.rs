//! `/es/eventos/mes/2026-03`, `/en/events/month/2026-03`: a month as a table of weeks, with
//! links to the months before and after (as far as there are events, and always to this month);
//! plain HTML, no JavaScript.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use jiff::civil;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::{Card, card, layout, scope, zones};
use crate::app::AppState;
use crate::error::AppError;
use crate::events::{model, paths};
use crate::i18n::dates::{month_name, weekday_name};
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

#[derive(Serialize)]
struct Day {
    /// 0 for the padding before the 1st and after the last day.
    number: i8,
    today: bool,
    events: Vec<Card>,
}

#[derive(Serialize)]
struct MonthPage {
    #[serde(flatten)]
    layout: Layout,
    heading: String,
    weekdays: Vec<&'static str>,
    weeks: Vec<Vec<Day>>,
    /// `None` before the month of the earliest event (or this month, if earlier) and after the
    /// month of the latest: the links lead nowhere empty, and a crawler stops.
    previous_path: Option<String>,
    next_path: Option<String>,
    list_path: &'static str,
    /// Every event of the month in order (the list under the table, for small screens).
    events: Vec<Card>,
}

/// `YYYY-MM` → its first day, within years 1900–2999.
fn parse_month(value: &str) -> Option<civil::Date> {
    let (year, month) = value.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let (year, month) = (year.parse::<i16>().ok()?, month.parse::<i8>().ok()?);
    if !(1900..=2999).contains(&year) {
        return None;
    }
    civil::Date::new(year, month, 1).ok()
}

fn instant(date: civil::Date, zone: &TimeZone) -> Option<DateTime<Utc>> {
    let zoned = date.to_datetime(civil::Time::midnight()).to_zoned_datetime(zone.clone()).ok()?;
    DateTime::from_timestamp(zoned.timestamp().as_second(), 0)
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
    Path(month): Path<String>,
) -> Result<Response, AppError> {
    let first = parse_month(&month).ok_or(AppError::NotFound)?;
    let zones = zones(&state.db, &organization).await?;
    let next = first.checked_add(jiff::Span::new().months(1)).map_err(|_| AppError::NotFound)?;
    let previous = first.checked_sub(jiff::Span::new().months(1)).map_err(|_| AppError::NotFound)?;
    let (from, to) = (instant(first, &zones.home.zone), instant(next, &zones.home.zone));
    let (Some(from), Some(to)) = (from, to) else { return Err(AppError::NotFound) };
    let scope = scope(&state, &organization, &headers).await?;
    let events: Vec<Card> =
        model::between(&state.db, scope, from, to).await?.iter().map(|e| card(e, lang, &zones)).collect();
    let today = crate::i18n::dates::local(Utc::now(), &zones.home.zone).date();
    let this_month = today.first_of_month();
    let month_of = |at: DateTime<Utc>| crate::i18n::dates::local(at, &zones.home.zone).date().first_of_month();
    let (earliest, latest) = match model::span(&state.db, scope).await? {
        Some((first_start, last_start)) => {
            (month_of(first_start).min(this_month), month_of(last_start).max(this_month))
        }
        None => (this_month, this_month),
    };
    let lead = first.weekday().to_monday_zero_offset();
    let days_in_month = first.days_in_month();
    let mut cells: Vec<Day> = (0..lead).map(|_| Day { number: 0, today: false, events: Vec::new() }).collect();
    for number in 1..=days_in_month {
        let date = civil::Date::new(first.year(), first.month(), number).unwrap_or(first);
        cells.push(Day {
            number,
            today: date == today,
            events: events.iter().filter(|e| e.day_of_month == number).cloned().collect(),
        });
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(Day { number: 0, today: false, events: Vec::new() });
    }
    let mut weeks = Vec::new();
    let mut cells = cells.into_iter().peekable();
    while cells.peek().is_some() {
        weeks.push(cells.by_ref().take(7).collect());
    }
    let heading = format!("{} {}", month_name(lang, first.month()), first.year());
    let fmt = |d: civil::Date| d.strftime("%Y-%m").to_string();
    let title = state.catalog.text(lang, "events-month-title", None);
    let layout = layout(
        &state,
        &organization,
        &origin,
        lang,
        (paths::month(lang, &month), paths::month(lang.other(), &month)),
        format!("{title}: {heading}"),
        String::new(),
    )
    .await?;
    let page = MonthPage {
        layout,
        heading,
        weekdays: (0..7).map(|i| weekday_name(lang, i)).collect(),
        weeks,
        previous_path: (previous >= earliest)
            .then(|| parse_month(&fmt(previous)))
            .flatten()
            .map(|d| paths::month(lang, &fmt(d))),
        next_path: (next <= latest).then(|| parse_month(&fmt(next))).flatten().map(|d| paths::month(lang, &fmt(d))),
        list_path: paths::list(lang),
        events,
    };
    crate::supporters::pages::respond(&state, "events/month.html", &page, StatusCode::OK, [])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_strictly() {
        assert_eq!(parse_month("2026-03"), Some(civil::date(2026, 3, 1)));
        for bad in ["2026-3", "2026-13", "26-03", "0001-01", "2026-03-01", "abcd-ef"] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }
}
