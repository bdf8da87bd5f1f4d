//! Integration tests, one binary: every scenario runs against SQLite and PostgreSQL.

mod abuse;
mod archived;
mod auth;
mod authz;
mod browser;
mod changelog;
mod contributions;
mod contributions_accept;
mod contributions_hostile;
mod contributions_kinds;
mod contributions_reply;
mod data_quality;
mod delivery;
mod deployment;
mod editing;
mod faults;
mod formats;
mod french_mail;
mod hardening;
mod hostile;
mod http;
mod http_headers;
mod http_stack;
mod import;
mod instances;
mod links;
mod migrations;
mod opendata;
mod opendata_files;
mod operations;
mod outbox;
mod pages;
mod refusals;
mod retention;
mod round_trip;
mod seed_upgrade;
mod seeding;
mod settings_cli;
mod smtp_tls;
mod smtp_wire;
mod snapshots;
mod storage_faults;
mod subscriptions;
mod transactions;

/// The real command line, built for these tests, to run as a child process.
pub const CLI: &str = env!("CARGO_BIN_EXE_pledgewatch-cli");
