//! The demo content: the Madison Arcatao Sister City Project's site in both languages, its
//! network's directory, and the network's working groups. Loaded into an empty database on
//! first start, or with `hermana demo load`.

mod events;
pub mod fundraising;
mod pages;
mod supporters;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, Set, TransactionSession, TransactionTrait,
};

use crate::content::entities::{link, link_translation, page, page_tag, page_translation};
use crate::content::menus;
use crate::content::model::{self as content, layout, status};
use crate::i18n::Lang;
use crate::organizations::entities::{organization, sisterhood, working_group};
use crate::organizations::model::{self as organizations, kind};

/// The network's public website, as published by the network itself.
const NETWORK_URL: &str = "https://www.elsalvadorsolidarity.org/";

/// Whether the database holds no organization yet.
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(organization::Entity::find().count(db).await? == 0)
}

/// Loads the demo in one transaction. Returns `false`, changing nothing, when it is there.
pub async fn load<C: ConnectionTrait + TransactionTrait>(db: &C) -> Result<bool, DbErr> {
    if organizations::find_by_slug(db, "mascp").await?.is_some() {
        return Ok(false);
    }
    let txn = db.begin().await?;
    content::ensure_cache_version(&txn).await?;
    let network = add_organization(&txn, Org::network()).await?;
    let partner = add_organization(&txn, Org::partner()).await?;
    let mut mascp = None;
    for pairing in PAIRINGS {
        let committee = add_organization(&txn, Org::committee(pairing, network)).await?;
        let community = add_organization(&txn, Org::community(pairing, partner)).await?;
        sisterhood::ActiveModel {
            organization_id: Set(network),
            committee_id: Set(committee),
            community_id: Set(community),
            started_year: Set(pairing.year),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if pairing.slug == "mascp" {
            mascp = Some(committee);
        }
    }
    let mascp = mascp.ok_or_else(|| DbErr::Custom("the demo has no MASCP".into()))?;
    let mut position = 0;
    let mut menu = Vec::new();
    for source in pages::PAGES {
        let id = add_page(&txn, mascp, source).await?;
        if let Some(place) = source.menu_position {
            menu.push((place, id));
        }
        if source.layout == layout::PAGE && source.key.starts_with("wg-") {
            position += 1;
            working_group::ActiveModel {
                organization_id: Set(mascp),
                page_id: Set(id),
                position: Set(position),
                created_at: Set(Utc::now()),
                updated_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    for source in pages::ARTICLES {
        add_page(&txn, mascp, source).await?;
    }
    menu.sort_unstable();
    for lang in Lang::ALL {
        for (_, page_id) in &menu {
            menus::add(&txn, mascp, lang, None, menus::Target::Page(*page_id)).await?;
        }
        // The articles, after the pages.
        let label = match lang {
            Lang::Es => "Artículos",
            Lang::En => "Articles",
        };
        menus::add(&txn, mascp, lang, Some(label.to_owned()), menus::Target::Articles).await?;
        let label = match lang {
            Lang::Es => "Eventos",
            Lang::En => "Events",
        };
        menus::add(&txn, mascp, lang, Some(label.to_owned()), menus::Target::Events).await?;
    }
    for (position, source) in pages::LINKS.iter().enumerate() {
        add_link(&txn, mascp, i32::try_from(position).unwrap_or(i32::MAX), source).await?;
    }
    supporters::add(&txn, mascp).await?;
    fundraising::add(&txn, mascp).await?;
    let zone = crate::organizations::model::find(&txn, mascp).await?.map(|o| o.time_zone).unwrap_or_default();
    events::add(&txn, mascp, &zone).await?;
    content::touch(&txn).await?;
    txn.commit().await?;
    Ok(true)
}

/// A committee and its sister community, as publicly known.
struct Pairing {
    slug: &'static str,
    committee: &'static str,
    committee_short: &'static str,
    committee_place: &'static str,
    community: &'static str,
    community_place: &'static str,
    year: Option<i32>,
}

const PAIRINGS: &[Pairing] = &[
    Pairing {
        slug: "mascp",
        committee: "Madison Arcatao Sister City Project",
        committee_short: "MASCP",
        committee_place: "Madison, Wisconsin",
        community: "Arcatao",
        community_place: "Chalatenango",
        year: Some(1986),
    },
    Pairing {
        slug: "philadelphia",
        committee: "Philadelphia",
        committee_short: "Philadelphia",
        committee_place: "Philadelphia, Pennsylvania",
        community: "Las Anonas",
        community_place: "",
        year: None,
    },
    Pairing {
        slug: "cambridge",
        committee: "Cambridge",
        committee_short: "Cambridge",
        committee_place: "Cambridge, Massachusetts",
        community: "San José Las Flores",
        community_place: "Chalatenango",
        year: Some(1987),
    },
    Pairing {
        slug: "arlington",
        committee: "Arlington",
        committee_short: "Arlington",
        committee_place: "Arlington, Massachusetts",
        community: "Teosinte",
        community_place: "",
        year: None,
    },
    Pairing {
        slug: "pica",
        committee: "PICA",
        committee_short: "PICA",
        committee_place: "Bangor, Maine",
        community: "Carasque",
        community_place: "",
        year: Some(1991),
    },
    Pairing {
        slug: "chicago",
        committee: "Chicago",
        committee_short: "Chicago",
        committee_place: "Chicago, Illinois",
        community: "Cinquera",
        community_place: "Cabañas",
        year: None,
    },
];

struct Org {
    slug: String,
    parent: Option<i64>,
    kind: &'static str,
    name: &'static str,
    short_name: &'static str,
    place: &'static str,
    country: &'static str,
    language: &'static str,
    time_zone: &'static str,
    website: Option<&'static str>,
}

impl Org {
    fn network() -> Org {
        Org {
            slug: "usessc".into(),
            parent: None,
            kind: kind::NETWORK,
            name: "U.S.–El Salvador Sister Cities",
            short_name: "USESSC",
            place: "",
            country: "US",
            language: "en",
            time_zone: "America/Chicago",
            website: Some(NETWORK_URL),
        }
    }

    fn partner() -> Org {
        Org {
            slug: "cripdes".into(),
            parent: None,
            kind: kind::PARTNER,
            name: "CRIPDES",
            short_name: "CRIPDES",
            place: "El Salvador",
            country: "SV",
            language: "es",
            time_zone: "America/El_Salvador",
            website: None,
        }
    }

    fn committee(pairing: &Pairing, network: i64) -> Org {
        Org {
            slug: pairing.slug.into(),
            parent: Some(network),
            kind: kind::COMMITTEE,
            name: pairing.committee,
            short_name: pairing.committee_short,
            place: pairing.committee_place,
            country: "US",
            language: "en",
            time_zone: "America/Chicago",
            website: None,
        }
    }

    fn community(pairing: &Pairing, partner: i64) -> Org {
        Org {
            slug: format!("{}-community", pairing.slug),
            parent: Some(partner),
            kind: kind::COMMUNITY,
            name: pairing.community,
            short_name: pairing.community,
            place: pairing.community_place,
            country: "SV",
            language: "es",
            time_zone: "America/El_Salvador",
            website: None,
        }
    }
}

async fn add_organization(db: &impl ConnectionTrait, org: Org) -> Result<i64, DbErr> {
    // Committee time zones differ across the U.S.; only Madison's is known to be Chicago's.
    let inserted = organization::ActiveModel {
        organization_id: Set(org.parent),
        slug: Set(org.slug),
        kind: Set(org.kind.into()),
        name: Set(org.name.into()),
        short_name: Set(org.short_name.into()),
        place: Set(org.place.into()),
        country: Set(org.country.into()),
        default_language: Set(org.language.into()),
        time_zone: Set(org.time_zone.into()),
        website_url: Set(org.website.map(Into::into)),
        host: Set(None),
        delegation_retention_days: Set(crate::events::delegations::retention::DEFAULT_DAYS),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(inserted.id)
}

async fn add_page(db: &impl ConnectionTrait, organization_id: i64, source: &pages::PageSource) -> Result<i64, DbErr> {
    let now = Utc::now();
    let inserted = page::ActiveModel {
        organization_id: Set(organization_id),
        key: Set(source.key.into()),
        layout: Set(source.layout.into()),
        source_language: Set("en".into()),
        menu_position: Set(None),
        status: Set(content::page_status::PUBLISHED.into()),
        created_at: Set(now),
        updated_at: Set(now),
        kind: Set(source.kind.into()),
        author_name: Set(source.author.into()),
        published_at: Set((source.kind == content::kind::ARTICLE).then_some(now)),
        working_group_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for tag in source.tags {
        page_tag::ActiveModel {
            organization_id: Set(organization_id),
            page_id: Set(inserted.id),
            tag: Set((*tag).into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (language, file) in [("en", source.en), ("es", source.es)] {
        let text =
            pages::parse(file).map_err(|e| DbErr::Custom(format!("demo page {}/{language}: {e}", source.key)))?;
        let translation = page_translation::ActiveModel {
            organization_id: Set(organization_id),
            page_id: Set(inserted.id),
            language: Set(language.into()),
            slug: Set(text.slug),
            title: Set(text.title),
            summary: Set(text.summary),
            body: Set(text.body),
            status: Set(status::CURRENT.into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        crate::content::studio::record_revision(db, &translation, None).await?;
        crate::search::index(db, &translation).await?;
    }
    Ok(inserted.id)
}

async fn add_link(
    db: &impl ConnectionTrait,
    organization_id: i64,
    position: i32,
    source: &pages::LinkSource,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let inserted = link::ActiveModel {
        organization_id: Set(organization_id),
        key: Set(source.key.into()),
        url: Set(source.url.into()),
        position: Set(position),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (language, title, from) in
        [("en", source.title_en, source.source_en), ("es", source.title_es, source.source_es)]
    {
        link_translation::ActiveModel {
            organization_id: Set(organization_id),
            link_id: Set(inserted.id),
            language: Set(language.into()),
            title: Set(title.into()),
            source: Set(from.into()),
            status: Set(status::CURRENT.into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
