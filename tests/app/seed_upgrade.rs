//! `pledgewatch seed` on a database the previous version seeded (the seed files of
//! February 2025, kept under `tests/fixtures/`): what is new is added, what the seed still
//! owns is corrected with each correction logged old → new, what an editor changed since
//! is kept, and nothing is lost or doubled.

use chrono::Utc;
use domain::changelog::{ChangeKind, SubjectKind};
use domain::*;
use persistence::seed::{self, SeedFiles};
use persistence::{Author, Change};
use pledgewatch_tests::fixtures::slug;
use pledgewatch_tests::{TestDb, both_backends};

fn files_of_2025_02() -> SeedFiles {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seeds-2025-02");
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}.toml")).unwrap();
    SeedFiles {
        sources: read("sources"),
        events: read("events"),
        actors: read("actors"),
        pledges: read("pledges"),
        follow_ups: String::new(),
        rates_csv: persistence::rates::ECB_RATES_CSV.to_owned(),
    }
}

async fn upgrade(t: &TestDb) {
    let db = &t.db;
    let old = seed::parse(&files_of_2025_02()).expect("the old seed files parse");
    seed::load(db, &old, Utc::now()).await.unwrap();
    // An editor renames an actor after that seed: the editor's name must survive.
    let mut france = db.actor(&slug("france")).await.unwrap();
    france.name = Title::parse("name", "French Republic").unwrap();
    db.apply(
        Change::CorrectActor(france),
        Author::named("Ana Editor"),
        Utc::now(),
    )
    .await
    .unwrap();

    let new = seed::parse(&SeedFiles::builtin()).unwrap();
    let report = seed::load(db, &new, Utc::now()).await.unwrap();
    let old_slugs: Vec<&Slug> = old.pledges.iter().map(|p| p.slug()).collect();
    let added = new
        .pledges
        .iter()
        .filter(|p| !old_slugs.contains(&p.slug()))
        .count();
    assert!(added > 0, "the new seed adds commitments");
    assert_eq!(report.pledges, added, "only the new pledges are added");
    assert_eq!(
        report.follow_ups,
        new.follow_ups.len(),
        "every follow-up once"
    );
    assert!(report.corrected > 0, "{report:?}");
    assert!(
        report.kept.contains(&"actor france".to_owned()),
        "the editor's change is kept: {report:?}"
    );
    assert_eq!(
        db.actor(&slug("france")).await.unwrap().name.as_str(),
        "French Republic"
    );

    // A correction is logged as one, old → new (Amazon's announcement moved to May 2024).
    let amazon = db
        .changes_of(SubjectKind::Pledge, "amazon-1-2bn-cloud-france-2031", 10)
        .await
        .unwrap();
    let corrected = amazon
        .iter()
        .find(|e| e.kind == ChangeKind::PledgeCorrected)
        .expect("Amazon's pledge was corrected");
    assert!(
        corrected.body.contains("\"field\":\"announced_on\"")
            && corrected.body.contains("2025-02-09")
            && corrected.body.contains("2024-05-13"),
        "{}",
        corrected.body
    );
    let edits = db
        .pledge_edits(&slug("amazon-1-2bn-cloud-france-2031"))
        .await
        .unwrap();
    assert!(
        edits.iter().any(|e| e.edit.field == "announced_on"),
        "{edits:?}"
    );

    // Nothing lost or doubled: the same pledges and states as a tracker seeded afresh.
    let mut slugs = db.pledge_slugs().await.unwrap();
    slugs.sort();
    let mut expected: Vec<Slug> = new.pledges.iter().map(|p| p.slug().clone()).collect();
    expected.sort();
    assert_eq!(slugs, expected);
    let fresh = TestDb::new(t.backend).await.unwrap();
    seed::load(&fresh.db, &new, Utc::now()).await.unwrap();
    for s in &slugs {
        let (a, b) = (
            db.pledge(s).await.unwrap(),
            fresh.db.pledge(s).await.unwrap(),
        );
        assert!(
            persistence::edits::diff(&a.pledge, &b.pledge).is_empty(),
            "{s}: the upgraded pledge is the seeded one"
        );
        assert_eq!(a.state, b.state, "{s}: the same history folded");
    }
    fresh.teardown().await;

    // Seeding again changes nothing, and the history still verifies.
    let head = db.change_head().await.unwrap();
    let again = seed::load(db, &new, Utc::now()).await.unwrap();
    assert_eq!(
        (again.pledges, again.follow_ups, again.corrected),
        (0, 0, 0),
        "{again:?}"
    );
    assert_eq!(db.change_head().await.unwrap(), head);
    assert!(db.verify_changes().await.unwrap().is_ok());
}
both_backends!(seeding_over_the_previous_seed_corrects_and_adds, upgrade);
