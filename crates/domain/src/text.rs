//! Bounded, checked text values: slugs, titles, free text, URLs and email addresses.

use crate::error::{DomainError, DomainResult, Reason, key};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Rejects control characters other than ordinary whitespace, which have no place in
/// stored text and break exports; new input (`strict`) is also refused Unicode
/// noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two of every plane), which
/// XML 1.0 forbids, so that one of them in a note cannot make the Atom feeds invalid.
fn check_chars(
    field: &'static str,
    s: &str,
    allow_newlines: bool,
    strict: bool,
) -> DomainResult<()> {
    let bad = s.chars().find(|c| {
        (c.is_control() && !(allow_newlines && (*c == '\n' || *c == '\r' || *c == '\t')))
            || (strict && is_noncharacter(*c))
    });
    match bad {
        Some(c) => Err(DomainError::Invalid {
            field,
            reason: Reason::new(
                key("reason-character"),
                format!(
                    "contains the character U+{:04X}, which is not allowed",
                    c as u32
                ),
            )
            .arg("code", format!("U+{:04X}", c as u32)),
        }),
        None => Ok(()),
    }
}

/// The 66 Unicode noncharacters.
pub fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Characters that change how the text around them is shown without being seen: the
/// bidirectional embeddings, overrides, isolates and marks, and invisible format
/// characters (zero-width space, word joiner, invisible operators, byte-order mark, soft
/// hyphen). In a name they let one thing pass for another (`evil\u{202E}gro.elpmaxe`).
/// The zero-width joiner and non-joiner (U+200C, U+200D) stay allowed: scripts such as
/// Persian and Devanagari need them.
pub fn is_bidi_or_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD | 0x061C | 0x180E | 0x200B | 0x200E | 0x200F | 0x202A..=0x202E
            | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF
    )
}

/// Refuses [`is_bidi_or_invisible`] characters in a one-line name or title.
fn check_visible(field: &'static str, s: &str) -> DomainResult<()> {
    match s.chars().find(|c| is_bidi_or_invisible(*c)) {
        Some(c) => Err(DomainError::Invalid {
            field,
            reason: Reason::new(
                key("reason-invisible-character"),
                format!(
                    "contains the invisible or direction-changing character U+{:04X}, which is not allowed",
                    c as u32
                ),
            )
            .arg("code", format!("U+{:04X}", c as u32)),
        }),
        None => Ok(()),
    }
}

/// Trimmed, non-empty, at most `max` characters, with only the characters allowed. Input
/// from people is `strict`; text read back from storage is checked by the rules it was
/// written under before noncharacters and invisible characters were refused, so that
/// such a value already stored stays readable (feeds strip what XML forbids).
fn bounded(
    field: &'static str,
    raw: &str,
    max: usize,
    multiline: bool,
    strict: bool,
) -> DomainResult<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DomainError::Empty { field });
    }
    let len = trimmed.chars().count();
    if len > max {
        return Err(DomainError::TooLong { field, len, max });
    }
    check_chars(field, trimmed, multiline, strict)?;
    if strict && !multiline {
        check_visible(field, trimmed)?;
    }
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

            /// Checks input from people.
            pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
                bounded(field, raw, $max, $multiline, true).map(Self)
            }

            /// Checks a value read back from storage (see [`bounded`]).
            pub fn stored(field: &'static str, raw: &str) -> DomainResult<Self> {
                bounded(field, raw, $max, $multiline, false).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = DomainError;
            fn try_from(s: String) -> DomainResult<Self> {
                Self::stored(stringify!($name), &s)
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
                reason: Reason::new(
                    key("reason-slug"),
                    "use lowercase letters, digits and single hyphens",
                ),
            });
        }
        Ok(Self(raw.to_owned()))
    }

    /// The word that names a creation form (`/pledges/new`, `/actors/new`, `/events/new`):
    /// a record that took it as its slug would have a page no one could reach.
    pub const RESERVED: &'static str = "new";

    /// A slug for a record being created: [`Slug::parse`], refusing [`Slug::RESERVED`].
    pub fn parse_new(field: &'static str, raw: &str) -> DomainResult<Self> {
        if raw == Self::RESERVED {
            return Err(DomainError::Invalid {
                field,
                reason: Reason::new(
                    key("reason-reserved"),
                    format!("{} is reserved", Self::RESERVED),
                )
                .arg("word", Self::RESERVED),
            });
        }
        Self::parse(field, raw)
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
        let s = bounded(field, raw, Self::MAX_CHARS, false, true)?;
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .ok_or_else(|| DomainError::Invalid {
                field,
                reason: Reason::new(
                    key("reason-url-scheme"),
                    "must start with https:// or http://",
                ),
            })?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok || s.chars().any(char::is_whitespace) {
            return Err(DomainError::Invalid {
                field,
                reason: Reason::new(key("reason-url-form"), "is not a well-formed web address"),
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

/// An email address as SMTP without extensions carries it: ASCII only, a dot-atom local
/// part (letters, digits and ``!#$%&'*+-/=?^_`{|}~``, dots only between them, at most 64
/// characters), and a domain of at least two labels of letters, digits and inner hyphens
/// (each at most 63 characters); at most 254 characters in all (RFC 5321). Stored
/// lowercased so that the same person is one subscriber.
///
/// Internationalised addresses are refused with a message saying so: sending them needs
/// SMTPUTF8, which relays do not all offer (an internationalised domain can be given in its
/// `xn--` form). Encoded words (`=?utf-8?b?…?=`) are refused too: they mean nothing in an
/// address and are shown decoded by some mail programs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
        let s = bounded(field, raw, Self::MAX_CHARS, false, true)?.to_lowercase();
        let invalid = |id: &'static str, english: &str| DomainError::Invalid {
            field,
            reason: Reason::new(id, english),
        };
        if !s.is_ascii() {
            return Err(invalid(
                key("reason-email-ascii"),
                "only addresses in ASCII are accepted (internationalised addresses need SMTPUTF8, which is not used here); give the domain in its xn-- form",
            ));
        }
        if s.contains("=?") {
            return Err(invalid(
                key("reason-email-encoded"),
                "encoded words (=?…?=) are not allowed in an address",
            ));
        }
        let (local, domain) = s
            .split_once('@')
            .ok_or_else(|| invalid(key("reason-email-at"), "needs an @"))?;
        if domain.contains('@') {
            return Err(invalid(key("reason-email-two-at"), "has more than one @"));
        }
        let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .split('.')
                .all(|atom| !atom.is_empty() && atom.chars().all(atext));
        if !local_ok {
            return Err(invalid(
                key("reason-email-local"),
                "the part before the @ is not valid (letters, digits and !#$%&'*+-/=?^_`{|}~, with dots only between them)",
            ));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !domain_ok {
            return Err(invalid(
                key("reason-email-domain"),
                "the domain after the @ is not valid (dotted labels of letters, digits and inner hyphens)",
            ));
        }
        Ok(Self(s))
    }

    /// An address read back from storage: the rule it was written under was looser (one
    /// `@`, no spaces), so an address stored before stays readable; sending to one the mail
    /// library refuses fails that message alone.
    pub fn stored(field: &'static str, raw: &str) -> DomainResult<Self> {
        let s = bounded(field, raw, Self::MAX_CHARS, false, false)?.to_lowercase();
        if s.split('@').count() != 2 || s.chars().any(char::is_whitespace) {
            return Err(DomainError::Invalid {
                field,
                reason: Reason::new(key("reason-email-stored"), "is not a valid address"),
            });
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
        Self::stored("email", &s)
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

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
