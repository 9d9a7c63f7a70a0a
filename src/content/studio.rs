//! Editing pages: creating them, saving a translation (with its revision, the other
//! language marked outdated, and a redirect from an old slug), publishing, and history.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, SqlErr, TransactionTrait,
};
use serde::Serialize;

use super::entities::{page, page_revision, page_translation, slug_redirect};
use super::model::{self, Page, Translation, layout, page_status, status};
use crate::i18n::Lang;
use crate::search;

/// First path segments that belong to the application, never to a page.
const RESERVED: &[&str] = &[
    "admin",
    "login",
    "logout",
    "invitation",
    "static",
    "healthz",
    "buscar",
    "search",
    "password-reset",
    "articulos",
    "articles",
];

/// What an editor typed for one language of a page.
#[derive(Clone, Debug, Default)]
pub struct Edit {
    pub title: String,
    pub slug: String,
    pub summary: String,
    pub body: String,
}

/// Why an edit was not saved; each names the field and a Fluent key.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    TitleRequired,
    TitleTooLong,
    SlugInvalid,
    SlugReserved,
    SlugTaken,
    SummaryTooLong,
    BodyTooLong,
}

impl Problem {
    pub fn field(&self) -> &'static str {
        match self {
            Problem::TitleRequired | Problem::TitleTooLong => "title",
            Problem::SlugInvalid | Problem::SlugReserved | Problem::SlugTaken => "slug",
            Problem::SummaryTooLong => "summary",
            Problem::BodyTooLong => "body",
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            Problem::TitleRequired => "studio-error-title-required",
            Problem::TitleTooLong => "studio-error-title-long",
            Problem::SlugInvalid => "studio-error-slug-invalid",
            Problem::SlugReserved => "studio-error-slug-reserved",
            Problem::SlugTaken => "studio-error-slug-taken",
            Problem::SummaryTooLong => "studio-error-summary-long",
            Problem::BodyTooLong => "studio-error-body-long",
        }
    }
}

/// A save that failed: either the text needs fixing, or the database failed.
#[derive(Debug)]
pub enum SaveError {
    Invalid(Vec<Problem>),
    Db(DbErr),
}

impl From<DbErr> for SaveError {
    fn from(error: DbErr) -> Self {
        SaveError::Db(error)
    }
}

/// A slug made from a title: lower-case ASCII words joined by `-` (accents dropped).
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(80).collect::<String>().trim_end_matches('-').to_owned()
}

/// Spanish and other Latin letters without their accents.
fn fold(c: char) -> Vec<char> {
    let plain = match c {
        'á' | 'à' | 'ä' | 'â' | 'Á' | 'À' | 'Ä' | 'Â' => 'a',
        'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'Ó' | 'Ò' | 'Ö' | 'Ô' => 'o',
        'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        other => other,
    };
    vec![plain]
}

/// Checks an edit; `Ok` carries it trimmed.
pub fn validate(edit: &Edit, is_home: bool) -> Result<Edit, Vec<Problem>> {
    let clean = Edit {
        title: edit.title.trim().to_owned(),
        slug: edit.slug.trim().trim_matches('/').to_owned(),
        summary: edit.summary.trim().to_owned(),
        body: edit.body.replace("\r\n", "\n"),
    };
    let mut problems = Vec::new();
    if clean.title.is_empty() {
        problems.push(Problem::TitleRequired);
    } else if clean.title.chars().count() > 200 {
        problems.push(Problem::TitleTooLong);
    }
    let slug_ok = !clean.slug.is_empty()
        && clean.slug.len() <= 200
        && clean.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/')
        && !clean.slug.contains("//")
        && !clean.slug.starts_with('-');
    if !slug_ok {
        problems.push(Problem::SlugInvalid);
    } else if !is_home
        && [RESERVED, crate::supporters::paths::RESERVED]
            .concat()
            .contains(&clean.slug.split('/').next().unwrap_or_default())
    {
        problems.push(Problem::SlugReserved);
    }
    if clean.summary.chars().count() > 300 {
        problems.push(Problem::SummaryTooLong);
    }
    if clean.body.len() > 200_000 {
        problems.push(Problem::BodyTooLong);
    }
    if problems.is_empty() { Ok(clean) } else { Err(problems) }
}

/// What a new page is, and who starts it.
#[derive(Clone, Debug)]
pub struct NewPage<'a> {
    pub organization_id: i64,
    pub lang: Lang,
    pub title: &'a str,
    /// `kind::PAGE` or `kind::ARTICLE`.
    pub kind: &'static str,
    pub account_id: Option<i64>,
    /// An article's byline to start with (the member's name).
    pub author_name: &'a str,
}

/// Creates a draft page (not an article); see [`create`].
pub async fn create_page(
    db: &DatabaseConnection,
    organization_id: i64,
    lang: Lang,
    title: &str,
    author: Option<i64>,
) -> Result<Page, SaveError> {
    create(db, NewPage { organization_id, lang, title, kind: model::kind::PAGE, account_id: author, author_name: "" })
        .await
}

/// Creates a draft page or article with its first language's text; the other language waits
/// as `missing`.
pub async fn create(db: &DatabaseConnection, new: NewPage<'_>) -> Result<Page, SaveError> {
    let NewPage { organization_id, lang, title, kind, account_id: author, author_name } = new;
    let slug = slugify(title);
    let edit = Edit { title: title.to_owned(), slug: slug.clone(), summary: String::new(), body: String::new() };
    let edit = validate(&edit, false).map_err(SaveError::Invalid)?;
    let txn = db.begin().await?;
    let now = Utc::now();
    let key = format!("page-{}", now.timestamp_micros());
    let page = page::ActiveModel {
        organization_id: Set(organization_id),
        key: Set(key),
        layout: Set(layout::PAGE.into()),
        source_language: Set(lang.code().into()),
        menu_position: Set(None),
        status: Set(page_status::DRAFT.into()),
        created_at: Set(now),
        updated_at: Set(now),
        kind: Set(kind.into()),
        author_name: Set(if kind == model::kind::ARTICLE { author_name.trim().to_owned() } else { String::new() }),
        published_at: Set(None),
        working_group_id: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (language, state) in [(lang, status::CURRENT), (lang.other(), status::MISSING)] {
        let row = page_translation::ActiveModel {
            organization_id: Set(organization_id),
            page_id: Set(page.id),
            language: Set(language.code().into()),
            slug: Set(edit.slug.clone()),
            title: Set(if language == lang { edit.title.clone() } else { String::new() }),
            summary: Set(String::new()),
            body: Set(String::new()),
            status: Set(state.into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        if let Err(error) = row.insert(&txn).await {
            return Err(slug_or_db(error));
        }
    }
    let translations = model::translations(&txn, page.id).await?;
    for translation in &translations {
        search::index(&txn, translation).await?;
    }
    if let Some(source) = translations.iter().find(|t| t.language == lang.code()) {
        record_revision(&txn, source, author).await?;
    }
    model::touch(&txn).await?;
    txn.commit().await?;
    Ok(page)
}

fn slug_or_db(error: DbErr) -> SaveError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => SaveError::Invalid(vec![Problem::SlugTaken]),
        _ => SaveError::Db(error),
    }
}

/// Saves one language of a page. Saving the source language marks the other `outdated`;
/// saving any language makes it `current`. Every save keeps a revision, and a changed slug
/// leaves a redirect behind.
pub async fn save(
    db: &DatabaseConnection,
    translation_id: i64,
    edit: &Edit,
    author: Option<i64>,
) -> Result<Translation, SaveError> {
    let txn = db.begin().await?;
    let translation = page_translation::Entity::find_by_id(translation_id)
        .one(&txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("translation {translation_id}")))?;
    let page = model::page(&txn, translation.page_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("page {}", translation.page_id)))?;
    let edit = validate(edit, page.layout == layout::HOME).map_err(SaveError::Invalid)?;
    let taken = page_translation::Entity::find()
        .filter(page_translation::Column::OrganizationId.eq(page.organization_id))
        .filter(page_translation::Column::Language.eq(translation.language.clone()))
        .filter(page_translation::Column::Slug.eq(edit.slug.clone()))
        .filter(page_translation::Column::Id.ne(translation.id))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(SaveError::Invalid(vec![Problem::SlugTaken]));
    }
    let now = Utc::now();
    let old_slug = translation.slug.clone();
    let was_visible = translation.status != status::MISSING;
    let is_source = page.source_language == translation.language;
    let mut active: page_translation::ActiveModel = translation.into();
    active.title = Set(edit.title.clone());
    active.slug = Set(edit.slug.clone());
    active.summary = Set(edit.summary.clone());
    active.body = Set(edit.body.clone());
    active.status = Set(status::CURRENT.to_owned());
    active.updated_at = Set(now);
    let saved = active.update(&txn).await.map_err(slug_or_db)?;
    if old_slug != saved.slug && was_visible {
        remember_old_slug(&txn, &saved, &old_slug).await?;
    }
    // A slug now in use is no longer a redirect.
    slug_redirect::Entity::delete_many()
        .filter(slug_redirect::Column::OrganizationId.eq(saved.organization_id))
        .filter(slug_redirect::Column::Language.eq(saved.language.clone()))
        .filter(slug_redirect::Column::Slug.eq(saved.slug.clone()))
        .exec(&txn)
        .await?;
    if is_source {
        page_translation::Entity::update_many()
            .col_expr(page_translation::Column::Status, Expr::value(status::OUTDATED))
            .filter(page_translation::Column::PageId.eq(saved.page_id))
            .filter(page_translation::Column::Id.ne(saved.id))
            .filter(page_translation::Column::Status.eq(status::CURRENT))
            .exec(&txn)
            .await?;
    }
    record_revision(&txn, &saved, author).await?;
    search::index(&txn, &saved).await?;
    model::touch(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

async fn remember_old_slug(db: &impl ConnectionTrait, saved: &Translation, old_slug: &str) -> Result<(), DbErr> {
    slug_redirect::Entity::delete_many()
        .filter(slug_redirect::Column::OrganizationId.eq(saved.organization_id))
        .filter(slug_redirect::Column::Language.eq(saved.language.clone()))
        .filter(slug_redirect::Column::Slug.eq(old_slug))
        .exec(db)
        .await?;
    slug_redirect::ActiveModel {
        organization_id: Set(saved.organization_id),
        language: Set(saved.language.clone()),
        slug: Set(old_slug.to_owned()),
        page_id: Set(saved.page_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Keeps the saved state of a translation as a revision.
pub async fn record_revision(db: &impl ConnectionTrait, saved: &Translation, author: Option<i64>) -> Result<(), DbErr> {
    page_revision::ActiveModel {
        organization_id: Set(saved.organization_id),
        page_id: Set(saved.page_id),
        language: Set(saved.language.clone()),
        slug: Set(saved.slug.clone()),
        title: Set(saved.title.clone()),
        summary: Set(saved.summary.clone()),
        body: Set(saved.body.clone()),
        account_id: Set(author),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The page an old slug now leads to, in that language.
pub async fn redirect_for(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    slug: &str,
) -> Result<Option<String>, DbErr> {
    let Some(redirect) = slug_redirect::Entity::find()
        .filter(slug_redirect::Column::OrganizationId.eq(organization_id))
        .filter(slug_redirect::Column::Language.eq(lang.code()))
        .filter(slug_redirect::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(page) = model::page(db, redirect.page_id).await? else {
        return Ok(None);
    };
    let translations = model::translations(db, page.id).await?;
    Ok(translations.iter().find(|t| t.language == lang.code()).map(|t| model::path_of(&page, t)))
}

/// Publishes a page or takes it back to draft, and returns its new status. An article
/// whose publication date is still ahead is `scheduled` instead (the job worker publishes it
/// then); one published without a date gets the present moment.
pub async fn set_status(db: &impl ConnectionTrait, page_id: i64, publish: bool) -> Result<&'static str, DbErr> {
    let page = model::page(db, page_id).await?.ok_or_else(|| DbErr::RecordNotFound(format!("page {page_id}")))?;
    let now = Utc::now();
    let status = match (publish, page.published_at) {
        (false, _) => page_status::DRAFT,
        (true, Some(at)) if at > now && page.kind == model::kind::ARTICLE => page_status::SCHEDULED,
        (true, _) => page_status::PUBLISHED,
    };
    let mut update = page::Entity::update_many()
        .col_expr(page::Column::Status, Expr::value(status))
        .col_expr(page::Column::UpdatedAt, Expr::value(now));
    if status == page_status::PUBLISHED && page.published_at.is_none() {
        update = update.col_expr(page::Column::PublishedAt, Expr::value(Some(now)));
    }
    update.filter(page::Column::Id.eq(page.id)).exec(db).await?;
    model::touch(db).await?;
    Ok(status)
}

/// The revisions of one language of a page, newest first.
pub async fn revisions(
    db: &impl ConnectionTrait,
    page_id: i64,
    lang: Lang,
) -> Result<Vec<page_revision::Model>, DbErr> {
    page_revision::Entity::find()
        .filter(page_revision::Column::PageId.eq(page_id))
        .filter(page_revision::Column::Language.eq(lang.code()))
        .order_by_desc(page_revision::Column::Id)
        .all(db)
        .await
}

/// One page as the studio's list shows it.
#[derive(Clone, Debug, Serialize)]
pub struct PageLine {
    pub id: i64,
    pub title: String,
    /// `page` or `article`.
    pub kind: String,
    pub status: String,
    pub es: String,
    pub en: String,
    pub path: Option<String>,
}

/// Every page of an organization, with each language's translation status; `needs` keeps
/// only the pages whose translation in that language is missing or outdated.
pub async fn page_list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    needs: Option<Lang>,
    kind: Option<&str>,
) -> Result<Vec<PageLine>, DbErr> {
    let mut query = page::Entity::find().filter(page::Column::OrganizationId.eq(organization_id));
    if let Some(kind) = kind {
        query = query.filter(page::Column::Kind.eq(kind));
    }
    // Pages in menu order; articles, newest first, after them.
    let pages = query
        .order_by_asc(page::Column::Kind)
        .order_by_asc(page::Column::MenuPosition)
        .order_by_desc(page::Column::PublishedAt)
        .order_by_desc(page::Column::Id)
        .all(db)
        .await?;
    let translations = page_translation::Entity::find()
        .filter(page_translation::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?;
    let state = |page_id: i64, l: Lang| {
        translations
            .iter()
            .find(|t| t.page_id == page_id && t.language == l.code())
            .map_or(status::MISSING.to_owned(), |t| t.status.clone())
    };
    Ok(pages
        .iter()
        .filter(|p| needs.is_none_or(|l| state(p.id, l) != status::CURRENT))
        .map(|p| {
            let own = translations.iter().find(|t| t.page_id == p.id && t.language == lang.code());
            let any = translations.iter().find(|t| t.page_id == p.id && !t.title.is_empty());
            let title = own.filter(|t| !t.title.is_empty()).or(any).map(|t| t.title.clone()).unwrap_or_default();
            PageLine {
                id: p.id,
                title,
                kind: p.kind.clone(),
                status: p.status.clone(),
                es: state(p.id, Lang::Es),
                en: state(p.id, Lang::En),
                path: own.map(|t| model::path_of(p, t)),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_titles() {
        assert_eq!(slugify("Delegación a Arcatao, 2027"), "delegacion-a-arcatao-2027");
        assert_eq!(slugify("  ¿Quiénes somos?  "), "quienes-somos");
        assert_eq!(slugify("Niños y niñas"), "ninos-y-ninas");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn validation_names_each_problem() {
        let edit = Edit { title: " ".into(), slug: "Bad Slug".into(), summary: "x".repeat(301), body: String::new() };
        let problems = validate(&edit, false).unwrap_err();
        assert_eq!(problems, [Problem::TitleRequired, Problem::SlugInvalid, Problem::SummaryTooLong]);
        let reserved = Edit { title: "Admin".into(), slug: "admin/x".into(), ..Edit::default() };
        assert_eq!(validate(&reserved, false).unwrap_err(), [Problem::SlugReserved]);
        let ok = Edit { title: " Hola ".into(), slug: "/hola/".into(), ..Edit::default() };
        let clean = validate(&ok, false).unwrap();
        assert_eq!((clean.title.as_str(), clean.slug.as_str()), ("Hola", "hola"));
    }
}
