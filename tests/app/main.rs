//! Integration tests, one binary: every scenario runs against SQLite and PostgreSQL.

mod auth;
mod authz;
mod browser;
mod changelog;
mod data_quality;
mod delivery;
mod editing;
mod faults;
mod formats;
mod hostile;
mod http;
mod import;
mod instances;
mod migrations;
mod opendata;
mod opendata_files;
mod outbox;
mod pages;
mod round_trip;
mod seed_upgrade;
mod seeding;
mod smtp_tls;
mod smtp_wire;
mod snapshots;
mod storage_faults;
mod subscriptions;
mod transactions;

/// The real command line, built for these tests, to run as a child process.
pub const CLI: &str = env!("CARGO_BIN_EXE_pledgewatch-cli");
