//! The one error type of the web layer.
//!
//! A handler returns `AppError`; its response carries only a status and an [`ErrorPage`] marker.
//! The `render_errors` middleware turns the marker into a page in the visitor's language, so
//! no handler has to know how errors look and no internal detail reaches the visitor.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request")]
    BadRequest,
    /// Signed in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// A form without a valid CSRF token, or posted from another site.
    #[error("form expired")]
    FormExpired,
    /// The database does not answer: a retry later may work.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// What kind of error page the response should become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorPage {
    NotFound,
    BadRequest,
    Forbidden,
    FormExpired,
    Unavailable,
    Internal,
}

impl ErrorPage {
    /// The page for a bare status (from the router's fallback, a panic, a timeout…).
    pub fn for_status(status: StatusCode) -> Option<ErrorPage> {
        match status {
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => Some(ErrorPage::NotFound),
            s if s == StatusCode::SERVICE_UNAVAILABLE || s == StatusCode::REQUEST_TIMEOUT => {
                Some(ErrorPage::Unavailable)
            }
            s if s.is_server_error() => Some(ErrorPage::Internal),
            s if s.is_client_error() => Some(ErrorPage::BadRequest),
            _ => None,
        }
    }

    /// The prefix of this page's Fluent keys.
    pub fn key(self) -> &'static str {
        match self {
            ErrorPage::NotFound => "errors-not-found",
            ErrorPage::BadRequest => "errors-bad-request",
            ErrorPage::Forbidden => "errors-forbidden",
            ErrorPage::FormExpired => "errors-form-expired",
            ErrorPage::Unavailable => "errors-unavailable",
            ErrorPage::Internal => "errors-internal",
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, page) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, ErrorPage::NotFound),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, ErrorPage::BadRequest),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ErrorPage::Forbidden),
            AppError::FormExpired => (StatusCode::FORBIDDEN, ErrorPage::FormExpired),
            AppError::Unavailable(detail) => {
                tracing::error!(%detail, "database unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, ErrorPage::Unavailable)
            }
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorPage::Internal)
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(page);
        response
    }
}

impl From<DbErr> for AppError {
    fn from(error: DbErr) -> Self {
        match error {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => AppError::Unavailable(error.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError::Internal(format!("{error:#}"))
    }
}

impl From<minijinja::Error> for AppError {
    fn from(error: minijinja::Error) -> Self {
        AppError::Internal(format!("template: {error:#}"))
    }
}
