//! The ledger as a CSV file for the accountant: every row of a date range (gifts, refunds,
//! corrections), oldest first, with its receipt number, fund and campaign, the amount in minor
//! units and as written in the member's language. UTF-8 with a byte-order mark, like every
//! export (`hermana_sheet::CsvWriter`), read and sent in keyset batches of [`BATCH`] rows.

use std::collections::HashMap;
use std::io;

use chrono::NaiveDate;
use futures_util::Stream;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::entities::{gift, receipt};
use super::ledger::Gift;
use super::money::{Currency, Money};
use crate::i18n::Lang;
use hermana_sheet::{Cell, CsvWriter};

/// Ledger rows read per query.
pub const BATCH: u64 = 1000;

/// What to export, and the words of the file in the member's language.
#[derive(Clone, Debug)]
pub struct Request {
    pub organization_id: i64,
    /// Both days included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lang: Lang,
    pub headers: Vec<String>,
    /// Method code → its name.
    pub methods: HashMap<String, String>,
    /// Row kind (`gift`, `refund`, `correction`) → its name.
    pub kinds: HashMap<String, String>,
    pub funds: HashMap<i64, String>,
    pub campaigns: HashMap<i64, String>,
}

fn in_range(organization_id: i64, from: NaiveDate, to: NaiveDate) -> sea_orm::Select<gift::Entity> {
    gift::Entity::find()
        .filter(gift::Column::OrganizationId.eq(organization_id))
        .filter(gift::Column::ReceivedOn.gte(from))
        .filter(gift::Column::ReceivedOn.lte(to))
}

/// How many ledger rows the range holds.
pub async fn count(
    db: &impl ConnectionTrait,
    organization_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<u64, DbErr> {
    in_range(organization_id, from, to).count(db).await
}

/// The file in pieces: the byte-order mark and the header first, then one piece per batch.
pub fn stream(db: DatabaseConnection, request: Request) -> impl Stream<Item = Result<Vec<u8>, io::Error>> + Send {
    struct State {
        db: DatabaseConnection,
        request: Request,
        writer: Option<CsvWriter<Vec<u8>>>,
        after: Option<(NaiveDate, i64)>,
        done: bool,
    }
    let state = State { db, request, writer: None, after: None, done: false };
    futures_util::stream::try_unfold(state, |mut state| async move {
        let Some(writer) = state.writer.as_mut() else {
            let mut writer = CsvWriter::new(Vec::new())?;
            writer.write_row(&state.request.headers)?;
            let piece = writer.take()?;
            state.writer = Some(writer);
            return Ok(Some((piece, state)));
        };
        if state.done {
            return Ok(None);
        }
        let rows = batch(&state.db, &state.request, state.after).await.map_err(io::Error::other)?;
        let receipts = receipt_numbers(&state.db, &rows).await.map_err(io::Error::other)?;
        for row in &rows {
            write(writer, &state.request, row, &receipts)?;
        }
        state.done = u64::try_from(rows.len()).unwrap_or(0) < BATCH;
        state.after = rows.last().map(|g| (g.received_on, g.id));
        let piece = writer.take()?;
        Ok(Some((piece, state)))
    })
}

/// The next rows after `after`, in (date, id) order.
async fn batch(
    db: &impl ConnectionTrait,
    request: &Request,
    after: Option<(NaiveDate, i64)>,
) -> Result<Vec<Gift>, DbErr> {
    let mut select = in_range(request.organization_id, request.from, request.to);
    if let Some((day, id)) = after {
        // A row-value comparison, which both databases answer from the date index
        // (`gifts_by_date`); the equivalent `OR` makes SQLite scan.
        select = select.filter(
            Expr::tuple([Expr::col(gift::Column::ReceivedOn), Expr::col(gift::Column::Id)])
                .gt(Expr::tuple([Expr::value(day), Expr::value(id)])),
        );
    }
    select.order_by_asc(gift::Column::ReceivedOn).order_by_asc(gift::Column::Id).limit(BATCH).all(db).await
}

/// The receipt number of each row's gift (a refund or correction shows its original's).
async fn receipt_numbers(db: &impl ConnectionTrait, rows: &[Gift]) -> Result<HashMap<i64, String>, DbErr> {
    let ids: Vec<i64> = rows.iter().map(|g| g.corrects_gift_id.unwrap_or(g.id)).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(receipt::Entity::find()
        .filter(receipt::Column::GiftId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.gift_id, r.number))
        .collect())
}

fn write(
    writer: &mut CsvWriter<Vec<u8>>,
    request: &Request,
    g: &Gift,
    receipts: &HashMap<i64, String>,
) -> io::Result<()> {
    let named =
        |names: &HashMap<String, String>, code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_owned());
    let date = g.received_on.format("%Y-%m-%d").to_string();
    let receipt = receipts.get(&g.corrects_gift_id.unwrap_or(g.id)).cloned().unwrap_or_default();
    let method = named(&request.methods, &g.method);
    let fund = g.fund_id.and_then(|id| request.funds.get(&id)).cloned().unwrap_or_default();
    let campaign = g.campaign_id.and_then(|id| request.campaigns.get(&id)).cloned().unwrap_or_default();
    let currency = Currency::from_code(&g.currency).unwrap_or(Currency::USD);
    let formatted = Money::new(g.amount_minor, currency).display(request.lang);
    let kind = named(&request.kinds, &g.kind);
    writer.write_cells(&[
        Cell::Text(&date),
        Cell::Text(&receipt),
        Cell::Text(&g.donor_name),
        Cell::Text(&method),
        Cell::Text(g.check_number.as_deref().unwrap_or_default()),
        Cell::Text(&fund),
        Cell::Text(&campaign),
        Cell::Integer(g.amount_minor),
        Cell::Text(&formatted),
        Cell::Text(&g.currency),
        Cell::Text(&kind),
    ])
}
