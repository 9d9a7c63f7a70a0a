//! `GET /{lang}/admin/pages` (and `?needs=es|en`): every page with each language's state,
//! and the form to start a new one. `POST /{lang}/admin/pages` is in `create.rs`.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::content::studio::{self, PageLine};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::forms::CsrfToken;

#[derive(Deserialize)]
pub struct Filter {
    needs: Option<String>,
}

#[derive(Serialize)]
pub struct ListPage {
    #[serde(flatten)]
    pub frame: AdminFrame,
    pub pages: Vec<PageLine>,
    /// The language whose missing translations are listed, if filtering.
    pub needs: Option<&'static str>,
    pub new_title: String,
    pub new_language: &'static str,
    pub error: Option<&'static str>,
}

pub async fn list(
    State(state): State<AppState>,
    member: Member,
    Query(filter): Query<Filter>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let needs = filter.needs.as_deref().and_then(Lang::from_code);
    let pages = studio::page_list(&state.db, member.organization.id, member.lang, needs).await?;
    let page = ListPage {
        frame: AdminFrame::new(&member, "/pages", csrf.token),
        pages,
        needs: needs.map(Lang::code),
        new_title: String::new(),
        new_language: member.lang.code(),
        error: None,
    };
    Ok(private_page(state.renderer.render("content/admin/list.html", &page)?, [csrf.set_cookie]))
}
