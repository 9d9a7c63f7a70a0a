//! The core group's CSV import, under `/{lang}/admin/supporters/import`: upload a file, check
//! how its columns are read (or map them by hand), look at the preview, commit, and watch the
//! progress bar; then download the rejected rows and look at the suggested merges.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use hermana_sheet::{Field, Mapping, SheetError};
use serde::Serialize;

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::supporters::import::run::{self, Import, Preview, status};
use crate::supporters::model;
use crate::web::forms::CsrfToken;
use crate::web::upload::{FileField, Upload};

/// The largest CSV file accepted (the reader's own limit).
pub const MAX_BYTES: usize = hermana_sheet::Limits::DEFAULT_MAX_FILE_BYTES;
/// The largest request body of an upload.
pub const MAX_BODY: usize = crate::web::upload::max_body(MAX_BYTES);
/// Sample values shown per column on the mapping form.
const SAMPLES: usize = 3;

#[derive(Serialize)]
struct Listed {
    id: i64,
    file_name: String,
    status: String,
    created_at: String,
    created: i32,
    matched: i32,
    rejected: i32,
}

#[derive(Serialize)]
struct IndexPage {
    #[serde(flatten)]
    frame: AdminFrame,
    imports: Vec<Listed>,
    error: Option<String>,
    max_mb: usize,
}

pub async fn index(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    render_index(&state, &member, csrf, None, StatusCode::OK).await
}

async fn render_index(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    error: Option<String>,
    code: StatusCode,
) -> Result<Response, AppError> {
    let imports = run::recent(&state.db, member.organization.id, 20)
        .await?
        .into_iter()
        .map(|i| Listed {
            id: i.id,
            file_name: i.file_name,
            status: i.status,
            created_at: member.when(i.created_at),
            created: i.created_count,
            matched: i.matched_count,
            rejected: i.rejected_count,
        })
        .collect();
    let page = IndexPage {
        frame: AdminFrame::new(member, "/supporters/import", csrf.token),
        imports,
        error,
        max_mb: MAX_BYTES / (1024 * 1024),
    };
    let mut response =
        private_page(state.renderer.render("supporters/admin/import_index.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = code;
    Ok(response)
}

/// `POST /{lang}/admin/supporters/import`: reads the file; a file that cannot be read is
/// refused with the reason and nothing is stored.
pub async fn upload(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    form: Upload<MAX_BYTES>,
) -> Result<Response, AppError> {
    let lang = member.lang;
    let bytes = match form.file {
        FileField::Missing => None,
        FileField::TooBig => Some(Err(SheetError::TooLarge { max: MAX_BYTES })),
        FileField::Bytes(bytes) => Some(Ok(bytes)),
    };
    let error = match bytes {
        None => state.catalog.text(lang, "import-error-no-file", None),
        Some(Err(error)) => run::error_message(&state.catalog, lang, &error),
        Some(Ok(bytes)) => {
            let created =
                run::create(&state.db, member.organization.id, Some(member.account.id), &form.file_name, bytes, lang)
                    .await?;
            match created {
                Ok(import) => {
                    let actor =
                        Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
                    let subject = format!("#{} {}", import.id, import.file_name);
                    audit::record(&state.db, member.organization.id, &actor, "supporters.import-uploaded", &subject)
                        .await?;
                    return Ok(Redirect::to(&path(lang, import.id)).into_response());
                }
                Err(error) => run::error_message(&state.catalog, lang, &error),
            }
        }
    };
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    render_index(&state, &member, csrf, Some(error), StatusCode::UNPROCESSABLE_ENTITY).await
}

fn path(lang: Lang, id: i64) -> String {
    format!("/{}/admin/supporters/import/{id}", lang.code())
}

#[derive(Serialize)]
struct Column {
    index: usize,
    name: String,
    samples: Vec<String>,
    field: String,
}

#[derive(Serialize)]
struct FieldOption {
    key: &'static str,
}

#[derive(Serialize)]
struct MatchedView {
    line: u64,
    supporter_id: Option<i64>,
    name: String,
    email: String,
    same_as_line: Option<u64>,
}

#[derive(Serialize)]
struct RejectedView {
    line: u64,
    reason: String,
}

#[derive(Serialize)]
struct SuggestionView {
    line: i32,
    supporter_id: i64,
    name: String,
    existing_id: i64,
    existing_name: String,
}

#[derive(Serialize)]
struct ShowPage {
    #[serde(flatten)]
    frame: AdminFrame,
    id: i64,
    file_name: String,
    status: String,
    encoding: String,
    delimiter: String,
    source: String,
    rows: i32,
    columns: Vec<Column>,
    fields: Vec<FieldOption>,
    mapping_error: Option<String>,
    preview: Option<Preview>,
    matched: Vec<MatchedView>,
    rejected: Vec<RejectedView>,
    processed: i32,
    percent: i32,
    created_count: i32,
    matched_count: i32,
    rejected_count: i32,
    suggested_count: i32,
    suggestions: Vec<SuggestionView>,
    error: Option<String>,
    created_at: String,
    finished_at: Option<String>,
}

async fn load(state: &AppState, member: &Member, id: i64) -> Result<Import, AppError> {
    run::find(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let import = load(&state, &member, id).await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    render_show(&state, &member, csrf, import, None, StatusCode::OK).await
}

async fn render_show(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    import: Import,
    mapping_error: Option<String>,
    code: StatusCode,
) -> Result<Response, AppError> {
    let lang = member.lang;
    // The file is read again only while its columns can still be mapped.
    let sheet = if import.status == status::MAPPING || import.status == status::READY {
        run::read(&run::file(&state.db, import.id).await?).ok()
    } else {
        None
    };
    let (columns, preview) = match &sheet {
        Some(sheet) if import.status == status::MAPPING || import.status == status::READY => {
            let mapping = run::mapping_of(&import, sheet);
            let columns = sheet
                .header
                .iter()
                .enumerate()
                .map(|(index, name)| Column {
                    index,
                    name: name.clone(),
                    samples: sheet
                        .rows
                        .iter()
                        .filter_map(|r| r.get(index).map(str::trim).filter(|v| !v.is_empty()))
                        .take(SAMPLES)
                        .map(|v| v.chars().take(60).collect())
                        .collect(),
                    field: mapping.field(index).map_or("", Field::key).to_owned(),
                })
                .collect();
            let preview = import.preview.as_deref().and_then(|p| serde_json::from_str::<Preview>(p).ok());
            (columns, preview)
        }
        _ => (Vec::new(), None),
    };
    let matched = preview
        .iter()
        .flat_map(|p| &p.matched_examples)
        .map(|m| MatchedView {
            line: m.line,
            supporter_id: m.supporter_id,
            name: m.name.clone(),
            email: m.email.clone(),
            same_as_line: m.same_as_line,
        })
        .collect();
    let rejected = preview
        .iter()
        .flat_map(|p| &p.rejected_examples)
        .map(|r| RejectedView { line: r.line, reason: r.reason.message(&state.catalog, lang) })
        .collect();
    let mut suggestions = Vec::new();
    if import.status == status::DONE {
        let listed: Vec<_> = run::suggestions(&state.db, import.id).await?.into_iter().take(200).collect();
        let ids = listed.iter().flat_map(|s| [s.supporter_id, s.existing_id]);
        let people = model::find_many(&state.db, member.organization.id, ids).await?;
        for s in listed {
            // A pair already merged (or erased) needs no more looking at.
            if let (Some(new), Some(old)) = (people.get(&s.supporter_id), people.get(&s.existing_id))
                && new.merged_into_id.is_none()
                && old.merged_into_id.is_none()
                && new.erased_at.is_none()
                && old.erased_at.is_none()
            {
                suggestions.push(SuggestionView {
                    line: s.line,
                    supporter_id: new.id,
                    name: model::display_name(new),
                    existing_id: old.id,
                    existing_name: model::display_name(old),
                });
            }
        }
    }
    let total = import.total_rows.max(1);
    let page = ShowPage {
        frame: AdminFrame::new(member, "/supporters/import", csrf.token),
        id: import.id,
        file_name: import.file_name,
        status: import.status,
        encoding: import.encoding,
        delimiter: import.delimiter,
        source: import.source,
        rows: import.total_rows,
        columns,
        fields: Field::ALL.iter().map(|f| FieldOption { key: f.key() }).collect(),
        mapping_error,
        preview,
        matched,
        rejected,
        processed: import.processed_rows,
        percent: import.processed_rows.saturating_mul(100) / total,
        created_count: import.created_count,
        matched_count: import.matched_count,
        rejected_count: import.rejected_count,
        suggested_count: import.suggested_count,
        suggestions,
        error: import.error,
        created_at: member.when(import.created_at),
        finished_at: import.finished_at.map(|at| member.when(at)),
    };
    let mut response = private_page(state.renderer.render("supporters/admin/import.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = code;
    Ok(response)
}

/// `POST /{lang}/admin/supporters/import/{id}`: `action=map` with `column-N=field` saves a
/// mapping and previews again; `action=commit` starts the import.
pub async fn act(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    crate::web::forms::CsrfForm(form): crate::web::forms::CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let import = load(&state, &member, id).await?;
    let lang = member.lang;
    let action = form.iter().find(|(k, _)| k == "action").map_or("", |(_, v)| v.as_str());
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    match action {
        "commit" => {
            let subject = format!("#{} {}", import.id, import.file_name);
            match run::commit(&state.db, &import).await? {
                Ok(()) => {
                    audit::record(&state.db, member.organization.id, &actor, "supporters.import-committed", &subject)
                        .await?;
                    Ok(Redirect::to(&path(lang, id)).into_response())
                }
                Err(run::CommitRefused::NotReady) => {
                    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
                    let message = state.catalog.text(lang, "import-error-not-mapped", None);
                    render_show(&state, &member, csrf, import, Some(message), StatusCode::UNPROCESSABLE_ENTITY).await
                }
            }
        }
        "map" => {
            let Ok(sheet) = run::read(&run::file(&state.db, import.id).await?) else {
                return Err(AppError::NotFound);
            };
            let mut choices = Vec::new();
            for (name, value) in &form {
                if let (Some(column), Ok(field)) =
                    (name.strip_prefix("column-").and_then(|c| c.parse::<usize>().ok()), value.parse::<Field>())
                {
                    choices.push((column, field));
                }
            }
            let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
            let mapping = match Mapping::from_choices(sheet.header.len(), choices) {
                Ok(mapping) => mapping,
                Err(hermana_sheet::MappingError::FieldTwice(field)) => {
                    let mut args = fluent_bundle::FluentArgs::new();
                    args.set("field", state.catalog.text(lang, &format!("import-field-{}", field.key()), None));
                    let message = state.catalog.text(lang, "import-error-field-twice", Some(&args));
                    return render_show(&state, &member, csrf, import, Some(message), StatusCode::UNPROCESSABLE_ENTITY)
                        .await;
                }
                Err(_) => return Err(AppError::BadRequest),
            };
            if !crate::supporters::import::plan::usable(&mapping) {
                let message = state.catalog.text(lang, "import-error-no-identity-column", None);
                return render_show(&state, &member, csrf, import, Some(message), StatusCode::UNPROCESSABLE_ENTITY)
                    .await;
            }
            run::set_mapping(&state.db, import, &sheet, &mapping).await?;
            Ok(Redirect::to(&format!("{}#preview", path(lang, id))).into_response())
        }
        _ => {
            let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
            render_show(&state, &member, csrf, import, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Serialize)]
pub struct ProgressJson {
    status: String,
    processed: i32,
    total: i32,
    text: String,
}

/// `GET …/import/{id}/progress`: where the import stands, for the page's script.
pub async fn progress(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let import = load(&state, &member, id).await?;
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("processed", import.processed_rows);
    args.set("total", import.total_rows);
    let text = state.catalog.text(member.lang, "import-progress-text", Some(&args));
    let body = ProgressJson { status: import.status, processed: import.processed_rows, total: import.total_rows, text };
    let json = serde_json::to_string(&body).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut response = json.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET …/import/{id}/rejected.csv`: the rows not imported, with a reason column.
pub async fn rejected(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let import = load(&state, &member, id).await?;
    let bytes = run::rejected_csv(&import, &run::file(&state.db, import.id).await?, &state.catalog, member.lang)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let stem = import.file_name.trim_end_matches(".csv").trim_end_matches(".CSV");
    let safe: String = stem.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).take(60).collect();
    let name = format!("{}-{}.csv", if safe.is_empty() { "import" } else { &safe }, reason_word(member.lang));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

fn reason_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "rechazadas",
        Lang::En => "rejected",
    }
}
