//! The core group's pages for supporters, under `/{lang}/admin/supporters` (roles `admin` and
//! `organizer`; each route is listed in `crate::admin::ROUTES`).

pub mod consents;
pub mod edit;
pub mod export;
pub mod import;
pub mod list;
pub mod merge;
pub mod notes;
pub mod segments;
pub mod show;
pub mod tags;

use axum::response::{IntoResponse, Redirect, Response};

use crate::admin::Member;

/// Back to a supporter's page after a change (with `#section`).
pub fn back_to(member: &Member, id: i64, section: &str) -> Response {
    Redirect::to(&format!("/{}/admin/supporters/{id}#{section}", member.lang.code())).into_response()
}
