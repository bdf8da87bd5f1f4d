//! Facts about the database for health checks, the CLI and tests: row counts per table,
//! the SQLite library version, the pragmas in force and the file's integrity.

use crate::db::{Backend, Db};
use crate::error::{StoreError, StoreResult};
use sea_orm::{ConnectionTrait, Statement};
use std::collections::BTreeMap;

/// Every table the application owns, in dependency order.
pub const TABLES: &[&str] = &[
    "sources",
    "events",
    "event_sources",
    "actors",
    "actor_members",
    "exchange_rates",
    "pledges",
    "pledge_themes",
    "pledge_actors",
    "pledge_sources",
    "conditions",
    "money_figures",
    "follow_ups",
    "follow_up_changes",
    "follow_up_money",
    "evidence",
    "change_log",
    "read_model_snapshots",
    "users",
    "subscriptions",
    "digest_runs",
    "email_outbox",
    "email_messages",
    "app_secrets",
    "sessions",
    "login_attempts",
    "audit_log",
    "pledge_edits",
    "link_checks",
    "contributions",
];

async fn scalar_i64(db: &Db, sql: &str) -> StoreResult<i64> {
    let row = db
        .read
        .query_one_raw(Statement::from_string(db.db_backend(), sql.to_owned()))
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("no row from {sql}")))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

async fn scalar_text(db: &Db, sql: &str) -> StoreResult<String> {
    let row = db
        .write
        .query_one_raw(Statement::from_string(db.db_backend(), sql.to_owned()))
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("no row from {sql}")))?;
    Ok(row.try_get_by_index::<String>(0)?)
}

/// Rows in each application table.
pub async fn row_counts(db: &Db) -> StoreResult<BTreeMap<&'static str, i64>> {
    let mut counts = BTreeMap::new();
    for table in TABLES {
        // Table names come from the constant above, never from input.
        let n = scalar_i64(db, &format!("SELECT COUNT(*) FROM {table}")).await?;
        counts.insert(*table, n);
    }
    Ok(counts)
}

/// The SQLite library linked in, such as "3.51.3"; None on PostgreSQL.
pub async fn sqlite_version(db: &Db) -> StoreResult<Option<String>> {
    match db.backend() {
        Backend::Sqlite => Ok(Some(scalar_text(db, "SELECT sqlite_version()").await?)),
        Backend::Postgres => Ok(None),
    }
}

/// `PRAGMA integrity_check`'s first line ("ok" when the file is sound; SQLite only), as
/// after a backup.
pub async fn sqlite_integrity(db: &Db) -> StoreResult<Option<String>> {
    match db.backend() {
        Backend::Sqlite => Ok(Some(scalar_text(db, "PRAGMA integrity_check").await?)),
        Backend::Postgres => Ok(None),
    }
}

/// The writer's journal mode and whether it enforces foreign keys (SQLite only).
pub async fn sqlite_pragmas(db: &Db) -> StoreResult<Option<(String, bool, i64)>> {
    if db.backend() != Backend::Sqlite {
        return Ok(None);
    }
    let journal = scalar_text(db, "PRAGMA journal_mode").await?;
    let fk = db
        .write
        .query_one_raw(Statement::from_string(
            db.db_backend(),
            "PRAGMA foreign_keys".to_owned(),
        ))
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);
    let busy = db
        .write
        .query_one_raw(Statement::from_string(
            db.db_backend(),
            "PRAGMA busy_timeout".to_owned(),
        ))
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);
    Ok(Some((journal, fk == 1, busy)))
}
