//! Registrations: taking seats without ever passing capacity, the waitlist and its automatic
//! promotion, cancelling, and arrival at the door.
//!
//! Seats move only through one conditional `UPDATE` on the event
//! (`seats_taken = seats_taken + n WHERE … seats_taken + n <= capacity`): PostgreSQL re-checks
//! the condition against the row a concurrent winner left, and SQLite runs one writer at a time
//! (callers open their transaction `IMMEDIATE`), so two people asking for the last seat cannot
//! both get it. "Count, then insert" would over-book.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, ExprTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use super::entities::{event, registration};
use super::model::Event;

pub type Registration = registration::Model;

/// Registration statuses.
pub mod status {
    pub const CONFIRMED: &str = "confirmed";
    pub const WAITLISTED: &str = "waitlisted";
    pub const CANCELLED: &str = "cancelled";
}

/// Guests one registration may bring.
pub const MAX_GUESTS: i32 = 10;

/// A registration as checked from a form.
#[derive(Clone, Debug)]
pub struct NewRegistration {
    pub name: String,
    pub email: String,
    pub guests: i32,
    pub language: String,
    pub accessibility: String,
    pub walk_in: bool,
}

/// What a registration came to.
#[derive(Clone, Debug)]
pub enum Outcome {
    Confirmed(Registration),
    Waitlisted(Registration),
    /// This person already holds a registration (confirmed or waitlisted) to the event.
    Already(Registration),
}

/// Seats a registration takes: the person and their guests.
pub fn seats(registration: &Registration) -> i32 {
    1 + registration.guests
}

/// Takes `seats` on the event if they fit; `false` (nothing changed) when they do not.
async fn take_seats(db: &impl ConnectionTrait, event_id: i64, seats: i32) -> Result<bool, DbErr> {
    let fits = Condition::any()
        .add(event::Column::Capacity.is_null())
        .add(Expr::col(event::Column::SeatsTaken).add(seats).lte(Expr::col(event::Column::Capacity)));
    let result = event::Entity::update_many()
        .col_expr(event::Column::SeatsTaken, Expr::col(event::Column::SeatsTaken).add(seats))
        .filter(event::Column::Id.eq(event_id))
        .filter(fits)
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

async fn release_seats(db: &impl ConnectionTrait, event_id: i64, seats: i32) -> Result<(), DbErr> {
    event::Entity::update_many()
        .col_expr(event::Column::SeatsTaken, Expr::col(event::Column::SeatsTaken).sub(seats))
        .filter(event::Column::Id.eq(event_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The active (confirmed or waitlisted) registration of a supporter to an event.
pub async fn active_of(
    db: &impl ConnectionTrait,
    event_id: i64,
    supporter_id: i64,
) -> Result<Option<Registration>, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::SupporterId.eq(supporter_id))
        .filter(registration::Column::Status.ne(status::CANCELLED))
        .one(db)
        .await
}

/// Registers `supporter_id`: confirmed when the seats fit and nobody is waiting before them,
/// else on the waitlist. Walk-ins are let in at the door: confirmed without taking seats.
/// Run inside a write transaction ([`crate::db::begin_write`]).
pub async fn register(
    db: &impl ConnectionTrait,
    event: &Event,
    supporter_id: i64,
    new: &NewRegistration,
) -> Result<Outcome, DbErr> {
    if let Some(existing) = active_of(db, event.id, supporter_id).await? {
        return Ok(Outcome::Already(existing));
    }
    let guests = new.guests.clamp(0, MAX_GUESTS);
    let confirmed = if new.walk_in {
        true
    } else {
        let waiting = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event.id))
            .filter(registration::Column::Status.eq(status::WAITLISTED))
            .count(db)
            .await?;
        waiting == 0 && take_seats(db, event.id, 1 + guests).await?
    };
    let now = Utc::now();
    let row = registration::ActiveModel {
        organization_id: Set(event.organization_id),
        event_id: Set(event.id),
        supporter_id: Set(supporter_id),
        name: Set(new.name.clone()),
        email: Set(new.email.clone()),
        guests: Set(guests),
        language: Set(new.language.clone()),
        accessibility: Set(new.accessibility.clone()),
        status: Set(if confirmed { status::CONFIRMED } else { status::WAITLISTED }.to_owned()),
        checked_in_at: Set(new.walk_in.then_some(now)),
        walk_in: Set(new.walk_in),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(if confirmed { Outcome::Confirmed(row) } else { Outcome::Waitlisted(row) })
}

/// Cancels a registration (once) and gives its seats to the waitlist. Returns whether this
/// call cancelled it, and the registrations promoted. Run inside a write transaction.
pub async fn cancel(
    db: &impl ConnectionTrait,
    registration: &Registration,
) -> Result<(bool, Vec<Registration>), DbErr> {
    let result = registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(status::CANCELLED))
        .col_expr(registration::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(registration::Column::Id.eq(registration.id))
        .filter(registration::Column::Status.ne(status::CANCELLED))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok((false, Vec::new()));
    }
    if registration.status == status::CONFIRMED && !registration.walk_in {
        release_seats(db, registration.event_id, seats(registration)).await?;
    }
    Ok((true, promote(db, registration.event_id).await?))
}

/// Confirms waiting registrations in the order they came while their seats fit; the first
/// that does not fit stops the line (nobody jumps the queue). Run inside a write transaction.
pub async fn promote(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<Registration>, DbErr> {
    let waiting = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(status::WAITLISTED))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let mut promoted = Vec::new();
    for waiting in waiting {
        if !take_seats(db, event_id, seats(&waiting)).await? {
            break;
        }
        let now = Utc::now();
        let result = registration::Entity::update_many()
            .col_expr(registration::Column::Status, Expr::value(status::CONFIRMED))
            .col_expr(registration::Column::UpdatedAt, Expr::value(now))
            .filter(registration::Column::Id.eq(waiting.id))
            .filter(registration::Column::Status.eq(status::WAITLISTED))
            .exec(db)
            .await?;
        if result.rows_affected != 1 {
            release_seats(db, event_id, seats(&waiting)).await?;
            continue;
        }
        promoted.push(Registration { status: status::CONFIRMED.to_owned(), updated_at: now, ..waiting });
    }
    Ok(promoted)
}

pub async fn find(db: &impl ConnectionTrait, event_id: i64, id: i64) -> Result<Option<Registration>, DbErr> {
    registration::Entity::find_by_id(id).filter(registration::Column::EventId.eq(event_id)).one(db).await
}

pub async fn find_any(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Registration>, DbErr> {
    registration::Entity::find_by_id(id).filter(registration::Column::OrganizationId.eq(organization_id)).one(db).await
}

/// An event's registrations, in the order they came (cancelled ones included).
pub async fn of_event(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<Registration>, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await
}

/// Marks arrival (or takes it back); `true` when something changed.
pub async fn set_arrived(
    db: &impl ConnectionTrait,
    registration_id: i64,
    at: Option<DateTime<Utc>>,
) -> Result<bool, DbErr> {
    let mut update = registration::Entity::update_many()
        .col_expr(registration::Column::CheckedInAt, Expr::value(at))
        .col_expr(registration::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(registration::Column::Id.eq(registration_id))
        .filter(registration::Column::Status.eq(status::CONFIRMED));
    update = if at.is_some() {
        update.filter(registration::Column::CheckedInAt.is_null())
    } else {
        update.filter(registration::Column::CheckedInAt.is_not_null())
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}
