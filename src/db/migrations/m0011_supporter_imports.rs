//! CSV imports of supporters: the uploaded file (kept in the database so any node can run the
//! import), how its columns map to fields, the preview, and the progress of the durable job
//! that applies it; plus the name-and-postal-code matches it suggests for merging.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, int, text, text_null, time, time_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_supporter_imports"
    }
}

fn table(name: &'static str) -> TableCreateStatement {
    Table::create().table(Alias::new(name)).col(id("id")).col(big("organization_id")).take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // `status`: mapping → ready → queued → running → done (or failed). `processed_rows` is
        // the job's cursor: each batch of rows is applied in one transaction together with it,
        // so a killed import resumes exactly where its last batch ended.
        manager
            .create_table(
                table("supporter_imports")
                    .col(big_null("account_id"))
                    .col(text("file_name"))
                    .col(ColumnDef::new(Alias::new("file_bytes")).blob().not_null())
                    .col(text("encoding"))
                    .col(text("delimiter"))
                    .col(text("mapping"))
                    .col(text("source"))
                    .col(text("language"))
                    .col(text("status"))
                    .col(text_null("preview"))
                    .col(int("total_rows"))
                    .col(int("processed_rows"))
                    .col(int("created_count"))
                    .col(int("matched_count"))
                    .col(int("rejected_count"))
                    .col(int("suggested_count"))
                    .col(text_null("error"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .col(time_null("finished_at"))
                    .foreign_key(&mut fk("supporter_imports", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("supporter_imports", "supporter_imports_org", &["organization_id", "created_at"]).take(),
            )
            .await?;
        // A new supporter whose name and postal code match an older one: shown for a person
        // to merge, never merged by the import.
        manager
            .create_table(
                table("supporter_import_suggestions")
                    .col(big("import_id"))
                    .col(int("line"))
                    .col(big("supporter_id"))
                    .col(big("existing_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("supporter_import_suggestions", "import_id", "supporter_imports"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("supporter_import_suggestions", "supporter_import_suggestions_import", &["import_id", "line"])
                    .unique()
                    .take(),
            )
            .await?;
        Ok(())
    }
}
