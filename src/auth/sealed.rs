//! Sealing small secrets (two-step secrets) at rest: ChaCha20-Poly1305 with a key derived by
//! HKDF-SHA256 from an installation secret, bound to the row's owner.
//!
//! The key's source lives in `instance_secrets`, in the same database: this keeps the secrets
//! out of backups of single tables, query logs and support dumps, and a sealed value copied to
//! another account does not open. Someone holding the whole database holds the key as well;
//! keeping the key outside the database would also need a way to carry it to every node.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hkdf::{HKDF_SHA256, Salt};

/// A key for one purpose, derived from an installation secret.
pub struct SealingKey(LessSafeKey);

/// Why a sealed value could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("no randomness: {0}")]
    Random(#[from] getrandom::Error),
    #[error("the key could not be derived")]
    Key,
    #[error("the sealed value is damaged or belongs elsewhere")]
    Damaged,
}

impl SealingKey {
    /// The key for `purpose` from the installation secret `ikm`.
    pub fn derive(ikm: &str, purpose: &str) -> Result<SealingKey, SealError> {
        let info = [purpose.as_bytes()];
        let prk = Salt::new(HKDF_SHA256, b"hermana sealed v1").extract(ikm.as_bytes());
        let okm = prk.expand(&info, &CHACHA20_POLY1305).map_err(|_| SealError::Key)?;
        Ok(SealingKey(LessSafeKey::new(UnboundKey::from(okm))))
    }

    /// Seals `plain` for `owner` (e.g. the account id): base64 of nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, owner: &str, plain: &[u8]) -> Result<String, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce)?;
        let mut data = plain.to_vec();
        self.0
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(owner.as_bytes()), &mut data)
            .map_err(|_| SealError::Key)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Ok(STANDARD.encode(out))
    }

    /// Opens what [`SealingKey::seal`] sealed for the same `owner`.
    pub fn open(&self, owner: &str, sealed: &str) -> Result<Vec<u8>, SealError> {
        let bytes = STANDARD.decode(sealed).map_err(|_| SealError::Damaged)?;
        if bytes.len() < NONCE_LEN {
            return Err(SealError::Damaged);
        }
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError::Damaged)?;
        let mut data = data.to_vec();
        let plain =
            self.0.open_in_place(nonce, Aad::from(owner.as_bytes()), &mut data).map_err(|_| SealError::Damaged)?;
        Ok(plain.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_for_the_same_owner_and_key() {
        let key = SealingKey::derive("installation secret", "two-step").unwrap();
        let sealed = key.seal("7", b"12345678901234567890").unwrap();
        assert!(!sealed.contains("12345678901234567890"));
        assert_ne!(sealed, key.seal("7", b"12345678901234567890").unwrap(), "a fresh nonce each time");
        assert_eq!(key.open("7", &sealed).unwrap(), b"12345678901234567890");
        assert!(key.open("8", &sealed).is_err(), "bound to its owner");
        let other = SealingKey::derive("another installation", "two-step").unwrap();
        assert!(other.open("7", &sealed).is_err());
        let purpose = SealingKey::derive("installation secret", "something else").unwrap();
        assert!(purpose.open("7", &sealed).is_err());
        assert!(key.open("7", "not base64!").is_err());
        assert!(key.open("7", "AAAA").is_err());
    }
}
