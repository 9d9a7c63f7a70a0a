//! Supporter records, their consents, interests and timeline.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use super::entities::{activity, consent, interest, supporter};
use crate::i18n::Lang;

pub type Supporter = supporter::Model;
pub type Consent = consent::Model;
pub type Activity = activity::Model;

/// The kinds of message a supporter can agree to receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentKind {
    Newsletter,
    Events,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 2] = [ConsentKind::Newsletter, ConsentKind::Events];

    pub fn code(self) -> &'static str {
        match self {
            ConsentKind::Newsletter => "newsletter",
            ConsentKind::Events => "events",
        }
    }

    pub fn from_code(code: &str) -> Option<ConsentKind> {
        ConsentKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a consent was given or withdrawn.
pub mod source {
    pub const SIGNUP: &str = "signup";
    pub const MY_DETAILS: &str = "my-details";
    pub const UNSUBSCRIBE: &str = "unsubscribe";
    pub const CORE_GROUP: &str = "core-group";
    pub const MERGE: &str = "merge";
}

/// Interests that are not a working group.
pub const INTEREST_DELEGATIONS: &str = "delegations";
pub const INTEREST_EVENTS: &str = "events";

/// The interest code of a working group.
pub fn working_group_interest(id: i64) -> String {
    format!("working-group:{id}")
}

/// Languages a supporter may say they speak besides the preferred one.
pub const OTHER_LANGUAGES: &[&str] = &["es", "en", "pt", "fr", "de", "it", "nah", "ppl"];

/// Text folded for search and sorting: NFD without combining marks, lower-case, single spaces.
/// "José Pérez" and "jose perez" fold alike; computed here so SQLite and PostgreSQL agree.
pub fn fold(text: &str) -> String {
    // Most names and addresses are ASCII or Latin-1 letters ("José Núñez"): folded a character
    // at a time, with no decomposition (an import folds each row's name several times, so this
    // path matters). Anything else takes the general path.
    fold_latin(text).unwrap_or_else(|| {
        let folded: String = text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    })
}

/// [`fold`] for text of ASCII and the accented Latin-1 letters; `None` for any other character.
fn fold_latin(text: &str) -> Option<String> {
    let mut folded = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let base = match c {
            c if c.is_ascii() && c.is_whitespace() => {
                space = !folded.is_empty();
                continue;
            }
            c if c.is_ascii() => c.to_ascii_lowercase(),
            'À'..='Å' | 'à'..='å' => 'a',
            'Ç' | 'ç' => 'c',
            'È'..='Ë' | 'è'..='ë' => 'e',
            'Ì'..='Ï' | 'ì'..='ï' => 'i',
            'Ñ' | 'ñ' => 'n',
            'Ò'..='Ö' | 'ò'..='ö' => 'o',
            'Ù'..='Ü' | 'ù'..='ü' => 'u',
            'Ý' | 'ý' | 'ÿ' => 'y',
            _ => return None,
        };
        if space {
            folded.push(' ');
            space = false;
        }
        folded.push(base);
    }
    Some(folded)
}

/// A supporter's details as typed into a form (already trimmed and checked).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Details {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
    pub place: String,
    pub country: String,
    pub language: String,
    pub other_languages: Vec<String>,
}

impl Details {
    fn search_text(&self) -> String {
        let phone_digits: String = self.phone.chars().filter(char::is_ascii_digit).collect();
        fold(&format!(
            "{} {} {} {} {}",
            self.first_name,
            self.last_name,
            self.email.as_deref().unwrap_or_default(),
            self.phone,
            phone_digits
        ))
    }

    /// "last first", folded: the order of the list, and half of an import's suggestion key.
    pub fn sort_name(&self) -> String {
        let name = fold(&format!("{} {}", self.last_name, self.first_name));
        if name.is_empty() { fold(self.email.as_deref().unwrap_or_default()) } else { name }
    }

    /// Writes the details into a row about to be saved.
    pub fn apply(&self, active: &mut supporter::ActiveModel) {
        active.first_name = Set(self.first_name.clone());
        active.last_name = Set(self.last_name.clone());
        active.email = Set(self.email.clone());
        active.phone = Set(self.phone.clone());
        active.address = Set(self.address.clone());
        active.postal_code = Set(self.postal_code.clone());
        active.place = Set(self.place.clone());
        active.place_key = Set(fold(&self.place));
        active.country = Set(self.country.clone());
        active.language = Set(Lang::from_code(&self.language).unwrap_or(Lang::Es).code().to_owned());
        active.other_languages = Set(self.other_languages.join(","));
        active.search_text = Set(self.search_text());
        active.sort_name = Set(self.sort_name());
    }

    /// The details of a stored supporter.
    pub fn of(supporter: &Supporter) -> Details {
        Details {
            first_name: supporter.first_name.clone(),
            last_name: supporter.last_name.clone(),
            email: supporter.email.clone(),
            phone: supporter.phone.clone(),
            address: supporter.address.clone(),
            postal_code: supporter.postal_code.clone(),
            place: supporter.place.clone(),
            country: supporter.country.clone(),
            language: supporter.language.clone(),
            other_languages: split_languages(&supporter.other_languages),
        }
    }
}

/// The codes of a stored `other_languages` value.
pub fn split_languages(stored: &str) -> Vec<String> {
    stored.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// A supporter's name as people read it (empty once erased).
pub fn display_name(supporter: &Supporter) -> String {
    format!("{} {}", supporter.first_name, supporter.last_name).trim().to_owned()
}

/// Adds a supporter. The email (if any) must be normalized and not taken in the organization.
pub async fn create(db: &impl ConnectionTrait, organization_id: i64, details: &Details) -> Result<Supporter, DbErr> {
    new_record(organization_id, details).insert(db).await
}

/// A new record with these details, no consent, active now.
fn new_record(organization_id: i64, details: &Details) -> supporter::ActiveModel {
    let now = Utc::now();
    let mut active = supporter::ActiveModel {
        organization_id: Set(organization_id),
        email_confirmed_at: Set(None),
        newsletter: Set(false),
        events: Set(false),
        last_activity_at: Set(now),
        merged_into_id: Set(None),
        erased_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    details.apply(&mut active);
    active
}

/// The supporter with the details' email, or a new record; `true` when it is new. Safe when two
/// requests bring the same new address at once: the second finds the first's record instead of
/// failing on the unique index (PostgreSQL waits for the first transaction; on SQLite, call it in a
/// [`crate::db::begin_write`] transaction, where writers take turns).
pub async fn find_or_create(
    db: &impl ConnectionTrait,
    organization_id: i64,
    details: &Details,
) -> Result<(Supporter, bool), DbErr> {
    let Some(email) = details.email.as_deref() else {
        return Ok((create(db, organization_id, details).await?, true));
    };
    if let Some(found) = by_email(db, organization_id, email).await? {
        return Ok((found, false));
    }
    let active = new_record(organization_id, details);
    let on_conflict =
        OnConflict::columns([supporter::Column::OrganizationId, supporter::Column::Email]).do_nothing().to_owned();
    match supporter::Entity::insert(active).on_conflict(on_conflict).exec(db).await {
        Ok(inserted) => {
            let created = supporter::Entity::find_by_id(inserted.last_insert_id)
                .one(db)
                .await?
                .ok_or_else(|| DbErr::RecordNotFound("the supporter just inserted".into()))?;
            Ok((created, true))
        }
        Err(DbErr::RecordNotInserted) => {
            let found = by_email(db, organization_id, email)
                .await?
                .ok_or_else(|| DbErr::RecordNotFound("the supporter another request inserted".into()))?;
            Ok((found, false))
        }
        Err(error) => Err(error),
    }
}

/// Replaces a supporter's details.
pub async fn update(db: &impl ConnectionTrait, supporter: Supporter, details: &Details) -> Result<Supporter, DbErr> {
    let mut active: supporter::ActiveModel = supporter.into();
    details.apply(&mut active);
    active.updated_at = Set(Utc::now());
    active.update(db).await
}

pub async fn find(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Supporter>, DbErr> {
    supporter::Entity::find_by_id(id).filter(supporter::Column::OrganizationId.eq(organization_id)).one(db).await
}

/// The organization's supporters with these ids, by id (in one query).
pub async fn find_many(
    db: &impl ConnectionTrait,
    organization_id: i64,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, Supporter>, DbErr> {
    let ids: std::collections::BTreeSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let found = supporter::Entity::find()
        .filter(supporter::Column::OrganizationId.eq(organization_id))
        .filter(supporter::Column::Id.is_in(ids))
        .all(db)
        .await?;
    Ok(found.into_iter().map(|s| (s.id, s)).collect())
}

/// The supporter with this (normalized) email in the organization.
pub async fn by_email(
    db: &impl ConnectionTrait,
    organization_id: i64,
    email: &str,
) -> Result<Option<Supporter>, DbErr> {
    supporter::Entity::find()
        .filter(supporter::Column::OrganizationId.eq(organization_id))
        .filter(supporter::Column::Email.eq(email))
        .one(db)
        .await
}

/// Marks the supporter's address as confirmed (the first time only).
pub async fn confirm_email(db: &impl ConnectionTrait, supporter_id: i64) -> Result<(), DbErr> {
    let now = Utc::now();
    supporter::Entity::update_many()
        .col_expr(supporter::Column::EmailConfirmedAt, Expr::value(now))
        .col_expr(supporter::Column::UpdatedAt, Expr::value(now))
        .filter(supporter::Column::Id.eq(supporter_id))
        .filter(supporter::Column::EmailConfirmedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets that the supporter's address was confirmed (it changed).
pub async fn unconfirm_email(db: &impl ConnectionTrait, supporter_id: i64) -> Result<(), DbErr> {
    supporter::Entity::update_many()
        .col_expr(supporter::Column::EmailConfirmedAt, Expr::value(None::<DateTime<Utc>>))
        .filter(supporter::Column::Id.eq(supporter_id))
        .exec(db)
        .await?;
    Ok(())
}

/// How a consent change came about.
#[derive(Clone, Debug)]
pub struct ConsentChange<'a> {
    pub kind: ConsentKind,
    pub granted: bool,
    pub source: &'a str,
    pub detail: Option<String>,
    pub request_id: Option<String>,
}

/// Records a consent given or withdrawn (a new history row) and keeps the supporter's current
/// value in step. Nothing is written when the value would not change (no consent is the
/// starting point, so a "no" is recorded only when it withdraws a "yes").
pub async fn set_consent(
    db: &impl ConnectionTrait,
    supporter: &Supporter,
    change: ConsentChange<'_>,
) -> Result<bool, DbErr> {
    let current = match change.kind {
        ConsentKind::Newsletter => supporter.newsletter,
        ConsentKind::Events => supporter.events,
    };
    if current == change.granted {
        return Ok(false);
    }
    let now = Utc::now();
    consent::ActiveModel {
        organization_id: Set(supporter.organization_id),
        supporter_id: Set(supporter.id),
        kind: Set(change.kind.code().to_owned()),
        granted: Set(change.granted),
        source: Set(change.source.to_owned()),
        detail: Set(change.detail),
        request_id: Set(change.request_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let column = match change.kind {
        ConsentKind::Newsletter => supporter::Column::Newsletter,
        ConsentKind::Events => supporter::Column::Events,
    };
    supporter::Entity::update_many()
        .col_expr(column, Expr::value(change.granted))
        .col_expr(supporter::Column::UpdatedAt, Expr::value(now))
        .filter(supporter::Column::Id.eq(supporter.id))
        .exec(db)
        .await?;
    Ok(true)
}

/// Every consent row of a supporter, newest first.
pub async fn consent_history(db: &impl ConnectionTrait, supporter_id: i64) -> Result<Vec<Consent>, DbErr> {
    consent::Entity::find()
        .filter(consent::Column::SupporterId.eq(supporter_id))
        .order_by_desc(consent::Column::Id)
        .all(db)
        .await
}

/// Adds interests to a supporter (those it has already are kept once).
pub async fn add_interests(
    db: &impl ConnectionTrait,
    supporter: &Supporter,
    interests: &[String],
) -> Result<(), DbErr> {
    for code in interests {
        let row = interest::ActiveModel {
            organization_id: Set(supporter.organization_id),
            supporter_id: Set(supporter.id),
            interest: Set(code.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let result = interest::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([interest::Column::SupporterId, interest::Column::Interest])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await;
        match result {
            Ok(_) | Err(DbErr::RecordNotInserted) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Replaces a supporter's interests.
pub async fn set_interests(
    db: &impl ConnectionTrait,
    supporter: &Supporter,
    interests: &[String],
) -> Result<(), DbErr> {
    interest::Entity::delete_many().filter(interest::Column::SupporterId.eq(supporter.id)).exec(db).await?;
    add_interests(db, supporter, interests).await
}

/// A supporter's interest codes, sorted.
pub async fn interests(db: &impl ConnectionTrait, supporter_id: i64) -> Result<Vec<String>, DbErr> {
    let rows = interest::Entity::find()
        .filter(interest::Column::SupporterId.eq(supporter_id))
        .order_by_asc(interest::Column::Interest)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.interest).collect())
}

/// Timeline kinds written by this domain. Other features add their own (`gift`,
/// `registration`, `signature`, …) through [`record_activity`].
pub mod activity_kind {
    pub const SIGNED_UP: &str = "signed-up";
    pub const CONFIRMED: &str = "confirmed";
    pub const EMAIL_SENT: &str = "email-sent";
    pub const DETAILS_CHANGED: &str = "details-changed";
    pub const UNSUBSCRIBED: &str = "unsubscribed";
    pub const MERGED: &str = "merged";
    pub const ADDED_BY_CORE_GROUP: &str = "added";
}

/// Writes one event on a supporter's timeline and moves their last activity forward. This is
/// the one way any feature (gifts, registrations, signatures, emails) adds to the timeline:
/// `record_activity(db, supporter_id, "gift", Some("gift:42"), when)`.
pub async fn record_activity(
    db: &impl ConnectionTrait,
    supporter_id: i64,
    kind: &str,
    reference: Option<&str>,
    occurred_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(organization_id) = supporter::Entity::find_by_id(supporter_id)
        .select_only()
        .column(supporter::Column::OrganizationId)
        .into_tuple::<i64>()
        .one(db)
        .await?
    else {
        return Err(DbErr::RecordNotFound(format!("supporter {supporter_id}")));
    };
    activity::ActiveModel {
        organization_id: Set(organization_id),
        supporter_id: Set(supporter_id),
        kind: Set(kind.to_owned()),
        reference: Set(reference.map(|r| r.chars().take(300).collect())),
        occurred_at: Set(occurred_at),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    supporter::Entity::update_many()
        .col_expr(supporter::Column::LastActivityAt, Expr::value(occurred_at))
        .filter(supporter::Column::Id.eq(supporter_id))
        .filter(supporter::Column::LastActivityAt.lt(occurred_at))
        .exec(db)
        .await?;
    Ok(())
}

/// A supporter's timeline, newest first.
pub async fn timeline(db: &impl ConnectionTrait, supporter_id: i64, limit: u64) -> Result<Vec<Activity>, DbErr> {
    activity::Entity::find()
        .filter(activity::Column::SupporterId.eq(supporter_id))
        .order_by_desc(activity::Column::OccurredAt)
        .order_by_desc(activity::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_latin_letters_a_character_at_a_time_agrees_with_decomposing() {
        let slow = |text: &str| {
            let folded: String = text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
            folded.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        for code in 0..0x250u32 {
            let Some(c) = char::from_u32(code) else { continue };
            for text in [format!("{c}"), format!(" Jos{c}  P{c}rez\t"), format!("{c}{c} x")] {
                assert_eq!(fold(&text), slow(&text), "U+{code:04X} in {text:?}");
            }
        }
        assert_eq!(fold_latin("Núñez"), Some("nunez".to_owned()));
        assert_eq!(fold_latin("Øre"), None, "no decomposition to skip: the general path");
    }

    #[test]
    fn folding_removes_case_accents_and_extra_spaces() {
        assert_eq!(fold("  José   PÉREZ "), "jose perez");
        assert_eq!(fold("Ñuñoa"), "nunoa");
        // A combining accent typed separately folds the same way.
        assert_eq!(fold("Jose\u{301}"), "jose");
        assert_eq!(fold("Müller"), "muller");
        // Plain ASCII takes a shorter path to the same answer.
        assert_eq!(fold(" Ana\tMARÍA  Pérez"), "ana maria perez");
        assert_eq!(fold(" Ana\tMARIA  Perez\n"), "ana maria perez");
        assert_eq!(fold("\u{b}Z\u{b}x"), "z x");
    }

    #[test]
    fn consent_codes_round_trip() {
        for kind in ConsentKind::ALL {
            assert_eq!(ConsentKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ConsentKind::from_code("sms"), None);
    }
}
