//! The `pledgewatch digest` commands: run a digest (with a progress bar), first finishing
//! any run that was interrupted; resume a paused run; re-queue a run's dead messages; show
//! the queue.

use crate::config::Settings;
use crate::mail::outbox::OutboxStatus;
use crate::mail::{Worker, digests};
use crate::root::Composing;
use domain::Frequency;
use indicatif::{ProgressBar, ProgressStyle};
use persistence::Db;

pub enum DigestCommand {
    Run {
        frequency: String,
        dry_run: bool,
        send: bool,
    },
    Resume {
        run: i32,
    },
    RetryDead {
        run: i32,
    },
    Status,
}

fn bar(what: &str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}

pub async fn digest(db: &Db, settings: &Settings, command: DigestCommand) -> anyhow::Result<()> {
    match command {
        DigestCommand::Run {
            frequency,
            dry_run,
            send,
        } => run(db, settings, Frequency::parse(&frequency)?, dry_run, send).await,
        DigestCommand::Resume { run } => {
            db.digest_run(run).await?;
            if db.resume_digest_run(run, chrono::Utc::now()).await? {
                println!("run {run} resumed");
            } else {
                println!("run {run} was not paused");
            }
            Ok(())
        }
        DigestCommand::RetryDead { run } => {
            let found = db.digest_run(run).await?;
            let done = db.retry_dead(run, chrono::Utc::now()).await?;
            db.audit(
                persistence::auth::Audit {
                    actor: None,
                    action: "digest_run_dead_requeued",
                    target: &run.to_string(),
                    detail: &format!("{} re-queued, {} skipped", done.requeued, done.skipped),
                    address: Some("cli"),
                },
                chrono::Utc::now(),
            )
            .await?;
            println!(
                "run {run}: {} dead messages re-queued with their stored bytes and Message-ID; {} skipped because their subscriber left",
                done.requeued, done.skipped
            );
            if found.paused {
                println!(
                    "run {run} is paused: they go once it is resumed (`pledgewatch digest resume {run}`)"
                );
            } else if done.requeued > 0 {
                println!("a running worker sends them now, or the next `pledgewatch digest run`");
            }
            Ok(())
        }
        DigestCommand::Status => {
            let counts = db.outbox_counts().await?;
            println!("queue: {counts:?}");
            for r in db.digest_runs(10).await? {
                let delivery = db.digest_run_delivery(r.id).await?;
                println!(
                    "run {} {} started {}: {} subscribers, {} digests, {}, {} failures; delivery {delivery:?}",
                    r.id,
                    r.frequency.code(),
                    r.started_at.format("%Y-%m-%d %H:%M"),
                    r.subscribers,
                    r.digests,
                    if r.composing { "composing" } else { "composed" },
                    r.failures,
                );
                if r.paused {
                    println!(
                        "  PAUSED: {}",
                        r.pause_reason.as_deref().unwrap_or("no reason recorded")
                    );
                }
            }
            Ok(())
        }
    }
}

async fn run(
    db: &Db,
    settings: &Settings,
    frequency: Frequency,
    dry_run: bool,
    send: bool,
) -> anyhow::Result<()> {
    let worker = crate::root::worker(db, settings);
    if !dry_run && let Some(started) = finish_interrupted(db, &worker, frequency, send).await? {
        // Finishing a run that began less than a period ago is this period's digest: a new
        // run now would mail every reader twice in a row (deadlines alone fill a digest).
        let period = match frequency {
            Frequency::Daily => chrono::Duration::days(1),
            Frequency::Weekly => chrono::Duration::weeks(1),
        };
        if chrono::Utc::now() - started < period - chrono::Duration::hours(1) {
            println!(
                "no new {} run is composed now: the run just finished began {} minutes ago; the next `pledgewatch digest run` composes one",
                frequency.code(),
                (chrono::Utc::now() - started).num_minutes()
            );
            return Ok(());
        }
    }
    let Composing { mailroom, catalog } = Composing::load(db, settings).await?;
    let composing = bar("composing");
    let mut progress = |done: u64, total: u64| {
        composing.set_length(total);
        composing.set_position(done);
    };
    let report = if dry_run {
        digests::dry_run(db, &mailroom, &catalog, frequency, &mut progress).await?
    } else {
        digests::run(
            db,
            &mailroom,
            &catalog,
            frequency,
            settings.mail.pause_after,
            &mut progress,
        )
        .await?
    };
    composing.finish();
    match report.run_id {
        None => println!(
            "dry run: {} of {} {} subscribers would get a digest; nothing was written",
            report.digests,
            report.subscribers,
            frequency.code()
        ),
        Some(id) => println!(
            "run {id}{}: {} digests enqueued for {} subscribers",
            if report.resumed {
                " resumed, its composing finished"
            } else {
                ""
            },
            report.digests,
            report.subscribers
        ),
    }
    let Some(run_id) = report.run_id.filter(|_| send) else {
        return Ok(());
    };
    deliver(db, &worker, run_id, settings.mail.idle_wait).await
}

/// Finishes what an interrupted `digest run` left: takes back the claims of processes on
/// this host that are gone, then delivers every composed run of this frequency that still
/// has messages waiting (or leaves them to the workers with `--no-send`). Returns when the
/// newest of them began, if there was one.
async fn finish_interrupted(
    db: &Db,
    worker: &Worker,
    frequency: Frequency,
    send: bool,
) -> anyhow::Result<Option<chrono::DateTime<chrono::Utc>>> {
    let mut newest = None;
    let taken = worker.take_back_orphans().await?;
    if taken > 0 {
        println!("{taken} messages taken back from a process that is gone");
    }
    for run in db.unfinished_digest_runs(frequency).await? {
        newest = Ord::max(newest, Some(run.started_at));
        let delivery = db.digest_run_delivery(run.id).await?;
        let left = delivery.waiting();
        if run.paused {
            println!(
                "run {} is paused with {left} left to send: {}; see /admin/email, or `pledgewatch digest resume {}`",
                run.id,
                run.pause_reason.as_deref().unwrap_or("no reason recorded"),
                run.id
            );
        } else if send {
            println!("run {} resumed: {left} left to send", run.id);
            deliver(db, worker, run.id, std::time::Duration::from_millis(250)).await?;
        } else {
            println!(
                "run {} has {left} left to send; the workers will send them",
                run.id
            );
        }
    }
    Ok(newest)
}

/// Delivers a run until none of its messages waits, with a progress bar; an error if the
/// run pauses meanwhile.
async fn deliver(
    db: &Db,
    worker: &Worker,
    run_id: i32,
    idle_wait: std::time::Duration,
) -> anyhow::Result<()> {
    let sending = bar("sending");
    loop {
        // The worker delivers without pause; the bar follows the run's rows meanwhile.
        let follow = async {
            loop {
                let _ = show_delivery(db, run_id, &sending).await;
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            }
        };
        let drained = tokio::select! {
            drained = worker.drain() => drained?,
            never = follow => match never {},
        };
        if show_delivery(db, run_id, &sending).await? == 0 {
            break;
        }
        let run = db.digest_run(run_id).await?;
        if run.paused {
            sending.abandon();
            anyhow::bail!(
                "run {run_id} paused: {}; see /admin/email, then `pledgewatch digest resume {run_id}`",
                run.pause_reason.as_deref().unwrap_or("no reason recorded")
            );
        }
        if drained.claimed == 0 {
            // Everything left waits out a backoff, or is being sent by another worker.
            tokio::time::sleep(idle_wait).await;
        }
    }
    sending.finish();
    let delivery = db.digest_run_delivery(run_id).await?;
    println!(
        "run {run_id}: {} sent, {} failed for good, {} skipped because their subscriber left",
        delivery.get(OutboxStatus::Sent),
        delivery.get(OutboxStatus::Dead),
        delivery.get(OutboxStatus::Skipped)
    );
    Ok(())
}

/// Moves the bar to the run's delivered count; returns how many of its messages wait.
async fn show_delivery(db: &Db, run_id: i32, bar: &ProgressBar) -> anyhow::Result<u64> {
    let delivery = db.digest_run_delivery(run_id).await?;
    bar.set_length(delivery.total());
    bar.set_position(delivery.settled());
    Ok(delivery.waiting())
}
