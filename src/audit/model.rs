//! Writing and reading audit entries.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::entities::audit_entry;
use crate::auth::entities::account;

/// Who is acting, and in which request (for the entry's reference).
#[derive(Clone, Debug, Default)]
pub struct Actor {
    pub account_id: Option<i64>,
    pub request_id: Option<String>,
}

/// Records one action in an organization's log.
pub async fn record(
    db: &impl ConnectionTrait,
    organization_id: i64,
    actor: &Actor,
    action: &str,
    subject: &str,
) -> Result<(), DbErr> {
    audit_entry::ActiveModel {
        organization_id: Set(organization_id),
        account_id: Set(actor.account_id),
        action: Set(action.to_owned()),
        subject: Set(subject.chars().take(300).collect()),
        request_id: Set(actor.request_id.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// One line of the audit log as admins see it.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub who: Option<String>,
    pub action: String,
    pub subject: String,
    pub request_id: Option<String>,
}

/// The newest `limit` entries of an organization, newest first.
pub async fn recent(db: &impl ConnectionTrait, organization_id: i64, limit: u64) -> Result<Vec<Line>, DbErr> {
    let entries = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganizationId.eq(organization_id))
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<i64> = entries.iter().filter_map(|e| e.account_id).collect();
    let accounts = account::Entity::find().filter(account::Column::Id.is_in(ids)).all(db).await?;
    Ok(entries
        .into_iter()
        .map(|e| Line {
            id: e.id,
            at: e.created_at,
            who: e.account_id.and_then(|id| accounts.iter().find(|a| a.id == id)).map(|a| a.email.clone()),
            action: e.action,
            subject: e.subject,
            request_id: e.request_id,
        })
        .collect())
}
