//! Digest runs: for every confirmed subscription of a frequency, compose what changed in
//! its scope since its watermark (the mail crate's `digests` does that part) and enqueue
//! it; batch by batch, each batch in one transaction with the watermarks it moves. An
//! interrupted run resumes where it stopped. Follow-ups that publish an actor's reply are
//! marked from storage, so every follower of the pledge hears of them. `--dry-run` composes and counts without
//! writing. This loop stays here because it is storage's: the mail crate has none.

use ::mail::Mailroom;
use ::mail::digests::{DigestWriting, FollowUpWindow, News, compose_in_parallel};
use chrono::Utc;
use domain::Frequency;
use domain::catalog::Catalog;
use persistence::Db;
use persistence::digest_runs::DigestRun;
use persistence::subscriptions::StoredSubscription;

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

async fn load_window(db: &Db, after: i64, upto: i64) -> anyhow::Result<FollowUpWindow> {
    let mut entries = Vec::new();
    let mut cursor = i32::try_from(after).unwrap_or(i32::MAX);
    loop {
        let page = db.follow_ups_after(cursor, 5_000).await?;
        let Some(last) = page.last() else { break };
        cursor = last.id;
        let done = i64::from(last.id) >= upto;
        // Replies are marked by the contribution each came from, never read from notes.
        let ids: Vec<i32> = page.iter().map(|e| e.id).collect();
        let mut replies = db.published_replies(&ids).await?;
        entries.extend(
            page.into_iter()
                .filter(|e| i64::from(e.id) <= upto)
                .map(|e| News {
                    id: i64::from(e.id),
                    reply: replies.remove(&e.id).map(|r| r.actor),
                    pledge: e.pledge,
                    follow_up: e.follow_up,
                }),
        );
        if done {
            break;
        }
    }
    Ok(FollowUpWindow { after, entries })
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
        let messages = write_batch(mailroom, catalog, window, &run, &batch)?;
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

/// The digests of one batch of `run`'s subscribers, written from `window`.
fn write_batch(
    mailroom: &Mailroom,
    catalog: &Catalog,
    window: &FollowUpWindow,
    run: &DigestRun,
    batch: &[impl ::mail::mailroom::Subscriber + Sync],
) -> anyhow::Result<Vec<::mail::outbox::OutboxMessage>> {
    let writing = DigestWriting {
        mailroom,
        catalog,
        window,
        run_id: run.id,
        upto: run.upto,
    };
    compose_in_parallel(writing, batch)
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
        report.digests += write_batch(mailroom, catalog, window, &run, batch)?.len() as u64;
        report.subscribers += batch.len() as u64;
        progress(report.subscribers, total);
    }
    Ok(report)
}
