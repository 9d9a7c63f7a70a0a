//! The treasurer's reports through the real router: a year by month (chart and table), by
//! campaign and by fund, lapsed donors, the ledger's CSV for the accountant (audited), the
//! public list of funds, gifts following a merged supporter, and who may see any of it.

use chrono::NaiveDate;
use hermana::audit::entities::audit_entry;
use hermana::auth::roles::Role;
use hermana::fundraising::entities::gift;
use hermana::fundraising::ledger::{self, Method, NewGift, kind};
use hermana::fundraising::model::{self, Names, NewCampaign};
use hermana::fundraising::money::Currency;
use hermana::fundraising::{giving, reports};
use hermana::supporters::model::{self as supporters, Details};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{Browser, TestApp};

const PASSWORD: &str = "una frase larga";

async fn treasurer(app: &TestApp) -> Browser {
    app.account("tesoreria@example.org", PASSWORD, &[Role::Treasurer]).await;
    app.sign_in("tesoreria@example.org", PASSWORD).await
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn new_gift(amount_minor: i64, on: NaiveDate, key: &str) -> NewGift {
    NewGift {
        amount_minor,
        currency: Currency::USD,
        method: Method::Check,
        check_number: None,
        description: None,
        fund_id: None,
        campaign_id: None,
        supporter_id: None,
        received_on: on,
        donor_name: "Prueba".into(),
        donor_email: None,
        donor_language: "es".into(),
        dedication: None,
        acknowledge_as: None,
        note: String::new(),
        source: ledger::source::HAND,
        stripe_reference: None,
        idempotency_key: key.into(),
        account_id: None,
    }
}

async fn supporter(app: &TestApp, first: &str, last: &str, email: &str) -> i64 {
    let details = Details {
        first_name: first.into(),
        last_name: last.into(),
        email: Some(email.into()),
        language: "es".into(),
        ..Details::default()
    };
    supporters::create(app.db(), app.mascp().await, &details).await.unwrap().id
}

/// Two years of giving: a fund, a campaign, three donors and an in-kind gift.
struct Seeded {
    fund: i64,
    campaign: i64,
    lapsed: i64,
    loyal: i64,
    in_kind: i64,
}

async fn seed(app: &TestApp) -> Seeded {
    let org = app.mascp().await;
    let db = app.db();
    let names = Names {
        slug: "becas".into(),
        name_es: "Becas para Arcatao".into(),
        name_en: "Arcatao scholarship fund".into(),
        description_es: "Becas de estudio.".into(),
        description_en: "Study grants.".into(),
    };
    let fund = model::create_fund(db, org, &names).await.unwrap().id;
    let campaign = NewCampaign {
        slug: "agua".into(),
        name_es: "Agua para Arcatao".into(),
        name_en: "Water for Arcatao".into(),
        goal_minor: 500_000,
        starts_on: day(2025, 1, 1),
        ends_on: None,
    };
    let campaign = model::create_campaign(db, org, &campaign).await.unwrap().id;
    let lapsed = supporter(app, "Marta", "Lapsa", "marta@example.org").await;
    let loyal = supporter(app, "Luis", "Fiel", "luis@example.org").await;
    let in_kind = supporter(app, "Raúl", "Libros", "raul@example.org").await;
    let mut rows = Vec::new();
    // 2025: all three give.
    let mut g = new_gift(10_000, day(2025, 3, 4), "a");
    g.supporter_id = Some(lapsed);
    g.donor_name = "Marta Lapsa".into();
    rows.push(g);
    let mut g = new_gift(5_000, day(2025, 6, 1), "b");
    g.supporter_id = Some(loyal);
    rows.push(g);
    // The third donor gave in 2025 and again in 2026 in kind: still a donor this year.
    let mut g = new_gift(7_000, day(2025, 7, 1), "c");
    g.supporter_id = Some(in_kind);
    rows.push(g);
    // 2026: the loyal donor gives twice, to the fund and the campaign; an anonymous gift in
    // March; an in-kind gift that counts as a gift but not as money.
    let mut g = new_gift(123_456, day(2026, 1, 15), "d");
    g.supporter_id = Some(loyal);
    g.fund_id = Some(fund);
    rows.push(g);
    let mut g = new_gift(20_000, day(2026, 3, 10), "e");
    g.supporter_id = Some(loyal);
    g.campaign_id = Some(campaign);
    rows.push(g);
    rows.push(new_gift(2_500, day(2026, 3, 31), "f"));
    let mut g = new_gift(99_999, day(2026, 3, 12), "g");
    g.supporter_id = Some(in_kind);
    g.method = Method::InKind;
    g.description = Some("Libros".into());
    rows.push(g);
    for row in rows {
        ledger::record_gift(db, org, &row).await.unwrap();
    }
    Seeded { fund, campaign, lapsed, loyal, in_kind }
}

#[tokio::test]
async fn the_database_sums_a_year_by_month_campaign_and_fund_and_finds_lapsed_donors() {
    let app = TestApp::with_demo().await;
    let s = seed(&app).await;
    let org = app.mascp().await;
    let months = reports::by_month(app.db(), org, 2026).await.unwrap();
    assert_eq!((months[0].gifts, months[0].total), (1, 123_456));
    assert_eq!((months[1].gifts, months[1].total), (0, 0));
    assert_eq!((months[2].gifts, months[2].total), (2, 22_500), "March: money only, in kind left out");
    assert_eq!(months.iter().map(|m| m.total).sum::<i64>(), 145_956);
    let last_year = reports::by_month(app.db(), org, 2025).await.unwrap();
    assert_eq!((last_year[6].gifts, last_year[6].total), (1, 7_000));
    let funds = reports::by_fund(app.db(), org, 2026).await.unwrap();
    assert_eq!(funds[0], (Some(s.fund), reports::Sums { gifts: 1, total: 123_456 }));
    assert_eq!(funds[1], (None, reports::Sums { gifts: 2, total: 22_500 }));
    let campaigns = reports::by_campaign(app.db(), org, 2026).await.unwrap();
    assert!(campaigns.contains(&(Some(s.campaign), reports::Sums { gifts: 1, total: 20_000 })));
    let lapsed = reports::lapsed(app.db(), org, 2026).await.unwrap();
    assert_eq!(lapsed.len(), 1, "{lapsed:?}");
    assert_eq!((lapsed[0].supporter_id, lapsed[0].total), (s.lapsed, 10_000));
    assert_eq!((lapsed[0].name.as_str(), lapsed[0].last.as_str()), ("Marta Lapsa", "2025-03-04"));
    assert!(!lapsed.iter().any(|d| d.supporter_id == s.loyal || d.supporter_id == s.in_kind));
    assert_eq!(reports::years(app.db(), org).await.unwrap(), Some((2025, 2026)));
}

#[tokio::test]
async fn the_reports_page_draws_the_year_and_says_it_in_a_table_in_both_languages() {
    let app = TestApp::with_demo().await;
    let s = seed(&app).await;
    let browser = treasurer(&app).await;
    let es = browser.get(&app, "/es/admin/reports?year=2026").await;
    assert_eq!(es.status, 200, "{}", es.text());
    assert_eq!(es.first("h1"), "Informes de donativos, 2026");
    assert_eq!(es.attr(".fund-tabs a[aria-current=page]", "href"), "/es/admin/reports");
    assert_eq!(es.attr("#report-year option[selected]", "value"), "2026");
    assert_eq!(es.first("svg title"), "Donativos por mes en 2026");
    assert!(es.first("svg desc").contains("enero, con 1.234,56 US$"), "{}", es.first("svg desc"));
    assert_eq!(es.attr("figure.report-chart svg", "aria-labelledby"), "chart-title chart-desc");
    // The highest month has the full bar; February none; March in proportion.
    let heights = es.attrs("figure.report-chart rect", "height");
    assert_eq!(heights.len(), 12);
    assert_eq!((heights[0].as_str(), heights[1].as_str(), heights[2].as_str()), ("200", "0", "36"));
    let rows = es.texts("table.report-months tbody td");
    assert_eq!((rows[0].as_str(), rows[1].as_str()), ("1", "1.234,56 US$"));
    assert_eq!((rows[4].as_str(), rows[5].as_str()), ("2", "225,00 US$"));
    assert_eq!(es.texts("table.report-months tfoot td")[1], "1.459,56 US$");
    assert_eq!(es.first("table.report-by-fund tbody th"), "Becas para Arcatao");
    assert_eq!(es.attr("table.report-by-fund tbody th a", "href"), "/es/fondos/becas");
    assert!(es.texts("table.report-by-fund tbody th").contains(&"Apoyo general (sin fondo)".to_owned()));
    assert!(es.texts("table.report-by-campaign tbody th").contains(&"Agua para Arcatao".to_owned()));
    assert_eq!(es.texts("table.report-lapsed tbody th"), ["Marta Lapsa"]);
    assert_eq!(es.texts("table.report-lapsed tbody td.amount"), ["100,00 US$"]);
    assert!(es.first("#lapsed + p").starts_with("Una persona donó en 2025"));
    // A treasurer may not open supporter pages: the name is not a link for them.
    assert!(es.attrs("table.report-lapsed a", "href").is_empty());

    let en = browser.get(&app, "/en/admin/reports?year=2026").await;
    assert_eq!(en.first("h1"), "Giving reports, 2026");
    assert_eq!(en.texts("table.report-months tbody th")[0], "January");
    assert_eq!(en.texts("table.report-months tbody td")[1], "$1,234.56");
    assert_eq!(en.attr("table.report-by-campaign tbody th a", "href"), "/en/campaigns/agua");
    // An admin gets links to the lapsed donors' supporter pages.
    app.account("admin@example.org", PASSWORD, &[Role::Admin]).await;
    let admin = app.sign_in("admin@example.org", PASSWORD).await;
    let page = admin.get(&app, "/en/admin/reports?year=2026").await;
    assert_eq!(page.attr("table.report-lapsed tbody th a", "href"), format!("/en/admin/supporters/{}", s.lapsed));
    assert!(page.texts("nav.main-nav a").contains(&"Giving reports".to_owned()));
    // A year without gifts says so, and a year that is not one is not a page.
    let empty = browser.get(&app, "/en/admin/reports?year=2019").await;
    assert_eq!(empty.status, 200);
    assert!(empty.first("svg desc").contains("no money was recorded"));
    assert_eq!(browser.get(&app, "/en/admin/reports?year=abc").await.status, 404);
}

#[tokio::test]
async fn the_ledger_csv_has_every_row_of_the_range_with_receipts_and_is_audited() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let organization = hermana::organizations::model::find(app.db(), org).await.unwrap().unwrap();
    let s = seed(&app).await;
    // A gift with a receipt (recorded as the forms do) and its refund.
    let mut g = new_gift(30_000, day(2026, 5, 5), "with-receipt");
    g.donor_name = "=Ana, \"la\" Peña".into();
    g.donor_email = Some("ana@example.org".into());
    g.check_number = Some("4512".into());
    g.fund_id = Some(s.fund);
    let recorded = giving::record(app.db(), &app.state, &organization, g).await.unwrap().row;
    ledger::record_correction(app.db(), &recorded, kind::REFUND, -5_000, "", "refund-r", None).await.unwrap();
    let refund_day = chrono::Utc::now().date_naive();
    let browser = treasurer(&app).await;
    let page = browser.get(&app, "/es/admin/reports?year=2026").await;
    assert_eq!(page.attr("#export-from", "value"), "2026-01-01");
    assert_eq!(page.attr("#export-to", "value"), "2026-12-31");
    let to = refund_day.max(day(2026, 12, 31)).format("%Y-%m-%d").to_string();
    let response =
        browser.post(&app, "/es/admin/reports/export", &[("from", "2026-01-01"), ("to", &to), ("year", "2026")]).await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(response.header("content-disposition").unwrap().contains("registro-2026-01-01-"));
    let bytes = response.body.clone();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "Fecha,Número de recibo,Donante,Forma de pago,Número de cheque,Fondo,Campaña,Monto en centavos,Monto,Moneda,Tipo"
    );
    // 2026: d, g, e, f, the gift with a receipt and its refund (2025 rows are outside).
    assert_eq!(lines.len(), 7, "{text}");
    assert!(
        lines[1].starts_with("2026-01-15,,Prueba,Cheque,,Becas para Arcatao,,123456,1.234,56 US$,USD,Donativo")
            || lines[1]
                .starts_with("2026-01-15,,Prueba,Cheque,,Becas para Arcatao,,123456,\"1.234,56 US$\",USD,Donativo"),
        "{}",
        lines[1]
    );
    let number = format!("R-2026-{:06}", recorded.id);
    let with_receipt = lines.iter().find(|l| l.contains("4512")).unwrap();
    assert_eq!(
        *with_receipt,
        format!(
            "2026-05-05,{number},\"'=Ana, \"\"la\"\" Peña\",Cheque,4512,Becas para Arcatao,,30000,\"300,00 US$\",USD,Donativo"
        )
    );
    let refund = lines.iter().find(|l| l.ends_with("Devolución")).unwrap();
    assert!(refund.contains(&format!(",{number},")), "a refund shows its gift's receipt: {refund}");
    assert!(refund.contains(",-5000,"), "minor units stay a number, not guarded text: {refund}");
    assert!(lines.iter().any(|l| l.contains("En especie") && l.contains(",99999,")), "in-kind rows are listed");
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("gifts.exported"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert!(
        audited[0].subject.contains("2026-01-01") && audited[0].subject.contains("6 rows"),
        "{}",
        audited[0].subject
    );

    // Dates that are not dates, or in the wrong order: the form again, in the member's language.
    let bad = browser.post(&app, "/en/admin/reports/export", &[("from", "2026-13-01"), ("to", "2026-12-31")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.first("#export-error"), "Type both dates as day, month and year.");
    assert_eq!(bad.attr("#export-from", "value"), "2026-13-01", "what was typed is kept");
    let backwards =
        browser.post(&app, "/es/admin/reports/export", &[("from", "2026-12-31"), ("to", "2026-01-01")]).await;
    assert_eq!(backwards.status, 422);
    assert_eq!(backwards.first("#export-error"), "La primera fecha no puede ser posterior a la segunda.");
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("gifts.exported"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(audited.len(), 1, "a refused export is not an export");
}

#[tokio::test]
async fn an_editor_sees_no_reports_and_an_organizer_sees_donors_but_no_amounts() {
    let app = TestApp::with_demo().await;
    seed(&app).await;
    for (role, email) in [(Role::Editor, "editor@example.org"), (Role::Organizer, "organizer@example.org")] {
        app.account(email, PASSWORD, &[role]).await;
        let browser = app.sign_in(email, PASSWORD).await;
        assert_eq!(browser.get(&app, "/en/admin/reports").await.status, 403, "{role:?}");
        assert_eq!(browser.get(&app, "/en/admin/reports?year=2026").await.status, 403, "{role:?}");
        let export =
            browser.post(&app, "/en/admin/reports/export", &[("from", "2026-01-01"), ("to", "2026-12-31")]).await;
        assert_eq!(export.status, 403, "{role:?}");
        assert!(!export.text().contains("123456"));
        let dashboard = browser.get(&app, "/en/admin").await;
        assert!(!dashboard.texts("nav.main-nav a").contains(&"Giving reports".to_owned()), "{role:?}");
        let donors = browser.get(&app, "/en/admin/donors").await;
        if role == Role::Organizer {
            assert_eq!(donors.status, 200);
            assert!(donors.texts("table.donors tbody th").contains(&"Marta Lapsa".to_owned()));
            assert!(!donors.text().contains("$1,234.56") && !donors.text().contains("$100.00"), "no amounts");
        } else {
            assert_eq!(donors.status, 403);
        }
    }
    let signed_out = Browser::new().get(&app, "/en/admin/reports").await;
    assert_eq!(signed_out.status, 303);
}

#[tokio::test]
async fn the_funds_and_running_campaigns_are_listed_publicly_and_linked_from_every_footer() {
    let app = TestApp::with_demo().await;
    seed(&app).await;
    let org = app.mascp().await;
    let ended = NewCampaign {
        slug: "techo".into(),
        name_es: "Techo 2020".into(),
        name_en: "Roof 2020".into(),
        goal_minor: 100,
        starts_on: day(2020, 1, 1),
        ends_on: Some(day(2020, 12, 31)),
    };
    model::create_campaign(app.db(), org, &ended).await.unwrap();
    let es = app.get("/es/fondos").await;
    assert_eq!(es.status, 200, "{}", es.text());
    assert_eq!(es.first("h1"), "Fondos y campañas");
    let links = es.attrs(".fund-index h3 a", "href");
    assert!(links.contains(&"/es/fondos/becas".to_owned()), "{links:?}");
    assert!(links.contains(&"/es/campanas/agua".to_owned()));
    assert!(!links.contains(&"/es/campanas/techo".to_owned()), "an ended campaign is not under way");
    assert!(es.text().contains("Entradas: 1.234,56 US$"), "in-kind gifts are not money in a fund");
    let en = app.get("/en/funds").await;
    assert_eq!(en.first("h1"), "Funds and campaigns");
    assert!(en.attrs(".fund-index h3 a", "href").contains(&"/en/funds/becas".to_owned()));
    assert!(en.texts(".fund-index h3 a").contains(&"Arcatao scholarship fund".to_owned()));
    for (home, link) in [("/es/", "/es/fondos"), ("/en/", "/en/funds")] {
        let page = app.get(home).await;
        assert_eq!(page.attr(".footer-funds a", "href"), link, "{home}");
    }
    let fund_page = app.get("/en/funds/becas").await;
    assert_eq!(fund_page.attr(".footer-funds a", "href"), "/en/funds");
}

#[tokio::test]
async fn merging_two_supporters_moves_their_gifts_and_the_receipts_still_resolve() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let organization = hermana::organizations::model::find(app.db(), org).await.unwrap().unwrap();
    let keep = supporter(&app, "Rosa", "Ejemplo", "rosa@example.org").await;
    let away = supporter(&app, "Rosa", "E.", "rosa.e@example.org").await;
    let mut g = new_gift(4_000, day(2026, 2, 2), "merge-a");
    g.donor_email = Some("rosa.e@example.org".into());
    g.donor_name = "Rosa E.".into();
    let gift_away = giving::record(app.db(), &app.state, &organization, g).await.unwrap().row;
    assert_eq!(gift_away.supporter_id, Some(away));
    let mut g = new_gift(6_000, day(2026, 2, 3), "merge-b");
    g.supporter_id = Some(keep);
    ledger::record_gift(app.db(), org, &g).await.unwrap();
    // Both records registered for one event, the merged-away one also for another.
    use hermana::events::registrations::{self, NewRegistration};
    let both = crate::events::sample_event(&app, None).await;
    let only_away = crate::events::sample_event(&app, None).await;
    let seat = |email: &str| NewRegistration {
        name: "Rosa".into(),
        email: email.into(),
        guests: 0,
        language: "es".into(),
        accessibility: String::new(),
        walk_in: false,
    };
    registrations::register(app.db(), &both, keep, &seat("rosa@example.org")).await.unwrap();
    registrations::register(app.db(), &both, away, &seat("rosa.e@example.org")).await.unwrap();
    registrations::register(app.db(), &only_away, away, &seat("rosa.e@example.org")).await.unwrap();
    app.account("admin@example.org", PASSWORD, &[Role::Admin]).await;
    let browser = app.sign_in("admin@example.org", PASSWORD).await;
    let response =
        browser.post(&app, &format!("/es/admin/supporters/{keep}/merge"), &[("other", &away.to_string())]).await;
    assert_eq!(response.status, 303, "{}", response.text());
    let rows = gift::Entity::find().all(app.db()).await.unwrap();
    assert!(rows.iter().all(|g| g.supporter_id == Some(keep)), "{rows:?}");
    assert_eq!(rows.iter().find(|g| g.id == gift_away.id).unwrap().amount_minor, 4_000, "amounts never change");
    // The registration follows the person, except where the kept record is already registered.
    use hermana::events::entities::registration;
    let seats = registration::Entity::find().all(app.db()).await.unwrap();
    let on = |event: i64| seats.iter().filter(|r| r.event_id == event).map(|r| r.supporter_id).collect::<Vec<_>>();
    assert_eq!(on(only_away.id), vec![keep]);
    let mut both_seats = on(both.id);
    both_seats.sort_unstable();
    assert_eq!(both_seats, vec![keep.min(away), keep.max(away)]);
    // The receipt is still the gift's, and the donor list shows one person with both gifts.
    let page = browser.get(&app, &format!("/es/admin/gifts/{}", gift_away.id)).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&format!("R-2026-{:06}", gift_away.id)));
    let donors = browser.get(&app, "/es/admin/donors").await;
    assert_eq!(donors.texts("table.donors tbody th").len(), 1);
    assert_eq!(donors.texts("table.donors tbody td.amount")[0], "2");
    assert_eq!(donors.texts("table.donors tbody td.amount")[1], "100,00 US$");
}

/// Waits (at most 20 s) until the year's statement job is done.
async fn wait_for_statements(app: &TestApp, year: i32) {
    let org = app.mascp().await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let job = hermana::fundraising::statements::latest_job(app.db(), org, year).await.unwrap().unwrap();
        if job.status == "done" {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "the statements job is {}", job.status);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn statement_emails(app: &TestApp) -> Vec<hermana::mail::entities::email::Model> {
    use hermana::mail::entities::email;
    email::Entity::find().filter(email::Column::IdempotencyKey.starts_with("statement:")).all(app.db()).await.unwrap()
}

#[tokio::test]
async fn year_end_statements_go_to_every_donor_once_in_their_language_with_a_progress_bar() {
    let app = TestApp::with_demo().await;
    let s = seed(&app).await;
    let org = app.mascp().await;
    // A donor with no address: counted, printable, never emailed.
    let no_email = supporter(&app, "Sin", "Correo", "sin@example.org").await;
    hermana::supporters::entities::supporter::Entity::update_many()
        .col_expr(
            hermana::supporters::entities::supporter::Column::Email,
            sea_orm::sea_query::Expr::value(Option::<String>::None),
        )
        .filter(hermana::supporters::entities::supporter::Column::Id.eq(no_email))
        .exec(app.db())
        .await
        .unwrap();
    let mut g = new_gift(1_000, day(2025, 9, 9), "no-email");
    g.supporter_id = Some(no_email);
    ledger::record_gift(app.db(), org, &g).await.unwrap();
    // Luis reads English.
    hermana::supporters::entities::supporter::Entity::update_many()
        .col_expr(hermana::supporters::entities::supporter::Column::Language, sea_orm::sea_query::Expr::value("en"))
        .filter(hermana::supporters::entities::supporter::Column::Id.eq(s.loyal))
        .exec(app.db())
        .await
        .unwrap();
    let browser = treasurer(&app).await;
    let page = browser.get(&app, "/es/admin/statements?year=2025").await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert_eq!(page.first("h1"), "Constancias anuales, 2025");
    assert_eq!(page.first(".statement-counts"), "4 personas donaron en 2025; 3 con dirección de correo.");
    assert!(page.texts("table.statement-donors td").contains(&"sin dirección: imprímala".to_owned()));
    assert!(page.attrs("meta[http-equiv=refresh]", "content").is_empty(), "nothing runs yet");

    // Start: the page shows the bar and refreshes itself until the job is done.
    let started = browser.post(&app, "/es/admin/statements", &[("year", "2025")]).await;
    assert_eq!(started.status, 303);
    assert_eq!(started.location(), "/es/admin/statements?year=2025");
    let running = browser.get(&app, "/es/admin/statements?year=2025").await;
    assert_eq!(running.attr("progress#statement-progress", "max"), "3");
    assert_eq!(running.attr("progress#statement-progress", "value"), "0");
    assert_eq!(running.attr("meta[http-equiv=refresh]", "content"), "2");
    // A second press while it waits starts nothing more.
    browser.post(&app, "/es/admin/statements", &[("year", "2025")]).await;
    let runs = hermana::jobs::entities::job::Entity::find()
        .filter(hermana::jobs::entities::job::Column::Kind.eq("year_end_statements"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);

    let worker = crate::mail::start_worker(&app, crate::mail::test_worker_config());
    wait_for_statements(&app, 2025).await;
    let emails = statement_emails(&app).await;
    assert_eq!(emails.len(), 3, "one per donor with an address");
    let marta = emails.iter().find(|e| e.to_address == "marta@example.org").unwrap();
    assert_eq!(marta.language, "es");
    assert_eq!(marta.subject, "Sus donativos de 2025 a Madison Arcatao Sister City Project: constancia anual");
    assert!(marta.text_body.contains("Total donado en 2025: 100,00 US$"), "{}", marta.text_body);
    let luis = emails.iter().find(|e| e.to_address == "luis@example.org").unwrap();
    assert_eq!(luis.language, "en");
    assert!(luis.text_body.contains("Total given in 2025: $50.00"), "{}", luis.text_body);
    assert_eq!(marta.idempotency_key, format!("statement:{org}:2025:{}", s.lapsed));
    let done = browser.get(&app, "/en/admin/statements?year=2025").await;
    assert_eq!(done.first(".form-notice"), "Done: 3 of 3 statements are in the outbox.");
    assert!(done.attrs("meta[http-equiv=refresh]", "content").is_empty());

    // A gift arrives late; running again reaches only the new donor.
    let late = supporter(&app, "Tardía", "Donante", "tardia@example.org").await;
    let mut g = new_gift(2_000, day(2025, 12, 30), "late");
    g.supporter_id = Some(late);
    ledger::record_gift(app.db(), org, &g).await.unwrap();
    let again = browser.post(&app, "/en/admin/statements", &[("year", "2025")]).await;
    assert_eq!(again.status, 303);
    wait_for_statements(&app, 2025).await;
    let emails = statement_emails(&app).await;
    assert_eq!(emails.len(), 4, "{:?}", emails.iter().map(|e| &e.to_address).collect::<Vec<_>>());
    assert_eq!(emails.iter().filter(|e| e.to_address == "marta@example.org").count(), 1, "never twice");
    let sent = crate::mail::wait_all_sent(&app).await;
    let files = std::fs::read_dir(app.data_dir().join("mail")).unwrap().count();
    assert_eq!(files, sent.len(), "each email written once");
    worker.shutdown().await;
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("statements.started"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(audited.len(), 2);

    // The printable statement: in the member's language, with its print stylesheet.
    let print = browser.get(&app, &format!("/es/admin/statements/2025/{}", s.lapsed)).await;
    assert_eq!(print.status, 200);
    assert_eq!(print.first("h1"), "Constancia de donativos 2025: Marta Lapsa");
    assert_eq!(print.texts("table.statement-lines tfoot td"), ["100,00 US$"]);
    assert!(print.attr("link[rel=stylesheet]", "href").starts_with("/static/hermana."));
    let print = browser.get(&app, &format!("/en/admin/statements/2025/{no_email}")).await;
    assert_eq!(print.first("h1"), "Statement of gifts 2025: Sin Correo");
    // Someone who gave nothing that year has no statement.
    assert_eq!(browser.get(&app, &format!("/en/admin/statements/2024/{}", s.lapsed)).await.status, 404);
    // Only treasurers and admins.
    app.account("organizer@example.org", PASSWORD, &[Role::Organizer]).await;
    let organizer = app.sign_in("organizer@example.org", PASSWORD).await;
    assert_eq!(organizer.get(&app, "/en/admin/statements").await.status, 403);
    assert_eq!(organizer.get(&app, &format!("/en/admin/statements/2025/{}", s.lapsed)).await.status, 403);
    assert_eq!(organizer.post(&app, "/en/admin/statements", &[("year", "2025")]).await.status, 403);
}
