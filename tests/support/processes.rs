//! The real command line as child processes mailing a test SMTP server, waiting on them,
//! and the tally a reliability test reports: messages expected, delivered (distinct
//! Message-IDs), duplicated and lost, and how long delivery took to recover.

use crate::TestApp;
use crate::smtp::{Received, SmtpSink};
use std::collections::{HashMap, HashSet};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};
use tokio::time::{Instant, sleep};

/// `pledgewatch ARGS` (the binary at `cli`, which only the integration tests are told of)
/// against the app's database, mailing `sink` and naming itself `helo`, with a short lease
/// and quick retries unless `env` says otherwise. Output is discarded; call
/// `.stdout(Stdio::piped())` to read it.
pub fn mailing_cli(
    cli: &str,
    app: &TestApp,
    sink: &SmtpSink,
    helo: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Command {
    let mut command = Command::new(cli);
    command
        .args(args)
        .env("DATABASE_URL", &app.test_db.url)
        .env("PLEDGEWATCH_PUBLIC_URL", app.url(""))
        .env("PLEDGEWATCH_SMTP_URL", sink.url())
        .env("PLEDGEWATCH_SMTP_HELO", helo)
        .env("PLEDGEWATCH_MAIL_LEASE_SECS", "5")
        .env("PLEDGEWATCH_WORKER_IDLE_MS", "100")
        .env("PLEDGEWATCH_RETRY_BASE_MS", "100")
        .env("PLEDGEWATCH_LOG", "error")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    command
}

/// Polls until `done` holds; false if the child exited first. Panics after two minutes.
pub async fn until(child: &mut Child, what: &str, mut done: impl AsyncFnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if done().await {
            return true;
        }
        if child.try_wait().expect("child status").is_some() {
            return false;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        sleep(Duration::from_millis(5)).await;
    }
}

/// The outbox's messages with this status (`pending`, `sending`, `sent`, `dead`, `skipped`).
pub async fn outbox(app: &TestApp, status: &str) -> u64 {
    let counts = app.test_db.db.outbox_counts().await.expect("counts");
    counts.get(persistence::outbox::OutboxStatus::parse(status).expect("a status"))
}

/// Received messages grouped by Message-ID.
pub fn by_message_id(received: &[Received]) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for m in received {
        *seen
            .entry(m.header("Message-ID").expect("a Message-ID"))
            .or_insert(0) += 1;
    }
    seen
}

pub fn recipients(received: &[Received]) -> HashSet<String> {
    received.iter().flat_map(|m| m.rcpt_to.clone()).collect()
}

/// What a fault test saw, printed in one line that RELIABILITY.md quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub expected: usize,
    pub delivered: usize,
    pub duplicated: usize,
    pub lost: usize,
}

impl Tally {
    /// Counts what `sink` received against the `expected` distinct messages.
    pub fn of(sink: &SmtpSink, expected: usize) -> Self {
        let received = sink.received();
        let delivered = by_message_id(&received).len();
        Self {
            expected,
            delivered,
            duplicated: received.len() - delivered,
            lost: expected.saturating_sub(delivered),
        }
    }

    pub fn report(&self, test: &str, recovered: Duration) {
        eprintln!(
            "RELIABILITY {test}: expected {}, delivered {}, duplicated {}, lost {}; recovered in {:.2} s",
            self.expected,
            self.delivered,
            self.duplicated,
            self.lost,
            recovered.as_secs_f64()
        );
    }
}
