//! What an audit entry says about its change, typed: the fields it set, old → new, or a
//! note in words. Stored as JSON in `audit_log.detail`; rows written before this type
//! hold plain text, and read back as a note.

use serde::{Deserialize, Serialize};

/// One field an audited change set. `None` is a field that was (or became) empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The detail of an audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditDetail {
    /// The fields a change set, old → new, in the order the change lists them.
    Changes(Vec<ValueChange>),
    /// A note in words: a role, a follow-up's id, what an import did.
    Note(String),
}

impl AuditDetail {
    pub fn note(text: impl Into<String>) -> Self {
        Self::Note(text.into())
    }

    /// The column's text: JSON of this type.
    pub fn to_stored(&self) -> String {
        // Serializing strings and options cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the column back; text that is not this type's JSON (rows from before it) is
    /// a note, as it was written.
    pub fn from_stored(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_else(|_| Self::Note(text.to_owned()))
    }
}

/// `field: old → new; …`, or the note: for logs, the command line and tests.
impl std::fmt::Display for AuditDetail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Note(text) => f.write_str(text),
            Self::Changes(changes) => {
                for (i, c) in changes.iter().enumerate() {
                    let show = |v: &Option<String>| v.clone().unwrap_or_default();
                    let sep = if i == 0 { "" } else { "; " };
                    write!(f, "{sep}{}: {} → {}", c.field, show(&c.old), show(&c.new))?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_round_trip_and_old_text_reads_as_a_note() {
        let d = AuditDetail::Changes(vec![ValueChange {
            field: "name".into(),
            old: Some("Acme <Labs>".into()),
            new: None,
        }]);
        assert_eq!(AuditDetail::from_stored(&d.to_stored()), d);
        assert_eq!(d.to_string(), "name: Acme <Labs> → ");
        let old = "name: Acme → Acme Labs; kind: company → investor";
        assert_eq!(AuditDetail::from_stored(old), AuditDetail::note(old));
        assert_eq!(AuditDetail::from_stored(""), AuditDetail::note(""));
        assert_eq!(
            AuditDetail::note("follow-up 12").to_stored(),
            r#"{"note":"follow-up 12"}"#
        );
    }
}
