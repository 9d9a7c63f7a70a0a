//! Integration tests: the real router over a real database (SQLite by default, PostgreSQL
//! when `HERMANA_TEST_DATABASE_URL` is set). One binary, so it links once.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first surprise")]

mod admin;
mod articles;
mod auth;
mod cache;
mod common;
mod database;
mod delegations;
mod discovery;
mod errors;
mod events;
mod export;
mod fundraising;
mod fundraising_reports;
mod i18n;
mod invitations;
mod jobs;
mod mail;
mod mail_crash;
mod media;
mod menus;
mod search;
mod serve;
mod site;
mod smtp;
mod stripe;
mod stripe_standin;
mod studio;
mod supporters;
mod supporters_admin;
mod supporters_import;
mod supporters_privacy;
mod supporters_segments;
mod translations;
mod two_step;
mod xml;
mod xss;
