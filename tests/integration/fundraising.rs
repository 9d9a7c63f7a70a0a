//! Fundraising through the real router: gifts entered by hand and by deposit slip (each
//! recorded once, with one receipt), refunds as new rows, funds with their public ledger,
//! campaigns with their progress bar, receipt settings, and who may see money.

use hermana::auth::roles::Role;
use hermana::fundraising::entities::{gift, gift_batch, receipt};
use hermana::fundraising::ledger::{self, Method, NewGift, NewTransfer};
use hermana::fundraising::model::{self, Names};
use hermana::fundraising::money::Currency;
use hermana::mail::entities::email;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::common::{Browser, TestApp, TestResponse};

const PASSWORD: &str = "una frase larga";

async fn treasurer(app: &TestApp) -> Browser {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    app.account("tesoreria@example.org", PASSWORD, &[Role::Treasurer]).await;
    app.sign_in("tesoreria@example.org", PASSWORD).await
}

/// The one-time token of the first form on a page that has one.
fn submission(page: &TestResponse) -> String {
    page.attr("input[name=submission]", "value")
}

async fn fund(app: &TestApp, slug: &str) -> i64 {
    let names = Names {
        slug: slug.into(),
        name_es: "Becas para Arcatao".into(),
        name_en: "Arcatao scholarship fund".into(),
        description_es: "Becas de estudio.".into(),
        description_en: "Study grants.".into(),
    };
    model::create_fund(app.db(), app.mascp().await, &names).await.unwrap().id
}

async fn gifts(app: &TestApp) -> Vec<gift::Model> {
    gift::Entity::find().all(app.db()).await.unwrap()
}

async fn receipt_emails(app: &TestApp) -> Vec<email::Model> {
    email::Entity::find().filter(email::Column::IdempotencyKey.starts_with("receipt:")).all(app.db()).await.unwrap()
}

#[tokio::test]
async fn a_check_entered_twice_is_recorded_once_with_one_receipt_in_spanish() {
    let app = TestApp::with_demo().await;
    let browser = treasurer(&app).await;
    let page = browser.get(&app, "/es/admin/gifts").await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert_eq!(page.first("h1"), "Donativos");
    let token = submission(&page);
    let form = [
        ("submission", token.as_str()),
        ("amount", "1.234,56"),
        ("received_on", "2026-11-20"),
        ("method", "check"),
        ("check_number", "4512"),
        ("donor_name", "Rosa Ejemplo"),
        ("donor_email", "Rosa@Example.org"),
        ("donor_language", "es"),
        ("fund", ""),
        ("dedication", "En memoria de Octavio"),
        ("acknowledge_as", ""),
    ];
    let first = browser.post(&app, "/es/admin/gifts", &form).await;
    assert_eq!(first.status, 303, "{}", first.text());
    // A double click sends the same form again: the same gift, nothing new.
    let second = browser.post(&app, "/es/admin/gifts", &form).await;
    assert_eq!(second.status, 303);
    assert_eq!(first.location(), second.location());
    let rows = gifts(&app).await;
    assert_eq!(rows.len(), 1);
    let gift = &rows[0];
    assert_eq!((gift.amount_minor, gift.currency.as_str(), gift.method.as_str()), (123_456, "USD", "check"));
    assert_eq!(gift.check_number.as_deref(), Some("4512"));
    assert_eq!(gift.donor_email.as_deref(), Some("rosa@example.org"));
    assert!(gift.supporter_id.is_some(), "the donor becomes (or is found as) a supporter");
    assert_eq!(gift.acknowledge_as, None, "empty acknowledgment: anonymous");
    let receipts = receipt::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].number, format!("R-2026-{:06}", gift.id));
    let emails = receipt_emails(&app).await;
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].to_address, "rosa@example.org");
    assert_eq!(emails[0].language, "es");
    assert!(emails[0].subject.contains(&receipts[0].number), "{}", emails[0].subject);
    for expected in [
        "1.234,56 US$",
        "20 de noviembre de 2026",
        "Cheque",
        "4512",
        "En memoria de Octavio",
        "No se entregaron bienes",
    ] {
        assert!(emails[0].text_body.contains(expected), "{expected} in {}", emails[0].text_body);
    }
    // The gift's page shows it, its receipt, and the audit log has one entry.
    let shown = browser.get(&app, first.location()).await;
    assert_eq!(shown.status, 200);
    assert!(shown.text().contains(&receipts[0].number));
    let actions: Vec<String> = hermana::audit::model::recent(app.db(), app.mascp().await, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "gift.recorded").count(), 1);
}

#[tokio::test]
async fn an_ambiguous_amount_is_explained_in_the_visitors_language_and_nothing_typed_is_lost() {
    let app = TestApp::with_demo().await;
    let browser = treasurer(&app).await;
    for (lang, typed, message) in [
        ("es", "12.50", "se puede leer de dos maneras"),
        ("en", "1.234,56", "can be read two ways"),
        ("en", "-20", "cannot be negative"),
        ("es", "veinte", "solo con cifras"),
    ] {
        let page = browser.get(&app, &format!("/{lang}/admin/gifts")).await;
        let token = submission(&page);
        let response = browser
            .post(
                &app,
                &format!("/{lang}/admin/gifts"),
                &[
                    ("submission", token.as_str()),
                    ("amount", typed),
                    ("received_on", "2026-11-20"),
                    ("method", "cash"),
                    ("donor_name", "Tomás Prueba"),
                    ("donor_language", lang),
                ],
            )
            .await;
        assert_eq!(response.status, 422, "{typed}");
        assert!(response.first("#amount-error").contains(message), "{typed}: {}", response.first("#amount-error"));
        assert_eq!(response.attr("#amount", "value"), typed);
        assert_eq!(response.attr("#donor_name", "value"), "Tomás Prueba");
        assert_eq!(response.attr("#amount", "aria-invalid"), "true");
    }
    // A check needs its number; an in-kind gift its description and no fund.
    let fund = fund(&app, "becas").await;
    let page = browser.get(&app, "/en/admin/gifts").await;
    let token = submission(&page);
    let fund_id = fund.to_string();
    let response = browser
        .post(
            &app,
            "/en/admin/gifts",
            &[
                ("submission", token.as_str()),
                ("amount", "10"),
                ("received_on", "2026-11-20"),
                ("method", "in_kind"),
                ("donor_name", "A"),
                ("fund", &fund_id),
            ],
        )
        .await;
    assert_eq!(response.status, 422);
    assert!(response.first("#description-error").contains("Describe"));
    assert!(response.first("#fund-error").contains("general support"));
    assert!(gifts(&app).await.is_empty());
}

fn slip<'a>(token: &'a str, total: &'a str, rows: &[(&'a str, &'a str, &'a str, &'a str)]) -> Vec<(String, String)> {
    let mut fields = vec![
        ("submission".to_owned(), token.to_owned()),
        ("rows".to_owned(), "6".to_owned()),
        ("deposited_on".to_owned(), "2026-11-25".to_owned()),
        ("total".to_owned(), total.to_owned()),
    ];
    for (i, (name, email, number, amount)) in rows.iter().enumerate() {
        let n = i + 1;
        fields.push((format!("donor_name_{n}"), (*name).to_owned()));
        fields.push((format!("donor_email_{n}"), (*email).to_owned()));
        fields.push((format!("check_number_{n}"), (*number).to_owned()));
        fields.push((format!("amount_{n}"), (*amount).to_owned()));
    }
    fields
}

async fn post_owned(browser: &Browser, app: &TestApp, path: &str, fields: &[(String, String)]) -> TestResponse {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    browser.post(app, path, &borrowed).await
}

#[tokio::test]
async fn a_deposit_slip_is_recorded_whole_only_when_it_adds_up() {
    let app = TestApp::with_demo().await;
    let browser = treasurer(&app).await;
    let page = browser.get(&app, "/en/admin/gifts/batch").await;
    assert_eq!(page.status, 200);
    let token = submission(&page);
    let checks = [
        ("Ana Sample", "ana@example.org", "101", "50"),
        ("Bruno Placeholder", "", "102", "1,200.00"),
        ("Carla Demo", "carla@example.org", "103", "25.50"),
    ];
    // The slip says 1,300.00 but the checks add up to 1,275.50: nothing is recorded.
    let wrong = post_owned(&browser, &app, "/en/admin/gifts/batch", &slip(&token, "1,300.00", &checks)).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.first("#total-error").contains("$1,275.50"), "{}", wrong.first("#total-error"));
    assert_eq!(wrong.attr("#amount_2", "value"), "1,200.00", "typed amounts are kept");
    assert!(gifts(&app).await.is_empty());
    // A bad row refuses the whole slip too.
    let mut bad = checks;
    bad[1].2 = "";
    let refused = post_owned(&browser, &app, "/en/admin/gifts/batch", &slip(&token, "1,275.50", &bad)).await;
    assert_eq!(refused.status, 422);
    assert!(refused.first("#check_number_2-error").contains("check number"));
    assert!(gifts(&app).await.is_empty());
    // Right: three gifts, one batch, receipts for the two with an address; sent twice, once.
    let right = slip(&token, "1,275.50", &checks);
    let done = post_owned(&browser, &app, "/en/admin/gifts/batch", &right).await;
    assert_eq!(done.status, 303, "{}", done.text());
    let again = post_owned(&browser, &app, "/en/admin/gifts/batch", &right).await;
    assert_eq!(again.status, 303);
    let rows = gifts(&app).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows.iter().map(|g| g.amount_minor).sum::<i64>(), 127_550);
    assert!(
        rows.iter().all(|g| g.method == "check" && g.batch_id.is_some() && g.received_on.to_string() == "2026-11-25")
    );
    assert_eq!(gift_batch::Entity::find().count(app.db()).await.unwrap(), 1);
    assert_eq!(receipt_emails(&app).await.len(), 2);
    let confirmed = browser.get(&app, done.location()).await;
    assert!(
        confirmed.first("[role=status]").contains("3 checks recorded, $1,275.50"),
        "{}",
        confirmed.first("[role=status]")
    );
}

#[tokio::test]
async fn refunds_are_new_rows_and_never_exceed_the_gift() {
    let app = TestApp::with_demo().await;
    let browser = treasurer(&app).await;
    let page = browser.get(&app, "/en/admin/gifts").await;
    let token = submission(&page);
    let created = browser
        .post(
            &app,
            "/en/admin/gifts",
            &[
                ("submission", token.as_str()),
                ("amount", "100"),
                ("received_on", "2026-11-20"),
                ("method", "cash"),
                ("donor_name", "Dana Sample"),
                ("donor_language", "en"),
            ],
        )
        .await;
    let path = created.location().to_owned();
    let id = path.rsplit('/').next().unwrap().to_owned();
    let page = browser.get(&app, &path).await;
    let token = submission(&page);
    let refund = [("submission", token.as_str()), ("kind", "refund"), ("amount", "30"), ("note", "returned")];
    let response = browser.post(&app, &format!("/en/admin/gifts/{id}/correction"), &refund).await;
    assert_eq!(response.status, 303, "{}", response.text());
    // The same form again changes nothing.
    browser.post(&app, &format!("/en/admin/gifts/{id}/correction"), &refund).await;
    let rows = gifts(&app).await;
    assert_eq!(rows.len(), 2);
    let original = rows.iter().find(|g| g.kind == "gift").unwrap();
    assert_eq!(original.amount_minor, 10_000, "the original row is never changed");
    let refund_row = rows.iter().find(|g| g.kind == "refund").unwrap();
    assert_eq!((refund_row.amount_minor, refund_row.corrects_gift_id), (-3_000, Some(original.id)));
    // More than what is left is refused, with the amount kept.
    let page = browser.get(&app, &path).await;
    assert_eq!(page.first(".net"), "$70.00");
    let token = submission(&page);
    let response = browser
        .post(
            &app,
            &format!("/en/admin/gifts/{id}/correction"),
            &[("submission", token.as_str()), ("kind", "refund"), ("amount", "70.01")],
        )
        .await;
    assert_eq!(response.status, 422);
    assert!(response.first("#fix-amount-error").contains("more than the gift"));
    // A correction states what the gift really was.
    let response = browser
        .post(
            &app,
            &format!("/en/admin/gifts/{id}/correction"),
            &[("submission", token.as_str()), ("kind", "correction"), ("amount", "80")],
        )
        .await;
    assert_eq!(response.status, 303);
    let page = browser.get(&app, &path).await;
    assert_eq!(page.first(".net"), "$80.00");
    let actions: Vec<String> = hermana::audit::model::recent(app.db(), app.mascp().await, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "gift.corrected").count(), 2);
}

#[tokio::test]
async fn a_fund_shows_its_ledger_in_both_languages_with_only_acknowledged_donors() {
    let app = TestApp::with_demo().await;
    let browser = treasurer(&app).await;
    let created = browser
        .post(
            &app,
            "/es/admin/funds",
            &[
                ("name_es", "Becas para Arcatao"),
                ("name_en", "Arcatao scholarship fund"),
                ("slug", ""),
                ("description_es", "Becas de estudio."),
                ("description_en", "Study grants."),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.text());
    let admin_path = created.location().to_owned();
    let fund_id: String = admin_path.rsplit('/').next().unwrap().to_owned();
    for (name, acknowledge, amount) in [("Ana Sample", "Ana S.", "150"), ("Bruno Placeholder", "", "50,25")] {
        let page = browser.get(&app, "/es/admin/gifts").await;
        let token = submission(&page);
        let response = browser
            .post(
                &app,
                "/es/admin/gifts",
                &[
                    ("submission", token.as_str()),
                    ("amount", amount),
                    ("received_on", "2026-10-01"),
                    ("method", "transfer"),
                    ("donor_name", name),
                    ("fund", fund_id.as_str()),
                    ("acknowledge_as", acknowledge),
                ],
            )
            .await;
        assert_eq!(response.status, 303, "{}", response.text());
    }
    let page = browser.get(&app, &admin_path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.attr("#amount", "name"), "amount", "the fields' ids are their own");
    let token = submission(&page);
    let response = browser
        .post(
            &app,
            &format!("/es/admin/funds/{fund_id}/transfers"),
            &[
                ("submission", token.as_str()),
                ("sent_on", "2026-11-01"),
                ("amount", "120"),
                ("fees", "4,50"),
                ("purpose", "Útiles escolares"),
            ],
        )
        .await;
    assert_eq!(response.status, 303, "{}", response.text());
    let es = app.get("/es/fondos/becas-para-arcatao").await;
    assert_eq!(es.status, 200);
    assert_eq!(es.first("h1"), "Becas para Arcatao");
    assert_eq!(es.first("[data-total=in]"), "200,25 US$");
    assert_eq!(es.first("[data-total=out]"), "124,50 US$");
    assert_eq!(es.first("[data-total=balance]"), "75,75 US$");
    assert!(es.first("table.transfers tbody").contains("Útiles escolares"));
    assert_eq!(es.texts(".donor-list li"), vec!["Ana S.".to_owned()]);
    assert!(!es.text().contains("Bruno"), "anonymous donors stay anonymous");
    let en = app.get("/en/funds/becas-para-arcatao").await;
    assert_eq!(en.first("h1"), "Arcatao scholarship fund");
    assert_eq!(en.first("[data-total=balance]"), "$75.75");
    assert_eq!(en.first("[data-total=fees]"), "$4.50");
    assert!(en.first("time").contains("November 1, 2026"));
    assert_eq!(app.get("/en/funds/nothing-here").await.status, 404);
}

#[tokio::test]
async fn a_campaign_page_draws_its_progress_and_says_it_in_words() {
    let app = TestApp::with_demo().await;
    let browser = treasurer(&app).await;
    let response = browser
        .post(
            &app,
            "/en/admin/campaigns",
            &[
                ("name_es", "Agua para Arcatao"),
                ("name_en", "Water for Arcatao"),
                ("goal", "2,000"),
                ("starts_on", "2026-11-01"),
                ("ends_on", "2026-10-01"),
            ],
        )
        .await;
    assert_eq!(response.status, 422);
    assert!(response.first("#ends_on-error").contains("before the start"));
    assert_eq!(response.attr("#goal", "value"), "2,000");
    let response = browser
        .post(
            &app,
            "/en/admin/campaigns",
            &[
                ("name_es", "Agua para Arcatao"),
                ("name_en", "Water for Arcatao"),
                ("goal", "2,000"),
                ("starts_on", "2026-11-01"),
                ("ends_on", "2026-12-31"),
            ],
        )
        .await;
    assert_eq!(response.status, 303);
    let campaign = model::campaign_by_slug(app.db(), app.mascp().await, "agua-para-arcatao").await.unwrap().unwrap();
    for (i, amount) in [50_000, 25_000].into_iter().enumerate() {
        let mut new = plain_gift(amount, &format!("c{i}"));
        new.campaign_id = Some(campaign.id);
        new.donor_email = Some(format!("d{i}@example.org"));
        ledger::record_gift(app.db(), app.mascp().await, &new).await.unwrap();
    }
    let en = app.get("/en/campaigns/agua-para-arcatao").await;
    assert_eq!(en.status, 200);
    assert_eq!(en.first("#progress-text"), "$750.00 raised of a $2,000.00 goal (37 %)");
    assert_eq!(en.attr("figure.progress svg", "aria-labelledby"), "progress-text");
    assert_eq!(en.attrs("figure.progress rect", "width")[1], "37");
    assert_eq!(en.first(".donor-count"), "2 donors so far.");
    let es = app.get("/es/campanas/agua-para-arcatao").await;
    assert_eq!(es.first("h1"), "Agua para Arcatao");
    assert_eq!(es.first("#progress-text"), "750,00 US$ recaudados de una meta de 2.000,00 US$ (37 %)");
}

pub fn plain_gift(amount_minor: i64, key: &str) -> NewGift {
    NewGift {
        amount_minor,
        currency: Currency::USD,
        method: Method::Transfer,
        check_number: None,
        description: None,
        fund_id: None,
        campaign_id: None,
        supporter_id: None,
        received_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
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

/// A small deterministic generator (SplitMix64): the same sequence on every run and backend.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> i64 {
        i64::try_from(self.next() % n).unwrap()
    }
}

#[tokio::test]
async fn fund_ledger_in_minus_out_is_the_balance_exactly_for_random_sequences() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let fund = fund(&app, "becas").await;
    let other = fund_other(&app).await;
    for seed in [1_u64, 7, 2026] {
        let mut rng = Seeded(seed);
        let (mut money_in, mut sent, mut fees) = (0_i64, 0_i64, 0_i64);
        let before = ledger::fund_totals(app.db(), fund).await.unwrap();
        let mut originals: Vec<ledger::Gift> = Vec::new();
        for step in 0..120 {
            let key = format!("s{seed}-{step}");
            match rng.below(10) {
                0..=4 => {
                    // A gift of 1 cent to 10,000 dollars, to this fund or another.
                    let mut new = plain_gift(1 + rng.below(1_000_000), &key);
                    let here = rng.below(4) != 0;
                    new.fund_id = Some(if here { fund } else { other });
                    let recorded = ledger::record_gift(app.db(), org, &new).await.unwrap();
                    // Delivered twice: recorded once.
                    assert!(!ledger::record_gift(app.db(), org, &new).await.unwrap().new);
                    if here {
                        money_in += new.amount_minor;
                        originals.push(recorded.row);
                    }
                }
                5..=6 if !originals.is_empty() => {
                    let original = originals[usize::try_from(rng.below(originals.len() as u64)).unwrap()].clone();
                    let net = ledger::net_value(app.db(), &original).await.unwrap();
                    let delta = -rng.below(u64::try_from(net).unwrap() + 50);
                    match ledger::record_correction(app.db(), &original, ledger::kind::REFUND, delta, "", &key, None)
                        .await
                    {
                        Ok(_) => money_in += delta,
                        Err(ledger::CorrectionError::TooMuch) => assert!(net + delta < 0, "{net} {delta}"),
                        Err(other) => panic!("{other}"),
                    }
                }
                _ => {
                    let new = NewTransfer {
                        fund_id: fund,
                        sent_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                        amount_minor: 1 + rng.below(500_000),
                        fees_minor: rng.below(3_000),
                        purpose: "Becas".into(),
                        media_id: None,
                        idempotency_key: key,
                        account_id: None,
                    };
                    ledger::record_transfer(app.db(), org, &new).await.unwrap();
                    assert!(!ledger::record_transfer(app.db(), org, &new).await.unwrap().new);
                    sent += new.amount_minor;
                    fees += new.fees_minor;
                }
            }
            let totals = ledger::fund_totals(app.db(), fund).await.unwrap();
            assert_eq!(totals.money_in - before.money_in, money_in, "seed {seed} step {step}");
            assert_eq!((totals.sent - before.sent, totals.fees - before.fees), (sent, fees), "seed {seed} step {step}");
            assert_eq!(totals.balance(), totals.money_in - totals.sent - totals.fees);
        }
    }
    // The public page says the same figures.
    let totals = ledger::fund_totals(app.db(), fund).await.unwrap();
    let page = app.get("/en/funds/becas").await;
    assert_eq!(
        page.first("[data-total=balance]").replace(['$', ','], "").replace('-', ""),
        hermana::fundraising::money::format_minor(totals.balance().abs(), hermana::i18n::Lang::En).replace(',', "")
    );
}

async fn fund_other(app: &TestApp) -> i64 {
    let names = Names { slug: "otro".into(), name_es: "Otro".into(), name_en: "Other".into(), ..Names::default() };
    model::create_fund(app.db(), app.mascp().await, &names).await.unwrap().id
}

#[tokio::test]
async fn receipt_settings_are_checked_and_appear_on_receipts_and_a_resend_sends_once() {
    let app = TestApp::with_demo().await;
    let browser = treasurer(&app).await;
    let bad =
        browser.post(&app, "/en/admin/fundraising/settings", &[("legal_name", "MASCP Inc."), ("ein", "12-345")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.first("#ein-error").contains("nine digits"));
    assert_eq!(bad.attr("#legal_name", "value"), "MASCP Inc.");
    let saved = browser
        .post(
            &app,
            "/en/admin/fundraising/settings",
            &[
                ("legal_name", "MASCP Inc."),
                ("ein", "123456789"),
                ("receipt_text_es", ""),
                ("receipt_text_en", "Nothing was given in return."),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(model::settings(app.db(), app.mascp().await).await.unwrap().ein, "12-3456789");
    let page = browser.get(&app, "/en/admin/gifts").await;
    let token = submission(&page);
    let created = browser
        .post(
            &app,
            "/en/admin/gifts",
            &[
                ("submission", token.as_str()),
                ("amount", "40"),
                ("received_on", "2026-11-20"),
                ("method", "in_kind"),
                ("description", "Two boxes of school books"),
                ("donor_name", "Dana Sample"),
                ("donor_email", "dana@example.org"),
                ("donor_language", "en"),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    let emails = receipt_emails(&app).await;
    assert_eq!(emails.len(), 1);
    for expected in ["MASCP Inc.", "12-3456789", "Nothing was given in return.", "Two boxes of school books"] {
        assert!(emails[0].text_body.contains(expected), "{expected} in {}", emails[0].text_body);
    }
    let path = created.location().to_owned();
    let page = browser.get(&app, &path).await;
    let sends = page.attr("input[name=sends]", "value");
    assert_eq!(sends, "1");
    for _ in 0..2 {
        let response = browser.post(&app, &format!("{path}/resend"), &[("sends", sends.as_str())]).await;
        assert_eq!(response.status, 303);
    }
    let emails = receipt_emails(&app).await;
    assert_eq!(emails.len(), 2, "the same resend form twice sends one copy");
    assert!(emails.iter().any(|e| e.text_body.contains("copy of a receipt")));
    let number = receipt::Entity::find().one(app.db()).await.unwrap().unwrap().number;
    assert!(emails.iter().all(|e| e.subject.contains(&number)), "the same number on every copy");
}

#[tokio::test]
async fn an_editor_sees_no_money_and_an_organizer_no_amounts() {
    let app = TestApp::with_demo().await;
    fund(&app, "becas").await;
    let mut gift = plain_gift(12_345, "who-gives");
    gift.donor_name = "Rosa Ejemplo".into();
    ledger::record_gift(app.db(), app.mascp().await, &gift).await.unwrap();
    for (role, email) in [(Role::Editor, "editor@example.org"), (Role::Organizer, "organizer@example.org")] {
        app.account(email, PASSWORD, &[role]).await;
        let browser = app.sign_in(email, PASSWORD).await;
        for path in [
            "/en/admin/gifts",
            "/en/admin/funds",
            "/en/admin/campaigns",
            "/en/admin/gifts/batch",
            "/en/admin/fundraising/settings",
        ] {
            assert_eq!(browser.get(&app, path).await.status, 403, "{role:?} {path}");
        }
        let dashboard = browser.get(&app, "/en/admin").await;
        assert!(!dashboard.texts("nav.main-nav a").contains(&"Gifts and funds".to_owned()), "{role:?}");
        // The organizer sees who gives, never how much; the editor not even that.
        let donors = browser.get(&app, "/en/admin/donors").await;
        if role == Role::Organizer {
            assert_eq!(donors.status, 200);
            assert_eq!(donors.first("table.donors tbody th"), "Rosa Ejemplo");
            assert!(!donors.text().contains("123.45"), "no amount for an organizer");
            assert_eq!(donors.texts("table.donors thead th").len(), 4);
        } else {
            assert_eq!(donors.status, 403);
        }
    }
    let browser = treasurer(&app).await;
    let donors = browser.get(&app, "/en/admin/donors").await;
    assert_eq!(donors.texts("table.donors tbody td.amount")[1], "$123.45");
    let dashboard = browser.get(&app, "/es/admin").await;
    assert!(dashboard.texts("nav.main-nav a").contains(&"Donativos y fondos".to_owned()));
    for path in [
        "/es/admin/gifts",
        "/es/admin/funds",
        "/es/admin/campaigns",
        "/es/admin/gifts/batch",
        "/es/admin/fundraising/settings",
    ] {
        let page = browser.get(&app, path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.attr(".fund-tabs a[aria-current=page]", "href"), path);
    }
}

/// A gift recorded directly, for tests that need one (the authorization walk).
pub async fn sample_gift(app: &TestApp) -> i64 {
    ledger::record_gift(app.db(), app.mascp().await, &plain_gift(2_500, "sample")).await.unwrap().row.id
}

/// A gift from a supporter in 2026, so that they have a year-end statement.
pub async fn sample_gift_from(app: &TestApp, supporter_id: i64) -> i64 {
    let mut gift = plain_gift(1_500, "sample-from");
    gift.supporter_id = Some(supporter_id);
    ledger::record_gift(app.db(), app.mascp().await, &gift).await.unwrap().row.id
}

#[tokio::test]
async fn no_payload_in_a_fundraising_field_reaches_a_page_or_receipt_alive() {
    use crate::xss::{PAYLOADS, assert_inert};
    let app = TestApp::with_demo().await;
    let browser = treasurer(&app).await;
    let short: Vec<&str> = PAYLOADS.iter().copied().filter(|p| p.chars().count() <= 190).collect();
    let saved = browser
        .post(
            &app,
            "/en/admin/fundraising/settings",
            &[("legal_name", short[0]), ("ein", ""), ("receipt_text_es", short[1]), ("receipt_text_en", short[2])],
        )
        .await;
    assert_eq!(saved.status, 303);
    let fund_id = model::fund_by_slug(app.db(), app.mascp().await, hermana::demo::fundraising::FUND_SLUG)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    for (i, payload) in short.iter().enumerate() {
        let created = browser
            .post(
                &app,
                "/en/admin/campaigns",
                &[
                    ("name_es", payload),
                    ("name_en", payload),
                    ("slug", &format!("c{i}")),
                    ("goal", "100"),
                    ("starts_on", "2026-11-01"),
                ],
            )
            .await;
        assert_eq!(created.status, 303, "{payload}");
        let page = browser.get(&app, "/en/admin/gifts").await;
        let token = submission(&page);
        let language = if i % 2 == 0 { "es" } else { "en" };
        let response = browser
            .post(
                &app,
                "/en/admin/gifts",
                &[
                    ("submission", token.as_str()),
                    ("amount", "10"),
                    ("received_on", "2026-11-20"),
                    ("method", "check"),
                    ("check_number", &payload.chars().take(30).collect::<String>()),
                    ("donor_name", payload),
                    ("donor_email", &format!("d{i}@example.org")),
                    ("donor_language", language),
                    ("fund", &fund_id),
                    ("dedication", payload),
                    ("acknowledge_as", payload),
                    ("note", payload),
                ],
            )
            .await;
        assert_eq!(response.status, 303, "{payload}: {}", response.text());
        let page = browser.get(&app, &format!("/en/admin/funds/{fund_id}")).await;
        let token = submission(&page);
        let response = browser
            .post(
                &app,
                &format!("/en/admin/funds/{fund_id}/transfers"),
                &[("submission", token.as_str()), ("sent_on", "2026-11-21"), ("amount", "1"), ("purpose", payload)],
            )
            .await;
        assert_eq!(response.status, 303, "{payload}");
    }
    let gift = gifts(&app).await[0].id;
    for path in [
        "/en/admin/gifts".to_owned(),
        format!("/es/admin/gifts/{gift}"),
        format!("/en/admin/funds/{fund_id}"),
        "/es/admin/funds".to_owned(),
        "/en/admin/campaigns".to_owned(),
        "/en/admin/fundraising/settings".to_owned(),
    ] {
        let page = browser.get(&app, &path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.text(), &path);
    }
    for path in ["/es/fondos/becas-arcatao", "/en/funds/becas-arcatao", "/es/campanas/c0", "/en/campaigns/c1"] {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        // The progress bar is the page's own SVG: only numbers go into it.
        let html = page.text();
        let html = match (html.find("<figure class=\"progress\">"), html.find("</figure>")) {
            (Some(start), Some(end)) => {
                let figure = &html[start..end];
                assert!(!figure.contains("alert") && figure.matches('<').count() == 9, "{figure}");
                format!("{}{}", &html[..start], &html[end..])
            }
            _ => html,
        };
        assert_inert(&html, path);
    }
    for email in receipt_emails(&app).await {
        assert_inert(email.html_body.as_deref().unwrap(), &email.subject);
    }
}

#[tokio::test]
async fn a_crash_between_recording_and_the_receipt_leaves_exactly_one_gift_and_one_receipt() {
    use sea_orm::TransactionTrait;
    let app = TestApp::with_demo().await;
    let organization = hermana::organizations::model::find(app.db(), app.mascp().await).await.unwrap().unwrap();
    let mut new = plain_gift(5_000, "form:crash");
    new.donor_email = Some("ana@example.org".into());
    // The process dies after the gift's insert, before the commit: nothing is left behind.
    {
        let txn = app.db().begin().await.unwrap();
        let recorded =
            hermana::fundraising::giving::record(&txn, &app.state, &organization, new.clone()).await.unwrap();
        assert!(recorded.new);
        drop(txn);
    }
    assert!(gifts(&app).await.is_empty());
    assert!(receipt_emails(&app).await.is_empty());
    // The retry records both; every later retry finds them and adds nothing.
    for attempt in 0..3 {
        let txn = app.db().begin().await.unwrap();
        let recorded =
            hermana::fundraising::giving::record(&txn, &app.state, &organization, new.clone()).await.unwrap();
        txn.commit().await.unwrap();
        assert_eq!(recorded.new, attempt == 0);
    }
    assert_eq!(gifts(&app).await.len(), 1);
    assert_eq!(receipt::Entity::find().count(app.db()).await.unwrap(), 1);
    let emails = receipt_emails(&app).await;
    assert_eq!(emails.len(), 1);
    // Queued in the outbox with its delivery job, in the same transaction as the gift.
    let jobs = hermana::jobs::entities::job::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(jobs.iter().filter(|j| j.idempotency_key.ends_with(&emails[0].idempotency_key)).count(), 1);
}
