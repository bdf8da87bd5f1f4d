//! Starting from the read-model snapshot stored in the database: the entries after it are
//! applied so the result equals a fresh load, and the snapshot is passed over whenever the
//! database no longer agrees with it.

use crate::changelog::{EDITOR, changes};
use pledgewatch_tests::fixtures::slug;
use pledgewatch_tests::{TestApp, both_apps};
use web::readmodel::ReadModel;

const FRANCE: &str = "france-109bn-ai-investment";

async fn title_at_start(db: &persistence::Db) -> String {
    let model = ReadModel::load(db.clone()).await.expect("a start");
    let cur = model.current();
    let (summary, _) = cur.catalog.get(&slug(FRANCE)).expect("the pledge");
    summary.title.to_string()
}

async fn started_equals_fresh(app: &TestApp) {
    let db = &app.test_db.db;
    for change in changes(0) {
        app.state.apply(change, EDITOR).await.unwrap();
    }
    app.state.model.save_snapshot().await.unwrap();
    let stored = db.stored_snapshot_head().await.unwrap().expect("stored");
    for round in 1..6 {
        for change in changes(round) {
            app.state.apply(change, EDITOR).await.unwrap();
        }
    }
    let started = ReadModel::load(db.clone()).await.unwrap().current();
    let fresh = web::readmodel::build(db, chrono::Utc::now().date_naive())
        .await
        .unwrap();
    assert!(
        stored < fresh.head.0,
        "entries came after the stored snapshot"
    );
    assert_eq!(started.head, fresh.head, "the start caught up with the log");
    assert!(
        started.catalog == fresh.catalog,
        "a start from the snapshot and the entries after it equals a fresh load"
    );
    assert!(
        started.catalog.get(&slug("probe-4")).is_some()
            && started.catalog.get(&slug("probe-5")).is_none(),
        "a pledge created after the snapshot is there, one deleted after it is gone"
    );
}
both_apps!(
    a_start_from_the_stored_snapshot_equals_a_fresh_load,
    started_equals_fresh
);

async fn passed_over_when_it_disagrees(app: &TestApp) {
    let db = &app.test_db.db;
    let retitle =
        |title: &str| format!("UPDATE pledges SET title = '{title}' WHERE slug = '{FRANCE}'");
    let original = title_at_start(db).await;
    app.state.model.save_snapshot().await.unwrap();

    // A change behind the log's back shows that a start really reads the snapshot...
    db.execute_unprepared(&retitle("Changed by hand"))
        .await
        .unwrap();
    assert_eq!(title_at_start(db).await, original, "the snapshot is used");

    // ...and each way it can stop matching makes the start read the tables instead.
    db.execute_unprepared("UPDATE read_model_snapshots SET schema = 'm0'")
        .await
        .unwrap();
    assert_eq!(
        title_at_start(db).await,
        "Changed by hand",
        "a snapshot from another schema is not used"
    );

    app.state.model.rebuild().await.unwrap();
    app.state.model.save_snapshot().await.unwrap();
    db.execute_unprepared(&retitle("Changed again"))
        .await
        .unwrap();
    db.execute_unprepared("UPDATE read_model_snapshots SET body = substr(body, 1, 3)")
        .await
        .unwrap();
    assert_eq!(
        title_at_start(db).await,
        "Changed again",
        "a snapshot that does not decode is not used"
    );

    app.state.model.save_snapshot().await.unwrap();
    db.execute_unprepared(&retitle("Changed a third time"))
        .await
        .unwrap();
    let (head, _) = db.change_head().await.unwrap();
    db.execute_unprepared(&format!(
        "UPDATE change_log SET hash = '{}' WHERE seq = {head}",
        "f".repeat(64)
    ))
    .await
    .unwrap();
    assert_eq!(
        title_at_start(db).await,
        "Changed a third time",
        "a snapshot whose head the log no longer holds is not used"
    );

    app.state.model.save_snapshot().await.unwrap();
    assert!(db.stored_snapshot_head().await.unwrap().is_some());
    persistence::bulk::load(db, &[], &[], &[], &[], chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        db.stored_snapshot_head().await.unwrap(),
        None,
        "the bulk loader, which writes no log entries, deletes it"
    );
}
both_apps!(
    the_stored_snapshot_is_passed_over_when_the_database_disagrees,
    passed_over_when_it_disagrees
);
