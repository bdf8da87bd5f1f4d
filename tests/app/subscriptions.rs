//! Following by email, end to end over SMTP on both backends: subscribe through the form,
//! confirm from the link in the received mail, record follow-ups, run the digest, read
//! what arrived (headers, both parts, content), then manage, download, unsubscribe with
//! one click and erase, all through the links in that mail.

use domain::{EmailAddress, Frequency};
use pledgewatch_tests::fixtures::{record_delivery, record_progress};
use pledgewatch_tests::mime::part;
pub(crate) use pledgewatch_tests::post::{Post, link};
use pledgewatch_tests::{Backend, Browser, hidden};

pub(crate) const PLEDGE: &str = "france-109bn-ai-investment";

/// Fills the subscribe form the way a person would, starting from the scope's page link.
async fn subscribe(
    browser: &Browser,
    email: &str,
    frequency: &str,
    changes: &[&str],
) -> reqwest::Response {
    let page = browser
        .get(&format!("/subscribe?scope=pledge&target={PLEDGE}"))
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").expect("the form has a CSRF token");
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("email", email),
        ("scope", "pledge"),
        ("target", PLEDGE),
        ("frequency", frequency),
        ("time_zone", "Europe/Paris"),
    ];
    form.extend(changes.iter().map(|c| (*c, "on")));
    browser.post("/subscribe", &form).await
}

/// Confirms from the link in the latest confirmation mail: the link opens a page with a
/// button; the button posts the token.
async fn confirm_from_mail(post: &Post, email: &str) {
    let inbox = post.inbox(email).await;
    let mail = inbox.last().expect("a confirmation mail");
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("Confirm your pledgewatch subscription")
    );
    assert!(
        mail.header("List-Unsubscribe").is_none(),
        "a confirmation is not list mail"
    );
    let text = part(&mail.data, "text/plain");
    let browser = post.app.browser();
    let token = post
        .confirm(
            &browser,
            &text,
            "/subscriptions/confirm",
            "Subscription confirmed",
        )
        .await;
    let again = browser
        .post("/subscriptions/confirm", &[("token", &token)])
        .await;
    assert_eq!(again.status(), 400, "a confirmation link works once");
}

async fn journey(post: &Post) {
    let app = &post.app;
    let db = &app.test_db.db;
    // Every page that has news offers to follow it.
    assert!(
        app.text(&format!("/pledges/{PLEDGE}"), 200)
            .await
            .contains(&format!("/subscribe?scope=pledge&amp;target={PLEDGE}"))
    );
    assert!(
        app.text("/", 200)
            .await
            .contains("/subscribe?scope=everything")
    );
    let pledge_title = app.json(&format!("/api/v1/pledges/{PLEDGE}"), 200).await["title"]
        .as_str()
        .unwrap()
        .to_owned();

    // Bad input is named and writes nothing; a form without its CSRF token is refused.
    let reader = app.browser();
    let bad = subscribe(&reader, "not-an-address", "weekly", &[]).await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    assert!(body.contains("email") && body.contains("changes"), "{body}");
    let forged = reader
        .post(
            "/subscribe",
            &[("email", "x@example.org"), ("scope", "everything")],
        )
        .await;
    assert_eq!(forged.status(), 403);
    assert_eq!(db.outbox_counts().await.unwrap().total(), 0);

    // Ana follows every follow-up; Bo only status changes.
    let ana = "ana@example.org";
    let bo = "bo@example.org";
    let asked = subscribe(&reader, ana, "weekly", &["change_every"]).await;
    assert_eq!(asked.status(), 200);
    let asked_page = asked.text().await.unwrap();
    assert!(asked_page.contains("Check your inbox"));
    confirm_from_mail(post, ana).await;
    assert_eq!(
        subscribe(&reader, bo, "weekly", &["change_status"])
            .await
            .status(),
        200
    );
    confirm_from_mail(post, bo).await;

    // Asking again at once sends nothing (rate limit) and says the same.
    let before = post.inbox(ana).await.len();
    let again = subscribe(&reader, ana, "daily", &["change_status"]).await;
    assert_eq!(again.status(), 200);
    assert_eq!(
        again.text().await.unwrap(),
        asked_page,
        "the page never tells whether the address is subscribed"
    );
    assert_eq!(post.inbox(ana).await.len(), before, "throttled: no mail");
    // Later, the same request gets a reminder and changes nothing.
    db.execute_unprepared("UPDATE subscriptions SET confirm_sent_at = NULL")
        .await
        .unwrap();
    subscribe(&reader, ana, "daily", &["change_status"]).await;
    let inbox = post.inbox(ana).await;
    assert_eq!(inbox.len(), before + 1);
    let reminder = inbox.last().unwrap();
    assert_eq!(
        reminder.header("Subject").as_deref(),
        Some("You already follow this on pledgewatch")
    );
    assert!(part(&reminder.data, "text/plain").contains("/subscriptions/manage?token="));
    let kept = post.subscription(ana).await.subscription;
    assert_eq!(
        kept.frequency,
        Frequency::Weekly,
        "a request never downgrades"
    );

    // Nothing changed yet: no digest.
    assert_eq!(post.run_digest(Frequency::Weekly).await.digests, 0);

    // A status change with evidence reaches both.
    record_delivery(app, PLEDGE).await;
    let report = post.run_digest(Frequency::Weekly).await;
    assert_eq!((report.subscribers, report.digests), (2, 2));
    let run = report.run_id.unwrap();
    let ana_id = post.subscription(ana).await.id;
    let inbox = post.inbox(ana).await;
    let digest = inbox.last().unwrap();
    assert_eq!(digest.rcpt_to, vec![format!("<{ana}>")]);
    assert!(digest.mail_from.contains("pledgewatch@localhost"));
    assert_eq!(digest.header("To").as_deref(), Some(ana));
    assert!(
        digest
            .header("From")
            .unwrap()
            .contains("pledgewatch@localhost")
    );
    assert_eq!(
        digest.header("Subject").unwrap(),
        "pledgewatch: 1 change on 1 pledge"
    );
    assert_eq!(
        digest.header("Message-ID").unwrap(),
        format!("<digest.{run}.{ana_id}@127.0.0.1>"),
        "the Message-ID comes from the idempotency key"
    );
    let one_click = digest.header("List-Unsubscribe").unwrap();
    assert!(
        one_click.starts_with(&format!(
            "<{}/subscriptions/unsubscribe?token=",
            app.url("")
        )) && one_click.ends_with('>'),
        "{one_click}"
    );
    assert_eq!(
        digest.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(
        digest
            .header("Content-Type")
            .unwrap()
            .starts_with("multipart/alternative")
    );
    let text = part(&digest.data, "text/plain");
    // Tera escapes `/` as `&#x2F;`, which HTML (and every mail client) reads as `/`.
    let html = part(&digest.data, "text/html").replace("&#x2F;", "/");
    assert!(text.starts_with("1 change on 1 pledge\r\n"), "{text}");
    crate::french_mail::assert_wrapped(&text);
    let flat_text = crate::french_mail::flat(&text);
    for expected in [
        pledge_title.as_str(),
        "Land purchased for the first campus.",
        "https://example.org/registry?id=7&a=b",
        "Delivery: In progress · Schedule:",
        "-> In progress",
        "20%",
        "Why you got this: You get this weekly digest because you follow the pledge france-109bn-ai-investment, all follow-ups.",
    ] {
        assert!(
            flat_text.contains(expected),
            "text part lacks {expected:?}:\n{text}"
        );
    }
    for expected in [
        "Land purchased for the first campus.",
        "href=\"https://example.org/registry?id=7&amp;a=b\"",
        "&rarr;",
        "1 change on 1 pledge",
        "Why you got this",
        "You get this weekly digest because you follow the pledge france-109bn-ai-investment, all follow-ups.",
        "<meta name=\"color-scheme\" content=\"light dark\">",
        "/subscriptions/manage?token=",
    ] {
        assert!(
            html.contains(expected),
            "html part lacks {expected:?}:\n{html}"
        );
    }
    assert_eq!(post.inbox(bo).await.len(), 2, "Bo: confirmation and digest");

    // The same follow-up is never sent twice, and the next one comes alone.
    assert_eq!(post.run_digest(Frequency::Weekly).await.digests, 0);
    record_progress(app, PLEDGE, 35, "Second campus under way.").await;
    let report = post.run_digest(Frequency::Weekly).await;
    assert_eq!(report.digests, 1, "Bo follows status changes only");
    let inbox = post.inbox(ana).await;
    let second = part(&inbox.last().unwrap().data, "text/plain");
    assert!(second.contains("Second campus under way."), "{second}");
    assert!(!second.contains("Land purchased"), "{second}");
    assert_eq!(post.inbox(bo).await.len(), 2);

    // Preferences from the link in the digest: no login, a signed token.
    let manage = link(&text, "/subscriptions/manage?token=");
    let page = app.text(&manage, 200).await;
    assert!(page.contains(ana));
    let token = hidden(&page, "token").unwrap();
    let settings = |zone: &'static str| {
        vec![
            ("token", token.clone()),
            ("scope", "pledge".to_owned()),
            ("target", PLEDGE.to_owned()),
            ("frequency", "daily".to_owned()),
            ("change_every", "on".to_owned()),
            ("time_zone", zone.to_owned()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let browser = app.browser();
    let wrong = as_refs(&settings("Mars/Olympus"));
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = browser.post("/subscriptions/manage", &wrong).await;
    assert_eq!(
        refused.status(),
        422,
        "a refused form answers 422, like every form"
    );
    assert!(refused.text().await.unwrap().contains("time_zone"));
    assert_eq!(
        post.subscription(ana).await.subscription.frequency,
        Frequency::Weekly
    );
    let right = as_refs(&settings("America/New_York"));
    let right: Vec<(&str, &str)> = right.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = browser.post("/subscriptions/manage", &right).await;
    assert_eq!(saved.status(), 200);
    assert!(saved.text().await.unwrap().contains("Saved."));
    let now = post.subscription(ana).await.subscription;
    assert_eq!(now.frequency, Frequency::Daily);
    assert_eq!(now.time_zone.as_str(), "America/New_York");
    assert!(
        app.get("/subscriptions/manage?token=1.forged")
            .await
            .status()
            == 400,
        "a forged token opens nothing"
    );

    // The subscriber's data, as a download.
    let data = app.get(&manage.replace("/manage?", "/data?")).await;
    assert_eq!(data.status(), 200);
    assert!(
        data.headers()[reqwest::header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let data: serde_json::Value = data.json().await.unwrap();
    assert_eq!(data["email"], ana);
    assert_eq!(data["subscriptions"][0]["frequency"], "daily");
    assert!(data["messages"].as_array().unwrap().len() >= 4);

    // One-click unsubscribe for Bo (RFC 8058): the GET asks, the POST acts at once.
    let bo_inbox = post.inbox(bo).await;
    let bo_digest = bo_inbox.last().unwrap();
    let unsubscribe = bo_digest.header("List-Unsubscribe").unwrap();
    let unsubscribe = unsubscribe.trim_matches(['<', '>']);
    let asks = app.client.get(unsubscribe).send().await.unwrap();
    assert_eq!(asks.status(), 200);
    assert!(asks.text().await.unwrap().contains("Unsubscribe?"));
    assert_eq!(
        post.subscription(bo).await.subscription.state,
        domain::SubscriptionState::Confirmed,
        "a GET changes nothing"
    );
    let done = app
        .client
        .post(unsubscribe)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.headers().get("location").is_none(), "no redirect");
    assert_eq!(
        post.subscription(bo).await.subscription.state,
        domain::SubscriptionState::Unsubscribed
    );

    // A digest written before its reader leaves is not sent.
    record_delivery(app, PLEDGE).await;
    record_progress(app, PLEDGE, 50, "Half way.").await;
    assert_eq!(
        post.run_digest(Frequency::Weekly).await.digests,
        0,
        "Bo left"
    );
    assert_eq!(post.run_digest(Frequency::Daily).await.digests, 1);
    let left = browser
        .post("/subscriptions/leave", &[("token", &token)])
        .await;
    assert_eq!(left.status(), 200);
    let before = post.sink.count();
    let step = post.worker.drain().await.unwrap();
    assert_eq!((step.sent, step.skipped), (0, 1));
    assert_eq!(post.sink.count(), before);

    // Erasure removes the address and every message to it; old links stop working.
    let erased = browser
        .post("/subscriptions/erase", &[("token", &token)])
        .await;
    assert_eq!(erased.status(), 200);
    let email = EmailAddress::parse("email", ana).unwrap();
    let data = db.subscriber_data(&email).await.unwrap();
    assert!(data.subscriptions.is_empty() && data.messages.is_empty());
    assert_eq!(app.get(&manage).await.status(), 400);
}

#[tokio::test]
async fn a_reader_follows_a_pledge_by_email_over_smtp_on_sqlite() {
    let post = Post::open(Backend::Sqlite).await.expect("sqlite");
    journey(&post).await;
    post.app.stop().await;
}

#[tokio::test]
async fn a_reader_follows_a_pledge_by_email_over_smtp_on_postgres() {
    let Some(post) = Post::open(Backend::Postgres).await else {
        return;
    };
    journey(&post).await;
    post.app.stop().await;
}
