//! Reading and writing the few cookies Hermana sets.

use axum::http::{HeaderMap, HeaderValue, header};

/// The value of cookie `name` in a request.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value.trim())
    })
}

/// The name a cookie is sent under: with the `__Host-` prefix over TLS, so no subdomain can
/// set or overwrite it.
pub fn name(base: &str, https: bool) -> String {
    if https { format!("__Host-{base}") } else { base.to_owned() }
}

/// A `Set-Cookie` value: host-only, path `/`, `HttpOnly`, `SameSite=Lax`, `Secure` over TLS.
pub fn set(name: &str, value: &str, max_age_seconds: i64, https: bool) -> Option<HeaderValue> {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite=Lax{secure}"))
        .ok()
}

/// A `Set-Cookie` value that deletes the cookie.
pub fn clear(name: &str, https: bool) -> Option<HeaderValue> {
    set(name, "", 0, https)
}
