//! Telling a database that cannot answer now (down, unreachable, out of connections, busy)
//! or cannot be written (a read-only file, a read-only transaction) from every other
//! driver error, once, for SQLite and PostgreSQL alike; and the probe behind the health
//! and readiness checks.

use sea_orm::sqlx;
use sea_orm::{DbErr, RuntimeErr};
use std::ops::Deref;

/// Why the database could not do what was asked, when the request itself was not at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// No connection in time, the connection broke, or the server is shutting down.
    Unavailable,
    /// The database answers but another writer holds it (SQLite's lock, a PostgreSQL lock
    /// or statement timeout).
    Busy,
    /// The database answers reads and refuses writes.
    ReadOnly,
}

/// SQLite's primary result codes (the low byte of the extended code sqlx reports).
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;
const SQLITE_READONLY: i64 = 8;
const SQLITE_IOERR: i64 = 10;
const SQLITE_CANTOPEN: i64 = 14;

/// The fault behind `e`, or None for an error of the request or the data.
pub fn classify(e: &DbErr) -> Option<Fault> {
    match e {
        DbErr::ConnectionAcquire(_) => Some(Fault::Unavailable),
        DbErr::Conn(RuntimeErr::SqlxError(inner)) => {
            // A connection error is the database's by nature; a read-only or busy one
            // keeps its more precise name.
            Some(of_sqlx(inner).unwrap_or(Fault::Unavailable))
        }
        DbErr::Conn(_) => Some(Fault::Unavailable),
        DbErr::Exec(RuntimeErr::SqlxError(inner)) | DbErr::Query(RuntimeErr::SqlxError(inner)) => {
            of_sqlx(inner)
        }
        _ => None,
    }
}

fn of_sqlx(e: &sqlx::Error) -> Option<Fault> {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => Some(Fault::Unavailable),
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                sqlite_code(code.deref())
            } else if db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                postgres_state(code.deref())
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `code` is SQLite's extended result code in decimal; its low byte is the primary code.
fn sqlite_code(code: &str) -> Option<Fault> {
    match code.parse::<i64>().ok()? & 0xff {
        SQLITE_READONLY => Some(Fault::ReadOnly),
        SQLITE_BUSY | SQLITE_LOCKED => Some(Fault::Busy),
        SQLITE_CANTOPEN | SQLITE_IOERR => Some(Fault::Unavailable),
        _ => None,
    }
}

/// `state` is a PostgreSQL SQLSTATE.
fn postgres_state(state: &str) -> Option<Fault> {
    match state {
        // read_only_sql_transaction: a standby, or default_transaction_read_only.
        "25006" => Some(Fault::ReadOnly),
        // query_canceled (statement_timeout), lock_not_available.
        "57014" | "55P03" => Some(Fault::Busy),
        // admin_shutdown, crash_shutdown, cannot_connect_now, database_dropped.
        "57P01" | "57P02" | "57P03" | "57P04" => Some(Fault::Unavailable),
        // Connection exceptions, and insufficient resources (too many connections,
        // disk full, out of memory).
        s if s.starts_with("08") || s.starts_with("53") => Some(Fault::Unavailable),
        _ => None,
    }
}

/// What a probe found the database able to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ability {
    Ok,
    ReadOnly,
    Busy,
    /// No answer within the probe's limit, or a connection error.
    Unavailable,
    /// Some other error; logged by the probe.
    Failing,
}

impl Ability {
    pub fn code(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::ReadOnly => "read-only",
            Self::Busy => "busy",
            Self::Unavailable => "unavailable",
            Self::Failing => "failing",
        }
    }

    pub(crate) fn of(e: &DbErr) -> Self {
        match classify(e) {
            Some(Fault::Unavailable) => Self::Unavailable,
            Some(Fault::Busy) => Self::Busy,
            Some(Fault::ReadOnly) => Self::ReadOnly,
            None => {
                tracing::warn!(error = %crate::chain::chain(e), "database probe failed");
                Self::Failing
            }
        }
    }
}

/// The database's state as the health checks report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Health {
    /// A trivial query.
    pub read: Ability,
    /// A write transaction that changes no row and is rolled back.
    pub write: Ability,
    /// How long the probe took, in milliseconds.
    pub ms: u64,
}

impl Health {
    /// One word for both: `ok`, `read-only`, `busy`, `unavailable` or `failing`.
    pub fn summary(&self) -> &'static str {
        match (self.read, self.write) {
            (Ability::Ok, Ability::Ok) => "ok",
            (Ability::Ok, w) => w.code(),
            (r, _) => r.code(),
        }
    }

    pub fn reads(&self) -> bool {
        self.read == Ability::Ok
    }

    pub fn writes(&self) -> bool {
        self.write == Ability::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn sqlx_err(e: sqlx::Error) -> DbErr {
        DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)))
    }

    #[test]
    fn connection_troubles_are_unavailable() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        for e in [
            DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout),
            DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed),
            sqlx_err(sqlx::Error::Io(refused)),
            sqlx_err(sqlx::Error::PoolTimedOut),
            sqlx_err(sqlx::Error::WorkerCrashed),
            DbErr::Conn(RuntimeErr::Internal("gone".into())),
        ] {
            assert_eq!(classify(&e), Some(Fault::Unavailable), "{e}");
        }
    }

    #[test]
    fn errors_of_the_request_or_data_are_not_faults() {
        for e in [
            sqlx_err(sqlx::Error::RowNotFound),
            DbErr::RecordNotFound("x".into()),
            DbErr::Custom("x".into()),
            DbErr::Query(RuntimeErr::Internal("syntax".into())),
        ] {
            assert_eq!(classify(&e), None, "{e}");
        }
    }

    #[test]
    fn codes_are_read_by_backend() {
        // SQLITE_READONLY and its extended codes (e.g. SQLITE_READONLY_DBMOVED, 1032).
        assert_eq!(sqlite_code("8"), Some(Fault::ReadOnly));
        assert_eq!(sqlite_code("1032"), Some(Fault::ReadOnly));
        assert_eq!(sqlite_code("5"), Some(Fault::Busy));
        assert_eq!(sqlite_code("517"), Some(Fault::Busy)); // SQLITE_BUSY_SNAPSHOT
        assert_eq!(sqlite_code("14"), Some(Fault::Unavailable));
        assert_eq!(sqlite_code("2067"), None); // a unique constraint
        assert_eq!(postgres_state("25006"), Some(Fault::ReadOnly));
        assert_eq!(postgres_state("57P01"), Some(Fault::Unavailable));
        assert_eq!(postgres_state("08006"), Some(Fault::Unavailable));
        assert_eq!(postgres_state("53300"), Some(Fault::Unavailable));
        assert_eq!(postgres_state("57014"), Some(Fault::Busy));
        assert_eq!(postgres_state("23505"), None);
    }

    #[test]
    fn health_says_the_worse_of_read_and_write() {
        let h = |read, write| Health { read, write, ms: 0 }.summary();
        assert_eq!(h(Ability::Ok, Ability::Ok), "ok");
        assert_eq!(h(Ability::Ok, Ability::ReadOnly), "read-only");
        assert_eq!(h(Ability::Ok, Ability::Busy), "busy");
        assert_eq!(h(Ability::Unavailable, Ability::Unavailable), "unavailable");
    }

    /// A real SQLite file opened read-only refuses a write with SQLITE_READONLY, and a
    /// second connection's write lock makes a short busy timeout answer SQLITE_BUSY.
    #[tokio::test]
    async fn a_real_sqlite_file_says_read_only_and_busy() {
        use sea_orm::sqlx::sqlite::SqliteConnectOptions;
        use sea_orm::sqlx::{ConnectOptions as _, Executor as _};
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.db");
        let writable = SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true);
        let mut holder = writable.connect().await.unwrap();
        holder.execute("CREATE TABLE t (x INTEGER)").await.unwrap();

        let mut reader = writable.clone().read_only(true).connect().await.unwrap();
        let refused = reader
            .execute("INSERT INTO t VALUES (1)")
            .await
            .unwrap_err();
        assert_eq!(classify(&sqlx_err(refused)), Some(Fault::ReadOnly));

        holder.execute("BEGIN IMMEDIATE").await.unwrap();
        let mut other = writable
            .busy_timeout(std::time::Duration::from_millis(50))
            .connect()
            .await
            .unwrap();
        let busy = other.execute("BEGIN IMMEDIATE").await.unwrap_err();
        assert_eq!(classify(&sqlx_err(busy)), Some(Fault::Busy));
        holder.execute("ROLLBACK").await.unwrap();
    }
}
