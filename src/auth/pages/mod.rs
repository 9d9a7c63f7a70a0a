//! Handlers for signing in and out and for accepting an invitation.

pub mod code;
pub mod invitation;
pub mod login;
pub mod logout;
pub mod reset;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::app::AppState;
use crate::i18n::Lang;
use crate::organizations::model::Organization;

/// The frame of pages outside the public menu (sign-in, invitations): `templates/plain.html`.
#[derive(Debug, Serialize)]
pub struct Plain {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_endonym: &'static str,
    pub alternate_path: String,
    pub organization_name: String,
    pub short_name: String,
}

impl Plain {
    /// The frame for `path` (without its language prefix) in `lang`.
    pub fn new(lang: Lang, organization: &Organization, path_after_lang: &str) -> Plain {
        Plain {
            lang: lang.code(),
            other_lang: lang.other().code(),
            other_endonym: lang.other().endonym(),
            alternate_path: format!("/{}/{path_after_lang}", lang.other().code()),
            organization_name: organization.name.clone(),
            short_name: organization.short_name.clone(),
        }
    }
}

/// An HTML page that must never be cached, with any cookies to set.
pub fn private_page(html: String, cookies: impl IntoIterator<Item = Option<HeaderValue>>) -> Response {
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for cookie in cookies.into_iter().flatten() {
        headers.append(header::SET_COOKIE, cookie);
    }
    response
}

/// The client's address for rate limits: the peer, or with `HERMANA_BEHIND_PROXY` the
/// address the proxy appended last to `X-Forwarded-For`.
pub fn client_address(state: &AppState, parts_headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if state.config.behind_proxy
        && let Some(last) = parts_headers
            .get_all("x-forwarded-for")
            .iter()
            .rev()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.rsplit(','))
            .map(str::trim)
            .find(|v| !v.is_empty())
    {
        return last.to_owned();
    }
    peer.map_or_else(|| "unknown".to_owned(), |p| p.ip().to_string())
}

/// The peer address recorded by the server, when there is one (not in tests' direct calls).
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

/// Where to go after signing in: a path of this site in this language, else the dashboard.
pub fn safe_next(lang: Lang, next: Option<&str>) -> String {
    let prefix = format!("/{}/", lang.code());
    match next {
        Some(path)
            if path.starts_with(&prefix)
                && !path.contains("//")
                && !path.contains('\\')
                && path.len() <= 300
                && path.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            path.to_owned()
        }
        _ => format!("/{}/admin", lang.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;
    use crate::i18n::Lang;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Lang::Es, Some("/es/admin/members")), "/es/admin/members");
        for bad in ["https://evil.example/", "//evil.example/es/", "/es//evil", "/en/admin", "/es/\\evil", "/es/a b"] {
            assert_eq!(safe_next(Lang::Es, Some(bad)), "/es/admin", "{bad}");
        }
        assert_eq!(safe_next(Lang::En, None), "/en/admin");
    }
}
