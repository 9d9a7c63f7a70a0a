//! Append-only schema migrations, one code path for SQLite and PostgreSQL.
//!
//! Naming rules (set by the first migration): tables are plural nouns, foreign keys are
//! `<singular>_id`, times are UTC `created_at`/`updated_at` written by the application, every
//! domain row carries `organization_id`. Never edit a migration that has shipped: add a new one.

use sea_orm_migration::prelude::*;

mod columns;
mod m0001_foundation;
mod m0002_accounts;
mod m0003_content_studio;
mod m0004_search;
mod m0005_jobs_and_mail;
mod m0006_articles;
mod m0007_media;
mod m0008_two_step;
mod m0009_menus;
mod m0010_supporters;
mod m0011_supporter_imports;
mod m0012_fundraising;
mod m0013_events;
mod m0014_recurring_plans;
mod m0015_delegations;
mod m0016_import_files;
mod m0017_supporters_live;

/// Every migration, in order.
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_accounts::Migration),
            Box::new(m0003_content_studio::Migration),
            Box::new(m0004_search::Migration),
            Box::new(m0005_jobs_and_mail::Migration),
            Box::new(m0006_articles::Migration),
            Box::new(m0007_media::Migration),
            Box::new(m0008_two_step::Migration),
            Box::new(m0009_menus::Migration),
            Box::new(m0010_supporters::Migration),
            Box::new(m0011_supporter_imports::Migration),
            Box::new(m0012_fundraising::Migration),
            Box::new(m0013_events::Migration),
            Box::new(m0014_recurring_plans::Migration),
            Box::new(m0015_delegations::Migration),
            Box::new(m0016_import_files::Migration),
            Box::new(m0017_supporters_live::Migration),
        ]
    }
}
