//! What a supporter may ask of us: everything we hold about them, as JSON, and erasure.
//!
//! Erasure removes personal data at once — names, email, phone, address, notes, tags,
//! interests, the free text of consents and of the timeline; the donor's name, email,
//! dedication and public name on gifts and recurring plans; name, email and accessibility needs
//! on event registrations; name, email and every answer of delegation applications; every email to the address (queued ones are not sent) — and keeps
//! the row's id and anonymous facts (when it was created, the kinds and dates of consents and
//! activities, gift amounts and dates, seats taken), so gifts and other totals that point at the
//! row still add up.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use super::entities::{activity, consent, interest, note, supporter, supporter_tag};
use super::labels;
use super::links;
use super::model::{self, Supporter};
use crate::events::entities::{application, registration};
use crate::fundraising::entities::{gift, recurring_plan};
use crate::mail::entities::email;
use crate::mail::model::status as email_status;

/// Everything held about a supporter, for the "download my data" button.
pub async fn export(db: &impl ConnectionTrait, supporter: &Supporter) -> Result<Value, DbErr> {
    let consents: Vec<Value> = model::consent_history(db, supporter.id)
        .await?
        .into_iter()
        .map(|c| {
            json!({
                "kind": c.kind, "granted": c.granted, "source": c.source, "detail": c.detail, "at": c.created_at,
            })
        })
        .collect();
    let timeline: Vec<Value> = model::timeline(db, supporter.id, 1_000_000)
        .await?
        .into_iter()
        .map(|a| json!({ "kind": a.kind, "reference": a.reference, "at": a.occurred_at }))
        .collect();
    let tags: Vec<String> = labels::of(db, supporter.id).await?.into_iter().map(|t| t.name).collect();
    let notes: Vec<Value> = labels::notes(db, supporter.id, &jiff::tz::TimeZone::UTC)
        .await?
        .into_iter()
        .map(|n| json!({ "note": n.body, "at": n.created_at }))
        .collect();
    let plans: Vec<Value> = recurring_plan::Entity::find()
        .filter(recurring_plan::Column::SupporterId.eq(supporter.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            json!({
                "amount_minor": p.amount_minor, "currency": p.currency, "interval": p.interval,
                "status": p.status, "dedication": p.dedication, "acknowledged_as": p.acknowledge_as,
                "created_at": p.created_at, "cancelled_at": p.cancelled_at,
            })
        })
        .collect();
    let gifts: Vec<Value> = gift::Entity::find()
        .filter(gift::Column::SupporterId.eq(supporter.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| {
            json!({
                "kind": g.kind, "amount_minor": g.amount_minor, "currency": g.currency, "method": g.method,
                "received_on": g.received_on, "donor_name": g.donor_name, "donor_email": g.donor_email,
                "dedication": g.dedication, "acknowledged_as": g.acknowledge_as,
            })
        })
        .collect();
    let registrations: Vec<Value> = registration::Entity::find()
        .filter(registration::Column::SupporterId.eq(supporter.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "event_id": r.event_id, "name": r.name, "email": r.email, "guests": r.guests,
                "language": r.language, "accessibility": r.accessibility, "status": r.status,
                "checked_in_at": r.checked_in_at, "created_at": r.created_at,
            })
        })
        .collect();
    Ok(json!({
        "exported_at": Utc::now(),
        "supporter": {
            "first_name": supporter.first_name,
            "last_name": supporter.last_name,
            "email": supporter.email,
            "email_confirmed_at": supporter.email_confirmed_at,
            "phone": supporter.phone,
            "address": supporter.address,
            "postal_code": supporter.postal_code,
            "place": supporter.place,
            "country": supporter.country,
            "language": supporter.language,
            "other_languages": model::split_languages(&supporter.other_languages),
            "receives_newsletter": supporter.newsletter,
            "receives_event_announcements": supporter.events,
            "created_at": supporter.created_at,
            "last_activity_at": supporter.last_activity_at,
        },
        "consents": consents,
        "interests": model::interests(db, supporter.id).await?,
        "tags": tags,
        "notes": notes,
        "timeline": timeline,
        "recurring_gifts": plans,
        "gifts": gifts,
        "event_registrations": registrations,
    }))
}

/// Erases a supporter's personal data (see the module comment). Idempotent.
pub async fn erase(db: &impl ConnectionTrait, supporter: Supporter) -> Result<Supporter, DbErr> {
    let id = supporter.id;
    let now = Utc::now();
    note::Entity::delete_many().filter(note::Column::SupporterId.eq(id)).exec(db).await?;
    supporter_tag::Entity::delete_many().filter(supporter_tag::Column::SupporterId.eq(id)).exec(db).await?;
    interest::Entity::delete_many().filter(interest::Column::SupporterId.eq(id)).exec(db).await?;
    consent::Entity::update_many()
        .col_expr(consent::Column::Detail, Expr::value(None::<String>))
        .col_expr(consent::Column::RequestId, Expr::value(None::<String>))
        .filter(consent::Column::SupporterId.eq(id))
        .exec(db)
        .await?;
    activity::Entity::update_many()
        .col_expr(activity::Column::Reference, Expr::value(None::<String>))
        .filter(activity::Column::SupporterId.eq(id))
        .exec(db)
        .await?;
    // Recurring plans keep their amounts and dates (the ledger points at them), not the person.
    recurring_plan::Entity::update_many()
        .col_expr(recurring_plan::Column::DonorName, Expr::value(String::new()))
        .col_expr(recurring_plan::Column::DonorEmail, Expr::value(None::<String>))
        .col_expr(recurring_plan::Column::Dedication, Expr::value(None::<String>))
        .col_expr(recurring_plan::Column::AcknowledgeAs, Expr::value(None::<String>))
        .filter(recurring_plan::Column::SupporterId.eq(id))
        .exec(db)
        .await?;
    // Gifts keep their amounts, dates, methods, funds and receipt numbers (the books must still
    // add up), not who gave them.
    gift::Entity::update_many()
        .col_expr(gift::Column::DonorName, Expr::value(String::new()))
        .col_expr(gift::Column::DonorEmail, Expr::value(None::<String>))
        .col_expr(gift::Column::Dedication, Expr::value(None::<String>))
        .col_expr(gift::Column::AcknowledgeAs, Expr::value(None::<String>))
        .col_expr(gift::Column::Note, Expr::value(String::new()))
        .filter(gift::Column::SupporterId.eq(id))
        .exec(db)
        .await?;
    // Registrations keep the seats they took (the event's counts), not the person.
    registration::Entity::update_many()
        .col_expr(registration::Column::Name, Expr::value(String::new()))
        .col_expr(registration::Column::Email, Expr::value(String::new()))
        .col_expr(registration::Column::Accessibility, Expr::value(String::new()))
        .filter(registration::Column::SupporterId.eq(id))
        .exec(db)
        .await?;
    // Delegation applications keep their status and checklist, not the person or their answers.
    let none = Expr::value(None::<String>);
    application::Entity::update_many()
        .col_expr(application::Column::Name, Expr::value(String::new()))
        .col_expr(application::Column::Email, Expr::value(String::new()))
        .col_expr(application::Column::PassportName, none.clone())
        .col_expr(application::Column::DateOfBirth, none.clone())
        .col_expr(application::Column::EmergencyContact, none.clone())
        .col_expr(application::Column::DietaryNeeds, none.clone())
        .col_expr(application::Column::MedicalNeeds, none.clone())
        .col_expr(application::Column::SpanishLevel, none.clone())
        .col_expr(application::Column::Motivation, none)
        .col_expr(application::Column::SensitiveErasedAt, Expr::value(Some(now)))
        .filter(application::Column::SupporterId.eq(id))
        .exec(db)
        .await?;
    // The outbox: nothing more goes to the address, and what went keeps no copy of it.
    if let Some(address) = &supporter.email {
        let to = sea_orm::Condition::all()
            .add(email::Column::ToAddress.eq(address.as_str()))
            .add(email::Column::OrganizationId.eq(supporter.organization_id));
        email::Entity::update_many()
            .col_expr(email::Column::Status, Expr::value(email_status::FAILED))
            .col_expr(email::Column::LastError, Expr::value("erased at the person's request"))
            .filter(to.clone())
            .filter(email::Column::Status.eq(email_status::QUEUED))
            .exec(db)
            .await?;
        email::Entity::update_many()
            .col_expr(email::Column::ToAddress, Expr::value(String::new()))
            .col_expr(email::Column::ToName, Expr::value(None::<String>))
            .col_expr(email::Column::Subject, Expr::value(String::new()))
            .col_expr(email::Column::TextBody, Expr::value(String::new()))
            .col_expr(email::Column::HtmlBody, Expr::value(None::<String>))
            .col_expr(email::Column::Headers, Expr::value(None::<String>))
            .col_expr(email::Column::ListUnsubscribe, Expr::value(None::<String>))
            .col_expr(email::Column::Attachments, Expr::value(None::<String>))
            .col_expr(email::Column::UpdatedAt, Expr::value(now))
            .filter(to)
            .exec(db)
            .await?;
    }
    links::revoke_all(db, id).await?;
    let mut active: supporter::ActiveModel = supporter.into();
    for column in [
        &mut active.first_name,
        &mut active.last_name,
        &mut active.phone,
        &mut active.address,
        &mut active.postal_code,
        &mut active.place,
        &mut active.place_key,
        &mut active.country,
        &mut active.other_languages,
        &mut active.search_text,
        &mut active.sort_name,
    ] {
        *column = Set(String::new());
    }
    active.email = Set(None);
    active.email_confirmed_at = Set(None);
    active.newsletter = Set(false);
    active.events = Set(false);
    active.erased_at = Set(Some(now));
    active.updated_at = Set(now);
    active.update(db).await
}
