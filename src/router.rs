//! Every route of the application, and the middleware around them.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request, StatusCode};
use axum::middleware;
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::app::AppState;
use crate::web;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application: routes of every domain, then the middleware stack.
pub fn build(state: AppState) -> Router {
    let routes = Router::new()
        .route("/healthz", get(web::health::healthz))
        .route("/static/{path}", get(web::assets::serve))
        .merge(crate::auth::router())
        .merge(crate::admin::router(state.clone()))
        .merge(crate::media::router())
        .merge(crate::supporters::router())
        .merge(crate::fundraising::router())
        .merge(crate::events::router())
        .merge(crate::content::router())
        .fallback(web::errors::not_found);

    // Outermost first. Cached pages are answered right after compression (which leaves
    // their pre-compressed bodies alone), carrying the security headers they were built with.
    let stack = ServiceBuilder::new()
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(state.clone(), web::cache::serve_cached))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    // The route pattern, not the path: paths may one day carry tokens.
                    let route =
                        request.extensions().get::<axum::extract::MatchedPath>().map_or("-", |p| p.as_str()).to_owned();
                    let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", request_id = %id, method = %request.method(), route)
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::DEBUG)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(middleware::from_fn_with_state(state.clone(), web::headers::security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), web::errors::render_errors))
        .layer(CatchPanicLayer::custom(web::errors::panic_response))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(DefaultBodyLimit::max(1024 * 1024));

    routes.layer(stack).with_state(state)
}
