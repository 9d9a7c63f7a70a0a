//! `POST /{lang}/admin/supporters/{id}`: save a supporter's details (problems shown next to
//! the fields, typed text kept; nothing saved until all is valid).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use sea_orm::TransactionTrait;

use super::{back_to, show};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::error::AppError;
use crate::supporters::form::{Fields, Problems, Typed};
use crate::supporters::model::{self, activity_kind};
use crate::web::forms::{CsrfForm, CsrfToken};

pub async fn save(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let supporter = match show::load(&state, &member, id).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let typed = Typed::from_fields(&Fields(pairs), member.lang);
    let mut checked = typed.check(false);
    if let Ok(details) = &checked
        && let Some(email) = &details.email
        && model::by_email(&state.db, member.organization.id, email)
            .await?
            .is_some_and(|other| other.id != supporter.id)
    {
        checked = Err(Problems { email: Some("supporters-error-email-taken"), ..Problems::default() });
    }
    let details = match checked {
        Ok(details) => details,
        Err(problems) => {
            let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
            let page = show::page(&state, &member, &supporter, typed, problems, csrf).await?;
            return show::render(&state, &page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let email_changed = details.email != supporter.email;
    let txn = state.db.begin().await?;
    let saved = model::update(&txn, supporter, &details).await?;
    if email_changed {
        // A new address is not confirmed until its owner uses a link.
        model::unconfirm_email(&txn, saved.id).await?;
    }
    model::record_activity(&txn, saved.id, activity_kind::DETAILS_CHANGED, Some("core group"), Utc::now()).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&txn, member.organization.id, &actor, "supporter.updated", &format!("supporter {}", saved.id))
        .await?;
    txn.commit().await?;
    Ok(back_to(&member, saved.id, "details"))
}
