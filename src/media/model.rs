//! The media library's queries: images with their alt texts, their variants, and which pages
//! use an image as their cover.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use super::entities::{media, media_variant};
use super::process::{Format, Processed};
use crate::content::entities::page;
use crate::content::model as content;
use crate::i18n::Lang;

pub type Media = media::Model;

/// The alt texts of an image, as typed.
#[derive(Clone, Debug, Default)]
pub struct AltTexts {
    pub es: String,
    pub en: String,
}

/// Which alt text needs fixing, as Fluent keys.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct AltProblems {
    pub es: Option<&'static str>,
    pub en: Option<&'static str>,
}

impl AltProblems {
    pub fn any(&self) -> bool {
        self.es.is_some() || self.en.is_some()
    }
}

/// The longest alt text accepted: a sentence or two, as screen readers read them.
const MAX_ALT: usize = 300;

impl AltTexts {
    /// Both are required; `Ok` carries them trimmed.
    pub fn validate(&self) -> Result<AltTexts, AltProblems> {
        let check = |text: &str| match text.trim().chars().count() {
            0 => Some("media-error-alt-required"),
            n if n > MAX_ALT => Some("media-error-alt-long"),
            _ => None,
        };
        let problems = AltProblems { es: check(&self.es), en: check(&self.en) };
        if problems.any() {
            Err(problems)
        } else {
            Ok(AltTexts { es: self.es.trim().to_owned(), en: self.en.trim().to_owned() })
        }
    }
}

/// An image's alt text in `lang`.
pub fn alt(media: &Media, lang: Lang) -> &str {
    match lang {
        Lang::Es => &media.alt_es,
        Lang::En => &media.alt_en,
    }
}

/// Every image of an organization, newest first.
pub async fn list(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Media>, DbErr> {
    media::Entity::find()
        .filter(media::Column::OrganizationId.eq(organization_id))
        .order_by_desc(media::Column::Id)
        .all(db)
        .await
}

/// One image of an organization.
pub async fn find(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Media>, DbErr> {
    media::Entity::find_by_id(id).filter(media::Column::OrganizationId.eq(organization_id)).one(db).await
}

/// Several images of an organization at once (those that exist).
pub async fn find_many(db: &impl ConnectionTrait, organization_id: i64, ids: &[i64]) -> Result<Vec<Media>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    media::Entity::find()
        .filter(media::Column::OrganizationId.eq(organization_id))
        .filter(media::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

/// The width and height of each variant of these images, without their bytes.
#[derive(Clone, Debug, sea_orm::FromQueryResult)]
pub struct VariantSize {
    pub media_id: i64,
    pub slot: i32,
    pub format: String,
    pub width: i32,
    pub height: i32,
}

pub async fn variant_sizes(db: &impl ConnectionTrait, media_ids: &[i64]) -> Result<Vec<VariantSize>, DbErr> {
    if media_ids.is_empty() {
        return Ok(Vec::new());
    }
    media_variant::Entity::find()
        .select_only()
        .columns([
            media_variant::Column::MediaId,
            media_variant::Column::Slot,
            media_variant::Column::Format,
            media_variant::Column::Width,
            media_variant::Column::Height,
        ])
        .filter(media_variant::Column::MediaId.is_in(media_ids.iter().copied()))
        .order_by_asc(media_variant::Column::Slot)
        .into_model::<VariantSize>()
        .all(db)
        .await
}

/// One variant with its bytes, when the image belongs to the organization.
pub async fn variant(
    db: &impl ConnectionTrait,
    organization_id: i64,
    media_id: i64,
    slot: i32,
    format: Format,
) -> Result<Option<media_variant::Model>, DbErr> {
    media_variant::Entity::find()
        .filter(media_variant::Column::OrganizationId.eq(organization_id))
        .filter(media_variant::Column::MediaId.eq(media_id))
        .filter(media_variant::Column::Slot.eq(slot))
        .filter(media_variant::Column::Format.eq(format.code()))
        .one(db)
        .await
}

/// The public path of every variant of an organization's images (for the static export).
pub async fn variant_paths(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<String>, DbErr> {
    let ids: Vec<i64> = list(db, organization_id).await?.iter().map(|m| m.id).collect();
    Ok(variant_sizes(db, &ids)
        .await?
        .iter()
        .filter_map(|v| Some(path(v.media_id, v.slot, Format::from_code(&v.format)?)))
        .collect())
}

/// The stable public address of a variant: what stays the same when the image is replaced.
pub fn path(media_id: i64, slot: i32, format: Format) -> String {
    format!("/media/{media_id}/{slot}.{}", format.extension())
}

/// Adds an image to the library.
pub async fn create(
    db: &DatabaseConnection,
    organization_id: i64,
    alt: &AltTexts,
    processed: &Processed,
    account_id: Option<i64>,
) -> Result<Media, DbErr> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let created = media::ActiveModel {
        organization_id: Set(organization_id),
        alt_es: Set(alt.es.clone()),
        alt_en: Set(alt.en.clone()),
        width: Set(dimension(processed.width)),
        height: Set(dimension(processed.height)),
        version: Set(1),
        account_id: Set(account_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    insert_variants(&txn, &created, processed).await?;
    content::touch(&txn).await?;
    txn.commit().await?;
    Ok(created)
}

/// Puts a new file behind an image: same id, same addresses, new bytes and a new version.
pub async fn replace(db: &DatabaseConnection, media: &Media, processed: &Processed) -> Result<Media, DbErr> {
    let txn = db.begin().await?;
    media_variant::Entity::delete_many().filter(media_variant::Column::MediaId.eq(media.id)).exec(&txn).await?;
    let mut active: media::ActiveModel = media.clone().into();
    active.width = Set(dimension(processed.width));
    active.height = Set(dimension(processed.height));
    active.version = Set(media.version + 1);
    active.updated_at = Set(Utc::now());
    let saved = active.update(&txn).await?;
    insert_variants(&txn, &saved, processed).await?;
    content::touch(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Saves an image's alt texts (already validated).
pub async fn set_alt(db: &DatabaseConnection, media: &Media, alt: &AltTexts) -> Result<Media, DbErr> {
    let txn = db.begin().await?;
    let mut active: media::ActiveModel = media.clone().into();
    active.alt_es = Set(alt.es.clone());
    active.alt_en = Set(alt.en.clone());
    active.updated_at = Set(Utc::now());
    let saved = active.update(&txn).await?;
    content::touch(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Why an image was not deleted.
#[derive(Debug)]
pub enum DeleteError {
    /// These pages show it as their cover.
    InUse(Vec<i64>),
    Db(DbErr),
}

impl From<DbErr> for DeleteError {
    fn from(error: DbErr) -> Self {
        DeleteError::Db(error)
    }
}

/// Deletes an image and its variants, unless a page uses it as its cover.
pub async fn delete(db: &DatabaseConnection, media: &Media) -> Result<(), DeleteError> {
    let txn = db.begin().await?;
    let covers = cover_of(&txn, media.id).await?;
    if !covers.is_empty() {
        return Err(DeleteError::InUse(covers));
    }
    media::Entity::delete_by_id(media.id).exec(&txn).await?;
    content::touch(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// The pages that use an image as their cover.
pub async fn cover_of(db: &impl ConnectionTrait, media_id: i64) -> Result<Vec<i64>, DbErr> {
    page::Entity::find()
        .select_only()
        .column(page::Column::Id)
        .filter(page::Column::CoverMediaId.eq(media_id))
        .into_tuple::<i64>()
        .all(db)
        .await
}

/// Sets (or clears) a page's cover image. The caller checked that both belong to the
/// same organization.
pub async fn set_cover(db: &impl ConnectionTrait, page_id: i64, media_id: Option<i64>) -> Result<(), DbErr> {
    page::Entity::update_many()
        .col_expr(page::Column::CoverMediaId, Expr::value(media_id))
        .col_expr(page::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(page::Column::Id.eq(page_id))
        .exec(db)
        .await?;
    content::touch(db).await
}

async fn insert_variants(db: &impl ConnectionTrait, media: &Media, processed: &Processed) -> Result<(), DbErr> {
    let now = Utc::now();
    for variant in &processed.variants {
        media_variant::ActiveModel {
            organization_id: Set(media.organization_id),
            media_id: Set(media.id),
            slot: Set(dimension(variant.slot)),
            format: Set(variant.format.code().to_owned()),
            width: Set(dimension(variant.width)),
            height: Set(dimension(variant.height)),
            bytes: Set(variant.bytes.clone()),
            etag: Set(variant.etag.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Dimensions are at most 40 million (the pixel limit), so they fit an `i32`.
fn dimension(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_alt_texts_are_required() {
        let missing = AltTexts { es: "  ".into(), en: "A mural".into() };
        assert_eq!(missing.validate().unwrap_err(), AltProblems { es: Some("media-error-alt-required"), en: None });
        let long = AltTexts { es: "x".repeat(301), en: "y".into() };
        assert_eq!(long.validate().unwrap_err().es, Some("media-error-alt-long"));
        let ok = AltTexts { es: " Un mural ".into(), en: "A mural".into() }.validate().unwrap();
        assert_eq!(ok.es, "Un mural");
    }
}
