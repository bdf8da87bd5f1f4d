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
