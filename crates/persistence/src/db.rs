//! Connecting to SQLite or PostgreSQL, with SQLite set up for a web server (WAL journal,
//! enforced foreign keys, a busy timeout, one writer beside a pool of readers, write
//! transactions that take the lock at BEGIN), every call waiting a bounded time for a
//! connection (the caller's setting), and a start that names the file or address it could
//! not open. The health probe and the pending-migration check live in `probe.rs`.

use crate::error::{StoreError, StoreResult};
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle on the database. On SQLite, writes go through a single connection (SQLite has
/// one writer anyway, and this keeps write transactions from failing with SQLITE_BUSY on
/// upgrade) while reads share a small pool; on PostgreSQL both are one pool.
#[derive(Clone)]
pub struct Db {
    pub(crate) write: DatabaseConnection,
    pub(crate) read: DatabaseConnection,
    backend: Backend,
    /// "the SQLite file PATH" or "the PostgreSQL database at HOST:PORT/DB", never a password.
    target: Arc<str>,
    /// The SQLite URL, for the write probe's own connection (an SQLite URL holds no secret).
    pub(crate) sqlite_url: Option<Arc<str>>,
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// `host:port/database` of a database URL, never its user or password.
fn address(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => format!(
            "{}:{}{}",
            u.host_str().unwrap_or("localhost"),
            u.port().unwrap_or(5432),
            u.path()
        ),
        Err(_) => "the configured address".into(),
    }
}

/// The file of an SQLite URL (`sqlite://PATH?mode=rwc`, `sqlite:PATH`), as sqlx reads it
/// (percent-decoded), so that a message names the file that is really opened. A URL sqlx
/// refuses is named as given: connecting to it fails with sqlx's reason.
fn sqlite_path(url: &str) -> String {
    SqliteConnectOptions::from_str(url).map_or_else(
        |_| url.to_owned(),
        |o| o.get_filename().display().to_string(),
    )
}

/// Rows SQLite's worker thread may hand over before the reader takes them. sqlx's default
/// of 50 made a 1,000-row claim stop and wake the reader twenty times over; with room for
/// a whole batch the thread runs a statement through and sleeps once.
const ROW_BUFFER: usize = 1024;

fn sqlite_options(url: &str, max_connections: u32, timeout: Duration) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(BUSY_TIMEOUT)
                .row_buffer_size(ROW_BUFFER)
        });
    opts
}

impl Db {
    /// Connects to `sqlite://path` or `postgres://…`. `timeout` bounds every wait for a
    /// connection, at start and on every later call, so that a database that is down is
    /// reported within it rather than after sqlx's default of 30 s.
    pub async fn connect(url: &str, timeout: Duration) -> StoreResult<Self> {
        if url.starts_with("sqlite:") {
            let path = sqlite_path(url);
            let cannot_open = |e: DbErr| StoreError::CannotOpen {
                path: path.clone(),
                reason: match &e {
                    DbErr::Conn(inner) => inner.to_string(),
                    other => other.to_string(),
                },
            };
            let write = Database::connect(sqlite_options(url, 1, timeout))
                .await
                .map_err(cannot_open)?;
            // The writer has created the file and switched it to WAL before readers open it.
            let read = Database::connect(sqlite_options(url, 4, timeout))
                .await
                .map_err(cannot_open)?;
            Ok(Self {
                write,
                read,
                backend: Backend::Sqlite,
                target: format!("the SQLite file {path}").into(),
                sqlite_url: Some(url.into()),
            })
        } else {
            let mut opts = ConnectOptions::new(url.to_owned());
            opts.max_connections(16)
                .acquire_timeout(timeout)
                .connect_timeout(timeout)
                .sqlx_logging(false);
            let pool = Database::connect(opts).await.map_err(|e| {
                let reason = match &e {
                    DbErr::Conn(inner) => inner.to_string(),
                    other => other.to_string(),
                };
                StoreError::Unreachable {
                    at: address(url),
                    seconds: timeout.as_secs(),
                    reason,
                }
            })?;
            Ok(Self {
                write: pool.clone(),
                read: pool,
                backend: Backend::Postgres,
                target: format!("the PostgreSQL database at {}", address(url)).into(),
                sqlite_url: None,
            })
        }
    }

    /// What this handle is connected to, for messages: "the SQLite file PATH" or "the
    /// PostgreSQL database at HOST:PORT/DB" (never a user or password).
    pub fn target(&self) -> &str {
        &self.target
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write transaction. On SQLite it takes the write lock at `BEGIN IMMEDIATE`, so that
    /// a writer in another process (the CLI, a second server) makes it wait up to the busy
    /// timeout. A deferred transaction that reads first and writes after another process
    /// has committed fails at once with SQLITE_BUSY_SNAPSHOT, which no timeout helps.
    pub(crate) async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        match self.backend {
            Backend::Sqlite => {
                self.write
                    .begin_with_options(TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..TransactionOptions::default()
                    })
                    .await
            }
            Backend::Postgres => self.write.begin().await,
        }
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> StoreResult<()> {
        Migrator::up(&self.write, None).await?;
        Ok(())
    }

    /// Rolls every migration back (an empty schema); for tests and maintenance.
    pub async fn migrate_down_all(&self) -> StoreResult<()> {
        Migrator::down(&self.write, None).await?;
        Ok(())
    }

    /// Rolls the newest `steps` migrations back; for tests of a migration's data step.
    pub async fn migrate_down(&self, steps: u32) -> StoreResult<()> {
        Migrator::down(&self.write, Some(steps)).await?;
        Ok(())
    }

    /// Rolls back every applied migration newer than `keep` (a migration's name), so a
    /// test of one migration's data step does not count the migrations added after it.
    pub async fn migrate_down_to(&self, keep: &str) -> StoreResult<()> {
        let newer = self
            .write
            .query_all_raw(sea_orm::Statement::from_sql_and_values(
                self.write.get_database_backend(),
                match self.write.get_database_backend() {
                    sea_orm::DbBackend::Postgres => {
                        "SELECT version FROM seaql_migrations WHERE version > $1"
                    }
                    _ => "SELECT version FROM seaql_migrations WHERE version > ?",
                },
                [keep.into()],
            ))
            .await?
            .len();
        if newer > 0 {
            self.migrate_down(u32::try_from(newer).unwrap_or(u32::MAX))
                .await?;
        }
        Ok(())
    }

    /// Runs maintenance SQL as is (creating a test database, a fault-injection trigger).
    pub async fn execute_unprepared(&self, sql: &str) -> StoreResult<()> {
        self.write.execute_unprepared(sql).await?;
        Ok(())
    }

    pub async fn close(self) -> StoreResult<()> {
        self.read.close().await?;
        if self.backend == Backend::Sqlite {
            self.write.close().await?;
        }
        Ok(())
    }

    pub(crate) fn db_backend(&self) -> DatabaseBackend {
        self.write.get_database_backend()
    }
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;

    #[test]
    fn the_file_of_every_sqlite_url_form() {
        for (url, file) in [
            ("sqlite://pledgewatch.db?mode=rwc", "pledgewatch.db"),
            ("sqlite://data/tracker.db", "data/tracker.db"),
            ("sqlite:pledgewatch.db", "pledgewatch.db"),
            ("sqlite:pledgewatch.db?mode=rw", "pledgewatch.db"),
            ("sqlite:///srv/pw/tracker.db?mode=rwc", "/srv/pw/tracker.db"),
            ("sqlite:/srv/pw/tracker.db", "/srv/pw/tracker.db"),
            // The file sqlx opens: percent-decoded.
            ("sqlite:///srv/my%20data/t.db?mode=rwc", "/srv/my data/t.db"),
        ] {
            assert_eq!(sqlite_path(url), file, "{url}");
        }
    }

    #[test]
    fn an_in_memory_database_is_no_file_on_disk() {
        // sqlx gives each in-memory database its own shared-cache name; no path on disk.
        for url in ["sqlite::memory:", "sqlite://:memory:"] {
            let name = sqlite_path(url);
            assert!(name.starts_with("file:sqlx-in-memory-"), "{url}: {name}");
        }
    }

    #[test]
    fn a_url_sqlx_refuses_is_named_as_given() {
        assert_eq!(
            sqlite_path("sqlite://x.db?mode=bogus"),
            "sqlite://x.db?mode=bogus"
        );
    }
}
