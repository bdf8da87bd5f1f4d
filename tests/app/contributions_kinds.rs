//! Accepting the other kinds of contribution on both backends: a correction becomes a
//! follow-up saying what was corrected, with its evidence, and leaves the status alone; a
//! missing pledge stays pending and the editor is sent to the prefilled pledge form, with
//! nothing published until they save it there (see `contributions_accept`).

use crate::contributions::{FL, Post, accept, send};
use pledgewatch_tests::hidden;

async fn corrections_and_missing_pledges(post: Post) {
    let app = &post.app;
    let correction = [
        ("kind", "correction"),
        ("pledge", FL),
        ("links", "https://example.org/fluidstack-release"),
        ("claim", "The first phase is 1 GW, not 10 GW"),
        ("note", "The release says 1 GW for phase 1."),
        ("delivery", "delivered"),
    ];
    assert_eq!(send(&app.browser(), &correction).await.status(), 200);
    let missing = [
        ("kind", "new_pledge"),
        ("pledge", ""),
        ("title", "A pledge the tracker lacks"),
        ("links", "https://example.org/announcement"),
        ("note", "Announced at the summit's side event."),
    ];
    assert_eq!(send(&app.browser(), &missing).await.status(), 200);
    let before = post.count("follow_ups").await;
    let pledge_before = app.json(&format!("/api/v1/pledges/{FL}"), 200).await;

    let editor = post.editor().await;
    let queue = editor.page("/admin/contributions").await;
    assert!(queue.contains("Proposed pledge: <strong>A pledge the tracker lacks</strong>"));
    assert!(queue.contains("Not tracked yet."));
    assert!(
        queue.contains(&format!("href=\"/pledges/{FL}/edit?contribution=1\"")),
        "{queue}"
    );
    let csrf = hidden(&queue, "csrf").unwrap();
    // The delivery status a correction claims is not applied: only evidence moves it.
    let accepted = accept(
        &editor,
        &csrf,
        1,
        &[("tier", "official_statement"), ("delivery", "delivered")],
    )
    .await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(post.count("follow_ups").await, before + 1);
    let page = app.text(&format!("/pledges/{FL}"), 200).await;
    assert!(
        page.contains("Correction: The first phase is 1 GW, not 10 GW"),
        "{page}"
    );
    assert!(
        page.contains("a reader (accepted by"),
        "credited as a reader"
    );
    let pledge_after = app.json(&format!("/api/v1/pledges/{FL}"), 200).await;
    assert_eq!(pledge_before["delivery"], "not_yet_assessed");
    assert_eq!(pledge_after["delivery"], "not_yet_assessed");

    let accepted = accept(&editor, &csrf, 2, &[]).await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(
        accepted.headers()["location"],
        "/pledges/new?contribution=2",
        "the editor adds the pledge through the prefilled pledge form"
    );
    assert_eq!(post.count("follow_ups").await, before + 1);
    let pending = editor.page("/admin/contributions?kind=new_pledge").await;
    assert_eq!(
        pending.matches("class=\"contribution\"").count(),
        1,
        "pending until the pledge is saved (contributions_accept)"
    );
    let decided = editor
        .page("/admin/contributions?state=accepted&kind=correction")
        .await;
    assert!(decided.contains("Decided by ed@example.org."), "{decided}");
    post.app.stop().await;
}

pledgewatch_tests::on_both!(corrections_and_missing_pledges);
