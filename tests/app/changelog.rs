//! The change log: every change through the one write path leaves an entry, readers page
//! through it and get its head on every API answer, the followed read model matches a
//! fresh load page for page, and a rewritten entry is caught and named.

use domain::changelog::SubjectKind;
use domain::input::PledgeInput;
use domain::*;
use persistence::{Author, Change};
use pledgewatch_tests::fixtures::{evidence, slug, text};
use pledgewatch_tests::{TestApp, both_apps};

const FLUIDSTACK: &str = "fluidstack-10bn-ai-supercomputer-france";
const FRANCE: &str = "france-109bn-ai-investment";
pub(crate) const EDITOR: Author<'static> = Author {
    name: "Ana Editor",
    account: Some("ana@example.org"),
};

pub const PASSWORD: &str = "a long enough password";

/// Ana, an editor whose display name is not her address, with [`PASSWORD`].
pub async fn add_ana(db: &persistence::Db) {
    let user = User {
        email: EmailAddress::parse("email", "ana@example.org").unwrap(),
        name: Title::parse("name", "Ana Editor").unwrap(),
        role: Role::Editor,
        password_hash: web::auth::hash_password(PASSWORD.into()).await.unwrap(),
        disabled: false,
    };
    db.insert_user(&user, chrono::Utc::now()).await.unwrap();
}

/// Ana, logged in through the form.
pub async fn editor(app: &TestApp) -> pledgewatch_tests::Browser {
    let password = PASSWORD;
    add_ana(&app.test_db.db).await;
    let browser = app.browser();
    assert_eq!(
        browser.login("ana@example.org", password).await.status(),
        303
    );
    browser
}

async fn post_follow_up(browser: &pledgewatch_tests::Browser, pledge: &str, progress: &str) -> u16 {
    let (csrf, key) = browser.follow_up_form(pledge).await;
    browser
        .post(
            &format!("/pledges/{pledge}/follow-up"),
            &[
                ("csrf", csrf.as_str()),
                ("submission_key", key.as_str()),
                ("delivery", "in_progress"),
                ("progress", progress),
                ("note", "Site chosen"),
                ("evidence_url_1", "https://example.org/press"),
                ("evidence_title_1", "Press release"),
                ("evidence_tier_1", "official_statement"),
            ],
        )
        .await
        .status()
        .as_u16()
}

async fn log_and_cursor(app: &TestApp) {
    let browser = editor(app).await;
    assert_eq!(post_follow_up(&browser, FLUIDSTACK, "15").await, 303);
    let db = &app.test_db.db;
    let mut fluidstack = PledgeInput::from(&db.pledge(&slug(FLUIDSTACK)).await.unwrap().pledge);
    fluidstack.title = "Fluidstack: a 1 GW AI supercomputer in France".into();
    app.state
        .apply(Change::CorrectPledge(fluidstack.parse().unwrap()), EDITOR)
        .await
        .unwrap();

    // Every entry, page by page, with no gap; the last two are this test's changes.
    let first = app.json("/api/v1/changes?limit=5", 200).await;
    assert_eq!(first["entries"].as_array().unwrap().len(), 5);
    let mut seq = 0;
    let mut entries = Vec::new();
    let mut after = 0;
    loop {
        let page = app
            .json(&format!("/api/v1/changes?after={after}&limit=40"), 200)
            .await;
        for e in page["entries"].as_array().unwrap() {
            seq += 1;
            assert_eq!(e["seq"], seq, "sequence numbers have no gaps");
            entries.push(e.clone());
        }
        match page["next_after"].as_i64() {
            Some(n) => after = n,
            None => break,
        }
    }
    let head = app.json("/api/v1/changes?limit=1", 200).await;
    assert_eq!(head["head_seq"], seq);
    let follow_up = &entries[entries.len() - 2];
    assert_eq!(follow_up["kind"], "follow_up_recorded");
    assert_eq!(follow_up["subject"], FLUIDSTACK);
    assert_eq!(
        follow_up["author"], "Ana Editor",
        "the log names people, never their address"
    );
    assert_eq!(follow_up["change"]["changes"][0]["new"], "in_progress");
    assert_eq!(
        follow_up["change"]["evidence"][0]["url"],
        "https://example.org/press"
    );
    let corrected = entries.last().unwrap();
    assert_eq!(corrected["kind"], "pledge_corrected");
    assert!(
        corrected["change"]["changes"][0]["new"]
            .as_str()
            .unwrap()
            .contains("1 GW")
    );
    assert!(
        !serde_json::to_string(&entries)
            .unwrap()
            .contains("ana@example.org")
    );

    // The head rides on every API answer and shows on the data page.
    let response = app.get("/api/v1/pledges").await;
    let header = response.headers()["pledgewatch-change-head"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        header,
        format!("{seq} {}", corrected["hash"].as_str().unwrap())
    );
    let data = app.text("/about/data", 200).await;
    assert!(data.contains(corrected["hash"].as_str().unwrap()));
    let feed = app.text("/feeds/changes.atom", 200).await;
    assert!(feed.contains("Follow-up recorded: fluidstack") && feed.contains("Pledge corrected"));

    // The audit trail has the same changes, with the account, written alongside.
    let audit = db
        .audit_entries(Some("ana@example.org"), None, None, 10)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"follow_up_recorded") && actions.contains(&"pledge_edited"));

    for bad in ["after=-1", "after=x", "limit=0", "limit=1001"] {
        let r = app.get(&format!("/api/v1/changes?{bad}")).await;
        assert_eq!(r.status(), 400, "{bad}");
        let field = bad.split('=').next().unwrap();
        assert!(
            r.text().await.unwrap().contains(field),
            "{bad} names its field"
        );
    }
}
both_apps!(
    every_change_is_logged_and_paged_with_its_head,
    log_and_cursor
);

/// A mix of changes through the one write path, as editors make them.
pub(crate) fn changes(round: usize) -> Vec<Change> {
    let new_slug = format!("probe-{round}");
    let mut input = PledgeInput {
        slug: new_slug.clone(),
        title: format!("Probe {round}"),
        summary: "A pledge made by the test.".into(),
        kind: "fund".into(),
        themes: vec!["investment".into()],
        event: Some("paris-2025".into()),
        announced_on: "2025-02-10".into(),
        strength: "announced".into(),
        parent: Some(
            if round.is_multiple_of(2) {
                FRANCE
            } else {
                FLUIDSTACK
            }
            .into(),
        ),
        supersedes: None,
        contested: false,
        sources: vec!["s1-frenchtechjournal-day-1".into()],
        quote: None,
        actors: vec![],
        deadline: None,
        conditions: vec![],
        money: vec![],
    };
    let created = input.parse().unwrap();
    input.parent = None;
    let moved = input.parse().unwrap();
    let progress = |p: i64, delivery| Change::RecordFollowUp {
        pledge: slug(&new_slug),
        draft: Draft {
            author: "Ana Editor".into(),
            recorded_at: chrono::Utc::now(),
            occurred_on: chrono::Utc::now().date_naive(),
            proposal: Proposal {
                delivery: Some(delivery),
                progress: Some(Progress::parse("progress", p).unwrap()),
                ..Proposal::default()
            },
            note: Some(text("Moved on.")),
            evidence: vec![evidence("https://example.org/moved")],
        },
        submission_key: None,
    };
    let renamed = Actor::new(
        slug("france"),
        Title::parse("name", &format!("France (round {round})")).unwrap(),
        ActorKind::Country,
        Some(CountryCode::parse("country", "FR").unwrap()),
        vec![],
    )
    .unwrap();
    let mut out = vec![
        Change::CreatePledge(created),
        progress(30, DeliveryStatus::InProgress),
        Change::CorrectActor(renamed),
        progress(100, DeliveryStatus::Delivered),
    ];
    if round % 3 == 1 {
        out.push(Change::CorrectPledge(moved));
    }
    if round % 2 == 1 {
        out.push(Change::DeletePledge(slug(&new_slug)));
    }
    if round % 4 == 3 {
        out.push(Change::RestorePledge(slug(&new_slug)));
    }
    out
}

const PAGES: &[&str] = &[
    "/",
    "/pledges",
    "/pledges?sort=money",
    "/pledges?sort=updated&delivery=in_progress,delivered",
    "/pledges/france-109bn-ai-investment",
    "/pledges/fluidstack-10bn-ai-supercomputer-france",
    "/api/v1/pledges?per_page=100",
    "/api/v1/pledges/france-109bn-ai-investment",
    "/actors/france",
    "/themes/investment",
    "/events/paris-2025",
    "/money",
    "/api/v1/actors",
    "/feeds/follow-ups.atom",
    "/export/pledges.csv",
];

async fn followed_equals_fresh(app: &TestApp) {
    for round in 0..8 {
        for change in changes(round) {
            app.state
                .apply(change, EDITOR)
                .await
                .expect("change applies");
        }
        let followed = app.state.model.current();
        let mut seen = Vec::new();
        for page in PAGES {
            seen.push(app.text(page, 200).await);
        }
        let fresh = web::readmodel::build(&app.test_db.db, chrono::Utc::now().date_naive())
            .await
            .unwrap();
        assert!(
            followed.catalog == fresh.catalog,
            "round {round}: catalogs differ"
        );
        assert_eq!(followed.head, fresh.head);
        app.state.model.rebuild().await.unwrap();
        for (page, before) in PAGES.iter().zip(&seen) {
            let after = app.text(page, 200).await;
            assert_eq!(
                &after, before,
                "round {round}: {page} differs from a fresh load"
            );
        }
    }
    let page = app.text("/actors/france", 200).await;
    assert!(page.contains("France (round 7)"), "the rename shows");
}
both_apps!(
    the_followed_read_model_serves_what_a_fresh_load_does,
    followed_equals_fresh
);

/// The check the README gives, in Python, run on an export.
fn readme_check() -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let start = readme
        .find("```python\n")
        .expect("the README shows the check")
        + 10;
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].to_owned()
}

fn run(cmd: &mut std::process::Command) -> (bool, String) {
    let out = cmd.output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

async fn rewritten_entry(app: &TestApp) {
    let browser = editor(app).await;
    assert_eq!(post_follow_up(&browser, FLUIDSTACK, "25").await, 303);
    let cli = |args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_pledgewatch-cli"));
        c.args(args)
            .env("DATABASE_URL", &app.test_db.url)
            .env("PLEDGEWATCH_LOG", "error");
        c
    };
    let (ok, out) = run(&mut cli(&["changes", "verify"]));
    assert!(ok && out.contains("holds"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("changes.jsonl");
    let (ok, out) = run(&mut cli(&["changes", "export", export.to_str().unwrap()]));
    assert!(ok, "{out}");
    let check = dir.path().join("check.py");
    std::fs::write(&check, readme_check()).unwrap();
    let python = |file: &std::path::Path| {
        let mut c = std::process::Command::new("python3");
        c.arg(&check).arg(file);
        run(&mut c)
    };
    let (ok, out) = python(&export);
    assert!(
        ok && out.contains("holds"),
        "the README's check passes: {out}"
    );

    // Someone rewrites history: the follow-up's note, in place.
    let entry = app
        .test_db
        .db
        .changes_of(SubjectKind::Pledge, FLUIDSTACK, 1)
        .await
        .unwrap()
        .remove(0);
    app.test_db
        .db
        .execute_unprepared(&format!(
            "UPDATE change_log SET body = replace(body, 'Site chosen', 'Nothing happened') WHERE seq = {}",
            entry.seq
        ))
        .await
        .unwrap();
    let (ok, out) = run(&mut cli(&["changes", "verify"]));
    assert!(!ok, "verification fails");
    assert!(
        out.contains(&format!("entry {}", entry.seq)),
        "it names the entry: {out}"
    );
    let tampered = dir.path().join("tampered.jsonl");
    assert!(run(&mut cli(&["changes", "export", tampered.to_str().unwrap()])).0);
    let (ok, out) = python(&tampered);
    assert!(
        !ok && out.contains(&entry.seq.to_string()),
        "the README's check names it too: {out}"
    );
}
both_apps!(
    a_rewritten_entry_fails_verification_by_name,
    rewritten_entry
);

/// What a back-filled entry must agree on with the live one: all but its time and place,
/// and the evidence's publisher, which a database from before the log could not hold.
fn essence(e: &domain::changelog::Entry) -> (String, String, String, String) {
    let mut body: domain::changelog::Body = serde_json::from_str(&e.body).unwrap();
    for ev in &mut body.evidence {
        ev.publisher = None;
    }
    (
        e.kind.code().to_owned(),
        e.subject.clone(),
        e.author.clone(),
        serde_json::to_string(&body).unwrap(),
    )
}

async fn backfill(app: &TestApp) {
    let browser = editor(app).await;
    assert_eq!(post_follow_up(&browser, FLUIDSTACK, "35").await, 303);
    for change in changes(1) {
        app.state.apply(change, EDITOR).await.unwrap();
    }
    let db = &app.test_db.db;
    let mut live = Vec::new();
    db.each_change(|e| {
        live.push(e.clone());
        Ok(())
    })
    .await
    .unwrap();

    // A database from before the log: the same history, no log. Migrating fills it in.
    // (Down past the change log's migration and every one after it.)
    db.migrate_down(11).await.unwrap();
    db.migrate().await.unwrap();
    let mut filled = Vec::new();
    db.each_change(|e| {
        filled.push(e.clone());
        Ok(())
    })
    .await
    .unwrap();
    let (seq, _) = db
        .verify_changes()
        .await
        .unwrap()
        .expect("the back-filled chain holds");
    assert_eq!(seq, filled.len() as i64);
    // Actors and events kept no history before the log; every pledge edit and follow-up did.
    let mut expected: Vec<_> = live
        .iter()
        .filter(|e| e.subject_kind == SubjectKind::Pledge)
        .map(essence)
        .collect();
    let mut got: Vec<_> = filled.iter().map(essence).collect();
    expected.sort();
    got.sort();
    assert!(got.iter().any(|e| e.0 == "follow_up_recorded"));
    assert!(got.iter().any(|e| e.0 == "pledge_deleted"));
    assert_eq!(
        got, expected,
        "back-filled entries say what the live ones said"
    );
    // And the app goes on writing after them.
    app.state.model.rebuild().await.unwrap();
    assert_eq!(post_follow_up(&browser, FLUIDSTACK, "45").await, 303);
    assert!(db.verify_changes().await.unwrap().is_ok());
}
both_apps!(a_migration_back_fills_the_log_from_stored_history, backfill);
