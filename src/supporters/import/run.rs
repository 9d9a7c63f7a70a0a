//! Imports in the database: created from an uploaded file with a preview, committed as a
//! durable job, applied in batches. Each batch is one transaction that first moves the import's
//! cursor (`processed_rows`) from where it was to where the batch ends, on the condition that
//! it is still where it was: a second runner of the same import (a job reclaimed after a
//! crash, the command line and a server at once) finds the cursor moved and stops, and a
//! runner killed mid-batch leaves nothing of that batch behind. So every row is applied once.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use hermana_sheet::{Consent, Limits, Mapping, Sheet, SheetError};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, ExprTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use super::plan::{self, Candidate, Reason, fill};
use crate::audit::model::{self as audit, Actor};
use crate::i18n::Lang;
use crate::jobs::model::{self as jobs, NewJob};
use crate::supporters::entities::{
    activity, consent, import, import_file, import_suggestion, note, supporter, supporter_tag,
};
use crate::supporters::labels;
use crate::supporters::model::{self, ConsentChange, ConsentKind, Details, Supporter, display_name};

pub type Import = import::Model;

/// The job that applies a committed import; its payload is [`ImportJob`].
pub const IMPORT_SUPPORTERS: &str = "import_supporters";
/// Rows applied per transaction: the new records go in one statement, of about 22 values per
/// row, within SQLite's 32,766 and PostgreSQL's 65,535 values per statement.
pub const BATCH: usize = 1000;
/// Examples the preview keeps of each kind.
const EXAMPLES: usize = 20;
/// The timeline kind of a supporter added or updated by an import.
pub const IMPORTED: &str = "imported";

pub mod status {
    /// The columns must be mapped by hand before a preview.
    pub const MAPPING: &str = "mapping";
    /// Previewed; waits for a person to commit it.
    pub const READY: &str = "ready";
    pub const QUEUED: &str = "queued";
    pub const RUNNING: &str = "running";
    pub const DONE: &str = "done";
    pub const FAILED: &str = "failed";
}

#[derive(Serialize, Deserialize)]
pub struct ImportJob {
    pub import_id: i64,
}

/// A row that matches a supporter already in the records (or an earlier row of the file).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Matched {
    pub line: u64,
    pub supporter_id: Option<i64>,
    pub name: String,
    pub email: String,
    /// The earlier line of the same file, when the match is there.
    pub same_as_line: Option<u64>,
}

/// A rejected row.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rejected {
    pub line: u64,
    pub reason: Reason,
}

/// A new supporter whose name and postal code match an existing one.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Suggested {
    pub line: u64,
    pub name: String,
    pub existing_id: i64,
    pub existing_name: String,
}

/// What committing would do, as far as the records stand now.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Preview {
    pub rows: usize,
    pub created: usize,
    pub matched: usize,
    pub rejected: usize,
    pub suggested: usize,
    pub matched_examples: Vec<Matched>,
    pub rejected_examples: Vec<Rejected>,
    pub suggested_examples: Vec<Suggested>,
}

/// Reads an import's file (never fails for a stored import: it was read when uploaded).
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    Sheet::parse(bytes, &Limits::default())
}

/// Why a file cannot be read, in `lang` (the web page's and the command line's message).
pub fn error_message(catalog: &crate::i18n::Catalog, lang: Lang, error: &SheetError) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    let key = match error {
        SheetError::Empty => "import-error-empty",
        SheetError::TooLarge { .. } => "import-error-too-large",
        SheetError::Workbook => "import-error-workbook",
        SheetError::NotText => "import-error-not-text",
        SheetError::InvalidText { encoding } => {
            args.set("encoding", encoding.label());
            "import-error-invalid-text"
        }
        SheetError::UnterminatedQuote { line } => {
            args.set("line", *line);
            "import-error-quote"
        }
        SheetError::TooManyColumns { line, max } => {
            args.set("line", *line);
            args.set("max", *max);
            "import-error-columns"
        }
        SheetError::HeaderTooLarge { column, .. } => {
            args.set("column", *column);
            "import-error-header"
        }
        SheetError::TooManyRows { max } => {
            args.set("max", *max);
            "import-error-rows"
        }
        SheetError::NoRows => "import-error-no-rows",
        SheetError::Malformed { line } => {
            args.set("line", *line);
            "import-error-malformed"
        }
    };
    args.set("mb", Limits::default().max_file_bytes / (1024 * 1024));
    catalog.text(lang, key, Some(&args))
}

/// Stores an uploaded file as a new import and previews it when its columns are recognized.
/// A file that cannot be read is refused and nothing is stored.
pub async fn create(
    db: &DatabaseConnection,
    organization_id: i64,
    account_id: Option<i64>,
    file_name: &str,
    bytes: Vec<u8>,
    lang: Lang,
) -> Result<Result<Import, SheetError>, DbErr> {
    let sheet = match read(&bytes) {
        Ok(sheet) => sheet,
        Err(error) => return Ok(Err(error)),
    };
    let recognition = Mapping::recognize(&sheet.header);
    let now = Utc::now();
    let file_name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
    let txn = db.begin().await?;
    let row = import::ActiveModel {
        organization_id: Set(organization_id),
        account_id: Set(account_id),
        file_name: Set(if file_name.is_empty() { "import.csv".into() } else { file_name }),
        encoding: Set(sheet.encoding.label().to_owned()),
        delimiter: Set(char::from(sheet.delimiter.byte()).to_string()),
        mapping: Set(plan::mapping_to_json(&recognition.mapping, sheet.header.len())),
        source: Set(recognition.source.map(|s| s.name().to_owned()).unwrap_or_default()),
        language: Set(lang.code().to_owned()),
        status: Set(status::MAPPING.to_owned()),
        preview: Set(None),
        total_rows: Set(i32::try_from(sheet.rows.len()).unwrap_or(i32::MAX)),
        processed_rows: Set(0),
        created_count: Set(0),
        matched_count: Set(0),
        rejected_count: Set(0),
        suggested_count: Set(0),
        error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    import_file::ActiveModel { import_id: Set(row.id), file_bytes: Set(bytes) }.insert(&txn).await?;
    txn.commit().await?;
    if plan::usable(&recognition.mapping) {
        return Ok(Ok(set_mapping(db, row, &sheet, &recognition.mapping).await?));
    }
    Ok(Ok(row))
}

/// The file of an import as it was uploaded.
pub async fn file(db: &impl ConnectionTrait, import_id: i64) -> Result<Vec<u8>, DbErr> {
    Ok(import_file::Entity::find_by_id(import_id).one(db).await?.map(|f| f.file_bytes).unwrap_or_default())
}

pub async fn find(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Import>, DbErr> {
    import::Entity::find_by_id(id).filter(import::Column::OrganizationId.eq(organization_id)).one(db).await
}

/// The newest imports of an organization, without their files.
pub async fn recent(db: &impl ConnectionTrait, organization_id: i64, limit: u64) -> Result<Vec<Import>, DbErr> {
    import::Entity::find()
        .filter(import::Column::OrganizationId.eq(organization_id))
        .order_by_desc(import::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The import's language for defaults (its organization's language is what a row without one
/// gets; the uploader's language is only for messages).
async fn default_language(db: &impl ConnectionTrait, organization_id: i64) -> Result<Lang, DbErr> {
    let org = crate::organizations::entities::organization::Entity::find_by_id(organization_id).one(db).await?;
    Ok(org.and_then(|o| Lang::from_code(&o.default_language)).unwrap_or(Lang::Es))
}

/// Saves a mapping a person chose (or the recognized one) and previews the import with it.
/// Only an import not yet committed changes.
pub async fn set_mapping(
    db: &DatabaseConnection,
    row: Import,
    sheet: &Sheet,
    mapping: &Mapping,
) -> Result<Import, DbErr> {
    if row.status != status::MAPPING && row.status != status::READY {
        return Ok(row);
    }
    let lang = default_language(db, row.organization_id).await?;
    let preview = preview(db, row.organization_id, sheet, mapping, lang).await?;
    let mut active: import::ActiveModel = row.into();
    active.mapping = Set(plan::mapping_to_json(mapping, sheet.header.len()));
    active.status = Set(if plan::usable(mapping) { status::READY } else { status::MAPPING }.to_owned());
    active.preview = Set(serde_json::to_string(&preview).ok());
    active.rejected_count = Set(i32::try_from(preview.rejected).unwrap_or(i32::MAX));
    active.updated_at = Set(Utc::now());
    active.update(db).await
}

/// The mapping an import uses now.
pub fn mapping_of(row: &Import, sheet: &Sheet) -> Mapping {
    plan::mapping_from_json(&row.mapping, sheet.header.len())
}

/// Counts what committing would do and keeps examples of each kind.
pub async fn preview(
    db: &impl ConnectionTrait,
    organization_id: i64,
    sheet: &Sheet,
    mapping: &Mapping,
    lang: Lang,
) -> Result<Preview, DbErr> {
    let mut preview = Preview { rows: sheet.rows.len() + sheet.rejected.len(), ..Preview::default() };
    for rejected in &sheet.rejected {
        preview.rejected += 1;
        if preview.rejected_examples.len() < EXAMPLES {
            preview
                .rejected_examples
                .push(Rejected { line: rejected.line, reason: Reason::of_problem(&rejected.problem) });
        }
    }
    if !plan::usable(mapping) {
        return Ok(preview);
    }
    let planned = plan::plan(sheet, mapping, lang);
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut seen_names: HashSet<(String, String)> = HashSet::new();
    for chunk in planned.chunks(BATCH) {
        let emails: Vec<&str> = chunk.iter().filter_map(|(_, c)| c.as_ref().ok()?.details.email.as_deref()).collect();
        let existing = by_emails(db, organization_id, &emails).await?;
        let keys: Vec<(String, String)> = chunk
            .iter()
            .filter_map(|(_, c)| c.as_ref().ok().filter(|c| email_is_new(c, &existing, &seen))?.suggestion_key())
            .collect();
        let similar = by_names(db, organization_id, &keys).await?;
        for (line, planned) in chunk {
            let candidate = match planned {
                Ok(candidate) => candidate,
                Err(reason) => {
                    preview.rejected += 1;
                    if preview.rejected_examples.len() < EXAMPLES {
                        preview.rejected_examples.push(Rejected { line: *line, reason: reason.clone() });
                    }
                    continue;
                }
            };
            let email = candidate.details.email.clone().unwrap_or_default();
            let matched = if let Some(found) = existing.get(&email) {
                Some(Matched {
                    line: *line,
                    supporter_id: Some(found.id),
                    name: display_name(found),
                    email: email.clone(),
                    same_as_line: None,
                })
            } else {
                seen.get(&email).filter(|_| !email.is_empty()).map(|earlier| Matched {
                    line: *line,
                    supporter_id: None,
                    name: format!("{} {}", candidate.details.first_name, candidate.details.last_name).trim().into(),
                    email: email.clone(),
                    same_as_line: Some(*earlier),
                })
            };
            if let Some(matched) = matched {
                preview.matched += 1;
                if preview.matched_examples.len() < EXAMPLES {
                    preview.matched_examples.push(matched);
                }
                continue;
            }
            preview.created += 1;
            if !email.is_empty() {
                seen.insert(email, *line);
            }
            if let Some(key) = candidate.suggestion_key() {
                let found = similar.get(&key).and_then(|s| s.first());
                if let Some(existing) = found {
                    preview.suggested += 1;
                    if preview.suggested_examples.len() < EXAMPLES {
                        preview.suggested_examples.push(Suggested {
                            line: *line,
                            name: display_name_of(&candidate.details),
                            existing_id: existing.id,
                            existing_name: display_name(existing),
                        });
                    }
                } else if !seen_names.insert(key) {
                    // Two new rows of the file share name and postal code: also worth a look.
                    preview.suggested += 1;
                }
            }
        }
    }
    Ok(preview)
}

fn email_is_new(candidate: &Candidate, existing: &HashMap<String, Supporter>, seen: &HashMap<String, u64>) -> bool {
    candidate.details.email.as_ref().is_none_or(|e| !existing.contains_key(e) && !seen.contains_key(e))
}

fn display_name_of(details: &Details) -> String {
    format!("{} {}", details.first_name, details.last_name).trim().to_owned()
}

/// Live supporters with these (normalized) emails.
async fn by_emails(
    db: &impl ConnectionTrait,
    organization_id: i64,
    emails: &[&str],
) -> Result<HashMap<String, Supporter>, DbErr> {
    if emails.is_empty() {
        return Ok(HashMap::new());
    }
    let found = supporter::Entity::find()
        .filter(supporter::Column::OrganizationId.eq(organization_id))
        .filter(supporter::Column::Email.is_in(emails.iter().copied()))
        .all(db)
        .await?;
    Ok(found.into_iter().filter_map(|s| Some((s.email.clone()?, s))).collect())
}

/// Live supporters by (sort name, normalized postal code), oldest first.
async fn by_names(
    db: &impl ConnectionTrait,
    organization_id: i64,
    keys: &[(String, String)],
) -> Result<HashMap<(String, String), Vec<Supporter>>, DbErr> {
    let mut found: HashMap<(String, String), Vec<Supporter>> = HashMap::new();
    if keys.is_empty() {
        return Ok(found);
    }
    let names: HashSet<&str> = keys.iter().map(|(name, _)| name.as_str()).collect();
    let rows = supporter::Entity::find()
        .filter(supporter::Column::OrganizationId.eq(organization_id))
        .filter(supporter::Column::SortName.is_in(names))
        .filter(supporter::Column::MergedIntoId.is_null())
        .filter(supporter::Column::ErasedAt.is_null())
        .order_by_asc(supporter::Column::Id)
        .all(db)
        .await?;
    for row in rows {
        let key = (row.sort_name.clone(), plan::postal_key(&row.postal_code));
        if !key.1.is_empty() {
            found.entry(key).or_default().push(row);
        }
    }
    Ok(found)
}

/// Why an import cannot be committed.
#[derive(Debug, PartialEq, Eq)]
pub enum CommitRefused {
    /// Its columns are not mapped yet.
    NotReady,
}

/// Commits a previewed import: queues the job that applies it. Committing twice queues once.
pub async fn commit(db: &impl ConnectionTrait, row: &Import) -> Result<Result<(), CommitRefused>, DbErr> {
    if row.status == status::MAPPING {
        return Ok(Err(CommitRefused::NotReady));
    }
    let moved = import::Entity::update_many()
        .col_expr(import::Column::Status, Expr::value(status::QUEUED))
        .col_expr(import::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import::Column::Id.eq(row.id))
        .filter(import::Column::Status.eq(status::READY))
        .exec(db)
        .await?;
    if moved.rows_affected > 0 {
        let payload = serde_json::to_string(&ImportJob { import_id: row.id }).unwrap_or_default();
        let key = format!("{IMPORT_SUPPORTERS}:{}", row.id);
        jobs::enqueue(db, NewJob::new(row.organization_id, IMPORT_SUPPORTERS, payload, key)).await?;
    }
    Ok(Ok(()))
}

/// Where an import stands after a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub processed: usize,
    pub total: usize,
    pub done: bool,
}

/// Applies an import batch by batch. Holds the file read once.
pub struct Runner {
    import: Import,
    planned: Vec<(u64, Result<Candidate, Reason>)>,
    file_name: String,
}

impl Runner {
    /// Loads a committed import and marks it running; `None` when there is nothing to run.
    pub async fn start(db: &impl ConnectionTrait, import_id: i64) -> Result<Option<Runner>, DbErr> {
        let Some(row) = import::Entity::find_by_id(import_id).one(db).await? else {
            return Ok(None);
        };
        if row.status != status::QUEUED && row.status != status::RUNNING {
            return Ok(None);
        }
        import::Entity::update_many()
            .col_expr(import::Column::Status, Expr::value(status::RUNNING))
            .filter(import::Column::Id.eq(row.id))
            .filter(import::Column::Status.eq(status::QUEUED))
            .exec(db)
            .await?;
        let sheet =
            read(&file(db, row.id).await?).map_err(|e| DbErr::Custom(format!("stored import unreadable: {e}")))?;
        let mapping = mapping_of(&row, &sheet);
        let lang = default_language(db, row.organization_id).await?;
        let planned = plan::plan(&sheet, &mapping, lang);
        let file_name = row.file_name.clone();
        let mut import = row;
        import.status = status::RUNNING.to_owned();
        Ok(Some(Runner { import, planned, file_name }))
    }

    pub fn progress(&self) -> Progress {
        let processed = usize::try_from(self.import.processed_rows).unwrap_or(0);
        Progress { processed, total: self.planned.len(), done: self.import.status == status::DONE }
    }

    /// Applies the next batch in one transaction; stops (done) when another runner moved the
    /// cursor first.
    pub async fn step(&mut self, db: &DatabaseConnection) -> Result<Progress, DbErr> {
        let start = usize::try_from(self.import.processed_rows).unwrap_or(0);
        let end = (start + BATCH).min(self.planned.len());
        let txn = db.begin().await?;
        let last = end == self.planned.len();
        let claimed = import::Entity::update_many()
            .col_expr(import::Column::ProcessedRows, Expr::value(i32::try_from(end).unwrap_or(i32::MAX)))
            .col_expr(import::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(import::Column::Id.eq(self.import.id))
            .filter(import::Column::ProcessedRows.eq(self.import.processed_rows))
            .filter(import::Column::Status.eq(status::RUNNING))
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 0 {
            txn.rollback().await?;
            let now = import::Entity::find_by_id(self.import.id).one(db).await?;
            self.import.status = now.map_or(status::DONE.to_owned(), |n| n.status);
            let mut progress = self.progress();
            progress.done = true;
            return Ok(progress);
        }
        let counts = self.apply(&txn, start, end).await?;
        let mut update = import::Entity::update_many()
            .col_expr(import::Column::CreatedCount, Expr::col(import::Column::CreatedCount).add(count(counts.created)))
            .col_expr(import::Column::MatchedCount, Expr::col(import::Column::MatchedCount).add(count(counts.matched)))
            .col_expr(
                import::Column::SuggestedCount,
                Expr::col(import::Column::SuggestedCount).add(count(counts.suggested)),
            )
            .filter(import::Column::Id.eq(self.import.id));
        if last {
            update = update
                .col_expr(import::Column::Status, Expr::value(status::DONE))
                .col_expr(import::Column::FinishedAt, Expr::value(Utc::now()));
        }
        update.exec(&txn).await?;
        if last {
            let updated = import::Entity::find_by_id(self.import.id).one(&txn).await?;
            let subject = updated.map_or_else(String::new, |u| {
                format!(
                    "#{} {}: {} new, {} matched, {} rejected",
                    u.id, self.file_name, u.created_count, u.matched_count, u.rejected_count
                )
            });
            let actor = Actor { account_id: self.import.account_id, request_id: None };
            audit::record(&txn, self.import.organization_id, &actor, "supporters.imported", &subject).await?;
        }
        txn.commit().await?;
        self.import.processed_rows = i32::try_from(end).unwrap_or(i32::MAX);
        if last {
            self.import.status = status::DONE.to_owned();
        }
        Ok(self.progress())
    }

    /// Runs every remaining batch.
    pub async fn finish(&mut self, db: &DatabaseConnection) -> Result<Progress, DbErr> {
        loop {
            let progress = self.step(db).await?;
            if progress.done {
                return Ok(progress);
            }
        }
    }

    async fn apply(&self, db: &impl ConnectionTrait, start: usize, end: usize) -> Result<Counts, DbErr> {
        let org = self.import.organization_id;
        let now = Utc::now();
        let reference = format!("import:{}", self.import.id);
        let candidates: Vec<&Candidate> =
            self.planned[start..end].iter().filter_map(|(_, planned)| planned.as_ref().ok()).collect();
        let emails: Vec<&str> = candidates.iter().filter_map(|c| c.details.email.as_deref()).collect();
        let existing = by_emails(db, org, &emails).await?;
        let mut counts = Counts::default();

        // Who each row is: a record already there, or a new one (later rows of the same person
        // fold into the first).
        let mut updates: Vec<(Supporter, Candidate)> = Vec::new();
        let mut update_at: HashMap<i64, usize> = HashMap::new();
        let mut fresh: Vec<Candidate> = Vec::new();
        let mut fresh_at: HashMap<String, usize> = HashMap::new();
        for candidate in candidates {
            let email = candidate.details.email.clone();
            if let Some(found) = email.as_ref().and_then(|e| existing.get(e)) {
                counts.matched += 1;
                match update_at.get(&found.id) {
                    Some(&i) => updates[i].1.absorb(candidate),
                    None => {
                        update_at.insert(found.id, updates.len());
                        updates.push((found.clone(), candidate.clone()));
                    }
                }
            } else if let Some(&i) = email.as_ref().and_then(|e| fresh_at.get(e)) {
                counts.matched += 1;
                fresh[i].absorb(candidate);
            } else {
                if let Some(e) = email {
                    fresh_at.insert(e, fresh.len());
                }
                fresh.push(candidate.clone());
            }
        }

        // Suggestions are looked up before this batch's records exist.
        let keys: Vec<(String, String)> = fresh.iter().filter_map(Candidate::suggestion_key).collect();
        let similar = by_names(db, org, &keys).await?;

        // New records, in one statement.
        let rows: Vec<supporter::ActiveModel> = fresh
            .iter()
            .map(|c| {
                let mut active = supporter::ActiveModel {
                    organization_id: Set(org),
                    email_confirmed_at: Set(None),
                    newsletter: Set(c.consent == Some(Consent::Given)),
                    events: Set(false),
                    last_activity_at: Set(now),
                    merged_into_id: Set(None),
                    erased_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                };
                c.details.apply(&mut active);
                active
            })
            .collect();
        // Only the new ids come back (in the order of the rows): the rest is already here.
        let created = supporter::Entity::insert_many(rows).exec_with_returning_keys(db).await?;
        counts.created = created.len();

        let mut consents = Vec::new();
        let mut activities = Vec::new();
        let mut notes = Vec::new();
        let mut suggestions = Vec::new();
        let mut tagged: Vec<(i64, &[String])> = Vec::new();
        let detail = |line: u64| Some(format!("{}, line {line}", self.file_name));
        for (&id, candidate) in created.iter().zip(&fresh) {
            if candidate.consent == Some(Consent::Given) {
                consents.push(consent::ActiveModel {
                    organization_id: Set(org),
                    supporter_id: Set(id),
                    kind: Set(ConsentKind::Newsletter.code().to_owned()),
                    granted: Set(true),
                    source: Set(IMPORTED.to_owned()),
                    detail: Set(detail(candidate.line)),
                    request_id: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
            if let Some(key) = candidate.suggestion_key()
                && let Some(older) = similar.get(&key).and_then(|s| s.first())
            {
                counts.suggested += 1;
                suggestions.push(import_suggestion::ActiveModel {
                    organization_id: Set(org),
                    import_id: Set(self.import.id),
                    line: Set(i32::try_from(candidate.line).unwrap_or(i32::MAX)),
                    supporter_id: Set(id),
                    existing_id: Set(older.id),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
            tagged.push((id, &candidate.tags));
            if let Some(body) = &candidate.note {
                notes.push(self.note(id, body, now));
            }
            activities.push(self.activity(id, &reference, now));
        }

        // Records already there: empty details filled, consent as the file says.
        for (found, candidate) in &updates {
            let mut details = Details::of(found);
            fill(&mut details, &candidate.details);
            let mut record = found.clone();
            if details != Details::of(found) {
                record = model::update(db, record, &details).await?;
            }
            let granted = match candidate.consent {
                Some(Consent::Given) => Some(true),
                Some(Consent::Withdrawn) => Some(false),
                Some(Consent::NotGiven) | None => None,
            };
            if let Some(granted) = granted {
                let change = ConsentChange {
                    kind: ConsentKind::Newsletter,
                    granted,
                    source: IMPORTED,
                    detail: detail(candidate.line),
                    request_id: None,
                };
                model::set_consent(db, &record, change).await?;
            }
            tagged.push((record.id, &candidate.tags));
            if let Some(body) = &candidate.note {
                notes.push(self.note(record.id, body, now));
            }
            activities.push(self.activity(record.id, &reference, now));
        }
        if !updates.is_empty() {
            supporter::Entity::update_many()
                .col_expr(supporter::Column::LastActivityAt, Expr::value(now))
                .filter(supporter::Column::Id.is_in(updates.iter().map(|(s, _)| s.id)))
                .exec(db)
                .await?;
        }

        // Tags: each name once per batch.
        let mut tag_ids: HashMap<String, i64> = HashMap::new();
        let mut links = Vec::new();
        for (supporter_id, tags) in tagged {
            for name in tags {
                let key = model::fold(name);
                let id = match tag_ids.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = labels::named(db, org, name).await?.id;
                        tag_ids.insert(key, id);
                        id
                    }
                };
                links.push(supporter_tag::ActiveModel {
                    organization_id: Set(org),
                    supporter_id: Set(supporter_id),
                    tag_id: Set(id),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
        }
        if !links.is_empty() {
            let on_conflict = OnConflict::columns([supporter_tag::Column::SupporterId, supporter_tag::Column::TagId])
                .do_nothing()
                .to_owned();
            match supporter_tag::Entity::insert_many(links).on_conflict(on_conflict).exec_without_returning(db).await {
                Ok(_) | Err(DbErr::RecordNotInserted) => {}
                Err(e) => return Err(e),
            }
        }
        consent::Entity::insert_many(consents).exec_without_returning(db).await?;
        note::Entity::insert_many(notes).exec_without_returning(db).await?;
        activity::Entity::insert_many(activities).exec_without_returning(db).await?;
        import_suggestion::Entity::insert_many(suggestions).exec_without_returning(db).await?;
        Ok(counts)
    }

    fn note(&self, supporter_id: i64, body: &str, now: chrono::DateTime<Utc>) -> note::ActiveModel {
        note::ActiveModel {
            organization_id: Set(self.import.organization_id),
            supporter_id: Set(supporter_id),
            account_id: Set(self.import.account_id),
            body: Set(body.to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
    }

    fn activity(&self, supporter_id: i64, reference: &str, now: chrono::DateTime<Utc>) -> activity::ActiveModel {
        activity::ActiveModel {
            organization_id: Set(self.import.organization_id),
            supporter_id: Set(supporter_id),
            kind: Set(IMPORTED.to_owned()),
            reference: Set(Some(reference.to_owned())),
            occurred_at: Set(now),
            created_at: Set(now),
            ..Default::default()
        }
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[derive(Default)]
struct Counts {
    created: usize,
    matched: usize,
    suggested: usize,
}

/// Marks an import failed (the job gave up on it).
pub async fn fail(db: &impl ConnectionTrait, import_id: i64, error: &str) -> Result<(), DbErr> {
    import::Entity::update_many()
        .col_expr(import::Column::Status, Expr::value(status::FAILED))
        .col_expr(import::Column::Error, Expr::value(error.chars().take(500).collect::<String>()))
        .col_expr(import::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import::Column::Id.eq(import_id))
        .filter(import::Column::Status.ne(status::DONE))
        .exec(db)
        .await?;
    Ok(())
}

/// The suggestions an import made, in file order.
pub async fn suggestions(db: &impl ConnectionTrait, import_id: i64) -> Result<Vec<import_suggestion::Model>, DbErr> {
    import_suggestion::Entity::find()
        .filter(import_suggestion::Column::ImportId.eq(import_id))
        .order_by_asc(import_suggestion::Column::Line)
        .all(db)
        .await
}

/// Every rejected row of an import's file with its reason, as a CSV in `lang` (UTF-8 with BOM,
/// the file's own columns plus a reason column).
pub fn rejected_csv(
    row: &Import,
    file: &[u8],
    catalog: &crate::i18n::Catalog,
    lang: Lang,
) -> Result<Vec<u8>, std::io::Error> {
    let Ok(sheet) = read(file) else {
        return Ok(Vec::new());
    };
    let mapping = mapping_of(row, &sheet);
    let reason_title = catalog.text(lang, "import-reason-column", None);
    let mut out = hermana_sheet::RejectedWriter::new(Vec::new(), &sheet.header, &reason_title)?;
    // Rows in file order: the reader's rejects and the plan's, merged by line.
    let mut all: Vec<(u64, Vec<String>, Reason)> =
        sheet.rejected.iter().map(|r| (r.line, r.fields.clone(), Reason::of_problem(&r.problem))).collect();
    if plan::usable(&mapping) {
        for row in &sheet.rows {
            if let Err(reason) = plan::candidate(&mapping, row, Lang::Es) {
                all.push((row.line(), row.fields().map(str::to_owned).collect(), reason));
            }
        }
    }
    all.sort_by_key(|(line, _, _)| *line);
    for (_, fields, reason) in all {
        out.write(&fields, &reason.message(catalog, lang))?;
    }
    out.into_inner()
}
