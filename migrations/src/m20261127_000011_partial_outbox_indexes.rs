//! Outbox indexes that hold only the rows a worker looks for: pending rows by when they are
//! due, leased rows by when their lease ends. Sent and dead rows, nearly all of a big
//! outbox, leave both, so a claim and a delivery each touch one small index entry instead
//! of rewriting entries in two indexes over the whole table.

use crate::m20261126_000009_create_email_outbox::EmailOutbox;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Delivery {
    RunId,
}

/// (old name, new name, time column, the status its rows have)
const INDEXES: [(&str, &str, EmailOutbox, &str); 2] = [
    (
        "idx_email_outbox_claim",
        "idx_email_outbox_pending",
        EmailOutbox::NextAttemptAt,
        "pending",
    ),
    (
        "idx_email_outbox_lease",
        "idx_email_outbox_leased",
        EmailOutbox::LockedUntil,
        "sending",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (old, new, time, status) in INDEXES {
            drop_index(manager, old).await?;
            manager
                .create_index(
                    Index::create()
                        .name(new)
                        .table(EmailOutbox::Table)
                        .col(time)
                        .col(Delivery::RunId)
                        .and_where(Expr::col(EmailOutbox::Status).eq(status))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (old, new, time, _) in INDEXES {
            drop_index(manager, new).await?;
            manager
                .create_index(
                    Index::create()
                        .name(old)
                        .table(EmailOutbox::Table)
                        .col(EmailOutbox::Status)
                        .col(time)
                        .col(Delivery::RunId)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

async fn drop_index(manager: &SchemaManager<'_>, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(
            Index::drop()
                .name(name)
                .table(EmailOutbox::Table)
                .to_owned(),
        )
        .await
}
