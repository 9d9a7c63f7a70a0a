//! Tags and notes the core group puts on supporters.

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use super::entities::{note, supporter_tag, tag};
use super::model::{Supporter, fold};
use crate::auth::entities::account;

pub type Tag = tag::Model;

/// Every tag of an organization, by name.
pub async fn all(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Tag>, DbErr> {
    tag::Entity::find()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .order_by_asc(tag::Column::NameKey)
        .all(db)
        .await
}

/// A supporter's tags, by name.
pub async fn of(db: &impl ConnectionTrait, supporter_id: i64) -> Result<Vec<Tag>, DbErr> {
    let links =
        supporter_tag::Entity::find().filter(supporter_tag::Column::SupporterId.eq(supporter_id)).all(db).await?;
    tag::Entity::find()
        .filter(tag::Column::Id.is_in(links.iter().map(|l| l.tag_id)))
        .order_by_asc(tag::Column::NameKey)
        .all(db)
        .await
}

/// The tag with this name (compared folded), created if new.
pub async fn named(db: &impl ConnectionTrait, organization_id: i64, name: &str) -> Result<Tag, DbErr> {
    let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(60).collect();
    let key = fold(&name);
    let row = tag::ActiveModel {
        organization_id: Set(organization_id),
        name: Set(name),
        name_key: Set(key.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let inserted = tag::Entity::insert(row)
        .on_conflict(OnConflict::columns([tag::Column::OrganizationId, tag::Column::NameKey]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await;
    match inserted {
        Ok(_) | Err(DbErr::RecordNotInserted) => {}
        Err(e) => return Err(e),
    }
    tag::Entity::find()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .filter(tag::Column::NameKey.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the tag just stored".into()))
}

/// Puts a tag on a supporter (once).
pub async fn attach(db: &impl ConnectionTrait, supporter: &Supporter, tag_id: i64) -> Result<(), DbErr> {
    let row = supporter_tag::ActiveModel {
        organization_id: Set(supporter.organization_id),
        supporter_id: Set(supporter.id),
        tag_id: Set(tag_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let inserted = supporter_tag::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([supporter_tag::Column::SupporterId, supporter_tag::Column::TagId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await;
    match inserted {
        Ok(_) | Err(DbErr::RecordNotInserted) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Takes a tag off a supporter.
pub async fn detach(db: &impl ConnectionTrait, supporter_id: i64, tag_id: i64) -> Result<(), DbErr> {
    supporter_tag::Entity::delete_many()
        .filter(supporter_tag::Column::SupporterId.eq(supporter_id))
        .filter(supporter_tag::Column::TagId.eq(tag_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A note as the supporter page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct NoteLine {
    pub body: String,
    pub author: Option<String>,
    /// When, as the page shows it (in the organization's zone).
    pub at: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

pub async fn add_note(
    db: &impl ConnectionTrait,
    supporter: &Supporter,
    account_id: Option<i64>,
    body: &str,
) -> Result<(), DbErr> {
    note::ActiveModel {
        organization_id: Set(supporter.organization_id),
        supporter_id: Set(supporter.id),
        account_id: Set(account_id),
        body: Set(body.trim().chars().take(5000).collect()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A supporter's notes, newest first, with their authors' names.
pub async fn notes(
    db: &impl ConnectionTrait,
    supporter_id: i64,
    zone: &jiff::tz::TimeZone,
) -> Result<Vec<NoteLine>, DbErr> {
    let rows = note::Entity::find()
        .filter(note::Column::SupporterId.eq(supporter_id))
        .order_by_desc(note::Column::Id)
        .all(db)
        .await?;
    let authors = account::Entity::find()
        .filter(account::Column::Id.is_in(rows.iter().filter_map(|n| n.account_id)))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|n| NoteLine {
            author: n
                .account_id
                .and_then(|id| authors.iter().find(|a| a.id == id))
                .map(|a| if a.name.is_empty() { a.email.clone() } else { a.name.clone() }),
            at: crate::i18n::dates::short(n.created_at, zone),
            created_at: n.created_at,
            body: n.body,
        })
        .collect())
}
