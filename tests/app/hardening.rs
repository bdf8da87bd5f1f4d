//! Input hardening (issue 13, findings 6–11), each reproduced through the real server on a
//! random port, on both backends: addresses the mail library refuses, XML-illegal
//! characters in feeds, spoofing characters, token spellings and revocation, over-long
//! submission keys and membership cycles.

use crate::abuse::{rows, subscribe};
use domain::Role;
use pledgewatch_tests::{Browser, TestApp, both_apps};
use web::mail::links::Purpose;

const PLEDGE: &str = "france-109bn-ai-investment";

/// Findings 6 and 8: addresses the mail library refuses, encoded words, direction
/// controls and non-ASCII addresses get a 400 naming the field, never a 500.
async fn addresses(app: &TestApp) {
    let browser = app.browser();
    for bad in [
        "c..d@example.com",
        ".a@example.com",
        "a@example..com",
        "x@-example-.com",
        "=?utf-8?b?YWRtaW5AZXhhbXBsZS5jb20=?=@example.com",
        "admin\u{202E}gro.elpmaxe@example.com",
        "zero\u{200B}width@example.com",
        "josé@example.com",
    ] {
        let (status, page) = subscribe(&browser, bad).await;
        assert_eq!(status, 422, "{bad:?}");
        assert!(page.contains("email is not valid"), "{bad:?}: {page}");
    }
    let (_, page) = subscribe(&browser, "josé@example.com").await;
    assert!(page.contains("ASCII"), "the non-ASCII refusal says why");
    assert_eq!(rows(app, "subscriptions").await, 0);
    assert_eq!(rows(app, "email_outbox").await, 0);
}
both_apps!(addresses_the_mailer_refuses_get_a_field_message, addresses);

/// Signs in an editor; returns the browser and its CSRF token.
async fn editor(app: &TestApp) -> (Browser, String) {
    let password = app.add_user("ed@example.org", Role::Editor).await;
    let browser = app.browser();
    assert_eq!(
        browser.login("ed@example.org", &password).await.status(),
        303
    );
    let (csrf, _) = browser.follow_up_form(PLEDGE).await;
    (browser, csrf)
}

/// Finding 7: XML-illegal characters are refused at input, and text stored before that
/// rule is stripped from the feeds, which stay valid XML.
async fn feeds(app: &TestApp) {
    let (ed, csrf) = editor(app).await;
    let path = format!("/pledges/{PLEDGE}/follow-up");
    let refused = ed
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("submission_key", "k1"),
                ("note", "x\u{FFFF}y"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("U+FFFF"));
    // A note stored before the rule, as an older version let it through (control
    // characters were refused then too).
    pledgewatch_tests::fixtures::record_progress(app, PLEDGE, 30, "legacy note").await;
    app.test_db
        .db
        .execute_unprepared(
            "UPDATE follow_ups SET note = 'legacy\u{FFFF}\u{FFFE}note' \
             WHERE id = (SELECT MAX(id) FROM follow_ups)",
        )
        .await
        .expect("legacy note");
    app.text(&format!("/pledges/{PLEDGE}"), 200).await;
    for feed in [
        "/feeds/follow-ups.atom".to_owned(),
        format!("/feeds/pledges/{PLEDGE}.atom"),
    ] {
        let body = app.text(&feed, 200).await;
        let illegal = body
            .chars()
            .filter(|c| {
                !(matches!(c, '\t' | '\n' | '\r')
                    || (*c >= ' ' && *c != '\u{FFFE}' && *c != '\u{FFFF}'))
            })
            .count();
        assert_eq!(illegal, 0, "{feed} holds only XML characters");
        assert!(
            body.contains("legacynote"),
            "{feed} keeps the rest of the note"
        );
        let parsed = feed_rs::parser::parse(body.as_bytes()).expect("the feed parses");
        eprintln!("{feed}: {} entries, valid XML", parsed.entries.len());
    }
}
both_apps!(feeds_stay_valid_xml, feeds);

/// Finding 9: a token has one spelling; revoking links stops the old ones and mails new.
async fn tokens(app: &TestApp) {
    let db = &app.test_db.db;
    let sub = domain::Subscription {
        email: domain::EmailAddress::parse("email", "reader@example.org").unwrap(),
        scope: domain::Scope::Everything,
        frequency: domain::Frequency::Weekly,
        changes: vec![domain::ChangeFilter::EveryFollowUp],
        time_zone: domain::TimeZoneName::parse("time_zone", "UTC").unwrap(),
        state: domain::SubscriptionState::Confirmed,
        lang: domain::Lang::En,
    };
    let id = db
        .insert_subscription(&sub, chrono::Utc::now())
        .await
        .unwrap();
    let signer = &app.state.mail.signer;
    let token = signer.sign(Purpose::Manage, id, 0);
    let sig = token.split_once('.').unwrap().1.to_owned();
    app.text(&format!("/subscriptions/manage?token={token}"), 200)
        .await;
    for other in [
        format!("0{id}.{sig}"),
        format!("%2B{id}.{sig}"),
        format!("{id}.{}", sig.to_uppercase()),
        format!("{id}.{sig}%20"),
    ] {
        app.text(&format!("/subscriptions/manage?token={other}"), 400)
            .await;
    }
    let before = rows(app, "email_outbox").await;
    let browser = app.browser();
    let revoked = browser
        .post("/subscriptions/revoke-links", &[("token", &token)])
        .await;
    assert_eq!(revoked.status(), 200);
    app.text(&format!("/subscriptions/manage?token={token}"), 400)
        .await;
    let unsubscribe = signer.sign(Purpose::Unsubscribe, id, 0);
    app.text(
        &format!("/subscriptions/unsubscribe?token={unsubscribe}"),
        400,
    )
    .await;
    let fresh = signer.sign(Purpose::Manage, id, 1);
    app.text(&format!("/subscriptions/manage?token={fresh}"), 200)
        .await;
    assert_eq!(
        rows(app, "email_outbox").await,
        before + 1,
        "new links mailed"
    );
}
both_apps!(tokens_have_one_spelling_and_links_can_be_revoked, tokens);

/// Finding 10: a submission key too long to keep is refused, so nothing is recorded twice.
async fn submission_keys(app: &TestApp) {
    let (ed, csrf) = editor(app).await;
    let path = format!("/pledges/{PLEDGE}/follow-up");
    let before = app.follow_up_count().await;
    let long = "k".repeat(65);
    for _ in 0..2 {
        let r = ed
            .post(
                &path,
                &[
                    ("csrf", &csrf),
                    ("submission_key", &long),
                    ("note", "twice"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("submission_key is too long")
        );
    }
    assert_eq!(app.follow_up_count().await, before);
    let key = "k".repeat(64);
    for _ in 0..2 {
        let r = ed
            .post(
                &path,
                &[("csrf", &csrf), ("submission_key", &key), ("note", "once")],
            )
            .await;
        assert_eq!(r.status(), 303);
    }
    assert_eq!(
        app.follow_up_count().await,
        before + 1,
        "a double submit records once"
    );
}
both_apps!(an_over_long_submission_key_is_refused, submission_keys);

/// Finding 11: membership that would loop (two actors, or longer) is refused naming the
/// field; a correction that loops nothing is kept.
async fn cycles(app: &TestApp) {
    let (ed, csrf) = editor(app).await;
    let edit = |members: &'static str| {
        let csrf = csrf.clone();
        let ed = &ed;
        async move {
            let r = ed
                .post(
                    "/actors/mistral-ai/edit",
                    &[
                        ("csrf", csrf.as_str()),
                        ("name", "Mistral AI"),
                        ("kind", "company"),
                        ("country", "FR"),
                        ("members", members),
                    ],
                )
                .await;
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, page) = edit("eu-ai-champions-initiative").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("members") && page.contains("circular"),
        "{page}"
    );
    let created = ed
        .post(
            "/actors/new",
            &[
                ("csrf", csrf.as_str()),
                ("slug", "champions-holding"),
                ("name", "Champions holding"),
                ("kind", "coalition"),
                ("country", ""),
                ("members", "eu-ai-champions-initiative"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let (status, page) = edit("champions-holding").await;
    assert_eq!(status, 422, "a three-actor loop");
    assert!(
        page.contains("mistral-ai has member champions-holding has member eu-ai-champions-initiative has member mistral-ai"),
        "{page}"
    );
    assert_eq!(edit("").await.0, 303, "a correction without a loop is kept");
}
both_apps!(membership_cycles_are_refused, cycles);
