//! Delegations: applying in either language (linked to the supporter with that address),
//! decisions and messages emailed in each applicant's language, the checklist with a gift from
//! the ledger, sensitive answers seen and exported only by the delegation's organizers and
//! admins, their erasure days after the trip by a durable job, and the trip report.

use chrono::{Duration, Utc};
use hermana::auth::roles::Role;
use hermana::events::delegations::{self, Application, retention};
use hermana::events::entities::{application, event};
use hermana::events::model::{self as events, Event};
use hermana::jobs::entities::job;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::common::{Browser, TestApp, TestResponse};
use crate::events::{create, form};
use crate::mail::{emails, start_worker, test_worker_config};
use crate::supporters::stamp;

const PASSWORD: &str = "una frase larga";
const PASSPORT: &str = "ROSA ELENA GUARDADO";

/// A delegation in 2027 with one application (Rosa's), made directly.
pub async fn sample_delegation(app: &TestApp) -> (Event, i64) {
    let zone = hermana::i18n::dates::zone("America/Chicago");
    let typed = events::Typed {
        kind: "delegation".into(),
        title_es: "Delegación a Arcatao".into(),
        title_en: "Delegation to Arcatao".into(),
        starts_at: "2027-02-10T08:00".into(),
        ends_at: "2027-02-18T18:00".into(),
        ..Default::default()
    };
    let org = app.mascp().await;
    let event = events::create(app.db(), org, &typed.check(&zone, &[]).unwrap()).await.unwrap();
    let details = hermana::supporters::model::Details {
        first_name: "Rosa".into(),
        email: Some("rosa@amigos.test".into()),
        language: "es".into(),
        ..Default::default()
    };
    let supporter = hermana::supporters::model::create(app.db(), org, &details).await.unwrap();
    let new = delegations::NewApplication {
        name: "Rosa Guardado".into(),
        email: "rosa@amigos.test".into(),
        language: "es".into(),
        sensitive: delegations::Sensitive {
            passport_name: PASSPORT.into(),
            date_of_birth: "1990-04-12".into(),
            emergency_contact: "Marta +1 608 555 0100".into(),
            dietary_needs: "Vegetariana".into(),
            medical_needs: "Asma".into(),
            spanish_level: "fluent".into(),
            motivation: "Conocer a la comunidad".into(),
        },
    };
    let application = delegations::apply(app.db(), &event, supporter.id, &new).await.unwrap().unwrap();
    (event, application.id)
}

/// Applies through the public form in `lang`; `extra` replaces the usual answers.
async fn apply(app: &TestApp, event: &Event, lang: &str, email: &str, extra: &[(&str, &str)]) -> TestResponse {
    let stamp = stamp(app, 10).await;
    let path = if lang == "es" { format!("/es/eventos/{}", event.slug) } else { format!("/en/events/{}", event.slug) };
    let mut fields = vec![
        ("name", "Rosa Guardado"),
        ("email", email),
        ("language", lang),
        ("passport_name", PASSPORT),
        ("date_of_birth", "1990-04-12"),
        ("emergency_contact", "Marta +1 608 555 0100"),
        ("spanish_level", "basic"),
        ("dietary_needs", ""),
        ("medical_needs", ""),
        ("motivation", "Conocer Arcatao"),
        ("stamp", stamp.as_str()),
        ("website", ""),
    ];
    fields.retain(|(name, _)| !extra.iter().any(|(n, _)| n == name));
    fields.extend_from_slice(extra);
    Browser::new().post(app, &path, &fields).await
}

async fn applications(app: &TestApp, event_id: i64) -> Vec<Application> {
    application::Entity::find()
        .filter(application::Column::EventId.eq(event_id))
        .order_by_asc(application::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    hermana::audit::model::recent(app.db(), app.mascp().await, 200)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect()
}

async fn signed_in(app: &TestApp, email: &str, roles: &[Role]) -> (Browser, i64) {
    let id = app.account(email, PASSWORD, roles).await;
    (app.sign_in(email, PASSWORD).await, id)
}

fn delegation_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("kind", "delegation"),
        ("title_es", "Delegación a Arcatao"),
        ("title_en", "Delegation to Arcatao"),
        ("starts_at", "2027-02-10T08:00"),
        ("ends_at", "2027-02-18T18:00"),
    ]
}

#[tokio::test]
async fn delegations_take_applications_decisions_and_messages_in_each_language() {
    let app = TestApp::with_demo().await;
    let (admin, _) = signed_in(&app, "admin@example.org", &[Role::Admin]).await;
    let event = create(&app, &admin, &form(&delegation_form())).await;

    // The public page offers the application instead of registration, in both languages.
    let es = app.get(&format!("/es/eventos/{}", event.slug)).await;
    assert_eq!(es.first("#register-title"), "Postularse");
    assert!(es.texts("#guests").is_empty() && es.texts("#passport_name").len() == 1);
    assert!(!es.attr("#register input[name=csrf]", "value").is_empty());
    assert!(!es.attr("#register input[name=stamp]", "value").is_empty());
    assert_eq!(es.texts("#register .honeypot input").len(), 1);
    assert_eq!(app.get(&format!("/en/events/{}", event.slug)).await.first("#register-title"), "Apply");

    // Problems are shown next to their fields in the visitor's language, the text kept.
    let bad = apply(&app, &event, "es", "rosa@amigos.test", &[("passport_name", " "), ("spanish_level", "x")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.first("#passport_name-error"), "Escriba su nombre tal como aparece en el pasaporte.");
    assert_eq!(bad.first("#spanish_level-error"), "Elija su nivel de español.");
    assert_eq!(bad.first("#motivation"), "Conocer Arcatao");
    assert!(applications(&app, event.id).await.is_empty(), "nothing saved");

    // John is already a Friend: his application is linked to that record.
    let org = app.mascp().await;
    let details = hermana::supporters::model::Details {
        first_name: "John".into(),
        email: Some("john@example.org".into()),
        language: "en".into(),
        ..Default::default()
    };
    let john = hermana::supporters::model::create(app.db(), org, &details).await.unwrap();
    let rosa_sent = apply(&app, &event, "es", "Rosa@Amigos.test", &[]).await;
    assert_eq!(rosa_sent.status, 200, "{}", rosa_sent.text());
    assert_eq!(rosa_sent.first("#register-title"), "Recibimos su solicitud");
    let john_sent = apply(&app, &event, "en", "john@example.org", &[("name", "John Doe")]).await;
    assert_eq!(john_sent.first("#register-title"), "We received your application");
    let again = apply(&app, &event, "es", "rosa@amigos.test", &[]).await;
    assert_eq!(again.first("#register-title"), "Esta dirección ya envió una solicitud");
    let rows = applications(&app, event.id).await;
    assert_eq!(rows.len(), 2);
    let (rosa, john_app) = (&rows[0], &rows[1]);
    assert_eq!((rosa.email.as_str(), rosa.status.as_str()), ("rosa@amigos.test", "applied"));
    assert_eq!(rosa.passport_name.as_deref(), Some(PASSPORT));
    assert_eq!(john_app.supporter_id, john.id, "linked to the Friend with that address");

    // Decisions, each emailed once in the applicant's language.
    let base = format!("/en/admin/events/{}/applications", event.id);
    let detail = admin.get(&app, &format!("{base}/{}", rosa.id)).await;
    assert!(detail.text().contains(PASSPORT), "an admin sees the answers");
    // Before anyone is accepted, no form to write to nobody: a word on what to do first.
    let nobody = admin.get(&app, &base).await;
    assert_eq!(nobody.texts("#subject").len(), 0);
    assert!(nobody.text().contains("No one is accepted yet."));
    for (id, decision) in [(rosa.id, "accepted"), (john_app.id, "declined"), (rosa.id, "accepted")] {
        let done = admin.post(&app, &format!("{base}/{id}/decision"), &[("decision", decision)]).await;
        assert_eq!(done.status, 303);
    }
    assert_eq!(admin.get(&app, &format!("{base}/{}", rosa.id)).await.first("#application-status"), "Accepted");
    let outbox = emails(&app).await;
    let subjects =
        |to: &str| -> Vec<String> { outbox.iter().filter(|e| e.to_address == to).map(|e| e.subject.clone()).collect() };
    assert_eq!(
        subjects("rosa@amigos.test"),
        ["Recibimos su solicitud: Delegación a Arcatao", "Solicitud aceptada: Delegación a Arcatao"],
        "a second click on Accept sends nothing"
    );
    assert_eq!(
        subjects("john@example.org"),
        ["Application received: Delegation to Arcatao", "Your application: Delegation to Arcatao"]
    );

    // The checklist: the deposit is one of Rosa's own gifts.
    let mut gift = crate::fundraising::plain_gift(30_000, "deposit-rosa");
    gift.supporter_id = Some(rosa.supporter_id);
    let gift = hermana::fundraising::ledger::record_gift(app.db(), org, &gift).await.unwrap().row.id;
    let other = crate::fundraising::sample_gift(&app).await;
    let checklist = format!("{base}/{}/checklist", rosa.id);
    let other_text = other.to_string();
    let refused = admin.post(&app, &checklist, &[("deposit_gift_id", other_text.as_str())]).await;
    assert_eq!(refused.status, 400, "someone else's gift cannot pay Rosa's deposit");
    let gift_text = gift.to_string();
    let saved =
        admin.post(&app, &checklist, &[("deposit_gift_id", gift_text.as_str()), ("passport_checked", "on")]).await;
    assert_eq!(saved.status, 303);
    let rosa = &applications(&app, event.id).await[0];
    assert_eq!(
        (rosa.deposit_paid, rosa.deposit_gift_id, rosa.passport_checked, rosa.orientation_attended),
        (true, Some(gift), true, false)
    );

    // A message to every accepted participant; the same form sent twice sends once.
    let page = admin.get(&app, &base).await;
    let key = page.attr("input[name=key]", "value");
    let message =
        [("key", key.as_str()), ("subject", "Orientación"), ("body", "Nos vemos el sábado.\nTraigan el pasaporte.")];
    let empty = admin
        .post(
            &app,
            &format!("/en/admin/events/{}/message", event.id),
            &[("key", key.as_str()), ("subject", "Orientación"), ("body", " ")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.first("#message-error"), "Write a subject and a message.");
    assert_eq!(empty.attr("#subject", "value"), "Orientación", "the subject is kept");
    for _ in 0..2 {
        let sent = admin.post(&app, &format!("/en/admin/events/{}/message", event.id), &message).await;
        assert_eq!(sent.status, 303);
    }
    let messages: Vec<_> =
        emails(&app).await.into_iter().filter(|e| e.idempotency_key.starts_with("delegation-message:")).collect();
    assert_eq!(messages.len(), 1, "only Rosa is accepted, and only once");
    assert_eq!(messages[0].subject, "Delegación a Arcatao: Orientación");
    assert!(messages[0].text_body.contains("Traigan el pasaporte."));
    assert_eq!(audit_actions(&app).await.iter().filter(|a| *a == "delegation.messaged").count(), 1);
}

#[tokio::test]
async fn delegations_sensitive_answers_only_for_its_organizers_and_admins() {
    let app = TestApp::with_demo().await;
    let (event, application_id) = sample_delegation(&app).await;
    let rosa = delegations::find(app.db(), event.id, application_id).await.unwrap().unwrap();
    delegations::decide(app.db(), &rosa, "accepted").await.unwrap();
    let (admin, _) = signed_in(&app, "admin@example.org", &[Role::Admin]).await;
    let (luisa, luisa_id) = signed_in(&app, "luisa@example.org", &[Role::Organizer]).await;
    let (pedro, _) = signed_in(&app, "pedro@example.org", &[Role::Organizer]).await;
    let (editor, _) = signed_in(&app, "editor@example.org", &[Role::Editor]).await;
    let base = format!("/en/admin/events/{}", event.id);
    let list = format!("{base}/applications");
    let detail = format!("{list}/{application_id}");
    let luisa_text = luisa_id.to_string();

    // An editor does not see applications at all.
    assert_eq!(editor.get(&app, &list).await.status, 403);
    assert_eq!(editor.get(&app, &detail).await.status, 403);
    assert_eq!(editor.get(&app, &format!("{base}/attendees.csv")).await.status, 403);
    // Only admins choose the organizers.
    assert_eq!(luisa.post(&app, &format!("{base}/organizers"), &[("add", luisa_text.as_str())]).await.status, 403);
    let added = admin.post(&app, &format!("{base}/organizers"), &[("add", luisa_text.as_str())]).await;
    assert_eq!(added.status, 303);

    // Pedro organizes events, not this delegation: names and statuses, no answers, no actions.
    let seen = pedro.get(&app, &list).await;
    assert_eq!(seen.status, 200);
    assert!(seen.text().contains("Rosa Guardado") && !seen.text().contains(PASSPORT));
    let seen = pedro.get(&app, &detail).await;
    assert_eq!(seen.status, 200);
    assert!(!seen.text().contains(PASSPORT) && !seen.text().contains("Asma") && seen.texts("#answers").is_empty());
    assert!(seen.texts("#decision").is_empty());
    assert_eq!(pedro.post(&app, &format!("{detail}/decision"), &[("decision", "declined")]).await.status, 403);
    assert_eq!(pedro.post(&app, &format!("{detail}/checklist"), &[("passport_checked", "on")]).await.status, 403);
    assert_eq!(pedro.get(&app, &format!("{base}/attendees.csv?sensitive=on")).await.status, 403);
    let plain = pedro.get(&app, &format!("{base}/attendees.csv")).await;
    assert_eq!(plain.status, 200);
    assert!(plain.text().contains("rosa@amigos.test") && !plain.text().contains(PASSPORT));
    assert!(seen.texts("input[name=sensitive]").is_empty(), "no box to tick");

    // Luisa organizes it: she sees the answers and may export them, which is audited.
    let seen = luisa.get(&app, &detail).await;
    assert!(seen.text().contains(PASSPORT) && seen.text().contains("Asma"));
    assert_eq!(luisa.get(&app, &list).await.texts("input[name=sensitive]").len(), 1);
    let plain = luisa.get(&app, &format!("{base}/attendees.csv")).await;
    assert!(!plain.text().contains(PASSPORT), "never in an export by default");
    assert!(!audit_actions(&app).await.contains(&"delegation.exported-sensitive".to_owned()));
    let full = luisa.get(&app, &format!("{base}/attendees.csv?sensitive=on")).await;
    assert_eq!(full.status, 200);
    assert!(full.text().contains(PASSPORT) && full.text().contains("1990-04-12"));
    assert!(full.text().lines().next().unwrap().contains("Name as on your passport"));
    assert_eq!(audit_actions(&app).await.iter().filter(|a| *a == "delegation.exported-sensitive").count(), 1);

    // An admin always sees them; once Luisa is removed, she no longer does.
    assert!(admin.get(&app, &detail).await.text().contains(PASSPORT));
    let removed = admin.post(&app, &format!("{base}/organizers"), &[("remove", luisa_text.as_str())]).await;
    assert_eq!(removed.status, 303);
    assert!(!luisa.get(&app, &detail).await.text().contains(PASSPORT));
    assert!(audit_actions(&app).await.contains(&"delegation.organizer-removed".to_owned()));
}

/// Runs the job worker until every retention job is done.
async fn run_retention_jobs(app: &TestApp) {
    let worker = start_worker(app, test_worker_config());
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let pending = job::Entity::find()
            .filter(job::Column::Kind.eq(retention::KIND))
            .filter(job::Column::Status.ne("done"))
            .filter(job::Column::RunAt.lte(Utc::now()))
            .all(app.db())
            .await
            .unwrap();
        if pending.is_empty() {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the retention jobs ran");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    worker.shutdown().await;
}

#[tokio::test]
async fn delegations_sensitive_answers_are_erased_days_after_the_trip() {
    let app = TestApp::with_demo().await;
    let (admin, _) = signed_in(&app, "admin@example.org", &[Role::Admin]).await;
    let event = create(&app, &admin, &form(&delegation_form())).await;
    assert_eq!(apply(&app, &event, "en", "rosa@amigos.test", &[]).await.status, 200);
    let key =
        |days: i64| format!("{}:{}:{}", retention::KIND, event.id, (event.ends_at + Duration::days(days)).timestamp());
    let first = hermana::jobs::model::find_by_key(app.db(), &key(90)).await.unwrap().expect("scheduled at 90 days");
    assert_eq!(first.run_at, event.ends_at + Duration::days(90));

    // The organization keeps the answers 30 days instead; a bad number changes nothing.
    let path = format!("/en/admin/events/{}/retention", event.id);
    assert_eq!(admin.post(&app, &path, &[("days", "30")]).await.status, 303);
    let bad = admin.post(&app, &path, &[("days", "0")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.first("#days-error"), "Enter a number of days between 1 and 3650.");
    assert_eq!(bad.attr("#days", "value"), "0");
    let org = hermana::organizations::model::find(app.db(), app.mascp().await).await.unwrap().unwrap();
    assert_eq!(org.delegation_retention_days, 30);
    assert!(hermana::jobs::model::find_by_key(app.db(), &key(30)).await.unwrap().is_some());

    // Jobs that come early (the trip is still ahead) erase nothing.
    job::Entity::update_many()
        .col_expr(job::Column::RunAt, Expr::value(Utc::now()))
        .filter(job::Column::Kind.eq(retention::KIND))
        .exec(app.db())
        .await
        .unwrap();
    run_retention_jobs(&app).await;
    let rosa = &applications(&app, event.id).await[0];
    assert_eq!(rosa.passport_name.as_deref(), Some(PASSPORT));
    assert!(rosa.sensitive_erased_at.is_none());

    // The trip report is linked only once the trip is over.
    let article =
        hermana::content::model::page_by_key(app.db(), app.mascp().await, "forty-years").await.unwrap().unwrap().id;
    let article_text = article.to_string();
    let set =
        admin.post(&app, &format!("/en/admin/events/{}/report", event.id), &[("page_id", article_text.as_str())]).await;
    assert_eq!(set.status, 303);
    assert!(app.get(&format!("/en/events/{}", event.slug)).await.texts(".event-report a").is_empty());

    // Time passes: the trip ended 31 days ago.
    event::Entity::update_many()
        .col_expr(event::Column::StartsAt, Expr::value(Utc::now() - Duration::days(40)))
        .col_expr(event::Column::EndsAt, Expr::value(Utc::now() - Duration::days(31)))
        .filter(event::Column::Id.eq(event.id))
        .exec(app.db())
        .await
        .unwrap();
    let moved = events::find(app.db(), app.mascp().await, event.id).await.unwrap().unwrap();
    retention::schedule(app.db(), &moved, 30).await.unwrap();
    for _ in 0..2 {
        run_retention_jobs(&app).await;
    }
    let rosa = &applications(&app, event.id).await[0];
    assert!(rosa.sensitive_erased_at.is_some());
    assert_eq!(delegations::Sensitive::of(rosa), delegations::Sensitive::default(), "every answer erased");
    assert_eq!((rosa.name.as_str(), rosa.email.as_str()), ("Rosa Guardado", "rosa@amigos.test"), "the rest kept");
    assert_eq!(audit_actions(&app).await.iter().filter(|a| *a == "delegation.sensitive-erased").count(), 1);
    let detail = admin.get(&app, &format!("/en/admin/events/{}/applications/{}", event.id, rosa.id)).await;
    assert!(detail.text().contains("The private answers were deleted after the trip."));

    let public = app.get(&format!("/es/eventos/{}", event.slug)).await;
    let link = public.attr(".event-report a", "href");
    assert!(link.starts_with("/es/articulos/"), "{link}");
    assert!(public.first(".event-report a").starts_with("Lea el informe del viaje: "));
}
