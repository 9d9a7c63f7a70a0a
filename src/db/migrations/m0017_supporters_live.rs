//! A partial index of the live supporters (neither merged away nor erased), by organization.
//!
//! The supporter list shows how many records its filter selects. Without this index, counting
//! an organization's live records read every row of the table (the merged and erased marks are
//! in no other index): 180 ms with 100,000 supporters on SQLite, for every page of the list.
//! The index holds only the organization and the row id, so counting reads about a megabyte.
//! Partial indexes are the same SQL on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0017_supporters_live"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX supporters_live ON supporters (organization_id) \
                 WHERE merged_into_id IS NULL AND erased_at IS NULL",
            )
            .await
            .map(|_| ())
    }
}
