//! The schema migrates up, down and up again, and SQLite runs as configured.

use persistence::diagnostics::{TABLES, row_counts};
use pledgewatch_tests::{Backend, TestDb, both_backends};

async fn up_down_up(t: &TestDb) {
    let counts = row_counts(&t.db).await.expect("tables exist after up");
    assert_eq!(counts.len(), TABLES.len());
    assert!(counts.values().all(|n| *n == 0));

    t.db.migrate_down_all().await.expect("down");
    assert!(
        row_counts(&t.db).await.is_err(),
        "tables are gone after down"
    );

    t.db.migrate().await.expect("up again");
    t.db.migrate().await.expect("up is a no-op when current");
    assert_eq!(
        row_counts(&t.db).await.expect("tables again").len(),
        TABLES.len()
    );
}
both_backends!(migrations_go_up_down_and_up, up_down_up);

#[tokio::test]
async fn sqlite_is_recent_in_wal_mode_with_foreign_keys_and_a_busy_timeout() {
    let t = TestDb::new(Backend::Sqlite).await.expect("sqlite");
    let version = persistence::diagnostics::sqlite_version(&t.db)
        .await
        .unwrap()
        .unwrap();
    let parts: Vec<u32> = version.split('.').map(|p| p.parse().unwrap()).collect();
    // 3.51.3 fixed the WAL-reset corruption bug present since 3.7.0.
    assert!(
        parts >= vec![3, 51, 3],
        "bundled SQLite {version} predates 3.51.3"
    );
    let (journal, foreign_keys, busy_ms) = persistence::diagnostics::sqlite_pragmas(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(journal.to_lowercase(), "wal");
    assert!(foreign_keys);
    assert!(busy_ms >= 1000, "busy timeout {busy_ms} ms");
    t.teardown().await;
}

/// Migration 19: a message skipped because its subscriber left was `dead` with a fixed last
/// error before it, and is `skipped` after it. Down and up again keep every row and its
/// stored bytes (SQLite rebuilds the table, which must not cascade to them), and the
/// narrower check is back after down.
async fn skipped_status_migrates_both_ways(t: &TestDb) {
    use persistence::outbox::{MailKind, OutboxMessage, OutboxStatus, RETRY_BASE};
    let db = &t.db;
    let now = chrono::Utc::now();
    for key in ["left", "refused", "sent"] {
        let m = OutboxMessage {
            idempotency_key: key.into(),
            kind: MailKind::Digest,
            recipient: format!("{key}@example.org"),
            subject: "What moved".into(),
            raw: format!("Message-ID: <{key}@test>\r\n\r\nhello\r\n"),
            subscription_id: None,
            run_id: None,
        };
        db.enqueue_email(&m, now).await.unwrap();
    }
    let claimed = db
        .claim_emails(10, chrono::Duration::minutes(1), "test", now)
        .await
        .unwrap();
    let id = |key: &str| {
        claimed
            .iter()
            .find(|c| c.message.idempotency_key == key)
            .expect("claimed")
    };
    db.mark_email_skipped(id("left").id).await.unwrap();
    db.mark_email_failed(
        id("refused"),
        "550 5.1.1 no such user",
        true,
        RETRY_BASE,
        now,
    )
    .await
    .unwrap();
    db.mark_emails_sent(&[id("sent").id], now).await.unwrap();
    let stored = |counts: &std::collections::BTreeMap<&str, i64>| counts["email_messages"];

    db.migrate_down_to("m20261206_000018_add_subscription_link_version")
        .await
        .unwrap();
    let before = db.outbox_counts().await.unwrap();
    assert_eq!(
        (
            before.get(OutboxStatus::Dead),
            before.get(OutboxStatus::Sent)
        ),
        (2, 1),
        "down: the skipped message is dead again: {before:?}"
    );
    let failures = db.recent_email_failures(10).await.unwrap();
    assert!(
        failures
            .iter()
            .any(|f| f.last_error == "skipped: unsubscribed before sending"),
        "down: with the text that marked it: {failures:?}"
    );
    // The stored bytes are counted once back up (below): a row the down step lost (a
    // cascade from rebuilding the outbox table) could not come back. The row count cannot
    // be taken here, with the tables of later migrations gone.
    assert!(
        db.execute_unprepared("UPDATE email_outbox SET status = 'skipped'")
            .await
            .is_err(),
        "down: the check refuses skipped again"
    );

    db.migrate().await.unwrap();
    let after = db.outbox_counts().await.unwrap();
    assert_eq!(
        [
            OutboxStatus::Skipped,
            OutboxStatus::Dead,
            OutboxStatus::Sent
        ]
        .map(|s| after.get(s)),
        [1, 1, 1],
        "up: {after:?}"
    );
    let failures = db.recent_email_failures(10).await.unwrap();
    assert_eq!(failures.len(), 1, "a skip is no failure: {failures:?}");
    assert!(failures[0].last_error.contains("5.1.1"));
    assert_eq!(
        stored(&row_counts(db).await.unwrap()),
        3,
        "no bytes lost, down or up"
    );
}
both_backends!(
    the_skipped_status_migrates_up_and_down_keeping_every_message,
    skipped_status_migrates_both_ways
);
