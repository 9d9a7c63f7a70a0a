//! Events: the core group's form in both languages, times in two zones across Chicago's
//! daylight-saving changes, the public list, month and archive, registration with capacity,
//! waitlist and promotion (also under concurrent requests for the last seat), cancelling,
//! iCalendar files checked by an independent parser, and reminders sent once.

use chrono::{Duration, Utc};
use hermana::auth::roles::Role;
use hermana::events::entities::{event, registration};
use hermana::events::model::{self as events, Event};
use hermana::mail::model::{Attachment, Email};
use hermana::supporters::entities::{activity, supporter};
use mail_parser::{MessageParser, MimeHeaders};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::common::{Browser, TestApp, TestResponse};
use crate::mail::{app_with_smtp, emails, start_worker, test_worker_config, wait_all_sent};
use crate::smtp::SmtpServer;
use crate::supporters::stamp;

const PASSWORD: &str = "una frase larga";

/// An organizer of MASCP, signed in.
async fn organizer(app: &TestApp) -> Browser {
    app.account("organizer@example.org", PASSWORD, &[Role::Organizer]).await;
    app.sign_in("organizer@example.org", PASSWORD).await
}

/// The event form's fields: these, then the usual ones for any field not given.
pub fn form<'a>(fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all: Vec<(&str, &str)> = vec![
        ("kind", "talk"),
        ("title_es", "Charla sobre Arcatao"),
        ("title_en", "A talk about Arcatao"),
        ("description_es", "Noticias de la comunidad."),
        ("description_en", "News from the community."),
        ("starts_at", "2027-03-20T19:00"),
        ("ends_at", ""),
        ("address", "First Unitarian Society, Madison"),
        ("map_url", "https://maps.example.org/fus"),
        ("online_url", ""),
        ("capacity", ""),
        ("deadline", ""),
        ("visibility", "public"),
        ("cover_media_id", ""),
    ];
    all.retain(|(name, _)| !fields.iter().any(|(n, _)| n == name));
    all.extend_from_slice(fields);
    all
}

/// Creates an event through the admin form; returns it.
pub async fn create(app: &TestApp, browser: &Browser, fields: &[(&str, &str)]) -> Event {
    let response = browser.post(app, "/en/admin/events", &form(fields)).await;
    assert_eq!(response.status, 303, "{}", response.text());
    let id: i64 = response.location().rsplit('/').next().unwrap().parse().unwrap();
    events::find(app.db(), app.mascp().await, id).await.unwrap().unwrap()
}

/// A public event in 2027 with `capacity`, made directly (for other tests' sample values).
pub async fn sample_event(app: &TestApp, capacity: Option<i32>) -> Event {
    let zone = hermana::i18n::dates::zone("America/Chicago");
    let typed = events::Typed {
        kind: "meeting".into(),
        title_es: "Reunión del grupo coordinador".into(),
        title_en: "Core group meeting".into(),
        starts_at: "2027-05-04T18:30".into(),
        capacity: capacity.map(|c| c.to_string()).unwrap_or_default(),
        online_url: "https://meet.example.org/core".into(),
        ..Default::default()
    };
    let checked = typed.check(&zone, &[]).unwrap();
    events::create(app.db(), app.mascp().await, &checked).await.unwrap()
}

/// Registers through the public form in `lang`.
pub async fn register(app: &TestApp, event: &Event, lang: &str, name: &str, email: &str, guests: &str) -> TestResponse {
    let stamp = stamp(app, 10).await;
    let path = if lang == "es" { format!("/es/eventos/{}", event.slug) } else { format!("/en/events/{}", event.slug) };
    let fields = [
        ("name", name),
        ("email", email),
        ("guests", guests),
        ("language", lang),
        ("accessibility", ""),
        ("stamp", stamp.as_str()),
        ("website", ""),
    ];
    Browser::new().post(app, &path, &fields).await
}

async fn registrations(app: &TestApp, event_id: i64) -> Vec<registration::Model> {
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .order_by_asc(registration::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

async fn reload(app: &TestApp, id: i64) -> Event {
    event::Entity::find_by_id(id).one(app.db()).await.unwrap().unwrap()
}

fn outbox_to<'a>(emails: &'a [Email], to: &str) -> Vec<&'a Email> {
    emails.iter().filter(|e| e.to_address == to).collect()
}

/// The cancel link's path in an outbox email's text.
fn cancel_path(email: &Email) -> String {
    let link = email
        .text_body
        .split_whitespace()
        .find(|w| w.contains("/eventos/cancelar/") || w.contains("/events/cancel/"))
        .unwrap_or_else(|| panic!("no cancel link in {}", email.text_body));
    format!("/{}", link.split_once("://").unwrap().1.split_once('/').unwrap().1)
}

#[tokio::test]
async fn events_admin_creates_and_edits_in_both_languages_with_errors_next_to_fields() {
    let app = TestApp::with_demo().await;
    let browser = organizer(&app).await;
    let demo_events = events::count(app.db(), app.mascp().await).await.unwrap();
    let new = browser.get(&app, "/es/admin/events/new").await;
    assert_eq!(new.status, 200);
    assert_eq!(new.first("h1"), "Nuevo evento");
    assert!(new.texts("nav a").iter().any(|t| t == "Eventos"), "in the admin navigation");
    assert!(new.first("#zone-hint").contains("America/Chicago"));

    // Bad input: each problem next to its field, in the member's language, typed text kept.
    let bad = form(&[
        ("title_es", ""),
        ("title_en", ""),
        ("description_es", "Texto que no se pierde"),
        ("starts_at", "mañana"),
        ("map_url", "javascript:alert(1)"),
        ("capacity", "-3"),
    ]);
    let es = browser.post(&app, "/es/admin/events", &bad).await;
    assert_eq!(es.status, 422);
    assert_eq!(es.first("#title-error"), "Escriba un título en español o en inglés.");
    assert_eq!(es.first("#starts_at-error"), "Escriba una fecha y hora válidas.");
    assert_eq!(es.first("#map_url-error"), "Escriba una dirección que empiece con https:// (o http://).");
    assert_eq!(es.first("#capacity-error"), "Escriba un número entero de 1 a 100000, o déjelo vacío.");
    assert_eq!(es.first("#description_es"), "Texto que no se pierde");
    assert_eq!(es.attr("#capacity", "value"), "-3");
    let en = browser.post(&app, "/en/admin/events", &bad).await;
    assert_eq!(en.status, 422);
    assert_eq!(en.first("#title-error"), "Write a title in Spanish or English.");
    let order = browser.post(&app, "/en/admin/events", &form(&[("ends_at", "2027-03-20T18:00")])).await;
    assert_eq!(order.first("#ends_at-error"), "The end must come after the start.");
    assert_eq!(events::count(app.db(), app.mascp().await).await.unwrap(), demo_events, "nothing saved");

    let created = create(&app, &browser, &[("capacity", "40"), ("deadline", "2027-03-19T12:00")]).await;
    assert_eq!(created.slug, "charla-sobre-arcatao");
    assert_eq!(created.sequence, 0);
    assert_eq!(created.starts_at, "2027-03-21T00:00:00Z".parse::<chrono::DateTime<Utc>>().unwrap(), "19:00 CDT");
    assert_eq!(created.ends_at - created.starts_at, Duration::hours(2));
    assert_eq!(created.capacity, Some(40));
    let page = browser.get(&app, &format!("/en/admin/events/{}", created.id)).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.attr("#starts_at", "value"), "2027-03-20T19:00", "shown in the organization's zone");
    assert_eq!(page.attr("#title_es", "value"), "Charla sobre Arcatao");
    assert!(browser.get(&app, "/es/admin/events").await.text().contains("Charla sobre Arcatao"));

    // An edit keeps the slug and UID and raises the SEQUENCE.
    let path = format!("/en/admin/events/{}", created.id);
    let saved = browser
        .post(&app, &path, &form(&[("title_en", "A talk about Arcatao, moved"), ("starts_at", "2027-03-27T18:00")]))
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    let edited = reload(&app, created.id).await;
    assert_eq!(
        (edited.slug.as_str(), edited.uid.as_str(), edited.sequence),
        (created.slug.as_str(), created.uid.as_str(), 1)
    );
    assert_eq!(edited.title_en, "A talk about Arcatao, moved");
    let audit = hermana::audit::entities::audit_entry::Entity::find().all(app.db()).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "event.created") && audit.iter().any(|a| a.action == "event.updated"));

    // Editors and treasurers may not manage events.
    app.account("editor@example.org", PASSWORD, &[Role::Editor]).await;
    let editor = app.sign_in("editor@example.org", PASSWORD).await;
    assert_eq!(editor.get(&app, "/en/admin/events").await.status, 403);
}

#[tokio::test]
async fn events_times_show_both_zones_on_each_side_of_chicagos_changes() {
    let app = TestApp::with_demo().await;
    let browser = organizer(&app).await;
    // 2027: daylight saving starts on 14 March and ends on 7 November in Chicago;
    // El Salvador keeps UTC−6 all year.
    let cases = [
        ("2027-03-13T19:00", "march-before", "7:00 p.m.", "7:00 p. m."),
        (
            "2027-03-15T19:00",
            "march-after",
            "7:00 p.m. Madison · 6:00 p.m. Arcatao",
            "7:00 p. m. Madison · 6:00 p. m. Arcatao",
        ),
        (
            "2027-11-06T19:00",
            "november-before",
            "7:00 p.m. Madison · 6:00 p.m. Arcatao",
            "7:00 p. m. Madison · 6:00 p. m. Arcatao",
        ),
        ("2027-11-08T19:00", "november-after", "7:00 p.m.", "7:00 p. m."),
    ];
    for (starts, title, english, spanish) in cases {
        let event = create(&app, &browser, &[("starts_at", starts), ("title_es", title), ("title_en", title)]).await;
        let en = app.get(&format!("/en/events/{}", event.slug)).await;
        assert_eq!(en.status, 200, "{}", en.text());
        let when = en.first(".event-facts dd");
        assert!(when.contains(english), "{title}: {when}");
        if english == "7:00 p.m." {
            assert!(!when.contains("Arcatao"), "one time when the clocks agree: {when}");
        }
        let es = app.get(&format!("/es/eventos/{}", event.slug)).await;
        assert!(es.first(".event-facts dd").contains(spanish), "{title}: {}", es.first(".event-facts dd"));
    }
    let page = app.get("/es/eventos/march-after").await;
    assert!(page.first(".event-facts dd").starts_with("lunes 15 de marzo de 2027"));
    assert_eq!(page.attr("time", "datetime"), "2027-03-16T00:00:00Z");
}

#[tokio::test]
async fn events_public_list_archive_month_and_members_only() {
    let app = TestApp::with_demo().await;
    // Only this test's events (the demo's are dated from the day it loads).
    event::Entity::delete_many().exec(app.db()).await.unwrap();
    let browser = organizer(&app).await;
    let public = create(&app, &browser, &[("title_es", "Vigilia"), ("title_en", "Vigil"), ("kind", "vigil")]).await;
    create(
        &app,
        &browser,
        &[("title_es", "Reunión interna"), ("title_en", "Internal meeting"), ("visibility", "members")],
    )
    .await;
    let past = sample_event(&app, None).await;
    event::Entity::update_many()
        .col_expr(event::Column::StartsAt, sea_orm::sea_query::Expr::value(Utc::now() - Duration::days(30)))
        .col_expr(
            event::Column::EndsAt,
            sea_orm::sea_query::Expr::value(Utc::now() - Duration::days(30) + Duration::hours(2)),
        )
        .filter(event::Column::Id.eq(past.id))
        .exec(app.db())
        .await
        .unwrap();

    let list = app.get("/es/eventos").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.first("h1"), "Eventos");
    assert_eq!(list.texts(".events h3"), ["Vigilia"], "upcoming public events only");
    assert_eq!(list.attr("link[rel=alternate][type='text/calendar']", "href"), "/es/eventos/calendario.ics");
    assert!(
        list.attrs("a", "href").iter().any(|h| h.starts_with("webcal://") && h.ends_with("/es/eventos/calendario.ics"))
    );
    let en = app.get("/en/events").await;
    assert_eq!(en.texts(".events h3"), ["Vigil"]);
    // The registration form carries its token, its fill-time stamp and the honeypot.
    let form = app.get(&format!("/en/events/{}", public.slug)).await;
    assert!(!form.attr("#register input[name=csrf]", "value").is_empty());
    assert!(!form.attr("#register input[name=stamp]", "value").is_empty());
    assert_eq!(form.texts("#register .honeypot input").len(), 1);
    assert_eq!(en.attr("link[rel=alternate][type='text/calendar']", "href"), "/en/events/calendar.ics");
    // Every public page advertises the calendar.
    let home = app.get("/en/").await;
    assert_eq!(home.attr("link[rel=alternate][type='text/calendar']", "href"), "/en/events/calendar.ics");

    let archive = app.get("/en/events/archive").await;
    assert_eq!(archive.texts(".events h3"), ["Core group meeting"]);
    assert_eq!(app.get("/es/eventos/archivo").await.texts(".events h3"), ["Reunión del grupo coordinador"]);

    let month = app.get("/en/events/month/2027-03").await;
    assert_eq!(month.status, 200);
    assert_eq!(month.first("h1"), "March 2027");
    assert_eq!(month.texts("table.month td a"), ["Vigil"]);
    assert_eq!(month.attr("a[rel=prev]", "href"), "/en/events/month/2027-02");
    // The vigil is the latest public event: no link to the empty months after it, nor before the
    // earliest (the past meeting, or this month).
    assert_eq!(month.texts("a[rel=next]").len(), 0, "no month after the latest event");
    let chicago = jiff::tz::TimeZone::get("America/Chicago").unwrap();
    let meeting = hermana::i18n::dates::local(Utc::now() - Duration::days(30), &chicago);
    let earliest = app.get(&format!("/en/events/month/{}", meeting.strftime("%Y-%m"))).await;
    assert_eq!(earliest.texts("a[rel=prev]").len(), 0, "no month before the earliest event");
    assert!(earliest.texts("a[rel=next]").len() == 1);
    assert_eq!(month.texts("table.month thead th").len(), 7);
    let marzo = app.get("/es/eventos/mes/2027-03").await;
    assert_eq!(marzo.first("h1"), "marzo 2027");
    // The menu marks the section the page is in (the demo's menu has the events).
    assert_eq!(marzo.first(".main-nav a[aria-current=true]"), "Eventos");
    assert_eq!(app.get("/es/eventos").await.first(".main-nav a[aria-current=page]"), "Eventos");
    assert_eq!(app.get("/en/events/month/2027-13").await.status, 404);
    // A month far outside them is still served, and links only toward the events.
    let first = app.get("/en/events/month/1900-01").await;
    assert_eq!((first.status.as_u16(), first.texts("a[rel=prev]").len()), (200, 0));
    assert_eq!(first.attr("a[rel=next]", "href"), "/en/events/month/1900-02");
    let last = app.get("/es/eventos/mes/2999-12").await;
    assert_eq!((last.status.as_u16(), last.texts("a[rel=next]").len()), (200, 0));
    assert_eq!(app.get("/en/events/month/1899-12").await.status, 404);

    // Members-only: hidden from the public, shown to a signed-in member.
    assert_eq!(app.get("/en/events/reunion-interna").await.status, 404);
    let member = browser.get(&app, "/en/events").await;
    assert_eq!(member.texts(".events h3"), ["Vigil", "Internal meeting"]);
    assert_eq!(browser.get(&app, "/en/events/reunion-interna").await.status, 200);

    let page = app.get(&format!("/en/events/{}", public.slug)).await;
    assert_eq!(page.first("h1"), "Vigil");
    assert_eq!(page.first(".event-kind"), "Vigil");
    assert_eq!(page.attr("a[type='text/calendar']", "href"), format!("/en/events/{}/event.ics", public.slug));
    assert_eq!(app.get("/en/events/no-such-event").await.status, 404);
}

#[tokio::test]
async fn events_registration_confirms_waitlists_cancels_and_promotes_by_email() {
    let server = SmtpServer::start().await;
    let app = app_with_smtp(&server).await;
    assert!(hermana::demo::load(app.db()).await.unwrap());
    let mascp = app.mascp().await;
    // A Friend already in the records: registering links to them, no new record.
    let known = hermana::supporters::model::create(
        app.db(),
        mascp,
        &hermana::supporters::model::Details {
            first_name: "Bob".into(),
            email: Some("bob@amigos.test".into()),
            language: "en".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let event = sample_event(&app, Some(2)).await;
    let page = app.get(&format!("/es/eventos/{}", event.slug)).await;
    assert!(page.text().contains("Quedan 2 lugares."));
    assert!(!page.text().contains("meet.example.org"), "the online link is for registrants only");

    let bad = register(&app, &event, "es", "", "no-es-correo", "99").await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.first("#name-error"), "Escriba su nombre.");
    assert_eq!(bad.first("#email-error"), "Escriba una dirección de correo válida, como nombre@ejemplo.org.");
    assert_eq!(bad.first("#guests-error"), "Escriba un número de 0 a 10.");
    assert_eq!(bad.attr("#email", "value"), "no-es-correo");

    let ana = register(&app, &event, "es", "Ana María López", "Ana@Amigos.TEST", "1").await;
    assert_eq!(ana.status, 200, "{}", ana.text());
    assert_eq!(ana.first("#register-title"), "¡Listo, está inscrito!");
    let bob = register(&app, &event, "en", "Bob Smith", "bob@amigos.test", "0").await;
    assert_eq!(bob.first("#register-title"), "You're on the waitlist");
    let again = register(&app, &event, "en", "Bob Smith", "bob@amigos.test", "0").await;
    assert_eq!(again.first("#register-title"), "This address is already registered");

    let rows = registrations(&app, event.id).await;
    assert_eq!(rows.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(), ["confirmed", "waitlisted"]);
    assert_eq!(rows[1].supporter_id, known.id, "linked to the Friend with that address");
    assert_eq!(reload(&app, event.id).await.seats_taken, 2);
    let ana_record = supporter::Entity::find_by_id(rows[0].supporter_id).one(app.db()).await.unwrap().unwrap();
    assert_eq!((ana_record.first_name.as_str(), ana_record.last_name.as_str()), ("Ana", "María López"));
    assert_eq!(ana_record.email.as_deref(), Some("ana@amigos.test"));
    assert!(!ana_record.newsletter && !ana_record.events, "registering is not subscribing");
    let timeline =
        activity::Entity::find().filter(activity::Column::Kind.eq("event-registered")).count(app.db()).await.unwrap();
    assert_eq!(timeline, 2);

    // The confirmation, in Spanish, carries the event's .ics and the online link.
    let worker = start_worker(&app, test_worker_config());
    let sent = wait_all_sent(&app).await;
    let messages = server.wait_for(2).await;
    let to_ana = outbox_to(&sent, "ana@amigos.test");
    let [confirmation] = &to_ana[..] else { panic!("one email to Ana: {to_ana:?}") };
    assert_eq!(confirmation.subject, "Inscripción confirmada: Reunión del grupo coordinador");
    assert!(confirmation.text_body.contains("https://meet.example.org/core"));
    assert!(confirmation.text_body.contains("Acompañantes: 1"));
    let attachments: Vec<Attachment> = serde_json::from_str(confirmation.attachments.as_deref().unwrap()).unwrap();
    assert_eq!(attachments[0].filename, "event.ics");
    validate_ics(&attachments[0].content);
    let raw = messages.iter().find(|m| String::from_utf8_lossy(m).contains("ana@amigos.test")).unwrap();
    let parsed = MessageParser::default().parse(raw).unwrap();
    let attachment = parsed.attachment(0).expect("the .ics travels as an attachment");
    assert_eq!(attachment.attachment_name(), Some("event.ics"));
    assert!(attachment.content_type().unwrap().ctype() == "text");
    let ics = String::from_utf8(attachment.contents().to_vec()).unwrap();
    assert!(ics.contains("BEGIN:VEVENT") && ics.contains("meet.example.org"), "{ics}");
    let to_bob = outbox_to(&sent, "bob@amigos.test");
    let [waitlisted] = &to_bob[..] else { panic!("one email to Bob") };
    assert_eq!(waitlisted.subject, "Waitlist: Core group meeting");
    assert!(waitlisted.attachments.is_none() && !waitlisted.text_body.contains("meet.example.org"));

    // Ana cancels: opening the link changes nothing; the button frees the seats and Bob is in.
    let path = cancel_path(confirmation);
    let shown = app.get(&path).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.first("main button"), "Cancelar mi inscripción");
    assert_eq!(registrations(&app, event.id).await[0].status, "confirmed");
    let done = Browser::new().post(&app, &path, &[]).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(done.first("[role=status]").contains("quedó cancelada"));
    let rows = registrations(&app, event.id).await;
    assert_eq!(rows.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(), ["cancelled", "confirmed"]);
    assert_eq!(reload(&app, event.id).await.seats_taken, 1);
    assert_eq!(Browser::new().post(&app, &path, &[]).await.status, 404, "the link works once");
    let sent = wait_all_sent(&app).await;
    worker.shutdown().await;
    let promoted: Vec<_> =
        outbox_to(&sent, "bob@amigos.test").into_iter().filter(|e| e.subject.starts_with("A seat")).collect();
    let [promoted] = &promoted[..] else { panic!("one promotion email") };
    assert_eq!(promoted.subject, "A seat freed up: Core group meeting");
    assert!(promoted.text_body.contains("meet.example.org") && promoted.attachments.is_some());
    let cancelled = activity::Entity::find()
        .filter(activity::Column::Kind.eq("event-registration-cancelled"))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(cancelled, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_last_seats_never_overbook_under_concurrent_registrations() {
    let app = TestApp::with_demo().await;
    let event = sample_event(&app, Some(3)).await;
    let stamp = stamp(&app, 10).await;
    let path = format!("/en/events/{}", event.slug);
    let mut tasks = Vec::new();
    for n in 0..12 {
        let router = app.router.clone();
        let (path, stamp) = (path.clone(), stamp.clone());
        tasks.push(tokio::spawn(async move {
            let email = format!("person{n}@amigos.test");
            let body = serde_urlencoded::to_string([
                ("csrf", "t".repeat(43).as_str()),
                ("name", "Person"),
                ("email", email.as_str()),
                ("guests", "0"),
                ("language", "en"),
                ("stamp", stamp.as_str()),
                ("website", ""),
            ])
            .unwrap();
            let request = axum::http::Request::post(&path)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("hermana_csrf={}", "t".repeat(43)))
                .header("host", "localhost")
                .header("origin", "http://localhost")
                .body(axum::body::Body::from(body))
                .unwrap();
            tower::ServiceExt::oneshot(router, request).await.unwrap().status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let rows = registrations(&app, event.id).await;
    assert_eq!(rows.len(), 12);
    assert_eq!(rows.iter().filter(|r| r.status == "confirmed").count(), 3, "exactly the capacity");
    assert_eq!(rows.iter().filter(|r| r.status == "waitlisted").count(), 9);
    assert_eq!(reload(&app, event.id).await.seats_taken, 3);
    assert_eq!(emails(&app).await.len(), 12, "one email each");
}

#[tokio::test]
async fn events_cancelling_an_event_emails_everyone_registered_in_their_language() {
    let app = TestApp::with_demo().await;
    let browser = organizer(&app).await;
    let event = create(&app, &browser, &[("capacity", "1")]).await;
    assert_eq!(register(&app, &event, "es", "Rosa", "rosa@amigos.test", "0").await.status, 200);
    assert_eq!(register(&app, &event, "en", "Tom", "tom@amigos.test", "0").await.status, 200);
    let path = format!("/en/admin/events/{}/cancel", event.id);
    let message = "The hall flooded.\nWe will announce a new date.";
    let response = browser.post(&app, &path, &[("message", message)]).await;
    assert_eq!(response.status, 303);
    assert_eq!(browser.post(&app, &path, &[("message", "again")]).await.status, 303);
    let cancelled = reload(&app, event.id).await;
    assert!(cancelled.cancelled_at.is_some());
    assert_eq!(cancelled.sequence, 1);
    assert_eq!(cancelled.cancel_message.as_deref(), Some(message));
    let outbox = emails(&app).await;
    let notices: Vec<_> = outbox.iter().filter(|e| e.idempotency_key.starts_with("event-cancelled:")).collect();
    assert_eq!(notices.len(), 2, "one each, even after a second click");
    let rosa = notices.iter().find(|e| e.to_address == "rosa@amigos.test").unwrap();
    assert_eq!(rosa.subject, "Cancelado: Charla sobre Arcatao");
    assert!(rosa.text_body.contains("The hall flooded."));
    let tom = notices.iter().find(|e| e.to_address == "tom@amigos.test").unwrap();
    assert_eq!(tom.subject, "Cancelled: A talk about Arcatao");

    let page = app.get(&format!("/es/eventos/{}", event.slug)).await;
    assert!(page.first("[role=status]").contains("Este evento fue cancelado."));
    assert!(page.text().contains("The hall flooded."));
    assert_eq!(register(&app, &event, "es", "Luz", "luz@amigos.test", "0").await.status, 409);
    assert_eq!(app.get("/en/events").await.texts(".events .badge-missing"), ["Cancelled"]);
}

/// Parses `ics` with Python's `icalendar` and returns its summary as JSON. With
/// `HERMANA_ICAL_REQUIRED=1` (set by `scripts/test` through `scripts/lib/python-icalendar.sh`),
/// a missing parser fails the test; otherwise the check is skipped with a note.
fn validate_ics(ics: &str) -> Option<serde_json::Value> {
    const SCRIPT: &str = r#"
import datetime, json, sys, icalendar
data = sys.stdin.buffer.read()
assert b"\r\n" in data and all(len(l) <= 75 for l in data.split(b"\r\n")), "folded CRLF lines"
cal = icalendar.Calendar.from_ical(data)
errors = []
for c in cal.walk():
    for e in getattr(c, "errors", []) or []:
        errors.append([c.name, str(e)])
for req in ("VERSION", "PRODID"):
    if req not in cal: errors.append(["VCALENDAR", "missing " + req])
zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")}
events = []
for ev in cal.walk("VEVENT"):
    for req in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE"):
        if req not in ev: errors.append(["VEVENT", "missing " + req])
    prop = ev["DTSTART"]
    tzid = prop.params.get("TZID")
    if tzid is not None and tzid not in zones: errors.append(["VEVENT", "no VTIMEZONE for " + tzid])
    naive = prop.dt.replace(tzinfo=None)
    # The instant by our own VTIMEZONE, independent of Python's zone database.
    own = naive.replace(tzinfo=zones[tzid]) if tzid else prop.dt
    events.append({"uid": str(ev["UID"]), "sequence": int(ev["SEQUENCE"]), "tzid": tzid,
                   "utc": own.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "summary": str(ev["SUMMARY"]), "status": str(ev.get("STATUS", ""))})
print(json.dumps({"errors": errors, "events": events}))
"#;
    let python = std::env::var("HERMANA_ICAL_PYTHON").unwrap_or_else(|_| "python3".into());
    let required = std::env::var("HERMANA_ICAL_REQUIRED").is_ok_and(|v| v == "1");
    let available =
        std::process::Command::new(&python).args(["-c", "import icalendar"]).output().is_ok_and(|o| o.status.success());
    if !available {
        assert!(!required, "HERMANA_ICAL_REQUIRED=1 but {python} cannot import icalendar");
        eprintln!("note: Python icalendar not found ({python}); .ics not checked by an independent parser");
        return None;
    }
    let mut child = std::process::Command::new(&python)
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), ics.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "icalendar refused the file: {}\n{ics}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["errors"], serde_json::json!([]), "{ics}");
    Some(summary)
}

#[tokio::test]
async fn events_ical_files_and_feeds_are_valid_rfc5545() {
    let app = TestApp::with_demo().await;
    let browser = organizer(&app).await;
    // The demo's own upcoming events are in the feed too.
    let demo_events = app.get("/es/eventos/calendario.ics").await.text().matches("BEGIN:VEVENT").count();
    let march = create(&app, &browser, &[("starts_at", "2027-03-15T19:00"), ("title_en", "After the change")]).await;
    let january =
        create(&app, &browser, &[("starts_at", "2027-01-10T19:00"), ("title_es", "Enero, en invierno; sí")]).await;
    create(&app, &browser, &[("title_es", "Interna"), ("title_en", "Internal"), ("visibility", "members")]).await;

    let feed = app.get("/es/eventos/calendario.ics").await;
    assert_eq!(feed.status, 200);
    assert_eq!(feed.header("content-type"), Some("text/calendar; charset=utf-8"));
    let text = feed.text();
    assert!(!text.contains("Interna"), "members-only events are never in a feed");
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:America/Chicago\r\n"));
    let en = app.get("/en/events/calendar.ics").await.text();
    assert!(en.contains("SUMMARY;LANGUAGE=en:After the change"));
    if let Some(summary) = validate_ics(&text) {
        let events = summary["events"].as_array().unwrap();
        assert_eq!(events.len(), demo_events + 2);
        let by_uid =
            |event: &Event| events.iter().find(|e| e["uid"].as_str().unwrap().starts_with(&event.uid)).unwrap().clone();
        // Our VTIMEZONE gives the right instants on both sides of the March change.
        assert_eq!(by_uid(&march)["utc"], "2027-03-16T00:00:00Z");
        assert_eq!(by_uid(&january)["utc"], "2027-01-11T01:00:00Z");
        assert_eq!(by_uid(&january)["summary"], "Enero, en invierno; sí");
        assert_eq!(by_uid(&march)["tzid"], "America/Chicago");
        assert_eq!(by_uid(&march)["sequence"], 0);
    }

    // An edit keeps the UID and raises SEQUENCE; a cancellation shows as STATUS:CANCELLED.
    let one = app.get(&format!("/en/events/{}/event.ics", march.slug)).await.text();
    let uid_line = one.lines().find(|l| l.starts_with("UID:")).unwrap().to_owned();
    let path = format!("/en/admin/events/{}", march.id);
    let saved =
        browser.post(&app, &path, &form(&[("starts_at", "2027-03-15T20:00"), ("title_en", "After the change")])).await;
    assert_eq!(saved.status, 303);
    browser.post(&app, &format!("{path}/cancel"), &[("message", "Lo sentimos")]).await;
    let again = app.get(&format!("/en/events/{}/event.ics", march.slug)).await.text();
    assert!(again.contains(&format!("{uid_line}\n")) || again.contains(&uid_line));
    assert!(again.contains("SEQUENCE:2\r\n") && again.contains("STATUS:CANCELLED\r\n"), "{again}");
    if let Some(summary) = validate_ics(&again) {
        assert_eq!(summary["events"][0]["utc"], "2027-03-16T01:00:00Z");
        assert_eq!(summary["events"][0]["status"], "CANCELLED");
    }
    assert_eq!(app.get("/en/events/interna/event.ics").await.status, 404);
}

#[tokio::test]
async fn events_reminders_go_out_once_the_day_before_even_across_restarts() {
    let app = TestApp::with_demo().await;
    let event = sample_event(&app, None).await;
    assert_eq!(register(&app, &event, "en", "Dora", "dora@amigos.test", "0").await.status, 200);
    hermana::events::reminders::schedule(app.db(), &event).await.unwrap();
    let key = format!("event_reminders:{}:{}", event.id, event.starts_at.timestamp());
    let job = hermana::jobs::model::find_by_key(app.db(), &key).await.unwrap().expect("a reminder job");
    assert_eq!(job.run_at, event.starts_at - Duration::hours(24));
    // Scheduling again (an edit that kept the time) adds nothing.
    hermana::events::reminders::schedule(app.db(), &event).await.unwrap();
    let jobs = hermana::jobs::entities::job::Entity::find()
        .filter(hermana::jobs::entities::job::Column::Kind.eq("event_reminders"))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(jobs, 1);

    // The day before comes (the job is made due), twice, with a restart in between.
    for _ in 0..2 {
        hermana::jobs::entities::job::Entity::update_many()
            .col_expr(hermana::jobs::entities::job::Column::RunAt, sea_orm::sea_query::Expr::value(Utc::now()))
            .col_expr(hermana::jobs::entities::job::Column::Status, sea_orm::sea_query::Expr::value("pending"))
            .filter(hermana::jobs::entities::job::Column::Id.eq(job.id))
            .exec(app.db())
            .await
            .unwrap();
        let worker = start_worker(&app, test_worker_config());
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        while hermana::jobs::model::find(app.db(), job.id).await.unwrap().unwrap().status != "done" {
            assert!(tokio::time::Instant::now() < deadline, "the reminder job ran");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        worker.shutdown().await;
    }
    let reminders: Vec<_> =
        emails(&app).await.into_iter().filter(|e| e.idempotency_key.starts_with("event-reminder:")).collect();
    assert_eq!(reminders.len(), 1, "sent once");
    assert_eq!(reminders[0].subject, "Reminder: Core group meeting is tomorrow");
    assert!(reminders[0].text_body.contains("meet.example.org"));

    // A moved event: the old job does nothing, the new time gets its own.
    event::Entity::update_many()
        .col_expr(event::Column::StartsAt, sea_orm::sea_query::Expr::value(event.starts_at + Duration::days(7)))
        .filter(event::Column::Id.eq(event.id))
        .exec(app.db())
        .await
        .unwrap();
    let moved = reload(&app, event.id).await;
    hermana::events::reminders::schedule(app.db(), &moved).await.unwrap();
    let key = format!("event_reminders:{}:{}", moved.id, moved.starts_at.timestamp());
    assert!(hermana::jobs::model::find_by_key(app.db(), &key).await.unwrap().is_some());
}

#[tokio::test]
async fn events_no_payload_in_event_or_registration_fields_reaches_a_page_alive() {
    use crate::xss::{PAYLOADS, assert_inert};
    let app = TestApp::with_demo().await;
    let browser = organizer(&app).await;
    let mut made = Vec::new();
    for pair in PAYLOADS.chunks(2) {
        let (a, b) = (pair[0], pair[pair.len() - 1]);
        let description = format!("{a}\n{b}");
        let event = create(
            &app,
            &browser,
            &[
                ("title_es", a),
                ("title_en", b),
                ("description_es", &description),
                ("description_en", &description),
                ("address", a),
            ],
        )
        .await;
        let stamp = stamp(&app, 10).await;
        let fields = [
            ("name", b),
            ("email", "x@amigos.test"),
            ("guests", "0"),
            ("language", "es"),
            ("accessibility", a),
            ("stamp", &stamp),
            ("website", ""),
        ];
        assert_eq!(Browser::new().post(&app, &format!("/es/eventos/{}", event.slug), &fields).await.status, 200);
        made.push(event);
    }
    let cancelled = &made[0];
    let cancel =
        browser.post(&app, &format!("/en/admin/events/{}/cancel", cancelled.id), &[("message", PAYLOADS[1])]).await;
    assert_eq!(cancel.status, 303);
    let mut paths = vec!["/es/eventos".to_owned(), "/en/events".to_owned(), "/en/events/month/2027-03".to_owned()];
    for event in &made {
        paths.push(format!("/es/eventos/{}", event.slug));
        paths.push(format!("/en/events/{}", event.slug));
    }
    for path in &paths {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.text(), path);
    }
    for event in &made {
        let path = format!("/es/admin/events/{}", event.id);
        let page = browser.get(&app, &path).await;
        assert_eq!(page.status, 200);
        assert_inert(&page.text(), &path);
    }
    let list = browser.get(&app, "/en/admin/events").await;
    assert_inert(&list.text(), "/en/admin/events");
    for email in emails(&app).await {
        if let Some(html) = &email.html_body {
            assert_inert(html, &email.idempotency_key);
        }
    }
}

#[tokio::test]
async fn events_check_in_searches_ticks_arrivals_adds_walk_ins_and_exports_csv() {
    let app = TestApp::with_demo().await;
    let browser = organizer(&app).await;
    let event = create(&app, &browser, &[]).await;
    assert_eq!(register(&app, &event, "es", "José Pérez", "jose@amigos.test", "2").await.status, 200);
    assert_eq!(register(&app, &event, "en", "=HYPERLINK(\"x\")", "ann@amigos.test", "0").await.status, 200);
    let base = format!("/en/admin/events/{}/check-in", event.id);
    let page = browser.get(&app, &base).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.first(".checkin-count"), "0 of 2 arrived.");
    let found = browser.get(&app, &format!("{base}?q=jose")).await;
    assert_eq!(found.texts(".checkin-person strong"), ["José Pérez"], "search ignores accents and case");
    assert_eq!(found.first(".checkin-person .hint-inline"), "+ 2 guests");

    let jose = registrations(&app, event.id).await[0].clone();
    let arrivals = format!("/en/admin/events/{}/arrivals", event.id);
    let ticked = browser.post(&app, &arrivals, &[("registration", &jose.id.to_string()), ("q", "jose")]).await;
    assert_eq!(ticked.status, 303);
    assert_eq!(ticked.location(), format!("{base}?q=jose"));
    // A second tap changes nothing (and writes the timeline once).
    browser.post(&app, &arrivals, &[("registration", &jose.id.to_string())]).await;
    assert_eq!(browser.get(&app, &base).await.first(".checkin-count"), "1 of 2 arrived.");
    let attended = activity::Entity::find()
        .filter(activity::Column::Kind.eq("event-attended"))
        .filter(activity::Column::SupporterId.eq(jose.supporter_id))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(attended, 1, "attendance is on the supporter's timeline");
    let timeline = browser.get(&app, &format!("/en/admin/supporters/{}", jose.supporter_id)).await;
    assert_eq!(timeline.status, 200);
    browser.post(&app, &arrivals, &[("registration", &jose.id.to_string()), ("undo", "on")]).await;
    assert!(registrations(&app, event.id).await[0].checked_in_at.is_none());

    let walk_ins = format!("/en/admin/events/{}/walk-ins", event.id);
    let bad = browser.post(&app, &walk_ins, &[("name", ""), ("email", "")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.first("#walk-in-error"), "Enter your name.");
    let bad_es = browser.post(&app, &walk_ins.replace("/en/", "/es/"), &[("name", "Luz"), ("email", "luz@")]).await;
    assert_eq!(bad_es.first("#walk-in-error"), "Escriba una dirección de correo válida, como nombre@ejemplo.org.");
    assert_eq!(bad_es.attr("#walk-in-name", "value"), "Luz");
    assert_eq!(browser.post(&app, &walk_ins, &[("name", "Walk In"), ("email", "")]).await.status, 303);
    let rows = registrations(&app, event.id).await;
    assert_eq!(rows.len(), 3);
    assert!(rows[2].walk_in && rows[2].checked_in_at.is_some() && rows[2].status == "confirmed");
    assert_eq!(reload(&app, event.id).await.seats_taken, 4, "walk-ins take no seat from the online count");

    let csv = browser.get(&app, &format!("/en/admin/events/{}/attendees.csv", event.id)).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let text = csv.text();
    assert!(text.starts_with("\u{feff}Name,Email,Guests,Accessibility,Arrived,Walk-in\r\n"), "{text}");
    assert!(text.contains("José Pérez,jose@amigos.test,2,"));
    assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "formulas are neutralized: {text}");
    assert_eq!(text.lines().count(), 4);
    let es = browser.get(&app, &format!("/es/admin/events/{}/attendees.csv", event.id)).await.text();
    assert!(es.starts_with("\u{feff}Nombre,Correo,Acompañantes"));
}
