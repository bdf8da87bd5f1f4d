//! A money figure says what it is: an amount (money said to be put in), or a fundraising
//! aim, shown and totalled apart. Figures stored before this are amounts.

use crate::checks::one_of;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum MoneyFigures {
    Table,
    Kind,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MoneyFigures::Table)
                    .add_column(
                        string_len(MoneyFigures::Kind, 16)
                            .default("amount")
                            .check(one_of(MoneyFigures::Kind, &["amount", "aim"])),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MoneyFigures::Table)
                    .drop_column(MoneyFigures::Kind)
                    .to_owned(),
            )
            .await
    }
}
