//! The email outbox on both backends: enqueueing is idempotent, claims lease rows to one
//! worker at a time, expired leases come back, failures back off and end dead.

use chrono::{Duration, Utc};
use persistence::outbox::{
    MAX_ATTEMPTS, MailKind, OutboxMessage, OutboxStatus, RETRY_BASE, backoff,
};
use pledgewatch_tests::{Backend, TestDb, both_backends};

/// A claimant that names no real process, so nothing takes its claims back.
const OWNER: &str = "test";

fn message(key: &str) -> OutboxMessage {
    OutboxMessage {
        idempotency_key: key.into(),
        kind: MailKind::Digest,
        recipient: "reader@example.org".into(),
        subject: "What moved this week".into(),
        raw: format!("Message-ID: <{key}@test>\r\n\r\nhello\r\n"),
        subscription_id: None,
        run_id: None,
    }
}

async fn leases(t: &TestDb) {
    let db = &t.db;
    let now = Utc::now();
    assert!(
        db.enqueue_email(&message("digest:1:2026-W48"), now)
            .await
            .unwrap()
    );
    assert!(
        !db.enqueue_email(&message("digest:1:2026-W48"), now)
            .await
            .unwrap(),
        "the same key enqueues once"
    );
    assert!(
        db.enqueue_email(&message("digest:2:2026-W48"), now)
            .await
            .unwrap()
    );

    let first = db
        .claim_emails(10, Duration::seconds(60), OWNER, now)
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].attempts, 1);
    assert!(
        db.claim_emails(10, Duration::seconds(60), OWNER, now)
            .await
            .unwrap()
            .is_empty(),
        "leased rows are not claimed twice"
    );
    // A worker that died: its lease runs out and the row comes back.
    let later = now + Duration::seconds(61);
    let again = db
        .claim_emails(10, Duration::seconds(60), OWNER, later)
        .await
        .unwrap();
    assert_eq!(again.len(), 2);
    assert_eq!(again[0].attempts, 2);

    db.mark_email_sent(again[0].id, later).await.unwrap();
    db.mark_email_failed(&again[1], "451 try later", false, RETRY_BASE, later)
        .await
        .unwrap();
    assert!(
        db.claim_emails(10, Duration::seconds(60), OWNER, later)
            .await
            .unwrap()
            .is_empty(),
        "backing off"
    );
    let retry = db
        .claim_emails(
            10,
            Duration::seconds(60),
            OWNER,
            later + backoff(2) + Duration::seconds(1),
        )
        .await
        .unwrap();
    assert_eq!(retry.len(), 1);
    assert_eq!(
        retry[0].message.raw, "Message-ID: <digest:2:2026-W48@test>\r\n\r\nhello\r\n",
        "retries send the stored bytes"
    );
    db.mark_email_failed(&retry[0], "550 no such user", true, RETRY_BASE, later)
        .await
        .unwrap();
    let counts = db.outbox_counts().await.unwrap();
    assert_eq!(counts.get(OutboxStatus::Sent), 1);
    assert_eq!(counts.get(OutboxStatus::Dead), 1);
    assert_eq!(counts.total(), 2);
    assert!(backoff(MAX_ATTEMPTS) <= Duration::hours(6));
}
both_backends!(the_outbox_leases_retries_and_ends, leases);

#[tokio::test]
async fn two_workers_on_postgres_never_claim_the_same_message() {
    let Some(t) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let now = Utc::now();
    for i in 0..200 {
        t.db.enqueue_email(&message(&format!("k{i}")), now)
            .await
            .unwrap();
    }
    let second = persistence::Db::connect(&t.url, pledgewatch_tests::DB_TIMEOUT)
        .await
        .unwrap();
    let claim = |db: persistence::Db| async move {
        let mut mine = Vec::new();
        loop {
            let batch = db
                .claim_emails(7, Duration::seconds(300), OWNER, now)
                .await
                .unwrap();
            if batch.is_empty() {
                return mine;
            }
            mine.extend(batch.into_iter().map(|c| c.id));
        }
    };
    let (a, b) = tokio::join!(claim(t.db.clone()), claim(second.clone()));
    assert_eq!(a.len() + b.len(), 200, "every message claimed");
    assert!(
        a.iter().all(|id| !b.contains(id)),
        "no message claimed by both"
    );
    second.close().await.ok();
    t.teardown().await;
}
