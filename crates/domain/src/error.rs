//! The one error type of the domain: which field was wrong and why, with the why kept
//! structured ([`Reason`]) so a page can say it in its reader's language.

use chrono::NaiveDate;
use thiserror::Error;

/// Names a message id of the `errors` catalogue (`locales/*/errors.ftl`) that a
/// [`Reason`] carries; written so the catalogue's key-parity test finds the id.
pub const fn key(id: &'static str) -> &'static str {
    id
}

/// A value placed in a [`Reason`]'s message: text as given, a date (written the reader's
/// way), or a number (which also chooses a plural form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonArg {
    Text(String),
    Date(NaiveDate),
    Number(i64),
}

impl From<&str> for ReasonArg {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}
impl From<String> for ReasonArg {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}
impl From<NaiveDate> for ReasonArg {
    fn from(d: NaiveDate) -> Self {
        Self::Date(d)
    }
}
impl From<i64> for ReasonArg {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}
impl From<usize> for ReasonArg {
    fn from(n: usize) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Why a value is not valid: a message id with its arguments, for pages in any language,
/// and the English sentence, for programs (the API, the import report, logs).
///
/// Why both: the domain cannot read the catalogues (the i18n crate builds on it), and
/// programs must keep reading the English they read today. The English catalogue writes
/// the same sentence; the web crate's tests hold the two together.
#[derive(Debug, Clone, Eq)]
pub struct Reason {
    id: Option<&'static str>,
    args: Vec<(&'static str, ReasonArg)>,
    english: String,
}

impl Reason {
    /// A reason the catalogue can say: `id` (written `key("reason-…")`) and its English.
    pub fn new(id: &'static str, english: impl Into<String>) -> Self {
        Self {
            id: Some(id),
            args: Vec::new(),
            english: english.into(),
        }
    }

    /// Adds an argument of the message.
    pub fn arg(mut self, name: &'static str, value: impl Into<ReasonArg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The catalogue's id; none for a reason only written in English.
    pub fn id(&self) -> Option<&'static str> {
        self.id
    }

    pub fn args(&self) -> &[(&'static str, ReasonArg)] {
        &self.args
    }

    pub fn english(&self) -> &str {
        &self.english
    }
}

/// Two reasons are the same when they say the same thing.
impl PartialEq for Reason {
    fn eq(&self, other: &Self) -> bool {
        self.english == other.english
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

/// A reason written only in English (shown as is in every language).
impl From<&str> for Reason {
    fn from(s: &str) -> Self {
        Self {
            id: None,
            args: Vec::new(),
            english: s.to_owned(),
        }
    }
}
impl From<String> for Reason {
    fn from(s: String) -> Self {
        Self {
            id: None,
            args: Vec::new(),
            english: s,
        }
    }
}

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
    Invalid { field: &'static str, reason: Reason },
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
    InvalidChange { field: &'static str, reason: Reason },
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
