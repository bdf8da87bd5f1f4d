//! Every state-changing route refuses a stranger, a disabled account, an editor on admin
//! routes, and a form without this session's CSRF token, and none of those writes anything.

use domain::Role;
use pledgewatch_tests::{Browser, TestApp, both_apps, hidden};

const FL: &str = "fluidstack-10bn-ai-supercomputer-france";

/// A state-changing route: its path, whether it is for admins only, and a plausible form
/// (besides the CSRF token).
type Route = (String, bool, Vec<(&'static str, &'static str)>);

fn routes() -> Vec<Route> {
    let pledge = vec![
        ("slug", "authz-probe"),
        ("title", "Probe"),
        ("summary", "Probe"),
        ("kind", "fund"),
        ("themes", "investment"),
        ("announced_on", "2025-02-11"),
        ("strength", "announced"),
        ("sources", "goover-paris-summit-report-2025"),
        ("actors", "france:announcer"),
    ];
    vec![
        (
            format!("/pledges/{FL}/follow-up"),
            false,
            vec![
                ("delivery", "stalled"),
                ("note", "probe"),
                ("evidence_url_1", "https://example.org/e"),
                ("evidence_title_1", "E"),
            ],
        ),
        ("/pledges/new".into(), false, pledge.clone()),
        (format!("/pledges/{FL}/edit"), false, pledge),
        (format!("/pledges/{FL}/delete"), false, vec![]),
        (
            "/actors/new".into(),
            false,
            vec![
                ("slug", "authz-actor"),
                ("name", "Probe"),
                ("kind", "company"),
            ],
        ),
        (
            "/actors/france/edit".into(),
            false,
            vec![("name", "Renamed"), ("kind", "country")],
        ),
        (
            "/events/new".into(),
            false,
            vec![
                ("slug", "authz-event"),
                ("name", "Probe"),
                ("kind", "summit"),
            ],
        ),
        (
            "/events/paris-2025/edit".into(),
            false,
            vec![("name", "Renamed"), ("kind", "summit")],
        ),
        (
            "/account/password".into(),
            false,
            vec![("current", "x"), ("new", "a-new-password-long-enough")],
        ),
        (
            "/admin/users".into(),
            true,
            vec![
                ("email", "probe@example.org"),
                ("name", "Probe"),
                ("role", "admin"),
            ],
        ),
        (
            "/admin/users/status".into(),
            true,
            vec![("email", "root@example.org"), ("action", "disable")],
        ),
        (
            "/admin/users/password".into(),
            true,
            vec![("email", "root@example.org")],
        ),
        (format!("/admin/deleted/{FL}/restore"), true, vec![]),
        ("/admin/email/runs/1/resume".into(), true, vec![]),
        ("/admin/email/runs/1/retry-dead".into(), true, vec![]),
        (
            "/admin/contributions/1/accept".into(),
            false,
            vec![("tier", "press_report")],
        ),
        (
            "/admin/contributions/1/reject".into(),
            false,
            vec![("reason", "probe")],
        ),
        ("/logout".into(), false, vec![]),
    ]
}

async fn snapshot(
    app: &TestApp,
) -> (
    serde_json::Value,
    serde_json::Value,
    serde_json::Value,
    Vec<domain::User>,
    i64,
) {
    let counts = persistence::diagnostics::row_counts(&app.test_db.db)
        .await
        .unwrap();
    let pledges = app.json("/api/v1/pledges?per_page=100", 200).await;
    let actors = app.json("/api/v1/actors", 200).await;
    let events = app.json("/api/v1/events", 200).await;
    (
        pledges,
        actors,
        events,
        app.test_db.db.users().await.unwrap(),
        counts["follow_ups"] + counts["pledge_edits"] + counts["pledges"],
    )
}

async fn post(browser: &Browser, path: &str, csrf: Option<&str>, fields: &[(&str, &str)]) -> u16 {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    if let Some(c) = csrf {
        form.push(("csrf", c));
    }
    browser.post(path, &form).await.status().as_u16()
}

async fn refusals(app: &TestApp) {
    let root_pw = app.add_user("root@example.org", Role::Admin).await;
    let editor_pw = app.add_user("ed@example.org", Role::Editor).await;
    let gone_pw = app.add_user("gone@example.org", Role::Admin).await;
    let editor = app.browser();
    assert_eq!(
        editor.login("ed@example.org", &editor_pw).await.status(),
        303
    );
    let admin = app.browser();
    assert_eq!(
        admin.login("root@example.org", &root_pw).await.status(),
        303
    );
    let disabled = app.browser();
    assert_eq!(
        disabled.login("gone@example.org", &gone_pw).await.status(),
        303
    );
    let editor_csrf = hidden(&editor.get("/account").await.text().await.unwrap(), "csrf").unwrap();
    let admin_csrf = hidden(&admin.get("/account").await.text().await.unwrap(), "csrf").unwrap();
    let disabled_csrf = hidden(
        &disabled.get("/account").await.text().await.unwrap(),
        "csrf",
    )
    .unwrap();
    app.test_db
        .db
        .set_user_disabled(
            &domain::EmailAddress::parse("e", "gone@example.org").unwrap(),
            true,
        )
        .await
        .unwrap();
    let before = snapshot(app).await;

    for (path, admin_only, fields) in routes() {
        let stranger = app.browser();
        assert_eq!(
            post(&stranger, &path, Some("anything"), &fields).await,
            303,
            "anonymous {path}"
        );
        assert_eq!(
            post(&disabled, &path, Some(&disabled_csrf), &fields).await,
            303,
            "disabled {path}"
        );
        if admin_only {
            assert_eq!(
                post(&editor, &path, Some(&editor_csrf), &fields).await,
                403,
                "editor on {path}"
            );
        }
        let who = if admin_only { &admin } else { &editor };
        assert_eq!(
            post(who, &path, None, &fields).await,
            403,
            "no CSRF token on {path}"
        );
        assert_eq!(
            post(who, &path, Some("forged-token"), &fields).await,
            403,
            "forged CSRF token on {path}"
        );
        let other_csrf = if admin_only {
            &editor_csrf
        } else {
            &admin_csrf
        };
        assert_eq!(
            post(who, &path, Some(other_csrf), &fields).await,
            403,
            "another session's token on {path}"
        );
    }
    assert_eq!(snapshot(app).await, before, "no refusal wrote anything");
    // The sessions used above still work: refusals did not log anyone out.
    assert_eq!(
        editor
            .get(&format!("/pledges/{FL}/follow-up"))
            .await
            .status(),
        200
    );
}
both_apps!(
    every_state_changing_route_refuses_and_writes_nothing,
    refusals
);

async fn actors_and_events(app: &TestApp) {
    let pw = app.add_user("ed@example.org", Role::Editor).await;
    let editor = app.browser();
    editor.login("ed@example.org", &pw).await;
    let csrf = hidden(
        &editor.get("/actors/new").await.text().await.unwrap(),
        "csrf",
    )
    .unwrap();
    let bad = editor
        .post(
            "/actors/new",
            &[
                ("csrf", &csrf),
                ("slug", "Bad Slug"),
                ("name", "X"),
                ("kind", "company"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("slug"));
    let bad = editor
        .post(
            "/actors/new",
            &[
                ("csrf", &csrf),
                ("slug", "acme"),
                ("name", "Acme"),
                ("kind", "company"),
                ("members", "nobody"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422, "a member must exist");
    assert_eq!(
        editor
            .post(
                "/actors/new",
                &[
                    ("csrf", &csrf),
                    ("slug", "acme"),
                    ("name", "Acme <Labs>"),
                    ("kind", "company"),
                    ("country", "fr")
                ]
            )
            .await
            .status(),
        303
    );
    assert!(
        app.text("/actors/acme", 200)
            .await
            .contains("Acme &lt;Labs&gt;")
    );
    assert_eq!(
        editor
            .post(
                "/actors/acme/edit",
                &[
                    ("csrf", &csrf),
                    ("name", "Acme Labs"),
                    ("kind", "investor"),
                    ("members", "france")
                ]
            )
            .await
            .status(),
        303
    );
    let acme = app.json("/api/v1/actors/acme", 200).await;
    assert_eq!(acme["kind"], "investor");
    assert_eq!(acme["members"][0], "france");

    // An event dated later resolves deadlines relative to it.
    assert_eq!(
        editor
            .post(
                "/events/new",
                &[
                    ("csrf", &csrf),
                    ("slug", "next-summit"),
                    ("name", "Next summit"),
                    ("kind", "summit")
                ]
            )
            .await
            .status(),
        303
    );
    assert_eq!(
        app.json("/api/v1/events/next-summit", 200).await["starts_on"],
        serde_json::Value::Null
    );
    let bad = editor
        .post(
            "/events/next-summit/edit",
            &[
                ("csrf", &csrf),
                ("name", "Next summit"),
                ("kind", "summit"),
                ("starts_on", "2026-02-19"),
                ("ends_on", "2026-02-01"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("ends_on"));
    assert_eq!(
        editor
            .post(
                "/events/next-summit/edit",
                &[
                    ("csrf", &csrf),
                    ("name", "Next summit"),
                    ("kind", "summit"),
                    ("starts_on", "2026-02-19"),
                    ("sources", "goover-paris-summit-report-2025")
                ]
            )
            .await
            .status(),
        303
    );
    assert_eq!(
        app.json("/api/v1/events/next-summit", 200).await["starts_on"],
        "2026-02-19"
    );
    let audit = app
        .test_db
        .db
        .audit_entries(Some("ed@example.org"), None, None, 50)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "actor_created",
        "actor_edited",
        "event_created",
        "event_edited",
    ] {
        assert!(actions.contains(&a), "{a} is audited: {actions:?}");
    }
    let edited = audit.iter().find(|e| e.action == "actor_edited").unwrap();
    // Typed old → new values, not a text dump.
    let persistence::audit::AuditDetail::Changes(changes) = &edited.detail else {
        panic!("old and new values: {:?}", edited.detail);
    };
    let name = changes.iter().find(|c| c.field == "name").unwrap();
    assert_eq!(name.old.as_deref(), Some("Acme <Labs>"));
    assert_eq!(name.new.as_deref(), Some("Acme Labs"));
    // The admin's audit page shows them readably, escaped.
    let admin_pw = app.add_user("boss@example.org", Role::Admin).await;
    let admin = app.browser();
    admin.login("boss@example.org", &admin_pw).await;
    let page = admin
        .get("/admin/audit?actor=ed@example.org")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<li>name: <del>Acme &lt;Labs&gt;</del> → <ins>Acme Labs</ins></li>"),
        "{page}"
    );
}
both_apps!(
    editors_create_and_correct_actors_and_events,
    actors_and_events
);
