//! `GET /{lang}/admin/supporters/export?segment=ID` (or `?` + the list's filters): choose the
//! columns; `POST` the same address: download the CSV. Each download is audited: who, which
//! segment or filters, how many records, which columns.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::error::AppError;
use crate::supporters::export::{self, Column, Words};
use crate::supporters::form::{self, Fields};
use crate::supporters::labels;
use crate::supporters::list::{self, Filter};
use crate::supporters::model::OTHER_LANGUAGES;
use crate::supporters::segments::{self, Segment};
use crate::web::forms::{CsrfForm, CsrfToken};

/// What is exported: a segment, or the list's filters.
enum Source {
    Segment(Segment),
    Filter(Filter),
}

impl Source {
    /// From the page's query string or the form's fields (`segment`, else `filter` or the
    /// filters themselves).
    async fn read(state: &AppState, member: &Member, fields: &Fields) -> Result<Source, AppError> {
        let segment = fields.get("segment");
        if segment.is_empty() {
            let filter = fields.get("filter");
            let query = if filter.is_empty() {
                serde_urlencoded::to_string(&fields.0).unwrap_or_default()
            } else {
                filter.to_owned()
            };
            return Ok(Source::Filter(Filter::parse(&query)));
        }
        let id = segment.parse::<i64>().map_err(|_| AppError::NotFound)?;
        let found = segments::find(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)?;
        Ok(Source::Segment(found))
    }

    fn filter(&self) -> Filter {
        match self {
            Source::Segment(segment) => segments::filter(segment),
            Source::Filter(filter) => filter.clone(),
        }
    }

    /// How the audit log names it.
    fn subject(&self) -> String {
        match self {
            Source::Segment(segment) => format!("segment {}: {}", segment.id, segment.name),
            Source::Filter(filter) if filter.is_empty() => "all supporters".to_owned(),
            Source::Filter(filter) => format!("filter {}", filter.query_string()),
        }
    }
}

#[derive(Serialize)]
struct Choice {
    code: &'static str,
    key: String,
    checked: bool,
}

#[derive(Serialize)]
struct ExportPage {
    #[serde(flatten)]
    frame: AdminFrame,
    /// `segment`, `filter` or `all`: which sentence says what is exported.
    what: &'static str,
    segment_id: Option<i64>,
    segment_name: String,
    query: String,
    count: u64,
    back: String,
    columns: Vec<Choice>,
    error: Option<&'static str>,
}

async fn render(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    source: &Source,
    chosen: &[Column],
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(headers, state.config.is_https())?;
    let filter = source.filter();
    let count = list::count(&state.db, member.organization.id, &filter).await?;
    let base = format!("/{}/admin/supporters", member.lang.code());
    let query = filter.query_string();
    let (what, segment_id, segment_name, back) = match source {
        Source::Segment(s) => {
            ("segment", Some(s.id), s.name.clone(), format!("{base}?{query}&segment={}", s.id).replace("?&", "?"))
        }
        Source::Filter(f) if f.is_empty() => ("all", None, String::new(), base),
        Source::Filter(_) => ("filter", None, String::new(), format!("{base}?{query}")),
    };
    // The language switch leads to the same export.
    let section = match (segment_id, query.as_str()) {
        (Some(id), _) => format!("/supporters/export?segment={id}"),
        (None, "") => "/supporters/export".to_owned(),
        (None, query) => format!("/supporters/export?{query}"),
    };
    let page = ExportPage {
        frame: AdminFrame::new(member, &section, csrf.token),
        what,
        segment_id,
        segment_name,
        query,
        count,
        back,
        columns: Column::ALL
            .into_iter()
            .map(|c| Choice { code: c.code(), key: c.key(), checked: chosen.contains(&c) })
            .collect(),
        error,
    };
    let mut response = private_page(state.renderer.render("supporters/admin/export.html", &page)?, [csrf.set_cookie]);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let fields = Fields(serde_urlencoded::from_str(&raw.unwrap_or_default()).unwrap_or_default());
    let source = Source::read(&state, &member, &fields).await?;
    render(&state, &member, &headers, &source, &Column::DEFAULT, None).await
}

/// Sends the file, or the form again when no column was chosen.
pub async fn download(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let source = Source::read(&state, &member, &fields).await?;
    let columns: Vec<Column> = Column::ALL.into_iter().filter(|c| fields.all("column").contains(&c.code())).collect();
    if columns.is_empty() {
        return render(&state, &member, &headers, &source, &[], Some("segments-export-error-no-columns")).await;
    }
    let organization = member.organization.id;
    let filter = source.filter();
    let count = list::count(&state.db, organization, &filter).await?;
    let codes: Vec<&str> = columns.iter().map(|c| c.code()).collect();
    let subject = format!("{}; {count} records; columns {}", source.subject(), codes.join(","));
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&state.db, organization, &actor, "supporters.exported", &subject).await?;

    let words = words(&state, &member, &columns).await?;
    let request = export::Request { organization_id: organization, filter, columns, words };
    let file = format!(
        "{}-{}.csv",
        state.catalog.text(member.lang, "segments-export-file-name", None),
        chrono::Utc::now().format("%Y-%m-%d")
    );
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut response = Body::from_stream(export::stream(state.db.clone(), request)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The file's words in the member's language.
async fn words(state: &AppState, member: &Member, columns: &[Column]) -> Result<Words, AppError> {
    let lang = member.lang;
    let text = |key: &str| state.catalog.text(lang, key, None);
    let organization = member.organization.id;
    let interests = form::interest_options(&state.db, organization, lang)
        .await?
        .into_iter()
        .map(|o| {
            let label = if o.label.is_empty() { text(o.key) } else { o.label };
            (o.code, label)
        })
        .collect();
    let tags = labels::all(&state.db, organization).await?.into_iter().map(|t| (t.id, t.name)).collect();
    Ok(Words {
        headers: columns.iter().map(|c| text(&c.key())).collect(),
        yes: text("segments-export-yes"),
        no: text("segments-export-no"),
        languages: OTHER_LANGUAGES
            .iter()
            .map(|code| ((*code).to_owned(), text(&format!("supporters-language-{code}"))))
            .collect(),
        interests,
        tags,
        zone: member.zone(),
    })
}
