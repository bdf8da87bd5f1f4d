//! Bringing a seeded database up to the shipped seed files: what the seed loader still owns
//! is corrected through the write path (each correction old → new in the change log and
//! the audit trail), what editors have changed since is kept, and the seed's follow-ups
//! are recorded once each.

use super::{SeedData, SeedReport};
use crate::apply::{Author, Change, apply_in, audit_in};
use crate::db::Db;
use crate::entities::changes::change_log;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use domain::changelog::{ChangeKind, SubjectKind};
use domain::input::KeyedFollowUp;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;

/// Whether the seed still owns a record: the newest entry that wrote it was the seed
/// loader's. A record with no entry at all (written before the change log, which
/// back-filled pledges but not actors or events) counts as the seed's.
async fn seed_owned(
    txn: &DatabaseTransaction,
    kind: SubjectKind,
    subject: &str,
    writes: [ChangeKind; 2],
) -> StoreResult<bool> {
    let newest = change_log::Entity::find()
        .filter(change_log::Column::SubjectKind.eq(kind.code()))
        .filter(change_log::Column::Subject.eq(subject))
        .filter(change_log::Column::Kind.is_in(writes.map(|k| k.code())))
        .order_by_desc(change_log::Column::Seq)
        .one(txn)
        .await?;
    Ok(newest.is_none_or(|e| e.author == Author::SYSTEM.name))
}

/// Corrects each stored source, event, actor and pledge that differs from the seed and
/// that no editor has changed since it was seeded; names the ones kept as editors left
/// them in `report.kept`. `have` holds the slugs stored before this run, as
/// [`super::existing_slugs`] reads them.
pub(super) async fn correct(
    db: &Db,
    txn: &DatabaseTransaction,
    data: &SeedData,
    have: &[HashSet<String>; 4],
    now: DateTime<Utc>,
    report: &mut SeedReport,
) -> StoreResult<()> {
    let [have_sources, have_events, have_actors, have_pledges] = have;
    let mut sources_changed = false;
    for s in data
        .sources
        .iter()
        .filter(|s| have_sources.contains(s.slug.as_str()))
    {
        if crate::reference::get_source(txn, &s.slug).await? != *s {
            crate::reference::update_source(txn, s).await?;
            let slug = s.slug.as_str();
            let detail = crate::audit::AuditDetail::note("seed");
            audit_in(txn, Author::SYSTEM, "source_edited", slug, &detail, now).await?;
            sources_changed = true;
            report.corrected += 1;
        }
    }
    if sources_changed {
        // A source's tier decides whether the pledges citing it count as verified, and
        // sources are not in the change log: a stored read-model snapshot would miss it.
        crate::snapshots::void(txn).await?;
    }
    let (created, corrected) = (ChangeKind::EventCreated, ChangeKind::EventCorrected);
    for (event, cited) in data
        .events
        .iter()
        .filter(|(e, _)| have_events.contains(e.slug.as_str()))
    {
        let (stored, mut stored_cited) = crate::reference::get_event(txn, &event.slug).await?;
        // The sources that date an event are a set: the database keeps no order for them.
        let mut seed_cited = cited.clone();
        stored_cited.sort();
        seed_cited.sort();
        if (&stored, &stored_cited) == (event, &seed_cited) {
            continue;
        }
        let slug = event.slug.as_str();
        if !seed_owned(txn, SubjectKind::Event, slug, [created, corrected]).await? {
            report.kept.push(format!("event {slug}"));
            continue;
        }
        let change = Change::CorrectEvent {
            event: event.clone(),
            cited: cited.clone(),
        };
        apply_in(db, txn, change, Author::SYSTEM, now).await?;
        report.corrected += 1;
    }
    let (created, corrected) = (ChangeKind::ActorCreated, ChangeKind::ActorCorrected);
    for actor in data
        .actors
        .iter()
        .filter(|a| have_actors.contains(a.slug.as_str()))
    {
        if crate::reference::get_actor(txn, &actor.slug).await? == *actor {
            continue;
        }
        let slug = actor.slug.as_str();
        if !seed_owned(txn, SubjectKind::Actor, slug, [created, corrected]).await? {
            report.kept.push(format!("actor {slug}"));
            continue;
        }
        let change = Change::CorrectActor(actor.clone());
        apply_in(db, txn, change, Author::SYSTEM, now).await?;
        report.corrected += 1;
    }
    let (created, corrected) = (ChangeKind::PledgeCreated, ChangeKind::PledgeCorrected);
    for pledge in data
        .pledges
        .iter()
        .filter(|p| have_pledges.contains(p.slug().as_str()))
    {
        let stored = crate::catalog::get_pledge(txn, pledge.slug()).await?;
        if crate::edits::diff(&stored.pledge, pledge).is_empty() {
            continue;
        }
        let slug = pledge.slug().as_str();
        if !seed_owned(txn, SubjectKind::Pledge, slug, [created, corrected]).await? {
            report.kept.push(format!("pledge {slug}"));
            continue;
        }
        let change = Change::CorrectPledge(pledge.clone());
        apply_in(db, txn, change, Author::SYSTEM, now).await?;
        report.corrected += 1;
    }
    Ok(())
}

/// Records each seeded follow-up not yet recorded, in file order, under the submission key
/// `seed:KEY`, through the same path as the follow-up form.
pub(super) async fn record_follow_ups(
    db: &Db,
    txn: &DatabaseTransaction,
    follow_ups: &[KeyedFollowUp],
    now: DateTime<Utc>,
    report: &mut SeedReport,
) -> StoreResult<()> {
    for f in follow_ups {
        let mut draft = f.draft.clone();
        draft.recorded_at = now;
        let change = Change::RecordFollowUp {
            pledge: f.pledge.clone(),
            draft,
            submission_key: Some(format!("seed:{}", f.key)),
        };
        if apply_in(db, txn, change, Author::SYSTEM, now)
            .await?
            .entry
            .is_some()
        {
            report.follow_ups += 1;
        }
    }
    Ok(())
}
