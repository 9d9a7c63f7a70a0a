//! The origin (scheme and host) that absolute URLs of a request's site start with.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use crate::app::AppState;
use crate::config::ServeConfig;

/// `https://mascp.org`: no trailing slash, so `origin.url("/en/")` is the page's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// `HERMANA_BASE_URL` when set; else `http://` and the request's `Host` (the address a
    /// visitor used, e.g. in development); else the address the server listens on.
    pub fn of(config: &ServeConfig, headers: &HeaderMap) -> Origin {
        if let Some(base) = config.base_url.as_deref().filter(|b| !b.trim().is_empty()) {
            return Origin(base.trim().trim_end_matches('/').to_owned());
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).filter(|h| is_plausible_host(h));
        match host {
            Some(host) => Origin(format!("http://{}", host.to_ascii_lowercase())),
            None => Origin(format!("http://{}", config.listen)),
        }
    }

    /// The absolute URL of a path that starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A host name or address with an optional port, and nothing that could break out of a URL.
fn is_plausible_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

impl FromRequestParts<AppState> for Origin {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Origin::of(&state.config, &parts.headers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for good in ["mascp.org", "localhost:8080", "127.0.0.1:3000", "[::1]:8080"] {
            assert!(is_plausible_host(good), "{good}");
        }
        for bad in ["", "a b", "x/y", "x\"y", "x<y", "user@host", &"a".repeat(256)] {
            assert!(!is_plausible_host(bad), "{bad}");
        }
    }
}
