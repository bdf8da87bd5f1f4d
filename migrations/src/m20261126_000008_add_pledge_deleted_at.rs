//! Soft deletion of pledges: a deleted pledge leaves every list and page but keeps its
//! rows and history, so an admin can restore it.

use crate::m20261126_000002_create_pledges::Pledges;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Deleted {
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Pledges::Table)
                    .add_column(timestamp_with_time_zone_null(Deleted::DeletedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Pledges::Table)
                    .drop_column(Deleted::DeletedAt)
                    .to_owned(),
            )
            .await
    }
}
