//! The one error type of the storage layer, with unique and foreign-key violations turned
//! into typed conflicts instead of driver messages.

use domain::DomainError;
use sea_orm::{DbErr, SqlErr};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("{what} already exists")]
    Conflict { what: String },
    #[error("{0}")]
    Invalid(#[from] DomainError),
    #[error("{what} refers to {missing}, which does not exist")]
    MissingReference { what: String, missing: String },
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
    #[error("database error: {0}")]
    Db(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => Self::Conflict { what: detail },
            Some(SqlErr::ForeignKeyConstraintViolation(detail)) => Self::MissingReference {
                what: "a row".into(),
                missing: detail,
            },
            _ => Self::Db(e),
        }
    }
}

impl StoreError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    pub(crate) fn corrupt(table: &str, e: impl std::fmt::Display) -> Self {
        Self::Corrupt(format!("{table}: {e}"))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
