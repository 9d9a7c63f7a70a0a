//! The public pages of supporters: sign-up and its confirmation, "my details", unsubscribe.

pub mod confirm;
pub mod details;
pub mod plans;
pub mod signup;
pub mod unsubscribe;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;

use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::web::layout::{Discovery, Layout, PageHead};
use crate::web::origin::Origin;

/// The site's layout for one of these pages (never indexed, never cached).
pub async fn layout(
    state: &AppState,
    organization: &Organization,
    origin: &Origin,
    lang: Lang,
    path: &str,
    alternate_path: &str,
    title_key: &str,
) -> Result<Layout, AppError> {
    let discovery = Discovery {
        url: origin.url(path),
        alternates: Vec::new(),
        locale: lang.og_locale(),
        alternate_locale: None,
        published_time: None,
        image: None,
    };
    let head = PageHead {
        lang,
        path: path.to_owned(),
        alternate_path: alternate_path.to_owned(),
        title: state.catalog.text(lang, title_key, None),
        description: String::new(),
        discovery,
    };
    Ok(Layout::load(state, organization, head).await?)
}

/// Renders a supporters' page privately, with a status and any cookies.
pub fn respond<C: Serialize>(
    state: &AppState,
    template: &str,
    context: &C,
    status: StatusCode,
    cookies: impl IntoIterator<Item = Option<axum::http::HeaderValue>>,
) -> Result<Response, AppError> {
    let mut response = private_page(state.renderer.render(template, context)?, cookies);
    *response.status_mut() = status;
    Ok(response)
}

/// The request id, for consent records.
pub fn request_id(headers: &HeaderMap) -> Option<String> {
    crate::auth::session::request_id(headers)
}
