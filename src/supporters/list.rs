//! The core group's list of supporters: search, filters, sort, and keyset pagination (the
//! next page starts after the last row shown, so page 2,000 costs what page 1 costs).
//!
//! Search is accent- and case-insensitive the same way on both databases: `search_text` is
//! folded in Rust when a record is written, the query is folded the same way, and each word
//! must appear in it (`LIKE '%word%'`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::{Deserialize, Serialize};

use super::entities::{interest, supporter, supporter_tag};
use super::model::{ConsentKind, Supporter, fold};

/// Rows per page.
pub const PAGE_SIZE: u64 = 50;

/// The filters and sort of the list, as they travel in the query string and in segments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Words to find in names, email and phone.
    pub q: String,
    /// A tag id.
    pub tag: Option<i64>,
    /// Preferred language, `es` or `en`.
    pub language: String,
    /// `newsletter`, `events`, or `none` (neither).
    pub consent: String,
    /// An interest code.
    pub interest: String,
    /// A place, compared folded.
    pub place: String,
    /// `30`, `90`, `365`: active within that many days; `dormant`: not for over a year.
    pub active: String,
    /// `name` (default), `newest`, `activity`.
    pub sort: String,
}

impl Filter {
    /// The filter as a query string (empty fields left out), for links, segments and exports.
    pub fn query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut push = |name, value: &str| {
            if !value.is_empty() {
                pairs.push((name, value.to_owned()));
            }
        };
        push("q", &self.q);
        push("tag", &self.tag.map(|t| t.to_string()).unwrap_or_default());
        push("language", &self.language);
        push("consent", &self.consent);
        push("interest", &self.interest);
        push("place", &self.place);
        push("active", &self.active);
        push("sort", &self.sort);
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }

    /// A filter read back from a query string; unknown or malformed parts are ignored.
    pub fn parse(query: &str) -> Filter {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let get =
            |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
        Filter {
            q: get("q").chars().take(200).collect(),
            tag: get("tag").parse().ok(),
            language: get("language"),
            consent: get("consent"),
            interest: get("interest"),
            place: get("place").chars().take(100).collect(),
            active: get("active"),
            sort: get("sort"),
        }
    }

    pub fn is_empty(&self) -> bool {
        Filter { sort: String::new(), ..self.clone() } == Filter::default()
    }

    fn sort(&self) -> Sort {
        match self.sort.as_str() {
            "newest" => Sort::Newest,
            "activity" => Sort::Activity,
            _ => Sort::Name,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sort {
    Name,
    Newest,
    Activity,
}

/// Where a page starts: just after this row (its sort value and id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    value: String,
    id: i64,
}

impl Cursor {
    fn after(sort: Sort, row: &Supporter) -> Cursor {
        let value = match sort {
            Sort::Name => row.sort_name.clone(),
            Sort::Newest => row.created_at.to_rfc3339(),
            Sort::Activity => row.last_activity_at.to_rfc3339(),
        };
        Cursor { value, id: row.id }
    }

    /// The cursor as it travels in a link.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}\n{}", self.id, self.value))
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (id, value) = text.split_once('\n')?;
        Some(Cursor { value: value.to_owned(), id: id.parse().ok()? })
    }
}

/// The records a filter selects (neither erased nor merged away), unsorted.
pub fn select(organization_id: i64, filter: &Filter, now: DateTime<Utc>) -> Select<supporter::Entity> {
    let mut query = supporter::Entity::find()
        .filter(supporter::Column::OrganizationId.eq(organization_id))
        .filter(supporter::Column::MergedIntoId.is_null())
        .filter(supporter::Column::ErasedAt.is_null());
    for word in fold(&filter.q).split(' ').filter(|w| !w.is_empty()).take(8) {
        // LIKE's own wildcards are taken as ordinary characters by leaving them out.
        let word: String = word.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
        if !word.is_empty() {
            query = query.filter(supporter::Column::SearchText.contains(&word));
        }
    }
    if let Some(tag) = filter.tag {
        let tagged = Query::select()
            .column(supporter_tag::Column::SupporterId)
            .from(supporter_tag::Entity)
            .and_where(supporter_tag::Column::TagId.eq(tag))
            .to_owned();
        query = query.filter(supporter::Column::Id.in_subquery(tagged));
    }
    if !filter.interest.is_empty() {
        let interested = Query::select()
            .column(interest::Column::SupporterId)
            .from(interest::Entity)
            .and_where(interest::Column::Interest.eq(filter.interest.as_str()))
            .and_where(interest::Column::OrganizationId.eq(organization_id))
            .to_owned();
        query = query.filter(supporter::Column::Id.in_subquery(interested));
    }
    if matches!(filter.language.as_str(), "es" | "en") {
        query = query.filter(supporter::Column::Language.eq(filter.language.as_str()));
    }
    query = match (filter.consent.as_str(), ConsentKind::from_code(&filter.consent)) {
        (_, Some(ConsentKind::Newsletter)) => query.filter(supporter::Column::Newsletter.eq(true)),
        (_, Some(ConsentKind::Events)) => query.filter(supporter::Column::Events.eq(true)),
        ("none", None) => {
            query.filter(supporter::Column::Newsletter.eq(false)).filter(supporter::Column::Events.eq(false))
        }
        _ => query,
    };
    if !filter.place.is_empty() {
        query = query.filter(supporter::Column::PlaceKey.eq(fold(&filter.place)));
    }
    query = match filter.active.as_str() {
        "30" | "90" | "365" => {
            let days: i64 = filter.active.parse().unwrap_or(30);
            query.filter(supporter::Column::LastActivityAt.gte(now - Duration::days(days)))
        }
        "dormant" => query.filter(supporter::Column::LastActivityAt.lt(now - Duration::days(365))),
        _ => query,
    };
    query
}

/// How many records a filter selects.
pub async fn count(db: &impl ConnectionTrait, organization_id: i64, filter: &Filter) -> Result<u64, DbErr> {
    select(organization_id, filter, Utc::now()).count(db).await
}

/// One page of the list, and the cursor of the next page if there is one.
pub async fn page(
    db: &impl ConnectionTrait,
    organization_id: i64,
    filter: &Filter,
    after: Option<&Cursor>,
    size: u64,
) -> Result<(Vec<Supporter>, Option<Cursor>), DbErr> {
    let sort = filter.sort();
    let mut query = select(organization_id, filter, Utc::now());
    if let Some(cursor) = after {
        query = query.filter(after_condition(sort, cursor));
    }
    query = match sort {
        Sort::Name => query.order_by_asc(supporter::Column::SortName).order_by_asc(supporter::Column::Id),
        Sort::Newest => query.order_by_desc(supporter::Column::CreatedAt).order_by_desc(supporter::Column::Id),
        Sort::Activity => query.order_by_desc(supporter::Column::LastActivityAt).order_by_desc(supporter::Column::Id),
    };
    let mut rows = query.limit(size + 1).all(db).await?;
    let next = if rows.len() as u64 > size {
        rows.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        rows.last().map(|row| Cursor::after(sort, row))
    } else {
        None
    };
    Ok((rows, next))
}

/// Rows strictly after the cursor in the sort order; ties on the value are broken by id.
///
/// Written `value >= v AND (value > v OR id > i)` rather than `value > v OR (value = v AND
/// id > i)`: the same rows, but the first term lets both databases start the index range at the
/// cursor instead of reading the index from its beginning (25 ms → 0.6 ms for a page after 90%
/// of 100,000 records on SQLite).
fn after_condition(sort: Sort, cursor: &Cursor) -> Condition {
    match sort {
        Sort::Name => Condition::all().add(supporter::Column::SortName.gte(cursor.value.as_str())).add(
            Condition::any()
                .add(supporter::Column::SortName.gt(cursor.value.as_str()))
                .add(supporter::Column::Id.gt(cursor.id)),
        ),
        Sort::Newest | Sort::Activity => {
            let column =
                if sort == Sort::Newest { supporter::Column::CreatedAt } else { supporter::Column::LastActivityAt };
            let Ok(at) = DateTime::parse_from_rfc3339(&cursor.value).map(|t| t.with_timezone(&Utc)) else {
                return Condition::all().add(supporter::Column::Id.lt(0));
            };
            Condition::all()
                .add(column.lte(at))
                .add(Condition::any().add(column.lt(at)).add(supporter::Column::Id.lt(cursor.id)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_query_string() {
        let filter = Filter {
            q: "José Pé".into(),
            tag: Some(3),
            language: "es".into(),
            consent: "newsletter".into(),
            interest: "working-group:2".into(),
            place: "Madison".into(),
            active: "90".into(),
            sort: "newest".into(),
        };
        assert_eq!(Filter::parse(&filter.query_string()), filter);
        assert_eq!(Filter::parse("tag=x&zzz=1"), Filter::default());
        assert!(Filter::parse("sort=name").is_empty());
    }

    #[test]
    fn cursors_round_trip() {
        let cursor = Cursor { value: "pérez ana\nx".into(), id: 42 };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("%%%"), None);
    }
}
