//! The one error type of the domain: which field was wrong and why.

use thiserror::Error;

/// A value the domain refused, naming the field so a form or an import can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{field} is too long: {len} characters, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{field} is not valid: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("{field} must be between {min} and {max}, got {value}")]
    OutOfRange {
        field: &'static str,
        min: i64,
        max: i64,
        value: i64,
    },
    #[error("{field}: unknown value {value:?}; expected one of {expected}")]
    UnknownVariant {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("{field}: unknown ISO 4217 currency {code:?}")]
    UnknownCurrency { field: &'static str, code: String },
    #[error("{field}: the minimum {min} is above the maximum {max}")]
    MinAboveMax {
        field: &'static str,
        min: String,
        max: String,
    },
    #[error("{field} must not be negative")]
    Negative { field: &'static str },
    #[error("deadline {deadline} is before the announcement on {announced}")]
    DeadlineBeforeAnnouncement {
        deadline: chrono::NaiveDate,
        announced: chrono::NaiveDate,
    },
    #[error("parent: making {child} a child of {parent} would create a cycle")]
    ParentCycle { child: String, parent: String },
    #[error("{field}: no exchange rate for {currency} on or before {date}")]
    NoRate {
        field: &'static str,
        currency: String,
        date: chrono::NaiveDate,
    },
    #[error("{field}: the change does not apply: {reason}")]
    InvalidChange { field: &'static str, reason: String },
}

impl DomainError {
    /// The input field this error is about, for forms and import reports.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Empty { field }
            | Self::TooLong { field, .. }
            | Self::Invalid { field, .. }
            | Self::OutOfRange { field, .. }
            | Self::UnknownVariant { field, .. }
            | Self::UnknownCurrency { field, .. }
            | Self::MinAboveMax { field, .. }
            | Self::Negative { field }
            | Self::NoRate { field, .. }
            | Self::InvalidChange { field, .. } => field,
            Self::DeadlineBeforeAnnouncement { .. } => "deadline",
            Self::ParentCycle { .. } => "parent",
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;
