//! CSV import of supporters through the real router: upload, recognition of the tools'
//! exports, preview, hand mapping, commit, the durable job, de-duplication, suggestions,
//! rejected rows, malformed files, and an import killed partway that finishes exactly once.

use std::collections::HashSet;
use std::time::Duration;

use hermana::auth::roles::Role;
use hermana::i18n::Lang;
use hermana::supporters::entities::{activity, consent, import, import_suggestion, note, supporter};
use hermana::supporters::import::Runner;
use hermana::supporters::import::run::{self, status};
use hermana::supporters::model::{self, Details};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::common::{Browser, TestApp, TestResponse};
use crate::mail::{start_worker, test_worker_config};

const PASSWORD: &str = "una frase larga";
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/sheet/tests/fixtures");

/// An empty database with MASCP (default language English) and no supporters.
async fn fresh() -> TestApp {
    let app = TestApp::new().await;
    app.organization("MASCP").await;
    app
}

async fn organizer(app: &TestApp) -> Browser {
    app.account("organizer@example.org", PASSWORD, &[Role::Organizer]).await;
    app.sign_in("organizer@example.org", PASSWORD).await
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

async fn upload(app: &TestApp, browser: &Browser, lang: &str, name: &str, bytes: &[u8]) -> TestResponse {
    let path = format!("/{lang}/admin/supporters/import");
    browser.post_multipart(app, &path, &[], Some(("file", name, "text/csv", bytes))).await
}

/// Uploads a file and returns its import (the upload must be accepted).
async fn uploaded(app: &TestApp, browser: &Browser, name: &str, bytes: &[u8]) -> import::Model {
    let response = upload(app, browser, "en", name, bytes).await;
    assert_eq!(response.status, 303, "{}", response.text());
    let id: i64 = response.location().rsplit('/').next().unwrap().parse().unwrap();
    import::Entity::find_by_id(id).one(app.db()).await.unwrap().unwrap()
}

/// Commits through the page, lets a worker run the job, and returns the finished import.
async fn commit_and_wait(app: &TestApp, browser: &Browser, id: i64) -> import::Model {
    let path = format!("/en/admin/supporters/import/{id}");
    let response = browser.post(app, &path, &[("action", "commit")]).await;
    assert_eq!(response.status, 303, "{}", response.text());
    let worker = start_worker(app, test_worker_config());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let done = loop {
        let row = import::Entity::find_by_id(id).one(app.db()).await.unwrap().unwrap();
        if row.status == status::DONE || row.status == status::FAILED {
            break row;
        }
        assert!(tokio::time::Instant::now() < deadline, "import still {}", row.status);
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    worker.shutdown().await;
    assert_eq!(done.status, status::DONE, "{:?}", done.error);
    done
}

async fn by_email(app: &TestApp, email: &str) -> supporter::Model {
    let org = app.mascp().await;
    model::by_email(app.db(), org, email).await.unwrap().unwrap_or_else(|| panic!("{email} was imported"))
}

async fn supporters(app: &TestApp) -> Vec<supporter::Model> {
    supporter::Entity::find().order_by_asc(supporter::Column::Id).all(app.db()).await.unwrap()
}

#[tokio::test]
async fn every_fixture_is_recognized_previewed_and_imported() {
    // (file, tool, emails it holds, newsletter consent of the first). Mailchimp exports one
    // file per status with no status column: no column says yes, so no consent is recorded.
    let cases: &[(&str, &str, &[&str], bool)] = &[
        ("wix-contacts.csv", "Wix Contacts", &["rosa@example.org", "pedro@example.org"], true),
        ("wix-contacts-es.csv", "Wix Contacts", &["oscar@example.sv", "ines@example.sv"], true),
        ("action-network.csv", "Action Network", &["luz@example.org", "tom@example.org"], true),
        ("civicrm.csv", "CiviCRM", &["carmen@example.org", "john@example.org"], false),
        ("civicrm-es.csv", "CiviCRM", &["ana.rivas@example.sv"], false),
        ("mailchimp.csv", "Mailchimp", &["ana.pena@example.org", "jose@example.org"], false),
        ("mailchimp-es.csv", "Mailchimp", &["maria@example.sv"], false),
    ];
    for (file, tool, emails, first_consents) in cases {
        let app = fresh().await;
        let browser = organizer(&app).await;
        let import = uploaded(&app, &browser, file, &fixture(file)).await;
        assert_eq!(import.status, status::READY, "{file}");
        assert_eq!(import.source, *tool, "{file}");
        let page = browser.get(&app, &format!("/en/admin/supporters/import/{}", import.id)).await;
        assert_eq!(page.status, 200);
        assert!(page.text().contains(&format!("Recognized as an export from {tool}.")), "{file}");
        let preview: run::Preview = serde_json::from_str(import.preview.as_deref().unwrap()).unwrap();
        assert!(preview.created >= emails.len(), "{file}: {preview:?}");
        assert_eq!(supporters(&app).await.len(), 0, "{file}: the preview changes nothing");

        let done = commit_and_wait(&app, &browser, import.id).await;
        assert_eq!(usize::try_from(done.created_count).unwrap(), preview.created, "{file}");
        for email in *emails {
            by_email(&app, email).await;
        }
        let first = by_email(&app, emails[0]).await;
        assert_eq!(first.newsletter, *first_consents, "{file}");
        let timeline = model::timeline(app.db(), first.id, 10).await.unwrap();
        assert_eq!(timeline[0].kind, run::IMPORTED);
    }
}

#[tokio::test]
async fn a_windows_1252_file_from_spanish_excel_keeps_its_accents() {
    let app = fresh().await;
    let browser = organizer(&app).await;
    let import = uploaded(&app, &browser, "wix-contacts-es.csv", &fixture("wix-contacts-es.csv")).await;
    assert_eq!(import.encoding, "Windows-1252");
    assert_eq!(import.delimiter, ";");
    commit_and_wait(&app, &browser, import.id).await;
    let oscar = by_email(&app, "oscar@example.sv").await;
    assert_eq!((oscar.first_name.as_str(), oscar.last_name.as_str()), ("Óscar", "Núñez"));
    assert_eq!(oscar.place, "Arcatao, Chalatenango");
    let tags: Vec<String> =
        hermana::supporters::labels::of(app.db(), oscar.id).await.unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(tags, ["Amigos", "Delegación"]);
    // "Desuscrito": no consent.
    assert!(!by_email(&app, "ines@example.sv").await.newsletter);
}

#[tokio::test]
async fn duplicates_match_by_email_fill_what_is_empty_and_never_overwrite() {
    let app = fresh().await;
    let org = app.mascp().await;
    let existing = model::create(
        app.db(),
        org,
        &Details {
            first_name: "Ana".into(),
            last_name: "Peña".into(),
            email: Some("ana.pena@example.org".into()),
            language: "es".into(),
            ..Details::default()
        },
    )
    .await
    .unwrap();
    let browser = organizer(&app).await;
    // Differently written address, another first name, a phone we did not have; then the same
    // person again later in the file, with a note.
    let csv = "Email,First Name,Last Name,Phone,Newsletter\n\
               \u{20}ANA.PENA@example.ORG ,Anita,Peña,+1 608 555 0101,yes\n\
               nuevo@example.org,Nuevo,Amigo,,no\n\
               Nuevo@Example.org,,,+503 7777 1111,\n\
               ana.pena@example.org,,,,\n";
    let import = uploaded(&app, &browser, "dups.csv", csv.as_bytes()).await;
    let preview: run::Preview = serde_json::from_str(import.preview.as_deref().unwrap()).unwrap();
    assert_eq!((preview.created, preview.matched, preview.rejected), (1, 3, 0), "{preview:?}");
    assert_eq!(preview.matched_examples[0].supporter_id, Some(existing.id));
    assert_eq!(preview.matched_examples[1].same_as_line, Some(3));
    let page = browser.get(&app, &format!("/es/admin/supporters/import/{}", import.id)).await;
    assert!(page.text().contains("mismo correo que la línea 3"));
    assert!(page.text().contains("1 simpatizante nuevo"));

    let done = commit_and_wait(&app, &browser, import.id).await;
    assert_eq!((done.created_count, done.matched_count, done.rejected_count), (1, 3, 0));
    let all = supporters(&app).await;
    assert_eq!(all.len(), 2, "no duplicate records");
    let ana = by_email(&app, "ana.pena@example.org").await;
    assert_eq!(ana.id, existing.id);
    assert_eq!(ana.first_name, "Ana", "a name already there is not overwritten");
    assert_eq!(ana.phone, "+1 608 555 0101", "an empty field is filled");
    assert!(ana.newsletter);
    let consents = model::consent_history(app.db(), ana.id).await.unwrap();
    assert_eq!((consents[0].source.as_str(), consents[0].granted), ("imported", true));
    assert_eq!(consents[0].detail.as_deref(), Some("dups.csv, line 2"));
    let nuevo = by_email(&app, "nuevo@example.org").await;
    assert_eq!(nuevo.phone, "+503 7777 1111", "a later row of the same person fills in");
    assert!(!nuevo.newsletter);

    // Importing the same file again creates nobody.
    let again = uploaded(&app, &browser, "dups.csv", csv.as_bytes()).await;
    let done = commit_and_wait(&app, &browser, again.id).await;
    assert_eq!((done.created_count, done.matched_count), (0, 4));
    assert_eq!(supporters(&app).await.len(), 2);
}

#[tokio::test]
async fn the_same_name_and_postal_code_is_a_suggestion_never_a_merge() {
    let app = fresh().await;
    let org = app.mascp().await;
    let older = model::create(
        app.db(),
        org,
        &Details {
            first_name: "José".into(),
            last_name: "Ruiz".into(),
            email: Some("jose@example.org".into()),
            postal_code: "53703".into(),
            language: "es".into(),
            ..Details::default()
        },
    )
    .await
    .unwrap();
    let browser = organizer(&app).await;
    let csv = "email,first name,last name,zip\njose.ruiz@work.example,Jose,RUIZ,53703-1234\n";
    let import = uploaded(&app, &browser, "s.csv", csv.as_bytes()).await;
    let preview: run::Preview = serde_json::from_str(import.preview.as_deref().unwrap()).unwrap();
    assert_eq!((preview.created, preview.suggested), (1, 1));
    assert_eq!(preview.suggested_examples[0].existing_id, older.id);
    let done = commit_and_wait(&app, &browser, import.id).await;
    assert_eq!(done.suggested_count, 1);
    assert_eq!(supporters(&app).await.len(), 2, "not merged");
    let suggestion = import_suggestion::Entity::find().one(app.db()).await.unwrap().unwrap();
    assert_eq!(suggestion.existing_id, older.id);
    let page = browser.get(&app, &format!("/en/admin/supporters/import/{}", import.id)).await;
    assert_eq!(page.first("#suggestions-heading"), "Possible duplicates");
    assert_eq!(page.attr(".suggestions form", "action"), format!("/en/admin/supporters/{}/merge", older.id));

    // Merging from the suggestion works, and then the suggestion is gone.
    let merged = browser
        .post(
            &app,
            &format!("/en/admin/supporters/{}/merge", older.id),
            &[("other", &suggestion.supporter_id.to_string())],
        )
        .await;
    assert_eq!(merged.status, 303, "{}", merged.text());
    let page = browser.get(&app, &format!("/en/admin/supporters/import/{}", import.id)).await;
    assert!(page.texts("#suggestions-heading").is_empty());
}

#[tokio::test]
async fn rejected_rows_come_back_as_a_csv_with_reasons_in_the_visitors_language() {
    let app = fresh().await;
    let browser = organizer(&app).await;
    let giant = "x".repeat(70 * 1024);
    let csv = format!(
        "Email,First Name,Notes\n\
         ok@example.org,Ok,=cmd|' /C calc'!A0\n\
         not an address,Bo,\n\
         ,,only a note\n\
         short@example.org\n\
         big@example.org,Big,{giant}\n"
    );
    let import = uploaded(&app, &browser, "mixed.csv", csv.as_bytes()).await;
    let done = commit_and_wait(&app, &browser, import.id).await;
    assert_eq!((done.created_count, done.rejected_count), (1, 4));
    // The formula is data: kept as written in the note, never run by us.
    let ok = by_email(&app, "ok@example.org").await;
    let notes = note::Entity::find().filter(note::Column::SupporterId.eq(ok.id)).all(app.db()).await.unwrap();
    assert_eq!(notes[0].body, "=cmd|' /C calc'!A0");

    for (lang, reason, bad_email) in
        [("es", "Motivo", "el correo electrónico no es válido"), ("en", "Reason", "the email address is not valid")]
    {
        let response = browser.get(&app, &format!("/{lang}/admin/supporters/import/{}/rejected.csv", import.id)).await;
        assert_eq!(response.status, 200);
        assert_eq!(response.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(response.header("content-disposition").unwrap().starts_with("attachment; filename=\"mixed-"));
        let body = response.text();
        assert!(body.starts_with('\u{feff}'), "a BOM for spreadsheets");
        let mut reader = csv::ReaderBuilder::new().from_reader(body.trim_start_matches('\u{feff}').as_bytes());
        let header = reader.headers().unwrap().clone();
        assert_eq!(header.iter().next_back(), Some(reason));
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4, "{body}");
        assert_eq!(&rows[0][1], "Bo");
        assert_eq!(rows[0].iter().next_back(), Some(bad_email));
        assert!(body.contains(if lang == "es" { "ni correo electrónico ni nombre" } else { "neither an email" }));
        assert!(body.contains(if lang == "es" { "1 campos donde" } else { "1 fields where" }));
        assert!(body.contains(if lang == "es" { "más de 65536 bytes" } else { "longer than 65536 bytes" }));
    }
}

#[tokio::test]
async fn a_malformed_file_gets_a_clear_message_and_changes_nothing() {
    let app = fresh().await;
    let browser = organizer(&app).await;
    let cases: &[(&[u8], &str, &str)] = &[
        (b"email,name\n\"a@x.org,Ana\nb@x.org,Bo\n", "opened on line 2 is never closed", "abiertas en la línea 2"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "spreadsheet workbook", "libro de hoja de cálculo"),
        (b"", "Choose a CSV file", "Elija un archivo CSV"),
        (b"   \n\n", "The file is empty", "El archivo está vacío"),
        (b"email,name\n", "column names but no rows", "nombres de columnas pero ninguna fila"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not a text file", "no es de texto"),
    ];
    for (bytes, en, es) in cases {
        for (lang, expected) in [("en", en), ("es", es)] {
            let response = upload(&app, &browser, lang, "bad.csv", bytes).await;
            assert_eq!(response.status, 422, "{expected}");
            assert!(response.first("#file-error").contains(expected), "{lang}: {}", response.first("#file-error"));
            assert_eq!(response.attr("#file", "aria-invalid"), "true");
        }
    }
    assert_eq!(import::Entity::find().count(app.db()).await.unwrap(), 0, "nothing stored");
    assert_eq!(supporters(&app).await.len(), 0);
}

#[tokio::test]
async fn columns_nobody_recognizes_are_mapped_by_hand() {
    let app = fresh().await;
    let browser = organizer(&app).await;
    let csv = "c1;c2;c3\nana@example.org;Ana Pérez;Madison\nbo@example.org;Bo;Arcatao\n";
    let import = uploaded(&app, &browser, "plain.csv", csv.as_bytes()).await;
    assert_eq!(import.status, status::MAPPING);
    let path = format!("/es/admin/supporters/import/{}", import.id);
    let page = browser.get(&app, &path).await;
    assert!(page.text().contains("No pudimos saber qué columna"));
    assert_eq!(page.texts("table.mapping tbody td:nth-child(2)")[0], "ana@example.org · bo@example.org");
    // Committing before mapping is refused.
    let refused = browser.post(&app, &path, &[("action", "commit")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.first("#mapping-error").contains("Primero elija"));
    // One field for two columns is refused, with the field's name.
    let twice = browser.post(&app, &path, &[("action", "map"), ("column-0", "email"), ("column-1", "email")]).await;
    assert_eq!(twice.status, 422);
    assert!(twice.first("#mapping-error").contains("«Correo electrónico» está elegido para más de una columna"));
    let mapped = browser
        .post(&app, &path, &[("action", "map"), ("column-0", "email"), ("column-1", "full-name"), ("column-2", "city")])
        .await;
    assert_eq!(mapped.status, 303);
    let row = import::Entity::find_by_id(import.id).one(app.db()).await.unwrap().unwrap();
    assert_eq!(row.status, status::READY);
    let done = commit_and_wait(&app, &browser, import.id).await;
    assert_eq!(done.created_count, 2);
    let ana = by_email(&app, "ana@example.org").await;
    assert_eq!((ana.first_name.as_str(), ana.place.as_str()), ("Ana Pérez", "Madison"));
}

#[tokio::test]
async fn the_running_import_shows_a_progress_bar_with_and_without_javascript() {
    let app = fresh().await;
    let browser = organizer(&app).await;
    let import = uploaded(&app, &browser, "w.csv", &fixture("wix-contacts.csv")).await;
    let path = format!("/es/admin/supporters/import/{}", import.id);
    browser.post(&app, &path, &[("action", "commit")]).await;
    let again = browser.post(&app, &path, &[("action", "commit")]).await;
    assert_eq!(again.status, 303, "committing twice is harmless");
    let jobs = hermana::jobs::entities::job::Entity::find().count(app.db()).await.unwrap();
    assert_eq!(jobs, 1, "one job");
    let page = browser.get(&app, &path).await;
    assert_eq!(page.attr("progress#import-progress", "value"), "0");
    assert_eq!(page.attr("progress#import-progress", "max"), "2");
    assert_eq!(page.first("#import-progress-text"), "0 de 2 filas hechas");
    let html = page.text();
    assert!(html.contains(r#"<noscript><meta http-equiv="refresh" content="2"></noscript>"#));
    assert!(html.contains("/static/import."), "the script that updates the bar in place");
    let json = browser.get(&app, &format!("{path}/progress")).await;
    assert_eq!(json.header("content-type"), Some("application/json"));
    let value: serde_json::Value = serde_json::from_str(&json.text()).unwrap();
    assert_eq!(value["status"], "queued");
    assert_eq!(value["total"], 2);
    assert_eq!(value["text"], "0 de 2 filas hechas");
}

/// A file of `rows` people, every tenth one a repeat of an earlier address.
pub fn generated(rows: usize) -> String {
    let mut csv = String::from("Email,First Name,Last Name,Zip,Tags\n");
    for n in 0..rows {
        let person = if n % 10 == 9 { n - 5 } else { n };
        csv.push_str(&format!(
            "friend{person}@example.org,Amiga{person},Apellido{person},{:05},lote {}\n",
            n % 997,
            n % 3
        ));
    }
    csv
}

async fn assert_exactly_once(app: &TestApp, rows: usize, import_id: i64) {
    let distinct = rows - rows / 10;
    let all = supporters(app).await;
    assert_eq!(all.len(), distinct, "no duplicate and no lost row");
    let emails: HashSet<_> = all.iter().filter_map(|s| s.email.clone()).collect();
    assert_eq!(emails.len(), distinct);
    let done = import::Entity::find_by_id(import_id).one(app.db()).await.unwrap().unwrap();
    assert_eq!(done.status, status::DONE);
    assert_eq!(usize::try_from(done.created_count).unwrap(), distinct);
    assert_eq!(usize::try_from(done.matched_count).unwrap(), rows / 10);
    assert_eq!(usize::try_from(done.processed_rows).unwrap(), rows);
    // Each record's timeline says it was imported: once per batch it appeared in, so at least
    // once and never more often than its rows.
    let imported =
        activity::Entity::find().filter(activity::Column::Kind.eq(run::IMPORTED)).all(app.db()).await.unwrap();
    let on_timeline: HashSet<i64> = imported.iter().map(|a| a.supporter_id).collect();
    assert_eq!(on_timeline.len(), distinct);
    assert!(imported.len() <= rows);
}

#[tokio::test]
async fn an_import_cut_off_anywhere_finishes_exactly_once() {
    let app = fresh().await;
    let org = app.mascp().await;
    let rows = 2_000;
    let import =
        run::create(app.db(), org, None, "big.csv", generated(rows).into_bytes(), Lang::Es).await.unwrap().unwrap();
    run::commit(app.db(), &import).await.unwrap().unwrap();
    // Runners cut off at random points (a dropped future is a killed process to the
    // database: its open transaction rolls back), each starting again from the stored cursor.
    // The time allowed doubles after each runner that got nowhere, so the test ends however
    // slow the database is.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut cuts, mut stalled, mut last) = (0, 0, -1);
    loop {
        let Some(mut runner) = Runner::start(app.db(), import.id).await.unwrap() else { break };
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let budget = Duration::from_millis((5 + seed % 120) << stalled.min(8));
        match tokio::time::timeout(budget, runner.finish(app.db())).await {
            Ok(progress) => {
                assert!(progress.unwrap().done);
                break;
            }
            Err(_) => cuts += 1,
        }
        let now = import::Entity::find_by_id(import.id).one(app.db()).await.unwrap().unwrap().processed_rows;
        stalled = if now == last { stalled + 1 } else { 0 };
        last = now;
    }
    assert!(cuts > 0, "at least one runner was cut off");
    assert_exactly_once(&app, rows, import.id).await;
    // Two runners at once (a reclaimed job and the command line): still once.
    let import =
        run::create(app.db(), org, None, "big.csv", generated(rows).into_bytes(), Lang::Es).await.unwrap().unwrap();
    run::commit(app.db(), &import).await.unwrap().unwrap();
    let mut a = Runner::start(app.db(), import.id).await.unwrap().unwrap();
    let mut b = Runner::start(app.db(), import.id).await.unwrap().unwrap();
    let (ra, rb) = tokio::join!(a.finish(app.db()), b.finish(app.db()));
    assert!(ra.is_ok() && rb.is_ok(), "{ra:?} {rb:?}");
    let second = import::Entity::find_by_id(import.id).one(app.db()).await.unwrap().unwrap();
    assert_eq!((second.created_count, second.matched_count), (0, i32::try_from(rows).unwrap()));
    assert_eq!(supporters(&app).await.len(), rows - rows / 10);
}

#[tokio::test]
async fn the_command_line_previews_then_imports() {
    let app = fresh().await;
    let dir = tempfile_dir();
    let file = dir.join("contacts.csv");
    std::fs::write(&file, fixture("action-network.csv")).unwrap();
    let preview = hermana::supporters::import::cli::import_supporters(app.db(), "mascp", &file, false).await.unwrap();
    assert!(preview.contains("--yes"), "{preview}");
    assert_eq!(supporters(&app).await.len(), 0, "the preview changes nothing");
    let summary = hermana::supporters::import::cli::import_supporters(app.db(), "mascp", &file, true).await.unwrap();
    assert!(summary.starts_with("Import #2 finished: 3 new"), "{summary}");
    assert_eq!(supporters(&app).await.len(), 3);
    let error = hermana::supporters::import::cli::import_supporters(app.db(), "nobody", &file, true).await.unwrap_err();
    assert!(error.to_string().contains("no organization"));
    // A file that cannot be read is explained in the organization's language, as on the web.
    let broken = dir.join("broken.csv");
    std::fs::write(&broken, "Email,First Name\n\"ana@amigos.test,Ana\n").unwrap();
    let error =
        hermana::supporters::import::cli::import_supporters(app.db(), "mascp", &broken, true).await.unwrap_err();
    assert!(error.to_string().contains("opened on line 2 is never closed"), "{error}");
    let _ = std::fs::remove_dir_all(dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "hermana-import-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn consents_from_the_file_are_recorded_with_their_source() {
    let app = fresh().await;
    let browser = organizer(&app).await;
    let import = uploaded(&app, &browser, "wix.csv", &fixture("wix-contacts.csv")).await;
    commit_and_wait(&app, &browser, import.id).await;
    let ana = by_email(&app, "rosa@example.org").await;
    let rows = consent::Entity::find().filter(consent::Column::SupporterId.eq(ana.id)).all(app.db()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].source.as_str(), rows[0].granted), ("imported", true));
    let page = browser.get(&app, &format!("/es/admin/supporters/{}", ana.id)).await;
    assert!(page.text().contains("importado de un archivo"));
    assert!(page.text().contains("Agregado o actualizado al importar un archivo"));
}

/// Kills the server when the test ends, whatever happens.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(app: &TestApp) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_hermana"))
        .arg("serve")
        .env("HERMANA_DATA_DIR", app.data_dir())
        .env("HERMANA_DATABASE_URL", app.state.config.database.database_url.as_deref().unwrap())
        .env("HERMANA_LISTEN", format!("127.0.0.1:{port}"))
        .env("HERMANA_NO_DEMO", "true")
        .env("HERMANA_JOB_LEASE_SECONDS", "2")
        .env_remove("HERMANA_BASE_URL")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    Server(child)
}

#[tokio::test]
async fn killing_the_server_mid_import_and_restarting_finishes_it_once() {
    let app = fresh().await;
    let org = app.mascp().await;
    let rows = 20_000;
    let import =
        run::create(app.db(), org, None, "big.csv", generated(rows).into_bytes(), Lang::En).await.unwrap().unwrap();
    run::commit(app.db(), &import).await.unwrap().unwrap();
    let row = || async { import::Entity::find_by_id(import.id).one(app.db()).await.unwrap().unwrap() };

    let mut first = serve(&app);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while row().await.processed_rows == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the server never started the import");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // SIGKILL: no shutdown, no cleanup, the batch in flight cut off.
    first.0.kill().unwrap();
    first.0.wait().unwrap();
    let cut = row().await;
    assert_eq!(cut.status, status::RUNNING);
    assert!(usize::try_from(cut.processed_rows).unwrap() < rows, "killed partway");
    let partial = supporters(&app).await.len();
    assert!(partial < rows - rows / 10);

    // A new server takes the job over once its lease expires, and finishes from the cursor.
    let second = serve(&app);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
    while row().await.status != status::DONE {
        assert!(tokio::time::Instant::now() < deadline, "the import did not finish after the restart");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(second);
    assert_exactly_once(&app, rows, import.id).await;
}

#[tokio::test]
async fn no_payload_in_a_file_reaches_the_import_pages_alive() {
    use crate::xss::{PAYLOADS, assert_inert};
    let app = fresh().await;
    let browser = organizer(&app).await;
    // Payloads as column names, names, tags and notes, and in the file's name; plus a row
    // whose email is a payload (rejected, so it shows among the reasons).
    let mut writer = hermana_sheet::CsvWriter::new(Vec::new()).unwrap();
    writer.write_row(["Email", "First Name", "Tags", "Notes", PAYLOADS[0]]).unwrap();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        writer.write_row([format!("p{n}@example.org").as_str(), payload, payload, payload, payload]).unwrap();
    }
    writer.write_row([PAYLOADS[1], "x", "", "", ""]).unwrap();
    let bytes = writer.into_inner().unwrap();
    let import = uploaded(&app, &browser, "<img src=x onerror=alert(1)>.csv", &bytes).await;
    let path = format!("/en/admin/supporters/import/{}", import.id);
    assert_inert(&browser.get(&app, &path).await.text(), "the preview");
    assert_inert(&browser.get(&app, "/en/admin/supporters/import").await.text(), "the import list");
    commit_and_wait(&app, &browser, import.id).await;
    assert_inert(&browser.get(&app, &path).await.text(), "the results");
    let list = browser.get(&app, "/en/admin/supporters").await;
    assert_inert(&list.text(), "the supporter list");
}
