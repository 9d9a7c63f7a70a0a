//! Security headers and HTTP dates.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Utc};

use crate::app::AppState;

/// No inline script or style, nothing from other hosts, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
                   frame-ancestors 'none'";

/// Marks a page whose form may be sent on to another origin (the donate form's answer is a
/// redirect to Stripe Checkout, and `form-action` covers the redirects of a form's submission).
/// Only `[A-Za-z0-9.:/-]` is kept, so it cannot break out of the header.
#[derive(Clone, Debug)]
pub struct FormActionOrigin(pub String);

/// Adds the security headers every response carries (HSTS only when served over TLS).
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let extra = response.extensions().get::<FormActionOrigin>().map(|o| o.0.clone());
    apply(response.headers_mut(), state.config.is_https());
    if let Some(origin) =
        extra.filter(|o| !o.is_empty() && o.chars().all(|c| c.is_ascii_alphanumeric() || ".:/-".contains(c)))
    {
        let csp = CSP.replace("form-action 'self'", &format!("form-action 'self' {origin}"));
        if let Ok(value) = HeaderValue::from_str(&csp) {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// Writes the security headers into `headers`.
pub fn apply(headers: &mut HeaderMap, https: bool) {
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    if https {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
}

/// Formats a time as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn http_date(time: DateTime<Utc>) -> String {
    time.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_http_dates() {
        let time = DateTime::from_timestamp(784_111_777, 0).unwrap();
        assert_eq!(http_date(time), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
