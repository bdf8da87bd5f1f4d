//! Evidence health: for each cited address, its latest check (outcome, HTTP status, where
//! redirects ended, content hash, when), the hash first seen (the content as cited) and
//! counters of checks and of timeouts and failures in a row, which decide "repeatedly".
//! Keyed by the address, not the evidence row: an address cited twice is fetched once.

use crate::checks::one_of;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum LinkChecks {
    Table,
    Id,
    Url,
    Outcome,
    HttpStatus,
    FinalUrl,
    ContentHash,
    CitedHash,
    Detail,
    CheckedAt,
    FirstCheckedAt,
    Checks,
    ConsecutiveTimeouts,
    ConsecutiveFailures,
}

/// A frozen copy of `LinkOutcome`'s codes as of this migration.
const OUTCOMES: &[&str] = &[
    "ok",
    "gone",
    "http_error",
    "dns_failure",
    "timeout",
    "unreachable",
    "too_many_redirects",
    "refused",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LinkChecks::Table)
                    .col(pk_auto(LinkChecks::Id))
                    .col(text(LinkChecks::Url).unique_key())
                    .col(
                        string_len(LinkChecks::Outcome, 32)
                            .check(one_of(LinkChecks::Outcome, OUTCOMES)),
                    )
                    .col(integer_null(LinkChecks::HttpStatus))
                    .col(text_null(LinkChecks::FinalUrl))
                    .col(string_len_null(LinkChecks::ContentHash, 64))
                    .col(string_len_null(LinkChecks::CitedHash, 64))
                    .col(text_null(LinkChecks::Detail))
                    .col(timestamp_with_time_zone(LinkChecks::CheckedAt))
                    .col(timestamp_with_time_zone(LinkChecks::FirstCheckedAt))
                    .col(integer(LinkChecks::Checks))
                    .col(integer(LinkChecks::ConsecutiveTimeouts))
                    .col(integer(LinkChecks::ConsecutiveFailures))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LinkChecks::Table).to_owned())
            .await
    }
}
