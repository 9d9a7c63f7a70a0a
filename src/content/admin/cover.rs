//! `POST /{lang}/admin/pages/{id}/cover`: choose the page's cover image (what link previews
//! show, `og:image`) from the media library, or none.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::content::model as content;
use crate::error::AppError;
use crate::media::model as media;
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct CoverForm {
    /// A media id, or empty for none.
    #[serde(default)]
    cover: String,
}

pub async fn set(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<CoverForm>,
) -> Result<Response, AppError> {
    let page = content::page(&state.db, id)
        .await?
        .filter(|p| p.organization_id == member.organization.id)
        .ok_or(AppError::NotFound)?;
    let cover = match form.cover.trim() {
        "" => None,
        value => {
            let media_id: i64 = value.parse().map_err(|_| AppError::BadRequest)?;
            media::find(&state.db, member.organization.id, media_id).await?.ok_or(AppError::BadRequest)?;
            Some(media_id)
        }
    };
    media::set_cover(&state.db, page.id, cover).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    let subject = format!("page {} cover {}", page.id, cover.map_or_else(|| "-".to_owned(), |c| format!("#{c}")));
    audit::record(&state.db, member.organization.id, &actor, "page.cover", &subject).await?;
    state.cache.invalidate();
    Ok(Redirect::to(&format!("/{}/admin/pages/{}?cover=saved#cover", member.lang.code(), page.id)).into_response())
}
