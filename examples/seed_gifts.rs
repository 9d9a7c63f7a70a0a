//! Fills a database for `bench/reports.sh`: the demo, `--donors` supporters, two funds, two
//! campaigns, and `--gifts` gifts spread over the last two years (checks with numbers, cash,
//! transfers, one in fifty in kind, one in forty refunded in part), each with its receipt row,
//! written with multi-row inserts in transactions of 1,000.

use anyhow::anyhow;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use clap::Parser;
use hermana::config::DatabaseConfig;
use hermana::fundraising::entities::{gift, receipt};
use hermana::fundraising::model::{self, Names, NewCampaign};
use hermana::supporters::model::{self as supporters, Details};
use sea_orm::{EntityTrait, Set, TransactionTrait};

/// Adds generated gifts to the demo organization.
#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 50_000)]
    gifts: usize,
    #[arg(long, default_value_t = 2_000)]
    donors: usize,
    #[command(flatten)]
    database: DatabaseConfig,
}

const METHODS: &[&str] = &["check", "check", "cash", "transfer", "card"];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = hermana::open(&args.database).await?;
    hermana::db::migrate(&db).await?;
    hermana::demo::load(&db).await?;
    let organization = hermana::organizations::model::find_by_slug(&db, "mascp")
        .await?
        .ok_or_else(|| anyhow!("the demo organization is missing"))?
        .id;
    let mut funds = Vec::new();
    for (slug, es, en) in [("bench-becas", "Becas", "Scholarships"), ("bench-agua", "Agua", "Water")] {
        let names = Names {
            slug: slug.into(),
            name_es: es.into(),
            name_en: en.into(),
            description_es: String::new(),
            description_en: String::new(),
        };
        funds.push(model::create_fund(&db, organization, &names).await?.id);
    }
    let today = Utc::now().date_naive();
    let start = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).ok_or_else(|| anyhow!("no such date"))?;
    let mut campaigns = Vec::new();
    for (slug, es, en) in [("bench-techo", "Techo", "Roof"), ("bench-escuela", "Escuela", "School")] {
        let new = NewCampaign {
            slug: slug.into(),
            name_es: es.into(),
            name_en: en.into(),
            goal_minor: 5_000_000,
            starts_on: start,
            ends_on: None,
        };
        campaigns.push(model::create_campaign(&db, organization, &new).await?.id);
    }
    let mut donors = Vec::new();
    let txn = db.begin().await?;
    for n in 0..args.donors {
        let details = Details {
            first_name: format!("Donante {n}"),
            last_name: "Ejemplo".into(),
            email: Some(format!("donante{n}@example.org")),
            language: if n % 3 == 0 { "en".into() } else { "es".into() },
            ..Details::default()
        };
        donors.push(supporters::create(&txn, organization, &details).await?.id);
    }
    txn.commit().await?;
    let days = (today - start).num_days().max(1);
    let now = Utc::now();
    for first in (0..args.gifts).step_by(1000) {
        let txn = db.begin().await?;
        let batch: Vec<usize> = (first..(first + 1000).min(args.gifts)).collect();
        let rows = batch.iter().map(|&n| {
            let method = if n % 50 == 0 { "in_kind" } else { METHODS[n % METHODS.len()] };
            let donor = donors.get(n % donors.len().max(1)).copied();
            let received = start + Duration::days(i64::try_from(n).unwrap_or(0) * 7919 % days);
            gift::ActiveModel {
                organization_id: Set(organization),
                kind: Set("gift".into()),
                amount_minor: Set(i64::try_from(n % 400 + 1).unwrap_or(1) * 500),
                currency: Set("USD".into()),
                method: Set(method.into()),
                check_number: Set((method == "check").then(|| format!("{}", 1000 + n))),
                description: Set((method == "in_kind").then(|| "Libros".to_owned())),
                fund_id: Set((n % 3 == 0).then(|| funds[n % 2])),
                campaign_id: Set((n % 4 == 0).then(|| campaigns[n % 2])),
                supporter_id: Set(donor),
                received_on: Set(received),
                donor_name: Set(format!("Donante {}", n % donors.len().max(1))),
                donor_email: Set(None),
                donor_language: Set("es".into()),
                acknowledge_as: Set(None),
                note: Set(String::new()),
                source: Set("hand".into()),
                idempotency_key: Set(format!("bench:{n}")),
                created_at: Set(now),
                ..Default::default()
            }
        });
        gift::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
    }
    // A receipt for every gift, numbered as receipts are.
    let all = gift::Entity::find().all(&db).await?;
    for chunk in all.chunks(1000) {
        let txn = db.begin().await?;
        let rows = chunk.iter().map(|g| receipt::ActiveModel {
            organization_id: Set(organization),
            gift_id: Set(g.id),
            number: Set(format!("R-{}-{:06}", g.received_on.year(), g.id)),
            language: Set("es".into()),
            email_id: Set(None),
            sends: Set(1),
            created_at: Set(now),
            ..Default::default()
        });
        receipt::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
    }
    // One in forty refunded in part, on a later day.
    let txn = db.begin().await?;
    for g in all.iter().filter(|g| g.id % 40 == 0 && g.method != "in_kind") {
        hermana::fundraising::ledger::record_correction(
            &txn,
            g,
            hermana::fundraising::ledger::kind::REFUND,
            -g.amount_minor / 2,
            "bench",
            &format!("bench-refund:{}", g.id),
            None,
        )
        .await?;
    }
    txn.commit().await?;
    println!("added {} gifts from {} donors", all.len(), donors.len());
    Ok(())
}
