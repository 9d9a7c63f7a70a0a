//! "My details": the emailed link (single use, 30 minutes), changing details and consents,
//! everything held as JSON, erasure that keeps the row.

use axum::body::Body;
use axum::http::{Request, header};
use hermana::supporters::entities::{consent, note, supporter, supporter_tag, token};
use hermana::supporters::labels;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::common::{TestApp, TestResponse};
use crate::mail::emails;

const ANA: &str = "ana.ejemplo@example.org";
const CSRF: &str = "ttttttttttttttttttttttttttttttttttttttttttt";

async fn post(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> TestResponse {
    let mut all = vec![("csrf", CSRF)];
    all.extend_from_slice(fields);
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("hermana_csrf={CSRF}{cookie}"))
        .header(header::HOST, "localhost")
        .body(Body::from(serde_urlencoded::to_string(&all).unwrap()))
        .unwrap();
    app.request(request).await
}

async fn get(app: &TestApp, path: &str, cookie: &str) -> TestResponse {
    app.get_with(path, &[("cookie", &format!("hermana_csrf={CSRF}{cookie}"))]).await
}

/// Asks for Ana's link and returns its path (from the queued email).
async fn ask_for_link(app: &TestApp) -> String {
    let response = post(app, "/en/my-details", "", &[("email", " Ana.Ejemplo@Example.org ")]).await;
    assert_eq!(response.status, 200);
    let email = emails(app).await.pop().expect("an email to Ana");
    assert_eq!(email.to_address, ANA);
    assert!(email.headers.as_deref().unwrap().contains("List-Unsubscribe-Post"), "{:?}", email.headers);
    let link = email.text_body.split_whitespace().find(|w| w.contains("/mis-datos/enlace/")).unwrap().to_owned();
    format!("/{}", link.split_once("://").unwrap().1.split_once('/').unwrap().1)
}

/// Opens the link's session; returns the cookie to send (`; hermana_details=…`).
async fn open(app: &TestApp, link: &str) -> String {
    let response = post(app, link, "", &[]).await;
    assert_eq!(response.status, 303, "{}", response.text());
    assert_eq!(response.location(), "/es/mis-datos");
    let set = response.header("set-cookie").unwrap().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("Max-Age=1800"), "{set}");
    format!("; {}", set.split(';').next().unwrap())
}

#[tokio::test]
async fn the_link_answers_the_same_for_anyone_and_works_once_for_30_minutes() {
    let app = TestApp::with_demo().await;
    let known = post(&app, "/en/my-details", "", &[("email", ANA)]).await;
    let unknown = post(&app, "/en/my-details", "", &[("email", "nadie@example.org")]).await;
    assert_eq!((known.status.as_u16(), unknown.status.as_u16()), (200, 200));
    assert_eq!(
        known.first("[role=status]").replace(ANA, "X"),
        unknown.first("[role=status]").replace("nadie@example.org", "X"),
        "the same answer whether the address is known or not"
    );
    assert_eq!(emails(&app).await.len(), 1, "only the known address gets an email");

    let link = ask_for_link(&app).await;
    let stored = token::Entity::find().filter(token::Column::Purpose.eq("details-link")).all(app.db()).await.unwrap();
    let token_text = link.rsplit('/').next().unwrap();
    assert!(stored.iter().all(|t| t.token_hash != token_text), "hashed at rest");
    // Opening shows a button and uses nothing.
    assert_eq!(get(&app, &link, "").await.first("main button"), "Abrir mis datos");
    open(&app, &link).await;
    // Used once: refused afterwards.
    assert_eq!(post(&app, &link, "", &[]).await.status, 404);
    assert_eq!(get(&app, &link, "").await.status, 404);

    // Expired: a fresh link pushed past its 30 minutes.
    let late = ask_for_link(&app).await;
    token::Entity::update_many()
        .col_expr(token::Column::ExpiresAt, Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)))
        .filter(token::Column::Purpose.eq("details-link"))
        .exec(app.db())
        .await
        .unwrap();
    assert_eq!(get(&app, &late, "").await.status, 404);
    assert_eq!(post(&app, &late, "", &[]).await.status, 404);
    // Without a session the pages only offer to send a link.
    assert!(get(&app, "/es/mis-datos", "; hermana_details=nope").await.texts("#first_name").is_empty());
}

#[tokio::test]
async fn details_change_export_everything_then_erase() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let ana = hermana::supporters::model::by_email(app.db(), org, ANA).await.unwrap().unwrap();
    labels::add_note(app.db(), &ana, None, "Trae café a las reuniones.").await.unwrap();
    let gift = hermana::fundraising::ledger::NewGift {
        amount_minor: 5_000,
        currency: hermana::fundraising::money::Currency::USD,
        method: hermana::fundraising::ledger::Method::Check,
        check_number: Some("1042".into()),
        description: None,
        fund_id: None,
        campaign_id: None,
        supporter_id: Some(ana.id),
        received_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        donor_name: "Ana Ejemplo".into(),
        donor_email: Some(ANA.into()),
        donor_language: "es".into(),
        dedication: Some("En memoria de Rutilio".into()),
        acknowledge_as: Some("Ana E.".into()),
        note: "Llamó para confirmar".into(),
        source: hermana::fundraising::ledger::source::HAND,
        stripe_reference: None,
        idempotency_key: "privacy-test-gift".into(),
        account_id: None,
    };
    let gift = hermana::fundraising::ledger::record_gift(app.db(), org, &gift).await.unwrap().row;
    let cookie = open(&app, &ask_for_link(&app).await).await;

    let page = get(&app, "/es/mis-datos", &cookie).await;
    assert_eq!(page.attr("#first_name", "value"), "Ana");
    let saved = post(
        &app,
        "/es/mis-datos/guardar",
        &cookie,
        &[("first_name", "Ana María"), ("last_name", "Ejemplo"), ("language", "en"), ("events", "on")],
    )
    .await;
    assert_eq!(saved.status, 200);
    let ana = hermana::supporters::model::find(app.db(), org, ana.id).await.unwrap().unwrap();
    assert_eq!((ana.first_name.as_str(), ana.language.as_str()), ("Ana María", "en"));
    assert!(!ana.newsletter && ana.events, "the newsletter was withdrawn");

    let data = get(&app, "/es/mis-datos/datos.json", &cookie).await;
    assert_eq!(data.status, 200);
    assert!(data.header("content-disposition").unwrap().starts_with("attachment"));
    let json: serde_json::Value = serde_json::from_slice(&data.body).unwrap();
    assert_eq!(json["supporter"]["email"], ANA);
    assert_eq!(json["supporter"]["first_name"], "Ana María");
    assert_eq!(json["supporter"]["postal_code"], "53703");
    assert_eq!(json["tags"], serde_json::json!(["Delegación 2025"]));
    assert_eq!(json["notes"][0]["note"], "Trae café a las reuniones.");
    let consents = json["consents"].as_array().unwrap();
    assert_eq!(consents[0]["kind"], "newsletter");
    assert_eq!(consents[0]["granted"], false);
    assert_eq!(consents[0]["source"], "my-details");
    assert!(json["timeline"].as_array().unwrap().iter().any(|a| a["kind"] == "email-sent"));
    assert_eq!(json["gifts"][0]["amount_minor"], 5_000);
    assert_eq!(json["gifts"][0]["dedication"], "En memoria de Rutilio");

    // Not without the tick.
    let unsure = post(&app, "/es/mis-datos/borrar", &cookie, &[]).await;
    assert_eq!(unsure.status, 422);
    let before = supporter::Entity::find().count(app.db()).await.unwrap();
    let consent_rows =
        consent::Entity::find().filter(consent::Column::SupporterId.eq(ana.id)).count(app.db()).await.unwrap();
    let erased = post(&app, "/es/mis-datos/borrar", &cookie, &[("sure", "on")]).await;
    assert_eq!(erased.status, 200);
    assert!(erased.header("set-cookie").unwrap().contains("Max-Age=0"));
    let row = supporter::Entity::find_by_id(ana.id).one(app.db()).await.unwrap().expect("the row stays");
    assert!(row.erased_at.is_some());
    assert_eq!(row.email, None);
    for field in
        [&row.first_name, &row.last_name, &row.phone, &row.address, &row.postal_code, &row.place, &row.search_text]
    {
        assert_eq!(field, "");
    }
    assert!(!row.newsletter && !row.events);
    assert_eq!(supporter::Entity::find().count(app.db()).await.unwrap(), before, "totals still add up");
    assert_eq!(note::Entity::find().filter(note::Column::SupporterId.eq(ana.id)).count(app.db()).await.unwrap(), 0);
    assert_eq!(
        supporter_tag::Entity::find()
            .filter(supporter_tag::Column::SupporterId.eq(ana.id))
            .count(app.db())
            .await
            .unwrap(),
        0
    );
    let kept = consent::Entity::find().filter(consent::Column::SupporterId.eq(ana.id)).all(app.db()).await.unwrap();
    assert!(kept.len() > usize::try_from(consent_rows).unwrap() - 1, "the anonymous history stays");
    assert!(kept.iter().all(|c| c.detail.is_none() && c.request_id.is_none()));
    // The gift stays for the books, without who gave it.
    let kept = hermana::fundraising::entities::gift::Entity::find_by_id(gift.id).one(app.db()).await.unwrap().unwrap();
    assert_eq!((kept.amount_minor, kept.received_on, kept.supporter_id), (5_000, gift.received_on, Some(ana.id)));
    assert_eq!((kept.donor_name.as_str(), kept.note.as_str()), ("", ""));
    assert_eq!((kept.donor_email, kept.dedication, kept.acknowledge_as), (None, None, None));
    // The emails she was sent keep no copy of her address or of what they said.
    let sent = emails(&app).await;
    assert!(!sent.is_empty());
    assert!(
        sent.iter().all(|e| e.to_address != ANA && !e.text_body.contains("Ana")),
        "nothing addressed to her is kept"
    );
    // The session ended with the erasure; the list no longer shows her.
    assert!(get(&app, "/es/mis-datos", &cookie).await.texts("#first_name").is_empty());
    let list = hermana::supporters::list::page(app.db(), org, &Default::default(), None, 50).await.unwrap().0;
    assert!(list.iter().all(|s| s.id != ana.id));
    // She can become a Friend again with the same address: a new record.
    assert!(hermana::supporters::model::by_email(app.db(), org, ANA).await.unwrap().is_none());
}
