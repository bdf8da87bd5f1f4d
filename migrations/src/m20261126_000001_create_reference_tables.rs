//! Sources, events, actors and the dated exchange-rate table.

use crate::checks::*;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Sources {
    Table,
    Id,
    Slug,
    Title,
    Url,
    Publisher,
    PublishedOn,
    Tier,
    Verification,
    Note,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Events {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    Location,
    Country,
    StartsOn,
    EndsOn,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum EventSources {
    Table,
    EventId,
    SourceId,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Actors {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    Country,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ActorMembers {
    Table,
    ActorId,
    MemberId,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ExchangeRates {
    Table,
    Currency,
    RateDate,
    PerEurScaled,
    SourceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sources::Table)
                    .col(pk_auto(Sources::Id))
                    .col(string_len_uniq(Sources::Slug, 80))
                    .col(text(Sources::Title))
                    .col(text(Sources::Url))
                    .col(text(Sources::Publisher))
                    .col(date_null(Sources::PublishedOn))
                    .col(string_len(Sources::Tier, 32).check(one_of(Sources::Tier, SOURCE_TIERS)))
                    .col(
                        string_len(Sources::Verification, 16)
                            .check(one_of(Sources::Verification, VERIFICATIONS)),
                    )
                    .col(text_null(Sources::Note))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(pk_auto(Events::Id))
                    .col(string_len_uniq(Events::Slug, 80))
                    .col(text(Events::Name))
                    .col(string_len(Events::Kind, 32).check(one_of(Events::Kind, EVENT_KINDS)))
                    .col(text_null(Events::Location))
                    .col(char_len_null(Events::Country, 2))
                    .col(date_null(Events::StartsOn))
                    .col(date_null(Events::EndsOn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventSources::Table)
                    .col(integer(EventSources::EventId))
                    .col(integer(EventSources::SourceId))
                    .primary_key(
                        Index::create()
                            .col(EventSources::EventId)
                            .col(EventSources::SourceId),
                    )
                    .foreign_key(&mut fk(
                        (EventSources::Table, EventSources::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (EventSources::Table, EventSources::SourceId),
                        (Sources::Table, Sources::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Actors::Table)
                    .col(pk_auto(Actors::Id))
                    .col(string_len_uniq(Actors::Slug, 80))
                    .col(text(Actors::Name))
                    .col(string_len(Actors::Kind, 32).check(one_of(Actors::Kind, ACTOR_KINDS)))
                    .col(char_len_null(Actors::Country, 2))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActorMembers::Table)
                    .col(integer(ActorMembers::ActorId))
                    .col(integer(ActorMembers::MemberId))
                    .primary_key(
                        Index::create()
                            .col(ActorMembers::ActorId)
                            .col(ActorMembers::MemberId),
                    )
                    .foreign_key(&mut fk(
                        (ActorMembers::Table, ActorMembers::ActorId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (ActorMembers::Table, ActorMembers::MemberId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExchangeRates::Table)
                    .col(char_len(ExchangeRates::Currency, 3))
                    .col(date(ExchangeRates::RateDate))
                    .col(
                        big_integer(ExchangeRates::PerEurScaled)
                            .check(Expr::col(ExchangeRates::PerEurScaled).gt(0)),
                    )
                    .col(integer(ExchangeRates::SourceId))
                    .primary_key(
                        Index::create()
                            .col(ExchangeRates::Currency)
                            .col(ExchangeRates::RateDate),
                    )
                    .foreign_key(&mut fk(
                        (ExchangeRates::Table, ExchangeRates::SourceId),
                        (Sources::Table, Sources::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ExchangeRates::Table.into_iden(),
            ActorMembers::Table.into_iden(),
            Actors::Table.into_iden(),
            EventSources::Table.into_iden(),
            Events::Table.into_iden(),
            Sources::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
