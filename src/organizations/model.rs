//! Queries about organizations and the pairings between them.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::entities::{organization, sisterhood};

pub type Organization = organization::Model;

/// The kinds of organization.
pub mod kind {
    pub const COMMITTEE: &str = "committee";
    pub const COMMUNITY: &str = "community";
    pub const NETWORK: &str = "network";
    pub const PARTNER: &str = "partner";
    pub const ALL: [&str; 4] = [COMMITTEE, COMMUNITY, NETWORK, PARTNER];
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Organization>, DbErr> {
    organization::Entity::find_by_id(id).one(db).await
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Organization>, DbErr> {
    organization::Entity::find().filter(organization::Column::Slug.eq(slug)).one(db).await
}

/// Hosts mapped to organizations, and the id of the default organization.
pub async fn host_map(
    db: &impl ConnectionTrait,
    default_slug: &str,
) -> Result<(HashMap<String, i64>, Option<i64>), DbErr> {
    let all = organization::Entity::find().all(db).await?;
    let default = all.iter().find(|o| o.slug == default_slug).map(|o| o.id);
    let hosts = all.into_iter().filter_map(|o| o.host.map(|host| (host.to_ascii_lowercase(), o.id))).collect();
    Ok((hosts, default))
}

/// One line of the network directory.
#[derive(Clone, Debug, Serialize)]
pub struct Pairing {
    pub committee: String,
    pub committee_place: String,
    /// The place when the committee's name does not already say it (`PICA` → `Bangor, Maine`).
    pub committee_detail: Option<String>,
    pub committee_url: Option<String>,
    pub community: String,
    pub community_place: String,
    pub started_year: Option<i32>,
}

/// The pairings listed by `network_id`, committees in alphabetical order of place.
pub async fn directory(db: &impl ConnectionTrait, network_id: i64) -> Result<Vec<Pairing>, DbErr> {
    let pairings = sisterhood::Entity::find().filter(sisterhood::Column::OrganizationId.eq(network_id)).all(db).await?;
    let ids: Vec<i64> = pairings.iter().flat_map(|p| [p.committee_id, p.community_id]).collect();
    let by_id: HashMap<i64, Organization> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut lines: Vec<Pairing> = pairings
        .iter()
        .filter_map(|p| {
            let committee = by_id.get(&p.committee_id)?;
            let community = by_id.get(&p.community_id)?;
            Some(Pairing {
                committee: committee.name.clone(),
                committee_place: committee.place.clone(),
                committee_detail: (!committee.place.starts_with(&committee.name)).then(|| committee.place.clone()),
                committee_url: committee.website_url.clone(),
                community: community.name.clone(),
                community_place: community.place.clone(),
                started_year: p.started_year,
            })
        })
        .collect();
    lines.sort_by(|a, b| a.committee_place.cmp(&b.committee_place).then(a.community.cmp(&b.community)));
    Ok(lines)
}

/// The sister community of a committee (the oldest pairing), with the pairing's start year.
pub async fn sister_of(
    db: &impl ConnectionTrait,
    committee_id: i64,
) -> Result<Option<(Organization, Option<i32>)>, DbErr> {
    let Some(pairing) = sisterhood::Entity::find()
        .filter(sisterhood::Column::CommitteeId.eq(committee_id))
        .order_by_asc(sisterhood::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(find(db, pairing.community_id).await?.map(|c| (c, pairing.started_year)))
}

/// The network an organization belongs to (itself when it is the network).
pub async fn network_of(db: &impl ConnectionTrait, organization: &Organization) -> Result<Option<Organization>, DbErr> {
    if organization.kind == kind::NETWORK {
        return Ok(Some(organization.clone()));
    }
    match organization.organization_id {
        Some(id) => find(db, id).await,
        None => Ok(None),
    }
}
