//! `GET /{lang}/admin/pages` (and `?needs=es|en`, `?kind=page|article`): every page and article
//! with each language's state,
//! and the form to start a new one. `POST /{lang}/admin/pages` is in `create.rs`.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::content::model::kind;
use crate::content::studio::{self, PageLine};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::forms::CsrfToken;

#[derive(Deserialize)]
pub struct Filter {
    needs: Option<String>,
    /// `page` or `article`: only those.
    kind: Option<String>,
}

#[derive(Serialize)]
pub struct ListPage {
    #[serde(flatten)]
    pub frame: AdminFrame,
    pub pages: Vec<PageLine>,
    /// The language whose missing translations are listed, if filtering.
    pub needs: Option<&'static str>,
    /// The kind listed, if filtering.
    pub kind: Option<&'static str>,
    pub new_title: String,
    pub new_language: &'static str,
    pub new_kind: &'static str,
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
    let kind = match filter.kind.as_deref() {
        Some(kind::ARTICLE) => Some(kind::ARTICLE),
        Some(kind::PAGE) => Some(kind::PAGE),
        _ => None,
    };
    let pages = studio::page_list(&state.db, member.organization.id, member.lang, needs, kind).await?;
    let page = ListPage {
        frame: AdminFrame::new(&member, "/pages", csrf.token),
        pages,
        needs: needs.map(Lang::code),
        kind,
        new_title: String::new(),
        new_language: member.lang.code(),
        new_kind: kind.unwrap_or(kind::ARTICLE),
        error: None,
    };
    Ok(private_page(state.renderer.render("content/admin/list.html", &page)?, [csrf.set_cookie]))
}
