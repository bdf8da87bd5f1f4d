//! Closed vocabularies (kinds, roles, stages, statuses) and the macro that gives each one
//! a stable text code for storage, forms and exports.

use crate::error::{DomainError, DomainResult};

/// Declares an enum whose variants have fixed snake_case codes and human labels.
/// The codes are what the database CHECK constraints, seeds, CSV and the API use.
#[macro_export]
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $field:literal { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const CODES: &'static str = concat!($($code, " "),+);

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// (code, label) of every value, for select boxes.
            pub fn options() -> Vec<(&'static str, &'static str)> {
                Self::ALL.iter().map(|v| (v.code(), v.label())).collect()
            }

            pub fn parse(raw: &str) -> $crate::error::DomainResult<Self> {
                Self::parse_field($field, raw)
            }

            pub fn parse_field(field: &'static str, raw: &str) -> $crate::error::DomainResult<Self> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)+
                    other => Err($crate::error::DomainError::UnknownVariant {
                        field,
                        value: other.chars().take(60).collect(),
                        expected: Self::CODES,
                    }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::error::DomainError;
            fn try_from(s: String) -> Result<Self, Self::Error> { Self::parse(&s) }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.code() }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.label()) }
        }
    };
}

/// A percentage of completion, 0 to 100 inclusive.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "i64", into = "u8")]
pub struct Progress(u8);

impl Progress {
    pub const ZERO: Progress = Progress(0);
    pub const COMPLETE: Progress = Progress(100);

    pub fn parse(field: &'static str, value: i64) -> DomainResult<Self> {
        if !(0..=100).contains(&value) {
            return Err(DomainError::OutOfRange {
                field,
                min: 0,
                max: 100,
                value,
            });
        }
        Ok(Self(value as u8))
    }

    pub fn percent(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Progress {
    type Error = DomainError;
    fn try_from(v: i64) -> DomainResult<Self> {
        Self::parse("progress", v)
    }
}

impl From<Progress> for u8 {
    fn from(p: Progress) -> u8 {
        p.0
    }
}
