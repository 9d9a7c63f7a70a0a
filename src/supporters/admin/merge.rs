//! `POST /{lang}/admin/supporters/{id}/merge`: merge another record (`other`: its email or
//! its number) into this one. Audited.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use sea_orm::TransactionTrait;
use serde::Deserialize;

use super::{back_to, show};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model::normalize_email;
use crate::auth::session;
use crate::error::AppError;
use crate::supporters::form::{Problems, Typed};
use crate::supporters::merge;
use crate::supporters::model::{self, Details};
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    other: String,
}

pub async fn merge(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<MergeForm>,
) -> Result<Response, AppError> {
    let keep = match show::load(&state, &member, id).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let organization = member.organization.id;
    let typed = form.other.trim().trim_start_matches('#');
    let other = match (typed.parse::<i64>(), normalize_email(typed)) {
        (Ok(number), _) => model::find(&state.db, organization, number).await?,
        (_, Some(email)) => model::by_email(&state.db, organization, &email).await?,
        _ => None,
    }
    .filter(|o| o.id != keep.id && o.merged_into_id.is_none() && o.erased_at.is_none());
    let Some(other) = other.filter(|_| keep.erased_at.is_none()) else {
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
        let typed_details = Typed::of(&Details::of(&keep));
        let mut page = show::page(&state, &member, &keep, typed_details, Problems::default(), csrf).await?;
        page.merge_other = form.other.chars().take(254).collect();
        page.merge_error = Some("supporters-merge-not-found");
        return show::render(&state, &page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let away_id = other.id;
    let txn = state.db.begin().await?;
    merge::merge(&txn, keep, other).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&txn, organization, &actor, "supporter.merged", &format!("supporter {away_id} into {id}")).await?;
    txn.commit().await?;
    Ok(back_to(&member, id, "details"))
}
