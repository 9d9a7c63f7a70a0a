//! Supporters ("Friends"): the people in an organization's records, what they agreed to
//! receive (consents, as history), their interests, tags, notes and timeline; the public
//! sign-up with double opt-in, one-click unsubscribe, and the core group's pages.

pub mod admin;
pub mod entities;
pub mod export;
pub mod form;
pub mod import;
pub mod labels;
pub mod links;
pub mod list;
pub mod mail;
pub mod merge;
pub mod model;
pub mod pages;
pub mod paths;
pub mod privacy;
pub mod segments;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

/// The public pages, at their address in each language.
pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for (signup, confirm, unsubscribe) in [
        ("/es/amigos", "/es/amigos/confirmar/{token}", "/es/baja/{token}"),
        ("/en/friends", "/en/friends/confirm/{token}", "/en/unsubscribe/{token}"),
    ] {
        router = router
            .route(signup, get(pages::signup::show).post(pages::signup::submit))
            .route(confirm, get(pages::confirm::show).post(pages::confirm::submit))
            .route(unsubscribe, get(pages::unsubscribe::show).post(pages::unsubscribe::submit));
    }
    for (base, link, save, data, erase) in [
        (
            "/es/mis-datos",
            "/es/mis-datos/enlace/{token}",
            "/es/mis-datos/guardar",
            "/es/mis-datos/datos.json",
            "/es/mis-datos/borrar",
        ),
        (
            "/en/my-details",
            "/en/my-details/link/{token}",
            "/en/my-details/save",
            "/en/my-details/data.json",
            "/en/my-details/erase",
        ),
    ] {
        router = router
            .route(base, get(pages::details::show).post(pages::details::ask))
            .route(link, get(pages::details::link).post(pages::details::open))
            .route(save, post(pages::details::save))
            .route(data, get(pages::details::download))
            .route(erase, post(pages::details::erase));
    }
    for (cancel, amount) in [
        ("/es/mis-datos/donativos/{id}/cancelar", "/es/mis-datos/donativos/{id}/monto"),
        ("/en/my-details/plans/{id}/cancel", "/en/my-details/plans/{id}/amount"),
    ] {
        router = router.route(cancel, post(pages::plans::cancel)).route(amount, post(pages::plans::change_amount));
    }
    router
}
