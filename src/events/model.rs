//! Events: the form the core group fills, its checks, and the queries.

use chrono::{DateTime, Utc};
use jiff::tz::TimeZone;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::entities::event;
use crate::i18n::Lang;
use crate::i18n::dates;
use crate::supporters::model::fold;

pub type Event = event::Model;

/// The kinds of event, in the order the form offers them.
pub const KINDS: [&str; 6] = ["talk", "fundraiser", "meeting", "vigil", "delegation", "online"];

/// Who may see an event.
pub mod visibility {
    pub const PUBLIC: &str = "public";
    /// Only signed-in members of the organization's core group.
    pub const MEMBERS: &str = "members";
}

/// Slugs the events' own addresses use.
const RESERVED_SLUGS: [&str; 7] = ["archivo", "archive", "mes", "month", "cancelar", "cancel", "calendario"];

/// The largest capacity accepted (a stadium is not a committee's event).
pub const MAX_CAPACITY: i32 = 100_000;

/// The event form as typed: kept to show the form again.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Typed {
    pub kind: String,
    pub title_es: String,
    pub title_en: String,
    pub description_es: String,
    pub description_en: String,
    pub starts_at: String,
    pub ends_at: String,
    pub address: String,
    pub map_url: String,
    pub online_url: String,
    pub capacity: String,
    pub deadline: String,
    pub visibility: String,
    pub cover_media_id: String,
}

/// Problems found in the form, per field (Fluent keys).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Problems {
    pub kind: Option<&'static str>,
    pub title: Option<&'static str>,
    pub starts_at: Option<&'static str>,
    pub ends_at: Option<&'static str>,
    pub map_url: Option<&'static str>,
    pub online_url: Option<&'static str>,
    pub capacity: Option<&'static str>,
    pub deadline: Option<&'static str>,
    pub cover_media_id: Option<&'static str>,
    pub too_long: Option<&'static str>,
}

impl Problems {
    pub fn any(&self) -> bool {
        [
            self.kind,
            self.title,
            self.starts_at,
            self.ends_at,
            self.map_url,
            self.online_url,
            self.capacity,
            self.deadline,
            self.cover_media_id,
            self.too_long,
        ]
        .iter()
        .any(Option::is_some)
    }
}

/// A checked event form.
#[derive(Clone, Debug)]
pub struct Checked {
    pub kind: String,
    pub title_es: String,
    pub title_en: String,
    pub description_es: String,
    pub description_en: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub address: String,
    pub map_url: String,
    pub online_url: String,
    pub capacity: Option<i32>,
    pub deadline: Option<DateTime<Utc>>,
    pub visibility: String,
    pub cover_media_id: Option<i64>,
}

fn clean(value: &str, max: usize, long: &mut bool) -> String {
    let value: String = value.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let value = value.trim().replace("\r\n", "\n");
    *long |= value.chars().count() > max;
    value.chars().take(max).collect()
}

/// An `http(s)://host…` address, or empty.
fn web_address(value: &str) -> bool {
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|r| r.split('/').next().is_some_and(|host| !host.is_empty() && !host.contains(' ')))
        && !value.contains(char::is_whitespace)
}

impl Typed {
    /// The form's fields (`get` returns a field's first value, or "").
    pub fn from_fields<'a>(get: impl Fn(&str) -> &'a str) -> Typed {
        Typed {
            kind: get("kind").to_owned(),
            title_es: get("title_es").to_owned(),
            title_en: get("title_en").to_owned(),
            description_es: get("description_es").to_owned(),
            description_en: get("description_en").to_owned(),
            starts_at: get("starts_at").to_owned(),
            ends_at: get("ends_at").to_owned(),
            address: get("address").to_owned(),
            map_url: get("map_url").to_owned(),
            online_url: get("online_url").to_owned(),
            capacity: get("capacity").to_owned(),
            deadline: get("deadline").to_owned(),
            visibility: get("visibility").to_owned(),
            cover_media_id: get("cover_media_id").to_owned(),
        }
    }

    /// A stored event as the form shows it, times in `zone`.
    pub fn of(event: &Event, zone: &TimeZone) -> Typed {
        Typed {
            kind: event.kind.clone(),
            title_es: event.title_es.clone(),
            title_en: event.title_en.clone(),
            description_es: event.description_es.clone(),
            description_en: event.description_en.clone(),
            starts_at: dates::input_value(event.starts_at, zone),
            ends_at: dates::input_value(event.ends_at, zone),
            address: event.address.clone(),
            map_url: event.map_url.clone(),
            online_url: event.online_url.clone(),
            capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
            deadline: event.registration_deadline.map(|d| dates::input_value(d, zone)).unwrap_or_default(),
            visibility: event.visibility.clone(),
            cover_media_id: event.cover_media_id.map(|c| c.to_string()).unwrap_or_default(),
        }
    }

    /// Checks the form; times are read in `zone`. `media_ids` are the images that may be a
    /// cover.
    pub fn check(&self, zone: &TimeZone, media_ids: &[i64]) -> Result<Checked, Box<Problems>> {
        let mut problems = Problems::default();
        let mut long = false;
        let kind = self.kind.trim().to_owned();
        if !KINDS.contains(&kind.as_str()) {
            problems.kind = Some("events-error-kind");
        }
        let title_es = clean(&self.title_es, 200, &mut long);
        let title_en = clean(&self.title_en, 200, &mut long);
        if title_es.is_empty() && title_en.is_empty() {
            problems.title = Some("events-error-title");
        }
        let description_es = clean(&self.description_es, 10_000, &mut long);
        let description_en = clean(&self.description_en, 10_000, &mut long);
        let address = clean(&self.address, 500, &mut long);
        let map_url = clean(&self.map_url, 1000, &mut long);
        let online_url = clean(&self.online_url, 1000, &mut long);
        if !map_url.is_empty() && !web_address(&map_url) {
            problems.map_url = Some("events-error-address");
        }
        if !online_url.is_empty() && !web_address(&online_url) {
            problems.online_url = Some("events-error-address");
        }
        let starts_at = dates::parse_input(&self.starts_at, zone);
        if starts_at.is_none() {
            problems.starts_at = Some("events-error-time");
        }
        let ends_at = if self.ends_at.trim().is_empty() {
            starts_at.map(|s| s + chrono::Duration::hours(2))
        } else {
            let ends = dates::parse_input(&self.ends_at, zone);
            if ends.is_none() {
                problems.ends_at = Some("events-error-time");
            }
            ends
        };
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e <= s
        {
            problems.ends_at = Some("events-error-ends-before");
        }
        let capacity = match self.capacity.trim() {
            "" => None,
            typed => match typed.parse::<i32>() {
                Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
                _ => {
                    problems.capacity = Some("events-error-capacity");
                    None
                }
            },
        };
        let deadline = match self.deadline.trim() {
            "" => None,
            typed => {
                let deadline = dates::parse_input(typed, zone);
                match (deadline, starts_at) {
                    (None, _) => problems.deadline = Some("events-error-time"),
                    (Some(d), Some(s)) if d > s => problems.deadline = Some("events-error-deadline-after"),
                    _ => {}
                }
                deadline
            }
        };
        let visibility = if self.visibility == visibility::MEMBERS { visibility::MEMBERS } else { visibility::PUBLIC };
        let cover_media_id = match self.cover_media_id.trim() {
            "" => None,
            typed => match typed.parse::<i64>() {
                Ok(id) if media_ids.contains(&id) => Some(id),
                _ => {
                    problems.cover_media_id = Some("events-error-cover");
                    None
                }
            },
        };
        if long {
            problems.too_long = Some("events-error-too-long");
        }
        match (starts_at, ends_at) {
            (Some(starts_at), Some(ends_at)) if !problems.any() => Ok(Checked {
                kind,
                title_es,
                title_en,
                description_es,
                description_en,
                starts_at,
                ends_at,
                address,
                map_url,
                online_url,
                capacity,
                deadline,
                visibility: visibility.to_owned(),
                cover_media_id,
            }),
            _ => Err(Box::new(problems)),
        }
    }
}

/// An event's title in `lang`, the other language's when it has none; and the language it
/// is written in.
pub fn title(event: &Event, lang: Lang) -> (&str, Lang) {
    match lang {
        Lang::Es if !event.title_es.is_empty() => (&event.title_es, Lang::Es),
        Lang::En if !event.title_en.is_empty() => (&event.title_en, Lang::En),
        Lang::Es => (&event.title_en, Lang::En),
        Lang::En => (&event.title_es, Lang::Es),
    }
}

/// An event's description in the language its title is shown in.
pub fn description(event: &Event, lang: Lang) -> &str {
    match title(event, lang).1 {
        Lang::Es => &event.description_es,
        Lang::En => &event.description_en,
    }
}

/// A slug from a title: lower-case ASCII letters and digits joined by `-`, at most 60 bytes.
pub fn slugify(title: &str) -> String {
    let folded = fold(title);
    let mut slug = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() || RESERVED_SLUGS.contains(&slug.as_str()) { format!("evento-{slug}") } else { slug }
}

fn random_uid() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn apply(active: &mut event::ActiveModel, checked: &Checked) {
    active.kind = Set(checked.kind.clone());
    active.title_es = Set(checked.title_es.clone());
    active.title_en = Set(checked.title_en.clone());
    active.description_es = Set(checked.description_es.clone());
    active.description_en = Set(checked.description_en.clone());
    active.starts_at = Set(checked.starts_at);
    active.ends_at = Set(checked.ends_at);
    active.address = Set(checked.address.clone());
    active.map_url = Set(checked.map_url.clone());
    active.online_url = Set(checked.online_url.clone());
    active.capacity = Set(checked.capacity);
    active.registration_deadline = Set(checked.deadline);
    active.visibility = Set(checked.visibility.clone());
    active.cover_media_id = Set(checked.cover_media_id);
}

/// Adds an event; its slug comes from its title (Spanish first), made unique.
pub async fn create(db: &impl ConnectionTrait, organization_id: i64, checked: &Checked) -> anyhow::Result<Event> {
    let base = slugify(if checked.title_es.is_empty() { &checked.title_en } else { &checked.title_es });
    let mut slug = base.clone();
    let mut n = 2;
    while by_slug(db, organization_id, &slug).await?.is_some() {
        slug = format!("{base}-{n}");
        n += 1;
    }
    let now = Utc::now();
    let mut active = event::ActiveModel {
        organization_id: Set(organization_id),
        slug: Set(slug),
        uid: Set(random_uid()?),
        seats_taken: Set(0),
        cancelled_at: Set(None),
        cancel_message: Set(None),
        sequence: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut active, checked);
    Ok(active.insert(db).await?)
}

/// Saves an edit: the slug and UID stay, the SEQUENCE goes up by one.
pub async fn update(db: &impl ConnectionTrait, event: Event, checked: &Checked) -> Result<Event, DbErr> {
    let sequence = event.sequence + 1;
    let mut active: event::ActiveModel = event.into();
    apply(&mut active, checked);
    active.sequence = Set(sequence);
    active.updated_at = Set(Utc::now());
    active.update(db).await
}

/// Cancels an event (once): `false` when it already was.
pub async fn cancel(db: &impl ConnectionTrait, event: &Event, message: &str) -> Result<bool, DbErr> {
    let now = Utc::now();
    let result = event::Entity::update_many()
        .col_expr(event::Column::CancelledAt, Expr::value(Some(now)))
        .col_expr(event::Column::CancelMessage, Expr::value(Some(message.to_owned())))
        .col_expr(event::Column::Sequence, Expr::col(event::Column::Sequence).add(1))
        .col_expr(event::Column::UpdatedAt, Expr::value(now))
        .filter(event::Column::Id.eq(event.id))
        .filter(event::Column::CancelledAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn find(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Event>, DbErr> {
    event::Entity::find_by_id(id).filter(event::Column::OrganizationId.eq(organization_id)).one(db).await
}

pub async fn by_slug(db: &impl ConnectionTrait, organization_id: i64, slug: &str) -> Result<Option<Event>, DbErr> {
    event::Entity::find()
        .filter(event::Column::OrganizationId.eq(organization_id))
        .filter(event::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// Which events a list shows.
#[derive(Clone, Copy, Debug)]
pub struct Scope {
    pub organization_id: i64,
    /// Include members-only events (the visitor is a signed-in member).
    pub members: bool,
}

fn scoped(scope: Scope) -> sea_orm::Select<event::Entity> {
    let mut select = event::Entity::find().filter(event::Column::OrganizationId.eq(scope.organization_id));
    if !scope.members {
        select = select.filter(event::Column::Visibility.eq(visibility::PUBLIC));
    }
    select
}

/// Events not yet over at `now`, soonest first.
pub async fn upcoming(db: &impl ConnectionTrait, scope: Scope, now: DateTime<Utc>) -> Result<Vec<Event>, DbErr> {
    scoped(scope)
        .filter(event::Column::EndsAt.gt(now))
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .limit(200)
        .all(db)
        .await
}

/// Events over at `now`, most recent first.
pub async fn past(
    db: &impl ConnectionTrait,
    scope: Scope,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Event>, DbErr> {
    scoped(scope)
        .filter(event::Column::EndsAt.lte(now))
        .order_by_desc(event::Column::StartsAt)
        .order_by_desc(event::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Events starting in `[from, to)`, in order.
pub async fn between(
    db: &impl ConnectionTrait,
    scope: Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Event>, DbErr> {
    scoped(scope)
        .filter(event::Column::StartsAt.gte(from))
        .filter(event::Column::StartsAt.lt(to))
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .all(db)
        .await
}

/// The starts of the earliest and the latest event the visitor may see, if there is any.
pub async fn span(db: &impl ConnectionTrait, scope: Scope) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>, DbErr> {
    let first = scoped(scope).order_by_asc(event::Column::StartsAt).one(db).await?;
    let last = scoped(scope).order_by_desc(event::Column::StartsAt).one(db).await?;
    Ok(first.zip(last).map(|(first, last)| (first.starts_at, last.starts_at)))
}

/// Every event of an organization for the core group, newest start first.
pub async fn all(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Event>, DbErr> {
    event::Entity::find()
        .filter(event::Column::OrganizationId.eq(organization_id))
        .order_by_desc(event::Column::StartsAt)
        .order_by_desc(event::Column::Id)
        .limit(500)
        .all(db)
        .await
}

/// How many events an organization has.
pub async fn count(db: &impl ConnectionTrait, organization_id: i64) -> Result<u64, DbErr> {
    event::Entity::find().filter(event::Column::OrganizationId.eq(organization_id)).count(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_and_never_an_address_of_ours() {
        assert_eq!(slugify("Vigilia por Monseñor Romero, 2027"), "vigilia-por-monsenor-romero-2027");
        assert_eq!(slugify("¡¡!!"), "evento-");
        assert_eq!(slugify("Archivo"), "evento-archivo");
        assert!(slugify(&"palabra ".repeat(30)).len() <= 60);
    }

    #[test]
    fn the_form_is_checked_field_by_field() {
        let zone = dates::zone("America/Chicago");
        let typed = Typed {
            kind: "talk".into(),
            title_en: "Talk".into(),
            starts_at: "2026-03-07T19:00".into(),
            ends_at: "2026-03-07T18:00".into(),
            map_url: "javascript:alert(1)".into(),
            capacity: "0".into(),
            cover_media_id: "7".into(),
            ..Typed::default()
        };
        let problems = typed.check(&zone, &[1]).unwrap_err();
        assert_eq!(problems.ends_at, Some("events-error-ends-before"));
        assert_eq!(problems.map_url, Some("events-error-address"));
        assert_eq!(problems.capacity, Some("events-error-capacity"));
        assert_eq!(problems.cover_media_id, Some("events-error-cover"));
        assert_eq!(problems.title, None);
        let ok = Typed {
            ends_at: String::new(),
            map_url: String::new(),
            capacity: "40".into(),
            cover_media_id: "1".into(),
            ..typed
        }
        .check(&zone, &[1])
        .unwrap();
        assert_eq!(ok.starts_at, "2026-03-08T01:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert_eq!(ok.ends_at - ok.starts_at, chrono::Duration::hours(2));
        assert_eq!(ok.capacity, Some(40));
        assert_eq!(ok.visibility, visibility::PUBLIC);
    }
}
