//! Users who edit: their role and their (already hashed) password.

use crate::error::{DomainError, DomainResult, Reason, key};
use crate::text::{EmailAddress, Title};
use crate::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    Role, "role" {
        Admin => "admin", "Administrator";
        Editor => "editor", "Editor";
    }
);

/// A PHC-format argon2id hash. The domain never sees a plain password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn parse(raw: &str) -> DomainResult<Self> {
        if !raw.starts_with("$argon2id$") || raw.len() > 512 {
            return Err(DomainError::Invalid {
                field: "password_hash",
                reason: Reason::new(
                    key("reason-password-hash"),
                    "must be an argon2id hash in PHC format",
                ),
            });
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(…)")
    }
}

impl TryFrom<String> for PasswordHash {
    type Error = DomainError;
    fn try_from(s: String) -> DomainResult<Self> {
        Self::parse(&s)
    }
}

impl From<PasswordHash> for String {
    fn from(h: PasswordHash) -> String {
        h.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub email: EmailAddress,
    pub name: Title,
    pub role: Role,
    pub password_hash: PasswordHash,
    pub disabled: bool,
}
