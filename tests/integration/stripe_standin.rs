//! A stand-in for Stripe's API on 127.0.0.1: it plays the few endpoints Hermana calls
//! (Checkout Sessions, reading, changing and cancelling a subscription) and records every
//! request it was sent, so tests can check what would have gone to Stripe.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use serde_json::json;

/// One request as the stand-in received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub content_type: String,
    pub authorization: String,
    pub idempotency_key: Option<String>,
    pub body: String,
}

impl Received {
    /// The form body's value of `key`.
    pub fn field(&self, key: &str) -> Option<String> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(&self.body)
            .unwrap()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    sessions: HashMap<String, String>,
    failing: bool,
}

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Inner>>);

pub struct StripeStandIn {
    pub addr: SocketAddr,
    shared: Shared,
}

impl StripeStandIn {
    pub async fn start() -> StripeStandIn {
        let shared = Shared::default();
        let router = Router::new()
            .route("/v1/checkout/sessions", post(create_session))
            .route("/v1/subscriptions/{id}", any(subscription))
            .fallback(|| async { StatusCode::NOT_FOUND })
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        StripeStandIn { addr, shared }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.0.lock().unwrap().received.clone()
    }

    /// From now on, every call answers 500 as an unwell Stripe would.
    pub fn fail(&self) {
        self.shared.0.lock().unwrap().failing = true;
    }
}

fn record(shared: &Shared, method: &Method, uri: &Uri, headers: &HeaderMap, body: &Bytes) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut inner = shared.0.lock().unwrap();
    inner.received.push(Received {
        method: method.to_string(),
        path: uri.path().to_owned(),
        content_type: header("content-type").unwrap_or_default(),
        authorization: header("authorization").unwrap_or_default(),
        idempotency_key: header("idempotency-key"),
        body: String::from_utf8_lossy(body).into_owned(),
    });
    inner.failing
}

fn unwell() -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, json_body(json!({"error": {"message": "stand-in failing"}}))).into_response()
}

async fn create_session(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if record(&shared, &method, &uri, &headers, &body) {
        return unwell();
    }
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let mut inner = shared.0.lock().unwrap();
    // As Stripe does: the same Idempotency-Key gives back the same session.
    let count = inner.sessions.len();
    let id = inner.sessions.entry(key).or_insert_with(|| format!("cs_test_{}", count + 1)).clone();
    json_body(json!({"id": id, "object": "checkout.session", "url": format!("https://checkout.stripe.test/pay/{id}")}))
        .into_response()
}

async fn subscription(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if record(&shared, &method, &uri, &headers, &body) {
        return unwell();
    }
    let status = if method == Method::DELETE { "canceled" } else { "active" };
    json_body(json!({
        "id": id,
        "object": "subscription",
        "status": status,
        "items": {"data": [{"id": "si_test_1", "price": {"id": "price_test_1", "product": "prod_test_1"}}]}
    }))
    .into_response()
}

fn json_body(value: serde_json::Value) -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], value.to_string()).into_response()
}
