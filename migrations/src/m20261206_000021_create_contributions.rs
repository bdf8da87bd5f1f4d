//! Readers' contributions (evidence, corrections, missing pledges, actors' replies) and
//! their moderation: who decided, when, why, and the follow-up an accepted one became.
//! A contributor's email is kept only to tell them the outcome, once they confirmed it.

use crate::checks::{DELIVERY, fk, null_or_one_of, one_of};
use crate::m20261126_000003_create_follow_ups::FollowUps;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Frozen copies of the domain's contribution vocabularies at this migration.
const KINDS: &[&str] = &["evidence", "correction", "new_pledge", "reply"];
const STATES: &[&str] = &["pending", "accepted", "rejected"];

#[derive(DeriveIden, Clone, Copy)]
pub enum Contributions {
    Table,
    Id,
    Kind,
    State,
    PledgeSlug,
    /// Web addresses, one a line.
    Links,
    Note,
    Claim,
    Delivery,
    Title,
    Credit,
    Email,
    EmailConfirmedAt,
    ConfirmTokenHash,
    ConfirmExpiresAt,
    ReplyActor,
    AnswersFollowUp,
    /// The follow-up an accepted contribution became.
    FollowUpId,
    Reason,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let c = Contributions::Table;
        manager
            .create_table(
                Table::create()
                    .table(c)
                    .col(pk_auto(Contributions::Id))
                    .col(
                        string_len(Contributions::Kind, 16)
                            .check(one_of(Contributions::Kind, KINDS)),
                    )
                    .col(
                        string_len(Contributions::State, 16)
                            .check(one_of(Contributions::State, STATES)),
                    )
                    .col(string_len_null(Contributions::PledgeSlug, 80))
                    .col(text(Contributions::Links))
                    .col(text(Contributions::Note))
                    .col(string_len_null(Contributions::Claim, 300))
                    .col(
                        string_len_null(Contributions::Delivery, 40)
                            .check(null_or_one_of(Contributions::Delivery, DELIVERY)),
                    )
                    .col(string_len_null(Contributions::Title, 300))
                    .col(string_len_null(Contributions::Credit, 80))
                    .col(string_len_null(Contributions::Email, 254))
                    .col(timestamp_with_time_zone_null(
                        Contributions::EmailConfirmedAt,
                    ))
                    .col(string_len_null(Contributions::ConfirmTokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone_null(
                        Contributions::ConfirmExpiresAt,
                    ))
                    .col(string_len_null(Contributions::ReplyActor, 80))
                    .col(integer_null(Contributions::AnswersFollowUp))
                    .col(integer_null(Contributions::FollowUpId))
                    .col(text_null(Contributions::Reason))
                    .col(string_len_null(Contributions::DecidedBy, 300))
                    .col(timestamp_with_time_zone_null(Contributions::DecidedAt))
                    .col(timestamp_with_time_zone(Contributions::CreatedAt))
                    .foreign_key(&mut fk(
                        (c, Contributions::FollowUpId),
                        (FollowUps::Table, FollowUps::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        (c, Contributions::AnswersFollowUp),
                        (FollowUps::Table, FollowUps::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // The moderation queue reads by state, newest first; the overall limit counts
        // the last hour's rows; pledge pages read the replies of one pledge.
        for (name, cols) in [
            (
                "idx_contributions_state",
                [Contributions::State, Contributions::CreatedAt],
            ),
            (
                "idx_contributions_created",
                [Contributions::CreatedAt, Contributions::Id],
            ),
            (
                "idx_contributions_pledge",
                [Contributions::PledgeSlug, Contributions::State],
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(c)
                        .col(cols[0])
                        .col(cols[1])
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Contributions::Table).to_owned())
            .await
    }
}
