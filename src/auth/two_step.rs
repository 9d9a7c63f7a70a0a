//! Two-step sign-in (TOTP, RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, one step of clock
//! skew either way) with one-time recovery codes, and the sign-ins waiting for a code.
//!
//! The secret is sealed at rest (`auth::sealed`); recovery codes and pending sign-in tokens are
//! stored as SHA-256 hashes. Every "use once" is a conditional `UPDATE` whose affected row count
//! decides, so two nodes racing with the same code or token cannot both win.

use chrono::{Duration, Utc};
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};
use totp_rs::{Builder, Secret, Totp};

use super::entities::{pending_sign_in, recovery_code, two_step_secret};
use super::model::instance_secret;
use super::sealed::SealingKey;
use super::tokens;

/// How many recovery codes an account gets at a time.
pub const RECOVERY_CODES: usize = 10;
/// How long the code page works after a right password.
pub const PENDING_TTL: Duration = Duration::minutes(5);
/// Letters of recovery codes: Crockford's base 32 (no i, l, o, u), lower-case.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

pub type PendingSignIn = pending_sign_in::Model;

/// Where an account stands with two-step sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Off,
    /// Being turned on: the secret is shown until a first right code confirms it.
    SettingUp {
        secret: String,
    },
    /// On, with this many unused recovery codes.
    On {
        recovery_codes_left: u64,
    },
}

/// What a code typed at sign-in turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// A right code from the app, not used before.
    Code,
    /// An unused recovery code, now used up.
    RecoveryCode,
    Wrong,
}

async fn key(db: &impl ConnectionTrait) -> anyhow::Result<SealingKey> {
    let ikm = instance_secret(db, "two-step-key").await?;
    Ok(SealingKey::derive(&ikm, "two-step secret")?)
}

/// RFC 6238's recommended settings, `totp-rs`'s defaults: SHA-1, 6 digits, 30 s, skew 1.
fn totp(secret: Vec<u8>) -> anyhow::Result<Totp> {
    Builder::new().with_secret(secret).build().map_err(|e| anyhow::anyhow!("TOTP: {e}"))
}

fn now_seconds() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

/// A code as typed: spaces and dashes dropped, lower-case, and the letters Crockford's base 32
/// reads as digits (o → 0, i and l → 1) replaced.
fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            other => other,
        })
        .take(64)
        .collect()
}

/// Whether `input` has the shape of an app code (six digits, spaces allowed).
pub fn looks_like_code(input: &str) -> bool {
    let code = normalize(input);
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

async fn secret_row(db: &impl ConnectionTrait, account_id: i64) -> Result<Option<two_step_secret::Model>, DbErr> {
    two_step_secret::Entity::find().filter(two_step_secret::Column::AccountId.eq(account_id)).one(db).await
}

async fn open_secret(db: &impl ConnectionTrait, row: &two_step_secret::Model) -> anyhow::Result<Vec<u8>> {
    Ok(key(db).await?.open(&row.account_id.to_string(), &row.sealed_secret)?)
}

/// Base 32 of a secret in groups of four, as people type it into an app.
fn grouped(secret: &[u8]) -> String {
    let text = Secret::from(secret.to_vec()).to_base32();
    text.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// Where an account stands.
pub async fn status(db: &impl ConnectionTrait, account_id: i64) -> anyhow::Result<Status> {
    let Some(row) = secret_row(db, account_id).await? else {
        return Ok(Status::Off);
    };
    if row.confirmed_at.is_none() {
        let secret = open_secret(db, &row).await?;
        return Ok(Status::SettingUp { secret: grouped(&secret) });
    }
    let left = recovery_code::Entity::find()
        .filter(recovery_code::Column::AccountId.eq(account_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await?;
    Ok(Status::On { recovery_codes_left: left })
}

/// Whether sign-in asks this account for a code.
pub async fn is_on(db: &impl ConnectionTrait, account_id: i64) -> Result<bool, DbErr> {
    Ok(secret_row(db, account_id).await?.is_some_and(|r| r.confirmed_at.is_some()))
}

/// Starts turning two-step on with a new secret (replacing one not confirmed yet). Returns
/// `false`, changing nothing, when it is already on.
pub async fn start(db: &impl ConnectionTrait, account_id: i64) -> anyhow::Result<bool> {
    if let Some(row) = secret_row(db, account_id).await? {
        if row.confirmed_at.is_some() {
            return Ok(false);
        }
        two_step_secret::Entity::delete_by_id(row.id).exec(db).await?;
    }
    let mut secret = [0u8; 20];
    getrandom::fill(&mut secret)?;
    let sealed = key(db).await?.seal(&account_id.to_string(), &secret)?;
    let now = Utc::now();
    two_step_secret::ActiveModel {
        account_id: Set(account_id),
        sealed_secret: Set(sealed),
        confirmed_at: Set(None),
        last_used_step: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// The `otpauth://` URI an authenticator app reads (the secret is in it: show it only to its
/// owner).
pub fn otpauth_uri(issuer: &str, email: &str, grouped_secret: &str) -> String {
    let secret: String = grouped_secret.split_whitespace().collect();
    let issuer = issuer.replace(':', " ");
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        percent(&issuer),
        percent(email),
        percent(&issuer)
    )
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Accepts the code of a step newer than the last one accepted, marking that step used.
async fn accept_code(db: &impl ConnectionTrait, row: &two_step_secret::Model, code: &str) -> anyhow::Result<bool> {
    let secret = open_secret(db, row).await?;
    let Some(step) = totp(secret)?.check(&normalize(code), now_seconds()) else {
        return Ok(false);
    };
    let step = i64::try_from(step)?;
    let result = two_step_secret::Entity::update_many()
        .col_expr(two_step_secret::Column::LastUsedStep, Expr::value(step))
        .col_expr(two_step_secret::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(two_step_secret::Column::Id.eq(row.id))
        .filter(two_step_secret::Column::LastUsedStep.is_null().or(two_step_secret::Column::LastUsedStep.lt(step)))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Confirms the secret being set up with a first code: two-step is on from now, and the new
/// recovery codes are returned (to be shown once). `None` when the code is wrong.
pub async fn confirm(db: &impl ConnectionTrait, account_id: i64, code: &str) -> anyhow::Result<Option<Vec<String>>> {
    let Some(row) = secret_row(db, account_id).await?.filter(|r| r.confirmed_at.is_none()) else {
        return Ok(None);
    };
    if !looks_like_code(code) || !accept_code(db, &row, code).await? {
        return Ok(None);
    }
    two_step_secret::Entity::update_many()
        .col_expr(two_step_secret::Column::ConfirmedAt, Expr::value(Utc::now()))
        .filter(two_step_secret::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(Some(new_recovery_codes(db, account_id).await?))
}

/// Checks a code typed by an account with two-step on: an app code, or a recovery code.
pub async fn check(db: &impl ConnectionTrait, account_id: i64, input: &str) -> anyhow::Result<Checked> {
    let Some(row) = secret_row(db, account_id).await?.filter(|r| r.confirmed_at.is_some()) else {
        return Ok(Checked::Wrong);
    };
    if looks_like_code(input) {
        return Ok(if accept_code(db, &row, input).await? { Checked::Code } else { Checked::Wrong });
    }
    let code = normalize(input);
    if code.len() != 12 {
        return Ok(Checked::Wrong);
    }
    let result = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(Utc::now()))
        .filter(recovery_code::Column::AccountId.eq(account_id))
        .filter(recovery_code::Column::CodeHash.eq(recovery_hash(account_id, &code)))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(if result.rows_affected == 1 { Checked::RecoveryCode } else { Checked::Wrong })
}

fn recovery_hash(account_id: i64, normalized: &str) -> String {
    tokens::hash(&format!("recovery:{account_id}:{normalized}"))
}

/// Replaces an account's recovery codes with [`RECOVERY_CODES`] new ones (60 random bits
/// each, shown as `xxxx-xxxx-xxxx`); only their hashes are kept.
pub async fn new_recovery_codes(db: &impl ConnectionTrait, account_id: i64) -> anyhow::Result<Vec<String>> {
    recovery_code::Entity::delete_many().filter(recovery_code::Column::AccountId.eq(account_id)).exec(db).await?;
    let now = Utc::now();
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 12];
        getrandom::fill(&mut bytes)?;
        let plain: String = bytes.iter().map(|b| char::from(ALPHABET[usize::from(b % 32)])).collect();
        recovery_code::ActiveModel {
            account_id: Set(account_id),
            code_hash: Set(recovery_hash(account_id, &plain)),
            used_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        codes.push(format!("{}-{}-{}", &plain[..4], &plain[4..8], &plain[8..]));
    }
    Ok(codes)
}

/// Turns two-step off (or abandons setting it up): the secret and recovery codes are deleted.
pub async fn turn_off(db: &impl ConnectionTrait, account_id: i64) -> Result<(), DbErr> {
    recovery_code::Entity::delete_many().filter(recovery_code::Column::AccountId.eq(account_id)).exec(db).await?;
    two_step_secret::Entity::delete_many().filter(two_step_secret::Column::AccountId.eq(account_id)).exec(db).await?;
    Ok(())
}

/// Records a right password waiting for its code; returns the token for the browser.
pub async fn start_pending(db: &impl ConnectionTrait, account_id: i64, next_path: &str) -> anyhow::Result<String> {
    let (token, hash) = tokens::new_token()?;
    let now = Utc::now();
    // Old, finished or expired ones are of no use to anyone.
    pending_sign_in::Entity::delete_many().filter(pending_sign_in::Column::ExpiresAt.lt(now)).exec(db).await?;
    pending_sign_in::ActiveModel {
        token_hash: Set(hash),
        account_id: Set(account_id),
        next_path: Set(next_path.to_owned()),
        expires_at: Set(now + PENDING_TTL),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The pending sign-in behind a token: not used, not expired.
pub async fn open_pending(db: &impl ConnectionTrait, token: &str) -> Result<Option<PendingSignIn>, DbErr> {
    if !tokens::looks_valid(token) {
        return Ok(None);
    }
    pending_sign_in::Entity::find()
        .filter(pending_sign_in::Column::TokenHash.eq(tokens::hash(token)))
        .filter(pending_sign_in::Column::UsedAt.is_null())
        .filter(pending_sign_in::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await
}

/// Uses up a pending sign-in; `false` when it was used or expired meanwhile.
pub async fn finish_pending(db: &impl ConnectionTrait, id: i64) -> Result<bool, DbErr> {
    let now = Utc::now();
    let result = pending_sign_in::Entity::update_many()
        .col_expr(pending_sign_in::Column::UsedAt, Expr::value(now))
        .filter(pending_sign_in::Column::Id.eq(id))
        .filter(pending_sign_in::Column::UsedAt.is_null())
        .filter(pending_sign_in::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vectors() {
        // RFC 6238 appendix B, SHA-1, 8 digits; our codes are the last 6 of the same values.
        let totp = totp(b"12345678901234567890".to_vec()).unwrap();
        for (time, code) in [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924")] {
            assert_eq!(totp.generate(time).to_string(), code, "{time}");
        }
        assert_eq!(totp.check("287082", 59 + 30), Some(1), "one step of skew");
        assert_eq!(totp.check("287082", 59 + 60), None, "two steps is too far");
    }

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert!(looks_like_code(" 287 082 "));
        assert!(!looks_like_code("28708"));
        assert_eq!(normalize("ABCD-EFGH-IJKL"), "abcdefgh1jk1");
        assert_eq!(normalize("oO0 "), "000");
        let uri = otpauth_uri("MASCP", "ana+x@example.org", "ABCD EFGH");
        assert_eq!(
            uri,
            "otpauth://totp/MASCP:ana%2Bx@example.org?secret=ABCDEFGH&issuer=MASCP&algorithm=SHA1&digits=6&period=30"
        );
    }
}
