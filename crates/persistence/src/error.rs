//! The one error type of the storage layer, with unique and foreign-key violations turned
//! into typed conflicts (the kind of record and its slug, or the key that clashed), and a database that cannot answer or cannot be written into
//! [`StoreError::Unavailable`] and [`StoreError::ReadOnly`], instead of driver messages.

use crate::fault::Fault;
use domain::DomainError;
use sea_orm::{DbErr, SqlErr};
use thiserror::Error;

/// The kind of record a conflict or a missing reference is about, so that a caller can
/// point at the field that names it without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pledge,
    Actor,
    Event,
    Source,
    /// A row the database named only by its constraint (the key is the driver's words).
    Row,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pledge => "pledge",
            Self::Actor => "actor",
            Self::Event => "event",
            Self::Source => "source",
            Self::Row => "row",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{what} not found")]
    NotFound { what: String },
    /// A unique key clashed: `key` is the slug of the `kind` that exists already, or for
    /// [`Kind::Row`] the database's description of the constraint.
    #[error("{kind} {key} already exists")]
    Conflict { kind: Kind, key: String },
    /// The record is no longer in the state the request assumed (a contribution decided
    /// already): `what` says what it is now.
    #[error("{what}")]
    Stale { what: String },
    #[error("{0}")]
    Invalid(#[from] DomainError),
    /// `what` (e.g. "pledge paris-fund") names a `kind` by a `slug` that no row has.
    #[error("{what} refers to {kind} {slug}, which does not exist")]
    MissingReference {
        what: String,
        kind: Kind,
        slug: String,
    },
    #[error("invalid seed data: {0}")]
    InvalidSeed(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// Nothing answered at the database's address in time; `at` names it without
    /// credentials.
    #[error("cannot reach the database at {at} within {seconds} s: {reason}")]
    Unreachable {
        at: String,
        seconds: u64,
        reason: String,
    },
    /// The SQLite file cannot be opened; `path` names it.
    #[error("cannot open the SQLite database {path}: {reason}")]
    CannotOpen { path: String, reason: String },
    /// The database did not answer in time, the connection broke, or it is busy with
    /// another writer: the request may succeed if repeated later.
    #[error("the database is unavailable: {reason}")]
    Unavailable { reason: String },
    /// The database answers reads and refuses writes (a read-only file, a standby).
    #[error("the database is read-only: {reason}")]
    ReadOnly { reason: String },
    #[error("database error: {0}")]
    Db(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => Self::Conflict {
                kind: Kind::Row,
                key: detail,
            },
            Some(SqlErr::ForeignKeyConstraintViolation(detail)) => Self::MissingReference {
                what: "a row".into(),
                kind: Kind::Row,
                slug: detail,
            },
            _ => match crate::fault::classify(&e) {
                Some(Fault::Unavailable | Fault::Busy) => Self::Unavailable {
                    reason: e.to_string(),
                },
                Some(Fault::ReadOnly) => Self::ReadOnly {
                    reason: e.to_string(),
                },
                None => Self::Db(e),
            },
        }
    }
}

impl StoreError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    pub(crate) fn missing(what: &str, kind: Kind, slug: impl std::fmt::Display) -> Self {
        Self::MissingReference {
            what: what.to_owned(),
            kind,
            slug: slug.to_string(),
        }
    }

    /// A clash on a unique key, known to be the `kind` with this slug: inserting a record
    /// whose slug is taken is the one unique key a form can run into.
    pub(crate) fn taken(kind: Kind, slug: impl std::fmt::Display) -> impl FnOnce(DbErr) -> Self {
        move |e| match Self::from(e) {
            Self::Conflict { .. } => Self::Conflict {
                kind,
                key: slug.to_string(),
            },
            other => other,
        }
    }

    /// True when the database, not the request, is at fault: such an error is answered as
    /// a server error (503 for [`Self::Unavailable`] and [`Self::ReadOnly`]), never shown
    /// beside a form field.
    pub fn is_server_side(&self) -> bool {
        matches!(
            self,
            Self::Db(_)
                | Self::Corrupt(_)
                | Self::Unavailable { .. }
                | Self::ReadOnly { .. }
                | Self::CannotOpen { .. }
                | Self::Unreachable { .. }
        )
    }

    pub(crate) fn corrupt(table: &str, e: impl std::fmt::Display) -> Self {
        Self::Corrupt(format!("{table}: {e}"))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
