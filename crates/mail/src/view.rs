//! What mail templates see: a follow-up, its changes and its evidence as plain text fields,
//! built from domain values here, so mail needs nothing of the web's page views.

use domain::digest::ActorReply;
use domain::{Change, FollowUp};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct FollowUpMail {
    pub occurred_on: String,
    pub author: String,
    pub note: Option<String>,
    pub changes: Vec<ChangeLine>,
    pub evidence: Vec<EvidenceLine>,
    /// The actor whose reply this follow-up publishes, named on its own line.
    pub reply_from: Option<String>,
}

/// One changed field: `field: from -> to`, `from` absent when there was none.
#[derive(Debug, Serialize)]
pub struct ChangeLine {
    pub field: &'static str,
    pub from: Option<String>,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct EvidenceLine {
    pub url: String,
    pub title: String,
    pub tier: &'static str,
}

impl FollowUpMail {
    pub fn new(f: &FollowUp) -> Self {
        Self {
            occurred_on: f.occurred_on.to_string(),
            author: f.author.clone(),
            note: f.note.as_ref().map(ToString::to_string),
            changes: f.changes.iter().map(ChangeLine::new).collect(),
            evidence: f
                .evidence
                .iter()
                .map(|e| EvidenceLine {
                    url: e.url.as_str().to_owned(),
                    title: e.title.to_string(),
                    tier: e.tier.label(),
                })
                .collect(),
            reply_from: None,
        }
    }

    /// The follow-up as an actor's published reply.
    pub fn reply(f: &FollowUp, from: &ActorReply) -> Self {
        Self {
            reply_from: Some(from.name.clone()),
            ..Self::new(f)
        }
    }
}

impl ChangeLine {
    /// The change as every surface words it (`domain::Change::parts`).
    pub fn new(c: &Change) -> Self {
        let parts = c.parts();
        Self {
            field: parts.label,
            from: parts.from_label(),
            to: parts.to_label(),
        }
    }
}
