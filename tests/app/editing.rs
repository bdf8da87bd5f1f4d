//! Editors create, correct and delete pledges; admins restore them; every change is in the
//! pledge's history and every refusal writes nothing.

use domain::Role;
use pledgewatch_tests::fixtures::seeded_pledges;
use pledgewatch_tests::forms;
use pledgewatch_tests::{TestApp, both_apps, hidden};

fn new_pledge<'a>(csrf: &'a str, title: &'a str, money: &'a str) -> Vec<(&'a str, &'a str)> {
    let conditions = "pending | Only if the budget law passes | goover-paris-summit-report-2025";
    forms::new_pledge(
        csrf,
        &[
            ("title", title),
            ("themes", "public_interest_ai, investment"),
            ("parent", "france-109bn-ai-investment"),
            ("deadline_date", "2027-06-30"),
            ("deadline_precision", "day"),
            ("conditions", conditions),
            ("money", money),
        ],
    )
}

async fn create_edit_delete_restore(app: &TestApp) {
    let editor_pw = app.add_user("ed@example.org", Role::Editor).await;
    let admin_pw = app.add_user("ad@example.org", Role::Admin).await;
    let editor = app.browser();
    editor.login("ed@example.org", &editor_pw).await;
    let csrf = editor.csrf("/pledges/new").await;

    // Bad input comes back naming the field, and writes nothing.
    let long_title = "x".repeat(10_000);
    for (form, field) in [
        (new_pledge(&csrf, &long_title, ""), "title"),
        (
            new_pledge(
                &csrf,
                "GPU cluster",
                "announced | 123456789012345678901234567890 | EUR | 2025-02-11 | goover-paris-summit-report-2025",
            ),
            "amount",
        ),
        (
            new_pledge(
                &csrf,
                "GPU cluster",
                "announced | 5 | XYZ | 2025-02-11 | goover-paris-summit-report-2025",
            ),
            "currency",
        ),
        (
            new_pledge(
                &csrf,
                "GPU cluster",
                "announced | 50-30 | EUR | 2025-02-11 | goover-paris-summit-report-2025",
            ),
            "amount",
        ),
        (
            new_pledge(&csrf, "GPU cluster", "announced | 5 | EUR"),
            "money",
        ),
    ] {
        let response = editor.post("/pledges/new", &form).await;
        assert_eq!(response.status(), 422, "{field}");
        assert!(
            response.text().await.unwrap().contains(field),
            "{field} is named"
        );
    }
    let mut bad_source = new_pledge(&csrf, "GPU cluster", "");
    bad_source[10] = ("sources", "javascript:alert(1)");
    assert_eq!(editor.post("/pledges/new", &bad_source).await.status(), 422);
    assert_eq!(
        app.json("/api/v1/pledges", 200).await["total"],
        seeded_pledges(),
        "nothing was written"
    );

    // Refusals write nothing either.
    let good = new_pledge(
        &csrf,
        "GPU cluster <b>for</b> science",
        "announced | 250000000 | EUR | 2025-02-11 | goover-paris-summit-report-2025",
    );
    assert_eq!(
        app.browser().post("/pledges/new", &good).await.status(),
        303,
        "anonymous: to the login page"
    );
    let mut forged = good.clone();
    forged[0] = ("csrf", "forged");
    assert_eq!(editor.post("/pledges/new", &forged).await.status(), 403);
    assert_eq!(
        app.json("/api/v1/pledges", 200).await["total"],
        seeded_pledges()
    );

    // Create, with a parent, a condition and money.
    let created = editor.post("/pledges/new", &good).await;
    assert_eq!(created.status(), 303);
    let page = app.text("/pledges/gpu-cluster-pledge", 200).await;
    assert!(
        page.contains("GPU cluster &lt;b&gt;for&lt;&#x2F;b&gt; science")
            && page.contains("Only if the budget law passes")
    );
    let france = app
        .json("/api/v1/pledges/france-109bn-ai-investment", 200)
        .await;
    assert!(
        france["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "gpu-cluster-pledge"),
        "linked as a child"
    );

    // Correct it: the change is kept as an edit with old and new values.
    let csrf = editor.csrf("/pledges/gpu-cluster-pledge/edit").await;
    let mut corrected = new_pledge(
        &csrf,
        "GPU cluster for public research",
        "announced | 250000000 | EUR | 2025-02-11 | goover-paris-summit-report-2025",
    );
    corrected.push(("contested", "on"));
    assert_eq!(
        editor
            .post("/pledges/gpu-cluster-pledge/edit", &corrected)
            .await
            .status(),
        303
    );
    let page = app.text("/pledges/gpu-cluster-pledge", 200).await;
    assert!(
        page.contains("Corrections to the record")
            && page.contains("GPU cluster for public research")
    );
    assert!(page.contains("Contested"));
    let edits = app
        .test_db
        .db
        .pledge_edits(&domain::Slug::parse("s", "gpu-cluster-pledge").unwrap())
        .await
        .unwrap();
    let fields: Vec<&str> = edits.iter().map(|e| e.edit.field.as_str()).collect();
    assert_eq!(fields, vec!["created", "contested", "title"]);
    assert!(edits.iter().all(|e| e.author.starts_with("ed@example.org")));

    // A parent with parts cannot be deleted; the part can, softly.
    let france_csrf = editor
        .csrf("/pledges/france-109bn-ai-investment/edit")
        .await;
    assert_eq!(
        editor
            .post(
                "/pledges/france-109bn-ai-investment/delete",
                &[("csrf", &france_csrf)]
            )
            .await
            .status(),
        422
    );
    assert_eq!(
        editor
            .post("/pledges/gpu-cluster-pledge/delete", &[("csrf", "forged")])
            .await
            .status(),
        403
    );
    assert_eq!(
        editor
            .post("/pledges/gpu-cluster-pledge/delete", &[("csrf", &csrf)])
            .await
            .status(),
        303
    );
    app.text("/pledges/gpu-cluster-pledge", 404).await;
    assert_eq!(
        editor
            .get("/pledges/gpu-cluster-pledge/follow-up")
            .await
            .status(),
        404,
        "no follow-ups on a deleted pledge"
    );
    assert_eq!(
        app.json("/api/v1/pledges", 200).await["total"],
        seeded_pledges()
    );

    // Only an admin restores.
    assert_eq!(editor.get("/admin/deleted").await.status(), 403);
    assert_eq!(
        editor
            .post(
                "/admin/deleted/gpu-cluster-pledge/restore",
                &[("csrf", &csrf)]
            )
            .await
            .status(),
        403
    );
    let admin = app.browser();
    admin.login("ad@example.org", &admin_pw).await;
    let listing = admin.get("/admin/deleted").await.text().await.unwrap();
    assert!(listing.contains("gpu-cluster-pledge"));
    let admin_csrf = hidden(&listing, "csrf").unwrap();
    assert_eq!(
        admin
            .post(
                "/admin/deleted/gpu-cluster-pledge/restore",
                &[("csrf", &admin_csrf)]
            )
            .await
            .status(),
        303
    );
    let page = app.text("/pledges/gpu-cluster-pledge", 200).await;
    assert!(
        page.contains("restored") && page.contains("deleted"),
        "both steps are in the history"
    );
    assert_eq!(
        app.json("/api/v1/pledges", 200).await["total"],
        seeded_pledges() + 1
    );
}
both_apps!(
    editors_create_correct_and_delete_admins_restore,
    create_edit_delete_restore
);
