//! An import's file moves out of `supporter_imports` into `supporter_import_files`.
//!
//! The import's row is updated twice per batch of 500 rows (its cursor and counts); with the file
//! in the same row, SQLite rewrote the whole file (megabytes of overflow pages) into its journal
//! on every update, which made a 100,000-row import spend most of its time copying the file.

use sea_orm_migration::prelude::*;

use super::columns::{big, fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_import_files"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("supporter_import_files"))
                    .col(big("import_id").primary_key())
                    .col(ColumnDef::new(Alias::new("file_bytes")).blob().not_null())
                    .foreign_key(&mut fk("supporter_import_files", "import_id", "supporter_imports"))
                    .take(),
            )
            .await?;
        let copy = Query::insert()
            .into_table(Alias::new("supporter_import_files"))
            .columns([Alias::new("import_id"), Alias::new("file_bytes")])
            .select_from(
                Query::select()
                    .columns([Alias::new("id"), Alias::new("file_bytes")])
                    .from(Alias::new("supporter_imports"))
                    .take(),
            )
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .take();
        manager.exec_stmt(copy).await?;
        manager
            .alter_table(
                Table::alter().table(Alias::new("supporter_imports")).drop_column(Alias::new("file_bytes")).take(),
            )
            .await
    }
}
