//! Editors' accounts and readers' email subscriptions.

use crate::checks::*;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Users {
    Table,
    Id,
    Email,
    Name,
    Role,
    PasswordHash,
    Disabled,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Subscriptions {
    Table,
    Id,
    Email,
    ScopeKind,
    /// The slug or theme code; empty for everything, so the unique key also holds there
    /// (NULLs would all count as distinct).
    ScopeTarget,
    Frequency,
    Changes,
    TimeZone,
    State,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    .col(string_len_uniq(Users::Email, 254))
                    .col(text(Users::Name))
                    .col(string_len(Users::Role, 16).check(one_of(Users::Role, ROLES)))
                    .col(text(Users::PasswordHash))
                    .col(boolean(Users::Disabled))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Subscriptions::Table)
                    .col(pk_auto(Subscriptions::Id))
                    .col(string_len(Subscriptions::Email, 254))
                    .col(
                        string_len(Subscriptions::ScopeKind, 16)
                            .check(one_of(Subscriptions::ScopeKind, SCOPES)),
                    )
                    .col(string_len(Subscriptions::ScopeTarget, 80))
                    .col(
                        string_len(Subscriptions::Frequency, 16)
                            .check(one_of(Subscriptions::Frequency, FREQUENCIES)),
                    )
                    .col(text(Subscriptions::Changes))
                    .col(string_len(Subscriptions::TimeZone, 64))
                    .col(
                        string_len(Subscriptions::State, 16)
                            .check(one_of(Subscriptions::State, SUBSCRIPTION_STATES)),
                    )
                    .col(timestamp_with_time_zone(Subscriptions::CreatedAt))
                    .index(
                        Index::create()
                            .name("uq_subscriptions_email_scope")
                            .unique()
                            .col(Subscriptions::Email)
                            .col(Subscriptions::ScopeKind)
                            .col(Subscriptions::ScopeTarget),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Subscriptions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}
