//! Segments (saved filters of the supporter list) and the CSV export: saving, opening, renaming
//! and deleting a segment, refused names, the model API other features use, the file's bytes
//! (BOM, chosen columns, headers in the member's language, neutralized formulas, batches), the
//! audit trail, and who may do it.

use std::collections::HashSet;

use hermana::auth::roles::Role;
use hermana::supporters::list::Filter;
use hermana::supporters::model::{self, Details};
use hermana::supporters::segments;
use sea_orm::TransactionTrait;

use crate::common::{Browser, TestApp, TestResponse};

const PASSWORD: &str = "una frase larga";

async fn organizer(app: &TestApp) -> Browser {
    app.account("organizer@example.org", PASSWORD, &[Role::Organizer]).await;
    app.sign_in("organizer@example.org", PASSWORD).await
}

fn person(first: &str, last: &str, email: &str) -> Details {
    Details {
        first_name: first.into(),
        last_name: last.into(),
        email: Some(email.into()),
        language: "es".into(),
        ..Details::default()
    }
}

async fn actions(app: &TestApp) -> Vec<(String, String)> {
    hermana::audit::model::recent(app.db(), app.mascp().await, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.action, l.subject))
        .collect()
}

/// The supporter ids linked from a list page.
fn ids(page: &TestResponse) -> Vec<i64> {
    page.attrs("table.supporters tbody th a", "href")
        .iter()
        .map(|h| h.rsplit('/').next().unwrap().parse().unwrap())
        .collect()
}

/// A CSV body: checks the byte-order mark and CRLF line ends, and gives the rows' lines.
fn csv_lines(response: &TestResponse) -> Vec<String> {
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(response.header("content-disposition").unwrap().starts_with("attachment; filename="));
    assert!(response.body.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark for spreadsheets");
    let text = String::from_utf8(response.body[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    text.trim_end_matches("\r\n").split("\r\n").map(str::to_owned).collect()
}

#[tokio::test]
async fn a_segment_is_saved_opened_renamed_and_deleted() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let browser = organizer(&app).await;
    let list = browser.get(&app, "/es/admin/supporters?consent=newsletter&sort=newest").await;
    // The demo has one segment.
    assert_eq!(list.texts("#segments .segment-links a"), ["Boletín en inglés"]);
    let filter = list.attr("form.segment-save input[name=filter]", "value");
    assert_eq!(filter, "consent=newsletter&sort=newest");

    let saved = browser
        .post(&app, "/es/admin/supporters/segments", &[("name", "  Boletín   2026 "), ("filter", &filter)])
        .await;
    assert_eq!(saved.status, 303);
    let segment = segments::find_by_name(app.db(), org, "BOLETIN 2026").await.unwrap().expect("found by name, folded");
    assert_eq!(segment.name, "Boletín 2026");
    assert_eq!(saved.location(), format!("/es/admin/supporters?consent=newsletter&sort=newest&segment={}", segment.id));

    // Opening it shows what the filters show, says which segment it is, and links it.
    let opened = browser.get(&app, saved.location()).await;
    assert_eq!(opened.first(".search-count"), "4 personas.");
    assert_eq!(opened.first(".segment-showing"), "Segmento: Boletín 2026");
    assert_eq!(opened.texts("#segments .segment-links a"), ["Boletín 2026", "Boletín en inglés"]);
    assert_eq!(opened.attr("#segments a[aria-current]", "href"), saved.location());
    assert_eq!(opened.attr(".export-link a", "href"), format!("/es/admin/supporters/export?segment={}", segment.id));
    // The model API gives the same people, without pages.
    let mut members = segments::members(app.db(), org, &segment).await.unwrap();
    let mut shown = ids(&opened);
    members.sort();
    shown.sort();
    assert_eq!(members, shown);
    assert_eq!(
        segments::filter(&segment),
        Filter { consent: "newsletter".into(), sort: "newest".into(), ..Filter::default() }
    );

    // Renamed on the segments page (another language), then deleted.
    let page = browser.get(&app, "/en/admin/supporters/segments").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.texts(".segment h2"), ["Boletín 2026", "Boletín en inglés"]);
    let path = format!("/en/admin/supporters/segments/{}", segment.id);
    let renamed = browser.post(&app, &path, &[("name", "Newsletter (all)")]).await;
    assert_eq!(renamed.status, 303);
    assert_eq!(renamed.location(), format!("/en/admin/supporters/segments#segment-{}", segment.id));
    assert_eq!(
        browser.get(&app, "/en/admin/supporters/segments").await.texts(".segment h2"),
        ["Boletín en inglés", "Newsletter (all)"]
    );
    assert!(segments::find_by_name(app.db(), org, "Boletín 2026").await.unwrap().is_none());
    // The same name with other capitals is not a duplicate of itself.
    assert_eq!(browser.post(&app, &path, &[("name", "NEWSLETTER (ALL)")]).await.status, 303);

    let deleted = browser.post(&app, &format!("{path}/delete"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert_eq!(deleted.location(), "/en/admin/supporters/segments");
    let page = browser.get(&app, "/en/admin/supporters/segments").await;
    assert_eq!(page.texts(".segment h2"), ["Boletín en inglés"]);
    assert!(segments::find(app.db(), org, segment.id).await.unwrap().is_none());
    // Deleting again leads back to the list, changing nothing.
    assert_eq!(browser.post(&app, &format!("{path}/delete"), &[]).await.status, 303);

    let log = actions(&app).await;
    for action in ["segment.created", "segment.renamed", "segment.deleted"] {
        assert!(
            log.iter().any(|(a, s)| a == action && s.starts_with(&format!("segment {}", segment.id))),
            "{action}: {log:?}"
        );
    }
    app.account("admin@example.org", PASSWORD, &[Role::Admin]).await;
    let admin = app.sign_in("admin@example.org", PASSWORD).await;
    let audit = admin.get(&app, "/es/admin/audit").await;
    assert!(audit.text().contains("Guardó un segmento"), "the action has words in the audit page");
}

#[tokio::test]
async fn segment_names_are_required_and_unique_without_capitals_or_accents() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let browser = organizer(&app).await;
    let first =
        browser.post(&app, "/es/admin/supporters/segments", &[("name", "Delegación"), ("filter", "language=en")]).await;
    assert_eq!(first.status, 303);

    // A duplicate: the list again with its filters, the message next to the field, the name kept.
    let again = browser
        .post(
            &app,
            "/es/admin/supporters/segments",
            &[("name", " DELEGACION "), ("filter", "language=es&place=Arcatao")],
        )
        .await;
    assert_eq!(again.status, 422);
    assert_eq!(again.first("#segment-name-error"), "Ya hay un segmento con este nombre. Por favor, elija otro.");
    assert_eq!(again.attr("#segment-name", "value"), " DELEGACION ");
    assert_eq!(again.attr("#segment-name", "aria-invalid"), "true");
    assert_eq!(again.attr("#language option[selected]", "value"), "es", "the filters are kept");
    assert_eq!(again.attr("#place", "value"), "Arcatao");
    assert_eq!(again.attr("form.segment-save input[name=filter]", "value"), "language=es&place=Arcatao");

    let empty = browser.post(&app, "/en/admin/supporters/segments", &[("name", "   "), ("filter", "")]).await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.first("#segment-name-error"), "Please give the segment a name.");
    assert_eq!(segments::all(app.db(), org).await.unwrap().len(), 2, "nothing saved beside the demo's");

    // Renaming onto another segment's name is refused the same way, next to that segment.
    let other = segments::create(app.db(), org, "Boletín", &Filter::default()).await.unwrap().unwrap();
    let path = format!("/es/admin/supporters/segments/{}", other.id);
    let refused = browser.post(&app, &path, &[("name", "delegacion")]).await;
    assert_eq!(refused.status, 422);
    let field = format!("#segment-{}-name", other.id);
    assert_eq!(refused.attr(&field, "value"), "delegacion");
    assert_eq!(
        refused.first(&format!("#segment-{}-error", other.id)),
        "Ya hay un segmento con este nombre. Por favor, elija otro."
    );
    let empty = browser.post(&app, &path, &[("name", "")]).await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.first(&format!("#segment-{}-error", other.id)), "Por favor, póngale un nombre al segmento.");
    assert_eq!(segments::find(app.db(), org, other.id).await.unwrap().unwrap().name, "Boletín", "unchanged");
    // The model refuses the same way.
    assert_eq!(
        segments::create(app.db(), org, "boletin", &Filter::default()).await.unwrap(),
        Err(segments::NameProblem::Taken)
    );
    // Another organization may use the same name.
    let elsewhere = app.organization("Otro comité").await;
    assert!(segments::create(app.db(), elsewhere, "Boletín", &Filter::default()).await.unwrap().is_ok());
    // A segment of another organization is not found here.
    let theirs = segments::find_by_name(app.db(), elsewhere, "Boletín").await.unwrap().unwrap();
    let response = browser.post(&app, &format!("/es/admin/supporters/segments/{}", theirs.id), &[("name", "x")]).await;
    assert_eq!(response.status, 404);
}

#[tokio::test]
async fn the_export_has_the_chosen_columns_headers_in_the_members_language_and_no_live_formulas() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let mut hostile = person("=cmd|' /C calc'!A0", "Peña, \"la jefa\"", "formula@correo.sv");
    hostile.phone = "+503 7777-0000".into();
    hostile.place = "@SUM(A1:A9)".into();
    hostile.postal_code = "-1".into();
    let hostile = model::create(app.db(), org, &hostile).await.unwrap();
    let plain = model::create(app.db(), org, &person("José", "Núñez", "jose@correo.sv")).await.unwrap();
    let browser = organizer(&app).await;
    browser.post(&app, &format!("/es/admin/supporters/{}/tags", hostile.id), &[("add", "Exportar")]).await;
    browser.post(&app, &format!("/es/admin/supporters/{}/tags", plain.id), &[("add", "Exportar")]).await;
    browser.post(&app, &format!("/es/admin/supporters/{}/tags", plain.id), &[("add", "Arcatao")]).await;
    let tag = hermana::supporters::labels::named(app.db(), org, "Exportar").await.unwrap().id;

    // The list links the export of what it shows; the form offers every column.
    let list = browser.get(&app, &format!("/en/admin/supporters?tag={tag}")).await;
    let link = list.attr(".export-link a", "href");
    assert_eq!(link, format!("/en/admin/supporters/export?tag={tag}"));
    let form = browser.get(&app, &link).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.first(".export-what"), "The Friends matching the current filters: 2 people.");
    assert!(form.attrs("input[name=column]", "value").len() >= 15);
    assert_eq!(
        form.attrs("input[name=column][checked]", "value"),
        ["first_name", "last_name", "email", "language", "newsletter", "events"]
    );
    let filter = form.attr("input[name=filter]", "value");
    assert_eq!(filter, format!("tag={tag}"));

    let columns = [("column", "first_name"), ("column", "last_name"), ("column", "phone"), ("column", "place")];
    let fields =
        [&[("filter", filter.as_str())][..], &columns, &[("column", "postal_code"), ("column", "tags")]].concat();
    let lines = csv_lines(&browser.post(&app, "/en/admin/supporters/export", &fields).await);
    assert_eq!(lines[0], "First name,Last name,Phone,Postal code,City or town,Tags");
    assert_eq!(lines.len(), 3);
    // Sorted as the list is, by last name: Núñez, then Peña.
    assert_eq!(lines[1], "José,Núñez,,,,Arcatao; Exportar");
    assert_eq!(lines[2], "'=cmd|' /C calc'!A0,\"Peña, \"\"la jefa\"\"\",'+503 7777-0000,'-1,'@SUM(A1:A9),Exportar");
    assert!(!lines.join("\n").contains("formula@correo.sv"), "only the chosen columns");

    // In Spanish, headers and values in Spanish.
    let fields = [("filter", filter.as_str()), ("column", "email"), ("column", "language"), ("column", "newsletter")];
    let lines = csv_lines(&browser.post(&app, "/es/admin/supporters/export", &fields).await);
    assert_eq!(lines[0], "Correo,Idioma preferido,Boletín");
    assert_eq!(lines[1], "jose@correo.sv,español,no");

    // Each export is in the audit log: who, what, how many, which columns.
    let log = actions(&app).await;
    let exports: Vec<&String> = log.iter().filter(|(a, _)| a == "supporters.exported").map(|(_, s)| s).collect();
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[0], &format!("filter tag={tag}; 2 records; columns email,language,newsletter"));
    let entry = hermana::audit::model::recent(app.db(), org, 1).await.unwrap().remove(0);
    assert_eq!(entry.who.as_deref(), Some("organizer@example.org"));

    // No column chosen: the form again, with the message, nothing exported.
    let none = browser.post(&app, "/en/admin/supporters/export", &[("filter", filter.as_str())]).await;
    assert_eq!(none.status, 422);
    assert_eq!(none.first("#columns-error"), "Please choose at least one column.");
    assert!(none.attrs("input[name=column][checked]", "value").is_empty());
    assert_eq!(actions(&app).await.iter().filter(|(a, _)| a == "supporters.exported").count(), 2);
    // An unknown segment is not found.
    assert_eq!(browser.get(&app, "/en/admin/supporters/export?segment=999999").await.status, 404);
}

#[tokio::test]
async fn a_segment_exports_all_its_members_once_across_batches() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    let batch = usize::try_from(hermana::supporters::export::BATCH).unwrap();
    let txn = app.db().begin().await.unwrap();
    let mut made = HashSet::new();
    for i in 0..batch + 37 {
        // Half of them share one name: ties are broken by id across batch edges.
        let last = if i % 2 == 0 { "Igual".to_owned() } else { format!("Apellido {i:05}") };
        made.insert(model::create(&txn, org, &person("Ana", &last, &format!("p{i}@correo.sv"))).await.unwrap().id);
    }
    txn.commit().await.unwrap();
    let browser = organizer(&app).await;
    let none = browser.get(&app, "/en/admin/supporters/segments").await;
    assert_eq!(
        none.first(".form-notice"),
        "No segments yet. Filter the list of Friends, then save the filters as a segment."
    );
    let segment = segments::create(app.db(), org, "Todos", &Filter::default()).await.unwrap().unwrap();
    assert_eq!(segments::members(app.db(), org, &segment).await.unwrap().into_iter().collect::<HashSet<_>>(), made);

    let id = segment.id.to_string();
    let form = browser.get(&app, &format!("/es/admin/supporters/export?segment={id}")).await;
    assert_eq!(form.first(".export-what"), format!("Segmento «Todos»: {} personas.", batch + 37));
    assert_eq!(form.attr("input[name=segment]", "value"), id);
    assert_eq!(form.attr("a[data-language-switch]", "href"), format!("/en/admin/supporters/export?segment={id}"));
    let response = browser
        .post(&app, "/es/admin/supporters/export", &[("segment", &id), ("column", "number"), ("column", "last_name")])
        .await;
    let lines = csv_lines(&response);
    assert_eq!(lines[0], "Apellidos,Número de registro", "columns in the form's order, not the request's");
    let numbers: Vec<i64> = lines[1..].iter().map(|l| l.rsplit(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(numbers.len(), batch + 37, "every record once");
    assert_eq!(numbers.iter().copied().collect::<HashSet<_>>(), made);
    let names: Vec<&str> = lines[1..].iter().map(|l| l.split_once(',').unwrap().0).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "in the list's order");
    let log = actions(&app).await;
    assert!(log.iter().any(|(a, s)| a == "supporters.exported"
        && s == &format!("segment {id}: Todos; {} records; columns last_name,number", batch + 37)));
}

#[tokio::test]
async fn editors_and_treasurers_cannot_see_segments_or_export() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let segment = segments::create(app.db(), org, "Boletín", &Filter::default()).await.unwrap().unwrap();
    for role in [Role::Editor, Role::Treasurer] {
        let email = format!("{}@example.org", role.code());
        app.account(&email, PASSWORD, &[role]).await;
        let browser = app.sign_in(&email, PASSWORD).await;
        for path in
            ["/en/admin/supporters/segments", "/en/admin/supporters/export", "/en/admin/supporters/export?segment=1"]
        {
            assert_eq!(browser.get(&app, path).await.status, 403, "{role:?} {path}");
        }
        let export = browser.post(&app, "/en/admin/supporters/export", &[("filter", ""), ("column", "email")]).await;
        assert_eq!(export.status, 403, "{role:?}");
        assert_ne!(export.header("content-type"), Some("text/csv; charset=utf-8"));
        let rename =
            browser.post(&app, &format!("/en/admin/supporters/segments/{}", segment.id), &[("name", "x")]).await;
        assert_eq!(rename.status, 403);
        let save = browser.post(&app, "/en/admin/supporters/segments", &[("name", "Mío"), ("filter", "")]).await;
        assert_eq!(save.status, 403);
    }
    // Signed out: to the sign-in page.
    let response = app.get("/en/admin/supporters/export").await;
    assert_eq!(response.status, 303);
    assert!(response.location().starts_with("/en/login?next="));
    assert!(actions(&app).await.iter().all(|(a, _)| a != "supporters.exported"));
    assert_eq!(segments::all(app.db(), org).await.unwrap().len(), 2, "the demo's and this one");
    assert_eq!(segments::find(app.db(), org, segment.id).await.unwrap().unwrap().name, "Boletín");
}
