//! The right of reply end to end on both backends: a stranger sends a reply on behalf of
//! a tracked actor to one follow-up; once an editor accepts it, the pledge page shows it
//! beside that follow-up, labelled as the actor's reply with its own evidence, and the
//! pledge's feed and its subscribers' digest say an actor replied, on a line of its own,
//! even to a subscriber who asked for status changes only (who hears of no plain note).

use crate::contributions::{FL, Post, accept, send};
use domain::{
    ChangeFilter, EmailAddress, Frequency, Scope, Slug, Subscription, SubscriptionState,
    TimeZoneName,
};
use pledgewatch_tests::fixtures::{record_progress, subscribers_since};
use pledgewatch_tests::hidden;
use pledgewatch_tests::mime::part;
use web::mail::digests;

/// A reply from Fluidstack's press office to follow-up `answers`.
fn reply(answers: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("kind", "reply"),
        ("pledge", FL),
        ("actor", "fluidstack"),
        ("answers", answers),
        ("links", "https://example.org/fluidstack-statement"),
        (
            "note",
            "Works have not begun; the photos show a different site.",
        ),
        ("name", "Fluidstack press office"),
    ]
}

async fn a_reply_is_shown_beside_what_it_answers(post: Post) {
    let app = &post.app;
    let db = &app.test_db.db;
    let newest = db.newest_follow_up().await.unwrap();
    let scope = Scope::Pledge(Slug::parse("pledge", FL).unwrap());
    subscribers_since(db, 2, Frequency::Weekly, scope.clone(), newest).await;
    let status_only = Subscription {
        email: EmailAddress::parse("email", "status@example.org").unwrap(),
        scope,
        frequency: Frequency::Weekly,
        changes: vec![ChangeFilter::StatusChanges],
        time_zone: TimeZoneName::parse("time_zone", "UTC").unwrap(),
        state: SubscriptionState::Confirmed,
        lang: domain::Lang::En,
    };
    let id = db
        .insert_subscription(&status_only, chrono::Utc::now())
        .await
        .unwrap();
    db.execute_unprepared(&format!(
        "UPDATE subscriptions SET watermark = {newest} WHERE id = {id}"
    ))
    .await
    .unwrap();
    record_progress(app, FL, 10, "Ground broken, says a local paper.").await;
    record_progress(app, FL, 15, "A later, unrelated note.").await;
    let history = db
        .history(&Slug::parse("pledge", FL).unwrap())
        .await
        .unwrap();
    let answered = history[history.len() - 2].0;
    let answers = answered.to_string();

    // A follow-up of another pledge cannot be answered here.
    record_progress(app, "france-109bn-ai-investment", 5, "Elsewhere.").await;
    let other = db
        .history(&Slug::parse("pledge", "france-109bn-ai-investment").unwrap())
        .await
        .unwrap();
    let foreign = other.first().expect("a follow-up there").0.to_string();
    let refused = send(&app.browser(), &reply(&foreign)).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains(&format!(
            "<li id=\"error-answers\">answers is not valid: {foreign} is not a follow-up of this pledge</li>"
        )),
        "{page}"
    );
    assert_eq!(post.count("contributions").await, 0);
    assert_eq!(send(&app.browser(), &reply(&answers)).await.status(), 200);

    let editor = post.editor().await;
    let queue = editor.page("/admin/contributions?kind=reply").await;
    assert!(queue.contains("Reply on behalf of"), "{queue}");
    let csrf = hidden(&queue, "csrf").unwrap();
    let accepted = accept(
        &editor,
        &csrf,
        1,
        &[
            ("tier", "official_statement"),
            ("evidence_title", "Statement"),
        ],
    )
    .await;
    assert_eq!(accepted.status(), 303);

    // Beside the follow-up it answers: after that one's note, before the next item.
    let page = app.text(&format!("/pledges/{FL}"), 200).await;
    let label = page
        .find("aria-label=\"Reply from Fluidstack\"")
        .expect("the reply, labelled");
    let answered_at = page.find("Ground broken, says a local paper.").unwrap();
    let later_at = page.find("A later, unrelated note.").unwrap();
    assert!(
        later_at < answered_at && answered_at < label,
        "the timeline is newest first and the reply sits under what it answers"
    );
    let reply_html = &page[label..];
    let reply_html = &reply_html[..reply_html.find("</aside>").unwrap()];
    assert!(reply_html.contains("Works have not begun"), "{reply_html}");
    assert!(
        reply_html.contains(">Statement</a>"),
        "its own evidence: {reply_html}"
    );
    assert_eq!(
        page.matches("Works have not begun").count(),
        1,
        "shown once, beside the follow-up, not again in the timeline"
    );

    let feed = app.text(&format!("/feeds/pledges/{FL}.atom"), 200).await;
    assert!(feed.contains("reply from Fluidstack"), "{feed}");

    let catalog = web::readmodel::load_catalog(db).await.unwrap();
    digests::run(
        db,
        &app.state.mail,
        &catalog,
        Frequency::Weekly,
        50,
        &mut |_, _| {},
    )
    .await
    .expect("the digest run");
    let digest = post.inbox("reader1@example.org").await;
    let text = part(&digest.last().expect("a digest").data, "text/plain");
    assert!(
        text.contains("Reply from Fluidstack (right of reply):"),
        "{text}"
    );
    assert!(text.contains("Works have not begun"));
    assert!(
        text.contains("Reply from Fluidstack (right of reply), published"),
        "labelled on its own line: {text}"
    );
    assert!(
        text.contains("A later, unrelated note."),
        "every follow-up here"
    );

    // Status changes only: the reply reaches them, the plain notes do not.
    let digest = post.inbox("status@example.org").await;
    assert_eq!(digest.len(), 1, "one digest");
    let text = part(&digest[0].data, "text/plain");
    assert!(
        text.contains("Reply from Fluidstack (right of reply), published"),
        "{text}"
    );
    assert!(text.contains("Works have not begun"), "{text}");
    assert!(!text.contains("A later, unrelated note."), "{text}");
    assert!(!text.contains("Ground broken"), "{text}");
    let html = part(&digest[0].data, "text/html");
    assert!(
        html.contains("<strong>Reply from Fluidstack</strong>"),
        "{html}"
    );
    post.app.stop().await;
}

pledgewatch_tests::on_both!(a_reply_is_shown_beside_what_it_answers);
