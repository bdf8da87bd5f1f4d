//! Accounts: login that tells nothing and can't be hammered, sessions that end for real,
//! and a follow-up route that refuses everyone it should, writing nothing.

use domain::Role;
use pledgewatch_tests::fixtures::seeded_pledges;
use pledgewatch_tests::{TestApp, both_apps, hidden};
use std::time::Instant;

const PLEDGE: &str = "fluidstack-10bn-ai-supercomputer-france";

fn evidence_fields<'a>(csrf: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("submission_key", key),
        ("delivery", "in_progress"),
        ("progress", "15"),
        ("note", "Site chosen"),
        ("evidence_url_1", "https://example.org/press"),
        ("evidence_title_1", "Press release"),
        ("evidence_tier_1", "official_statement"),
    ]
}

async fn login_reveals_nothing(app: &TestApp) {
    let password = app.add_user("ana@example.org", Role::Editor).await;
    let browser = app.browser();
    let started = Instant::now();
    let wrong = browser.login("ana@example.org", "not-the-password").await;
    let wrong_time = started.elapsed();
    let wrong_status = wrong.status();
    let wrong_body = wrong.text().await.unwrap();
    let started = Instant::now();
    let unknown = browser
        .login("nobody@example.org", "not-the-password")
        .await;
    let unknown_time = started.elapsed();
    assert_eq!(wrong_status, 401);
    assert_eq!(unknown.status(), 401);
    let unknown_body = unknown.text().await.unwrap();
    let message = |b: &str| {
        b.split("role=\"alert\"")
            .nth(1)
            .map(|s| s.split('<').next().unwrap_or("").to_owned())
    };
    assert_eq!(
        message(&wrong_body),
        message(&unknown_body),
        "the same answer for both"
    );
    // Both pay for one argon2 verification: similar time, within a generous factor.
    let (slow, fast) = if wrong_time > unknown_time {
        (wrong_time, unknown_time)
    } else {
        (unknown_time, wrong_time)
    };
    assert!(
        slow.as_secs_f64() < fast.as_secs_f64() * 4.0 + 0.05,
        "wrong {wrong_time:?} vs unknown {unknown_time:?}"
    );

    // A crafted `next` cannot send anyone to another site.
    let page = browser.get("/login").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let away = browser
        .post(
            "/login",
            &[
                ("email", "ana@example.org"),
                ("password", &password),
                ("csrf", &csrf),
                ("next", "/\t/evil.example"),
            ],
        )
        .await;
    assert_eq!(away.status(), 303);
    assert_eq!(away.headers()["location"], "/");

    let ok = browser.login("ana@example.org", &password).await;
    assert_eq!(ok.status(), 303);
    let set_cookie = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        set_cookie.contains("pw_session=")
            && set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
}
both_apps!(
    a_wrong_password_and_an_unknown_email_look_the_same,
    login_reveals_nothing
);

async fn attempts_are_limited(app: &TestApp) {
    let password = app.add_user("ben@example.org", Role::Editor).await;
    let browser = app.browser();
    for _ in 0..web::routes::account::ATTEMPTS_PER_ACCOUNT {
        assert_eq!(
            browser
                .login("ben@example.org", "wrong-password")
                .await
                .status(),
            401
        );
    }
    let refused = browser.login("ben@example.org", &password).await;
    assert_eq!(
        refused.status(),
        429,
        "the attempt past the limit is refused, even with the right password"
    );
    // Another account from the same address still has its own allowance.
    let cleo = app.add_user("cleo@example.org", Role::Editor).await;
    assert_eq!(browser.login("cleo@example.org", &cleo).await.status(), 303);
}
both_apps!(login_attempts_are_rate_limited, attempts_are_limited);

async fn stolen_cookie(app: &TestApp) {
    let password = app.add_user("dora@example.org", Role::Editor).await;
    let browser = app.browser();
    let ok = browser.login("dora@example.org", &password).await;
    let cookie = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("pw_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let thief = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = format!("http://{}/pledges/{PLEDGE}/follow-up", app.address);
    assert_eq!(
        thief
            .get(&url)
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "the copied cookie works while the session lives"
    );
    let account = browser.get("/account").await.text().await.unwrap();
    let csrf = hidden(&account, "csrf").unwrap();
    assert_eq!(
        browser.post("/logout", &[("csrf", &csrf)]).await.status(),
        303
    );
    assert_eq!(
        thief
            .get(&url)
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .status(),
        303,
        "after logout it sends to the login page"
    );
}
both_apps!(a_stolen_cookie_stops_working_after_logout, stolen_cookie);

async fn refusals_write_nothing(app: &TestApp) {
    let password = app.add_user("eve@example.org", Role::Editor).await;
    let editor = app.browser();
    assert_eq!(
        editor.login("eve@example.org", &password).await.status(),
        303
    );
    let (csrf, key) = editor.follow_up_form(PLEDGE).await;
    let path = format!("/pledges/{PLEDGE}/follow-up");
    let before = app.follow_up_count().await;

    let anonymous = app.browser().post(&path, &evidence_fields("x", "k1")).await;
    assert_eq!(anonymous.status(), 303);
    assert!(
        anonymous.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    let mut no_csrf = evidence_fields(&csrf, &key);
    no_csrf.remove(0);
    assert_eq!(editor.post(&path, &no_csrf).await.status(), 403);
    assert_eq!(
        editor
            .post(&path, &evidence_fields("forged-token", &key))
            .await
            .status(),
        403
    );
    let other_session_csrf = {
        let other = app.browser();
        other.login("eve@example.org", &password).await;
        other.follow_up_form(PLEDGE).await.0
    };
    assert_eq!(
        editor
            .post(&path, &evidence_fields(&other_session_csrf, &key))
            .await
            .status(),
        403,
        "a token of another session is refused"
    );
    assert_eq!(
        app.follow_up_count().await,
        before,
        "no refusal wrote anything"
    );

    // Disabling the account ends its session at once.
    app.test_db
        .db
        .set_user_disabled(
            &domain::EmailAddress::parse("e", "eve@example.org").unwrap(),
            true,
        )
        .await
        .unwrap();
    assert_eq!(
        editor
            .post(&path, &evidence_fields(&csrf, &key))
            .await
            .status(),
        303
    );
    assert_eq!(app.follow_up_count().await, before);
    assert_eq!(
        editor.login("eve@example.org", &password).await.status(),
        401,
        "a disabled account cannot log in"
    );
}
both_apps!(
    the_follow_up_route_refuses_strangers_and_forgeries,
    refusals_write_nothing
);

async fn recording(app: &TestApp) {
    let seeded_follow_ups = app.follow_up_count().await;
    let password = app.add_user("fay@example.org", Role::Editor).await;
    let editor = app.browser();
    editor.login("fay@example.org", &password).await;
    let (csrf, key) = editor.follow_up_form(PLEDGE).await;
    let path = format!("/pledges/{PLEDGE}/follow-up");

    // A status change without evidence comes back with the input kept.
    let mut missing = evidence_fields(&csrf, &key);
    missing.truncate(5);
    let refused = editor.post(&path, &missing).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("evidence must not be empty"));
    assert!(
        page.contains("value=\"15\"") && page.contains("Site chosen"),
        "the input is kept"
    );

    let fields = evidence_fields(&csrf, &key);
    assert_eq!(editor.post(&path, &fields).await.status(), 303);
    assert_eq!(
        editor.post(&path, &fields).await.status(),
        303,
        "a double submission is accepted..."
    );
    assert_eq!(
        app.follow_up_count().await,
        seeded_follow_ups + 1,
        "...and recorded once"
    );
    let pledge_page = app.text(&format!("/pledges/{PLEDGE}"), 200).await;
    assert!(pledge_page.contains("In progress") && pledge_page.contains("Press release"));
    assert!(
        pledge_page.contains("fay@example.org &lt;b&gt;name&lt;&#x2F;b&gt;"),
        "the author's name is escaped"
    );
    assert!(
        app.text("/", 200).await.contains("Site chosen")
            || app.text("/", 200).await.contains("In progress")
    );
}
both_apps!(an_editor_records_a_follow_up_once, recording);

async fn hostile_fields(app: &TestApp) {
    let password = app.add_user("gus@example.org", Role::Editor).await;
    let editor = app.browser();
    editor.login("gus@example.org", &password).await;
    let (csrf, _) = editor.follow_up_form(PLEDGE).await;
    let path = format!("/pledges/{PLEDGE}/follow-up");
    let huge = "x".repeat(1_000_000);
    let cases: Vec<(&str, &str, &str)> = vec![
        ("evidence_url_1", "javascript:alert(1)", "evidence_url_1"),
        ("evidence_url_1", "not a url", "evidence_url_1"),
        ("note", huge.as_str(), "note"),
        ("note", "bell \u{7} control", "note"),
        ("progress", "101", "progress"),
        ("progress", "-1", "progress"),
        ("progress", "12.5", "progress"),
        ("occurred_on", "2025-02-30", "occurred_on"),
        ("occurred_on", "9999-12-31", "occurred_on"),
        ("occurred_on", "1' OR '1'='1", "occurred_on"),
        (
            "money_amount",
            "123456789012345678901234567890",
            "money_amount",
        ),
        ("money_amount", "-5", "money_amount"),
        ("money_amount", "0.001", "money_amount"),
        ("money_currency", "XYZ", "money_currency"),
        ("delivery", "<script>alert(1)</script>", "delivery"),
        ("contested", "maybe", "contested"),
    ];
    for (field, value, named) in cases {
        let key = format!("hostile-{field}-{}", value.len());
        let mut form = vec![
            ("csrf", csrf.as_str()),
            ("submission_key", key.as_str()),
            ("note", "hostile probe"),
        ];
        form.retain(|(k, _)| *k != field);
        form.push((field, value));
        if field.starts_with("money") {
            form.extend([
                ("money_stage", "disbursed"),
                ("money_source", "goover-paris-summit-report-2025"),
            ]);
            if field != "money_currency" {
                form.push(("money_currency", "EUR"));
            }
            if field != "money_amount" {
                form.push(("money_amount", "5"));
            }
        }
        let response = editor.post(&path, &form).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert!(
            (400..500).contains(&status),
            "{field}={:.40}: {status}",
            value
        );
        assert!(body.contains(named), "{field}: the answer names {named}");
        assert!(
            !body.contains("<script>alert(1)</script>"),
            "{field}: payload comes back escaped"
        );
        assert!(
            !body.contains("href=\"javascript:"),
            "{field}: no javascript: link"
        );
    }
    // Markup and SQL in free text is saved as text and shown escaped.
    let note = "<img src=x onerror=alert(1)> '; DROP TABLE pledges; --";
    let form = [
        ("csrf", csrf.as_str()),
        ("submission_key", "markup"),
        ("note", note),
    ];
    assert_eq!(editor.post(&path, &form).await.status(), 303);
    let page = app.text(&format!("/pledges/{PLEDGE}"), 200).await;
    assert!(!page.contains("<img src=x") && page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert_eq!(
        app.json("/api/v1/pledges?per_page=100", 200).await["total"],
        seeded_pledges(),
        "the pledges table is still there"
    );
    // Bytes that are not UTF-8 get a 4xx, not a 500.
    let raw = editor
        .client
        .post(format!("{}{path}", editor.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"csrf=x&note=%FF%FE".to_vec())
        .send()
        .await
        .unwrap();
    assert!(raw.status().is_client_error(), "{}", raw.status());
}
both_apps!(
    hostile_form_input_gets_a_4xx_naming_the_field,
    hostile_fields
);

async fn admin_routes(app: &TestApp) {
    let admin_pw = app.add_user("root@example.org", Role::Admin).await;
    let editor_pw = app.add_user("hal@example.org", Role::Editor).await;
    let admin = app.browser();
    assert_eq!(
        admin.login("root@example.org", &admin_pw).await.status(),
        303
    );
    let editor = app.browser();
    assert_eq!(
        editor.login("hal@example.org", &editor_pw).await.status(),
        303
    );
    let users_before = app.test_db.db.users().await.unwrap();

    // Anonymous, an editor, and an admin without CSRF are all refused; nothing changes.
    assert_eq!(app.browser().get("/admin/users").await.status(), 303);
    assert_eq!(editor.get("/admin/users").await.status(), 403);
    assert_eq!(editor.get("/admin/audit").await.status(), 403);
    let editor_csrf = editor.follow_up_form(PLEDGE).await.0;
    let add = |csrf: &str| {
        vec![
            ("csrf", csrf.to_owned()),
            ("email", "new@example.org".to_owned()),
            ("name", "New".to_owned()),
            ("role", "admin".to_owned()),
        ]
    };
    let as_pairs = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let editor_add = as_pairs(&add(&editor_csrf));
    let refs: Vec<(&str, &str)> = editor_add.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(editor.post("/admin/users", &refs).await.status(), 403);
    assert_eq!(
        editor
            .post(
                "/admin/users/status",
                &[
                    ("csrf", &editor_csrf),
                    ("email", "root@example.org"),
                    ("action", "disable")
                ]
            )
            .await
            .status(),
        403
    );
    assert_eq!(
        admin.post("/admin/users", &refs[1..]).await.status(),
        403,
        "no CSRF token"
    );
    assert_eq!(
        app.browser()
            .post(
                "/admin/users/status",
                &[("email", "hal@example.org"), ("action", "disable")]
            )
            .await
            .status(),
        303
    );
    assert_eq!(
        app.test_db.db.users().await.unwrap(),
        users_before,
        "no refusal changed an account"
    );

    // The admin adds an account and disables the editor, who is logged out at once.
    let page = admin.get("/admin/users").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap_or_else(|| panic!("{page}"));
    let added = admin
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("email", "ivy@example.org"),
                ("name", "Ivy"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(added.status(), 200);
    let shown = added.text().await.unwrap();
    let password = shown
        .split("shown only now: ")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(
        app.browser()
            .login("ivy@example.org", &password)
            .await
            .status(),
        303,
        "the shown password works"
    );
    assert_eq!(
        admin
            .post(
                "/admin/users/status",
                &[
                    ("csrf", &csrf),
                    ("email", "hal@example.org"),
                    ("action", "disable")
                ]
            )
            .await
            .status(),
        303
    );
    assert_eq!(
        editor
            .get(&format!("/pledges/{PLEDGE}/follow-up"))
            .await
            .status(),
        303,
        "the disabled editor's session is over"
    );

    // The audit trail lists logins and changes, by person and date.
    let today = chrono::Utc::now().date_naive();
    let audit = admin
        .get(&format!(
            "/admin/audit?actor=root@example.org&from={today}&to={today}"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        audit.contains("user_added") && audit.contains("user_disabled") && audit.contains("login")
    );
    assert!(
        !audit.contains("hal@example.org</td><td data-label=\"What\">login"),
        "filtered to one person"
    );
    let yesterday = today.pred_opt().unwrap();
    let empty = admin
        .get(&format!("/admin/audit?from={yesterday}&to={yesterday}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(empty.contains("Nothing recorded in this range."));
    assert_eq!(admin.get("/admin/audit?from=yesterday").await.status(), 400);
}
both_apps!(
    admin_routes_refuse_editors_strangers_and_forgeries,
    admin_routes
);
