//! Readers' contributions end to end over SMTP on both backends: a stranger sends evidence
//! with an email (confirmed from the link in the mail) and without one; an editor accepts
//! one into a follow-up that appears on the pledge page, in the change log and in a
//! subscriber's digest, and rejects others, the reason mailed only to a confirmed
//! contributor; the limits refuse a flood, with the rows and mails written counted.

use domain::{Frequency, Scope, Slug};
use pledgewatch_tests::fixtures::subscribers_since;
use pledgewatch_tests::mime::part;
pub use pledgewatch_tests::post::Post;
use pledgewatch_tests::post::link;
use pledgewatch_tests::{Browser, hidden};
use web::mail::digests;

pub const FL: &str = "fluidstack-10bn-ai-supercomputer-france";

/// Opens the form from the pledge page's link and sends `fields` with its CSRF token.
pub async fn send(browser: &Browser, fields: &[(&str, &str)]) -> reqwest::Response {
    let page = browser.page(&format!("/contribute?pledge={FL}")).await;
    let csrf = hidden(&page, "csrf").expect("the form has a CSRF token");
    assert_eq!(
        hidden(&page, "pledge").as_deref(),
        Some(FL),
        "pledge filled in"
    );
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser.post("/contribute", &form).await
}

fn evidence<'a>(email: &'a str, name: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("kind", "evidence"),
        ("pledge", FL),
        (
            "links",
            "https://example.org/fluidstack-site-works\nhttps://example.org/permit",
        ),
        (
            "note",
            "Site works began in the spring; the permit is public.",
        ),
        ("claim", "Construction has started"),
        ("delivery", "in_progress"),
        ("name", name),
        ("email", email),
    ]
}

/// The editor accepts contribution `id` from the queue (CSRF token `csrf`) with `fields`.
pub async fn accept(
    editor: &Browser,
    csrf: &str,
    id: i32,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    editor
        .post(&format!("/admin/contributions/{id}/accept"), &form)
        .await
}

/// Confirms a contributor's email from the link in its mail: a page with a button.
async fn confirm_from_mail(post: &Post, email: &str) {
    let inbox = post.inbox(email).await;
    let mail = inbox.last().expect("a confirmation mail");
    assert!(
        mail.header("Subject")
            .unwrap()
            .starts_with("Confirm your email for pledgewatch contribution"),
        "{:?}",
        mail.header("Subject")
    );
    let url = link(
        &part(&mail.data, "text/plain"),
        "/contribute/confirm?token=",
    );
    let page = post.app.text(&url, 200).await;
    let token = hidden(&page, "token").expect("the page carries the token");
    let browser = post.app.browser();
    let done = browser
        .post("/contribute/confirm", &[("token", &token)])
        .await;
    assert_eq!(done.status(), 200);
    assert!(done.text().await.unwrap().contains("Email confirmed"));
    let again = browser
        .post("/contribute/confirm", &[("token", &token)])
        .await;
    assert_eq!(again.status(), 400, "a link works once");
}

/// The CSRF token on the moderation page, after checking the item is listed there.
async fn queue_csrf(editor: &Browser, id: i32, beside: &str) -> String {
    let page = editor.page("/admin/contributions").await;
    assert!(
        page.contains(&format!("id=\"contribution-{id}\"")),
        "{page}"
    );
    assert!(
        page.contains(beside),
        "the pledge's state beside it:\n{page}"
    );
    hidden(&page, "csrf").expect("the queue's forms carry the CSRF token")
}

async fn accepted_into_a_follow_up_in_page_log_and_digest(post: Post) {
    let db = &post.app.test_db.db;
    let newest = db.newest_follow_up().await.unwrap();
    let scope = Scope::Pledge(Slug::parse("pledge", FL).unwrap());
    subscribers_since(db, 2, Frequency::Weekly, scope, newest).await;
    let before = post.count("follow_ups").await;

    let stranger = post.app.browser();
    let answer = send(&stranger, &evidence("ada@example.org", "Ada L.")).await;
    assert_eq!(answer.status(), 200);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("a link is on its way")
    );
    confirm_from_mail(&post, "ada@example.org").await;
    assert_eq!(post.count("contributions").await, 1);
    assert_eq!(
        post.count("follow_ups").await,
        before,
        "nothing published yet"
    );
    let page = post.app.text(&format!("/pledges/{FL}"), 200).await;
    assert!(
        !page.contains("Site works began"),
        "not before an editor accepts"
    );

    let head = post.app.json("/api/v1/changes", 200).await["head_seq"].clone();
    let editor = post.editor().await;
    let csrf = queue_csrf(&editor, 1, "Not yet assessed · ").await;
    let accepted = accept(
        &editor,
        &csrf,
        1,
        &[("tier", "press_report"), ("delivery", "in_progress")],
    )
    .await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(post.count("follow_ups").await, before + 1);
    let again = accept(&editor, &csrf, 1, &[("tier", "press_report")]).await;
    assert_eq!(again.status(), 409, "a contribution is decided once");
    assert_eq!(post.count("follow_ups").await, before + 1);

    // On the pledge page, credited by the name the contributor chose.
    let page = post.app.text(&format!("/pledges/{FL}"), 200).await;
    assert!(page.contains("Site works began in the spring"), "{page}");
    assert!(page.contains("Ada L. (accepted by"), "credited:\n{page}");
    assert!(
        page.contains("fluidstack-site-works"),
        "the evidence is linked"
    );
    // In the change log.
    let changes = post
        .app
        .json(&format!("/api/v1/changes?after={head}"), 200)
        .await;
    let entries = changes["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "one entry: {changes}");
    assert_eq!(entries[0]["kind"], "follow_up_recorded");
    assert_eq!(entries[0]["subject"], FL);
    assert!(
        entries[0]["author"]
            .as_str()
            .unwrap()
            .starts_with("Ada L. (accepted by"),
        "{changes}"
    );
    // In the subscriber's digest.
    let catalog = web::readmodel::load_catalog(db).await.unwrap();
    let report = digests::run(
        db,
        &post.app.state.mail,
        &catalog,
        Frequency::Weekly,
        50,
        &mut |_, _| {},
    )
    .await
    .expect("the digest run");
    assert_eq!(report.digests, 2, "{report:?}");
    let digest = post.inbox("reader1@example.org").await;
    let text = part(&digest.last().expect("a digest").data, "text/plain");
    assert!(text.contains("Site works began in the spring"), "{text}");
    // The contributor is told.
    let inbox = post.inbox("ada@example.org").await;
    let outcome = inbox.last().unwrap();
    assert_eq!(
        outcome.header("Subject").as_deref(),
        Some("Your pledgewatch contribution 1 was accepted")
    );
    // Every step is audited.
    let audit = db.audit_entries(None, None, None, 50).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    for action in [
        "contribution_received",
        "contribution_email_confirmed",
        "contribution_accepted",
        "follow_up_recorded",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    post.app.stop().await;
}

async fn rejections_mailed_only_to_a_confirmed_contributor(post: Post) {
    let stranger = post.app.browser();
    // Anonymous: no address, no mail at any step.
    let anonymous = send(&stranger, &evidence("", "")).await;
    assert_eq!(anonymous.status(), 200);
    let thanks = anonymous.text().await.unwrap();
    assert!(thanks.contains("nothing is published until one of them has checked it."));
    assert!(
        !thanks.contains("a link is on its way"),
        "no address, no link"
    );
    assert_eq!(post.count("email_outbox").await, 0);
    // An address never confirmed is not mailed the outcome.
    send(&post.app.browser(), &evidence("quiet@example.org", "")).await;
    // A confirmed one is.
    send(&post.app.browser(), &evidence("bea@example.org", "Bea")).await;
    confirm_from_mail(&post, "bea@example.org").await;
    assert_eq!(
        post.count("email_outbox").await,
        2,
        "two confirmation mails"
    );

    let editor = post.editor().await;
    let csrf = queue_csrf(&editor, 3, "Not yet assessed · ").await;
    let reason = "The permit is for another site, 40 km away.";
    for id in 1..=3 {
        let r = editor
            .post(
                &format!("/admin/contributions/{id}/reject"),
                &[("csrf", &csrf), ("reason", reason)],
            )
            .await;
        assert_eq!(r.status(), 303, "reject {id}");
    }
    assert_eq!(post.count("email_outbox").await, 3, "one outcome mail");
    let inbox = post.inbox("bea@example.org").await;
    assert_eq!(inbox.len(), 2);
    let mail = &inbox[1];
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("Your pledgewatch contribution 3 was not accepted")
    );
    assert!(part(&mail.data, "text/plain").contains(reason));
    assert!(part(&mail.data, "text/html").contains("40 km away"));
    assert_eq!(
        post.inbox("quiet@example.org").await.len(),
        1,
        "confirmation only"
    );
    let rejected = editor.page("/admin/contributions?state=rejected").await;
    assert_eq!(rejected.matches("class=\"contribution\"").count(), 3);
    assert!(rejected.contains(reason));
    let pending = editor.page("/admin/contributions").await;
    assert!(pending.contains("No contributions here."));
    post.app.stop().await;
}

async fn limits_refuse_a_flood(post: Post) {
    let flood = post.app.browser_from("127.0.0.7".parse().unwrap());
    let mut answers = Vec::new();
    for _ in 0..8 {
        answers.push(
            send(&flood, &evidence("flood@example.org", ""))
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(answers, [200, 200, 200, 200, 200, 429, 429, 429]);
    assert_eq!(
        post.count("contributions").await,
        5,
        "five rows from one client"
    );
    assert_eq!(
        post.count("email_outbox").await,
        3,
        "three confirmation mails to one address an hour"
    );
    // The honeypot: thanked, nothing kept.
    let bot = post.app.browser_from("127.0.0.8".parse().unwrap());
    let mut fields = evidence("bot@example.org", "");
    fields.push(("website", "https://spam.example"));
    assert_eq!(send(&bot, &fields).await.status(), 200);
    assert_eq!(post.count("contributions").await, 5);
    assert_eq!(post.count("email_outbox").await, 3);
    // The overall limit: the queue fills from many clients, then refuses anyone new.
    let db = &post.app.test_db.db;
    let input = domain::contribution::ContributionInput {
        kind: "evidence",
        pledge: FL,
        links: "https://example.org/x",
        note: "Filler",
        ..Default::default()
    };
    let c = domain::contribution::Contribution::parse(&input).unwrap();
    let limits = persistence::contributions::ContributionLimits::default();
    for n in 5..limits.per_hour {
        db.submit_contribution(
            &c,
            persistence::contributions::Submitter {
                client: &format!("10.0.{}.{}", n / 250, n % 250),
                lang: domain::Lang::En,
            },
            None,
            limits,
            chrono::Utc::now(),
            |_| -> Result<_, persistence::StoreError> { unreachable!("no token, no mail") },
        )
        .await
        .unwrap();
    }
    let newcomer = post.app.browser_from("127.0.0.9".parse().unwrap());
    assert_eq!(send(&newcomer, &evidence("", "")).await.status(), 429);
    assert_eq!(post.count("contributions").await, limits.per_hour as i64);
    assert_eq!(post.count("email_outbox").await, 3);
    post.app.stop().await;
}

pledgewatch_tests::on_both!(accepted_into_a_follow_up_in_page_log_and_digest);
pledgewatch_tests::on_both!(rejections_mailed_only_to_a_confirmed_contributor);
pledgewatch_tests::on_both!(limits_refuse_a_flood);
