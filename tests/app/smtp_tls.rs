//! SMTP over TLS against a real TLS server: the test sink with a certificate made at test
//! time by a test CA, reached by STARTTLS (`tls=required`, `tls=opportunistic`) and by TLS
//! from the first byte (`smtps://`). Mail goes only when the CA is trusted through
//! `PLEDGEWATCH_SMTP_CA_FILE`; a refused certificate or a server without STARTTLS leaves
//! the digests queued for a retry, with a last error that says why, and the server gets
//! nothing. The delivery logic is the same on both backends (see `delivery.rs`), so these
//! run on SQLite only.

use domain::{Frequency, Scope};
use persistence::outbox::{FailedEmail, OutboxStatus, StatusCounts};
use pledgewatch_tests::fixtures::{confirmed_subscribers, record_delivery, run_digest};
use pledgewatch_tests::smtp::{Mode, Security, SmtpSink};
use pledgewatch_tests::tls::TestCa;
use pledgewatch_tests::{Backend, TestApp};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tempfile::TempDir;
use tokio::process::Command;
use web::mail::settings::{Destination, SmtpServer};
use web::mail::transport::Transport;
use web::mail::trust::CaFile;
use web::mail::{MailSettings, Worker};

const PLEDGE: &str = "france-109bn-ai-investment";
const READERS: u32 = 3;

/// How the client reaches the sink.
fn url(sink: &SmtpSink, how: &str) -> String {
    let port = sink.addr.port();
    match how {
        "smtps" => format!("smtps://localhost:{port}"),
        tls => format!("smtp://localhost:{port}?tls={tls}"),
    }
}

/// Mail settings for `url`, trusting the CA file at `ca` (besides the built-in roots).
fn settings(sink: &SmtpSink, url: &str, ca: Option<&Path>) -> MailSettings {
    let mut mail = TestApp::smtp_settings(sink);
    mail.destination = Destination::Smtp(SmtpServer::parse(url).expect("the URL parses"));
    mail.smtp_ca = ca.map(|path| CaFile::load(path).expect("the CA file loads"));
    mail
}

/// An app with a weekly digest composed for each of `READERS` subscribers, not yet sent.
async fn queued(mail: &MailSettings) -> TestApp {
    let app = TestApp::spawn_with_mail(Backend::Sqlite, mail.clone())
        .await
        .expect("sqlite");
    let db = &app.test_db.db;
    record_delivery(&app, PLEDGE).await;
    confirmed_subscribers(db, READERS, Frequency::Weekly, Scope::Everything).await;
    let report = run_digest(&app, Frequency::Weekly, 1_000).await;
    assert_eq!(report.digests, u64::from(READERS), "{report:?}");
    app
}

async fn outbox(app: &TestApp) -> StatusCounts {
    app.test_db.db.outbox_counts().await.expect("counts")
}

async fn failures(app: &TestApp) -> Vec<FailedEmail> {
    app.test_db.db.recent_email_failures(50).await.unwrap()
}

/// A CA, its certificate in a PEM file, and a sink speaking TLS with a certificate it
/// signed.
struct Tls {
    ca: TestCa,
    ca_file: PathBuf,
    _dir: TempDir,
}

impl Tls {
    fn new(ca_name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let ca = TestCa::new(ca_name);
        let ca_file = ca.write_pem(dir.path(), "ca.pem");
        Self {
            ca,
            ca_file,
            _dir: dir,
        }
    }

    async fn sink(&self, implicit: bool) -> SmtpSink {
        let server = self.ca.server();
        let security = if implicit {
            Security::Implicit(server)
        } else {
            Security::StartTls(server)
        };
        SmtpSink::start_with(Mode::Accept, security).await
    }
}

/// Delivers the queued digests over `how` with the CA trusted, and checks they all came
/// over TLS.
async fn delivered_over_tls(how: &str) {
    let tls = Tls::new("pledgewatch test CA");
    let sink = tls.sink(how == "smtps").await;
    // A bundle, as operators keep them: another CA first, then the one that matters.
    let bundle = tls.ca_file.with_file_name("bundle.pem");
    let other = TestCa::new("some other CA");
    std::fs::write(&bundle, format!("{}{}", other.pem(), tls.ca.pem())).unwrap();
    let mail = settings(&sink, &url(&sink, how), Some(&bundle));
    assert_eq!(mail.smtp_ca.as_ref().map(CaFile::len), Some(2));
    let app = queued(&mail).await;
    let started = Instant::now();
    let step = Worker::new(app.test_db.db.clone(), mail)
        .drain()
        .await
        .unwrap();
    let took = started.elapsed();
    let received = sink.received();
    eprintln!(
        "{how}: {} of {READERS} digests over TLS in {took:?}; {} failed handshakes",
        received.len(),
        sink.handshake_failures().len()
    );
    assert_eq!((step.sent, step.failed), (READERS as usize, 0), "{step:?}");
    assert_eq!(received.len(), READERS as usize);
    assert!(
        received.iter().all(|m| m.tls),
        "every message came over TLS"
    );
    assert!(
        received
            .iter()
            .all(|m| m.header("Message-ID").is_some() && m.header("List-Unsubscribe").is_some()),
        "whole digests arrived"
    );
    assert!(sink.handshake_failures().is_empty());
    assert_eq!(
        outbox(&app).await.get(OutboxStatus::Sent),
        u64::from(READERS)
    );
    app.stop().await;
}

#[tokio::test]
async fn starttls_required_delivers_over_tls_when_the_ca_file_is_trusted() {
    delivered_over_tls("required").await;
}

#[tokio::test]
async fn implicit_tls_delivers_when_the_ca_file_is_trusted() {
    delivered_over_tls("smtps").await;
}

#[tokio::test]
async fn opportunistic_tls_upgrades_when_offered_and_stays_plain_when_not() {
    let tls = Tls::new("pledgewatch test CA");
    let offering = tls.sink(false).await;
    let plain = SmtpSink::start(Mode::Accept).await;
    for (sink, over_tls) in [(&offering, true), (&plain, false)] {
        let mail = settings(sink, &url(sink, "opportunistic"), Some(&tls.ca_file));
        web::mail::transport::Mailer::new(&mail)
            .send(
                "opportunistic",
                "reader@example.org",
                "Subject: x\r\n\r\ny\r\n",
            )
            .await
            .expect("delivered");
        let received = sink.wait_for(1, Duration::from_secs(10)).await;
        assert_eq!(received[0].tls, over_tls);
    }
}

/// The sink's certificate is not trusted (`ca` is another CA's file, or none): nothing is
/// delivered, every digest stays pending with a last error naming the refused
/// certificate, and the sink saw only failed handshakes. Trusting the right CA then lets
/// the same rows go on their retry.
async fn refused(how: &str, other_ca: bool) {
    let tls = Tls::new("pledgewatch test CA");
    let sink = tls.sink(how == "smtps").await;
    let other = Tls::new("some other CA");
    let ca = other_ca.then_some(other.ca_file.as_path());
    let mut mail = settings(&sink, &url(&sink, how), ca);
    mail.retry_base = chrono::Duration::milliseconds(200);
    let app = queued(&mail).await;

    let step = Worker::new(app.test_db.db.clone(), mail.clone())
        .step()
        .await
        .unwrap();
    assert_eq!((step.sent, step.failed), (0, READERS as usize), "{step:?}");
    assert_eq!(sink.count(), 0, "the server received nothing");
    let refusals = sink.handshake_failures();
    assert!(!refusals.is_empty(), "the client hung up in the handshake");
    let counts = outbox(&app).await;
    assert_eq!(
        counts.get(OutboxStatus::Pending),
        u64::from(READERS),
        "{counts:?}"
    );
    assert_eq!(
        counts.get(OutboxStatus::Dead),
        0,
        "nothing given up: {counts:?}"
    );
    let failed = failures(&app).await;
    assert_eq!(failed.len(), READERS as usize);
    for f in &failed {
        assert_eq!((f.status, f.attempts), (OutboxStatus::Pending, 1), "{f:?}");
        assert!(
            f.last_error.contains("certificate was refused")
                && f.last_error.contains("UnknownIssuer"),
            "{}",
            f.last_error
        );
        let names_trust = if other_ca {
            f.last_error.contains(&other.ca_file.display().to_string())
        } else {
            f.last_error.contains("PLEDGEWATCH_SMTP_CA_FILE is not set")
        };
        assert!(names_trust, "{}", f.last_error);
    }
    eprintln!(
        "{how}, {}: {} digests pending; the server saw {} failed handshakes ({:?}); last error: {}",
        if other_ca { "another CA" } else { "no CA file" },
        READERS,
        refusals.len(),
        refusals.first(),
        failed[0].last_error
    );

    // A retry is scheduled; the operator trusts the right CA and restarts, and the same
    // rows go when it is due.
    let due = failed.iter().map(|f| f.next_attempt_at).max().unwrap();
    let wait = (due - chrono::Utc::now())
        .to_std()
        .expect("the retry is ahead");
    tokio::time::sleep(wait + Duration::from_millis(50)).await;
    let mail = settings(&sink, &url(&sink, how), Some(&tls.ca_file));
    let step = Worker::new(app.test_db.db.clone(), mail)
        .drain()
        .await
        .unwrap();
    assert_eq!(step.sent, READERS as usize, "{step:?}");
    assert_eq!(sink.received().len(), READERS as usize, "each once");
    assert!(sink.received().iter().all(|m| m.tls));
    eprintln!(
        "{how}: with the right CA trusted, {} digests went on their retry",
        step.sent
    );
    app.stop().await;
}

#[tokio::test]
async fn starttls_to_a_server_whose_ca_is_another_is_refused_and_retried() {
    refused("required", true).await;
}

#[tokio::test]
async fn implicit_tls_without_the_ca_file_is_refused_and_retried() {
    refused("smtps", false).await;
}

#[tokio::test]
async fn tls_required_against_a_server_without_starttls_sends_nothing() {
    let sink = SmtpSink::start(Mode::Accept).await;
    let mut mail = settings(&sink, &url(&sink, "required"), None);
    mail.retry_base = chrono::Duration::minutes(1);
    let app = queued(&mail).await;
    let step = Worker::new(app.test_db.db.clone(), mail)
        .drain()
        .await
        .unwrap();
    assert_eq!((step.sent, step.failed), (0, READERS as usize), "{step:?}");
    assert_eq!(sink.count(), 0, "no message went in plain text");
    let counts = outbox(&app).await;
    assert_eq!(
        counts.get(OutboxStatus::Pending),
        u64::from(READERS),
        "{counts:?}"
    );
    let failed = failures(&app).await;
    assert_eq!(failed.len(), READERS as usize);
    for f in &failed {
        assert_eq!(f.status, OutboxStatus::Pending, "{f:?}");
        assert!(
            f.last_error.contains("does not offer STARTTLS"),
            "{}",
            f.last_error
        );
    }
    eprintln!(
        "tls=required without STARTTLS: {} pending, last error: {}",
        READERS, failed[0].last_error
    );
    app.stop().await;
}

/// The real binary: `pledgewatch worker` with `smtps://localhost:PORT` and the CA file
/// delivers; with a CA file that is not there it does not start, and says which variable
/// and which path.
#[tokio::test]
async fn the_worker_process_delivers_over_implicit_tls_and_refuses_a_missing_ca_file() {
    let tls = Tls::new("pledgewatch test CA");
    let sink = tls.sink(true).await;
    let mail = settings(&sink, &url(&sink, "smtps"), Some(&tls.ca_file));
    let app = queued(&mail).await;
    let worker = |ca_file: &Path| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pledgewatch-cli"));
        command
            .arg("worker")
            .env("DATABASE_URL", &app.test_db.url)
            .env("PLEDGEWATCH_PUBLIC_URL", app.url(""))
            .env("PLEDGEWATCH_SMTP_URL", url(&sink, "smtps"))
            .env("PLEDGEWATCH_SMTP_CA_FILE", ca_file)
            .env("PLEDGEWATCH_WORKER_IDLE_MS", "100")
            .env("PLEDGEWATCH_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        command
    };

    let missing = tls.ca_file.with_file_name("no-such-ca.pem");
    let out = worker(&missing).output().await.expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "it must not start: {stderr}");
    assert!(
        stderr.contains("PLEDGEWATCH_SMTP_CA_FILE") && stderr.contains("no-such-ca.pem"),
        "{stderr}"
    );
    assert_eq!(sink.count(), 0);

    let started = Instant::now();
    let mut child = worker(&tls.ca_file).spawn().expect("the worker starts");
    let received = sink
        .wait_for(READERS as usize, Duration::from_secs(60))
        .await;
    let took = started.elapsed();
    child.kill().await.expect("SIGKILL");
    eprintln!(
        "pledgewatch worker over smtps: {} digests in {took:?}; with a missing CA file: {}",
        received.len(),
        stderr.lines().next().unwrap_or("")
    );
    assert!(received.iter().all(|m| m.tls));
    app.stop().await;
}
