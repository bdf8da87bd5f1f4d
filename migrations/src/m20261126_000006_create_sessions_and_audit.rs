//! Login sessions (only a hash of each token is stored), login attempts for rate limiting,
//! and the append-only audit log of every change and login.

use crate::checks::fk;
use crate::m20261126_000004_create_users_and_subscriptions::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum LoginAttempts {
    Table,
    Id,
    /// `account:<email>` or `address:<ip>`.
    Key,
    AttemptedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Action,
    Target,
    Detail,
    Address,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(pk_auto(Sessions::Id))
                    .col(string_len_uniq(Sessions::TokenHash, 64))
                    .col(integer(Sessions::UserId))
                    .col(string_len(Sessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(&mut fk(
                        (Sessions::Table, Sessions::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(pk_auto(LoginAttempts::Id))
                    .col(string_len(LoginAttempts::Key, 300))
                    .col(timestamp_with_time_zone(LoginAttempts::AttemptedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_attempts_key")
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::Key)
                    .col(LoginAttempts::AttemptedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(text_null(AuditLog::Actor))
                    .col(string_len(AuditLog::Action, 64))
                    .col(text(AuditLog::Target))
                    .col(text(AuditLog::Detail))
                    .col(string_len_null(AuditLog::Address, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            LoginAttempts::Table.into_iden(),
            Sessions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
