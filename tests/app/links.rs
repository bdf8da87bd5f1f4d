//! Evidence health through the real server and the real command line: evidence recorded
//! by an editor points at a site this test serves on loopback; `pledgewatch links check`
//! (allowed to reach loopback, and told to check only that site, so nothing beyond
//! 127.0.0.1 is fetched) records what it answered; the pledge page marks the evidence that
//! is gone or changed, the dashboard counts the pledge whose status rests on it, and the
//! editors' page lists the broken links with the pledge they support.

use axum::http::StatusCode;
use axum::routing::get;
use domain::Role;
use pledgewatch_tests::site::counting_site;
use pledgewatch_tests::{TestApp, both_apps};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const PLEDGE: &str = "fluidstack-10bn-ai-supercomputer-france";

/// A loopback site: `/gone` answers 410, `/changing` answers other content each time.
/// Returns its base address and the number of requests it served.
async fn site() -> (String, Arc<AtomicUsize>) {
    let changes = Arc::new(AtomicUsize::new(0));
    let router = axum::Router::new()
        .route("/gone", get(|| async { StatusCode::GONE }))
        .route(
            "/changing",
            get(move || {
                let n = changes.fetch_add(1, Ordering::SeqCst);
                async move { format!("edition {n}") }
            }),
        );
    counting_site(router).await
}

/// Runs `pledgewatch links check --only BASE` on the app's database, then waits until the
/// server's pages have seen it (they read the time of the last check at most every
/// `LinkClock::FRESH`).
pub(crate) async fn links_check(app: &TestApp, base: &str) -> String {
    let out = tokio::process::Command::new(crate::CLI)
        .args(["links", "check", "--only", base])
        .env("DATABASE_URL", &app.test_db.url)
        .env("PLEDGEWATCH_LINK_CHECK_ALLOW_PRIVATE", "true")
        .env("PLEDGEWATCH_LINK_CHECK_HOST_PAUSE_MS", "10")
        .env("PLEDGEWATCH_LINK_CHECK_TIMEOUT_SECS", "5")
        .env("PLEDGEWATCH_LOG", "error")
        .output()
        .await
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tokio::time::sleep(web::link_clock::LinkClock::FRESH).await;
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn marks_and_lists_broken_evidence(app: &TestApp) {
    let (base, served) = site().await;
    let editor = app.signed_in("links@example.org", Role::Editor).await;
    let (gone, changing) = (format!("{base}/gone"), format!("{base}/changing"));
    let recorded = editor
        .post_follow_up(
            PLEDGE,
            &[
                ("delivery", "in_progress"),
                ("note", "Construction began"),
                ("evidence_url_1", &gone),
                ("evidence_title_1", "Press release on the site"),
                ("evidence_tier_1", "official_statement"),
                ("evidence_url_2", &changing),
                ("evidence_title_2", "Report on the works"),
                ("evidence_tier_2", "press_report"),
            ],
        )
        .await;
    assert_eq!(recorded.status(), 303, "{}", recorded.text().await.unwrap());

    // Before any check: no mark, no count, an empty list.
    let page = app.text(&format!("/pledges/{PLEDGE}"), 200).await;
    assert!(!page.contains("Link gone") && !page.contains("Changed since cited"));
    let listing = editor.get("/admin/links").await;
    assert_eq!(listing.status(), 200);
    assert!(
        listing
            .text()
            .await
            .unwrap()
            .contains("no check has been recorded yet")
    );

    let first = links_check(app, &base).await;
    assert!(
        first.contains("checked 2 addresses: 1 live, 0 changed since cited, 1 gone"),
        "{first}"
    );
    // The site was asked for its two addresses and nothing else was fetched by the check.
    assert_eq!(served.load(Ordering::SeqCst), 2);
    let page = app.text(&format!("/pledges/{PLEDGE}"), 200).await;
    assert!(page.contains("Link gone"), "the 410 is marked at once");
    assert!(!page.contains("Changed since cited"));

    let second = links_check(app, &base).await;
    assert!(
        second.contains("checked 2 addresses: 0 live, 1 changed since cited, 1 gone"),
        "{second}"
    );
    assert_eq!(served.load(Ordering::SeqCst), 4);

    let page = app.text(&format!("/pledges/{PLEDGE}"), 200).await;
    assert!(page.contains("Link gone") && page.contains("Changed since cited"));
    let dashboard = app.text("/", 200).await;
    assert!(
        dashboard.contains("<strong>1</strong> pledge rests only on evidence whose link is gone")
            && dashboard.contains(&format!("href=\"/pledges/{PLEDGE}\"")),
        "the dashboard counts the pledge whose status rests on that evidence"
    );

    // Pages escape '/' in what they print.
    let escaped = |url: &str| url.replace('/', "&#x2F;");
    let listing = editor.get("/admin/links").await.text().await.unwrap();
    let row = listing
        .split("<tr>")
        .find(|r| r.contains(&format!("href=\"{}\"", escaped(&gone))))
        .expect("the gone link is listed");
    assert!(row.contains("Gone") && row.contains("(410)"), "{row}");
    assert!(
        row.contains(&format!("href=\"/pledges/{PLEDGE}\"")),
        "with the pledge it supports: {row}"
    );
    assert!(
        listing.contains(&escaped(&changing)),
        "the changed link is listed too"
    );

    // Strangers do not see the list.
    let stranger = app.browser().get("/admin/links").await;
    assert_eq!(stranger.status(), 303);
}
both_apps!(evidence_health_end_to_end, marks_and_lists_broken_evidence);
