//! `GET /{lang}/admin/supporters`: search, filter, sort and page through the supporters.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use super::when;
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::supporters::form::{self, InterestOption};
use crate::supporters::labels::{self, Tag};
use crate::supporters::list::{self, Cursor, Filter, PAGE_SIZE};
use crate::supporters::model::{self, Supporter};
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
}

pub async fn list(
    State(state): State<AppState>,
    member: Member,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let raw = raw.unwrap_or_default();
    let filter = Filter::parse(&raw);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&raw).unwrap_or_default();
    let after = pairs.iter().find(|(n, _)| n == "after").and_then(|(_, v)| Cursor::decode(v));
    let organization = member.organization.id;
    let (rows, next) = list::page(&state.db, organization, &filter, after.as_ref(), PAGE_SIZE).await?;
    let total = list::count(&state.db, organization, &filter).await?;
    let base = format!("/{}/admin/supporters", member.lang.code());
    let query = filter.query_string();
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
    let page = ListPage {
        frame: AdminFrame::new(&member, "/supporters", csrf.token),
        filtered: !filter.is_empty(),
        rows: rows.into_iter().map(Row::of).collect(),
        total,
        next: next.as_ref().map(|c| link(Some(c))),
        first: after.is_some().then(|| link(None)),
        tags: labels::all(&state.db, organization).await?,
        interests: form::interest_options(&state.db, organization, member.lang).await?,
        generated: when(chrono::Utc::now()),
        filter,
    };
    Ok(private_page(state.renderer.render("supporters/admin/list.html", &page)?, [csrf.set_cookie]))
}
