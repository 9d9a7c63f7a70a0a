//! Fills a database for `bench/supporters.sh`: the demo, then `--supporters` generated
//! supporters (accented names, places, languages, consents, a tag on one in five, an interest
//! on one in four, activity spread over three years), written through the supporters model in
//! transactions of 1,000. Prints a cursor deep in the list (after 90% of it, by name) for the
//! benchmark's "deep page".

use anyhow::anyhow;
use chrono::{Duration, Utc};
use clap::Parser;
use hermana::config::DatabaseConfig;
use hermana::supporters::entities::supporter;
use hermana::supporters::list::{self, Filter};
use hermana::supporters::model::{self, Details, INTEREST_EVENTS};
use hermana::supporters::{labels, segments};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// Adds generated supporters to the demo organization.
#[derive(Parser)]
struct Args {
    /// How many supporters to add.
    #[arg(long, default_value_t = 100_000)]
    supporters: usize,
    #[command(flatten)]
    database: DatabaseConfig,
}

const FIRST: &[&str] = &["José", "María", "Ana", "Luis", "Élmer", "Sofía", "Carlos", "Rosa", "Pedro", "Lucía", "Dana"];
const LAST: &[&str] =
    &["Pérez", "Núñez", "García", "López", "Martínez", "Hernández", "Alas", "Castro", "Smith", "Olson", "Ramírez"];
const PLACES: &[&str] = &["Madison", "Middleton", "Fitchburg", "Arcatao", "Chalatenango", "Verona", "Monona"];

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
    let tags = [labels::named(&db, organization, "Bench A").await?, labels::named(&db, organization, "Bench B").await?];
    let now = Utc::now();
    for start in (0..args.supporters).step_by(1000) {
        let txn = db.begin().await?;
        for n in start..(start + 1000).min(args.supporters) {
            let details = Details {
                first_name: FIRST[n % FIRST.len()].into(),
                last_name: format!("{} {}", LAST[(n / 7) % LAST.len()], LAST[(n / 3) % LAST.len()]),
                email: Some(format!("persona{n}@example.org")),
                phone: format!("+1 608 555 {:04}", n % 10_000),
                address: format!("{} Calle Principal", n % 900 + 1),
                postal_code: format!("537{:02}", n % 100),
                place: PLACES[n % PLACES.len()].into(),
                country: "United States".into(),
                language: if n % 3 == 0 { "en".into() } else { "es".into() },
                other_languages: if n % 5 == 0 { vec!["en".into()] } else { vec![] },
            };
            let created = model::create(&txn, organization, &details).await?;
            let at = now - Duration::hours(i64::try_from(n % 26_000).unwrap_or(0));
            supporter::Entity::update_many()
                .col_expr(supporter::Column::Newsletter, Expr::value(n % 2 == 0))
                .col_expr(supporter::Column::Events, Expr::value(n % 3 == 0))
                .col_expr(supporter::Column::LastActivityAt, Expr::value(at))
                .filter(supporter::Column::Id.eq(created.id))
                .exec(&txn)
                .await?;
            if n % 5 == 0 {
                labels::attach(&txn, &created, tags[n % 2].id).await?;
            }
            if n % 4 == 0 {
                model::add_interests(&txn, &created, &[INTEREST_EVENTS.to_owned()]).await?;
            }
        }
        txn.commit().await?;
    }
    let filter = Filter { consent: "newsletter".into(), language: "es".into(), ..Filter::default() };
    segments::create(&db, organization, "Bench: boletín en español", &filter)
        .await?
        .map_err(|problem| anyhow!("the bench segment: {problem:?}"))?;
    let deep = u64::try_from(args.supporters * 9 / 10).unwrap_or(1).max(1);
    let (_, cursor) = list::page(&db, organization, &Filter::default(), None, deep).await?;
    println!("added {} supporters", args.supporters);
    println!("deep cursor: {}", cursor.map(|c| c.encode()).unwrap_or_default());
    Ok(())
}
