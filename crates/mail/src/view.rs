//! What mail templates see: a follow-up, its changes and its evidence as plain text fields
//! in the subscriber's language, built from domain values here, so mail needs nothing of
//! the web's page views.

use super::words;
use domain::FollowUp;
use domain::digest::ActorReply;
use domain::locale::{self, Lang};
use i18n::{key, tr_args};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct FollowUpMail {
    /// "2025-02-11, recorded by Ana", or the reply's "Reply from … published …" line.
    pub heading: String,
    /// Whether it publishes an actor's reply (shown apart).
    pub reply: bool,
    pub note: Option<String>,
    pub changes: Vec<ChangeLine>,
    pub evidence: Vec<EvidenceLine>,
}

/// One changed field: `field: from -> to`, `from` absent when there was none.
#[derive(Debug, Serialize)]
pub struct ChangeLine {
    pub field: String,
    pub from: Option<String>,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct EvidenceLine {
    pub url: String,
    pub title: String,
    /// "Evidence (Official record)".
    pub label: String,
}

impl FollowUpMail {
    /// The follow-up in `lang`; as an actor's published reply when `reply` names one.
    pub fn new(f: &FollowUp, reply: Option<&ActorReply>, lang: Lang) -> Self {
        let date = locale::date(f.occurred_on, lang);
        let heading = match reply {
            Some(from) => tr_args(
                lang,
                key("mail-digest-reply"),
                &[("actor", from.name.as_str().into()), ("date", date.into())],
            ),
            None => tr_args(
                lang,
                key("mail-digest-recorded"),
                &[("date", date.into()), ("author", f.author.as_str().into())],
            ),
        };
        Self {
            heading,
            reply: reply.is_some(),
            note: f.note.as_ref().map(ToString::to_string),
            changes: f
                .changes
                .iter()
                .map(|c| {
                    let (field, from, to) = words::change(c, lang);
                    ChangeLine { field, from, to }
                })
                .collect(),
            evidence: f
                .evidence
                .iter()
                .map(|e| EvidenceLine {
                    url: e.url.as_str().to_owned(),
                    title: e.title.to_string(),
                    label: tr_args(
                        lang,
                        key("mail-digest-evidence"),
                        &[(
                            "tier",
                            words::label(lang, key("tier-"), e.tier.code()).into(),
                        )],
                    ),
                })
                .collect(),
        }
    }
}
