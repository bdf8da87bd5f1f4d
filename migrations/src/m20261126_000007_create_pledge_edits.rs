//! Edits of what a pledge announced (title, deadline, sources…), append-only: who, when,
//! which field, old → new. Follow-ups record progress; these record corrections.

use crate::checks::fk;
use crate::m20261126_000002_create_pledges::Pledges;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum PledgeEdits {
    Table,
    Id,
    PledgeId,
    At,
    Author,
    Field,
    OldValue,
    NewValue,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PledgeEdits::Table)
                    .col(pk_auto(PledgeEdits::Id))
                    .col(integer(PledgeEdits::PledgeId))
                    .col(timestamp_with_time_zone(PledgeEdits::At))
                    .col(text(PledgeEdits::Author))
                    .col(string_len(PledgeEdits::Field, 32))
                    .col(text(PledgeEdits::OldValue))
                    .col(text(PledgeEdits::NewValue))
                    .foreign_key(&mut fk(
                        (PledgeEdits::Table, PledgeEdits::PledgeId),
                        (Pledges::Table, Pledges::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pledge_edits_pledge")
                    .table(PledgeEdits::Table)
                    .col(PledgeEdits::PledgeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PledgeEdits::Table).to_owned())
            .await
    }
}
