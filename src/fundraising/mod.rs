//! Fundraising: gifts (by hand, by deposit slip), refunds and corrections as new ledger rows,
//! funds with their public ledger (money in, transfers out, balance), campaigns with their
//! progress, receipts through the outbox, giving online (the donate page, Stripe Checkout and
//! its signed webhook, recurring plans). Money is [`money::Money`]: integer minor units.

#![deny(clippy::float_arithmetic, clippy::float_cmp, clippy::cast_precision_loss)]

pub mod admin;
pub mod backend;
pub mod dates;
pub mod entities;
pub mod export;
pub mod giving;
pub mod ledger;
pub mod model;
pub mod money;
pub mod pages;
pub mod paths;
pub mod plans;
pub mod receipts;
pub mod reports;
pub mod statements;
pub mod stripe;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::i18n::Lang;

/// The public pages, at their address in each language.
pub fn router() -> Router<AppState> {
    let mut router =
        Router::new().route("/es/fondos", get(pages::index::show)).route("/en/funds", get(pages::index::show));
    for (fund, campaign) in [("/es/fondos/{slug}", "/es/campanas/{slug}"), ("/en/funds/{slug}", "/en/campaigns/{slug}")]
    {
        router = router.route(fund, get(pages::fund::show)).route(campaign, get(pages::campaign::show));
    }
    for lang in [Lang::Es, Lang::En] {
        router = router
            .route(paths::donate(lang), get(pages::donate::show).post(pages::donate::submit))
            .route(paths::thanks(lang), get(pages::donate::thanks));
    }
    router.route("/webhooks/stripe", post(pages::webhook::receive))
}
