//! Accounts, memberships, sessions, sign-in attempts and invitations.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::entities::{account, instance_secret, invitation, membership, password_reset, session, sign_in_attempt};
use super::roles::Role;
use super::tokens;

pub type Account = account::Model;
pub type Invitation = invitation::Model;

/// How long a session lasts without use.
pub const SESSION_IDLE: Duration = Duration::days(30);
/// How long an invitation link works.
pub const INVITATION_TTL: Duration = Duration::days(7);
/// The window in which failed sign-ins are counted.
pub const ATTEMPT_WINDOW: Duration = Duration::minutes(15);
/// Failed sign-ins allowed per account in the window; the next one is refused.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 10;
/// Failed sign-ins allowed per client address in the window (several people may share one).
pub const MAX_FAILURES_PER_CLIENT: u64 = 50;

pub use hermana_sheet::normalize_email;

pub async fn account(db: &impl ConnectionTrait, id: i64) -> Result<Option<Account>, DbErr> {
    account::Entity::find_by_id(id).one(db).await
}

pub async fn account_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<Account>, DbErr> {
    account::Entity::find().filter(account::Column::Email.eq(email)).one(db).await
}

pub async fn count_accounts(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    account::Entity::find().count(db).await
}

/// Creates an account, or sets the password (and name) of the existing one with that email.
pub async fn upsert_account(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    language: &str,
    password_hash: String,
) -> Result<Account, DbErr> {
    let now = Utc::now();
    match account_by_email(db, email).await? {
        Some(existing) => {
            let mut active: account::ActiveModel = existing.into();
            if !name.is_empty() {
                active.name = Set(name.to_owned());
            }
            active.password_hash = Set(Some(password_hash));
            active.updated_at = Set(now);
            active.update(db).await
        }
        None => {
            account::ActiveModel {
                email: Set(email.to_owned()),
                name: Set(name.to_owned()),
                password_hash: Set(Some(password_hash)),
                language: Set(language.to_owned()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
        }
    }
}

/// The roles an account holds in an organization.
pub async fn roles_in(db: &impl ConnectionTrait, account_id: i64, organization_id: i64) -> Result<Vec<Role>, DbErr> {
    let rows = membership::Entity::find()
        .filter(membership::Column::AccountId.eq(account_id))
        .filter(membership::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?;
    let mut roles: Vec<Role> = rows.iter().filter_map(|m| Role::from_code(&m.role)).collect();
    roles.sort_by_key(|r| Role::ALL.iter().position(|x| x == r));
    Ok(roles)
}

/// Gives an account a role (nothing changes when it has it already).
pub async fn grant(db: &impl ConnectionTrait, organization_id: i64, account_id: i64, role: Role) -> Result<(), DbErr> {
    let now = Utc::now();
    let row = membership::ActiveModel {
        organization_id: Set(organization_id),
        account_id: Set(account_id),
        role: Set(role.code().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let result = membership::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                membership::Column::OrganizationId,
                membership::Column::AccountId,
                membership::Column::Role,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await;
    match result {
        Ok(_) | Err(DbErr::RecordNotInserted) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Takes a role away from an account.
pub async fn revoke(db: &impl ConnectionTrait, organization_id: i64, account_id: i64, role: Role) -> Result<(), DbErr> {
    membership::Entity::delete_many()
        .filter(membership::Column::OrganizationId.eq(organization_id))
        .filter(membership::Column::AccountId.eq(account_id))
        .filter(membership::Column::Role.eq(role.code()))
        .exec(db)
        .await?;
    Ok(())
}

/// A member of the core group as the members page lists them.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

/// Everyone holding at least one role in the organization, by name.
pub async fn members(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Member>, DbErr> {
    let rows =
        membership::Entity::find().filter(membership::Column::OrganizationId.eq(organization_id)).all(db).await?;
    let ids: Vec<i64> = rows.iter().map(|m| m.account_id).collect();
    let accounts = account::Entity::find().filter(account::Column::Id.is_in(ids)).all(db).await?;
    let mut members: Vec<Member> = accounts
        .into_iter()
        .map(|a| {
            let mut roles: Vec<Role> =
                rows.iter().filter(|m| m.account_id == a.id).filter_map(|m| Role::from_code(&m.role)).collect();
            roles.sort_by_key(|r| Role::ALL.iter().position(|x| x == r));
            Member { account_id: a.id, name: a.name, email: a.email, roles }
        })
        .collect();
    members.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.email.cmp(&b.email)));
    Ok(members)
}

/// Starts a session for an account; returns the token for the cookie.
pub async fn start_session(db: &impl ConnectionTrait, account_id: i64) -> anyhow::Result<String> {
    let (token, hash) = tokens::new_token()?;
    let now = Utc::now();
    session::ActiveModel {
        token_hash: Set(hash),
        account_id: Set(account_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + SESSION_IDLE),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The account behind a session token, extending the session when it was last seen a while
/// ago (so an active session never expires, and most requests write nothing).
pub async fn session_account(db: &impl ConnectionTrait, token: &str) -> Result<Option<(i64, Account)>, DbErr> {
    if !tokens::looks_valid(token) {
        return Ok(None);
    }
    let now = Utc::now();
    let Some(found) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(tokens::hash(token)))
        .filter(session::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(account) = account(db, found.account_id).await? else {
        return Ok(None);
    };
    if now - found.last_seen_at > Duration::minutes(5) {
        let id = found.id;
        let mut active: session::ActiveModel = found.into();
        active.last_seen_at = Set(now);
        active.expires_at = Set(now + SESSION_IDLE);
        active.update(db).await?;
        return Ok(Some((id, account)));
    }
    Ok(Some((found.id, account)))
}

/// Ends one session.
pub async fn end_session(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_many().filter(session::Column::TokenHash.eq(tokens::hash(token))).exec(db).await?;
    Ok(())
}

/// After a password is set through a link: every other session of the account ends, and a
/// new one starts for this browser (its token is returned).
pub async fn restart_sessions(db: &impl ConnectionTrait, account_id: i64) -> anyhow::Result<String> {
    end_all_sessions(db, account_id).await?;
    start_session(db, account_id).await
}

/// Ends every session of an account ("sign out everywhere", and after a password change).
pub async fn end_all_sessions(db: &impl ConnectionTrait, account_id: i64) -> Result<u64, DbErr> {
    let result = session::Entity::delete_many().filter(session::Column::AccountId.eq(account_id)).exec(db).await?;
    Ok(result.rows_affected)
}

/// A secret of this installation (a random 256-bit token), created the first time it is asked
/// for by `name`: the salt for client addresses, signing keys for forms and links.
pub async fn instance_secret(db: &impl ConnectionTrait, name: &str) -> anyhow::Result<String> {
    if let Some(secret) = instance_secret::Entity::find_by_id(name.to_owned()).one(db).await? {
        return Ok(secret.value);
    }
    let (value, _) = tokens::new_token()?;
    let row =
        instance_secret::ActiveModel { name: Set(name.to_owned()), value: Set(value), created_at: Set(Utc::now()) };
    // Two nodes may race here: whoever inserts first wins, and both read the winner.
    let _ = instance_secret::Entity::insert(row)
        .on_conflict(OnConflict::column(instance_secret::Column::Name).do_nothing().to_owned())
        .exec_without_returning(db)
        .await;
    let secret = instance_secret::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the instance secret {name} could not be stored"))?;
    Ok(secret.value)
}

/// A salted hash of a client address: lets us count attempts without keeping addresses.
pub async fn client_hash(db: &impl ConnectionTrait, address: &str) -> anyhow::Result<String> {
    let salt = instance_secret(db, "client-address-salt").await?;
    Ok(tokens::hash(&format!("{salt}:{address}")))
}

/// Records one sign-in attempt.
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    account_id: Option<i64>,
    client_hash: &str,
    succeeded: bool,
) -> Result<(), DbErr> {
    sign_in_attempt::ActiveModel {
        account_id: Set(account_id),
        client_hash: Set(client_hash.to_owned()),
        succeeded: Set(succeeded),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Failed attempts for an account, or from a client, since `since`.
pub async fn recent_failures(
    db: &impl ConnectionTrait,
    account_id: Option<i64>,
    client_hash: Option<&str>,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut query = sign_in_attempt::Entity::find()
        .filter(sign_in_attempt::Column::Succeeded.eq(false))
        .filter(sign_in_attempt::Column::CreatedAt.gt(since));
    if let Some(id) = account_id {
        query = query.filter(sign_in_attempt::Column::AccountId.eq(id));
    }
    if let Some(hash) = client_hash {
        query = query.filter(sign_in_attempt::Column::ClientHash.eq(hash));
    }
    query.count(db).await
}

/// Creates an invitation; returns it with the token for the link. An empty `email` makes a
/// setup invitation: whoever opens it chooses the address.
pub async fn invite(
    db: &impl ConnectionTrait,
    organization_id: i64,
    email: &str,
    role: Role,
    language: &str,
    invited_by: Option<i64>,
) -> anyhow::Result<(Invitation, String)> {
    let (token, hash) = tokens::new_token()?;
    let now = Utc::now();
    let invitation = invitation::ActiveModel {
        organization_id: Set(organization_id),
        email: Set(email.to_owned()),
        role: Set(role.code().to_owned()),
        language: Set(language.to_owned()),
        token_hash: Set(hash),
        invited_by: Set(invited_by),
        expires_at: Set(now + INVITATION_TTL),
        accepted_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((invitation, token))
}

/// The open invitation behind a token: not accepted, not revoked, not expired.
pub async fn open_invitation(db: &impl ConnectionTrait, token: &str) -> Result<Option<Invitation>, DbErr> {
    if !tokens::looks_valid(token) {
        return Ok(None);
    }
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::hash(token)))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await
}

/// Marks an invitation used, if it still was open; `false` when someone used it first.
pub async fn close_invitation(db: &impl ConnectionTrait, invitation_id: i64) -> Result<bool, DbErr> {
    let now = Utc::now();
    let result = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(invitation::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(invitation::Column::Id.eq(invitation_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Revokes the setup invitations still open (a new one is printed at each start).
pub async fn revoke_setup_invitations(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let now = Utc::now();
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, sea_orm::sea_query::Expr::value(now))
        .filter(invitation::Column::Email.eq(""))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The newest invitations of an organization (for the members page).
pub async fn invitations(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Invitation>, DbErr> {
    invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(organization_id))
        .filter(invitation::Column::Email.ne(""))
        .order_by_desc(invitation::Column::Id)
        .all(db)
        .await
}

/// How long a password reset link works.
pub const RESET_TTL: Duration = Duration::hours(1);
/// Reset links sent per account per hour, at most (the rest are silently not sent).
pub const MAX_RESETS_PER_HOUR: u64 = 3;

/// Creates a password reset link for an account; returns the token.
pub async fn start_reset(db: &impl ConnectionTrait, account_id: i64) -> anyhow::Result<String> {
    let (token, hash) = tokens::new_token()?;
    let now = Utc::now();
    password_reset::ActiveModel {
        account_id: Set(account_id),
        token_hash: Set(hash),
        expires_at: Set(now + RESET_TTL),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Reset links created for an account since `since`.
pub async fn resets_since(db: &impl ConnectionTrait, account_id: i64, since: DateTime<Utc>) -> Result<u64, DbErr> {
    password_reset::Entity::find()
        .filter(password_reset::Column::AccountId.eq(account_id))
        .filter(password_reset::Column::CreatedAt.gt(since))
        .count(db)
        .await
}

/// The account of an unused, unexpired reset link.
pub async fn open_reset(db: &impl ConnectionTrait, token: &str) -> Result<Option<(i64, Account)>, DbErr> {
    if !tokens::looks_valid(token) {
        return Ok(None);
    }
    let Some(reset) = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(tokens::hash(token)))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(account(db, reset.account_id).await?.map(|a| (reset.id, a)))
}

/// Marks a reset link used, if it still was unused; `false` when someone used it first.
pub async fn use_reset(db: &impl ConnectionTrait, reset_id: i64) -> Result<bool, DbErr> {
    let result = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(password_reset::Column::Id.eq(reset_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Sets an account's password.
pub async fn set_password(
    db: &impl ConnectionTrait,
    account: Account,
    password_hash: String,
) -> Result<Account, DbErr> {
    let mut active: account::ActiveModel = account.into();
    active.password_hash = Set(Some(password_hash));
    active.updated_at = Set(Utc::now());
    active.update(db).await
}

/// Withdraws an invitation that was not used yet.
pub async fn revoke_invitation(
    db: &impl ConnectionTrait,
    organization_id: i64,
    invitation_id: i64,
) -> Result<bool, DbErr> {
    let result = invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(invitation::Column::Id.eq(invitation_id))
        .filter(invitation::Column::OrganizationId.eq(organization_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
