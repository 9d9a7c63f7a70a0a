//! Year-end statements: for a chosen year, one statement per donor (a supporter record with a
//! gift that year) listing the year's gifts with their receipt numbers and the total, as a
//! printable page for the treasurer and as an email in the donor's language.
//!
//! One durable job (`year_end_statements`) walks the year's donors in batches and queues each
//! email through the outbox with the key `statement:{org}:{year}:{supporter}`: the outbox
//! stores and sends a key once, so running the job again (a retry after a crash, or the
//! treasurer pressing the button twice, today or in March) never sends a donor a second copy.
//! Progress is read from the outbox itself: the statements queued for that year.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use super::entities::{gift, receipt};
use super::ledger::{Gift, Method, kind};
use super::money::{Currency, Money};
use super::{dates, model, reports};
use crate::app::AppState;
use crate::i18n::Lang;
use crate::jobs::entities::job;
use crate::jobs::model::{self as jobs, Job, NewJob};
use crate::jobs::registry::{JobContext, JobError};
use crate::mail::entities::email;
use crate::mail::model::{self as mail, OutgoingEmail, QueueError};
use crate::organizations::model as organizations;
use crate::supporters::entities::supporter;
use crate::supporters::model::Supporter;

/// The job's kind.
pub const KIND: &str = "year_end_statements";
/// Donors per transaction.
const BATCH: u64 = 100;

/// The job's payload.
#[derive(Debug, Serialize, Deserialize)]
pub struct StatementJob {
    pub organization_id: i64,
    pub year: i32,
}

/// The outbox key of a donor's statement for a year: the same on every run.
pub fn email_key(organization_id: i64, year: i32, supporter_id: i64) -> String {
    format!("statement:{organization_id}:{year}:{supporter_id}")
}

fn job_prefix(organization_id: i64, year: i32) -> String {
    format!("{KIND}:{organization_id}:{year}:")
}

/// The supporter records with a gift in `year` (ids, ascending), after `after`.
async fn donor_ids(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
    after: i64,
    limit: u64,
) -> Result<Vec<i64>, DbErr> {
    let (first, next) = reports::year_bounds(year);
    gift::Entity::find()
        .select_only()
        .column(gift::Column::SupporterId)
        .filter(gift::Column::OrganizationId.eq(organization_id))
        .filter(gift::Column::Kind.eq(kind::GIFT))
        .filter(gift::Column::ReceivedOn.gte(first))
        .filter(gift::Column::ReceivedOn.lt(next))
        .filter(gift::Column::SupporterId.gt(after))
        .group_by(gift::Column::SupporterId)
        .order_by_asc(gift::Column::SupporterId)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// How many donors a year has, and how many of them have an address to send to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub donors: u64,
    pub with_email: u64,
}

pub async fn counts(db: &impl ConnectionTrait, organization_id: i64, year: i32) -> Result<Counts, DbErr> {
    let (first, next) = reports::year_bounds(year);
    let donors = sea_orm::sea_query::Query::select()
        .column(gift::Column::SupporterId)
        .from(gift::Entity)
        .and_where(gift::Column::OrganizationId.eq(organization_id))
        .and_where(gift::Column::Kind.eq(kind::GIFT))
        .and_where(gift::Column::ReceivedOn.gte(first))
        .and_where(gift::Column::ReceivedOn.lt(next))
        .and_where(gift::Column::SupporterId.is_not_null())
        .to_owned();
    let in_year = || supporter::Entity::find().filter(supporter::Column::Id.in_subquery(donors.clone()));
    Ok(Counts {
        donors: in_year().count(db).await?,
        with_email: in_year().filter(supporter::Column::Email.is_not_null()).count(db).await?,
    })
}

/// How many statements of the year are in the outbox (queued or sent).
pub async fn queued(db: &impl ConnectionTrait, organization_id: i64, year: i32) -> Result<u64, DbErr> {
    email::Entity::find()
        .filter(email::Column::OrganizationId.eq(organization_id))
        .filter(email::Column::IdempotencyKey.starts_with(format!("statement:{organization_id}:{year}:")))
        .count(db)
        .await
}

/// The newest statement job of the year, if one was started.
pub async fn latest_job(db: &impl ConnectionTrait, organization_id: i64, year: i32) -> Result<Option<Job>, DbErr> {
    job::Entity::find()
        .filter(job::Column::OrganizationId.eq(organization_id))
        .filter(job::Column::IdempotencyKey.starts_with(job_prefix(organization_id, year)))
        .order_by_desc(job::Column::Id)
        .one(db)
        .await
}

/// Starts a run for the year, unless one is already waiting or running; `true` if it started.
pub async fn start(db: &impl ConnectionTrait, organization_id: i64, year: i32) -> Result<bool, DbErr> {
    if let Some(running) = latest_job(db, organization_id, year).await?
        && (running.status == jobs::status::PENDING || running.status == jobs::status::RUNNING)
    {
        return Ok(false);
    }
    let payload = serde_json::to_string(&StatementJob { organization_id, year }).unwrap_or_default();
    let key = format!("{}{}", job_prefix(organization_id, year), Utc::now().timestamp_micros());
    jobs::enqueue(db, NewJob::new(organization_id, KIND, payload, key)).await
}

/// One line of a statement.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub date: String,
    pub receipt: String,
    pub amount: String,
    pub in_kind: bool,
    pub description: String,
    pub fund: String,
}

/// A donor's statement for a year, in one language.
#[derive(Clone, Debug, Serialize)]
pub struct Statement {
    pub year: i32,
    pub name: String,
    pub organization: String,
    pub ein: String,
    pub text: String,
    pub lines: Vec<Line>,
    /// Money given, after refunds and corrections (in-kind gifts are listed, not valued).
    pub total: String,
}

/// The year's ledger rows of these donors, by donor.
async fn rows_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
    donors: &[i64],
) -> Result<HashMap<i64, Vec<Gift>>, DbErr> {
    let (first, next) = reports::year_bounds(year);
    let mut by_donor: HashMap<i64, Vec<Gift>> = HashMap::new();
    let rows = gift::Entity::find()
        .filter(gift::Column::OrganizationId.eq(organization_id))
        .filter(gift::Column::SupporterId.is_in(donors.to_vec()))
        .filter(gift::Column::ReceivedOn.gte(first))
        .filter(gift::Column::ReceivedOn.lt(next))
        .order_by_asc(gift::Column::ReceivedOn)
        .order_by_asc(gift::Column::Id)
        .all(db)
        .await?;
    for row in rows {
        if let Some(id) = row.supporter_id {
            by_donor.entry(id).or_default().push(row);
        }
    }
    Ok(by_donor)
}

/// Builds the statement of `donor` from their rows of the year.
async fn build(
    db: &impl ConnectionTrait,
    organization_name: &str,
    year: i32,
    donor: &Supporter,
    rows: &[Gift],
    lang: Lang,
) -> Result<Statement, DbErr> {
    let settings = model::settings(db, donor.organization_id).await?;
    let funds: HashMap<i64, String> = model::funds(db, donor.organization_id)
        .await?
        .iter()
        .map(|f| (f.id, model::fund_name(f, lang).to_owned()))
        .collect();
    let originals: Vec<i64> = rows.iter().map(|g| g.corrects_gift_id.unwrap_or(g.id)).collect();
    let receipts: HashMap<i64, String> = receipt::Entity::find()
        .filter(receipt::Column::GiftId.is_in(originals))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.gift_id, r.number))
        .collect();
    let money =
        |minor: i64, code: &str| Money::new(minor, Currency::from_code(code).unwrap_or(Currency::USD)).display(lang);
    let lines = rows
        .iter()
        .map(|g| {
            let in_kind = g.method == Method::InKind.code();
            Line {
                date: dates::long(g.received_on, lang),
                receipt: receipts.get(&g.corrects_gift_id.unwrap_or(g.id)).cloned().unwrap_or_default(),
                amount: money(g.amount_minor, &g.currency),
                in_kind,
                description: g.description.clone().unwrap_or_default(),
                fund: g.fund_id.and_then(|id| funds.get(&id)).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let total = rows.iter().filter(|g| g.method != Method::InKind.code()).map(|g| g.amount_minor).sum();
    let name = format!("{} {}", donor.first_name, donor.last_name).trim().to_owned();
    Ok(Statement {
        year,
        name,
        organization: if settings.legal_name.is_empty() {
            organization_name.to_owned()
        } else {
            settings.legal_name.clone()
        },
        ein: settings.ein.clone(),
        text: settings.receipt_text(lang).to_owned(),
        lines,
        total: money(total, Currency::USD.code()),
    })
}

/// The statement of one donor for a year, for the printable page; `None` if they gave nothing.
pub async fn of(
    db: &impl ConnectionTrait,
    organization_name: &str,
    year: i32,
    donor: &Supporter,
    lang: Lang,
) -> Result<Option<Statement>, DbErr> {
    let rows = rows_of(db, donor.organization_id, year, &[donor.id]).await?.remove(&donor.id).unwrap_or_default();
    if !rows.iter().any(|g| g.kind == kind::GIFT) {
        return Ok(None);
    }
    Ok(Some(build(db, organization_name, year, donor, &rows, lang).await?))
}

/// The job: queues the statement of every donor of the year who has an address, once each.
pub async fn run(context: &JobContext, job: &Job) -> Result<(), JobError> {
    let payload: StatementJob = serde_json::from_str(&job.payload).map_err(JobError::permanent)?;
    let db = &context.db;
    let organization = organizations::find(db, payload.organization_id)
        .await?
        .ok_or_else(|| JobError::permanent(anyhow::anyhow!("no organization {}", payload.organization_id)))?;
    let mut after = 0;
    loop {
        let ids = donor_ids(db, organization.id, payload.year, after, BATCH).await?;
        let Some(last) = ids.last().copied() else { break };
        after = last;
        queue_batch(db, &context.app, &organization.name, payload.year, &ids).await?;
    }
    Ok(())
}

/// Queues the statements of a batch of donors (each alone in the outbox's own transaction:
/// one bad address does not hold back the others).
async fn queue_batch(
    db: &sea_orm::DatabaseConnection,
    state: &AppState,
    organization_name: &str,
    year: i32,
    ids: &[i64],
) -> Result<(), JobError> {
    let donors = supporter::Entity::find()
        .filter(supporter::Column::Id.is_in(ids.to_vec()))
        .filter(supporter::Column::Email.is_not_null())
        .filter(supporter::Column::MergedIntoId.is_null())
        .all(db)
        .await?;
    let organization_id = donors.first().map(|d| d.organization_id).unwrap_or_default();
    let mut rows = rows_of(db, organization_id, year, ids).await?;
    for donor in donors {
        let Some(to) = donor.email.clone() else { continue };
        let key = email_key(donor.organization_id, year, donor.id);
        let already = email::Entity::find()
            .filter(email::Column::OrganizationId.eq(donor.organization_id))
            .filter(email::Column::IdempotencyKey.eq(&key))
            .count(db)
            .await?;
        if already > 0 {
            continue;
        }
        let lang = Lang::from_code(&donor.language).unwrap_or(Lang::Es);
        let statement =
            build(db, organization_name, year, &donor, &rows.remove(&donor.id).unwrap_or_default(), lang).await?;
        let outgoing = OutgoingEmail {
            organization_id: donor.organization_id,
            to: &to,
            to_name: (!statement.name.is_empty()).then_some(statement.name.as_str()),
            language: lang,
            template: "year_end_statement",
            context: minijinja::context! {
                year => statement.year,
                name => statement.name.clone(),
                organization => statement.organization.clone(),
                ein => statement.ein.clone(),
                statement => statement.text.clone(),
                lines => minijinja::Value::from(minijinja::value::Serde(statement.lines.clone())),
                total => statement.total.clone(),
            },
            idempotency_key: &key,
        };
        match mail::queue(db, state, outgoing).await {
            Ok(_) => {}
            // An address the outbox refuses is skipped: its statement can still be printed.
            Err(QueueError::Address(error)) => tracing::warn!(supporter = donor.id, %error, "statement not sent"),
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}
