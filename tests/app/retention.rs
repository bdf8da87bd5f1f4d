//! Retention against real databases: rows older than the limits go, newer ones stay
//! (sessions, login attempts, unconfirmed subscriptions, the bytes of sent mail); and the
//! `pledgewatch prune` command does the same pass through the real binary.

use chrono::{Duration, Utc};
use domain::*;
use persistence::outbox::{MailKind, OutboxMessage};
use persistence::retention::Retention;
use persistence::subscriptions::{PendingToken, RequestLimits};
use pledgewatch_tests::{Backend, TestDb};

fn subscription(email: &str, state: SubscriptionState) -> Subscription {
    Subscription {
        email: EmailAddress::parse("email", email).expect("email"),
        scope: Scope::Everything,
        frequency: Frequency::Weekly,
        changes: vec![ChangeFilter::EveryFollowUp],
        time_zone: TimeZoneName::parse("time_zone", "UTC").expect("zone"),
        state,
        lang: domain::Lang::En,
    }
}

fn message(key: &str) -> OutboxMessage {
    OutboxMessage {
        idempotency_key: key.to_owned(),
        kind: MailKind::Confirm,
        recipient: format!("{key}@example.org"),
        subject: "s".to_owned(),
        raw: format!("Subject: s\r\n\r\nbody of {key}\r\n"),
        subscription_id: None,
        run_id: None,
    }
}

async fn count(db: &persistence::Db, table: &str) -> i64 {
    persistence::diagnostics::row_counts(db)
        .await
        .expect("counts")[table]
}

/// Fills `db` with one row on each side of every limit, as of `now`.
async fn old_and_new(db: &persistence::Db, now: chrono::DateTime<Utc>) -> (String, i32, i32) {
    let hash = web::auth::hash_password("a long enough password".into())
        .await
        .expect("hash");
    let user = User {
        email: EmailAddress::parse("email", "editor@example.org").expect("email"),
        name: Title::parse("name", "Editor").expect("name"),
        role: Role::Editor,
        password_hash: hash,
        disabled: false,
    };
    let uid = db.insert_user(&user, now).await.expect("user");
    let live = "b".repeat(64);
    db.create_session(
        uid,
        &"a".repeat(64),
        "csrf-a",
        now - Duration::hours(9),
        now - Duration::minutes(1),
    )
    .await
    .expect("expired session");
    db.create_session(uid, &live, "csrf-b", now, now + Duration::hours(8))
        .await
        .expect("live session");
    // The recent attempt first: recording one deletes those before its window.
    db.gate_attempt(
        &[("ip:10.0.0.1".into(), 1000)],
        now - Duration::hours(2),
        now - Duration::hours(3),
    )
    .await
    .expect("recent attempt");
    db.gate_attempt(
        &[("ip:10.0.0.2".into(), 1000)],
        now - Duration::days(2),
        now - Duration::days(3),
    )
    .await
    .expect("old attempt");
    let mut ids = vec![];
    for (email, expires) in [
        ("expired@example.org", now - Duration::hours(1)),
        ("pending@example.org", now + Duration::hours(47)),
    ] {
        let token = PendingToken {
            hash: format!("{email:0>64}")[..64].to_owned(),
            expires_at: expires,
        };
        let outcome = db
            .request_subscription::<persistence::StoreError>(
                &subscription(email, SubscriptionState::Unconfirmed),
                "10.0.0.9",
                &token,
                RequestLimits::default(),
                now - Duration::hours(48),
                |_| {
                    Ok(message(&format!(
                        "confirm-{}",
                        email.split('@').next().unwrap()
                    )))
                },
            )
            .await
            .expect("request");
        match outcome {
            persistence::subscriptions::RequestOutcome::AwaitingConfirmation { id } => ids.push(id),
            other => panic!("unexpected {other:?}"),
        }
    }
    // A confirmed subscriber of long ago is kept whatever its age.
    db.insert_subscription(
        &subscription("reader@example.org", SubscriptionState::Confirmed),
        now - Duration::days(400),
    )
    .await
    .expect("confirmed");
    // Mail: the two confirmations above (pending), then one sent 31 days ago, one sent
    // yesterday and one dead from long ago.
    let long_ago = now - Duration::days(40);
    for key in ["sent-old", "sent-new", "dead-old"] {
        db.enqueue_email(&message(key), long_ago)
            .await
            .expect("enqueue");
    }
    let claimed = db
        .claim_emails(
            10,
            Duration::minutes(5),
            "test",
            long_ago + Duration::seconds(1),
        )
        .await
        .expect("claim");
    for c in &claimed {
        match c.message.idempotency_key.as_str() {
            "sent-old" => db
                .mark_email_sent(c.id, now - Duration::days(31))
                .await
                .expect("sent"),
            "sent-new" => db
                .mark_email_sent(c.id, now - Duration::days(1))
                .await
                .expect("sent"),
            "dead-old" => db.mark_email_skipped(c.id).await.expect("dead"),
            _ => {}
        }
    }
    (live, ids[0], ids[1])
}

async fn prunes_what_is_past_its_time(backend: Backend) {
    let Some(t) = TestDb::new(backend).await else {
        return;
    };
    let db = &t.db;
    let now = Utc::now();
    let (live, expired_sub, pending_sub) = old_and_new(db, now).await;
    let before = persistence::diagnostics::row_counts(db)
        .await
        .expect("counts");
    let pruned = db.prune(Retention::default(), now).await.expect("prune");
    eprintln!("{backend:?}: pruned {pruned:?}");
    assert_eq!(pruned.sessions, 1, "the expired session");
    // The two subscription requests of two days ago counted against their client too.
    assert_eq!(
        pruned.login_attempts, 3,
        "the attempt two days old and the two requests' client counts"
    );
    assert_eq!(pruned.unconfirmed_subscriptions, 1, "the expired request");
    assert_eq!(
        pruned.message_bodies, 1,
        "the bytes of the mail sent 31 days ago"
    );
    assert_eq!(count(db, "sessions").await, before["sessions"] - 1);
    assert!(
        db.session(&live, now).await.expect("read").is_some(),
        "the live session stays"
    );
    assert_eq!(count(db, "login_attempts").await, 1);
    assert!(
        db.subscription_record(expired_sub).await.is_err(),
        "expired request gone"
    );
    db.subscription_record(pending_sub)
        .await
        .expect("a request within its 48 h stays");
    assert_eq!(
        count(db, "subscriptions").await,
        2,
        "pending request and confirmed reader"
    );
    assert_eq!(
        count(db, "email_messages").await,
        before["email_messages"] - 1
    );
    // The outbox rows stay: who was mailed what, and when.
    assert_eq!(count(db, "email_outbox").await, before["email_outbox"]);
    // A second pass finds nothing more.
    let again = db
        .prune(Retention::default(), now)
        .await
        .expect("prune again");
    assert_eq!(again.total(), 0, "{again:?}");
    t.teardown().await;
}

#[tokio::test]
async fn retention_prunes_what_is_past_its_time_on_sqlite() {
    prunes_what_is_past_its_time(Backend::Sqlite).await;
}

#[tokio::test]
async fn retention_prunes_what_is_past_its_time_on_postgres() {
    prunes_what_is_past_its_time(Backend::Postgres).await;
}

/// `pledgewatch prune` through the real binary, with a shorter life for sent mail taken
/// from the environment.
async fn the_prune_command(backend: Backend) {
    let Some(t) = TestDb::new(backend).await else {
        return;
    };
    let now = Utc::now();
    old_and_new(&t.db, now).await;
    let out = tokio::process::Command::new(crate::CLI)
        .arg("prune")
        .env("DATABASE_URL", &t.url)
        .env("PLEDGEWATCH_KEEP_SENT_MAIL_DAYS", "0")
        .env("PLEDGEWATCH_LOG", "error")
        .output()
        .await
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{backend:?}: {stdout}");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // With 0 days both sent messages lose their bytes; the dead one keeps its own.
    assert!(
        stdout.contains("pruned 1 expired sessions, 3 old login attempts, 1 unconfirmed subscriptions, 2 sent message bodies"),
        "{stdout}"
    );
    assert_eq!(
        count(&t.db, "email_messages").await,
        3,
        "two pending, one dead"
    );
    let bad = tokio::process::Command::new(crate::CLI)
        .arg("prune")
        .env("DATABASE_URL", &t.url)
        .env("PLEDGEWATCH_KEEP_SENT_MAIL_DAYS", "soon")
        .output()
        .await
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("PLEDGEWATCH_KEEP_SENT_MAIL_DAYS"));
    t.teardown().await;
}

#[tokio::test]
async fn the_prune_command_prunes_on_sqlite() {
    the_prune_command(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_prune_command_prunes_on_postgres() {
    the_prune_command(Backend::Postgres).await;
}

/// `serve` prunes on its own: once at start, then every `PLEDGEWATCH_PRUNE_EVERY_SECS`.
#[tokio::test]
async fn serve_prunes_on_a_schedule() {
    let t = TestDb::new(Backend::Sqlite).await.expect("sqlite");
    let now = Utc::now();
    old_and_new(&t.db, now).await;
    let port = crate::storage_faults::free_port();
    let mut server = tokio::process::Command::new(crate::CLI)
        .arg("serve")
        .env("DATABASE_URL", &t.url)
        .env("PLEDGEWATCH_BIND", format!("127.0.0.1:{port}"))
        .env("PLEDGEWATCH_SEED_ON_START", "false")
        .env("PLEDGEWATCH_WORKER", "off")
        .env("PLEDGEWATCH_PRUNE_EVERY_SECS", "1")
        .env("PLEDGEWATCH_LOG", "error")
        .kill_on_drop(true)
        .spawn()
        .expect("serve");
    crate::storage_faults::until_serving(&mut server, &format!("http://127.0.0.1:{port}")).await;
    let until_no_sessions_but = |live: i64| {
        let db = t.db.clone();
        async move {
            let started = std::time::Instant::now();
            while count(&db, "sessions").await != live {
                assert!(started.elapsed().as_secs() < 30, "not pruned within 30 s");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            started.elapsed()
        }
    };
    let at_start = until_no_sessions_but(1).await;
    assert_eq!(count(&t.db, "login_attempts").await, 1, "pruned at start");
    // A session that expires while the server runs goes at the next pass.
    let uid =
        t.db.user_with_id(&EmailAddress::parse("email", "editor@example.org").unwrap())
            .await
            .unwrap()
            .unwrap()
            .0;
    t.db.create_session(uid, &"c".repeat(64), "csrf-c", Utc::now(), Utc::now())
        .await
        .unwrap();
    let next_pass = until_no_sessions_but(1).await;
    eprintln!(
        "serve pruned at start within {:.2} s of serving, and a newly expired session within {:.2} s (every 1 s)",
        at_start.as_secs_f64(),
        next_pass.as_secs_f64()
    );
    server.kill().await.ok();
    t.teardown().await;
}
