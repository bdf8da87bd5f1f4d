//! Integration tests, one binary: every scenario runs against SQLite and PostgreSQL.

mod http;
mod migrations;
mod round_trip;
mod seeding;
mod transactions;
