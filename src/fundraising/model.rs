//! Funds, campaigns and the receipt settings: reading and creating them.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

use super::entities::{campaign, fund, settings};
use super::money::Currency;
use crate::i18n::Lang;

pub type Fund = fund::Model;
pub type Campaign = campaign::Model;

/// What receipts say about the organization.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub legal_name: String,
    pub ein: String,
    pub receipt_text_es: String,
    pub receipt_text_en: String,
    /// How to give by check or transfer, in each language (empty: not shown).
    pub give_by_mail_es: String,
    pub give_by_mail_en: String,
}

impl Settings {
    /// How to give by check or transfer, in `lang`.
    pub fn give_by_mail(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.give_by_mail_es,
            Lang::En => &self.give_by_mail_en,
        }
    }

    /// The receipt statement in `lang` (empty: the receipt uses the catalog's standard text).
    pub fn receipt_text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.receipt_text_es,
            Lang::En => &self.receipt_text_en,
        }
    }
}

/// The organization's settings; empty ones before the treasurer saved any.
pub async fn settings(db: &impl ConnectionTrait, organization_id: i64) -> Result<Settings, DbErr> {
    let row = settings::Entity::find().filter(settings::Column::OrganizationId.eq(organization_id)).one(db).await?;
    Ok(row
        .map(|r| Settings {
            legal_name: r.legal_name,
            ein: r.ein,
            receipt_text_es: r.receipt_text_es,
            receipt_text_en: r.receipt_text_en,
            give_by_mail_es: r.give_by_mail_es,
            give_by_mail_en: r.give_by_mail_en,
        })
        .unwrap_or_default())
}

pub async fn save_settings(db: &impl ConnectionTrait, organization_id: i64, new: &Settings) -> Result<(), DbErr> {
    let existing =
        settings::Entity::find().filter(settings::Column::OrganizationId.eq(organization_id)).one(db).await?;
    let mut row = match existing {
        Some(row) => settings::ActiveModel::from(row),
        None => settings::ActiveModel {
            organization_id: Set(organization_id),
            currency: Set(Currency::USD.code().to_owned()),
            ..Default::default()
        },
    };
    row.legal_name = Set(new.legal_name.clone());
    row.ein = Set(new.ein.clone());
    row.receipt_text_es = Set(new.receipt_text_es.clone());
    row.receipt_text_en = Set(new.receipt_text_en.clone());
    row.give_by_mail_es = Set(new.give_by_mail_es.clone());
    row.give_by_mail_en = Set(new.give_by_mail_en.clone());
    row.updated_at = Set(Utc::now());
    row.save(db).await?;
    Ok(())
}

/// A fund's or campaign's names and texts in both languages.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub slug: String,
    pub name_es: String,
    pub name_en: String,
    pub description_es: String,
    pub description_en: String,
}

pub fn fund_name(fund: &Fund, lang: Lang) -> &str {
    match lang {
        Lang::Es => &fund.name_es,
        Lang::En => &fund.name_en,
    }
}

pub fn fund_description(fund: &Fund, lang: Lang) -> &str {
    match lang {
        Lang::Es => &fund.description_es,
        Lang::En => &fund.description_en,
    }
}

pub fn campaign_name(campaign: &Campaign, lang: Lang) -> &str {
    match lang {
        Lang::Es => &campaign.name_es,
        Lang::En => &campaign.name_en,
    }
}

pub async fn create_fund(db: &impl ConnectionTrait, organization_id: i64, names: &Names) -> Result<Fund, DbErr> {
    let now = Utc::now();
    fund::ActiveModel {
        organization_id: Set(organization_id),
        slug: Set(names.slug.clone()),
        name_es: Set(names.name_es.clone()),
        name_en: Set(names.name_en.clone()),
        description_es: Set(names.description_es.clone()),
        description_en: Set(names.description_en.clone()),
        currency: Set(Currency::USD.code().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn funds(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Fund>, DbErr> {
    fund::Entity::find()
        .filter(fund::Column::OrganizationId.eq(organization_id))
        .order_by_asc(fund::Column::Id)
        .all(db)
        .await
}

pub async fn fund(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Fund>, DbErr> {
    fund::Entity::find_by_id(id).filter(fund::Column::OrganizationId.eq(organization_id)).one(db).await
}

pub async fn fund_by_slug(db: &impl ConnectionTrait, organization_id: i64, slug: &str) -> Result<Option<Fund>, DbErr> {
    fund::Entity::find()
        .filter(fund::Column::OrganizationId.eq(organization_id))
        .filter(fund::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// A new campaign's details.
#[derive(Clone, Debug)]
pub struct NewCampaign {
    pub slug: String,
    pub name_es: String,
    pub name_en: String,
    pub goal_minor: i64,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

pub async fn create_campaign(
    db: &impl ConnectionTrait,
    organization_id: i64,
    new: &NewCampaign,
) -> Result<Campaign, DbErr> {
    let now = Utc::now();
    campaign::ActiveModel {
        organization_id: Set(organization_id),
        slug: Set(new.slug.clone()),
        name_es: Set(new.name_es.clone()),
        name_en: Set(new.name_en.clone()),
        goal_minor: Set(new.goal_minor),
        currency: Set(Currency::USD.code().to_owned()),
        starts_on: Set(new.starts_on),
        ends_on: Set(new.ends_on),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn campaigns(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Campaign>, DbErr> {
    campaign::Entity::find()
        .filter(campaign::Column::OrganizationId.eq(organization_id))
        .order_by_desc(campaign::Column::StartsOn)
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await
}

pub async fn campaign(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Campaign>, DbErr> {
    campaign::Entity::find_by_id(id).filter(campaign::Column::OrganizationId.eq(organization_id)).one(db).await
}

pub async fn campaign_by_slug(
    db: &impl ConnectionTrait,
    organization_id: i64,
    slug: &str,
) -> Result<Option<Campaign>, DbErr> {
    campaign::Entity::find()
        .filter(campaign::Column::OrganizationId.eq(organization_id))
        .filter(campaign::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// A slug from a name: lower-case ASCII letters and digits joined by hyphens.
pub fn slugify(name: &str) -> String {
    let folded = crate::supporters::model::fold(name);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(80).collect()
}
