//! The one entry point for every public change: a change's rows, its audit entry and its
//! change-log entry are written in one transaction, or none of them is.

use crate::audit::{AuditDetail, ValueChange};
use crate::db::Db;
use crate::edits::FieldEdit;
use crate::entities::account::audit_log;
use crate::error::StoreResult;
use crate::follow_ups::Recorded;
use chrono::{DateTime, Utc};
use domain::changelog::{Body, ChangeKind, Entry, FieldChange};
use domain::*;
use sea_orm::{ActiveValue::Set, DatabaseTransaction, EntityTrait};

/// A public change, as forms, the import, the seed loader and the CLI ask for it.
#[derive(Debug, Clone)]
pub enum Change {
    CreatePledge(Pledge),
    CorrectPledge(Pledge),
    DeletePledge(Slug),
    RestorePledge(Slug),
    RecordFollowUp {
        pledge: Slug,
        draft: Draft,
        /// A form's one-time key: the same form submitted twice records once.
        submission_key: Option<String>,
    },
    CreateActor(Actor),
    CorrectActor(Actor),
    CreateEvent {
        event: Event,
        cited: Vec<Slug>,
    },
    CorrectEvent {
        event: Event,
        cited: Vec<Slug>,
    },
}

/// Who makes a change: the name the public log shows, and the account the private audit
/// trail names (none for the seed loader and other system writes).
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub name: &'a str,
    pub account: Option<&'a str>,
}

impl<'a> Author<'a> {
    pub const SYSTEM: Author<'static> = Author {
        name: "pledgewatch",
        account: None,
    };

    /// An author known only by name (the CLI, tests): the audit trail names no account.
    pub fn named(name: &'a str) -> Self {
        Self {
            name,
            account: None,
        }
    }
}

/// What a change did.
#[derive(Debug, Clone)]
pub enum Outcome {
    PledgeCreated { id: i32 },
    PledgeCorrected(Vec<FieldEdit>),
    PledgeDeleted,
    PledgeRestored,
    FollowUp(Recorded),
    ActorCreated,
    ActorCorrected { old: Actor },
    EventCreated,
    EventCorrected { old: (Event, Vec<Slug>) },
}

/// The outcome and the log entry it wrote; no entry when nothing changed (an edit that
/// changed no field, a form submitted twice).
#[derive(Debug, Clone)]
pub struct Applied {
    pub outcome: Outcome,
    pub entry: Option<Entry>,
}

/// A body of field changes, old → new, leaving out fields that did not change.
fn text_changes<'a>(rows: impl IntoIterator<Item = (&'a str, String, String)>) -> Body {
    let changes = rows
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| {
            FieldChange::text(
                field,
                (!old.is_empty()).then_some(old),
                (!new.is_empty()).then_some(new),
            )
        })
        .collect();
    Body {
        changes,
        ..Body::default()
    }
}

fn actor_fields(a: Option<&Actor>) -> [(&'static str, String); 4] {
    [
        ("name", a.map(|a| a.name.to_string()).unwrap_or_default()),
        (
            "kind",
            a.map(|a| a.kind.code().to_owned()).unwrap_or_default(),
        ),
        (
            "country",
            a.and_then(|a| a.country.as_ref().map(|c| c.as_str().to_owned()))
                .unwrap_or_default(),
        ),
        (
            "members",
            a.map(|a| {
                a.members
                    .iter()
                    .map(Slug::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        ),
    ]
}

fn event_fields(e: Option<&(Event, Vec<Slug>)>) -> [(&'static str, String); 8] {
    let text = |f: &dyn Fn(&Event) -> Option<String>| e.and_then(|(e, _)| f(e)).unwrap_or_default();
    [
        ("name", text(&|e| Some(e.name.to_string()))),
        ("kind", text(&|e| Some(e.kind.code().to_owned()))),
        (
            "location",
            text(&|e| e.location.as_ref().map(ToString::to_string)),
        ),
        (
            "country",
            text(&|e| e.country.as_ref().map(|c| c.as_str().to_owned())),
        ),
        ("starts_on", text(&|e| e.starts_on.map(|d| d.to_string()))),
        ("ends_on", text(&|e| e.ends_on.map(|d| d.to_string()))),
        // Only a start known to less than a day says so; day-precise events read as before.
        (
            "precision",
            text(&|e| (e.precision != DatePrecision::Day).then(|| e.precision.code().to_owned())),
        ),
        (
            "sources",
            e.map(|(_, s)| s.iter().map(Slug::as_str).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
        ),
    ]
}

fn pair<const N: usize>(
    old: [(&'static str, String); N],
    new: [(&'static str, String); N],
) -> Body {
    text_changes(old.into_iter().zip(new).map(|((f, o), (_, n))| (f, o, n)))
}

/// The audit trail's detail of a change: each field, old → new.
fn describe(body: &Body) -> AuditDetail {
    AuditDetail::Changes(
        body.changes
            .iter()
            .map(|c| ValueChange {
                field: c.field.clone(),
                old: c.old.clone(),
                new: c.new.clone(),
            })
            .collect(),
    )
}

/// A pledge edit's value as a reader sees it: edits keep each field as JSON of the input
/// form, where text is quoted and a missing value is `null`.
fn readable(json: &str) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Null) => None,
        Ok(serde_json::Value::String(s)) => Some(s),
        _ if json.is_empty() => None,
        _ => Some(json.to_owned()),
    }
}

pub(crate) async fn audit_in(
    txn: &DatabaseTransaction,
    author: Author<'_>,
    action: &str,
    target: &str,
    detail: &AuditDetail,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        at: Set(now),
        actor: Set(author.account.map(str::to_owned)),
        action: Set(action.to_owned()),
        target: Set(target.to_owned()),
        detail: Set(detail.to_stored()),
        address: Set(None),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Applies `change` inside `txn`: its rows, its audit entry, its log entry.
pub(crate) async fn apply_in(
    db: &Db,
    txn: &DatabaseTransaction,
    change: Change,
    author: Author<'_>,
    now: DateTime<Utc>,
) -> StoreResult<Applied> {
    let name = author.name;
    // (outcome, audit action, subject, audit detail, log kind and body when logged)
    let (outcome, action, subject, detail, logged): (_, &str, String, AuditDetail, _) = match change
    {
        Change::CreatePledge(p) => {
            let id = crate::pledges::insert_pledge(txn, &p, now).await?;
            crate::edits::record_edit(txn, id, name, now, "created", "", p.title().as_str())
                .await?;
            let body = text_changes([("created", String::new(), p.title().to_string())]);
            let slug = p.slug().to_string();
            (
                Outcome::PledgeCreated { id },
                "pledge_created",
                slug,
                describe(&body),
                Some((ChangeKind::PledgeCreated, body)),
            )
        }
        Change::CorrectPledge(p) => {
            let edits = crate::edits::update_in(txn, &p, name, now).await?;
            let detail = AuditDetail::Changes(
                edits
                    .iter()
                    .map(|e| ValueChange {
                        field: e.field.clone(),
                        old: readable(&e.old),
                        new: readable(&e.new),
                    })
                    .collect(),
            );
            let body = text_changes(
                edits
                    .iter()
                    .map(|e| (e.field.as_str(), e.old.clone(), e.new.clone())),
            );
            let logged = (!body.changes.is_empty()).then_some((ChangeKind::PledgeCorrected, body));
            (
                Outcome::PledgeCorrected(edits),
                "pledge_edited",
                p.slug().to_string(),
                detail,
                logged,
            )
        }
        Change::DeletePledge(slug) => {
            crate::lifecycle::delete_in(txn, &slug, name, now).await?;
            let body = text_changes([("deleted", String::new(), "deleted".to_owned())]);
            (
                Outcome::PledgeDeleted,
                "pledge_deleted",
                slug.to_string(),
                describe(&body),
                Some((ChangeKind::PledgeDeleted, body)),
            )
        }
        Change::RestorePledge(slug) => {
            crate::lifecycle::restore_in(txn, &slug, name, now).await?;
            let body = text_changes([("restored", "deleted".to_owned(), String::new())]);
            (
                Outcome::PledgeRestored,
                "pledge_restored",
                slug.to_string(),
                describe(&body),
                Some((ChangeKind::PledgeRestored, body)),
            )
        }
        Change::RecordFollowUp {
            pledge,
            draft,
            submission_key,
        } => {
            let (recorded, body) =
                crate::follow_ups::record_in(txn, &pledge, draft, submission_key.as_deref())
                    .await?;
            let (detail, logged) = match &recorded {
                Recorded::New { id, .. } => (
                    AuditDetail::note(format!("follow-up {id}")),
                    Some((ChangeKind::FollowUpRecorded, body)),
                ),
                Recorded::AlreadyRecorded { .. } => {
                    return Ok(Applied {
                        outcome: Outcome::FollowUp(recorded),
                        entry: None,
                    });
                }
            };
            (
                Outcome::FollowUp(recorded),
                "follow_up_recorded",
                pledge.to_string(),
                detail,
                logged,
            )
        }
        Change::CreateActor(a) => {
            crate::reference::insert_actor(txn, &a).await?;
            let body = pair(actor_fields(None), actor_fields(Some(&a)));
            (
                Outcome::ActorCreated,
                "actor_created",
                a.slug.to_string(),
                describe(&body),
                Some((ChangeKind::ActorCreated, body)),
            )
        }
        Change::CorrectActor(a) => {
            let old = crate::reference::update_actor(txn, &a).await?;
            let body = pair(actor_fields(Some(&old)), actor_fields(Some(&a)));
            let detail = describe(&body);
            let logged = (!body.changes.is_empty()).then_some((ChangeKind::ActorCorrected, body));
            (
                Outcome::ActorCorrected { old },
                "actor_edited",
                a.slug.to_string(),
                detail,
                logged,
            )
        }
        Change::CreateEvent { event, cited } => {
            crate::reference::insert_event(txn, &event, &cited).await?;
            let new = (event, cited);
            let body = pair(event_fields(None), event_fields(Some(&new)));
            (
                Outcome::EventCreated,
                "event_created",
                new.0.slug.to_string(),
                describe(&body),
                Some((ChangeKind::EventCreated, body)),
            )
        }
        Change::CorrectEvent { event, cited } => {
            let old = crate::reference::update_event(txn, &event, &cited).await?;
            let new = (event, cited);
            let body = pair(event_fields(Some(&old)), event_fields(Some(&new)));
            let detail = describe(&body);
            let logged = (!body.changes.is_empty()).then_some((ChangeKind::EventCorrected, body));
            (
                Outcome::EventCorrected { old },
                "event_edited",
                new.0.slug.to_string(),
                detail,
                logged,
            )
        }
    };
    audit_in(txn, author, action, &subject, &detail, now).await?;
    let entry = match logged {
        Some((kind, body)) => {
            Some(crate::changes::append(txn, db.backend(), now, name, kind, &subject, &body).await?)
        }
        None => None,
    };
    Ok(Applied { outcome, entry })
}

impl Db {
    /// Applies one change in its own transaction: rows, audit and log entry together.
    pub async fn apply(
        &self,
        change: Change,
        author: Author<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<Applied> {
        let txn = self.begin_write().await?;
        let applied = apply_in(self, &txn, change, author, now).await?;
        txn.commit().await?;
        Ok(applied)
    }
}
