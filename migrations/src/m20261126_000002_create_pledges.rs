//! Pledges with their themes, actors, sources, conditions and money figures. The pledge
//! row also caches the state derived from its follow-ups, rewritten in the same
//! transaction as each follow-up, so lists and dashboards need not replay history.

use crate::checks::*;
use crate::m20261126_000001_create_reference_tables::{Actors, Events, Sources};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Pledges {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    QuoteText,
    QuoteLanguage,
    QuoteSourceId,
    Kind,
    EventId,
    AnnouncedOn,
    InitialStrength,
    InitialContested,
    ParentId,
    SupersedesId,
    DeadlineKind,
    DeadlineDate,
    DeadlinePrecision,
    DeadlineEventId,
    DeadlineText,
    Delivery,
    DeliveredOn,
    Strength,
    Progress,
    Contested,
    LastFollowUpOn,
    FollowUpCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PledgeThemes {
    Table,
    PledgeId,
    Theme,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PledgeActors {
    Table,
    PledgeId,
    ActorId,
    Role,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PledgeSources {
    Table,
    PledgeId,
    SourceId,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Conditions {
    Table,
    Id,
    PledgeId,
    Number,
    Text,
    InitialState,
    State,
    SourceId,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum MoneyFigures {
    Table,
    Id,
    PledgeId,
    Stage,
    AmountMin,
    AmountMax,
    Currency,
    ValueDate,
    Basis,
    SourceId,
    Note,
}

fn pledge_fk<C: IntoIden + 'static, T: IntoIden + 'static>(
    table: T,
    col: C,
) -> ForeignKeyCreateStatement {
    fk(
        (table, col),
        (Pledges::Table, Pledges::Id),
        ForeignKeyAction::Cascade,
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Pledges::Table)
                    .col(pk_auto(Pledges::Id))
                    .col(string_len_uniq(Pledges::Slug, 80))
                    .col(text(Pledges::Title))
                    .col(text(Pledges::Summary))
                    .col(text_null(Pledges::QuoteText))
                    .col(char_len_null(Pledges::QuoteLanguage, 2))
                    .col(integer_null(Pledges::QuoteSourceId))
                    .col(string_len(Pledges::Kind, 32).check(one_of(Pledges::Kind, PLEDGE_KINDS)))
                    .col(integer_null(Pledges::EventId))
                    .col(date(Pledges::AnnouncedOn))
                    .col(
                        string_len(Pledges::InitialStrength, 16)
                            .check(one_of(Pledges::InitialStrength, STRENGTHS)),
                    )
                    .col(boolean(Pledges::InitialContested))
                    .col(integer_null(Pledges::ParentId))
                    .col(integer_null(Pledges::SupersedesId))
                    .col(
                        string_len(Pledges::DeadlineKind, 16)
                            .check(one_of(Pledges::DeadlineKind, DEADLINE_KINDS)),
                    )
                    .col(date_null(Pledges::DeadlineDate))
                    .col(
                        string_len_null(Pledges::DeadlinePrecision, 16)
                            .check(null_or_one_of(Pledges::DeadlinePrecision, PRECISIONS)),
                    )
                    .col(integer_null(Pledges::DeadlineEventId))
                    .col(text_null(Pledges::DeadlineText))
                    .col(
                        string_len(Pledges::Delivery, 32)
                            .check(one_of(Pledges::Delivery, DELIVERY)),
                    )
                    .col(date_null(Pledges::DeliveredOn))
                    .col(
                        string_len(Pledges::Strength, 16)
                            .check(one_of(Pledges::Strength, STRENGTHS)),
                    )
                    .col(
                        small_integer_null(Pledges::Progress).check(
                            Expr::col(Pledges::Progress)
                                .is_null()
                                .or(Expr::col(Pledges::Progress).between(0, 100)),
                        ),
                    )
                    .col(boolean(Pledges::Contested))
                    .col(date_null(Pledges::LastFollowUpOn))
                    .col(integer(Pledges::FollowUpCount).default(0))
                    .col(timestamp_with_time_zone(Pledges::CreatedAt))
                    .col(timestamp_with_time_zone(Pledges::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Pledges::Table, Pledges::QuoteSourceId),
                        (Sources::Table, Sources::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Pledges::Table, Pledges::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Pledges::Table, Pledges::DeadlineEventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Pledges::Table, Pledges::ParentId),
                        (Pledges::Table, Pledges::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Pledges::Table, Pledges::SupersedesId),
                        (Pledges::Table, Pledges::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_pledges_parent", Pledges::ParentId),
            ("idx_pledges_event", Pledges::EventId),
            ("idx_pledges_delivery", Pledges::Delivery),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Pledges::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(PledgeThemes::Table)
                    .col(integer(PledgeThemes::PledgeId))
                    .col(
                        string_len(PledgeThemes::Theme, 32)
                            .check(one_of(PledgeThemes::Theme, THEMES)),
                    )
                    .primary_key(
                        Index::create()
                            .col(PledgeThemes::PledgeId)
                            .col(PledgeThemes::Theme),
                    )
                    .foreign_key(&mut pledge_fk(PledgeThemes::Table, PledgeThemes::PledgeId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PledgeActors::Table)
                    .col(integer(PledgeActors::PledgeId))
                    .col(integer(PledgeActors::ActorId))
                    .col(
                        string_len(PledgeActors::Role, 16)
                            .check(one_of(PledgeActors::Role, ACTOR_ROLES)),
                    )
                    .col(integer(PledgeActors::Position))
                    .primary_key(
                        Index::create()
                            .col(PledgeActors::PledgeId)
                            .col(PledgeActors::ActorId)
                            .col(PledgeActors::Role),
                    )
                    .foreign_key(&mut pledge_fk(PledgeActors::Table, PledgeActors::PledgeId))
                    .foreign_key(&mut fk(
                        (PledgeActors::Table, PledgeActors::ActorId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pledge_actors_actor")
                    .table(PledgeActors::Table)
                    .col(PledgeActors::ActorId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PledgeSources::Table)
                    .col(integer(PledgeSources::PledgeId))
                    .col(integer(PledgeSources::SourceId))
                    .col(integer(PledgeSources::Position))
                    .primary_key(
                        Index::create()
                            .col(PledgeSources::PledgeId)
                            .col(PledgeSources::SourceId),
                    )
                    .foreign_key(&mut pledge_fk(
                        PledgeSources::Table,
                        PledgeSources::PledgeId,
                    ))
                    .foreign_key(&mut fk(
                        (PledgeSources::Table, PledgeSources::SourceId),
                        (Sources::Table, Sources::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Conditions::Table)
                    .col(pk_auto(Conditions::Id))
                    .col(integer(Conditions::PledgeId))
                    .col(
                        small_integer(Conditions::Number)
                            .check(Expr::col(Conditions::Number).gte(1)),
                    )
                    .col(text(Conditions::Text))
                    .col(
                        string_len(Conditions::InitialState, 16)
                            .check(one_of(Conditions::InitialState, CONDITION_STATES)),
                    )
                    .col(
                        string_len(Conditions::State, 16)
                            .check(one_of(Conditions::State, CONDITION_STATES)),
                    )
                    .col(integer_null(Conditions::SourceId))
                    .index(
                        Index::create()
                            .name("uq_conditions_pledge_number")
                            .unique()
                            .col(Conditions::PledgeId)
                            .col(Conditions::Number),
                    )
                    .foreign_key(&mut pledge_fk(Conditions::Table, Conditions::PledgeId))
                    .foreign_key(&mut fk(
                        (Conditions::Table, Conditions::SourceId),
                        (Sources::Table, Sources::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MoneyFigures::Table)
                    .col(pk_auto(MoneyFigures::Id))
                    .col(integer(MoneyFigures::PledgeId))
                    .col(
                        string_len(MoneyFigures::Stage, 16)
                            .check(one_of(MoneyFigures::Stage, STAGES)),
                    )
                    .col(big_integer(MoneyFigures::AmountMin))
                    .col(big_integer(MoneyFigures::AmountMax))
                    .col(char_len(MoneyFigures::Currency, 3))
                    .col(date(MoneyFigures::ValueDate))
                    .col(
                        string_len(MoneyFigures::Basis, 16)
                            .check(one_of(MoneyFigures::Basis, BASES)),
                    )
                    .col(integer(MoneyFigures::SourceId))
                    .col(text_null(MoneyFigures::Note))
                    .check(Expr::col(MoneyFigures::AmountMin).gte(0).and(
                        Expr::col(MoneyFigures::AmountMin).lte(Expr::col(MoneyFigures::AmountMax)),
                    ))
                    .foreign_key(&mut pledge_fk(MoneyFigures::Table, MoneyFigures::PledgeId))
                    .foreign_key(&mut fk(
                        (MoneyFigures::Table, MoneyFigures::SourceId),
                        (Sources::Table, Sources::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_money_figures_pledge")
                    .table(MoneyFigures::Table)
                    .col(MoneyFigures::PledgeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MoneyFigures::Table.into_iden(),
            Conditions::Table.into_iden(),
            PledgeSources::Table.into_iden(),
            PledgeActors::Table.into_iden(),
            PledgeThemes::Table.into_iden(),
            Pledges::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
