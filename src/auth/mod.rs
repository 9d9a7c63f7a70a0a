//! Accounts, sessions, roles, invitations: who may sign in, and what they may do.

pub mod entities;
pub mod model;
pub mod pages;
pub mod password;
pub mod roles;
pub mod sealed;
pub mod session;
pub mod setup;
pub mod tokens;
pub mod two_step;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

/// Signing in and out, and accepting an invitation.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/login", get(pages::login::form).post(pages::login::submit))
        .route("/{lang}/login/code", get(pages::code::form).post(pages::code::submit))
        .route("/{lang}/logout", post(pages::logout::submit))
        .route("/{lang}/invitation/{token}", get(pages::invitation::form).post(pages::invitation::submit))
        .route("/{lang}/password-reset", get(pages::reset::request_form).post(pages::reset::request_submit))
        .route("/{lang}/password-reset/{token}", get(pages::reset::reset_form).post(pages::reset::reset_submit))
}
