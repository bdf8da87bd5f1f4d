//! Stored read-model snapshots: the pledge summaries as of a change-log head, so that a
//! start reads one value and the entries after it instead of every pledge's rows.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum ReadModelSnapshots {
    Table,
    /// The encoding of `body`; a reader ignores a format it does not know.
    Format,
    HeadSeq,
    HeadHash,
    /// The last migration applied when it was saved: a later migration may change what
    /// the rows mean, so a snapshot from before it is not used.
    Schema,
    SavedAt,
    Body,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReadModelSnapshots::Table)
                    .col(string_len(ReadModelSnapshots::Format, 32).primary_key())
                    .col(big_integer(ReadModelSnapshots::HeadSeq))
                    .col(string_len(ReadModelSnapshots::HeadHash, 64))
                    .col(text(ReadModelSnapshots::Schema))
                    .col(string_len(ReadModelSnapshots::SavedAt, 32))
                    .col(blob(ReadModelSnapshots::Body))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReadModelSnapshots::Table).to_owned())
            .await
    }
}
