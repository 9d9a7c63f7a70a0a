//! `GET/POST /{lang}/admin/gifts/batch`: a deposit slip — several checks and the slip's
//! total, which must match. All the checks are recorded, or none.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::TransactionTrait;
use serde::Serialize;

use super::form::{CheckedGift, Choice, Choices, GiftProblems, GiftTyped};
use super::{Tab, actor, submission_token, submitted_token, tabs};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::fundraising::ledger::{self, Method, source};
use crate::fundraising::money::{Money, parse_amount};
use crate::fundraising::{dates, giving, receipts};
use crate::supporters::form::Fields;
use crate::supporters::model as supporters;
use crate::web::forms::{CsrfForm, CsrfToken};

/// Rows on a new slip; the page can ask for more, up to [`MAX_ROWS`].
const ROWS: usize = 6;
const MAX_ROWS: usize = 40;

#[derive(Serialize)]
struct Row {
    n: usize,
    typed: GiftTyped,
    problems: GiftProblems,
}

#[derive(Serialize)]
struct BatchPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    deposited_on: String,
    total: String,
    date_problem: Option<&'static str>,
    total_problem: Option<&'static str>,
    /// The checks' sum when it differs from the slip's total.
    checks_sum: Option<String>,
    empty_problem: Option<&'static str>,
    rows: Vec<Row>,
    more: bool,
    funds: Vec<Choice>,
    submission: String,
    /// Set after a slip was recorded: how many checks, and their total.
    recorded: Option<(usize, String)>,
}

struct Typed {
    deposited_on: String,
    total: String,
    rows: Vec<Row>,
}

#[expect(clippy::too_many_arguments, reason = "one page, its parts")]
async fn render(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    typed: Typed,
    problems: (Option<&'static str>, Option<&'static str>, Option<String>, Option<&'static str>),
    submission: String,
    recorded: Option<(usize, String)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let choices = Choices::load(&state.db, member.organization.id).await?;
    let count = typed.rows.len();
    let page = BatchPage {
        frame: AdminFrame::new(member, "/gifts/batch", csrf.token),
        tabs: tabs(member, "/gifts/batch"),
        deposited_on: typed.deposited_on,
        total: typed.total,
        date_problem: problems.0,
        total_problem: problems.1,
        checks_sum: problems.2,
        empty_problem: problems.3,
        rows: typed.rows,
        more: count < MAX_ROWS,
        funds: choices.funds(member.lang),
        submission,
        recorded,
    };
    let mut response = private_page(state.renderer.render("fundraising/admin/batch.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

fn blank_rows(count: usize) -> Vec<Row> {
    (1..=count).map(|n| Row { n, typed: GiftTyped::default(), problems: GiftProblems::default() }).collect()
}

fn row_count(value: &str) -> usize {
    value.parse::<usize>().unwrap_or(ROWS).clamp(1, MAX_ROWS)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&query.unwrap_or_default()).unwrap_or_default();
    let fields = Fields(pairs);
    let recorded = fields
        .get("recorded")
        .parse::<usize>()
        .ok()
        .zip(fields.get("total").parse::<i64>().ok().map(|minor| Money::usd(minor).display(member.lang)));
    let typed = Typed {
        deposited_on: dates::today(&member.organization.time_zone).format("%Y-%m-%d").to_string(),
        total: String::new(),
        rows: blank_rows(row_count(fields.get("rows"))),
    };
    render(&state, &member, csrf, typed, (None, None, None, None), submission_token()?, recorded, StatusCode::OK).await
}

pub async fn submit(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let lang = member.lang;
    let fields = Fields(pairs);
    let submission = submitted_token(fields.get("submission"))?;
    let count = row_count(fields.get("rows"));
    let choices = Choices::load(&state.db, member.organization.id).await?;
    let deposited_on = dates::parse(fields.get("deposited_on"));
    let date_problem = deposited_on.is_none().then_some("fundraising-error-date");
    let total = parse_amount(fields.get("total"), lang);
    let total_problem = total.err().map(|e| e.key());
    let mut rows = Vec::new();
    let mut checked: Vec<CheckedGift> = Vec::new();
    let mut row_problems = false;
    for n in 1..=count {
        let mut typed = GiftTyped::from_fields(&fields, &format!("_{n}"));
        if typed.is_blank() {
            rows.push(Row { n, typed, problems: GiftProblems::default() });
            continue;
        }
        typed.method = Method::Check.code().to_owned();
        typed.received_on = fields.get("deposited_on").to_owned();
        typed.donor_language = lang.code().to_owned();
        let mut problems = GiftProblems::default();
        match typed.check(lang, &choices) {
            Ok(gift) => checked.push(gift),
            Err(found) => {
                row_problems = true;
                // The slip's date is reported once, above the rows.
                problems = GiftProblems { received_on: None, ..*found };
            }
        }
        rows.push(Row { n, typed, problems });
    }
    if !fields.get("more").is_empty() {
        // More rows asked for: the same slip again, longer, nothing checked yet.
        let count = (count + ROWS).min(MAX_ROWS);
        let mut rows: Vec<Row> = rows.into_iter().map(|r| Row { problems: GiftProblems::default(), ..r }).collect();
        rows.extend(blank_rows(count).into_iter().skip(rows.len()));
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
        let typed =
            Typed { deposited_on: fields.get("deposited_on").to_owned(), total: fields.get("total").to_owned(), rows };
        return render(&state, &member, csrf, typed, (None, None, None, None), submission, None, StatusCode::OK).await;
    }
    let empty_problem = (checked.is_empty() && !row_problems).then_some("fundraising-error-batch-empty");
    let sum: i64 = checked.iter().map(|g| g.amount_minor).sum();
    let mismatch = match total {
        Ok(total) if !row_problems && !checked.is_empty() && total != sum => Some(Money::usd(sum).display(lang)),
        _ => None,
    };
    let total_problem = total_problem.or(mismatch.as_ref().map(|_| "fundraising-error-batch-total"));
    let (Some(deposited_on), Ok(total_minor), None, None, false) =
        (deposited_on, total, total_problem, empty_problem, row_problems)
    else {
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
        let typed =
            Typed { deposited_on: fields.get("deposited_on").to_owned(), total: fields.get("total").to_owned(), rows };
        let problems = (date_problem, total_problem, mismatch, empty_problem);
        return render(&state, &member, csrf, typed, problems, submission, None, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    let txn = state.db.begin().await?;
    let mut gifts = Vec::with_capacity(checked.len());
    for (i, gift) in checked.into_iter().enumerate() {
        let mut new = gift.into_new(source::BATCH, format!("form:{submission}:{}", i + 1), member.account.id);
        new.received_on = deposited_on;
        // A known donor's receipt goes out in the language of their record.
        if let Some(email) = &new.donor_email
            && let Some(known) = supporters::by_email(&txn, member.organization.id, email).await?
        {
            new.donor_language = known.language.clone();
            new.supporter_id = Some(known.id);
        }
        if new.supporter_id.is_none() {
            new.supporter_id = giving::donor(&txn, member.organization.id, &new).await?;
        }
        gifts.push(new);
    }
    let key = format!("form:{submission}");
    let recorded = ledger::record_batch(
        &txn,
        member.organization.id,
        deposited_on,
        total_minor,
        &gifts,
        &key,
        Some(member.account.id),
    )
    .await?;
    if recorded.new {
        for gift in &recorded.row {
            receipts::issue(&txn, &state, &member.organization.name, gift).await?;
        }
        let subject = format!("{} checks, {}", recorded.row.len(), Money::usd(total_minor));
        audit::record(&txn, member.organization.id, &actor(&member, &headers), "gift.batch_recorded", &subject).await?;
    }
    txn.commit().await?;
    let target = format!("/{}/admin/gifts/batch?recorded={}&total={total_minor}", lang.code(), recorded.row.len());
    Ok(Redirect::to(&target).into_response())
}
