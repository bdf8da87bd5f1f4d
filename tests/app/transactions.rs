//! A follow-up is written whole or not at all; conflicts surface as typed errors.

use domain::*;
use persistence::StoreError;
use persistence::diagnostics::row_counts;
use persistence::follow_ups::Recorded;
use pledgewatch_tests::fixtures::*;
use pledgewatch_tests::{Backend, TestDb, both_backends};

fn status_change(key_day: u32) -> Draft {
    Draft {
        author: "editor@example.org".into(),
        recorded_at: at(2025, 6, key_day),
        occurred_on: date(2025, 5, 30),
        proposal: Proposal {
            delivery: Some(DeliveryStatus::InProgress),
            conditions: vec![(1, ConditionState::Met)],
            money: vec![money(Stage::Disbursed, Some("5"), None, "EUR", "src-a")],
            ..Proposal::default()
        },
        note: Some(text("first payment")),
        evidence: vec![
            evidence("https://example.org/a"),
            evidence("https://example.org/b"),
        ],
    }
}

async fn setup(t: &TestDb) -> Slug {
    store_references(&t.db).await;
    let p = full_pledge("p", None, None, Deadline::None);
    t.db.insert_pledge(&p, at(2025, 2, 10)).await.unwrap();
    slug("p")
}

/// Makes every insert into `evidence` fail, the last step of recording a follow-up.
async fn inject_evidence_failure(t: &TestDb) {
    let sql = match t.backend {
        Backend::Sqlite => "CREATE TRIGGER fail_evidence BEFORE INSERT ON evidence BEGIN SELECT RAISE(ABORT, 'injected failure'); END;".to_owned(),
        Backend::Postgres => "CREATE FUNCTION fail_evidence() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END; $$ LANGUAGE plpgsql; \
             CREATE TRIGGER fail_evidence BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION fail_evidence();".to_owned(),
    };
    t.db.execute_unprepared(&sql).await.unwrap();
}

async fn failure_leaves_nothing(t: &TestDb) {
    let p = setup(t).await;
    let before_counts = row_counts(&t.db).await.unwrap();
    let before = t.db.pledge(&p).await.unwrap();
    inject_evidence_failure(t).await;

    let err =
        t.db.record_follow_up(&p, status_change(1), Some("k1"))
            .await
            .unwrap_err();
    assert!(err.to_string().contains("injected failure"), "{err}");
    assert_eq!(
        row_counts(&t.db).await.unwrap(),
        before_counts,
        "no follow-up, change, figure or link remains"
    );
    assert_eq!(
        t.db.pledge(&p).await.unwrap(),
        before,
        "the cached state and conditions are untouched"
    );
    assert!(t.db.history(&p).await.unwrap().is_empty());
}
both_backends!(
    an_injected_failure_leaves_nothing_behind,
    failure_leaves_nothing
);

async fn same_submission_records_once(t: &TestDb) {
    let p = setup(t).await;
    let first =
        t.db.record_follow_up(&p, status_change(1), Some("form-token-1"))
            .await
            .unwrap();
    let Recorded::New { id, .. } = first else {
        panic!("new")
    };
    let again =
        t.db.record_follow_up(&p, status_change(2), Some("form-token-1"))
            .await
            .unwrap();
    assert_eq!(again, Recorded::AlreadyRecorded { id });
    assert_eq!(t.db.history(&p).await.unwrap().len(), 1);
}
both_backends!(
    a_resubmitted_form_records_once,
    same_submission_records_once
);

async fn conflicts_are_typed(t: &TestDb) {
    let p = setup(t).await;
    let dup = full_pledge("p", None, None, Deadline::None);
    let err = t.db.insert_pledge(&dup, at(2025, 2, 11)).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    let err =
        t.db.insert_source(&source("src-a", Verification::Verified))
            .await
            .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    // A pledge may not become its own ancestor through the store either.
    let child = full_pledge("c", Some("p"), None, Deadline::None);
    t.db.insert_pledge(&child, at(2025, 2, 11)).await.unwrap();
    let missing_parent = full_pledge("orphan", Some("nobody"), None, Deadline::None);
    assert!(matches!(
        t.db.insert_pledge(&missing_parent, at(2025, 2, 11)).await,
        Err(StoreError::MissingReference { .. })
    ));
    // Domain rules hold in the store: a status change without evidence is refused.
    let mut no_evidence = status_change(1);
    no_evidence.evidence.clear();
    let err =
        t.db.record_follow_up(&p, no_evidence, None)
            .await
            .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Invalid(DomainError::Empty { field: "evidence" })
        ),
        "{err:?}"
    );
}
both_backends!(
    conflicts_and_rule_breaks_are_typed_errors,
    conflicts_are_typed
);
