//! `GET /{lang}/admin/events`: every event, newest start first, with its registrations.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use super::when;
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::events::model;
use crate::events::pages::zones;
use crate::web::forms::CsrfToken;

#[derive(Serialize)]
struct Line {
    id: i64,
    title: String,
    kind: String,
    when: String,
    seats: String,
    cancelled: bool,
    members_only: bool,
}

#[derive(Serialize)]
struct ListPage {
    #[serde(flatten)]
    frame: AdminFrame,
    events: Vec<Line>,
}

pub async fn list(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let zones = zones(&state.db, &member.organization).await?;
    let events = model::all(&state.db, member.organization.id).await?;
    let lines = events
        .iter()
        .map(|e| Line {
            id: e.id,
            title: model::title(e, member.lang).0.to_owned(),
            kind: e.kind.clone(),
            when: when(member.lang, e, &zones),
            seats: match e.capacity {
                Some(c) => format!("{} / {c}", e.seats_taken),
                None => e.seats_taken.to_string(),
            },
            cancelled: e.cancelled_at.is_some(),
            members_only: e.visibility == model::visibility::MEMBERS,
        })
        .collect();
    let page = ListPage { frame: AdminFrame::new(&member, "/events", csrf.token), events: lines };
    Ok(private_page(state.renderer.render("events/admin/list.html", &page)?, [csrf.set_cookie]))
}
