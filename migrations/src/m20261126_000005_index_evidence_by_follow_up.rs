//! Evidence is read by follow-up (feeds, timelines, exports); without this index each read
//! scans the whole table.

use crate::m20261126_000003_create_follow_ups::Evidence;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_evidence_follow_up";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Evidence::Table)
                    .col(Evidence::FollowUpId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(Evidence::Table).to_owned())
            .await
    }
}
