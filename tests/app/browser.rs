//! A person's path through the tracker in headless Chromium: dashboard, filtered list,
//! a pledge, log in, record a follow-up with evidence, see it on the pledge and the
//! dashboard, log out. Screenshots of each step go to `target/browser-artefacts/`; any
//! console error fails the test.

use domain::Role;
use pledgewatch_tests::webdriver::Driver;
use pledgewatch_tests::{Backend, TestApp};
use std::path::PathBuf;

fn artefacts() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")));
    target.join("browser-artefacts")
}

#[tokio::test]
async fn a_person_records_progress_in_a_real_browser() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    let password = app.add_user("editor@example.org", Role::Editor).await;
    let Some(mut browser) = Driver::start(artefacts()).await else {
        assert!(
            std::env::var("CI").is_err(),
            "chromedriver and chromium are required in CI"
        );
        eprintln!(
            "skipped: chromedriver is not installed (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let base = format!("http://{}", app.address);

    browser.goto(&format!("{base}/")).await;
    browser.wait_for_text("What was promised").await;
    browser.step("dashboard").await;

    browser.click("nav a[href=\"/pledges\"]").await;
    browser.choose("select[name=theme]", "investment").await;
    browser.choose("select[name=kind]", "investment").await;
    browser.click("form[role=search] button[type=submit]").await;
    browser.wait_for_url("theme=investment").await;
    assert!(
        browser.current_url().await.contains("theme=investment"),
        "the filter lives in the URL"
    );
    let list = browser.wait_for_text("Fluidstack").await;
    assert!(list.contains("Fluidstack") && !list.contains("Current AI"));
    browser.step("filtered-list").await;

    browser
        .click("a[href=\"/pledges/fluidstack-10bn-ai-supercomputer-france\"]")
        .await;
    browser.wait_for_text("No follow-up yet").await;
    browser.step("pledge").await;

    browser
        .click("a[href=\"/pledges/fluidstack-10bn-ai-supercomputer-france/follow-up\"]")
        .await;
    // Strangers are asked to log in.
    browser.wait_for_url("/login").await;
    browser.type_into("#email", "editor@example.org").await;
    browser.type_into("#password", &password).await;
    browser.step("login").await;
    browser
        .click("form[action=\"/login\"] button[type=submit]")
        .await;
    // And come back to the form.
    browser.wait_for_text("Record a follow-up").await;
    assert!(browser.current_url().await.ends_with("/follow-up"));
    browser.step("follow-up-form").await;

    browser.choose("#f-delivery", "in_progress").await;
    browser.type_into("#f-progress", "25").await;
    browser
        .type_into("#f-note", "Construction permit granted.")
        .await;
    browser
        .type_into("#f-evidence_url_1", "https://example.org/permit")
        .await;
    browser
        .type_into("#f-evidence_title_1", "Building permit")
        .await;
    browser
        .choose("#f-evidence_tier_1", "official_record")
        .await;
    browser
        .click("form[action$=\"/follow-up\"] button[type=submit]")
        .await;
    let pledge = browser.wait_for_text("Building permit").await;
    assert!(
        pledge.contains("Construction permit granted.") && pledge.contains("Building permit"),
        "{pledge}"
    );
    assert!(
        pledge.contains("Not yet assessed → In progress"),
        "{pledge}"
    );
    browser.step("follow-up-recorded").await;

    browser.goto(&format!("{base}/")).await;
    // The dashboard's latest follow-ups list it (no other pledge has progress).
    browser.wait_for_text("Progress: 25%").await;
    browser.step("dashboard-after").await;

    browser.goto(&format!("{base}/account")).await;
    browser.click("form[action=\"/logout\"] button").await;
    // Logging out lands on the dashboard; wait for it before asking for the account page.
    browser.wait_for_text("What was promised").await;
    browser.goto(&format!("{base}/account")).await;
    browser.wait_for_url("/login").await;
    browser.step("logged-out").await;
    drop(browser);
    app.stop().await;
}
