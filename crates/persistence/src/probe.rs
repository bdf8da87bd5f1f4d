//! Asking the database, within a bound, whether it reads and whether it writes, without
//! writing anything; and which migrations a database lacks, without applying them.

use crate::db::{Backend, Db};
use crate::error::StoreResult;
use crate::fault::{Ability, Health};
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::sqlx::{self, ConnectOptions as _, Connection as _};
use sea_orm::{ConnectionTrait, DbErr, RuntimeErr, Statement, TransactionTrait};
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A statement that takes the write path and changes nothing: `change_log_head` has the
/// one row with id 1. A read-only SQLite file refuses it (SQLITE_READONLY), as does a
/// PostgreSQL read-only transaction (25006).
const WRITE_PROBE: &str = "UPDATE change_log_head SET seq = seq WHERE id = 0";

fn sqlx_err(e: sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)))
}

impl Db {
    /// Whether the database reads and writes, each asked within `limit`; a probe that
    /// gets no answer in time says `unavailable`. Nothing is written: the write probe's
    /// transaction is rolled back.
    pub async fn health(&self, limit: Duration) -> Health {
        let started = Instant::now();
        let (read, write) = tokio::join!(
            bounded(limit, async { self.read.ping().await }),
            bounded(limit, self.probe_write(limit)),
        );
        Health {
            read,
            write,
            ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        }
    }

    async fn probe_write(&self, limit: Duration) -> Result<(), DbErr> {
        match (self.backend(), &self.sqlite_url) {
            (Backend::Sqlite, Some(url)) => {
                // A connection of its own, so that a probe cut short by its bound never
                // leaves the shared writer inside a transaction; its short busy timeout
                // turns another writer's lock into SQLITE_BUSY ("busy"), not a wait.
                let mut conn = SqliteConnectOptions::from_str(url)
                    .map_err(sqlx_err)?
                    .create_if_missing(false)
                    .busy_timeout(limit / 2)
                    .connect()
                    .await
                    .map_err(sqlx_err)?;
                let result = async {
                    sqlx::query("BEGIN IMMEDIATE")
                        .execute(&mut conn)
                        .await
                        .map_err(sqlx_err)?;
                    let ran = sqlx::query(WRITE_PROBE).execute(&mut conn).await;
                    sqlx::query("ROLLBACK")
                        .execute(&mut conn)
                        .await
                        .map_err(sqlx_err)?;
                    ran.map(drop).map_err(sqlx_err)
                }
                .await;
                conn.close().await.ok();
                result
            }
            _ => {
                let txn = self.write.begin().await?;
                // The server gives up on a lock or a slow statement before the bound does,
                // so a busy database says so ("busy") rather than nothing.
                let ms = (limit / 2).as_millis().max(1);
                txn.execute_unprepared(&format!(
                    "SET LOCAL statement_timeout = {ms}; SET LOCAL lock_timeout = {ms}"
                ))
                .await?;
                let ran = txn.execute_unprepared(WRITE_PROBE).await;
                txn.rollback().await?;
                ran.map(drop)
            }
        }
    }

    /// The names of the migrations this database lacks, read without creating or changing
    /// anything (sea-orm's own check creates its table first, which a read-only database
    /// refuses).
    pub async fn pending_migrations(&self) -> StoreResult<Vec<String>> {
        let rows = self
            .read
            .query_all_raw(Statement::from_string(
                self.read.get_database_backend(),
                "SELECT version FROM seaql_migrations",
            ))
            .await;
        let applied: Vec<String> = match rows {
            Ok(rows) => rows
                .iter()
                .map(|r| r.try_get_by_index::<String>(0))
                .collect::<Result<_, _>>()?,
            // No migration table yet: every migration is pending.
            Err(e) if crate::fault::classify(&e).is_none() => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        Ok(Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .filter(|name| !applied.contains(name))
            .collect())
    }
}

async fn bounded(
    limit: Duration,
    probe: impl std::future::Future<Output = Result<(), DbErr>>,
) -> Ability {
    match tokio::time::timeout(limit, probe).await {
        Ok(Ok(())) => Ability::Ok,
        Ok(Err(e)) => Ability::of(&e),
        Err(_no_answer) => Ability::Unavailable,
    }
}
