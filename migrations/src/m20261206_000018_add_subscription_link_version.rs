//! A subscription's link version: manage and unsubscribe links are signed with it, so that
//! raising it ("revoke my links") stops every link mailed before. Links signed before this
//! migration carry version 0, which is what every subscription starts with, so they keep
//! working until their subscriber revokes them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    LinkVersion,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .add_column(integer(Subscriptions::LinkVersion).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .drop_column(Subscriptions::LinkVersion)
                    .to_owned(),
            )
            .await
    }
}
