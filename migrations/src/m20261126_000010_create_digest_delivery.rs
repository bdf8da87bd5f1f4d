//! What digest delivery needs beyond the outbox: per-subscription watermarks and
//! double-opt-in tokens, digest runs that can be paused and resumed, the stored raw
//! message of each outbox row, and the server's signing key for links in mail.

use crate::checks::one_of;
use crate::m20261126_000004_create_users_and_subscriptions::Subscriptions;
use crate::m20261126_000009_create_email_outbox::EmailOutbox;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Delivery {
    /// The id of the last follow-up a digest covered: the next starts after it.
    Watermark,
    LastRunId,
    LastDigestAt,
    ConfirmedAt,
    /// SHA-256 of the pending confirmation token; cleared once used.
    ConfirmTokenHash,
    ConfirmExpiresAt,
    ConfirmSentAt,
    RunId,
    SubscriptionId,
}

#[derive(DeriveIden, Clone, Copy)]
enum DigestRuns {
    Table,
    Id,
    Frequency,
    /// The newest follow-up id when the run began: every digest covers up to it.
    Upto,
    Status,
    /// The frequency while composing, else NULL: a unique index then allows one
    /// composing run per frequency on both backends.
    ActiveKey,
    Paused,
    PauseReason,
    Failures,
    PauseAfter,
    Subscribers,
    Digests,
    StartedAt,
    ComposedAt,
}

/// The whole RFC 5322 message of each outbox row (LZ4-compressed), built once so every
/// retry sends the same bytes. Apart from the row, because SQLite rewrites a whole row on
/// every update and the outbox rows change state several times.
#[derive(DeriveIden, Clone, Copy)]
enum EmailMessages {
    Table,
    IdempotencyKey,
    Raw,
}

#[derive(DeriveIden, Clone, Copy)]
enum AppSecrets {
    Table,
    Name,
    Value,
    CreatedAt,
}

pub const RUN_STATUSES: &[&str] = &["composing", "sending"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        let subscription_columns = [
            big_integer(Delivery::Watermark).default(0).to_owned(),
            integer_null(Delivery::LastRunId),
            timestamp_with_time_zone_null(Delivery::LastDigestAt),
            timestamp_with_time_zone_null(Delivery::ConfirmedAt),
            string_len_null(Delivery::ConfirmTokenHash, 64),
            timestamp_with_time_zone_null(Delivery::ConfirmExpiresAt),
            timestamp_with_time_zone_null(Delivery::ConfirmSentAt),
        ];
        for mut col in subscription_columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Subscriptions::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        let outbox_columns = [
            integer_null(Delivery::RunId),
            integer_null(Delivery::SubscriptionId),
        ];
        for mut col in outbox_columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(EmailOutbox::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_email_outbox_recipient")
                    .table(EmailOutbox::Table)
                    .col(EmailOutbox::Recipient)
                    .col(EmailOutbox::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_outbox_run")
                    .table(EmailOutbox::Table)
                    .col(Delivery::RunId)
                    .col(EmailOutbox::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailMessages::Table)
                    .col(string_len(EmailMessages::IdempotencyKey, 200).primary_key())
                    .col(blob(EmailMessages::Raw))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmailMessages::Table, EmailMessages::IdempotencyKey)
                            .to(EmailOutbox::Table, EmailOutbox::IdempotencyKey)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Claims walk these in due order and stop at the batch size; run_id rides along
        // so skipping a paused run's rows never reads the (large) rows themselves.
        manager
            .drop_index(
                Index::drop()
                    .name("idx_email_outbox_due")
                    .table(EmailOutbox::Table)
                    .to_owned(),
            )
            .await?;
        for (name, time) in [
            ("idx_email_outbox_claim", EmailOutbox::NextAttemptAt),
            ("idx_email_outbox_lease", EmailOutbox::LockedUntil),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(EmailOutbox::Table)
                        .col(EmailOutbox::Status)
                        .col(time)
                        .col(Delivery::RunId)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_subscriptions_due")
                    .table(Subscriptions::Table)
                    .col(Subscriptions::State)
                    .col(Subscriptions::Frequency)
                    .col(Subscriptions::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_subscriptions_confirm_token")
                    .table(Subscriptions::Table)
                    .col(Delivery::ConfirmTokenHash)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DigestRuns::Table)
                    .col(pk_auto(DigestRuns::Id))
                    .col(
                        string_len(DigestRuns::Frequency, 16)
                            .check(one_of(DigestRuns::Frequency, crate::checks::FREQUENCIES)),
                    )
                    .col(big_integer(DigestRuns::Upto))
                    .col(
                        string_len(DigestRuns::Status, 16)
                            .check(one_of(DigestRuns::Status, RUN_STATUSES)),
                    )
                    .col(string_len_null(DigestRuns::ActiveKey, 16).unique_key())
                    .col(boolean(DigestRuns::Paused).default(false))
                    .col(text_null(DigestRuns::PauseReason))
                    .col(integer(DigestRuns::Failures).default(0))
                    .col(integer(DigestRuns::PauseAfter))
                    .col(integer(DigestRuns::Subscribers).default(0))
                    .col(integer(DigestRuns::Digests).default(0))
                    .col(timestamp_with_time_zone(DigestRuns::StartedAt))
                    .col(timestamp_with_time_zone_null(DigestRuns::ComposedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AppSecrets::Table)
                    .col(string_len(AppSecrets::Name, 64).primary_key())
                    .col(text(AppSecrets::Value))
                    .col(timestamp_with_time_zone(AppSecrets::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmailMessages::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AppSecrets::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DigestRuns::Table).to_owned())
            .await?;
        for (name, table) in [
            (
                "idx_subscriptions_confirm_token",
                Subscriptions::Table.into_iden(),
            ),
            ("idx_subscriptions_due", Subscriptions::Table.into_iden()),
            ("idx_email_outbox_run", EmailOutbox::Table.into_iden()),
            ("idx_email_outbox_claim", EmailOutbox::Table.into_iden()),
            ("idx_email_outbox_lease", EmailOutbox::Table.into_iden()),
            ("idx_email_outbox_recipient", EmailOutbox::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_email_outbox_due")
                    .table(EmailOutbox::Table)
                    .col(EmailOutbox::Status)
                    .col(EmailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        for col in [Delivery::SubscriptionId, Delivery::RunId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(EmailOutbox::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        for col in [
            Delivery::ConfirmSentAt,
            Delivery::ConfirmExpiresAt,
            Delivery::ConfirmTokenHash,
            Delivery::ConfirmedAt,
            Delivery::LastDigestAt,
            Delivery::LastRunId,
            Delivery::Watermark,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Subscriptions::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
