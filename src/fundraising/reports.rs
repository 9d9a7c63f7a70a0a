//! The treasurer's reports: a year's giving by month, by campaign and by fund, and the donors
//! who gave the year before but not this one. Every figure is summed by the database (the
//! month bucket is `backend::month_of_received_on`); Rust only names and orders the results.
//! Money figures leave in-kind gifts out, as the fund ledger does: they are not money.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::backend;
use super::entities::gift;
use super::ledger::{Method, kind};
use crate::supporters::entities::supporter;

/// Sums of a year's ledger rows (refunds and corrections included, on the day they happened).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    /// Gifts received (not counting refunds and corrections).
    pub gifts: i64,
    /// Net money in minor units.
    pub total: i64,
}

/// January 1 of `year` and of the year after: the half-open range of a year's dates.
pub fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let next = NaiveDate::from_ymd_opt(year.saturating_add(1), 1, 1).unwrap_or(first);
    (first, next)
}

/// `SUM` as a bigint on both databases, 0 over no rows.
fn sum(expr: &str) -> sea_orm::sea_query::SimpleExpr {
    Expr::cust(format!("CAST(COALESCE(SUM({expr}), 0) AS BIGINT)"))
}

/// The money rows of an organization's year.
fn money_in_year(organization_id: i64, year: i32) -> sea_orm::Select<gift::Entity> {
    let (first, next) = year_bounds(year);
    gift::Entity::find()
        .filter(gift::Column::OrganizationId.eq(organization_id))
        .filter(gift::Column::ReceivedOn.gte(first))
        .filter(gift::Column::ReceivedOn.lt(next))
        .filter(gift::Column::Method.ne(Method::InKind.code()))
}

fn counted(select: sea_orm::Select<gift::Entity>) -> sea_orm::Select<gift::Entity> {
    select
        .column_as(sum(&format!("CASE WHEN gifts.kind = '{}' THEN 1 ELSE 0 END", kind::GIFT)), "gifts")
        .column_as(sum("gifts.amount_minor"), "total")
}

/// The year's sums for each month, January first (months without gifts are zero).
pub async fn by_month(db: &impl ConnectionTrait, organization_id: i64, year: i32) -> Result<[Sums; 12], DbErr> {
    let month = backend::month_of_received_on(db.get_database_backend());
    let rows: Vec<(i32, i64, i64)> =
        counted(money_in_year(organization_id, year).select_only().column_as(month.clone(), "month"))
            .group_by(month)
            .into_tuple()
            .all(db)
            .await?;
    let mut months = [Sums::default(); 12];
    for (month, gifts, total) in rows {
        if let Some(slot) = usize::try_from(month).ok().and_then(|m| m.checked_sub(1)).and_then(|i| months.get_mut(i)) {
            *slot = Sums { gifts, total };
        }
    }
    Ok(months)
}

/// The year's sums by campaign (`None`: no campaign), largest first.
pub async fn by_campaign(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> Result<Vec<(Option<i64>, Sums)>, DbErr> {
    grouped(db, money_in_year(organization_id, year), gift::Column::CampaignId).await
}

/// The year's sums by fund (`None`: general support), largest first.
pub async fn by_fund(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> Result<Vec<(Option<i64>, Sums)>, DbErr> {
    grouped(db, money_in_year(organization_id, year), gift::Column::FundId).await
}

async fn grouped(
    db: &impl ConnectionTrait,
    rows: sea_orm::Select<gift::Entity>,
    by: gift::Column,
) -> Result<Vec<(Option<i64>, Sums)>, DbErr> {
    let rows: Vec<(Option<i64>, i64, i64)> = counted(rows.select_only().column(by))
        .group_by(by)
        .order_by_desc(Expr::cust("total"))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, gifts, total)| (id, Sums { gifts, total })).collect())
}

/// The first and last years with ledger rows, if there are any.
pub async fn years(db: &impl ConnectionTrait, organization_id: i64) -> Result<Option<(i32, i32)>, DbErr> {
    use chrono::Datelike;
    let in_org = || gift::Entity::find().filter(gift::Column::OrganizationId.eq(organization_id));
    let first = in_org().order_by_asc(gift::Column::ReceivedOn).one(db).await?;
    let last = in_org().order_by_desc(gift::Column::ReceivedOn).one(db).await?;
    Ok(first.zip(last).map(|(f, l)| (f.received_on.year(), l.received_on.year())))
}

/// A donor who gave in the year before and nothing yet in the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lapsed {
    pub supporter_id: i64,
    pub name: String,
    pub email: Option<String>,
    /// What they gave the year before, net.
    pub total: i64,
    /// Their last gift's date (`YYYY-MM-DD`).
    pub last: String,
}

/// Donors (supporter records) whose gifts in `year - 1` add up to more than zero and who have
/// no gift in `year`, the largest givers first.
pub async fn lapsed(db: &impl ConnectionTrait, organization_id: i64, year: i32) -> Result<Vec<Lapsed>, DbErr> {
    let (this_year, next_year) = year_bounds(year);
    let (last_year, _) = year_bounds(year.saturating_sub(1));
    let gave_this_year = Query::select()
        .column(gift::Column::SupporterId)
        .from(gift::Entity)
        .and_where(gift::Column::OrganizationId.eq(organization_id))
        .and_where(gift::Column::SupporterId.is_not_null())
        .and_where(gift::Column::Kind.eq(kind::GIFT))
        .and_where(gift::Column::ReceivedOn.gte(this_year))
        .and_where(gift::Column::ReceivedOn.lt(next_year))
        .to_owned();
    let rows: Vec<(i64, i64, String)> = gift::Entity::find()
        .select_only()
        .column(gift::Column::SupporterId)
        .column_as(sum("gifts.amount_minor"), "total")
        .column_as(Expr::cust("CAST(MAX(gifts.received_on) AS TEXT)"), "last")
        .filter(gift::Column::OrganizationId.eq(organization_id))
        .filter(gift::Column::SupporterId.is_not_null())
        .filter(gift::Column::ReceivedOn.gte(last_year))
        .filter(gift::Column::ReceivedOn.lt(this_year))
        .filter(gift::Column::SupporterId.not_in_subquery(gave_this_year))
        .group_by(gift::Column::SupporterId)
        .having(Expr::cust("SUM(gifts.amount_minor) > 0"))
        .order_by_desc(Expr::cust("total"))
        .order_by_asc(gift::Column::SupporterId)
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|(id, _, _)| *id).collect();
    let mut people = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        for s in supporter::Entity::find().filter(supporter::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            people.insert(s.id, s);
        }
    }
    Ok(rows
        .into_iter()
        .map(|(supporter_id, total, last)| {
            let person = people.get(&supporter_id);
            let name = person
                .map(|s| format!("{} {}", s.first_name, s.last_name).trim().to_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("#{supporter_id}"));
            Lapsed { supporter_id, name, email: person.and_then(|s| s.email.clone()), total, last }
        })
        .collect())
}
