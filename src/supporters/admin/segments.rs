//! Segments on the core group's pages: `GET /{lang}/admin/supporters/segments` lists them (open,
//! export, rename, delete); `POST /{lang}/admin/supporters/segments` saves the list's filters as
//! one. Every change is audited.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::list::{self, SaveForm, SegmentLink};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::error::AppError;
use crate::supporters::list::Filter;
use crate::supporters::segments::{self, MAX_NAME, Segment};
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Serialize)]
struct Line {
    #[serde(flatten)]
    link: SegmentLink,
    /// What the rename field shows, and its problem (a Fluent key).
    typed: String,
    error: Option<&'static str>,
}

#[derive(Serialize)]
struct SegmentsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    lines: Vec<Line>,
    max_name: usize,
}

/// A rename that was refused: the segment, what was typed, and why.
struct Refused {
    id: i64,
    typed: String,
    error: &'static str,
}

async fn render(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    refused: Option<Refused>,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(headers, state.config.is_https())?;
    let status = if refused.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let lines = segments::all(&state.db, member.organization.id)
        .await?
        .into_iter()
        .map(|segment| {
            let refused = refused.as_ref().filter(|r| r.id == segment.id);
            Line {
                typed: refused.map_or_else(|| segment.name.clone(), |r| r.typed.clone()),
                error: refused.map(|r| r.error),
                link: SegmentLink::of(member, segment),
            }
        })
        .collect();
    let page =
        SegmentsPage { frame: AdminFrame::new(member, "/supporters/segments", csrf.token), lines, max_name: MAX_NAME };
    let mut response = private_page(state.renderer.render("supporters/admin/segments.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn show(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    render(&state, &member, &headers, None).await
}

#[derive(Deserialize)]
pub struct SaveFields {
    #[serde(default)]
    name: String,
    /// The list's filters, as their query string.
    #[serde(default)]
    filter: String,
}

/// Saves the filters; the list showing the new segment, or the list again with the problem.
pub async fn save(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<SaveFields>,
) -> Result<Response, AppError> {
    let filter = Filter::parse(&form.filter);
    let organization = member.organization.id;
    match segments::create(&state.db, organization, &form.name, &filter).await? {
        Ok(segment) => {
            record(&state, &member, &headers, "segment.created", &segment).await?;
            Ok(Redirect::to(&SegmentLink::of(&member, segment).href).into_response())
        }
        Err(problem) => {
            let typed = form.name.chars().take(MAX_NAME * 2).collect();
            let save = SaveForm { name: typed, error: Some(problem.key()) };
            list::render(&state, &member, &filter.query_string(), &headers, save).await
        }
    }
}

#[derive(Deserialize)]
pub struct RenameFields {
    #[serde(default)]
    name: String,
}

pub async fn rename(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<RenameFields>,
) -> Result<Response, AppError> {
    let segment = segments::find(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)?;
    let old = segment.name.clone();
    match segments::rename(&state.db, segment, &form.name).await? {
        Ok(segment) => {
            let subject = format!("segment {}: {old} → {}", segment.id, segment.name);
            audit::record(&state.db, member.organization.id, &actor(&member, &headers), "segment.renamed", &subject)
                .await?;
            Ok(back(&member, Some(id)))
        }
        Err(problem) => {
            let refused = Refused { id, typed: form.name.chars().take(MAX_NAME * 2).collect(), error: problem.key() };
            render(&state, &member, &headers, Some(refused)).await
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<RenameFields>,
) -> Result<Response, AppError> {
    // Deleting twice (a double click, a second tab) leads back to the list all the same.
    if let Some(segment) = segments::find(&state.db, member.organization.id, id).await? {
        segments::delete(&state.db, &segment).await?;
        record(&state, &member, &headers, "segment.deleted", &segment).await?;
    }
    Ok(back(&member, None))
}

fn actor(member: &Member, headers: &HeaderMap) -> Actor {
    Actor { account_id: Some(member.account.id), request_id: session::request_id(headers) }
}

async fn record(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    action: &str,
    segment: &Segment,
) -> Result<(), AppError> {
    let subject = format!("segment {}: {} ({})", segment.id, segment.name, segment.filter);
    audit::record(&state.db, member.organization.id, &actor(member, headers), action, &subject).await?;
    Ok(())
}

fn back(member: &Member, id: Option<i64>) -> Response {
    let anchor = id.map(|id| format!("#segment-{id}")).unwrap_or_default();
    Redirect::to(&format!("/{}/admin/supporters/segments{anchor}", member.lang.code())).into_response()
}
