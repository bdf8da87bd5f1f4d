//! An event's start may be known only to a month, a quarter or a year (a summit announced
//! for 2027): such a start is stored as the period's first day with its precision, so a
//! deadline "by that summit" falls due at the end of the period. NULL is a day.

use crate::checks::{PRECISIONS, null_or_one_of};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Events {
    Table,
    DatePrecision,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Events::Table)
                    .add_column(
                        string_len_null(Events::DatePrecision, 16)
                            .check(null_or_one_of(Events::DatePrecision, PRECISIONS)),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Events::Table)
                    .drop_column(Events::DatePrecision)
                    .to_owned(),
            )
            .await
    }
}
