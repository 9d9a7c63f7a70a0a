//! The few Stripe REST calls Hermana makes: create a Checkout Session, read, change and cancel
//! a subscription. Requests are form-encoded with the secret key as a bearer token; every
//! `POST` carries an `Idempotency-Key`, so a retried or double-clicked request makes one
//! object at Stripe. The base URL is a setting, so tests talk to a stand-in on 127.0.0.1.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde::Deserialize;

use crate::config::StripeConfig;

/// A Stripe call that did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    #[error("Stripe could not be reached: {0}")]
    Unreachable(#[from] reqwest::Error),
    #[error("Stripe answered {status}: {message}")]
    Refused { status: u16, message: String },
    #[error("Stripe's answer was not understood: {0}")]
    Unexpected(String),
}

/// Stripe with the configured key and base URL.
pub struct Stripe<'a> {
    base: &'a str,
    key: &'a str,
}

/// One HTTP client for the process (it holds the connection pool and the TLS roots).
fn client() -> Result<&'static reqwest::Client, StripeError> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| StripeError::Unexpected(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let built = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent("Hermana")
        .build()?;
    Ok(CLIENT.get_or_init(|| built))
}

/// A form body in Stripe's bracket notation: `line_items[0][price_data][currency]=usd`.
pub type Params = Vec<(String, String)>;

/// What a Checkout Session creation returns that Hermana uses.
#[derive(Debug, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    pub url: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: String,
}

impl<'a> Stripe<'a> {
    /// Stripe, when a secret key and a webhook secret are configured.
    pub fn from_config(config: &'a StripeConfig) -> Option<Stripe<'a>> {
        let key = config.secret_key()?;
        Some(Stripe { base: config.stripe_api_base.trim_end_matches('/'), key })
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<serde_json::Value, StripeError> {
        let response = request.bearer_auth(self.key).header("Stripe-Version", API_VERSION).send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            let message = serde_json::from_slice::<ErrorBody>(&body).map(|b| b.error.message).unwrap_or_default();
            return Err(StripeError::Refused { status: status.as_u16(), message });
        }
        serde_json::from_slice(&body).map_err(|e| StripeError::Unexpected(e.to_string()))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn post(&self, path: &str, params: &Params, idempotency_key: &str) -> Result<serde_json::Value, StripeError> {
        let body = serde_urlencoded::to_string(params).map_err(|e| StripeError::Unexpected(e.to_string()))?;
        let request = client()?
            .post(self.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Idempotency-Key", idempotency_key)
            .body(body);
        self.send(request).await
    }

    /// Creates a Checkout Session; the same `idempotency_key` gives back the same session.
    pub async fn create_checkout_session(
        &self,
        params: &Params,
        idempotency_key: &str,
    ) -> Result<CheckoutSession, StripeError> {
        let value = self.post("/v1/checkout/sessions", params, idempotency_key).await?;
        serde_json::from_value(value).map_err(|e| StripeError::Unexpected(e.to_string()))
    }

    /// Cancels a subscription at once (Stripe's `DELETE /v1/subscriptions/{id}`).
    pub async fn cancel_subscription(&self, id: &str) -> Result<(), StripeError> {
        let request = client()?.delete(self.url(&format!("/v1/subscriptions/{}", encode(id))));
        self.send(request).await.map(|_| ())
    }

    /// Changes a subscription's amount from its next payment on, without proration: its one
    /// item gets a new price for the same product and interval.
    pub async fn change_subscription_amount(
        &self,
        id: &str,
        amount_minor: i64,
        currency: &str,
        interval: &str,
        idempotency_key: &str,
    ) -> Result<(), StripeError> {
        let path = format!("/v1/subscriptions/{}", encode(id));
        let subscription = self.send(client()?.get(self.url(&path))).await?;
        let item = &subscription["items"]["data"][0];
        let (Some(item_id), Some(product)) = (item["id"].as_str(), product_of(&item["price"]["product"])) else {
            return Err(StripeError::Unexpected("a subscription without an item".into()));
        };
        let params: Params = vec![
            ("items[0][id]".into(), item_id.into()),
            ("items[0][price_data][currency]".into(), currency.to_lowercase()),
            ("items[0][price_data][product]".into(), product.into()),
            ("items[0][price_data][unit_amount]".into(), amount_minor.to_string()),
            ("items[0][price_data][recurring][interval]".into(), interval.into()),
            ("proration_behavior".into(), "none".into()),
        ];
        self.post(&path, &params, idempotency_key).await.map(|_| ())
    }
}

/// The pinned API version: the shapes the webhook reads are this version's.
pub const API_VERSION: &str = "2024-06-20";

/// A price's product: an id, or an expanded object.
fn product_of(value: &serde_json::Value) -> Option<&str> {
    value.as_str().or_else(|| value["id"].as_str())
}

/// An id in a URL path: Stripe ids are `[A-Za-z0-9_]`, anything else is escaped.
fn encode(id: &str) -> String {
    id.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'_' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
