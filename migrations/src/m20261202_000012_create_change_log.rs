//! The public change log: an append-only, hash-chained table of every public change
//! (pledges, follow-ups, actors, events) and a one-row head that writers lock, so that
//! sequence numbers stay gapless across processes. Existing history is back-filled.

use crate::checks::one_of;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum ChangeLog {
    Table,
    Seq,
    At,
    Author,
    Kind,
    SubjectKind,
    Subject,
    Body,
    PrevHash,
    Hash,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ChangeLogHead {
    Table,
    Id,
    Seq,
    Hash,
}

/// Frozen copy of the change kinds as of this migration.
const KINDS: &[&str] = &[
    "pledge_created",
    "pledge_corrected",
    "pledge_deleted",
    "pledge_restored",
    "follow_up_recorded",
    "actor_created",
    "actor_corrected",
    "event_created",
    "event_corrected",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChangeLog::Table)
                    // Assigned by the writer from the locked head, never by the database:
                    // an auto-increment leaves gaps when a transaction rolls back.
                    .col(big_integer(ChangeLog::Seq).primary_key())
                    .col(string_len(ChangeLog::At, 32))
                    .col(text(ChangeLog::Author))
                    .col(string_len(ChangeLog::Kind, 32).check(one_of(ChangeLog::Kind, KINDS)))
                    .col(string_len(ChangeLog::SubjectKind, 16).check(one_of(
                        ChangeLog::SubjectKind,
                        &["pledge", "actor", "event"],
                    )))
                    .col(text(ChangeLog::Subject))
                    .col(text(ChangeLog::Body))
                    .col(string_len(ChangeLog::PrevHash, 64))
                    .col(string_len(ChangeLog::Hash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_change_log_subject")
                    .table(ChangeLog::Table)
                    .col(ChangeLog::SubjectKind)
                    .col(ChangeLog::Subject)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChangeLogHead::Table)
                    .col(integer(ChangeLogHead::Id).primary_key())
                    .col(big_integer(ChangeLogHead::Seq))
                    .col(string_len(ChangeLogHead::Hash, 64))
                    .to_owned(),
            )
            .await?;
        crate::changelog_backfill::run(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChangeLogHead::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ChangeLog::Table).to_owned())
            .await
    }
}
