//! Segments: saved filters of the supporter list, used by name ("Delegación 2026", "Boletín en
//! inglés") by the list, the CSV export and, later, the newsletter.
//!
//! A segment stores the list's [`Filter`] as its query string, and its members are what the list
//! shows for that filter at the moment they are asked for (the same query, without pages): a
//! segment of "active in the last 30 days" changes as people come and go.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    SqlErr,
};

use super::entities::{segment, supporter};
use super::list::{self, Filter};
use super::model::fold;

pub type Segment = segment::Model;

/// The longest segment name, in characters.
pub const MAX_NAME: usize = 80;

/// Why a name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    Taken,
}

impl NameProblem {
    /// The Fluent key of the message shown next to the field.
    pub fn key(self) -> &'static str {
        match self {
            NameProblem::Empty => "segments-error-name-required",
            NameProblem::Taken => "segments-error-name-taken",
        }
    }
}

/// A name as stored: trimmed, inner spaces collapsed, at most [`MAX_NAME`] characters.
pub fn clean_name(typed: &str) -> String {
    typed.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_NAME).collect()
}

/// The filter a segment stands for.
pub fn filter(segment: &Segment) -> Filter {
    Filter::parse(&segment.filter)
}

/// Every segment of an organization, by name.
pub async fn all(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Segment>, DbErr> {
    segment::Entity::find()
        .filter(segment::Column::OrganizationId.eq(organization_id))
        .order_by_asc(segment::Column::NameKey)
        .order_by_asc(segment::Column::Id)
        .all(db)
        .await
}

pub async fn find(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Segment>, DbErr> {
    segment::Entity::find_by_id(id).filter(segment::Column::OrganizationId.eq(organization_id)).one(db).await
}

/// The segment called `name` (compared without case, accents or extra spaces).
pub async fn find_by_name(
    db: &impl ConnectionTrait,
    organization_id: i64,
    name: &str,
) -> Result<Option<Segment>, DbErr> {
    segment::Entity::find()
        .filter(segment::Column::OrganizationId.eq(organization_id))
        .filter(segment::Column::NameKey.eq(fold(&clean_name(name))))
        .one(db)
        .await
}

/// Saves `filter` under `name`; a refused name changes nothing.
pub async fn create(
    db: &impl ConnectionTrait,
    organization_id: i64,
    name: &str,
    filter: &Filter,
) -> Result<Result<Segment, NameProblem>, DbErr> {
    let name = clean_name(name);
    if let Err(problem) = check_name(db, organization_id, &name, None).await? {
        return Ok(Err(problem));
    }
    let now = Utc::now();
    let row = segment::ActiveModel {
        organization_id: Set(organization_id),
        name_key: Set(fold(&name)),
        name: Set(name),
        filter: Set(filter.query_string()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    unique(row.insert(db).await)
}

/// Gives a segment another name; a refused name changes nothing.
pub async fn rename(
    db: &impl ConnectionTrait,
    segment: Segment,
    name: &str,
) -> Result<Result<Segment, NameProblem>, DbErr> {
    let name = clean_name(name);
    if let Err(problem) = check_name(db, segment.organization_id, &name, Some(segment.id)).await? {
        return Ok(Err(problem));
    }
    let mut row: segment::ActiveModel = segment.into();
    row.name_key = Set(fold(&name));
    row.name = Set(name);
    row.updated_at = Set(Utc::now());
    unique(row.update(db).await)
}

pub async fn delete(db: &impl ConnectionTrait, segment: &Segment) -> Result<(), DbErr> {
    segment::Entity::delete_by_id(segment.id).exec(db).await?;
    Ok(())
}

/// The ids of the supporters in a segment right now, in id order: exactly the records the list
/// shows for its filter (neither erased nor merged away), all of them.
pub async fn members(db: &impl ConnectionTrait, organization_id: i64, segment: &Segment) -> Result<Vec<i64>, DbErr> {
    list::select(organization_id, &filter(segment), Utc::now())
        .select_only()
        .column(supporter::Column::Id)
        .order_by_asc(supporter::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

async fn check_name(
    db: &impl ConnectionTrait,
    organization_id: i64,
    name: &str,
    except: Option<i64>,
) -> Result<Result<(), NameProblem>, DbErr> {
    if name.is_empty() {
        return Ok(Err(NameProblem::Empty));
    }
    let existing = find_by_name(db, organization_id, name).await?;
    Ok(match existing {
        Some(other) if Some(other.id) != except => Err(NameProblem::Taken),
        _ => Ok(()),
    })
}

/// A unique-index violation (two members saving the same name at once) is a taken name.
fn unique(result: Result<Segment, DbErr>) -> Result<Result<Segment, NameProblem>, DbErr> {
    match result {
        Ok(segment) => Ok(Ok(segment)),
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(Err(NameProblem::Taken))
        }
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_shortened() {
        assert_eq!(clean_name("  Delegación \t 2026  "), "Delegación 2026");
        assert_eq!(clean_name(&"á".repeat(100)).chars().count(), MAX_NAME);
        assert_eq!(clean_name("   "), "");
    }
}
