//! Bounded, checked text values: slugs, titles, free text, URLs and email addresses.

use crate::error::{DomainError, DomainResult};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Rejects control characters other than ordinary whitespace, which have no place in
/// stored text and break exports.
fn check_chars(field: &'static str, s: &str, allow_newlines: bool) -> DomainResult<()> {
    let bad = s
        .chars()
        .find(|c| c.is_control() && !(allow_newlines && (*c == '\n' || *c == '\r' || *c == '\t')));
    match bad {
        Some(c) => Err(DomainError::Invalid {
            field,
            reason: format!("contains the control character U+{:04X}", c as u32),
        }),
        None => Ok(()),
    }
}

fn bounded(field: &'static str, raw: &str, max: usize, multiline: bool) -> DomainResult<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DomainError::Empty { field });
    }
    let len = trimmed.chars().count();
    if len > max {
        return Err(DomainError::TooLong { field, len, max });
    }
    check_chars(field, trimmed, multiline)?;
    Ok(trimmed.to_owned())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $max:expr, $multiline:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
                bounded(field, raw, $max, $multiline).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = DomainError;
            fn try_from(s: String) -> DomainResult<Self> {
                Self::parse(stringify!($name), &s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A one-line title or name: 1 to 300 characters, no control characters.
    Title, 300, false
);
text_type!(
    /// Several paragraphs of prose: summaries, notes, quotes. 1 to 20,000 characters.
    LongText, 20_000, true
);

/// A natural key for URLs and seeds: lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MAX_CHARS: usize = 80;

    /// Sorts before every real slug: the lower bound of a range of (key, slug) pairs.
    pub(crate) fn floor() -> Self {
        Self(String::new())
    }

    pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
        if raw.is_empty() {
            return Err(DomainError::Empty { field });
        }
        if raw.len() > Self::MAX_CHARS {
            return Err(DomainError::TooLong {
                field,
                len: raw.chars().count(),
                max: Self::MAX_CHARS,
            });
        }
        let well_formed = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if !well_formed {
            return Err(DomainError::Invalid {
                field,
                reason: "use lowercase letters, digits and single hyphens".into(),
            });
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = DomainError;
    fn try_from(s: String) -> DomainResult<Self> {
        Self::parse("slug", &s)
    }
}

impl From<Slug> for String {
    fn from(v: Slug) -> String {
        v.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An absolute http(s) URL. Anything else (`javascript:`, `data:`, relative paths) is
/// refused so that a stored link can always be rendered as a link.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WebUrl(String);

impl WebUrl {
    pub const MAX_CHARS: usize = 2_000;

    pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
        let s = bounded(field, raw, Self::MAX_CHARS, false)?;
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .ok_or_else(|| DomainError::Invalid {
                field,
                reason: "must start with https:// or http://".into(),
            })?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok || s.chars().any(char::is_whitespace) {
            return Err(DomainError::Invalid {
                field,
                reason: "is not a well-formed web address".into(),
            });
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WebUrl {
    type Error = DomainError;
    fn try_from(s: String) -> DomainResult<Self> {
        Self::parse("url", &s)
    }
}

impl From<WebUrl> for String {
    fn from(v: WebUrl) -> String {
        v.0
    }
}

/// An email address: one `@`, a dotted domain, no spaces, at most 254 characters (RFC 5321).
/// Stored lowercased so that the same person is one subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
        let s = bounded(field, raw, 254, false)?.to_lowercase();
        let invalid = |reason: &str| DomainError::Invalid {
            field,
            reason: reason.into(),
        };
        let (local, domain) = s.split_once('@').ok_or_else(|| invalid("needs an @"))?;
        if local.is_empty() || local.len() > 64 || domain.contains('@') {
            return Err(invalid("is not a valid address"));
        }
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if !domain_ok
            || s.chars()
                .any(|c| c.is_whitespace() || "<>()[],;:\"\\".contains(c))
        {
            return Err(invalid("is not a valid address"));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = DomainError;
    fn try_from(s: String) -> DomainResult<Self> {
        Self::parse("email", &s)
    }
}

impl From<EmailAddress> for String {
    fn from(v: EmailAddress) -> String {
        v.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
