//! `/{lang}/admin/menus`: both languages' menus side by side; add an item (a page, the
//! articles section or an address), rename it, move it up or down, remove it. Plain forms and
//! buttons, so it all works without JavaScript. Every change is audited and empties the page
//! cache on every node.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::content::entities::{page, page_translation};
use crate::content::menus::{self, MAX_LABEL, Resolved, Target, kind};
use crate::content::model::{self as content, layout, page_status};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::forms::{CsrfForm, CsrfToken};

/// A page that can be put in a menu.
#[derive(Serialize)]
struct Choice {
    id: i64,
    title: String,
    draft: bool,
}

/// Fluent keys of the problems with the "add an item" form.
#[derive(Default, Serialize)]
struct AddErrors {
    label: Option<&'static str>,
    page: Option<&'static str>,
    url: Option<&'static str>,
}

/// What was typed into a column's "add an item" form.
#[derive(Default, Serialize)]
struct AddTyped {
    label: String,
    kind: String,
    page: String,
    url: String,
}

#[derive(Serialize)]
struct ItemView {
    #[serde(flatten)]
    item: Resolved,
    /// The page's layout is the home page (shown as "Home" without a label).
    is_home: bool,
    first: bool,
    last: bool,
    /// What the rename field shows, and its problem.
    typed_label: String,
    error: Option<&'static str>,
}

#[derive(Serialize)]
struct Column {
    language: &'static str,
    endonym: &'static str,
    items: Vec<ItemView>,
    typed: AddTyped,
    errors: AddErrors,
}

#[derive(Serialize)]
struct MenusPage {
    #[serde(flatten)]
    frame: AdminFrame,
    columns: Vec<Column>,
    pages: Vec<Choice>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

/// A form that came back with a problem: shown again with what was typed.
enum Retry {
    None,
    Add { lang: Lang, typed: AddTyped, errors: AddErrors },
    Rename { id: i64, typed: String, error: &'static str },
}

async fn choices(db: &impl ConnectionTrait, organization_id: i64, lang: Lang) -> Result<Vec<Choice>, DbErr> {
    let pages = page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .order_by_asc(page::Column::Id)
        .all(db)
        .await?;
    let translations = page_translation::Entity::find()
        .filter(page_translation::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?;
    Ok(pages
        .iter()
        .map(|p| {
            let own = translations.iter().find(|t| t.page_id == p.id && t.language == lang.code());
            let any = translations.iter().find(|t| t.page_id == p.id);
            Choice {
                id: p.id,
                title: own.or(any).map(|t| t.title.clone()).unwrap_or_default(),
                draft: p.status != page_status::PUBLISHED,
            }
        })
        .collect())
}

async fn render(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    retry: Retry,
    notice: Option<&'static str>,
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(headers, state.config.is_https())?;
    let organization_id = member.organization.id;
    let homes: Vec<i64> = page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .filter(page::Column::Layout.eq(layout::HOME))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let status = if matches!(retry, Retry::None) { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let (mut add_retry, rename_retry) = match retry {
        Retry::None => (None, None),
        Retry::Add { lang, typed, errors } => (Some((lang, typed, errors)), None),
        Retry::Rename { id, typed, error } => (None, Some((id, typed, error))),
    };
    let mut columns = Vec::new();
    for lang in Lang::ALL {
        let resolved = menus::resolved(&state.db, organization_id, lang).await?;
        let raw = menus::items(&state.db, organization_id, lang).await?;
        let count = resolved.len();
        let items = resolved
            .into_iter()
            .enumerate()
            .map(|(at, item)| {
                let page_id = raw.iter().find(|r| r.id == item.id).and_then(|r| r.page_id);
                let (typed_label, error) = match &rename_retry {
                    Some((id, typed, error)) if *id == item.id => (typed.clone(), Some(*error)),
                    _ => (item.label.clone(), None),
                };
                ItemView {
                    is_home: page_id.is_some_and(|id| homes.contains(&id)),
                    first: at == 0,
                    last: at + 1 == count,
                    typed_label,
                    error,
                    item,
                }
            })
            .collect();
        let (typed, errors) = match add_retry.take() {
            Some((l, typed, errors)) if l == lang => (typed, errors),
            other => {
                add_retry = other;
                (AddTyped { kind: kind::PAGE.to_owned(), ..AddTyped::default() }, AddErrors::default())
            }
        };
        columns.push(Column { language: lang.code(), endonym: lang.endonym(), items, typed, errors });
    }
    let page = MenusPage {
        frame: AdminFrame::new(member, "/menus", csrf.token),
        columns,
        pages: choices(&state.db, organization_id, member.lang).await?,
        notice,
        error,
    };
    let mut response = private_page(state.renderer.render("content/admin/menus.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Deserialize)]
pub struct Notice {
    saved: Option<String>,
    error: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<Notice>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let notice = query.saved.is_some().then_some("admin-menus-saved");
    let error = query.error.is_some().then_some("admin-menus-gone");
    render(&state, &member, &headers, Retry::None, notice, error).await
}

fn back(member: &Member, language: &str) -> Response {
    Redirect::to(&format!("/{}/admin/menus?saved=1#menu-{language}", member.lang.code())).into_response()
}

fn gone(member: &Member) -> Response {
    Redirect::to(&format!("/{}/admin/menus?error=gone", member.lang.code())).into_response()
}

/// A label as typed: trimmed, control characters dropped; `Err` with a Fluent key when too long.
fn clean_label(input: &str) -> Result<Option<String>, &'static str> {
    let label: String = input.trim().chars().filter(|c| !c.is_control()).collect();
    if label.chars().count() > MAX_LABEL {
        return Err("admin-menus-error-label-long");
    }
    Ok((!label.is_empty()).then_some(label))
}

/// Writes the audit entry in the change's transaction, commits, and makes every node's page
/// cache start over.
async fn changed(
    state: &AppState,
    txn: DatabaseTransaction,
    member: &Member,
    headers: &HeaderMap,
    action: &str,
    subject: &str,
) -> Result<(), AppError> {
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(headers) };
    audit::record(&txn, member.organization.id, &actor, action, subject).await?;
    content::touch(&txn).await?;
    txn.commit().await?;
    state.cache.invalidate();
    Ok(())
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    label: String,
    /// `page`, `articles` or `url`.
    #[serde(default)]
    kind: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    url: String,
}

pub async fn add(
    State(state): State<AppState>,
    member: Member,
    Path((_, language)): Path<(String, String)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<Response, AppError> {
    let lang = Lang::from_code(&language).ok_or(AppError::NotFound)?;
    let organization_id = member.organization.id;
    let mut errors = AddErrors::default();
    let label = clean_label(&form.label).unwrap_or_else(|key| {
        errors.label = Some(key);
        None
    });
    let url = form.url.trim().to_owned();
    let target = match form.kind.as_str() {
        kind::ARTICLES => Some(Target::Articles),
        kind::EVENTS => Some(Target::Events),
        kind::URL => {
            if !menus::valid_url(&url) {
                errors.url =
                    Some(if url.is_empty() { "admin-menus-error-url-required" } else { "admin-menus-error-url" });
            }
            if label.is_none() && errors.label.is_none() {
                errors.label = Some("admin-menus-error-label-required");
            }
            Some(Target::Url(url.clone()))
        }
        _ => {
            let page = match form.page.parse::<i64>() {
                Ok(id) => content::page(&state.db, id).await?.filter(|p| p.organization_id == organization_id),
                Err(_) => None,
            };
            if page.is_none() {
                errors.page = Some("admin-menus-error-page");
            }
            page.map(|p| Target::Page(p.id))
        }
    };
    let Some(target) = target.filter(|_| errors.label.is_none() && errors.page.is_none() && errors.url.is_none())
    else {
        let typed = AddTyped { label: form.label, kind: form.kind, page: form.page, url: form.url };
        return render(&state, &member, &headers, Retry::Add { lang, typed, errors }, None, None).await;
    };
    // The articles and events are named in the menu's language unless the member chose a name.
    let label = match (&target, label) {
        (Target::Articles, None) => Some(state.catalog.text(lang, "admin-menus-articles-label", None)),
        (Target::Events, None) => Some(state.catalog.text(lang, "admin-menus-events-label", None)),
        (_, label) => label,
    };
    let txn = state.db.begin().await?;
    let item = menus::add(&txn, organization_id, lang, label, target).await?;
    let shown = shown(&txn, &state, organization_id, lang, item.id).await?;
    changed(&state, txn, &member, &headers, "menu.item-added", &format!("{}: {shown}", lang.code())).await?;
    Ok(back(&member, lang.code()))
}

/// An item's text as the menus page shows it, for audit entries.
async fn shown(
    db: &impl ConnectionTrait,
    state: &AppState,
    organization_id: i64,
    lang: Lang,
    id: i64,
) -> Result<String, DbErr> {
    let resolved = menus::resolved(db, organization_id, lang).await?;
    Ok(resolved
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| r.shown.unwrap_or_else(|| state.catalog.text(lang, "site-home", None)))
        .unwrap_or_default())
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    label: String,
}

pub async fn rename(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<RenameForm>,
) -> Result<Response, AppError> {
    let organization_id = member.organization.id;
    let txn = state.db.begin().await?;
    let Some(item) = menus::item(&txn, organization_id, id).await? else {
        return Ok(gone(&member));
    };
    let label = match clean_label(&form.label) {
        Ok(None) if item.target_kind != kind::PAGE => Err("admin-menus-error-label-required"),
        other => other,
    };
    let label = match label {
        Ok(label) => label,
        Err(error) => {
            drop(txn);
            return render(&state, &member, &headers, Retry::Rename { id, typed: form.label, error }, None, None).await;
        }
    };
    let lang = Lang::from_code(&item.language).unwrap_or(Lang::Es);
    let before = shown(&txn, &state, organization_id, lang, id).await?;
    menus::rename(&txn, item, label).await?;
    let after = shown(&txn, &state, organization_id, lang, id).await?;
    changed(&state, txn, &member, &headers, "menu.item-renamed", &format!("{}: {before} → {after}", lang.code()))
        .await?;
    Ok(back(&member, lang.code()))
}

#[derive(Deserialize)]
pub struct MoveForm {
    /// `up` or `down`.
    #[serde(default)]
    direction: String,
}

pub async fn move_item(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<Response, AppError> {
    let organization_id = member.organization.id;
    let txn = state.db.begin().await?;
    let Some(item) = menus::item(&txn, organization_id, id).await? else {
        return Ok(gone(&member));
    };
    let lang = Lang::from_code(&item.language).unwrap_or(Lang::Es);
    let up = form.direction != "down";
    if menus::move_item(&txn, &item, up).await? {
        let shown = shown(&txn, &state, organization_id, lang, id).await?;
        let action = if up { "menu.item-moved-up" } else { "menu.item-moved-down" };
        changed(&state, txn, &member, &headers, action, &format!("{}: {shown}", lang.code())).await?;
    }
    Ok(back(&member, lang.code()))
}

#[derive(Deserialize)]
pub struct RemoveForm {}

pub async fn remove(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(RemoveForm {}): CsrfForm<RemoveForm>,
) -> Result<Response, AppError> {
    let organization_id = member.organization.id;
    let txn = state.db.begin().await?;
    let Some(item) = menus::item(&txn, organization_id, id).await? else {
        return Ok(gone(&member));
    };
    let lang = Lang::from_code(&item.language).unwrap_or(Lang::Es);
    let shown = shown(&txn, &state, organization_id, lang, id).await?;
    menus::remove(&txn, &item).await?;
    changed(&state, txn, &member, &headers, "menu.item-removed", &format!("{}: {shown}", lang.code())).await?;
    Ok(back(&member, lang.code()))
}
