//! A contributor's language: stored when the contribution is sent (the language the
//! contribution page was read in), and the language of the mails about it. Every
//! contribution made before this migration was made in English, the only language
//! there was, so existing rows read `en`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contributions {
    Table,
    Lang,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Contributions::Table)
                    .add_column(string_len(Contributions::Lang, 8).default("en"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Contributions::Table)
                    .drop_column(Contributions::Lang)
                    .to_owned(),
            )
            .await
    }
}
