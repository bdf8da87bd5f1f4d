//! Digest runs: for every confirmed subscription of a frequency, compose what changed in
//! its scope since its watermark, render it once, and enqueue it; batch by batch, each
//! batch in one transaction with the watermarks it moves. An interrupted run resumes
//! where it stopped. `--dry-run` composes and counts without writing.

use super::mailroom::{DigestStencil, Mailroom};
use chrono::{NaiveDate, Utc};
use domain::catalog::{Catalog, PledgeSummary};
use domain::digest::{Numbered, Window, compose};
use domain::{Frequency, Slug, SubscriptionState};
use persistence::Db;
use persistence::digest_runs::DigestRun;
use persistence::feed::FollowUpEntry;
use persistence::subscriptions::StoredSubscription;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Subscriptions handled per transaction.
pub const BATCH: u64 = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// None on a dry run.
    pub run_id: Option<i32>,
    pub resumed: bool,
    pub subscribers: u64,
    pub digests: u64,
}

/// The follow-ups a batch needs, `(after, upto]`, loaded once and reused while the
/// watermarks of the following batches fall inside.
struct FollowUpWindow {
    after: i64,
    entries: Vec<FollowUpEntry>,
}

async fn load_window(db: &Db, after: i64, upto: i64) -> anyhow::Result<FollowUpWindow> {
    let mut entries = Vec::new();
    let mut cursor = i32::try_from(after).unwrap_or(i32::MAX);
    loop {
        let page = db.follow_ups_after(cursor, 5_000).await?;
        let Some(last) = page.last() else { break };
        cursor = last.id;
        let done = i64::from(last.id) >= upto;
        entries.extend(page.into_iter().filter(|e| i64::from(e.id) <= upto));
        if done {
            break;
        }
    }
    Ok(FollowUpWindow { after, entries })
}

fn local_today(zone: &str, zones: &mut HashMap<String, chrono_tz::Tz>) -> NaiveDate {
    let tz = *zones
        .entry(zone.to_owned())
        .or_insert_with(|| zone.parse().unwrap_or(chrono_tz::UTC));
    Utc::now().with_timezone(&tz).date_naive()
}

/// Composes one batch: the digests to enqueue, and every subscription handled.
fn compose_batch(
    mailroom: &Mailroom,
    catalog: &Catalog,
    window: &FollowUpWindow,
    run_id: i32,
    upto: i64,
    batch: &[StoredSubscription],
) -> anyhow::Result<Vec<persistence::outbox::OutboxMessage>> {
    let by_slug: HashMap<&Slug, &PledgeSummary> =
        catalog.pledges().map(|(p, _)| (&p.slug, p)).collect();
    let due: HashMap<&Slug, NaiveDate> = catalog
        .pledges()
        .filter_map(|(p, d)| Some((&p.slug, d.due?)))
        .collect();
    let numbered: Vec<Numbered<'_>> = window
        .entries
        .iter()
        .filter_map(|e| {
            Some(Numbered {
                id: i64::from(e.id),
                pledge: by_slug.get(&e.pledge)?,
                follow_up: &e.follow_up,
            })
        })
        .collect();
    let mut zones = HashMap::new();
    let mut stencils: HashMap<String, Option<DigestStencil>> = HashMap::new();
    let mut out = Vec::new();
    // Only pledges whose deadline can be news to someone in this batch.
    let earliest_sent = batch
        .iter()
        .filter_map(|s| s.last_digest_at)
        .min()
        .map(|t| t.date_naive() - chrono::Duration::days(1));
    let today_utc = Utc::now().date_naive();
    // `compose` decides per subscriber, in their time zone; this only drops what cannot
    // be news to anyone in the batch.
    let deadline_candidates: Vec<&PledgeSummary> = catalog
        .pledges()
        .filter(|(p, d)| {
            !p.state.delivery.is_final()
                && d.due.is_some_and(|on| {
                    on <= today_utc + chrono::Duration::days(31)
                        && (on >= today_utc - chrono::Duration::days(1)
                            || earliest_sent.is_none_or(|e| on >= e))
                })
        })
        .map(|(p, _)| p)
        .collect();
    for stored in batch {
        let sub = &stored.subscription;
        if sub.state != SubscriptionState::Confirmed {
            continue;
        }
        let today = local_today(sub.time_zone.as_str(), &mut zones);
        let window = Window {
            after: stored.watermark,
            upto,
            today,
            last_sent: stored.last_digest_at.map(|t| t.date_naive()),
        };
        // Everything `compose` reads: subscribers who share it get the same digest, so it
        // is rendered once and only their links differ.
        let key = format!(
            "{}|{}|{}|{}|{}|{}|{:?}",
            sub.scope.kind(),
            sub.scope.target().unwrap_or(""),
            sub.changes
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(","),
            sub.frequency.code(),
            window.after,
            window.today,
            window.last_sent,
        );
        let stencil = match stencils.entry(key) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let digest = compose(
                    sub,
                    &numbered,
                    &deadline_candidates,
                    |p| due.get(&p.slug).copied(),
                    window,
                );
                let stencil = match digest {
                    Some(d) => Some(mailroom.digest_stencil(sub, &d)?),
                    None => None,
                };
                e.insert(stencil)
            }
        };
        let Some(stencil) = stencil else { continue };
        out.push(mailroom.stamp_digest(stencil, stored, run_id)?);
    }
    Ok(out)
}

/// Rendering is the costly part of a run and each digest is independent: split the batch
/// over the machine's cores, keeping its order.
fn compose_in_parallel(
    mailroom: &Mailroom,
    catalog: &Catalog,
    window: &FollowUpWindow,
    run_id: i32,
    upto: i64,
    batch: &[StoredSubscription],
) -> anyhow::Result<Vec<persistence::outbox::OutboxMessage>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || batch.len() < 64 {
        return compose_batch(mailroom, catalog, window, run_id, upto, batch);
    }
    let chunk = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || compose_batch(mailroom, catalog, window, run_id, upto, part))
            })
            .collect();
        let mut out = Vec::with_capacity(batch.len());
        for w in workers {
            out.extend(
                w.join()
                    .map_err(|_| anyhow::anyhow!("a composing thread panicked"))??,
            );
        }
        Ok(out)
    })
}

/// Runs (or resumes) the digest run of `frequency`. `progress(done, total)` is called
/// after every batch.
pub async fn run(
    db: &Db,
    mailroom: &Mailroom,
    catalog: &Catalog,
    frequency: Frequency,
    pause_after: i32,
    progress: &mut dyn FnMut(u64, u64),
) -> anyhow::Result<RunReport> {
    let (run, resumed) = db
        .start_digest_run(frequency, pause_after, Utc::now())
        .await?;
    let mut report = RunReport {
        run_id: Some(run.id),
        resumed,
        subscribers: 0,
        digests: 0,
    };
    let total = db.digest_run_remaining(&run).await?;
    progress(0, total);
    let mut window: Option<FollowUpWindow> = None;
    let mut batch = db.digest_run_batch(&run, 0, BATCH).await?;
    while let Some(last) = batch.last().map(|s| s.id) {
        let window = ensure_window(db, &mut window, &run, &batch).await?;
        let messages = compose_in_parallel(mailroom, catalog, window, run.id, run.upto, &batch)?;
        let handled: Vec<i32> = batch.iter().map(|s| s.id).collect();
        // The next batch lies past this one, so it can be read while this one is written.
        let (recorded, next) = tokio::join!(
            db.record_digest_batch(&run, &handled, &messages, Utc::now()),
            db.digest_run_batch(&run, last, BATCH)
        );
        report.digests += recorded?;
        report.subscribers += handled.len() as u64;
        progress(report.subscribers.min(total), total);
        batch = next?;
    }
    db.finish_composing(run.id, Utc::now()).await?;
    Ok(report)
}

async fn ensure_window<'w>(
    db: &Db,
    cache: &'w mut Option<FollowUpWindow>,
    run: &DigestRun,
    batch: &[StoredSubscription],
) -> anyhow::Result<&'w FollowUpWindow> {
    let lowest = batch.iter().map(|s| s.watermark).min().unwrap_or(run.upto);
    if cache.as_ref().is_none_or(|w| w.after > lowest) {
        *cache = Some(load_window(db, lowest, run.upto).await?);
    }
    Ok(cache.as_ref().expect("just loaded"))
}

/// What a run would send now, without writing anything.
pub async fn dry_run(
    db: &Db,
    mailroom: &Mailroom,
    catalog: &Catalog,
    frequency: Frequency,
    progress: &mut dyn FnMut(u64, u64),
) -> anyhow::Result<RunReport> {
    let run = DigestRun {
        id: i32::MAX,
        frequency,
        upto: db.newest_follow_up().await?,
        composing: true,
        paused: false,
        pause_reason: None,
        failures: 0,
        pause_after: 1,
        subscribers: 0,
        digests: 0,
        started_at: Utc::now(),
        composed_at: None,
    };
    let subscriptions = db.confirmed_subscriptions(frequency).await?;
    let total = subscriptions.len() as u64;
    let mut report = RunReport::default();
    let mut window: Option<FollowUpWindow> = None;
    progress(0, total);
    for batch in subscriptions.chunks(BATCH as usize) {
        let window = ensure_window(db, &mut window, &run, batch).await?;
        report.digests +=
            compose_in_parallel(mailroom, catalog, window, run.id, run.upto, batch)?.len() as u64;
        report.subscribers += batch.len() as u64;
        progress(report.subscribers, total);
    }
    Ok(report)
}
