//! Follow-ups: append-only dated events on a pledge, what each changed (old → new), the
//! money figures each reported, and the evidence behind each.

use crate::checks::*;
use crate::m20261126_000002_create_pledges::{MoneyFigures, Pledges};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum FollowUps {
    Table,
    Id,
    PledgeId,
    Author,
    RecordedAt,
    OccurredOn,
    Note,
    /// The form's one-time token: a second submission of the same form finds it taken.
    SubmissionKey,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum FollowUpChanges {
    Table,
    Id,
    FollowUpId,
    Position,
    Field,
    ConditionNumber,
    OldValue,
    NewValue,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum FollowUpMoney {
    Table,
    FollowUpId,
    MoneyFigureId,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Evidence {
    Table,
    Id,
    FollowUpId,
    Position,
    Url,
    Title,
    Tier,
}

fn follow_up_fk<T: IntoIden + 'static, C: IntoIden + 'static>(
    table: T,
    col: C,
) -> ForeignKeyCreateStatement {
    fk(
        (table, col),
        (FollowUps::Table, FollowUps::Id),
        ForeignKeyAction::Cascade,
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FollowUps::Table)
                    .col(pk_auto(FollowUps::Id))
                    .col(integer(FollowUps::PledgeId))
                    .col(text(FollowUps::Author))
                    .col(timestamp_with_time_zone(FollowUps::RecordedAt))
                    .col(date(FollowUps::OccurredOn))
                    .col(text_null(FollowUps::Note))
                    .col(string_len_null(FollowUps::SubmissionKey, 64).unique_key())
                    .foreign_key(&mut fk(
                        (FollowUps::Table, FollowUps::PledgeId),
                        (Pledges::Table, Pledges::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follow_ups_pledge")
                    .table(FollowUps::Table)
                    .col(FollowUps::PledgeId)
                    .col(FollowUps::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follow_ups_recorded")
                    .table(FollowUps::Table)
                    .col(FollowUps::RecordedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUpChanges::Table)
                    .col(pk_auto(FollowUpChanges::Id))
                    .col(integer(FollowUpChanges::FollowUpId))
                    .col(integer(FollowUpChanges::Position))
                    .col(
                        string_len(FollowUpChanges::Field, 16)
                            .check(one_of(FollowUpChanges::Field, CHANGE_FIELDS)),
                    )
                    .col(small_integer_null(FollowUpChanges::ConditionNumber))
                    .col(text_null(FollowUpChanges::OldValue))
                    .col(text(FollowUpChanges::NewValue))
                    .index(
                        Index::create()
                            .name("uq_follow_up_changes_position")
                            .unique()
                            .col(FollowUpChanges::FollowUpId)
                            .col(FollowUpChanges::Position),
                    )
                    .foreign_key(&mut follow_up_fk(
                        FollowUpChanges::Table,
                        FollowUpChanges::FollowUpId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUpMoney::Table)
                    .col(integer(FollowUpMoney::FollowUpId))
                    .col(integer_uniq(FollowUpMoney::MoneyFigureId))
                    .primary_key(
                        Index::create()
                            .col(FollowUpMoney::FollowUpId)
                            .col(FollowUpMoney::MoneyFigureId),
                    )
                    .foreign_key(&mut follow_up_fk(
                        FollowUpMoney::Table,
                        FollowUpMoney::FollowUpId,
                    ))
                    .foreign_key(&mut fk(
                        (FollowUpMoney::Table, FollowUpMoney::MoneyFigureId),
                        (MoneyFigures::Table, MoneyFigures::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Evidence::Table)
                    .col(pk_auto(Evidence::Id))
                    .col(integer(Evidence::FollowUpId))
                    .col(integer(Evidence::Position))
                    .col(text(Evidence::Url))
                    .col(text(Evidence::Title))
                    .col(string_len(Evidence::Tier, 32).check(one_of(Evidence::Tier, SOURCE_TIERS)))
                    .foreign_key(&mut follow_up_fk(Evidence::Table, Evidence::FollowUpId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Evidence::Table.into_iden(),
            FollowUpMoney::Table.into_iden(),
            FollowUpChanges::Table.into_iden(),
            FollowUps::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
