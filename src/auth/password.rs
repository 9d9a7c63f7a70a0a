//! Password hashing with Argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane), off the
//! async threads because it is slow on purpose.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// Shortest and longest password accepted.
pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 1024;

fn argon2() -> Result<Argon2<'static>, argon2::Error> {
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None)?))
}

/// Why a new password is not accepted.
#[derive(Debug, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    TooLong,
    SameAsEmail,
}

/// Checks a new password against the rules people are told about.
pub fn check(password: &str, email: &str) -> Result<(), Weakness> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        Err(Weakness::TooShort)
    } else if password.len() > MAX_LENGTH {
        Err(Weakness::TooLong)
    } else if password.trim().eq_ignore_ascii_case(email.trim()) {
        Err(Weakness::SameAsEmail)
    } else {
        Ok(())
    }
}

/// Checks a new password and its confirmation for a form: the Fluent keys of the problem
/// with the password field, or else with the confirmation field.
pub fn form_problems(password: &str, confirm: &str, email: &str) -> (Option<&'static str>, Option<&'static str>) {
    match check(password, email) {
        Err(Weakness::TooShort) => (Some("auth-error-password-short"), None),
        Err(Weakness::TooLong) => (Some("auth-error-password-long"), None),
        Err(Weakness::SameAsEmail) => (Some("auth-error-password-email"), None),
        Ok(()) if password != confirm => (None, Some("auth-error-password-mismatch")),
        Ok(()) => (None, None),
    }
}

/// The PHC string to store for a password.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let hasher = argon2().map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
        hasher
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// Whether `password` matches the stored hash. A malformed hash never matches.
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        argon2().is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// Spends the same time as a real check, so that "no such account" cannot be told apart
/// from "wrong password" by timing.
pub async fn waste_time(password: String) {
    let _ = hash(password).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_and_verifies() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify("correct horse battery".into(), stored.clone()).await);
        assert!(!verify("Correct horse battery".into(), stored).await);
        assert!(!verify("x".into(), "not a hash".into()).await);
    }

    #[test]
    fn rules() {
        assert_eq!(check("short", "a@b.c"), Err(Weakness::TooShort));
        assert_eq!(check("a@b.example", "a@b.example"), Err(Weakness::SameAsEmail));
        assert_eq!(check(&"x".repeat(2000), "a@b.c"), Err(Weakness::TooLong));
        assert_eq!(check("ten chars!", "a@b.c"), Ok(()));
        assert_eq!(check("ñandú ñandú", "a@b.c"), Ok(()), "counted in characters, not bytes");
    }
}
