//! `GET /{lang}/admin/supporters/{id}`: one supporter — details (editable), tags, notes,
//! consents with their history, interests and the timeline. A record merged into another
//! redirects there.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::supporters::form::{self, Problems, Typed};
use crate::supporters::labels::{self, NoteLine, Tag};
use crate::supporters::model::{self, Details, OTHER_LANGUAGES, Supporter};
use crate::web::forms::CsrfToken;

#[derive(Serialize)]
pub struct ConsentLine {
    kind: String,
    granted: bool,
    source: String,
    detail: Option<String>,
    at: String,
}

#[derive(Serialize)]
pub struct ActivityLine {
    /// What happened, in the member's language (the kind itself when it has no words yet).
    label: String,
    reference: Option<String>,
    at: String,
}

#[derive(Serialize)]
pub struct ShowPage {
    #[serde(flatten)]
    frame: AdminFrame,
    id: i64,
    name: String,
    email: String,
    confirmed: Option<String>,
    erased: Option<String>,
    created: String,
    newsletter: bool,
    events: bool,
    typed: Typed,
    problems: Problems,
    saved: bool,
    languages: &'static [&'static str],
    tags: Vec<Tag>,
    all_tags: Vec<Tag>,
    interests: Vec<String>,
    notes: Vec<NoteLine>,
    consents: Vec<ConsentLine>,
    timeline: Vec<ActivityLine>,
    /// The merge form's typed value and problem (a Fluent key).
    pub merge_other: String,
    pub merge_error: Option<&'static str>,
}

/// The page for `supporter`, with the details form showing `typed` and its `problems`.
pub async fn page(
    state: &AppState,
    member: &Member,
    supporter: &Supporter,
    typed: Typed,
    problems: Problems,
    csrf: String,
) -> Result<ShowPage, AppError> {
    let db = &state.db;
    let options = form::interest_options(db, member.organization.id, member.lang).await?;
    let interests = model::interests(db, supporter.id)
        .await?
        .into_iter()
        .map(|code| {
            options
                .iter()
                .find(|o| o.code == code)
                .map(
                    |o| if o.label.is_empty() { state.catalog.text(member.lang, o.key, None) } else { o.label.clone() },
                )
                .unwrap_or(code)
        })
        .collect();
    let consents = model::consent_history(db, supporter.id)
        .await?
        .into_iter()
        .map(|c| ConsentLine {
            kind: c.kind,
            granted: c.granted,
            source: label(state, member, "supporters-source-", &c.source),
            detail: c.detail,
            at: member.when(c.created_at),
        })
        .collect();
    let timeline = model::timeline(db, supporter.id, 200)
        .await?
        .into_iter()
        .map(|a| ActivityLine {
            label: label(state, member, "supporters-activity-", &a.kind),
            reference: a.reference,
            at: member.when(a.occurred_at),
        })
        .collect();
    Ok(ShowPage {
        frame: AdminFrame::new(member, &format!("/supporters/{}", supporter.id), csrf),
        id: supporter.id,
        name: model::display_name(supporter),
        email: supporter.email.clone().unwrap_or_default(),
        confirmed: supporter.email_confirmed_at.map(|at| member.when(at)),
        erased: supporter.erased_at.map(|at| member.when(at)),
        created: member.when(supporter.created_at),
        newsletter: supporter.newsletter,
        events: supporter.events,
        typed,
        problems,
        saved: false,
        languages: OTHER_LANGUAGES,
        tags: labels::of(db, supporter.id).await?,
        all_tags: labels::all(db, member.organization.id).await?,
        interests,
        notes: labels::notes(db, supporter.id, &member.zone()).await?,
        consents,
        timeline,
        merge_other: String::new(),
        merge_error: None,
    })
}

/// The words for a code (`prefix` + code), or the code itself when the catalog has none.
fn label(state: &AppState, member: &Member, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}{code}");
    if state.catalog.has(member.lang, &key) { state.catalog.text(member.lang, &key, None) } else { code.to_owned() }
}

/// Renders the page (with `status`: 422 when the details form had problems).
pub fn render(state: &AppState, page: &ShowPage, status: StatusCode) -> Result<Response, AppError> {
    let mut response = private_page(state.renderer.render("supporters/admin/show.html", page)?, []);
    *response.status_mut() = status;
    Ok(response)
}

/// The supporter `id` of the member's organization; a merged-away one answers with where it went.
pub async fn load(state: &AppState, member: &Member, id: i64) -> Result<Result<Supporter, Response>, AppError> {
    let supporter = model::find(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)?;
    match supporter.merged_into_id {
        Some(kept) => {
            let to = format!("/{}/admin/supporters/{kept}", member.lang.code());
            Ok(Err(Redirect::to(&to).into_response()))
        }
        None => Ok(Ok(supporter)),
    }
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let supporter = match load(&state, &member, id).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let typed = Typed::of(&Details::of(&supporter));
    let page = page(&state, &member, &supporter, typed, Problems::default(), csrf.token).await?;
    let mut response = render(&state, &page, StatusCode::OK)?;
    if let Some(cookie) = csrf.set_cookie {
        response.headers_mut().append(axum::http::header::SET_COOKIE, cookie);
    }
    Ok(response)
}
