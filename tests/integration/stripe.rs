//! Giving online: the donate page, Stripe Checkout through a stand-in on 127.0.0.1, the
//! signed webhook (each event once, in any order, however often and however concurrently it
//! comes), refunds, recurring plans and their change or cancellation from "My details".

use axum::body::Body;
use axum::http::{Request, header};
use hermana::audit::entities::audit_entry;
use hermana::auth::roles::Role;
use hermana::config::Secret;
use hermana::fundraising::entities::{gift, receipt, recurring_plan, stripe_event};
use hermana::fundraising::model;
use hermana::fundraising::plans::status;
use hermana::fundraising::stripe::signature;
use hermana::mail::entities::email;
use hermana::supporters::links::{self, DETAILS_TTL, purpose};
use hermana::supporters::model as supporters;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::common::{Browser, TestApp, TestResponse};

const PASSWORD: &str = "una frase larga";
use crate::stripe_standin::StripeStandIn;

const SECRET: &str = "whsec_test_hermana";

async fn app_with(standin: &StripeStandIn) -> TestApp {
    let base = standin.base();
    let app = TestApp::configured(|config| {
        config.stripe.stripe_secret_key = Some(Secret("sk_test_hermana".into()));
        config.stripe.stripe_webhook_secret = Some(Secret(SECRET.into()));
        config.stripe.stripe_api_base = base;
    })
    .await;
    assert!(hermana::demo::load(app.db()).await.unwrap());
    app
}

async fn fund_id(app: &TestApp) -> i64 {
    model::fund_by_slug(app.db(), app.mascp().await, "becas-arcatao").await.unwrap().unwrap().id
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn post_webhook(app: &TestApp, body: &str, signature_header: &str) -> TestResponse {
    let request = Request::post("/webhooks/stripe")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/json")
        .header("stripe-signature", signature_header)
        .body(Body::from(body.to_owned()))
        .unwrap();
    app.request(request).await
}

/// Delivers `event` signed as Stripe signs it.
async fn deliver(app: &TestApp, event: &Value) -> TestResponse {
    let body = event.to_string();
    post_webhook(app, &body, &signature::sign(SECRET, body.as_bytes(), now())).await
}

fn event(id: &str, kind: &str, object: Value) -> Value {
    json!({"id": id, "object": "event", "type": kind, "created": now(), "data": {"object": object}})
}

fn metadata(lang: &str, fund: Option<i64>, interval: &str) -> Value {
    json!({
        "hermana": "1", "lang": lang, "fund": fund.map(|f| f.to_string()).unwrap_or_default(), "campaign": "",
        "name": "Rosa Beltrán", "interval": interval, "dedication": "En memoria de Octavio", "acknowledge_as": "Rosa B."
    })
}

fn one_time_session(id: &str, amount: i64, lang: &str, fund: Option<i64>) -> Value {
    json!({
        "id": id, "object": "checkout.session", "mode": "payment", "payment_status": "paid",
        "amount_total": amount, "currency": "usd", "payment_intent": format!("pi_{id}"),
        "customer_details": {"email": "Rosa@Example.org", "name": "Rosa Beltrán"},
        "metadata": metadata(lang, fund, "once")
    })
}

fn subscription_session(fund: Option<i64>) -> Value {
    json!({
        "id": "cs_sub_1", "object": "checkout.session", "mode": "subscription", "payment_status": "paid",
        "amount_total": 2500, "currency": "usd", "customer": "cus_1", "subscription": "sub_1",
        "customer_details": {"email": "rosa@example.org", "name": "Rosa Beltrán"},
        "metadata": metadata("es", fund, "month")
    })
}

fn invoice(id: &str, amount: i64, fund: Option<i64>) -> Value {
    json!({
        "id": id, "object": "invoice", "amount_paid": amount, "currency": "usd", "customer": "cus_1",
        "customer_email": "rosa@example.org", "subscription": "sub_1", "payment_intent": format!("pi_{id}"),
        "subscription_details": {"metadata": metadata("es", fund, "month")}
    })
}

async fn gifts(app: &TestApp) -> Vec<gift::Model> {
    gift::Entity::find().order_by_asc(gift::Column::Id).all(app.db()).await.unwrap()
}

async fn receipts(app: &TestApp) -> Vec<receipt::Model> {
    receipt::Entity::find().all(app.db()).await.unwrap()
}

async fn receipt_emails(app: &TestApp) -> Vec<email::Model> {
    let all = email::Entity::find().order_by_asc(email::Column::Id).all(app.db()).await.unwrap();
    all.into_iter().filter(|e| e.idempotency_key.starts_with("receipt:")).collect()
}

async fn plans(app: &TestApp) -> Vec<recurring_plan::Model> {
    recurring_plan::Entity::find().all(app.db()).await.unwrap()
}

/// The donate form's hidden submission token.
async fn submission(app: &TestApp, browser: &Browser, path: &str) -> String {
    browser.get(app, path).await.attr("input[name=submission]", "value")
}

#[tokio::test]
async fn without_stripe_the_donate_page_says_how_to_give_by_check_or_transfer() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let mut settings = model::settings(app.db(), org).await.unwrap();
    settings.give_by_mail_es = "Cheques a nombre de MASCP, PO Box 1, Madison WI".into();
    settings.give_by_mail_en = "Checks payable to MASCP, PO Box 1, Madison WI".into();
    model::save_settings(app.db(), org, &settings).await.unwrap();

    let es = app.get("/es/donar").await;
    assert_eq!(es.status, 200);
    assert!(es.header("content-security-policy").unwrap().contains("form-action 'self';"));
    assert_eq!(es.first("h1"), "Donar");
    assert!(es.texts("form input[name=submission]").is_empty(), "no card form without Stripe");
    assert!(es.first(".give-by-mail").contains("Cheques a nombre de MASCP"));
    let en = app.get("/en/donate").await;
    assert_eq!(en.first("h1"), "Give");
    assert!(en.first(".give-by-mail").contains("Checks payable to MASCP"));
    assert!(en.text().contains("Card payments are not available"));
    // The footer of every public page, and the fund's page, lead here.
    assert!(app.get("/en/").await.attrs("footer a", "href").contains(&"/en/donate".to_owned()));
    assert!(
        app.get("/es/fondos/becas-arcatao")
            .await
            .attrs("main a", "href")
            .contains(&"/es/donar?fund=becas-arcatao".to_owned())
    );
    // A post without Stripe goes back to the page and records nothing.
    let posted =
        Browser::new().post(&app, "/es/donar", &[("amount", "25"), ("name", "Ana"), ("email", "a@example.org")]).await;
    assert_eq!(posted.status, 303);
    assert!(gifts(&app).await.is_empty());
    // The webhook does not exist without a secret.
    assert_eq!(post_webhook(&app, "{}", "t=1,v1=00").await.status, 404);
}

#[tokio::test]
async fn the_checkout_session_is_form_encoded_in_cents_with_an_idempotency_key() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let fund = fund_id(&app).await;
    let browser = Browser::new();
    let token = submission(&app, &browser, "/es/donar?fund=becas-arcatao").await;
    let page = browser.get(&app, "/es/donar?fund=becas-arcatao").await;
    // The form's answer redirects to Checkout: the page's CSP lets the form go there, and only there.
    let csp = page.header("content-security-policy").unwrap().to_owned();
    assert!(csp.contains(&format!("form-action 'self' {};", standin.base())), "{csp}");
    assert_eq!(page.attr("#fund option[selected]", "value"), "becas-arcatao");
    let form = [
        ("submission", token.as_str()),
        ("amount", "other"),
        ("other_amount", "1.234,50"),
        ("frequency", "month"),
        ("fund", "becas-arcatao"),
        ("name", "Rosa Beltrán"),
        ("email", "Rosa@Example.org"),
        ("dedication", "En memoria de Octavio"),
        ("acknowledge", "named"),
        ("acknowledge_as", ""),
    ];
    let first = browser.post(&app, "/es/donar", &form).await;
    assert_eq!(first.status, 303, "{}", first.text());
    assert_eq!(first.location(), "https://checkout.stripe.test/pay/cs_test_1");
    // A double click: the same request, the same key, the same session.
    let second = browser.post(&app, "/es/donar", &form).await;
    assert_eq!(second.location(), "https://checkout.stripe.test/pay/cs_test_1");

    let sent = standin.received();
    assert_eq!(sent.len(), 2);
    let request = &sent[0];
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/checkout/sessions"));
    assert_eq!(request.content_type, "application/x-www-form-urlencoded");
    assert_eq!(request.authorization, "Bearer sk_test_hermana");
    let key = request.idempotency_key.clone().expect("an Idempotency-Key");
    assert!(key.contains(&token));
    assert_eq!(sent[1].idempotency_key.as_deref(), Some(key.as_str()));
    assert_eq!(request.field("mode").as_deref(), Some("subscription"));
    assert_eq!(request.field("line_items[0][price_data][unit_amount]").as_deref(), Some("123450"));
    assert_eq!(request.field("line_items[0][price_data][currency]").as_deref(), Some("usd"));
    assert_eq!(request.field("line_items[0][price_data][recurring][interval]").as_deref(), Some("month"));
    assert_eq!(request.field("customer_email").as_deref(), Some("rosa@example.org"));
    assert_eq!(request.field("locale").as_deref(), Some("es"));
    assert_eq!(request.field("subscription_data[metadata][fund]"), Some(fund.to_string()));
    assert_eq!(request.field("metadata[acknowledge_as]").as_deref(), Some("Rosa Beltrán"));
    assert_eq!(request.field("metadata[dedication]").as_deref(), Some("En memoria de Octavio"));
    assert!(request.field("success_url").unwrap().starts_with("http://localhost/es/donar/gracias?session_id="));
    // Nothing is recorded until the webhook says it was paid.
    assert!(gifts(&app).await.is_empty());

    // A one-time gift in English: a different amount, a different session.
    let token = submission(&app, &browser, "/en/donate").await;
    let once = [
        ("submission", token.as_str()),
        ("amount", "50"),
        ("frequency", "once"),
        ("name", "Ann"),
        ("email", "ann@example.org"),
        ("acknowledge", "anonymous"),
    ];
    assert_eq!(browser.post(&app, "/en/donate", &once).await.location(), "https://checkout.stripe.test/pay/cs_test_2");
    let request = standin.received().pop().unwrap();
    assert_eq!(request.field("mode").as_deref(), Some("payment"));
    assert_eq!(request.field("line_items[0][price_data][unit_amount]").as_deref(), Some("5000"));
    assert_eq!(request.field("payment_intent_data[metadata][lang]").as_deref(), Some("en"));
    assert_eq!(request.field("metadata[acknowledge_as]"), None, "anonymous");
    assert_eq!(request.field("line_items[0][price_data][recurring][interval]"), None);

    // A typed amount wins over a preset left ticked (without JavaScript nothing unticks it).
    let token = submission(&app, &browser, "/es/donar").await;
    let typed = [
        ("submission", token.as_str()),
        ("amount", "50"),
        ("other_amount", "40"),
        ("name", "Ana"),
        ("email", "ana@example.org"),
    ];
    browser.post(&app, "/es/donar", &typed).await;
    let request = standin.received().pop().unwrap();
    assert_eq!(request.field("line_items[0][price_data][unit_amount]").as_deref(), Some("4000"));

    // Stripe unwell: the donor is told in their language, the form kept, nothing charged.
    standin.fail();
    let token = submission(&app, &browser, "/en/donate").await;
    let once = [("submission", token.as_str()), ("amount", "25"), ("name", "Ann"), ("email", "ann@example.org")];
    let refused = browser.post(&app, "/en/donate", &once).await;
    assert_eq!(refused.status, 502);
    assert!(refused.first("[role=alert]").contains("Nothing was charged"));
    assert_eq!(refused.attr("#name", "value"), "Ann");
}

#[tokio::test]
async fn donate_form_problems_are_explained_in_each_language_and_nothing_is_sent() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let browser = Browser::new();
    let token = submission(&app, &browser, "/es/donar").await;
    let typed = [
        ("submission", token.as_str()),
        ("amount", "other"),
        ("other_amount", "12.50"),
        ("name", " "),
        ("email", "no-es-correo"),
        ("fund", "no-existe"),
        ("dedication", "Para Octavio"),
    ];
    let es = browser.post(&app, "/es/donar", &typed).await;
    assert_eq!(es.status, 422);
    assert!(es.first("#amount-error").starts_with("Este monto se puede leer de dos maneras."));
    assert_eq!(es.first("#name-error"), "Escriba un nombre.");
    assert_eq!(es.first("#email-error"), "Esta dirección de correo no parece correcta.");
    assert_eq!(es.first("#fund-error"), "Elija de la lista a dónde va su donativo.");
    assert_eq!(es.attr("#dedication", "value"), "Para Octavio", "what was typed is kept");
    assert_eq!(es.attr("#other_amount", "value"), "12.50");

    let token = submission(&app, &browser, "/en/donate").await;
    let en = browser
        .post(
            &app,
            "/en/donate",
            &[("submission", token.as_str()), ("amount", "7"), ("name", "Ann"), ("email", "ann@example.org")],
        )
        .await;
    assert_eq!(en.status, 422);
    assert_eq!(en.first("#amount-error"), "Choose an amount, or type another amount.");
    assert_eq!(en.first("[role=alert]"), "Some answers need a look. Nothing was charged.");
    let en = browser
        .post(
            &app,
            "/en/donate",
            &[
                ("submission", token.as_str()),
                ("amount", "other"),
                ("other_amount", "0"),
                ("name", "Ann"),
                ("email", "ann"),
            ],
        )
        .await;
    assert_eq!(en.first("#amount-error"), "The amount must be more than zero.");
    assert_eq!(en.first("#email-error"), "This email address does not look right.");
    assert!(standin.received().is_empty(), "nothing went to Stripe");
}

#[tokio::test]
async fn bad_signatures_are_refused_and_record_nothing() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let body = event("evt_bad", "checkout.session.completed", one_time_session("cs_1", 2500, "es", None)).to_string();
    let wrong_secret = signature::sign("whsec_someone_else", body.as_bytes(), now());
    let stale = signature::sign(SECRET, body.as_bytes(), now() - 301);
    let tampered_body = body.replace("2500", "250000");
    let right = signature::sign(SECRET, body.as_bytes(), now());
    for (payload, header) in [
        (&body, wrong_secret.as_str()),
        (&body, stale.as_str()),
        (&tampered_body, right.as_str()),
        (&body, ""),
        (&body, "t=abc,v1=zz"),
    ] {
        assert_eq!(post_webhook(&app, payload, header).await.status, 400, "{header}");
    }
    assert!(gifts(&app).await.is_empty());
    assert!(stripe_event::Entity::find().all(app.db()).await.unwrap().is_empty());
    // The same body, rightly signed, is taken.
    assert_eq!(post_webhook(&app, &body, &right).await.status, 200);
    assert_eq!(gifts(&app).await.len(), 1);
}

#[tokio::test]
async fn a_one_time_gift_is_recorded_once_with_one_receipt_in_the_donors_language() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let fund = fund_id(&app).await;
    let completed = event("evt_1", "checkout.session.completed", one_time_session("cs_1", 5000, "en", Some(fund)));
    for _ in 0..3 {
        assert_eq!(deliver(&app, &completed).await.status, 200);
    }
    // The same session told again under another event id (Stripe may): still once.
    let again = event("evt_1b", "checkout.session.completed", one_time_session("cs_1", 5000, "en", Some(fund)));
    assert_eq!(deliver(&app, &again).await.status, 200);
    let rows = gifts(&app).await;
    assert_eq!(rows.len(), 1);
    let gift = &rows[0];
    assert_eq!((gift.amount_minor, gift.currency.as_str(), gift.method.as_str()), (5000, "USD", "card"));
    assert_eq!((gift.source.as_str(), gift.fund_id), ("stripe", Some(fund)));
    assert_eq!(gift.donor_email.as_deref(), Some("rosa@example.org"));
    assert_eq!(gift.dedication.as_deref(), Some("En memoria de Octavio"));
    assert_eq!(gift.acknowledge_as.as_deref(), Some("Rosa B."));
    assert!(gift.supporter_id.is_some(), "the donor's supporter record");
    assert_eq!(receipts(&app).await.len(), 1);
    let emails = receipt_emails(&app).await;
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].language, "en");
    assert_eq!(emails[0].to_address, "rosa@example.org");
    // The fund's public page names the donor as they asked.
    assert!(app.get("/en/funds/becas-arcatao").await.text().contains("Rosa B."));
}

#[tokio::test]
async fn a_monthly_gift_records_each_payment_once_whatever_the_order() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let fund = fund_id(&app).await;
    // The first payment's invoice.paid before checkout.session.completed.
    assert_eq!(deliver(&app, &event("evt_inv1", "invoice.paid", invoice("in_1", 2500, Some(fund)))).await.status, 200);
    assert_eq!(
        deliver(&app, &event("evt_cs", "checkout.session.completed", subscription_session(Some(fund)))).await.status,
        200
    );
    assert_eq!(deliver(&app, &event("evt_inv1", "invoice.paid", invoice("in_1", 2500, Some(fund)))).await.status, 200);
    assert_eq!(
        deliver(&app, &event("evt_cs", "checkout.session.completed", subscription_session(Some(fund)))).await.status,
        200
    );
    let plan = plans(&app).await;
    assert_eq!(plan.len(), 1);
    assert_eq!((plan[0].stripe_subscription_id.as_str(), plan[0].stripe_customer_id.as_str()), ("sub_1", "cus_1"));
    assert_eq!((plan[0].amount_minor, plan[0].interval.as_str(), plan[0].fund_id), (2500, "month", Some(fund)));
    assert_eq!(plan[0].status, status::ACTIVE);
    assert_eq!(gifts(&app).await.len(), 1, "the session adds no gift: the invoice is the payment");

    // The next month: a new invoice, a new gift and receipt.
    assert_eq!(deliver(&app, &event("evt_inv2", "invoice.paid", invoice("in_2", 2500, Some(fund)))).await.status, 200);
    let rows = gifts(&app).await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|g| g.fund_id == Some(fund) && g.supporter_id == plan[0].supporter_id));
    assert_eq!(receipts(&app).await.len(), 2);
    let emails = receipt_emails(&app).await;
    assert_eq!(emails.len(), 2);
    assert!(emails.iter().all(|e| e.language == "es"));

    // A failed payment marks the plan; the next paid invoice clears it.
    deliver(&app, &event("evt_fail", "invoice.payment_failed", invoice("in_3", 2500, Some(fund)))).await;
    assert_eq!(plans(&app).await[0].status, status::PAST_DUE);
    // The treasurer sees the plan and its failed payment beside the donors; an organizer sees
    // who and how often, not how much.
    app.account("tesorera@example.org", PASSWORD, &[Role::Treasurer]).await;
    app.account("organiza@example.org", PASSWORD, &[Role::Organizer]).await;
    let treasurer = app.sign_in("tesorera@example.org", PASSWORD).await;
    let row = |page: &TestResponse| page.texts("table.plans tbody tr").first().cloned().unwrap_or_default();
    let donors = treasurer.get(&app, "/en/admin/donors").await;
    let shown = row(&donors);
    assert!(shown.contains("Rosa Beltrán") && shown.contains("Every month") && shown.contains("$25.00"), "{shown}");
    assert!(shown.contains("The last payment failed"), "{shown}");
    let organizer = app.sign_in("organiza@example.org", PASSWORD).await;
    let shown = row(&organizer.get(&app, "/es/admin/donors").await);
    assert!(shown.contains("Cada mes") && !shown.contains("25"), "{shown}");
    deliver(&app, &event("evt_inv3", "invoice.paid", invoice("in_3", 2500, Some(fund)))).await;
    assert_eq!(plans(&app).await[0].status, status::ACTIVE);
    // Cancelled is final: a late, repeated failure does not bring it back.
    let subscription = json!({"id": "sub_1", "object": "subscription", "customer": "cus_1", "metadata": metadata("es", Some(fund), "month")});
    deliver(&app, &event("evt_del", "customer.subscription.deleted", subscription)).await;
    deliver(&app, &event("evt_fail2", "invoice.payment_failed", invoice("in_4", 2500, Some(fund)))).await;
    let plan = &plans(&app).await[0];
    assert_eq!(plan.status, status::CANCELLED);
    assert!(plan.cancelled_at.is_some());
    assert_eq!(gifts(&app).await.len(), 3);
    let shown = row(&treasurer.get(&app, "/es/admin/donors").await);
    assert!(shown.contains("Cancelado el"), "{shown}");
}

#[tokio::test]
async fn a_cancellation_heard_before_anything_else_still_makes_a_cancelled_plan() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let subscription = json!({
        "id": "sub_9", "object": "subscription", "customer": "cus_9", "metadata": metadata("en", None, "year"),
        "items": {"data": [{"price": {"unit_amount": 10000, "currency": "usd"}}]}
    });
    deliver(&app, &event("evt_del9", "customer.subscription.deleted", subscription)).await;
    let plan = &plans(&app).await[0];
    assert_eq!((plan.status.as_str(), plan.amount_minor, plan.interval.as_str()), (status::CANCELLED, 10000, "year"));
    // Events about objects made outside Hermana are taken and ignored.
    let foreign = json!({"id": "sub_x", "object": "subscription", "metadata": {}});
    assert_eq!(deliver(&app, &event("evt_x", "customer.subscription.deleted", foreign)).await.status, 200);
    assert_eq!(deliver(&app, &event("evt_y", "customer.created", json!({"id": "cus_y"}))).await.status, 200);
    assert_eq!(plans(&app).await.len(), 1);
}

#[tokio::test]
async fn concurrent_deliveries_of_one_event_record_one_gift_and_one_receipt() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let completed = event("evt_race", "checkout.session.completed", one_time_session("cs_race", 7500, "es", None));
    let paid = event("evt_race_inv", "invoice.paid", invoice("in_race", 2500, None));
    let session = event("evt_race_cs", "checkout.session.completed", subscription_session(None));
    let mut deliveries = Vec::new();
    for n in 0..12 {
        let event = [&completed, &paid, &session][n % 3].clone();
        let (router, body) = (app.router.clone(), event.to_string());
        deliveries.push(tokio::spawn(async move {
            let request = Request::post("/webhooks/stripe")
                .header(header::HOST, "localhost")
                .header("stripe-signature", signature::sign(SECRET, body.as_bytes(), now()))
                .body(Body::from(body))
                .unwrap();
            tower::ServiceExt::oneshot(router, request).await.unwrap().status().as_u16()
        }));
    }
    for delivery in deliveries {
        assert_eq!(delivery.await.unwrap(), 200);
    }
    assert_eq!(gifts(&app).await.len(), 2);
    assert_eq!(receipts(&app).await.len(), 2);
    assert_eq!(receipt_emails(&app).await.len(), 2);
    assert_eq!(plans(&app).await.len(), 1);
    assert_eq!(stripe_event::Entity::find().all(app.db()).await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_delivery_cut_off_anywhere_leaves_one_gift_and_one_receipt_after_redelivery() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let fund = fund_id(&app).await;
    // Each delivery is cut off after a growing delay (a dropped future is a killed process
    // to the database: its transaction rolls back), then Stripe delivers again.
    let mut cut = 0;
    for step in 0..40u64 {
        let paid =
            event(&format!("evt_cut_{step}"), "invoice.paid", invoice(&format!("in_cut_{step}"), 1000, Some(fund)));
        let body = paid.to_string();
        let request = Request::post("/webhooks/stripe")
            .header(header::HOST, "localhost")
            .header("stripe-signature", signature::sign(SECRET, body.as_bytes(), now()))
            .body(Body::from(body))
            .unwrap();
        let delay = std::time::Duration::from_micros(step * step * 40);
        if tokio::time::timeout(delay, tower::ServiceExt::oneshot(app.router.clone(), request)).await.is_err() {
            cut += 1;
        }
        assert_eq!(deliver(&app, &paid).await.status, 200);
    }
    assert!(cut > 0, "some deliveries were cut off");
    let rows = gifts(&app).await;
    assert_eq!(rows.len(), 40);
    assert_eq!(receipts(&app).await.len(), 40);
    assert_eq!(receipt_emails(&app).await.len(), 40);
    let mut keys: Vec<_> = rows.iter().map(|g| g.idempotency_key.clone()).collect();
    keys.dedup();
    assert_eq!(keys.len(), 40);
}

#[tokio::test]
async fn a_refund_is_a_new_ledger_row_recorded_once_even_when_it_comes_first() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let charge = json!({
        "id": "ch_1", "object": "charge", "payment_intent": "pi_cs_r", "amount": 5000, "amount_refunded": 2000,
        "refunds": {"data": [{"id": "re_1", "amount": 2000}]}
    });
    let refunded = event("evt_ref", "charge.refunded", charge);
    // Before the gift: refused for now, nothing kept, so Stripe delivers it again.
    assert_eq!(deliver(&app, &refunded).await.status, 409);
    assert!(stripe_event::Entity::find().all(app.db()).await.unwrap().is_empty());
    deliver(&app, &event("evt_paid", "checkout.session.completed", one_time_session("cs_r", 5000, "es", None))).await;
    for _ in 0..2 {
        assert_eq!(deliver(&app, &refunded).await.status, 200);
    }
    let rows = gifts(&app).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[1].kind.as_str(), rows[1].amount_minor, rows[1].corrects_gift_id),
        ("refund", -2000, Some(rows[0].id))
    );
    assert_eq!(receipts(&app).await.len(), 1, "a refund gets no receipt");
    // A second, later refund of the rest.
    let charge = json!({
        "id": "ch_1", "object": "charge", "payment_intent": "pi_cs_r", "amount": 5000, "amount_refunded": 5000,
        "refunds": {"data": [{"id": "re_2", "amount": 3000}, {"id": "re_1", "amount": 2000}]}
    });
    deliver(&app, &event("evt_ref2", "charge.refunded", charge)).await;
    let rows = gifts(&app).await;
    assert_eq!(rows.iter().map(|g| g.amount_minor).sum::<i64>(), 0);
    assert_eq!(rows.len(), 3);
    // Each refund is in the audit log once, by no account (Stripe did it).
    let audited: Vec<_> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("gift.corrected"))
        .order_by_asc(audit_entry::Column::Id)
        .all(app.db())
        .await
        .unwrap();
    let subjects: Vec<&str> = audited.iter().map(|a| a.subject.as_str()).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects[0].contains("-20.00") && subjects[0].contains("Stripe"), "{subjects:?}");
    assert!(audited.iter().all(|a| a.account_id.is_none()));
}

/// Opens a "My details" session for the supporter with this address; returns the cookie.
async fn details_cookie(app: &TestApp, email: &str) -> String {
    let supporter = supporters::by_email(app.db(), app.mascp().await, email).await.unwrap().unwrap();
    let token = links::issue(app.db(), &supporter, purpose::DETAILS_SESSION, "{}", DETAILS_TTL).await.unwrap();
    format!("hermana_csrf={}; hermana_details={token}", Browser::new().csrf)
}

async fn post_details(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> TestResponse {
    let mut all = vec![("csrf", Browser::new().csrf)];
    all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .body(Body::from(serde_urlencoded::to_string(&all).unwrap()))
        .unwrap();
    app.request(request).await
}

#[tokio::test]
async fn a_donor_changes_and_cancels_a_monthly_gift_from_my_details() {
    let standin = StripeStandIn::start().await;
    let app = app_with(&standin).await;
    let fund = fund_id(&app).await;
    deliver(&app, &event("evt_cs", "checkout.session.completed", subscription_session(Some(fund)))).await;
    let plan = plans(&app).await.pop().unwrap();
    let cookie = details_cookie(&app, "rosa@example.org").await;

    let page = app.get_with("/es/mis-datos", &[("cookie", &cookie)]).await;
    assert_eq!(page.first(".plan h3"), "25,00 US$ cada mes");
    assert!(page.first(".plan p").contains("Becas para Arcatao"));
    let en = app.get_with("/en/my-details", &[("cookie", &cookie)]).await;
    assert_eq!(en.first(".plan h3"), "$25.00 every month");

    // A new amount, typed the Spanish way.
    let (cancel, amount) =
        (format!("/es/mis-datos/donativos/{}/cancelar", plan.id), format!("/es/mis-datos/donativos/{}/monto", plan.id));
    let bad = post_details(&app, &amount, &cookie, &[("amount", "30.5")]).await;
    assert_eq!(bad.status, 422);
    assert!(!bad.first(&format!("#plan-{}-error", plan.id)).is_empty());
    assert!(standin.received().is_empty());
    let changed = post_details(&app, &amount, &cookie, &[("amount", "30,00")]).await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    assert!(changed.first("[role=status]").contains("nuevo monto"));
    let sent = standin.received();
    assert_eq!(sent.len(), 2);
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("GET", "/v1/subscriptions/sub_1"));
    assert_eq!((sent[1].method.as_str(), sent[1].path.as_str()), ("POST", "/v1/subscriptions/sub_1"));
    assert_eq!(sent[1].field("items[0][id]").as_deref(), Some("si_test_1"));
    assert_eq!(sent[1].field("items[0][price_data][unit_amount]").as_deref(), Some("3000"));
    assert_eq!(sent[1].field("items[0][price_data][product]").as_deref(), Some("prod_test_1"));
    assert_eq!(sent[1].field("proration_behavior").as_deref(), Some("none"));
    assert!(sent[1].idempotency_key.is_some());
    assert_eq!(plans(&app).await[0].amount_minor, 3000);
    // The same amount again changes nothing at Stripe.
    post_details(&app, &amount, &cookie, &[("amount", "30")]).await;
    assert_eq!(standin.received().len(), 2);

    // Erasing while the plan still charges is refused until it is cancelled.
    let erase = post_details(&app, "/en/my-details/erase", &cookie, &[("sure", "on")]).await;
    assert_eq!(erase.status, 422);
    assert!(erase.first("[role=alert]").starts_with("You still have a monthly or yearly gift."));
    assert_eq!(plans(&app).await[0].donor_email.as_deref(), Some("rosa@example.org"));

    let cancelled = post_details(&app, &cancel, &cookie, &[]).await;
    assert_eq!(cancelled.status, 200);
    assert!(cancelled.first("[role=status]").contains("cancelado"));
    let sent = standin.received();
    assert_eq!((sent[2].method.as_str(), sent[2].path.as_str()), ("DELETE", "/v1/subscriptions/sub_1"));
    assert_eq!(plans(&app).await[0].status, status::CANCELLED);
    assert!(cancelled.texts(".plan").is_empty());
    // A second click, and Stripe's own event afterwards, change nothing more.
    post_details(&app, &cancel, &cookie, &[]).await;
    assert_eq!(standin.received().len(), 3);
    let subscription = json!({"id": "sub_1", "object": "subscription", "customer": "cus_1", "metadata": metadata("es", Some(fund), "month")});
    deliver(&app, &event("evt_del", "customer.subscription.deleted", subscription)).await;
    assert_eq!(plans(&app).await.len(), 1);
    // The download holds the plan; erasure then keeps its amounts, not the person.
    let data = app.get_with("/en/my-details/data.json", &[("cookie", &cookie)]).await;
    let data: Value = serde_json::from_slice(&data.body).unwrap();
    assert_eq!(data["recurring_gifts"][0]["amount_minor"], 3000);
    assert_eq!(data["recurring_gifts"][0]["status"], "cancelled");
    assert_eq!(post_details(&app, "/en/my-details/erase", &cookie, &[("sure", "on")]).await.status, 200);
    let plan = plans(&app).await.pop().unwrap();
    assert_eq!((plan.donor_email, plan.donor_name.as_str(), plan.amount_minor), (None, "", 3000));
    // Someone else's session cannot touch the plan.
    let other = post_details(&app, &cancel, "hermana_csrf=x", &[]).await;
    assert_ne!(other.status, 200);
}
