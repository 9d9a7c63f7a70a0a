//! Merging two records of the same person: the kept one gains the other's history (consents,
//! timeline, notes, gifts, recurring plans, event registrations and delegation applications),
//! tags and interests, and its empty details are filled from the other; the merged-away record
//! keeps only a pointer to the kept one (its page redirects there).

use chrono::Utc;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

use super::entities::{activity, consent, interest, note, supporter, supporter_tag};
use super::labels;
use super::links;
use super::model::{self, ConsentKind, Details, Supporter, activity_kind};
use crate::events::entities::{application, registration};
use crate::fundraising::entities::{gift, recurring_plan};

/// Merges `away` into `keep` (same organization, two different live records); returns the kept
/// record as it is now.
pub async fn merge(db: &impl ConnectionTrait, keep: Supporter, away: Supporter) -> Result<Supporter, DbErr> {
    let (keep_id, away_id) = (keep.id, away.id);
    for tag in labels::of(db, away_id).await? {
        labels::attach(db, &keep, tag.id).await?;
    }
    supporter_tag::Entity::delete_many().filter(supporter_tag::Column::SupporterId.eq(away_id)).exec(db).await?;
    model::add_interests(db, &keep, &model::interests(db, away_id).await?).await?;
    interest::Entity::delete_many().filter(interest::Column::SupporterId.eq(away_id)).exec(db).await?;
    consent::Entity::update_many()
        .col_expr(consent::Column::SupporterId, Expr::value(keep_id))
        .filter(consent::Column::SupporterId.eq(away_id))
        .exec(db)
        .await?;
    activity::Entity::update_many()
        .col_expr(activity::Column::SupporterId, Expr::value(keep_id))
        .filter(activity::Column::SupporterId.eq(away_id))
        .exec(db)
        .await?;
    note::Entity::update_many()
        .col_expr(note::Column::SupporterId, Expr::value(keep_id))
        .filter(note::Column::SupporterId.eq(away_id))
        .exec(db)
        .await?;
    // Gifts follow the person: only the link to the donor changes, never an amount, so the
    // ledger stays insert-only and every receipt (keyed by gift) still resolves.
    gift::Entity::update_many()
        .col_expr(gift::Column::SupporterId, Expr::value(keep_id))
        .filter(gift::Column::SupporterId.eq(away_id))
        .exec(db)
        .await?;
    recurring_plan::Entity::update_many()
        .col_expr(recurring_plan::Column::SupporterId, Expr::value(keep_id))
        .filter(recurring_plan::Column::SupporterId.eq(away_id))
        .exec(db)
        .await?;
    // Registrations and applications follow too, except for an event the kept record is
    // already on (one each per event): that one stays with the merged-away record.
    // (One statement each: the events the kept record is on are a subquery, not rows read back.)
    let kept_events = Query::select()
        .column(registration::Column::EventId)
        .from(registration::Entity)
        .and_where(registration::Column::SupporterId.eq(keep_id))
        .to_owned();
    registration::Entity::update_many()
        .col_expr(registration::Column::SupporterId, Expr::value(keep_id))
        .filter(registration::Column::SupporterId.eq(away_id))
        .filter(registration::Column::EventId.not_in_subquery(kept_events))
        .exec(db)
        .await?;
    let kept_delegations = Query::select()
        .column(application::Column::EventId)
        .from(application::Entity)
        .and_where(application::Column::SupporterId.eq(keep_id))
        .to_owned();
    application::Entity::update_many()
        .col_expr(application::Column::SupporterId, Expr::value(keep_id))
        .filter(application::Column::SupporterId.eq(away_id))
        .filter(application::Column::EventId.not_in_subquery(kept_delegations))
        .exec(db)
        .await?;
    links::revoke_all(db, away_id).await?;

    // The merged-away record lets go of its address first: addresses are unique.
    let now = Utc::now();
    let mut gone: supporter::ActiveModel = away.clone().into();
    gone.email = Set(None);
    gone.search_text = Set(String::new());
    gone.merged_into_id = Set(Some(keep_id));
    gone.newsletter = Set(false);
    gone.events = Set(false);
    gone.updated_at = Set(now);
    gone.update(db).await?;

    let mut details = Details::of(&keep);
    let other = Details::of(&away);
    let fill = |mine: &mut String, theirs: &String| {
        if mine.is_empty() {
            mine.clone_from(theirs);
        }
    };
    fill(&mut details.last_name, &other.last_name);
    fill(&mut details.phone, &other.phone);
    fill(&mut details.address, &other.address);
    fill(&mut details.postal_code, &other.postal_code);
    fill(&mut details.place, &other.place);
    fill(&mut details.country, &other.country);
    for language in other.other_languages {
        if !details.other_languages.contains(&language) && language != details.language {
            details.other_languages.push(language);
        }
    }
    let took_email = details.email.is_none() && other.email.is_some();
    if took_email {
        details.email = other.email;
    }
    let kept = model::update(db, keep, &details).await?;
    let mut active: supporter::ActiveModel = kept.clone().into();
    if took_email {
        active.email_confirmed_at = Set(away.email_confirmed_at);
    }
    active.created_at = Set(kept.created_at.min(away.created_at));
    active.last_activity_at = Set(kept.last_activity_at.max(away.last_activity_at));
    // What is in force is the newest consent of each kind, from either record.
    for kind in ConsentKind::ALL {
        let newest = consent::Entity::find()
            .filter(consent::Column::SupporterId.eq(keep_id))
            .filter(consent::Column::Kind.eq(kind.code()))
            .order_by_desc(consent::Column::CreatedAt)
            .order_by_desc(consent::Column::Id)
            .one(db)
            .await?
            .is_some_and(|c| c.granted);
        match kind {
            ConsentKind::Newsletter => active.newsletter = Set(newest),
            ConsentKind::Events => active.events = Set(newest),
        }
    }
    let kept = active.update(db).await?;
    model::record_activity(db, keep_id, activity_kind::MERGED, Some(&format!("#{away_id}")), now).await?;
    Ok(kept)
}
