//! The digest benchmark (issue 5). On a fresh SQLite file with the seed data, a week of
//! follow-ups and 100,000 confirmed weekly subscribers, it composes every digest into the
//! outbox, then delivers them over SMTP to a local sink, and in the same run pushes the
//! same stored messages into the same sink with a plain SMTP client (the baseline, before
//! and after). It prints messages per second, the ratio, and peak resident memory.
//!
//! `cargo run --release -p pledgewatch-tests --bin digest-bench [-- --subscribers N --connections N --batch N]`

use chrono::Utc;
use domain::{
    DeliveryStatus, Draft, Evidence, Frequency, LongText, Progress, Proposal, Scope, SourceTier,
    Title, WebUrl,
};
use pledgewatch_tests::fixtures::subscribers_since;
use pledgewatch_tests::smtp::{Mode, SmtpSink};
use pledgewatch_tests::smtp_baseline::{dot_stuff, plain_send};
use std::sync::Arc;
use std::time::Instant;
use web::mail::settings::{Destination, SmtpServer};
use web::mail::{MailSettings, Worker, digests};

/// Follow-ups recorded in the week the digests cover.
const WEEK_OF_NEWS: usize = 12;
/// Stored messages the baseline sends, going round them.
const BASELINE_SAMPLE: u64 = 2_000;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse().expect("a whole number"))
        .unwrap_or(default)
}

/// Peak resident memory so far, in MB (VmHWM).
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM); false if refused.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

async fn record_week_of_news(db: &persistence::Db) -> anyhow::Result<()> {
    let catalog = web::readmodel::load_catalog(db).await?;
    let slugs: Vec<_> = catalog
        .pledges()
        .filter(|(p, _)| !p.state.delivery.is_final())
        .map(|(p, _)| p.slug.clone())
        .take(WEEK_OF_NEWS)
        .collect();
    for (i, slug) in slugs.iter().enumerate() {
        let draft = Draft {
            author: "Bench Editor".into(),
            recorded_at: Utc::now(),
            occurred_on: Utc::now().date_naive(),
            proposal: Proposal {
                delivery: (i % 3 == 0).then_some(DeliveryStatus::InProgress),
                progress: Some(Progress::parse("progress", 10 + i as i64)?),
                ..Proposal::default()
            },
            note: Some(LongText::parse(
                "note",
                "Procurement notice published; first tranche <committed> & audited.",
            )?),
            evidence: vec![Evidence {
                url: WebUrl::parse("url", &format!("https://example.org/notice?id={i}&v=2"))?,
                title: Title::parse("title", "Procurement notice")?,
                publisher: None,
                tier: SourceTier::OfficialRecord,
                archived_url: None,
            }],
        };
        db.record_follow_up(slug, draft, None).await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let subscribers = arg("--subscribers", 100_000) as u32;
    let connections = arg("--connections", 4);
    let dir = tempfile::tempdir()?;
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let db = persistence::Db::connect(&url, web::config::DEFAULT_DB_TIMEOUT).await?;
    web::startup::prepare(&db, true).await?;
    // Subscribed before the week began: each digest holds the week's news.
    let last_week = db.newest_follow_up().await?;
    record_week_of_news(&db).await?;
    let setup = Instant::now();
    subscribers_since(
        &db,
        subscribers,
        Frequency::Weekly,
        Scope::Everything,
        last_week,
    )
    .await;
    eprintln!(
        "{subscribers} subscribers written in {:.1?}",
        setup.elapsed()
    );

    let sink = SmtpSink::start(Mode::Discard).await;
    let mut mail = MailSettings::to_folder(dir.path().join("unused"));
    mail.destination = Destination::Smtp(SmtpServer::parse(&sink.url())?);
    mail.connections = connections;
    mail.batch = arg("--batch", mail.batch as usize) as u64;
    mail.worker_in_serve = false;
    let tera = Arc::new(web::templates::load(None)?);
    let mailroom = web::root::mailroom(&db, tera, &mail, "https://pledgewatch.example.org").await?;
    let catalog = web::readmodel::load_catalog(&db).await?;

    let peak_reset = reset_peak();
    let started = Instant::now();
    let report = digests::run(
        &db,
        &mailroom,
        &catalog,
        Frequency::Weekly,
        1_000_000,
        &mut |_, _| {},
    )
    .await?;
    let compose_secs = started.elapsed().as_secs_f64();
    let compose_peak = peak_mb();
    anyhow::ensure!(
        report.digests == u64::from(subscribers),
        "every subscriber gets a digest"
    );

    // The baseline sends stored messages byte for byte: borrow some with a short lease,
    // which runs out before the worker starts.
    let sample: Vec<Vec<u8>> = db
        .claim_emails(
            BASELINE_SAMPLE,
            chrono::Duration::seconds(1),
            "benchmark baseline",
            Utc::now(),
        )
        .await?
        .into_iter()
        .map(|c| dot_stuff(c.message.raw.as_bytes()))
        .collect();
    let average_bytes = sample.iter().map(Vec::len).sum::<usize>() / sample.len().max(1);
    let sample = Arc::new(sample);
    let baseline_total = (subscribers as usize / 2).max(1);
    let baseline = async || {
        let before = sink.count();
        let started = Instant::now();
        plain_send(sink.addr, Arc::clone(&sample), baseline_total, connections).await;
        let secs = started.elapsed().as_secs_f64();
        assert_eq!(sink.count() - before, baseline_total);
        baseline_total as f64 / secs
    };
    let baseline_before = baseline().await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    let peak_reset = reset_peak() && peak_reset;
    let worker = Worker::new(db.clone(), mail);
    let before = sink.count();
    let started = Instant::now();
    let delivered = worker.drain().await?;
    let deliver_secs = started.elapsed().as_secs_f64();
    let deliver_peak = peak_mb();
    anyhow::ensure!(
        delivered.sent == subscribers as usize && sink.count() - before == subscribers as usize,
        "every digest delivered once: {delivered:?}"
    );
    let baseline_after = baseline().await;

    let compose_rate = f64::from(subscribers) / compose_secs;
    let deliver_rate = f64::from(subscribers) / deliver_secs;
    let baseline_rate = (baseline_before + baseline_after) / 2.0;
    println!(
        "subscribers: {subscribers}, SMTP connections: {connections}, average message: {average_bytes} bytes"
    );
    println!(
        "compose: {:.0} digests/s ({compose_secs:.1} s), peak {compose_peak:.0} MB",
        compose_rate
    );
    println!(
        "deliver: {deliver_rate:.0} messages/s ({deliver_secs:.1} s), peak {deliver_peak:.0} MB"
    );
    println!(
        "plain client: {baseline_before:.0} messages/s before, {baseline_after:.0} after, {:.0} mean",
        baseline_rate
    );
    println!(
        "delivery / plain client: {:.0}%",
        100.0 * deliver_rate / baseline_rate
    );
    if !peak_reset {
        println!("(peaks are of the whole process: this kernel refused to reset VmHWM)");
    }
    Ok(())
}
