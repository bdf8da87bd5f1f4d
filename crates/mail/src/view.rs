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
    /// An actor's published reply leads with whose it is: "Reply from Fluidstack".
    pub lead: Option<String>,
    /// "2025-02-11, recorded by Ana", or after a reply's lead "(right of reply),
    /// published 2025-02-11".
    pub heading: String,
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
        let lead = reply.map(|from| {
            tr_args(
                lang,
                key("mail-digest-reply-from"),
                &[("actor", from.name.as_str().into())],
            )
        });
        let heading = match reply {
            Some(_) => tr_args(
                lang,
                key("mail-digest-reply-published"),
                &[("date", date.into())],
            ),
            None => tr_args(
                lang,
                key("mail-digest-recorded"),
                &[("date", date.into()), ("author", f.author.as_str().into())],
            ),
        };
        Self {
            lead,
            heading,
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
