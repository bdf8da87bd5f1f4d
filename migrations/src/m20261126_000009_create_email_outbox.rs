//! The transactional outbox for email: one row per message, written in the same
//! transaction as what caused it, unique by idempotency key, claimed by workers with a
//! lease, retried with backoff, and marked sent or dead.

use crate::checks::one_of;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum EmailOutbox {
    Table,
    Id,
    IdempotencyKey,
    Kind,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    Status,
    Attempts,
    MaxAttempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

pub const STATUSES: &[&str] = &["pending", "sending", "sent", "dead"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmailOutbox::Table)
                    .col(pk_auto(EmailOutbox::Id))
                    .col(string_len_uniq(EmailOutbox::IdempotencyKey, 200))
                    .col(string_len(EmailOutbox::Kind, 32))
                    .col(string_len(EmailOutbox::Recipient, 254))
                    .col(text(EmailOutbox::Subject))
                    .col(text(EmailOutbox::BodyText))
                    .col(text(EmailOutbox::BodyHtml))
                    .col(
                        string_len(EmailOutbox::Status, 16)
                            .check(one_of(EmailOutbox::Status, STATUSES)),
                    )
                    .col(integer(EmailOutbox::Attempts).default(0))
                    .col(integer(EmailOutbox::MaxAttempts))
                    .col(timestamp_with_time_zone(EmailOutbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(EmailOutbox::LockedUntil))
                    .col(text_null(EmailOutbox::LastError))
                    .col(timestamp_with_time_zone(EmailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_outbox_due")
                    .table(EmailOutbox::Table)
                    .col(EmailOutbox::Status)
                    .col(EmailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmailOutbox::Table).to_owned())
            .await
    }
}
