//! The `pledgewatch digest` commands: run a digest (with a progress bar), resume a paused
//! run, show the queue.

use crate::config::Settings;
use crate::mail::{Mailroom, Worker, digests};
use domain::Frequency;
use indicatif::{ProgressBar, ProgressStyle};
use persistence::Db;
use std::sync::Arc;

pub enum DigestCommand {
    Run {
        frequency: String,
        dry_run: bool,
        send: bool,
    },
    Resume {
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
        DigestCommand::Status => {
            let counts = db.outbox_counts().await?;
            println!("queue: {counts:?}");
            for r in db.digest_runs(10).await? {
                let delivery = db.digest_run_delivery(r.id).await?;
                println!(
                    "run {} {} started {}: {} subscribers, {} digests, {}{}; delivery {delivery:?}",
                    r.id,
                    r.frequency.code(),
                    r.started_at.format("%Y-%m-%d %H:%M"),
                    r.subscribers,
                    r.digests,
                    if r.composing { "composing" } else { "composed" },
                    if r.paused { ", PAUSED" } else { "" },
                );
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
    let templates = Arc::new(crate::templates::load(
        std::env::var("PLEDGEWATCH_TEMPLATES_DIR").ok().as_deref(),
    )?);
    let public_url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", settings.bind));
    let mailroom = Mailroom::load(db, templates, &settings.mail, &public_url).await?;
    let catalog = crate::readmodel::load_catalog(db).await?;
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
            if report.resumed { " (resumed)" } else { "" },
            report.digests,
            report.subscribers
        ),
    }
    let Some(run_id) = report.run_id.filter(|_| send) else {
        return Ok(());
    };
    let sending = bar("sending");
    let worker = Worker::new(db.clone(), settings.mail.clone());
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
        if db.digest_run(run_id).await?.paused {
            sending.abandon();
            anyhow::bail!(
                "run {run_id} paused after repeated failures; see /admin/email, then `pledgewatch digest resume {run_id}`"
            );
        }
        if drained.claimed == 0 {
            // Everything left waits out a backoff.
            tokio::time::sleep(settings.mail.idle_wait).await;
        }
    }
    sending.finish();
    let delivery = db.digest_run_delivery(run_id).await?;
    println!(
        "run {run_id}: {} sent, {} not sent",
        delivery.get("sent").copied().unwrap_or(0),
        delivery.get("dead").copied().unwrap_or(0)
    );
    Ok(())
}

/// Moves the bar to the run's delivered count; returns how many of its messages wait.
async fn show_delivery(db: &Db, run_id: i32, bar: &ProgressBar) -> anyhow::Result<u64> {
    let delivery = db.digest_run_delivery(run_id).await?;
    let n = |s: &str| delivery.get(s).copied().unwrap_or(0);
    bar.set_length(delivery.values().sum());
    bar.set_position(n("sent") + n("dead"));
    Ok(n("pending") + n("sending"))
}
