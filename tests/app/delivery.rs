//! Delivery that loses nothing: the real `pledgewatch` binary killed with SIGKILL again and
//! again during a digest run of thousands, an SMTP server that is down, refusing and
//! failing for a while, a run that pauses until an admin resumes it, and two worker
//! processes sharing one run on PostgreSQL.

use domain::{Frequency, Role, Scope};
use pledgewatch_tests::fixtures::{confirmed_subscribers, record_delivery, run_digest};
use pledgewatch_tests::processes::{by_message_id, mailing_cli, outbox, recipients, until};
use pledgewatch_tests::smtp::{Mode, SmtpSink};
use pledgewatch_tests::{Backend, TestApp, hidden};
use std::collections::HashMap;
use std::time::Duration;
use tokio::process::Child;
use tokio::time::{Instant, sleep};
use web::mail::Worker;

const PLEDGE: &str = "france-109bn-ai-investment";

fn cli(app: &TestApp, sink: &SmtpSink, helo: &str, args: &[&str]) -> Child {
    mailing_cli(crate::CLI, app, sink, helo, args, &[])
        .spawn()
        .expect("the pledgewatch binary starts")
}

const READERS: u32 = 3_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_again_and_again_loses_nothing() {
    let sink = SmtpSink::start(Mode::Accept).await;
    let app = TestApp::spawn(Backend::Sqlite).await.expect("sqlite");
    let db = &app.test_db.db;
    record_delivery(&app, PLEDGE).await;
    confirmed_subscribers(db, READERS, Frequency::Weekly, Scope::Everything).await;
    let total = READERS as usize;
    let mut in_flight = Vec::new();

    // Killed while composing: the next run picks up where it stopped.
    let mut child = cli(
        &app,
        &sink,
        "crash",
        &["digest", "run", "--frequency", "weekly"],
    );
    until(&mut child, "composing to start", async || {
        db.digest_runs(1)
            .await
            .unwrap()
            .first()
            .is_some_and(|r| r.subscribers >= 500)
    })
    .await;
    child.kill().await.expect("SIGKILL");
    in_flight.push(outbox(&app, "sending").await);

    // Killed while sending, three times, by `digest run` and by `pledgewatch worker`.
    for (args, at) in [
        (&["digest", "run", "--frequency", "weekly"][..], total / 4),
        (&["worker"][..], total / 2),
        (&["worker"][..], total * 3 / 4),
    ] {
        let mut child = cli(&app, &sink, "crash", args);
        let reached = until(&mut child, "delivery to progress", async || {
            sink.count() >= at
        })
        .await;
        assert!(reached, "{args:?} stopped before {at} messages");
        child.kill().await.expect("SIGKILL");
        let sending = outbox(&app, "sending").await;
        assert!(
            sink.count() < total,
            "killed before the run ended ({} of {total} arrived)",
            sink.count()
        );
        in_flight.push(sending);
    }

    // Restarted for good: everything left arrives.
    let mut child = cli(&app, &sink, "crash", &["worker"]);
    let settled = until(&mut child, "the queue to empty", async || {
        outbox(&app, "sent").await >= total as u64
            && outbox(&app, "pending").await == 0
            && outbox(&app, "sending").await == 0
    })
    .await;
    assert!(settled, "the last worker exited early");
    child.kill().await.expect("SIGKILL");

    let received = sink.received();
    let ids = by_message_id(&received);
    let duplicates = received.len() - ids.len();
    let allowed: u64 = in_flight.iter().sum();
    eprintln!(
        "crash test: {} received, {} distinct, {duplicates} duplicates; in flight at the kills: {in_flight:?}",
        received.len(),
        ids.len()
    );
    assert_eq!(ids.len(), total, "every subscriber's digest arrived");
    assert_eq!(recipients(&received).len(), total, "to every subscriber");
    assert!(
        duplicates as u64 <= allowed,
        "{duplicates} duplicates, but only {allowed} messages were in flight at the kills"
    );
    let runs = db.digest_runs(10).await.unwrap();
    assert_eq!(
        runs.iter().map(|r| i64::from(r.digests)).sum::<i64>(),
        i64::from(READERS),
        "one digest per subscriber across the resumed run: {runs:?}"
    );
    assert_eq!(outbox(&app, "dead").await, 0);
    app.stop().await;
}

pub(crate) async fn compose(app: &TestApp, pause_after: i32) -> i32 {
    let report = run_digest(app, Frequency::Weekly, pause_after).await;
    report.run_id.unwrap()
}

/// An app mailing a sink in `mode`, with a weekly run of `n` digests composed and a worker
/// to drain it; None when PostgreSQL is unreachable outside CI.
async fn queued(
    backend: Backend,
    mode: Mode,
    n: u32,
    pause_after: i32,
) -> Option<(SmtpSink, TestApp, Worker, i32)> {
    let sink = SmtpSink::start(mode).await;
    let mail = TestApp::smtp_settings(&sink);
    let app = TestApp::spawn_with_mail(backend, mail.clone()).await?;
    let db = app.test_db.db.clone();
    record_delivery(&app, PLEDGE).await;
    confirmed_subscribers(&db, n, Frequency::Weekly, Scope::Everything).await;
    let run = compose(&app, pause_after).await;
    Some((sink, app, Worker::new(db, mail), run))
}

/// Waits out the retry backoff of `attempts` failures (100 ms doubling in these tests),
/// then tries everything due once: one step, as the batch holds them all, so that no
/// message is retried twice within one call however slow the machine.
async fn retry(worker: &Worker, attempts: u32) -> web::mail::worker::StepReport {
    sleep(Duration::from_millis(60 * 2u64.pow(attempts))).await;
    worker.step().await.unwrap()
}

async fn outage(backend: Backend) {
    const N: u32 = 40;
    let Some((sink, app, worker, _)) = queued(backend, Mode::Accept, N, 10_000).await else {
        return;
    };

    // Down: connections refused.
    sink.down();
    let step = worker.step().await.unwrap();
    assert_eq!((step.sent, step.failed), (0, N as usize));
    // Back, but answering 421 to every connection.
    sink.set_mode(Mode::RefuseConnections);
    sink.up().await;
    let step = retry(&worker, 1).await;
    assert_eq!((step.sent, step.failed), (0, N as usize));
    // Taking connections but refusing every message with 451.
    sink.set_mode(Mode::FailData);
    let step = retry(&worker, 2).await;
    assert_eq!((step.sent, step.failed), (0, N as usize));
    assert_eq!(sink.count(), 0);
    assert_eq!(
        outbox(&app, "pending").await,
        u64::from(N),
        "all still queued"
    );

    // Well again: everything arrives, once.
    sink.set_mode(Mode::Accept);
    let deadline = Instant::now() + Duration::from_secs(30);
    while sink.count() < N as usize {
        assert!(Instant::now() < deadline, "only {} arrived", sink.count());
        retry(&worker, 3).await;
    }
    let received = sink.received();
    assert_eq!(by_message_id(&received).len(), N as usize);
    assert_eq!(received.len(), N as usize, "nothing twice");
    assert_eq!(outbox(&app, "sent").await, u64::from(N));
    app.stop().await;
}

#[tokio::test]
async fn an_smtp_outage_loses_nothing_on_sqlite() {
    outage(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_smtp_outage_loses_nothing_on_postgres() {
    outage(Backend::Postgres).await;
}

async fn paused(backend: Backend) {
    const N: u32 = 20;
    let Some((sink, app, worker, run)) = queued(backend, Mode::FailData, N, 5).await else {
        return;
    };
    let db = &app.test_db.db;

    let step = worker.drain().await.unwrap();
    assert_eq!(step.paused, 1, "the fifth failure pauses the run");
    assert!(db.digest_run(run).await.unwrap().paused);
    // Paused: even when the server is well, nothing of the run goes out.
    sink.set_mode(Mode::Accept);
    let step = retry(&worker, 1).await;
    assert_eq!(step.claimed, 0);
    assert_eq!(sink.count(), 0);

    // The admin page shows it; an editor may not resume it; the admin does.
    let admin_pw = app.add_user("root@example.org", Role::Admin).await;
    let editor_pw = app.add_user("ed@example.org", Role::Editor).await;
    let admin = app.browser();
    admin.login("root@example.org", &admin_pw).await;
    let page = admin.get("/admin/email").await.text().await.unwrap();
    assert!(page.contains("Paused"), "{page}");
    assert!(
        page.contains(&format!("Queued: <strong>{N}</strong>")),
        "{page}"
    );
    assert!(
        page.contains("try again later"),
        "failures are listed: {page}"
    );
    let csrf = hidden(&page, "csrf").expect("the resume form");
    let path = format!("/admin/email/runs/{run}/resume");
    let editor = app.browser();
    editor.login("ed@example.org", &editor_pw).await;
    assert_eq!(editor.post(&path, &[("csrf", "x")]).await.status(), 403);
    assert_eq!(admin.post(&path, &[]).await.status(), 403, "no CSRF token");
    assert!(db.digest_run(run).await.unwrap().paused);
    assert_eq!(admin.post(&path, &[("csrf", &csrf)]).await.status(), 303);
    assert!(!db.digest_run(run).await.unwrap().paused);

    let step = worker.drain().await.unwrap();
    assert_eq!(
        step.sent, N as usize,
        "resumed at once, no backoff left to wait"
    );
    assert_eq!(by_message_id(&sink.received()).len(), N as usize);
    app.stop().await;
}

#[tokio::test]
async fn a_failing_run_pauses_until_an_admin_resumes_it_on_sqlite() {
    paused(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_failing_run_pauses_until_an_admin_resumes_it_on_postgres() {
    paused(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_worker_processes_share_a_run_on_postgres_without_sending_twice() {
    const N: u32 = 2_000;
    let sink = SmtpSink::start(Mode::Accept).await;
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let db = &app.test_db.db;
    record_delivery(&app, PLEDGE).await;
    confirmed_subscribers(db, N, Frequency::Weekly, Scope::Everything).await;
    compose(&app, 10_000).await;

    let mut a = cli(&app, &sink, "worker-a", &["worker"]);
    let mut b = cli(&app, &sink, "worker-b", &["worker"]);
    let done = until(&mut a, "both workers to deliver everything", async || {
        outbox(&app, "sent").await >= u64::from(N)
    })
    .await;
    assert!(done, "worker a exited early");
    assert!(b.try_wait().unwrap().is_none(), "worker b exited early");
    a.kill().await.unwrap();
    b.kill().await.unwrap();

    let received = sink.received();
    assert_eq!(received.len(), N as usize, "no message sent twice");
    assert_eq!(by_message_id(&received).len(), N as usize);
    let helos: HashMap<&str, usize> = received.iter().fold(HashMap::new(), |mut m, r| {
        *m.entry(r.helo.as_str()).or_insert(0) += 1;
        m
    });
    eprintln!("two workers: {helos:?}");
    assert!(
        helos.get("worker-a").is_some_and(|n| *n > 0)
            && helos.get("worker-b").is_some_and(|n| *n > 0),
        "both workers sent part of the run: {helos:?}"
    );
    app.stop().await;
}
