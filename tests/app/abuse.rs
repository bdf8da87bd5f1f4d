//! Abuse limits (issue 13, findings 1–3), each reproduced through the real server on a
//! random port, on both backends: mail bombing through `/subscribe` (across two
//! instances), locking an owner out, and storage growth through `/login`. Input hardening
//! (findings 6–11) is in `hardening.rs`.

use domain::Role;
use pledgewatch_tests::{Backend, Browser, TestApp, both_apps, hidden};
use std::net::IpAddr;
use std::time::Instant;

fn ip(last: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, last])
}

pub async fn rows(app: &TestApp, table: &str) -> i64 {
    persistence::diagnostics::row_counts(&app.test_db.db)
        .await
        .expect("counts")[table]
}

/// Asks to follow everything with this address; returns the status and the page.
pub async fn subscribe(browser: &Browser, email: &str) -> (u16, String) {
    let page = browser.get("/subscribe").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").expect("the form has a CSRF token");
    let response = browser
        .post(
            "/subscribe",
            &[
                ("csrf", csrf.as_str()),
                ("email", email),
                ("scope", "everything"),
                ("frequency", "weekly"),
                ("change_status", "on"),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Finding 1: one client asking for mail to many addresses is stopped after its hourly
/// allowance, on this instance and on another serving the same database, and everyone
/// together is stopped at the overall limit.
async fn mail_bombing(backend: Backend) {
    let mut mail = web::mail::MailSettings::to_folder(
        std::env::temp_dir().join(format!("pw-mail-{}", uuid::Uuid::new_v4().simple())),
    );
    mail.worker_in_serve = false;
    mail.subscribe_per_client_per_hour = 4;
    mail.subscribe_per_hour = 7;
    let Some(app) = TestApp::spawn_with_mail(backend, mail.clone()).await else {
        return;
    };
    let other = app.second_instance(mail).await;
    let started = Instant::now();
    let bomber = app.browser_from(ip(21));
    let mut statuses = Vec::new();
    for i in 0..6 {
        statuses.push(
            subscribe(&bomber, &format!("victim{i}@example.org"))
                .await
                .0,
        );
    }
    assert_eq!(statuses, [200, 200, 200, 200, 429, 429], "per client");
    let (status, page) = subscribe(&other.browser_from(ip(21)), "victim9@example.org").await;
    assert_eq!(
        status, 429,
        "the other instance counts the same client: {page}"
    );
    assert!(page.contains("try again"), "{page}");
    let neighbour = other.browser_from(ip(22));
    let mut overall = Vec::new();
    for i in 0..4 {
        overall.push(
            subscribe(&neighbour, &format!("reader{i}@example.org"))
                .await
                .0,
        );
    }
    assert_eq!(overall, [200, 200, 200, 429], "the overall limit");
    let queued = rows(&app, "email_outbox").await;
    assert_eq!(queued, 7);
    eprintln!(
        "{backend:?}: 11 requests from two clients over two instances made {queued} mails (client 4/h, overall 7/h) in {:?}",
        started.elapsed()
    );
    drop(other);
    app.stop().await;
}

#[tokio::test]
async fn subscribe_mail_is_limited_per_client_and_overall_across_instances_sqlite() {
    mail_bombing(Backend::Sqlite).await;
}

#[tokio::test]
async fn subscribe_mail_is_limited_per_client_and_overall_across_instances_postgres() {
    mail_bombing(Backend::Postgres).await;
}

/// Findings 2 and 3: a stranger's wrong guesses do not lock the owner out elsewhere;
/// successes and refused attempts count towards nothing and refused ones write nothing;
/// guessing spread over many addresses still meets the per-account cap.
async fn lock_out(app: &TestApp) {
    let password = app.add_user("owner@example.org", Role::Editor).await;
    let started = Instant::now();
    let stranger = app.browser_from(ip(13));
    let (mut wrong, mut refused) = (0, 0);
    for _ in 0..52 {
        match stranger
            .login("owner@example.org", "guess-guess-guess")
            .await
            .status()
            .as_u16()
        {
            401 => wrong += 1,
            429 => refused += 1,
            other => panic!("a wrong guess answered {other}"),
        }
    }
    assert_eq!((wrong, refused), (5, 47));
    let audited = rows(app, "audit_log").await;
    let attempts = rows(app, "login_attempts").await;
    assert_eq!(
        attempts, 15,
        "5 failures under 3 keys; refusals are not recorded"
    );
    for _ in 0..8 {
        let owner = app.browser_from(ip(14));
        assert_eq!(
            owner.login("owner@example.org", &password).await.status(),
            303,
            "the owner logs in from elsewhere, again and again"
        );
    }
    assert_eq!(
        rows(app, "login_attempts").await,
        15,
        "successes do not count"
    );
    for _ in 0..20 {
        assert_eq!(stranger.login("owner@example.org", "x").await.status(), 429);
    }
    assert_eq!(
        rows(app, "audit_log").await,
        audited + 8,
        "only the 8 logins were audited, none of the refusals"
    );
    // With the 5 above, guesses from 19 more addresses, 5 each, reach the per-account cap
    // of 100.
    for host in 30..49 {
        let b = app.browser_from(ip(host));
        for _ in 0..5 {
            assert_eq!(b.login("owner@example.org", "spread").await.status(), 401);
        }
    }
    let owner = app.browser_from(ip(15));
    assert_eq!(
        owner.login("owner@example.org", &password).await.status(),
        429
    );
    eprintln!(
        "{} wrong, {} refused from one address; the owner logged in 8 times from another; 100 spread guesses then locked the account; {:?}",
        wrong,
        refused + 20,
        started.elapsed()
    );
}
both_apps!(a_stranger_cannot_lock_the_owner_out, lock_out);

/// Finding 3: an email past 254 characters is refused naming the field before anything
/// is written; a 1.9 MB one writes nothing either.
async fn storage_abuse(app: &TestApp) {
    let before = (
        rows(app, "login_attempts").await,
        rows(app, "audit_log").await,
    );
    let browser = app.browser();
    let long = format!("{}@example.org", "a".repeat(243));
    let response = browser.login(&long, "password").await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("email is too long"), "{page}");
    let huge = format!("{}@x.com", "a".repeat(1_900_000));
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(browser.login(&huge, "password").await.status().as_u16());
    }
    assert!(
        statuses.iter().all(|s| (400..500).contains(s)),
        "{statuses:?}"
    );
    let after = (
        rows(app, "login_attempts").await,
        rows(app, "audit_log").await,
    );
    assert_eq!(before, after, "nothing written");
    eprintln!(
        "1.9 MB email x10 answered {statuses:?}; attempts and audit rows {before:?} -> {after:?}"
    );
}
both_apps!(an_oversized_login_email_writes_nothing, storage_abuse);
