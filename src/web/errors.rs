//! Turns error responses into pages in the visitor's language, with a way back home.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::app::AppState;
use crate::content::pages::root;
use crate::error::{AppError, ErrorPage};
use crate::i18n::Lang;
use crate::web::extract::{PathLang, host};

#[derive(Serialize)]
struct ErrorContext {
    lang: &'static str,
    other_lang: &'static str,
    other_endonym: &'static str,
    alternate_path: String,
    key: &'static str,
    status: u16,
    request_id: Option<String>,
    organization_name: Option<String>,
    short_name: Option<String>,
    /// The header's search box, on an organization's site.
    search_path: Option<&'static str>,
}

/// Middleware: renders responses marked with [`ErrorPage`], and bare error statuses.
pub async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path_lang = PathLang::from_path(request.uri().path());
    // Only what the page needs, taken before the request moves on.
    let preferred = root::preferred(request.headers());
    let reference = request_id(request.headers());
    let (parts, body) = request.into_parts();
    let host = host(&parts);
    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    let page = match response.extensions().get::<ErrorPage>() {
        Some(page) => *page,
        None if response.extensions().get::<PlainError>().is_none() && is_bare(&response) => {
            match ErrorPage::for_status(status) {
                Some(page) => page,
                None => return response,
            }
        }
        None => return response,
    };
    let organization = match state.cache.snapshot(&state.db).await {
        Ok(snapshot) => match snapshot.organization_for(host) {
            Some(id) => crate::organizations::model::find(&state.db, id).await.ok().flatten(),
            None => None,
        },
        Err(_) => None,
    };
    let fallback = organization.as_ref().and_then(|o| Lang::from_code(&o.default_language)).unwrap_or(Lang::En);
    let lang = path_lang.or(preferred).unwrap_or(fallback);
    let context = ErrorContext {
        lang: lang.code(),
        other_lang: lang.other().code(),
        other_endonym: lang.other().endonym(),
        alternate_path: format!("/{}/", lang.other().code()),
        key: page.key(),
        status: status.as_u16(),
        request_id: reference,
        organization_name: organization.as_ref().map(|o| o.name.clone()),
        short_name: organization.as_ref().map(|o| o.short_name.clone()),
        search_path: organization.is_some().then(|| crate::search::path(lang)),
    };
    let mut rendered = match state.renderer.render("errors/error.html", &context) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(error = %format!("{error:#}"), "error page template failed");
            (status, "Error").into_response()
        }
    };
    let headers = rendered.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    if let Some(allow) = response.headers().get(header::ALLOW) {
        headers.insert(header::ALLOW, allow.clone());
    }
    rendered
}

/// Marks an error response that must stay as it is (e.g. `/healthz` for load balancers).
#[derive(Clone, Copy, Debug)]
pub struct PlainError;

/// A response with no body of its own worth keeping: empty, or a framework's plain-text
/// rejection ("Invalid URL…"), which visitors should never see.
fn is_bare(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| t.starts_with("text/plain"))
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    let id = headers.get("x-request-id")?.to_str().ok()?;
    (id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')).then(|| id.to_owned())
}

/// The router's fallback: nothing lives here.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Turns a caught panic into the 500 page (the panic message is logged, never shown).
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    AppError::Internal(format!("panic: {detail}")).into_response()
}

/// A bare status as an error page, for layers that produce one (timeouts, body limits).
pub fn status_page(status: StatusCode) -> Response {
    let mut response = status.into_response();
    if let Some(page) = ErrorPage::for_status(status) {
        response.extensions_mut().insert(page);
    }
    response
}
