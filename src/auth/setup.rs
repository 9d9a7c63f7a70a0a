//! The first admin: a one-time setup link printed at start while no account exists, and
//! `hermana user add` for those who prefer the command line.

use std::net::SocketAddr;

use sea_orm::DatabaseConnection;

use super::model;
use super::roles::Role;
use crate::config::ServeConfig;
use crate::organizations::model as organizations;

/// A fresh setup link when no one can sign in yet (older setup links stop working).
pub async fn link_if_needed(
    db: &DatabaseConnection,
    config: &ServeConfig,
    address: SocketAddr,
) -> anyhow::Result<Option<String>> {
    if model::count_accounts(db).await? > 0 {
        return Ok(None);
    }
    let Some(organization) = organizations::find_by_slug(db, &config.default_organization).await? else {
        return Ok(None);
    };
    model::revoke_setup_invitations(db).await?;
    let (_, token) = model::invite(db, organization.id, "", Role::Admin, &organization.default_language, None).await?;
    let base = config.base_url.clone().unwrap_or_else(|| format!("http://{address}"));
    Ok(Some(format!("{}/{}/invitation/{token}", base.trim_end_matches('/'), organization.default_language)))
}

/// Creates (or updates the password of) an account and gives it a role in an organization.
pub async fn add_user(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    role: Role,
    organization_slug: &str,
    password: String,
) -> anyhow::Result<()> {
    let email = model::normalize_email(email).ok_or_else(|| anyhow::anyhow!("{email:?} is not an email address"))?;
    if let Err(weakness) = super::password::check(&password, &email) {
        anyhow::bail!("password refused: {weakness:?} (at least {} characters)", super::password::MIN_LENGTH);
    }
    let organization = organizations::find_by_slug(db, organization_slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no organization with slug {organization_slug:?}"))?;
    let hash = super::password::hash(password).await?;
    let account = model::upsert_account(db, &email, name, &organization.default_language, hash).await?;
    model::grant(db, organization.id, account.id, role).await?;
    crate::audit::model::record(
        db,
        organization.id,
        &crate::audit::model::Actor::default(),
        "member.role-added",
        &format!("{email}: {} (command line)", role.code()),
    )
    .await?;
    Ok(())
}
