//! Delegations: an event of kind `delegation` takes applications instead of registrations.
//! Applicants' sensitive answers (passport name, date of birth, emergency contact, dietary and
//! medical needs, Spanish level, motivation) are shown only to the delegation's organizers and
//! the organization's admins, left out of exports unless one of them asks, and erased a set
//! number of days after the trip ([`retention`]).

pub mod mail;
pub mod retention;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use super::entities::{application, organizer};
use super::model::Event;
use crate::auth::roles::Role;

pub type Application = application::Model;

/// The kind of event that takes applications.
pub const KIND: &str = "delegation";

/// Application statuses.
pub mod status {
    pub const APPLIED: &str = "applied";
    pub const ACCEPTED: &str = "accepted";
    pub const WAITLISTED: &str = "waitlisted";
    pub const DECLINED: &str = "declined";
    /// The decisions an organizer may take, in the order the page offers them.
    pub const DECISIONS: [&str; 3] = [ACCEPTED, WAITLISTED, DECLINED];
}

/// Spanish levels the form offers.
pub const SPANISH_LEVELS: [&str; 4] = ["none", "basic", "conversational", "fluent"];

/// Whether `event` is a delegation.
pub fn is_delegation(event: &Event) -> bool {
    event.kind == KIND
}

/// The sensitive answers of an application.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sensitive {
    pub passport_name: String,
    pub date_of_birth: String,
    pub emergency_contact: String,
    pub dietary_needs: String,
    pub medical_needs: String,
    pub spanish_level: String,
    pub motivation: String,
}

impl Sensitive {
    /// An application's answers ("" for each, once erased).
    pub fn of(application: &Application) -> Sensitive {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Sensitive {
            passport_name: text(&application.passport_name),
            date_of_birth: text(&application.date_of_birth),
            emergency_contact: text(&application.emergency_contact),
            dietary_needs: text(&application.dietary_needs),
            medical_needs: text(&application.medical_needs),
            spanish_level: text(&application.spanish_level),
            motivation: text(&application.motivation),
        }
    }

    /// The column keys (Fluent) of the answers, in the order [`Sensitive::values`] gives them.
    pub const COLUMNS: [&'static str; 7] = [
        "events-apply-field-passport-name",
        "events-apply-field-birth",
        "events-apply-field-emergency",
        "events-apply-field-dietary",
        "events-apply-field-medical",
        "events-apply-field-spanish",
        "events-apply-field-motivation",
    ];

    pub fn values(self) -> [String; 7] {
        [
            self.passport_name,
            self.date_of_birth,
            self.emergency_contact,
            self.dietary_needs,
            self.medical_needs,
            self.spanish_level,
            self.motivation,
        ]
    }
}

/// An application as checked from the public form.
#[derive(Clone, Debug)]
pub struct NewApplication {
    pub name: String,
    pub email: String,
    pub language: String,
    pub sensitive: Sensitive,
}

/// Whether a typed date of birth is a plausible `YYYY-MM-DD` in the past.
pub fn birth_date_ok(typed: &str) -> bool {
    NaiveDate::parse_from_str(typed, "%Y-%m-%d")
        .is_ok_and(|d| d < Utc::now().date_naive() && d > NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(d))
}

/// The application of `supporter_id` to the delegation, if any.
pub async fn of_supporter(
    db: &impl ConnectionTrait,
    event_id: i64,
    supporter_id: i64,
) -> Result<Option<Application>, DbErr> {
    application::Entity::find()
        .filter(application::Column::EventId.eq(event_id))
        .filter(application::Column::SupporterId.eq(supporter_id))
        .one(db)
        .await
}

/// Records an application; `Err(existing)` when this supporter already applied.
pub async fn apply(
    db: &impl ConnectionTrait,
    event: &Event,
    supporter_id: i64,
    new: &NewApplication,
) -> Result<Result<Application, Application>, DbErr> {
    if let Some(existing) = of_supporter(db, event.id, supporter_id).await? {
        return Ok(Err(existing));
    }
    let now = Utc::now();
    let s = &new.sensitive;
    let some = |v: &String| Some(v.clone());
    let row = application::ActiveModel {
        organization_id: Set(event.organization_id),
        event_id: Set(event.id),
        supporter_id: Set(supporter_id),
        name: Set(new.name.clone()),
        email: Set(new.email.clone()),
        language: Set(new.language.clone()),
        status: Set(status::APPLIED.to_owned()),
        passport_name: Set(some(&s.passport_name)),
        date_of_birth: Set(some(&s.date_of_birth)),
        emergency_contact: Set(some(&s.emergency_contact)),
        dietary_needs: Set(some(&s.dietary_needs)),
        medical_needs: Set(some(&s.medical_needs)),
        spanish_level: Set(some(&s.spanish_level)),
        motivation: Set(some(&s.motivation)),
        sensitive_erased_at: Set(None),
        deposit_paid: Set(false),
        deposit_gift_id: Set(None),
        passport_checked: Set(false),
        orientation_attended: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok(row))
}

/// A delegation's applications, in the order they came.
pub async fn of_event(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<Application>, DbErr> {
    application::Entity::find()
        .filter(application::Column::EventId.eq(event_id))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await
}

pub async fn find(db: &impl ConnectionTrait, event_id: i64, id: i64) -> Result<Option<Application>, DbErr> {
    application::Entity::find_by_id(id).filter(application::Column::EventId.eq(event_id)).one(db).await
}

/// Takes a decision; the changed application, or `None` when it already had that status
/// (so a double click emails nobody twice).
pub async fn decide(
    db: &impl ConnectionTrait,
    application: &Application,
    decision: &str,
) -> Result<Option<Application>, DbErr> {
    let now = Utc::now();
    let result = application::Entity::update_many()
        .col_expr(application::Column::Status, Expr::value(decision))
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::Id.eq(application.id))
        .filter(application::Column::Status.ne(decision))
        .exec(db)
        .await?;
    Ok((result.rows_affected == 1).then(|| Application {
        status: decision.to_owned(),
        updated_at: now,
        ..application.clone()
    }))
}

/// A participant's checklist.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checklist {
    pub deposit_paid: bool,
    pub deposit_gift_id: Option<i64>,
    pub passport_checked: bool,
    pub orientation_attended: bool,
}

pub async fn save_checklist(db: &impl ConnectionTrait, application_id: i64, list: Checklist) -> Result<(), DbErr> {
    application::Entity::update_many()
        .col_expr(application::Column::DepositPaid, Expr::value(list.deposit_paid || list.deposit_gift_id.is_some()))
        .col_expr(application::Column::DepositGiftId, Expr::value(list.deposit_gift_id))
        .col_expr(application::Column::PassportChecked, Expr::value(list.passport_checked))
        .col_expr(application::Column::OrientationAttended, Expr::value(list.orientation_attended))
        .col_expr(application::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(application::Column::Id.eq(application_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The accounts organizing a delegation.
pub async fn organizers(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<i64>, DbErr> {
    Ok(organizer::Entity::find()
        .filter(organizer::Column::EventId.eq(event_id))
        .order_by_asc(organizer::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.account_id)
        .collect())
}

/// Makes `account_id` an organizer of the delegation (or no longer one).
pub async fn set_organizer(db: &impl ConnectionTrait, event: &Event, account_id: i64, on: bool) -> Result<(), DbErr> {
    let current = organizers(db, event.id).await?;
    if on && !current.contains(&account_id) {
        organizer::ActiveModel {
            organization_id: Set(event.organization_id),
            event_id: Set(event.id),
            account_id: Set(account_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    } else if !on {
        organizer::Entity::delete_many()
            .filter(organizer::Column::EventId.eq(event.id))
            .filter(organizer::Column::AccountId.eq(account_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Whether a member with `roles` may see and act on the delegation's applicants: admins
/// always, others only when they organize it.
pub async fn organizes(
    db: &impl ConnectionTrait,
    event_id: i64,
    account_id: i64,
    roles: &[Role],
) -> Result<bool, DbErr> {
    Ok(roles.contains(&Role::Admin) || organizers(db, event_id).await?.contains(&account_id))
}

/// Sets (or clears) the article reporting on the trip.
pub async fn set_report(db: &impl ConnectionTrait, event_id: i64, page_id: Option<i64>) -> Result<(), DbErr> {
    super::entities::event::Entity::update_many()
        .col_expr(super::entities::event::Column::ReportPageId, Expr::value(page_id))
        .col_expr(super::entities::event::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(super::entities::event::Column::Id.eq(event_id))
        .exec(db)
        .await?;
    Ok(())
}
