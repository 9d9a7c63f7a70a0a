//! The core group's side of the site, under `/{lang}/admin`. Every route is listed in
//! [`ROUTES`] with the permission it needs; the guard refuses anything not listed.

pub mod pages;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::app::AppState;
use crate::auth::model::Account;
use crate::auth::roles::{self, Permission, Role};
use crate::auth::session;
use crate::content::admin as studio;
use crate::error::AppError;
use crate::events::admin as events;
use crate::fundraising::admin as fundraising;
use crate::i18n::Lang;
use crate::media::admin as media;
use crate::organizations::model::{self as organizations, Organization};
use crate::supporters::admin as supporters;
use crate::web::extract::{PathLang, host};

/// One admin route and the permission it needs.
#[derive(Clone, Copy, Debug)]
pub struct AdminRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub permission: Permission,
}

/// Every admin route. The authorization test walks this list with every role.
pub const ROUTES: &[AdminRoute] = &[
    AdminRoute { method: "GET", path: "/{lang}/admin", permission: Permission::UseDashboard },
    AdminRoute { method: "POST", path: "/{lang}/admin/sessions/end-all", permission: Permission::UseDashboard },
    AdminRoute { method: "GET", path: "/{lang}/admin/account", permission: Permission::UseDashboard },
    AdminRoute { method: "POST", path: "/{lang}/admin/account/two-step", permission: Permission::UseDashboard },
    AdminRoute { method: "POST", path: "/{lang}/admin/account/two-step/confirm", permission: Permission::UseDashboard },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/account/two-step/recovery-codes",
        permission: Permission::UseDashboard,
    },
    AdminRoute { method: "POST", path: "/{lang}/admin/account/two-step/off", permission: Permission::UseDashboard },
    AdminRoute { method: "GET", path: "/{lang}/admin/members", permission: Permission::ManageMembers },
    AdminRoute { method: "POST", path: "/{lang}/admin/members/{id}/roles", permission: Permission::ManageMembers },
    AdminRoute { method: "POST", path: "/{lang}/admin/members/invite", permission: Permission::ManageMembers },
    AdminRoute { method: "POST", path: "/{lang}/admin/invitations/{id}/revoke", permission: Permission::ManageMembers },
    AdminRoute { method: "GET", path: "/{lang}/admin/audit", permission: Permission::ReadAudit },
    AdminRoute { method: "GET", path: "/{lang}/admin/pages", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/preview", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/pages", permission: Permission::EditContent },
    AdminRoute { method: "GET", path: "/{lang}/admin/pages/{id}", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/pages/{id}/status", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/pages/{id}/article", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/pages/{id}/{language}", permission: Permission::EditContent },
    AdminRoute {
        method: "GET",
        path: "/{lang}/admin/pages/{id}/{language}/history",
        permission: Permission::EditContent,
    },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/pages/{id}/{language}/history/{revision}/restore",
        permission: Permission::EditContent,
    },
    AdminRoute { method: "GET", path: "/{lang}/admin/menus", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/menus/{language}", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/menus/items/{id}", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/menus/items/{id}/move", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/menus/items/{id}/remove", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/pages/{id}/cover", permission: Permission::EditContent },
    AdminRoute { method: "GET", path: "/{lang}/admin/media", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/media", permission: Permission::EditContent },
    AdminRoute { method: "GET", path: "/{lang}/admin/media/{id}", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/media/{id}/alt", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/media/{id}/replace", permission: Permission::EditContent },
    AdminRoute { method: "POST", path: "/{lang}/admin/media/{id}/delete", permission: Permission::EditContent },
    AdminRoute { method: "GET", path: "/{lang}/admin/supporters", permission: Permission::ManageSupporters },
    AdminRoute { method: "GET", path: "/{lang}/admin/supporters/import", permission: Permission::ManageSupporters },
    AdminRoute { method: "POST", path: "/{lang}/admin/supporters/import", permission: Permission::ManageSupporters },
    AdminRoute {
        method: "GET",
        path: "/{lang}/admin/supporters/import/{id}",
        permission: Permission::ManageSupporters,
    },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/supporters/import/{id}",
        permission: Permission::ManageSupporters,
    },
    AdminRoute {
        method: "GET",
        path: "/{lang}/admin/supporters/import/{id}/progress",
        permission: Permission::ManageSupporters,
    },
    AdminRoute {
        method: "GET",
        path: "/{lang}/admin/supporters/import/{id}/rejected.csv",
        permission: Permission::ManageSupporters,
    },
    AdminRoute { method: "GET", path: "/{lang}/admin/supporters/{id}", permission: Permission::ManageSupporters },
    AdminRoute { method: "POST", path: "/{lang}/admin/supporters/{id}", permission: Permission::ManageSupporters },
    AdminRoute { method: "POST", path: "/{lang}/admin/supporters/{id}/tags", permission: Permission::ManageSupporters },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/supporters/{id}/notes",
        permission: Permission::ManageSupporters,
    },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/supporters/{id}/consents",
        permission: Permission::ManageSupporters,
    },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/supporters/{id}/merge",
        permission: Permission::ManageSupporters,
    },
    AdminRoute { method: "GET", path: "/{lang}/admin/supporters/segments", permission: Permission::ManageSupporters },
    AdminRoute { method: "POST", path: "/{lang}/admin/supporters/segments", permission: Permission::ManageSupporters },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/supporters/segments/{id}",
        permission: Permission::ManageSupporters,
    },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/supporters/segments/{id}/delete",
        permission: Permission::ManageSupporters,
    },
    AdminRoute { method: "GET", path: "/{lang}/admin/supporters/export", permission: Permission::ManageSupporters },
    AdminRoute { method: "POST", path: "/{lang}/admin/supporters/export", permission: Permission::ManageSupporters },
    AdminRoute { method: "GET", path: "/{lang}/admin/gifts", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/gifts", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/gifts/batch", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/gifts/batch", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/gifts/{id}", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/gifts/{id}/correction", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/gifts/{id}/resend", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/funds", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/funds", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/funds/{id}", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/funds/{id}/transfers", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/campaigns", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/campaigns", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/fundraising/settings", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/fundraising/settings", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/reports", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/reports/export", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/statements", permission: Permission::ManageMoney },
    AdminRoute { method: "POST", path: "/{lang}/admin/statements", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/statements/{year}/{id}", permission: Permission::ManageMoney },
    AdminRoute { method: "GET", path: "/{lang}/admin/donors", permission: Permission::SeeDonors },
    AdminRoute { method: "GET", path: "/{lang}/admin/events", permission: Permission::ManageEvents },
    AdminRoute { method: "POST", path: "/{lang}/admin/events", permission: Permission::ManageEvents },
    AdminRoute { method: "GET", path: "/{lang}/admin/events/new", permission: Permission::ManageEvents },
    AdminRoute { method: "GET", path: "/{lang}/admin/events/{id}", permission: Permission::ManageEvents },
    AdminRoute { method: "POST", path: "/{lang}/admin/events/{id}", permission: Permission::ManageEvents },
    AdminRoute { method: "POST", path: "/{lang}/admin/events/{id}/cancel", permission: Permission::ManageEvents },
    AdminRoute { method: "GET", path: "/{lang}/admin/events/{id}/check-in", permission: Permission::ManageEvents },
    AdminRoute { method: "POST", path: "/{lang}/admin/events/{id}/arrivals", permission: Permission::ManageEvents },
    AdminRoute { method: "POST", path: "/{lang}/admin/events/{id}/walk-ins", permission: Permission::ManageEvents },
    AdminRoute { method: "GET", path: "/{lang}/admin/events/{id}/attendees.csv", permission: Permission::ManageEvents },
    AdminRoute { method: "GET", path: "/{lang}/admin/events/{id}/applications", permission: Permission::ManageEvents },
    AdminRoute {
        method: "GET",
        path: "/{lang}/admin/events/{id}/applications/{application}",
        permission: Permission::ManageEvents,
    },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/events/{id}/applications/{application}/decision",
        permission: Permission::ManageEvents,
    },
    AdminRoute {
        method: "POST",
        path: "/{lang}/admin/events/{id}/applications/{application}/checklist",
        permission: Permission::ManageEvents,
    },
    AdminRoute { method: "POST", path: "/{lang}/admin/events/{id}/message", permission: Permission::ManageEvents },
    AdminRoute { method: "POST", path: "/{lang}/admin/events/{id}/report", permission: Permission::ManageEvents },
    AdminRoute { method: "POST", path: "/{lang}/admin/events/{id}/organizers", permission: Permission::ManageMembers },
    AdminRoute { method: "POST", path: "/{lang}/admin/events/{id}/retention", permission: Permission::ManageMembers },
];

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/{lang}/admin", get(pages::dashboard::show))
        .route("/{lang}/admin/sessions/end-all", post(pages::sessions::end_all))
        .route("/{lang}/admin/account", get(pages::account::show))
        .route("/{lang}/admin/account/two-step", post(pages::account::start))
        .route("/{lang}/admin/account/two-step/confirm", post(pages::account::confirm))
        .route("/{lang}/admin/account/two-step/recovery-codes", post(pages::account::regenerate))
        .route("/{lang}/admin/account/two-step/off", post(pages::account::turn_off))
        .route("/{lang}/admin/members", get(pages::members::list))
        .route("/{lang}/admin/members/{id}/roles", post(pages::members::set_roles))
        .route("/{lang}/admin/members/invite", post(pages::invitations::invite))
        .route("/{lang}/admin/invitations/{id}/revoke", post(pages::invitations::revoke))
        .route("/{lang}/admin/audit", get(pages::audit::list))
        .route("/{lang}/admin/pages", get(studio::list::list).post(studio::create::create))
        .route("/{lang}/admin/preview", post(studio::preview::render))
        .route("/{lang}/admin/pages/{id}", get(studio::edit::show))
        .route("/{lang}/admin/pages/{id}/status", post(studio::status::set))
        .route("/{lang}/admin/pages/{id}/article", post(studio::article::save))
        .route("/{lang}/admin/pages/{id}/{language}", post(studio::edit::save))
        .route("/{lang}/admin/pages/{id}/{language}/history", get(studio::history::show))
        .route("/{lang}/admin/pages/{id}/{language}/history/{revision}/restore", post(studio::history::restore))
        .route("/{lang}/admin/menus", get(studio::menus::show))
        .route("/{lang}/admin/menus/{language}", post(studio::menus::add))
        .route("/{lang}/admin/menus/items/{id}", post(studio::menus::rename))
        .route("/{lang}/admin/menus/items/{id}/move", post(studio::menus::move_item))
        .route("/{lang}/admin/menus/items/{id}/remove", post(studio::menus::remove))
        .route("/{lang}/admin/pages/{id}/cover", post(studio::cover::set))
        .route(
            "/{lang}/admin/media",
            get(media::list::list).post(media::upload::upload).layer(DefaultBodyLimit::max(media::form::MAX_BODY)),
        )
        .route("/{lang}/admin/media/{id}", get(media::show::show))
        .route("/{lang}/admin/media/{id}/alt", post(media::alt::save))
        .route(
            "/{lang}/admin/media/{id}/replace",
            post(media::replace::replace).layer(DefaultBodyLimit::max(media::form::MAX_BODY)),
        )
        .route("/{lang}/admin/media/{id}/delete", post(media::delete::delete))
        .route("/{lang}/admin/supporters", get(supporters::list::list))
        .route(
            "/{lang}/admin/supporters/import",
            get(supporters::import::index)
                .post(supporters::import::upload)
                .layer(DefaultBodyLimit::max(supporters::import::MAX_BODY)),
        )
        .route("/{lang}/admin/supporters/import/{id}", get(supporters::import::show).post(supporters::import::act))
        .route("/{lang}/admin/supporters/import/{id}/progress", get(supporters::import::progress))
        .route("/{lang}/admin/supporters/import/{id}/rejected.csv", get(supporters::import::rejected))
        .route("/{lang}/admin/supporters/{id}", get(supporters::show::show).post(supporters::edit::save))
        .route("/{lang}/admin/supporters/{id}/tags", post(supporters::tags::change))
        .route("/{lang}/admin/supporters/{id}/notes", post(supporters::notes::add))
        .route("/{lang}/admin/supporters/{id}/consents", post(supporters::consents::set))
        .route("/{lang}/admin/supporters/{id}/merge", post(supporters::merge::merge))
        .route("/{lang}/admin/supporters/segments", get(supporters::segments::show).post(supporters::segments::save))
        .route("/{lang}/admin/supporters/segments/{id}", post(supporters::segments::rename))
        .route("/{lang}/admin/supporters/segments/{id}/delete", post(supporters::segments::delete))
        .route("/{lang}/admin/supporters/export", get(supporters::export::show).post(supporters::export::download))
        .route("/{lang}/admin/gifts", get(fundraising::gifts::list).post(fundraising::gifts::submit))
        .route("/{lang}/admin/gifts/batch", get(fundraising::batch::show).post(fundraising::batch::submit))
        .route("/{lang}/admin/gifts/{id}", get(fundraising::gift::show))
        .route("/{lang}/admin/gifts/{id}/correction", post(fundraising::gift::correct))
        .route("/{lang}/admin/gifts/{id}/resend", post(fundraising::gift::resend))
        .route("/{lang}/admin/funds", get(fundraising::funds::list).post(fundraising::funds::create))
        .route("/{lang}/admin/funds/{id}", get(fundraising::funds::show))
        .route("/{lang}/admin/funds/{id}/transfers", post(fundraising::funds::transfer))
        .route("/{lang}/admin/campaigns", get(fundraising::campaigns::list).post(fundraising::campaigns::create))
        .route("/{lang}/admin/fundraising/settings", get(fundraising::settings::show).post(fundraising::settings::save))
        .route("/{lang}/admin/reports", get(fundraising::reports::show))
        .route("/{lang}/admin/reports/export", post(fundraising::reports::download))
        .route("/{lang}/admin/statements", get(fundraising::statements::show).post(fundraising::statements::start))
        .route("/{lang}/admin/statements/{year}/{id}", get(fundraising::statements::print))
        .route("/{lang}/admin/donors", get(fundraising::donors::list))
        .route("/{lang}/admin/events", get(events::list::list).post(events::edit::create))
        .route("/{lang}/admin/events/new", get(events::edit::new))
        .route("/{lang}/admin/events/{id}", get(events::edit::show).post(events::edit::save))
        .route("/{lang}/admin/events/{id}/cancel", post(events::cancel::cancel))
        .route("/{lang}/admin/events/{id}/check-in", get(events::check_in::show))
        .route("/{lang}/admin/events/{id}/arrivals", post(events::check_in::arrive))
        .route("/{lang}/admin/events/{id}/walk-ins", post(events::check_in::walk_in))
        .route("/{lang}/admin/events/{id}/attendees.csv", get(events::check_in::export))
        .route("/{lang}/admin/events/{id}/applications", get(events::applications::list))
        .route("/{lang}/admin/events/{id}/applications/{application}", get(events::applications::show))
        .route("/{lang}/admin/events/{id}/applications/{application}/decision", post(events::delegation::decide))
        .route("/{lang}/admin/events/{id}/applications/{application}/checklist", post(events::delegation::checklist))
        .route("/{lang}/admin/events/{id}/message", post(events::delegation::message))
        .route("/{lang}/admin/events/{id}/report", post(events::delegation::report))
        .route("/{lang}/admin/events/{id}/organizers", post(events::delegation::organizers))
        .route("/{lang}/admin/events/{id}/retention", post(events::delegation::retention))
        .route_layer(middleware::from_fn_with_state(state, guard))
}

/// The signed-in member of the core group making an admin request.
#[derive(Clone, Debug)]
pub struct Member {
    pub account: Account,
    pub roles: Vec<Role>,
    pub organization: Arc<Organization>,
    pub lang: Lang,
}

impl Member {
    pub fn may(&self, permission: Permission) -> bool {
        roles::allows(&self.roles, permission)
    }

    /// The organization's time zone, in which every time on the core group's pages is shown.
    pub fn zone(&self) -> jiff::tz::TimeZone {
        crate::i18n::dates::zone(&self.organization.time_zone)
    }

    /// A date and time as the core group's pages show it: `2026-11-28 19:30`, in the
    /// organization's zone.
    pub fn when(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        crate::i18n::dates::short(at, &self.zone())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Member {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Member>().cloned().ok_or(AppError::Forbidden)
    }
}

/// Middleware: signed out → the sign-in page; signed in without the permission → 403.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Result<Response, AppError> {
    let lang = PathLang::from_path(request.uri().path()).ok_or(AppError::NotFound)?;
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let method = request.method().as_str().to_owned();
    let permission = ROUTES
        .iter()
        .find(|r| r.path == route && r.method == method)
        .map(|r| r.permission)
        .ok_or(AppError::Forbidden)?;
    let Some(signed_in) = session::signed_in(&state, request.headers()).await? else {
        let next = if method == "GET" { request.uri().path().to_owned() } else { format!("/{}/admin", lang.code()) };
        let target = format!("/{}/login?next={}", lang.code(), encode(&next));
        return Ok(Redirect::to(&target).into_response());
    };
    let (mut parts, body) = request.into_parts();
    let snapshot = state.cache.snapshot(&state.db).await?;
    let organization_id = snapshot.organization_for(host(&parts)).ok_or(AppError::NotFound)?;
    let organization = organizations::find(&state.db, organization_id).await?.ok_or(AppError::NotFound)?;
    let roles = crate::auth::model::roles_in(&state.db, signed_in.account.id, organization.id).await?;
    if !roles::allows(&roles, permission) {
        return Err(AppError::Forbidden);
    }
    parts.extensions.insert(Member { account: signed_in.account, roles, organization: Arc::new(organization), lang });
    let mut response = next.run(Request::from_parts(parts, body)).await;
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Percent-encodes a path for a query string.
fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}
