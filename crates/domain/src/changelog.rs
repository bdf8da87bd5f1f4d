//! The public change log's entries and their hash chain: the kinds of change, what an
//! entry is about, and the one canonical encoding each entry is hashed over, so that
//! anyone can recompute the chain from an export without pledgewatch.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

crate::vocabulary!(
    /// What a change did. The codes are part of the canonical encoding: never rename one.
    ChangeKind, "kind" {
        PledgeCreated => "pledge_created", "Pledge added";
        PledgeCorrected => "pledge_corrected", "Pledge corrected";
        PledgeDeleted => "pledge_deleted", "Pledge deleted";
        PledgeRestored => "pledge_restored", "Pledge restored";
        FollowUpRecorded => "follow_up_recorded", "Follow-up recorded";
        ActorCreated => "actor_created", "Actor added";
        ActorCorrected => "actor_corrected", "Actor corrected";
        EventCreated => "event_created", "Event added";
        EventCorrected => "event_corrected", "Event corrected";
    }
);

crate::vocabulary!(
    /// What a change is about.
    SubjectKind, "subject_kind" {
        Pledge => "pledge", "Pledge";
        Actor => "actor", "Actor";
        Event => "event", "Event";
    }
);

impl ChangeKind {
    pub fn subject_kind(self) -> SubjectKind {
        match self {
            Self::ActorCreated | Self::ActorCorrected => SubjectKind::Actor,
            Self::EventCreated | Self::EventCorrected => SubjectKind::Event,
            _ => SubjectKind::Pledge,
        }
    }
}

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The first line of every entry's canonical encoding; a new encoding gets a new tag.
pub const ENCODING: &str = "pledgewatch-change-v1";

/// One entry of the log, as stored and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: i64,
    /// UTC, RFC 3339 with microseconds and `Z`, exactly as hashed.
    pub at: String,
    /// The author's display name (never an email address).
    pub author: String,
    pub kind: ChangeKind,
    pub subject_kind: SubjectKind,
    /// The subject's slug.
    pub subject: String,
    /// The change as compact JSON, exactly as hashed (old → new values).
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The timestamp text an entry stores and hashes.
pub fn canonical_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Newlines separate the fields of the encoding, so none may appear inside one. Slugs,
/// codes, timestamps and hex never hold one, and compact JSON escapes them; names are
/// folded here so that an odd display name cannot shift the fields.
pub fn clean_author(name: &str) -> String {
    name.replace(['\n', '\r'], " ")
}

/// The bytes an entry's hash covers: these nine lines joined by `\n`, no trailing
/// newline: the encoding tag, seq (decimal), at, author, kind, subject kind, subject,
/// body, and the previous entry's hash (lowercase hex; [`GENESIS`] for the first).
#[allow(clippy::too_many_arguments)]
pub fn canonical(
    seq: i64,
    at: &str,
    author: &str,
    kind: ChangeKind,
    subject_kind: SubjectKind,
    subject: &str,
    body: &str,
    prev_hash: &str,
) -> String {
    [
        ENCODING,
        &seq.to_string(),
        at,
        author,
        kind.code(),
        subject_kind.code(),
        subject,
        body,
        prev_hash,
    ]
    .join("\n")
}

/// Lowercase hex SHA-256 of `text`.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Entry {
    /// Seals a new entry after `prev` (seq and hash of the head, or `(0, GENESIS)`).
    pub fn seal(
        prev: (i64, &str),
        at: DateTime<Utc>,
        author: &str,
        kind: ChangeKind,
        subject: &str,
        body: String,
    ) -> Self {
        let seq = prev.0 + 1;
        let at = canonical_time(at);
        let author = clean_author(author);
        let subject_kind = kind.subject_kind();
        let hash = sha256_hex(&canonical(
            seq,
            &at,
            &author,
            kind,
            subject_kind,
            subject,
            &body,
            prev.1,
        ));
        Self {
            seq,
            at,
            author,
            kind,
            subject_kind,
            subject: subject.to_owned(),
            body,
            prev_hash: prev.1.to_owned(),
            hash,
        }
    }

    /// The hash this entry's fields give.
    pub fn computed_hash(&self) -> String {
        sha256_hex(&canonical(
            self.seq,
            &self.at,
            &self.author,
            self.kind,
            self.subject_kind,
            &self.subject,
            &self.body,
            &self.prev_hash,
        ))
    }
}

/// Where a chain stops holding, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub seq: i64,
    pub reason: String,
}

/// Checks entries in order, continuing from `prev` (seq and hash before the first).
/// Verification keeps only the last entry, so a log of any length checks in flat memory.
#[derive(Debug, Clone)]
pub struct Verifier {
    seq: i64,
    hash: String,
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            seq: 0,
            hash: GENESIS.to_owned(),
        }
    }
}

impl Verifier {
    pub fn check(&mut self, e: &Entry) -> Result<(), Break> {
        let bad = |reason: String| Err(Break { seq: e.seq, reason });
        if e.seq != self.seq + 1 {
            return bad(format!("expected sequence number {}", self.seq + 1));
        }
        if e.prev_hash != self.hash {
            return bad("its previous hash is not the hash of the entry before it".into());
        }
        if e.subject_kind != e.kind.subject_kind() {
            return bad("its subject kind does not match its kind".into());
        }
        if e.computed_hash() != e.hash {
            return bad("its hash does not match its contents".into());
        }
        self.seq = e.seq;
        self.hash = e.hash.clone();
        Ok(())
    }

    /// The head so far: seq and hash of the last entry checked.
    pub fn head(&self) -> (i64, &str) {
        (self.seq, &self.hash)
    }
}

/// One field a change set, old → new. Money carries the figure itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub money: Option<MoneyRow>,
}

impl FieldChange {
    pub fn text(field: &str, old: Option<String>, new: Option<String>) -> Self {
        Self {
            field: field.to_owned(),
            condition: None,
            old,
            new,
            money: None,
        }
    }
}

/// A money figure as the log shows it: minor units, both bounds always.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyRow {
    pub stage: String,
    /// "aim" for a fundraising aim; left out for an amount, so that bodies written before
    /// aims were told apart read the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub min: i64,
    pub max: i64,
    pub currency: String,
    pub value_date: String,
    pub basis: String,
    pub source: String,
}

/// A piece of evidence as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRow {
    pub url: String,
    pub title: String,
    /// Left out when not recorded, so that bodies written before publishers were kept
    /// read the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub tier: String,
    /// Left out when no archived copy was recorded, for the same reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_url: Option<String>,
}

/// What an entry's body holds. Serialised as compact JSON with the fields in this order;
/// empty parts are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_on: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRow>,
}
