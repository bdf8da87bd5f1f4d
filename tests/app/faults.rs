//! Mail faults through the real processes: a server that refuses every recipient pauses
//! its run at once and kills nothing; one refused mailbox is dead alone and can be sent
//! again; a pause stops sending within the connections in flight; a `digest run` or a
//! worker killed with SIGKILL is finished by the next one at once, not after the lease.
//! Each test prints a RELIABILITY line (expected, delivered, duplicated, lost, time to
//! recover) that RELIABILITY.md quotes.

use crate::CLI;
use crate::delivery::compose;
use domain::{Frequency, Role, Scope};
use pledgewatch_tests::fixtures::{confirmed_subscribers, record_delivery};
use pledgewatch_tests::processes::{Tally, mailing_cli, outbox, until};
use pledgewatch_tests::smtp::{Mode, SmtpSink};
use pledgewatch_tests::{Backend, TestApp};
use std::process::Stdio;
use std::time::Duration;
use tokio::time::{Instant, sleep};

const PLEDGE: &str = "france-109bn-ai-investment";
/// The shipped settings: four connections, five recipients in a row.
const CONNECTIONS: u64 = 4;
const SAME_ANSWER: u64 = 5;

async fn app_with_run(sink_mode: Mode, readers: u32, pause_after: i32) -> (SmtpSink, TestApp, i32) {
    let sink = SmtpSink::start(sink_mode).await;
    let app = TestApp::spawn(Backend::Sqlite).await.expect("sqlite");
    record_delivery(&app, PLEDGE).await;
    confirmed_subscribers(
        &app.test_db.db,
        readers,
        Frequency::Weekly,
        Scope::Everything,
    )
    .await;
    let run = compose(&app, pause_after).await;
    (sink, app, run)
}

/// Runs `pledgewatch ARGS` to its end and returns what it printed.
async fn cli_output(app: &TestApp, sink: &SmtpSink, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = mailing_cli(CLI, app, sink, "cli", args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .await
        .expect("the command runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "pledgewatch {args:?} failed: {text}");
    text
}

/// Runs a worker process until the queue holds nothing pending or being sent.
async fn deliver_all(app: &TestApp, sink: &SmtpSink, env: &[(&str, &str)]) {
    let mut worker = mailing_cli(CLI, app, sink, "worker", &["worker"], env)
        .spawn()
        .expect("worker");
    let done = until(&mut worker, "the queue to empty", async || {
        outbox(app, "pending").await == 0 && outbox(app, "sending").await == 0
    })
    .await;
    assert!(done, "the worker exited early");
    worker.kill().await.expect("stop the worker");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_refusing_every_recipient_pauses_the_run_and_kills_nothing() {
    const N: u32 = 600;
    let (sink, app, run) = app_with_run(Mode::DenyRelay, N, 50).await;
    let db = &app.test_db.db;

    let mut worker = mailing_cli(CLI, &app, &sink, "w", &["worker"], &[])
        .spawn()
        .expect("worker");
    let paused = until(&mut worker, "the run to pause", async || {
        db.digest_run(run).await.unwrap().paused
    })
    .await;
    assert!(paused, "the worker exited before pausing");
    // What was on the wire when the run paused has its answer by now.
    sleep(Duration::from_millis(500)).await;
    worker.kill().await.expect("SIGKILL");

    let stopped = db.digest_run(run).await.unwrap();
    let reason = stopped.pause_reason.clone().unwrap_or_default();
    assert!(reason.contains("5.7.1 relaying denied"), "{reason}");
    assert!(reason.contains("different recipients in a row"), "{reason}");
    assert_eq!(outbox(&app, "dead").await, 0, "nothing is marked dead");
    assert_eq!(
        outbox(&app, "pending").await,
        u64::from(N),
        "all wait for the fix"
    );
    let tried = sink.refused();
    eprintln!("relay denied: {tried} messages tried before the pause took hold");
    assert!(
        tried < SAME_ANSWER + CONNECTIONS,
        "{tried} tries: the pause overshot the {SAME_ANSWER} in a row by more than the connections in flight"
    );

    // The answer is shown where an admin looks.
    let status = cli_output(&app, &sink, &["digest", "status"], &[]).await;
    assert!(
        status.contains("PAUSED") && status.contains("relaying denied"),
        "{status}"
    );
    let password = app.add_user("root@example.org", Role::Admin).await;
    let admin = app.browser();
    admin.login("root@example.org", &password).await;
    let page = admin.get("/admin/email").await.text().await.unwrap();
    assert!(page.contains("relaying denied"), "{page}");

    // Fixed, and resumed from the command line: everything goes, once.
    sink.set_mode(Mode::Accept);
    let fixed = Instant::now();
    let resumed = cli_output(&app, &sink, &["digest", "resume", &run.to_string()], &[]).await;
    assert!(resumed.contains(&format!("run {run} resumed")), "{resumed}");
    deliver_all(&app, &sink, &[]).await;
    let tally = Tally::of(&sink, N as usize);
    tally.report(
        "relay denied to every recipient, then fixed",
        fixed.elapsed(),
    );
    assert_eq!(
        (tally.delivered, tally.duplicated, tally.lost),
        (N as usize, 0, 0)
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pause_stops_sending_within_the_connections_in_flight() {
    const N: u32 = 600;
    const PAUSE_AFTER: i32 = 50;
    let (sink, app, run) = app_with_run(Mode::FailData, N, PAUSE_AFTER).await;
    let db = &app.test_db.db;
    // Slow retries, so every failure counted is a first try.
    let env = [("PLEDGEWATCH_RETRY_BASE_MS", "600000")];
    let mut worker = mailing_cli(CLI, &app, &sink, "w", &["worker"], &env)
        .spawn()
        .expect("worker");
    let paused = until(&mut worker, "the run to pause", async || {
        db.digest_run(run).await.unwrap().paused
    })
    .await;
    assert!(paused);
    sleep(Duration::from_millis(500)).await;
    worker.kill().await.expect("SIGKILL");

    let stopped = db.digest_run(run).await.unwrap();
    let tried = sink.refused();
    eprintln!(
        "451 to every message: {} failures counted, {tried} tried, against a limit of {PAUSE_AFTER}",
        stopped.failures
    );
    assert!(
        (PAUSE_AFTER..PAUSE_AFTER + CONNECTIONS as i32).contains(&stopped.failures),
        "{} failures counted against a limit of {PAUSE_AFTER}",
        stopped.failures
    );
    assert!(tried < PAUSE_AFTER as u64 + CONNECTIONS);
    assert_eq!(
        outbox(&app, "sending").await,
        0,
        "claimed but untried went back"
    );
    assert_eq!(outbox(&app, "dead").await, 0);

    sink.set_mode(Mode::Accept);
    let fixed = Instant::now();
    cli_output(&app, &sink, &["digest", "resume", &run.to_string()], &[]).await;
    deliver_all(&app, &sink, &[]).await;
    let tally = Tally::of(&sink, N as usize);
    tally.report(
        "451 to every message, paused at 50, then fixed",
        fixed.elapsed(),
    );
    assert_eq!((tally.delivered, tally.lost), (N as usize, 0));
    assert_eq!(tally.duplicated, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_mailbox_is_dead_alone_and_retry_dead_sends_it_with_its_message_id() {
    const N: u32 = 40;
    let (sink, app, run) = app_with_run(Mode::Accept, N, 50).await;
    let db = &app.test_db.db;
    let unknown = [
        "reader3@example.org",
        "reader7@example.org",
        "reader11@example.org",
    ];
    sink.set_unknown(&unknown);

    deliver_all(&app, &sink, &[]).await;
    assert_eq!(outbox(&app, "dead").await, 3, "each refused mailbox alone");
    assert_eq!(outbox(&app, "sent").await, u64::from(N) - 3);
    assert!(!db.digest_run(run).await.unwrap().paused);

    // One of them leaves; the others' mailboxes are fixed.
    let subs = db.confirmed_subscriptions(Frequency::Weekly).await.unwrap();
    let id_of = |email: &str| {
        subs.iter()
            .find(|s| s.subscription.email.as_str() == email)
            .map(|s| s.id)
            .expect("a subscriber")
    };
    db.unsubscribe(id_of("reader7@example.org")).await.unwrap();
    sink.set_unknown(&[]);
    let out = cli_output(
        &app,
        &sink,
        &["digest", "retry-dead", &run.to_string()],
        &[],
    )
    .await;
    assert!(out.contains("2 dead messages re-queued"), "{out}");
    assert!(out.contains("1 skipped"), "{out}");
    let fixed = Instant::now();
    deliver_all(&app, &sink, &[]).await;

    let received = sink.received();
    let host = received[0]
        .header("Message-ID")
        .and_then(|id| id.split_once('@').map(|(_, h)| h.to_owned()))
        .expect("a Message-ID");
    for email in ["reader3@example.org", "reader11@example.org"] {
        let got: Vec<_> = received
            .iter()
            .filter(|m| m.rcpt_to.iter().any(|r| r.contains(email)))
            .collect();
        assert_eq!(got.len(), 1, "{email} got its digest once");
        assert_eq!(
            got[0].header("Message-ID"),
            Some(format!("<digest.{run}.{}@{host}", id_of(email))),
            "the Message-ID it was stored with"
        );
    }
    assert!(
        !received
            .iter()
            .any(|m| m.rcpt_to.iter().any(|r| r.contains("reader7@"))),
        "nothing to a subscriber who left"
    );
    let tally = Tally::of(&sink, N as usize - 1);
    tally.report(
        "three refused mailboxes, two fixed and re-queued",
        fixed.elapsed(),
    );
    assert_eq!((tally.duplicated, tally.lost), (0, 0));
    assert_eq!(outbox(&app, "skipped").await, 1);
    app.stop().await;
}

/// A killed process's claims come back at once: the lease here is two minutes, and the
/// test allows twenty seconds.
const LONG_LEASE: [(&str, &str); 1] = [("PLEDGEWATCH_MAIL_LEASE_SECS", "120")];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_digest_run_is_finished_by_the_next_at_once() {
    const N: u32 = 2_000;
    let sink = SmtpSink::start(Mode::Accept).await;
    let app = TestApp::spawn(Backend::Sqlite).await.expect("sqlite");
    let db = &app.test_db.db;
    record_delivery(&app, PLEDGE).await;
    confirmed_subscribers(db, N, Frequency::Weekly, Scope::Everything).await;

    let args = ["digest", "run", "--frequency", "weekly"];
    let mut first = mailing_cli(CLI, &app, &sink, "first", &args, &LONG_LEASE)
        .spawn()
        .expect("digest run");
    let reached = until(&mut first, "sending to start", async || {
        sink.count() >= N as usize / 4
    })
    .await;
    assert!(reached, "the first run ended before a quarter was sent");
    first.kill().await.expect("SIGKILL");
    let in_flight = outbox(&app, "sending").await;
    let left = outbox(&app, "pending").await + in_flight;
    assert!(left > 0, "killed before the end");

    let restarted = Instant::now();
    let out = cli_output(&app, &sink, &args, &LONG_LEASE).await;
    let recovered = restarted.elapsed();
    assert!(
        out.contains(&format!("run 1 resumed: {left} left to send")),
        "{out}"
    );
    assert!(
        recovered < Duration::from_secs(20),
        "took {recovered:?}: waited out the lease"
    );
    let tally = Tally::of(&sink, N as usize);
    tally.report("digest run killed with SIGKILL, run again", recovered);
    assert_eq!((tally.delivered, tally.lost), (N as usize, 0));
    assert!(
        tally.duplicated as u64 <= in_flight,
        "{} duplicates, {in_flight} in flight at the kill",
        tally.duplicated
    );
    assert_eq!(outbox(&app, "sent").await, u64::from(N));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_workers_claims_are_taken_back_at_once() {
    const N: u32 = 2_000;
    let (sink, app, _) = app_with_run(Mode::Accept, N, 50).await;
    let mut first = mailing_cli(CLI, &app, &sink, "first", &["worker"], &LONG_LEASE)
        .spawn()
        .expect("worker");
    let reached = until(&mut first, "sending to start", async || {
        sink.count() >= N as usize / 3
    })
    .await;
    assert!(reached);
    first.kill().await.expect("SIGKILL");
    let in_flight = outbox(&app, "sending").await;
    assert!(in_flight > 0, "the killed worker held claims");

    let restarted = Instant::now();
    deliver_all(&app, &sink, &LONG_LEASE).await;
    let recovered = restarted.elapsed();
    let tally = Tally::of(&sink, N as usize);
    tally.report("worker killed with SIGKILL, another started", recovered);
    assert!(
        recovered < Duration::from_secs(20),
        "took {recovered:?}: waited out the lease"
    );
    assert_eq!((tally.delivered, tally.lost), (N as usize, 0));
    assert!(tally.duplicated as u64 <= in_flight);
    app.stop().await;
}
