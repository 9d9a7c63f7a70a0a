//! Events: talks, fundraisers, meetings, vigils; registration with a capacity and a waitlist,
//! times in the organization's and the sister community's zones, iCalendar files and feeds,
//! delegations (applications instead of registrations), and the core group's pages.

pub mod admin;
pub mod delegations;
pub mod entities;
pub mod ical;
pub mod mail;
pub mod model;
pub mod pages;
pub mod paths;
pub mod registrations;
pub mod reminders;
pub mod times;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;
use crate::i18n::Lang;

/// The public pages, at their address in each language.
pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for lang in Lang::ALL {
        let list = paths::list(lang);
        let (month, cancel, ics) = match lang {
            Lang::Es => ("/es/eventos/mes/{month}", "/es/eventos/cancelar/{token}", "/es/eventos/{slug}/evento.ics"),
            Lang::En => ("/en/events/month/{month}", "/en/events/cancel/{token}", "/en/events/{slug}/event.ics"),
        };
        router = router
            .route(list, get(pages::list::upcoming))
            .route(paths::archive(lang), get(pages::list::archive))
            .route(month, get(pages::month::show))
            .route(paths::feed(lang), get(pages::ics::feed))
            .route(cancel, get(pages::cancel::show).post(pages::cancel::submit))
            .route(ics, get(pages::ics::event))
            .route(&format!("{list}/{{slug}}"), get(pages::show::show).post(pages::register::submit));
    }
    router
}
