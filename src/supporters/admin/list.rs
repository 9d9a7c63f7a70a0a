//! `GET /{lang}/admin/supporters`: search, filter, sort and page through the supporters; open a
//! segment, save the filters as one, export what is shown.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::supporters::form::{self, InterestOption};
use crate::supporters::labels::{self, Tag};
use crate::supporters::list::{self, Cursor, Filter, PAGE_SIZE};
use crate::supporters::model::{self, Supporter};
use crate::supporters::segments::{self, Segment};
use crate::web::forms::CsrfToken;

#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    email: String,
    phone: String,
    place: String,
    language: String,
    newsletter: bool,
    events: bool,
    confirmed: bool,
    last_activity: String,
}

impl Row {
    fn of(s: Supporter) -> Row {
        Row {
            id: s.id,
            name: model::display_name(&s),
            email: s.email.clone().unwrap_or_default(),
            phone: s.phone,
            place: s.place,
            language: s.language,
            newsletter: s.newsletter,
            events: s.events,
            confirmed: s.email_confirmed_at.is_some(),
            last_activity: s.last_activity_at.format("%Y-%m-%d").to_string(),
        }
    }
}

#[derive(Serialize)]
struct ListPage {
    #[serde(flatten)]
    frame: AdminFrame,
    filter: Filter,
    filtered: bool,
    rows: Vec<Row>,
    total: u64,
    next: Option<String>,
    first: Option<String>,
    tags: Vec<Tag>,
    interests: Vec<InterestOption>,
    generated: String,
    /// The filter as a query string, for the save form and the export link.
    query: String,
    export: String,
    /// The segment shown, when the filters are one's.
    showing: Option<String>,
    segments: Vec<SegmentLink>,
    /// The save form's typed name and problem (a Fluent key).
    segment_name: String,
    segment_error: Option<&'static str>,
}

/// A segment, linked to the list showing it.
#[derive(Serialize)]
pub struct SegmentLink {
    pub id: i64,
    pub name: String,
    pub href: String,
    pub export: String,
}

impl SegmentLink {
    pub fn of(member: &Member, segment: Segment) -> SegmentLink {
        let lang = member.lang.code();
        let query = segments::filter(&segment).query_string();
        let amp = if query.is_empty() { "" } else { "&" };
        SegmentLink {
            id: segment.id,
            href: format!("/{lang}/admin/supporters?{query}{amp}segment={}", segment.id),
            export: format!("/{lang}/admin/supporters/export?segment={}", segment.id),
            name: segment.name,
        }
    }
}

/// The save form as typed, when it is shown again with a problem.
#[derive(Default)]
pub struct SaveForm {
    pub name: String,
    pub error: Option<&'static str>,
}

pub async fn list(
    State(state): State<AppState>,
    member: Member,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    render(&state, &member, &raw.unwrap_or_default(), &headers, SaveForm::default()).await
}

/// The list for the query string `raw`; with a problem in `save`, answered as 422.
pub async fn render(
    state: &AppState,
    member: &Member,
    raw: &str,
    headers: &HeaderMap,
    save: SaveForm,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(headers, state.config.is_https())?;
    let filter = Filter::parse(raw);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).unwrap_or_default();
    let find = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let after = find("after").and_then(Cursor::decode);
    let organization = member.organization.id;
    let (rows, next) = list::page(&state.db, organization, &filter, after.as_ref(), PAGE_SIZE).await?;
    let total = list::count(&state.db, organization, &filter).await?;
    let all_segments = segments::all(&state.db, organization).await?;
    let shown = find("segment")
        .and_then(|id| id.parse::<i64>().ok())
        .and_then(|id| all_segments.iter().find(|s| s.id == id && segments::filter(s) == filter));
    let base = format!("/{}/admin/supporters", member.lang.code());
    let query = filter.query_string();
    let export = match shown {
        Some(segment) => format!("{base}/export?segment={}", segment.id),
        None if query.is_empty() => format!("{base}/export"),
        None => format!("{base}/export?{query}"),
    };
    let link = |cursor: Option<&Cursor>| {
        let mut parts: Vec<String> = Vec::new();
        if !query.is_empty() {
            parts.push(query.clone());
        }
        if let Some(c) = cursor {
            parts.push(format!("after={}", c.encode()));
        }
        if parts.is_empty() { base.clone() } else { format!("{base}?{}", parts.join("&")) }
    };
    let status = if save.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = ListPage {
        frame: AdminFrame::new(member, "/supporters", csrf.token),
        filtered: !filter.is_empty(),
        rows: rows.into_iter().map(Row::of).collect(),
        total,
        next: next.as_ref().map(|c| link(Some(c))),
        first: after.is_some().then(|| link(None)),
        tags: labels::all(&state.db, organization).await?,
        interests: form::interest_options(&state.db, organization, member.lang).await?,
        generated: member.when(chrono::Utc::now()),
        showing: shown.map(|s| s.name.clone()),
        segments: all_segments.into_iter().map(|s| SegmentLink::of(member, s)).collect(),
        segment_name: save.name,
        segment_error: save.error,
        export,
        query,
        filter,
    };
    let mut response = private_page(state.renderer.render("supporters/admin/list.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}
