//! The `Stripe-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">`, one
//! or more `v1` while a secret is being rolled. Checked in constant time, and refused outside a
//! five-minute window so a captured request cannot be replayed later.

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;

/// How far a signature's time may be from ours, either way.
pub const TOLERANCE_SECONDS: i64 = 300;

/// Why a webhook request was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no or malformed Stripe-Signature header")]
    Malformed,
    #[error("signature timestamp outside the tolerance")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

/// The MAC of `timestamp.payload` (HMAC takes keys of any length, so it is always `Some`).
fn mac(secret: &str, timestamp: i64, payload: &[u8]) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    Some(mac)
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks `header` against `payload` at time `now` (unix seconds).
pub fn verify(secret: &str, header: &str, payload: &[u8], now: i64) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signatures.extend(hex_decode(value)),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - timestamp).abs() > TOLERANCE_SECONDS {
        return Err(SignatureError::Stale);
    }
    let expected = mac(secret, timestamp, payload).ok_or(SignatureError::Mismatch)?;
    // `verify_slice` compares in constant time.
    if signatures.iter().any(|signature| expected.clone().verify_slice(signature).is_ok()) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The header Stripe would send for `payload` at `timestamp` (for the stand-ins in tests and
/// the browser suite, which sign their events as Stripe does).
pub fn sign(secret: &str, payload: &[u8], timestamp: i64) -> String {
    let signature = mac(secret, timestamp, payload).map(|m| hex(&m.finalize().into_bytes())).unwrap_or_default();
    format!("t={timestamp},v1={signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_made_with_the_secret_passes_and_anything_else_fails() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign("whsec_test", body, 1_000_000);
        assert_eq!(verify("whsec_test", &header, body, 1_000_100), Ok(()));
        assert_eq!(verify("whsec_other", &header, body, 1_000_100), Err(SignatureError::Mismatch));
        assert_eq!(verify("whsec_test", &header, br#"{"id":"evt_2"}"#, 1_000_100), Err(SignatureError::Mismatch));
        assert_eq!(verify("whsec_test", &header, body, 1_000_301), Err(SignatureError::Stale));
        assert_eq!(verify("whsec_test", &header, body, 999_699), Err(SignatureError::Stale));
        assert_eq!(verify("whsec_test", "v1=00", body, 1_000_000), Err(SignatureError::Malformed));
        assert_eq!(verify("whsec_test", "t=1000000", body, 1_000_000), Err(SignatureError::Malformed));
        // A second, older secret's signature beside the right one (a rolled secret) passes.
        let both = format!("{header},v1={}", "ab".repeat(32));
        assert_eq!(verify("whsec_test", &both, body, 1_000_000), Ok(()));
    }
}
