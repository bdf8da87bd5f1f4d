//! Accepting a missing pledge and a correction whole, on both backends: the queue sends the
//! editor to the pledge form prefilled from (or beside) the contribution; saving it adds or
//! corrects the pledge through the normal write path and accepts the contribution in the
//! same transaction, credited in the change log, the pledge's history and the audit. A
//! refused form leaves the contribution pending, and a contribution is accepted once.

use crate::contributions::{Post, accept, send};
use domain::contribution::ContributionState;
use pledgewatch_tests::hidden;

const NEW: &str = "reader-found-pledge";

fn pledge_form<'a>(
    csrf: &'a str,
    title: &'a str,
    contribution: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("slug", NEW),
        ("title", title),
        ("summary", "A pledge a reader found."),
        ("kind", "programme"),
        ("themes", "investment"),
        ("announced_on", "2025-02-11"),
        ("strength", "announced"),
        ("sources", "goover-paris-summit-report-2025"),
        ("actors", "france:announcer"),
        ("contribution", contribution),
    ]
}

async fn state_of(post: &Post, id: i32) -> ContributionState {
    post.app.test_db.db.contribution(id).await.unwrap().state
}

async fn accepted_audits(post: &Post) -> Vec<String> {
    let audit = post
        .app
        .test_db
        .db
        .audit_entries(None, None, None, 200)
        .await
        .unwrap();
    audit
        .into_iter()
        .filter(|a| a.action == "contribution_accepted")
        .map(|a| format!("{} {:?}", a.target, a.detail))
        .collect()
}

async fn last_change(post: &Post, head: &serde_json::Value) -> serde_json::Value {
    let changes = post
        .app
        .json(&format!("/api/v1/changes?after={head}"), 200)
        .await;
    let entries = changes["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "one entry: {changes}");
    entries[0].clone()
}

async fn missing_pledge_then_correction(post: Post) {
    let app = &post.app;
    let missing = [
        ("kind", "new_pledge"),
        ("pledge", ""),
        ("title", "A pledge the tracker lacks"),
        ("links", "https://example.org/announcement"),
        ("note", "Announced at the summit's side event."),
        ("name", "Grace H."),
    ];
    assert_eq!(send(&app.browser(), &missing).await.status(), 200);
    let editor = post.editor().await;
    let queue = editor.page("/admin/contributions").await;
    let csrf = hidden(&queue, "csrf").unwrap();

    // The queue's accept writes nothing: it opens the prefilled form.
    let accept = accept(&editor, &csrf, 1, &[]).await;
    assert_eq!(accept.status(), 303);
    assert_eq!(accept.headers()["location"], "/pledges/new?contribution=1");
    assert_eq!(state_of(&post, 1).await, ContributionState::Pending);
    let form = editor.page("/pledges/new?contribution=1").await;
    assert!(
        form.contains("value=\"A pledge the tracker lacks\""),
        "{form}"
    );
    assert!(
        form.contains("Announced at the summit&#x27;s side event."),
        "{form}"
    );
    assert!(
        form.contains("https:&#x2F;&#x2F;example.org&#x2F;announcement")
            || form.contains("https://example.org/announcement")
    );
    assert_eq!(hidden(&form, "contribution").as_deref(), Some("1"));

    // A refused pledge leaves the contribution pending and writes nothing.
    let pledges = app.json("/api/v1/pledges", 200).await["total"].clone();
    let mut bad = pledge_form(&csrf, "A pledge the tracker lacks", "1");
    bad[8] = ("sources", "no-such-source");
    let refused = editor.post("/pledges/new", &bad).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused.text().await.unwrap().contains("Grace H."),
        "the contribution stays beside the form"
    );
    assert_eq!(state_of(&post, 1).await, ContributionState::Pending);
    assert_eq!(app.json("/api/v1/pledges", 200).await["total"], pledges);
    assert!(accepted_audits(&post).await.is_empty());

    // A contribution number that is not one is refused by name, or not found.
    for (bad, status) in [("<script>", 400), ("1 OR 1=1", 400), ("99999", 404)] {
        let form = pledge_form(&csrf, "A pledge the tracker lacks", bad);
        let refused = editor.post("/pledges/new", &form).await;
        assert_eq!(refused.status(), status, "{bad}");
        let body = refused.text().await.unwrap();
        assert!(
            body.contains("contribution") && !body.contains("<script>"),
            "{body}"
        );
    }
    assert_eq!(app.json("/api/v1/pledges", 200).await["total"], pledges);

    // Saved: the pledge is added and the contribution accepted, credited.
    let head = app.json("/api/v1/changes", 200).await["head_seq"].clone();
    let good = pledge_form(&csrf, "A pledge the tracker lacks", "1");
    let saved = editor.post("/pledges/new", &good).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        saved.headers()["location"],
        format!("/pledges/{NEW}").as_str()
    );
    assert_eq!(state_of(&post, 1).await, ContributionState::Accepted);
    let entry = last_change(&post, &head).await;
    assert_eq!(entry["kind"], "pledge_created");
    assert_eq!(entry["subject"], NEW);
    assert!(
        entry["author"]
            .as_str()
            .unwrap()
            .starts_with("Grace H. (accepted by"),
        "{entry}"
    );
    let audits = accepted_audits(&post).await;
    assert_eq!(audits.len(), 1, "{audits:?}");
    assert!(
        audits[0].contains("contribution 1") && audits[0].contains("credited to Grace H."),
        "{audits:?}"
    );
    // Once only: the same form again is refused and writes nothing.
    let again = editor.post("/pledges/new", &good).await;
    assert_eq!(again.status(), 400);
    assert_eq!(accepted_audits(&post).await.len(), 1);

    // A correction of that pledge, sent to its edit form with the correction beside it.
    let correction = [
        ("kind", "correction"),
        ("pledge", NEW),
        ("links", "https://example.org/release"),
        ("claim", "It is a fund, not a programme"),
        ("note", "The release calls it a fund."),
    ];
    assert_eq!(send(&app.browser(), &correction).await.status(), 200);
    let queue = editor.page("/admin/contributions").await;
    let edit = format!("/pledges/{NEW}/edit?contribution=2");
    assert!(queue.contains(&format!("href=\"{edit}\"")), "{queue}");
    assert!(
        queue.contains("Publish as a note only"),
        "the note stays a choice"
    );
    let form = editor.get(&edit).await.text().await.unwrap();
    assert!(
        form.contains("Claim: It is a fund, not a programme"),
        "{form}"
    );
    assert_eq!(hidden(&form, "contribution").as_deref(), Some("2"));
    let wrong = editor
        .get(&format!("/pledges/{NEW}/edit?contribution=1"))
        .await;
    assert_eq!(wrong.status(), 400, "a decided contribution is not carried");

    // Saved unchanged: refused, pending. Corrected: accepted, credited.
    let path = format!("/pledges/{NEW}/edit");
    let unchanged = pledge_form(&csrf, "A pledge the tracker lacks", "2");
    let refused = editor.post(&path, &unchanged).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("nothing was changed")
    );
    assert_eq!(state_of(&post, 2).await, ContributionState::Pending);
    let head = app.json("/api/v1/changes", 200).await["head_seq"].clone();
    let mut corrected = pledge_form(&csrf, "A pledge the tracker lacks", "2");
    corrected[4] = ("kind", "fund");
    let saved = editor.post(&path, &corrected).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(state_of(&post, 2).await, ContributionState::Accepted);
    let entry = last_change(&post, &head).await;
    assert_eq!(entry["kind"], "pledge_corrected");
    assert!(
        entry["author"]
            .as_str()
            .unwrap()
            .starts_with("a reader (accepted by"),
        "{entry}"
    );
    let page = app.text(&format!("/pledges/{NEW}"), 200).await;
    assert!(
        page.contains("a reader (accepted by"),
        "in the pledge's history:\n{page}"
    );
    assert_eq!(editor.post(&path, &corrected).await.status(), 400);
    let audits = accepted_audits(&post).await;
    assert_eq!(audits.len(), 2, "each accepted once: {audits:?}");
    assert!(
        audits
            .iter()
            .any(|a| a.contains("contribution 2") && a.contains("credited to a reader"))
    );
    post.app.stop().await;
}

pledgewatch_tests::on_both!(missing_pledge_then_correction);
