//! The public fundraising pages: the list of funds and campaigns, a fund's ledger, a campaign's
//! progress, the donate page, in each language; and Stripe's webhook.

pub mod campaign;
pub mod donate;
pub mod fund;
pub mod index;
pub mod webhook;

use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};

use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::web::layout::{Discovery, Layout, PageHead};
use crate::web::origin::Origin;

/// The site's layout for a fundraising page titled `title`.
pub async fn layout(
    state: &AppState,
    organization: &Organization,
    origin: &Origin,
    lang: Lang,
    (path, alternate_path): (String, String),
    title: String,
    description: String,
) -> Result<Layout, AppError> {
    let discovery = Discovery {
        url: origin.url(&path),
        alternates: Vec::new(),
        locale: lang.og_locale(),
        alternate_locale: None,
        published_time: None,
        image: None,
    };
    let head = PageHead { lang, path, alternate_path, title, description, discovery };
    Ok(Layout::load(state, organization, head).await?)
}

/// A public page whose figures change with every gift: never kept by caches.
pub fn fresh(html: String) -> Response {
    let mut response = Html(html).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
