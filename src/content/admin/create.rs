//! `POST /{lang}/admin/pages`: start a new page or article (a draft) from its title in one language.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::list::ListPage;
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::content::model::kind;
use crate::content::studio::{self, NewPage, SaveError};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Deserialize)]
pub struct NewForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    language: String,
    /// `page` or `article`.
    #[serde(default)]
    kind: String,
}

pub async fn create(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<NewForm>,
) -> Result<Response, AppError> {
    let language = Lang::from_code(&form.language).unwrap_or(member.lang);
    let kind = if form.kind == kind::ARTICLE { kind::ARTICLE } else { kind::PAGE };
    let new = NewPage {
        organization_id: member.organization.id,
        lang: language,
        title: &form.title,
        kind,
        account_id: Some(member.account.id),
        author_name: &member.account.name,
    };
    let created = studio::create(&state.db, new).await;
    let problem = match created {
        Ok(page) => {
            let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
            let action = if kind == kind::ARTICLE { "article.created" } else { "page.created" };
            audit::record(&state.db, member.organization.id, &actor, action, form.title.trim()).await?;
            state.cache.invalidate();
            return Ok(Redirect::to(&format!("/{}/admin/pages/{}", member.lang.code(), page.id)).into_response());
        }
        Err(SaveError::Db(error)) => return Err(error.into()),
        Err(SaveError::Invalid(problems)) => problems.first().map(|p| p.key()),
    };
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let pages = studio::page_list(&state.db, member.organization.id, member.lang, None, None).await?;
    let page = ListPage {
        frame: AdminFrame::new(&member, "/pages", csrf.token),
        pages,
        needs: None,
        kind: None,
        new_title: form.title,
        new_language: language.code(),
        new_kind: kind,
        error: problem,
    };
    let mut response = private_page(state.renderer.render("content/admin/list.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}
