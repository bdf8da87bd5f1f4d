//! Integration tests, one binary: every scenario runs against SQLite and PostgreSQL.

mod auth;
mod authz;
mod browser;
mod changelog;
mod data_quality;
mod delivery;
mod editing;
mod formats;
mod hostile;
mod http;
mod import;
mod instances;
mod migrations;
mod outbox;
mod pages;
mod round_trip;
mod seed_upgrade;
mod seeding;
mod smtp_wire;
mod snapshots;
mod storage_faults;
mod subscriptions;
mod transactions;
