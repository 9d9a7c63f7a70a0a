//! Supporters as a CSV file for spreadsheets: the records a filter or segment selects, with the
//! columns the member chose, headers and values in the member's language.
//!
//! The file is made in batches of [`BATCH`] records, each read after the last one sent (the
//! list's keyset pages, in the list's order), so 100,000 supporters never sit in memory at once
//! and the download starts at once. Every cell goes through `hermana_sheet::CsvWriter`, which
//! neutralizes what a spreadsheet would run as a formula.

use std::collections::HashMap;
use std::io;

use futures_util::Stream;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use super::entities::{interest, supporter_tag};
use super::list::{self, Cursor, Filter};
use super::model::{Supporter, split_languages};
use hermana_sheet::CsvWriter;

/// Records read per query.
pub const BATCH: u64 = 1000;

/// A column the member can choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    FirstName,
    LastName,
    Email,
    EmailConfirmed,
    Phone,
    Address,
    PostalCode,
    Place,
    Country,
    Language,
    OtherLanguages,
    Newsletter,
    Events,
    Interests,
    Tags,
    Created,
    LastActivity,
    Number,
}

impl Column {
    /// Every column, in the file's order.
    pub const ALL: [Column; 18] = [
        Column::FirstName,
        Column::LastName,
        Column::Email,
        Column::EmailConfirmed,
        Column::Phone,
        Column::Address,
        Column::PostalCode,
        Column::Place,
        Column::Country,
        Column::Language,
        Column::OtherLanguages,
        Column::Newsletter,
        Column::Events,
        Column::Interests,
        Column::Tags,
        Column::Created,
        Column::LastActivity,
        Column::Number,
    ];

    /// Chosen on the form before the member changes anything.
    pub const DEFAULT: [Column; 6] =
        [Column::FirstName, Column::LastName, Column::Email, Column::Language, Column::Newsletter, Column::Events];

    /// The form's value for the column.
    pub fn code(self) -> &'static str {
        match self {
            Column::FirstName => "first_name",
            Column::LastName => "last_name",
            Column::Email => "email",
            Column::EmailConfirmed => "email_confirmed",
            Column::Phone => "phone",
            Column::Address => "address",
            Column::PostalCode => "postal_code",
            Column::Place => "place",
            Column::Country => "country",
            Column::Language => "language",
            Column::OtherLanguages => "other_languages",
            Column::Newsletter => "newsletter",
            Column::Events => "events",
            Column::Interests => "interests",
            Column::Tags => "tags",
            Column::Created => "created",
            Column::LastActivity => "last_activity",
            Column::Number => "number",
        }
    }

    pub fn from_code(code: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The Fluent key of the column's header (and of its checkbox).
    pub fn key(self) -> String {
        format!("segments-export-column-{}", self.code().replace('_', "-"))
    }
}

/// The words a file is written with, in the member's language: the column headers, "yes" and
/// "no", language names, interest labels, and the organization's tags by id.
#[derive(Clone, Debug)]
pub struct Words {
    pub headers: Vec<String>,
    pub yes: String,
    pub no: String,
    /// Language code → its name.
    pub languages: HashMap<String, String>,
    /// Interest code → its label.
    pub interests: HashMap<String, String>,
    /// Tag id → its name.
    pub tags: HashMap<i64, String>,
    /// The organization's zone, for dates and times.
    pub zone: jiff::tz::TimeZone,
}

/// What to export and how.
#[derive(Clone, Debug)]
pub struct Request {
    pub organization_id: i64,
    pub filter: Filter,
    pub columns: Vec<Column>,
    pub words: Words,
}

/// The file, as pieces of bytes: the byte-order mark and the header first, then one piece per
/// batch of records.
pub fn stream(db: DatabaseConnection, request: Request) -> impl Stream<Item = Result<Vec<u8>, io::Error>> + Send {
    struct State {
        db: DatabaseConnection,
        request: Request,
        writer: Option<CsvWriter<Vec<u8>>>,
        after: Option<Cursor>,
        done: bool,
    }
    let state = State { db, request, writer: None, after: None, done: false };
    futures_util::stream::try_unfold(state, |mut state| async move {
        let Some(writer) = state.writer.as_mut() else {
            let mut writer = CsvWriter::new(Vec::new())?;
            writer.write_row(&state.request.words.headers)?;
            let piece = writer.take()?;
            state.writer = Some(writer);
            return Ok(Some((piece, state)));
        };
        if state.done {
            return Ok(None);
        }
        let (rows, next) = batch(&state.db, &state.request, state.after.as_ref()).await.map_err(io::Error::other)?;
        for row in rows {
            writer.write_row(row)?;
        }
        state.done = next.is_none();
        state.after = next;
        let piece = writer.take()?;
        Ok(Some((piece, state)))
    })
}

/// One batch of rows after `after`, and where the next starts.
async fn batch(
    db: &impl ConnectionTrait,
    request: &Request,
    after: Option<&Cursor>,
) -> Result<(Vec<Vec<String>>, Option<Cursor>), DbErr> {
    let (supporters, next) = list::page(db, request.organization_id, &request.filter, after, BATCH).await?;
    let ids: Vec<i64> = supporters.iter().map(|s| s.id).collect();
    let mut interests: HashMap<i64, Vec<String>> = HashMap::new();
    if request.columns.contains(&Column::Interests) {
        let rows = interest::Entity::find().filter(interest::Column::SupporterId.is_in(ids.clone())).all(db).await?;
        for row in rows {
            let label = request.words.interests.get(&row.interest).cloned().unwrap_or(row.interest);
            interests.entry(row.supporter_id).or_default().push(label);
        }
    }
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    if request.columns.contains(&Column::Tags) {
        let rows = supporter_tag::Entity::find().filter(supporter_tag::Column::SupporterId.is_in(ids)).all(db).await?;
        for row in rows {
            if let Some(name) = request.words.tags.get(&row.tag_id) {
                tags.entry(row.supporter_id).or_default().push(name.clone());
            }
        }
    }
    let rows = supporters
        .iter()
        .map(|s| {
            let extra = Extra { interests: interests.get(&s.id), tags: tags.get(&s.id) };
            request.columns.iter().map(|c| cell(*c, s, &extra, &request.words)).collect()
        })
        .collect();
    Ok((rows, next))
}

/// What a record has in other tables.
struct Extra<'a> {
    interests: Option<&'a Vec<String>>,
    tags: Option<&'a Vec<String>>,
}

fn cell(column: Column, s: &Supporter, extra: &Extra, words: &Words) -> String {
    let yes_no = |value: bool| if value { words.yes.clone() } else { words.no.clone() };
    let language = |code: &str| words.languages.get(code).cloned().unwrap_or_else(|| code.to_owned());
    let list = |items: Option<&Vec<String>>| {
        let mut items = items.cloned().unwrap_or_default();
        items.sort();
        items.join("; ")
    };
    let time = |at: chrono::DateTime<chrono::Utc>| crate::i18n::dates::short(at, &words.zone);
    match column {
        Column::FirstName => s.first_name.clone(),
        Column::LastName => s.last_name.clone(),
        Column::Email => s.email.clone().unwrap_or_default(),
        Column::EmailConfirmed => s.email_confirmed_at.map(time).unwrap_or_default(),
        Column::Phone => s.phone.clone(),
        Column::Address => s.address.clone(),
        Column::PostalCode => s.postal_code.clone(),
        Column::Place => s.place.clone(),
        Column::Country => s.country.clone(),
        Column::Language => language(&s.language),
        Column::OtherLanguages => {
            split_languages(&s.other_languages).iter().map(|c| language(c)).collect::<Vec<_>>().join("; ")
        }
        Column::Newsletter => yes_no(s.newsletter),
        Column::Events => yes_no(s.events),
        Column::Interests => list(extra.interests),
        Column::Tags => list(extra.tags),
        Column::Created => time(s.created_at),
        Column::LastActivity => time(s.last_activity_at),
        Column::Number => s.id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_reads_back_from_its_code() {
        for column in Column::ALL {
            assert_eq!(Column::from_code(column.code()), Some(column));
        }
        assert_eq!(Column::from_code("password"), None);
        assert_eq!(Column::PostalCode.key(), "segments-export-column-postal-code");
    }
}
