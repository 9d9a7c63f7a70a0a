//! Links and forms that prove something without an account: single-use tokens sent by email
//! (stored hashed), signed values (HMAC-SHA256 with an installation key) for the sign-up form's
//! start time and for unsubscribe links, and counting public-form submissions per client.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, KeyInit as _, Mac as _};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};
use sha2::Sha256;

use super::entities::{form_attempt, token};
use super::model::Supporter;
use crate::auth::model::instance_secret;
use crate::auth::tokens;

pub type Token = token::Model;

/// What a token is for.
pub mod purpose {
    /// Confirms a sign-up's address and applies the consents it asked for.
    pub const CONFIRM: &str = "confirm";
    /// The emailed link to "my details" (single use, 30 minutes).
    pub const DETAILS_LINK: &str = "details-link";
    /// The browser session a details link opened (30 minutes).
    pub const DETAILS_SESSION: &str = "details-session";
}

/// How long a sign-up confirmation link works.
pub const CONFIRM_TTL: Duration = Duration::days(7);
/// How long a "my details" link, and the session it opens, work.
pub const DETAILS_TTL: Duration = Duration::minutes(30);

/// Creates a token for `supporter`; returns it for the link (only its hash is stored).
pub async fn issue(
    db: &impl ConnectionTrait,
    supporter: &Supporter,
    purpose: &str,
    payload: &str,
    ttl: Duration,
) -> anyhow::Result<String> {
    let (token, hash) = tokens::new_token()?;
    let now = Utc::now();
    token::ActiveModel {
        organization_id: Set(supporter.organization_id),
        supporter_id: Set(supporter.id),
        purpose: Set(purpose.to_owned()),
        token_hash: Set(hash),
        payload: Set(payload.to_owned()),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The unused, unexpired token of this purpose in the organization, without using it.
pub async fn open(
    db: &impl ConnectionTrait,
    organization_id: i64,
    token: &str,
    purpose: &str,
) -> Result<Option<Token>, DbErr> {
    if !tokens::looks_valid(token) {
        return Ok(None);
    }
    token::Entity::find()
        .filter(token::Column::TokenHash.eq(tokens::hash(token)))
        .filter(token::Column::OrganizationId.eq(organization_id))
        .filter(token::Column::Purpose.eq(purpose))
        .filter(token::Column::UsedAt.is_null())
        .filter(token::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await
}

/// Uses a single-use token: `Some` only for the one call that marks it used.
pub async fn redeem(
    db: &impl ConnectionTrait,
    organization_id: i64,
    token: &str,
    purpose: &str,
) -> Result<Option<Token>, DbErr> {
    let Some(found) = open(db, organization_id, token, purpose).await? else {
        return Ok(None);
    };
    let result = token::Entity::update_many()
        .col_expr(token::Column::UsedAt, Expr::value(Utc::now()))
        .filter(token::Column::Id.eq(found.id))
        .filter(token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((result.rows_affected == 1).then_some(found))
}

/// Uses a link (as [`redeem`]) and returns it with its supporter, unless that record has been
/// erased meanwhile.
pub async fn redeem_for_supporter(
    db: &impl ConnectionTrait,
    organization_id: i64,
    token: &str,
    purpose: &str,
) -> Result<Option<(Token, Supporter)>, DbErr> {
    let Some(link) = redeem(db, organization_id, token, purpose).await? else {
        return Ok(None);
    };
    let supporter = super::model::find(db, organization_id, link.supporter_id).await?;
    Ok(supporter.filter(|s| s.erased_at.is_none()).map(|s| (link, s)))
}

/// Tokens of this purpose created for a supporter since `since` (to limit emails sent).
pub async fn issued_since(
    db: &impl ConnectionTrait,
    supporter_id: i64,
    purpose: &str,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    token::Entity::find()
        .filter(token::Column::SupporterId.eq(supporter_id))
        .filter(token::Column::Purpose.eq(purpose))
        .filter(token::Column::CreatedAt.gt(since))
        .count(db)
        .await
}

/// Ends every open token of a supporter (after erasure or merge).
pub async fn revoke_all(db: &impl ConnectionTrait, supporter_id: i64) -> Result<(), DbErr> {
    token::Entity::update_many()
        .col_expr(token::Column::UsedAt, Expr::value(Utc::now()))
        .filter(token::Column::SupporterId.eq(supporter_id))
        .filter(token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Records one submission of a public form from a client (a salted hash of its address).
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    organization_id: i64,
    form: &str,
    client_hash: &str,
) -> Result<(), DbErr> {
    form_attempt::ActiveModel {
        organization_id: Set(organization_id),
        form: Set(form.to_owned()),
        client_hash: Set(client_hash.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Submissions of `form` from a client since `since`.
pub async fn attempts_since(
    db: &impl ConnectionTrait,
    form: &str,
    client_hash: &str,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    form_attempt::Entity::find()
        .filter(form_attempt::Column::Form.eq(form))
        .filter(form_attempt::Column::ClientHash.eq(client_hash))
        .filter(form_attempt::Column::CreatedAt.gt(since))
        .count(db)
        .await
}

/// The installation key that signs form start times and unsubscribe links.
async fn signing_key(db: &impl ConnectionTrait) -> anyhow::Result<String> {
    instance_secret(db, "supporters-signing-key").await
}

fn sign(key: &str, message: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.as_bytes()) else { return String::new() };
    mac.update(message.as_bytes());
    URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..16])
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A value for the sign-up form's hidden field: when the form was shown, signed.
pub async fn form_stamp(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<String> {
    let key = signing_key(db).await?;
    let seconds = now.timestamp();
    Ok(format!("{seconds}.{}", sign(&key, &format!("form:{seconds}"))))
}

/// When the form carrying `stamp` was shown, if the stamp is ours.
pub async fn form_shown_at(db: &impl ConnectionTrait, stamp: &str) -> anyhow::Result<Option<DateTime<Utc>>> {
    let Some((seconds, signature)) = stamp.split_once('.') else { return Ok(None) };
    let Ok(seconds) = seconds.parse::<i64>() else { return Ok(None) };
    let key = signing_key(db).await?;
    if !same(&sign(&key, &format!("form:{seconds}")), signature) {
        return Ok(None);
    }
    Ok(DateTime::from_timestamp(seconds, 0))
}

/// The token of a supporter's unsubscribe link: their id and a signature. It does not expire,
/// so a link in an old email keeps working, and it does nothing but unsubscribe.
pub async fn unsubscribe_token(db: &impl ConnectionTrait, supporter: &Supporter) -> anyhow::Result<String> {
    let key = signing_key(db).await?;
    let message = format!("unsubscribe:{}:{}", supporter.organization_id, supporter.id);
    Ok(format!("{}.{}", supporter.id, sign(&key, &message)))
}

/// The supporter id an unsubscribe token was made for, if the signature is right.
pub async fn unsubscribe_target(
    db: &impl ConnectionTrait,
    organization_id: i64,
    token: &str,
) -> anyhow::Result<Option<i64>> {
    let Some((id, signature)) = token.split_once('.') else { return Ok(None) };
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    let key = signing_key(db).await?;
    Ok(same(&sign(&key, &format!("unsubscribe:{organization_id}:{id}")), signature).then_some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_depend_on_key_and_message() {
        let a = sign("key", "form:1");
        assert_eq!(a, sign("key", "form:1"));
        assert_ne!(a, sign("other", "form:1"));
        assert_ne!(a, sign("key", "form:2"));
        assert_eq!(a.len(), 22);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, "x"));
    }
}
