//! The public pages in French: no English catalogue phrase left on the dashboard, a pledge
//! page and the list (data stays as its source wrote it), dates and money written the
//! French way, and the language switch remembered; English pages stay English.

use domain::locale::{self, Lang};
use pledgewatch_tests::french::{assert_no_english, english_in, seed_data, visible_text};
use pledgewatch_tests::{TestApp, both_apps};

const FRANCE: &str = "france-109bn-ai-investment";

/// A page's body, after checking the answer says it is French.
async fn french(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200, "{}", response.url());
    assert_eq!(
        response
            .headers()
            .get("content-language")
            .and_then(|v| v.to_str().ok()),
        Some("fr"),
        "{}",
        response.url()
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(
        html.contains("hreflang=\"en\"") && html.contains("hreflang=\"fr\""),
        "alternates in both languages"
    );
    html
}

async fn pages_are_french(app: &TestApp) {
    let data = seed_data();
    let data: Vec<&str> = data.iter().map(String::as_str).collect();
    let today = locale::date(chrono::Utc::now().date_naive(), Lang::Fr);

    let dashboard = french(app.get("/?lang=fr").await).await;
    assert_no_english(&dashboard, &data);
    let text = visible_text(&dashboard, &data);
    assert!(text.contains(&format!("Au {today}")), "{text}");
    assert!(text.contains("Md€"), "money the French way: {text}");
    assert!(!text.contains("EUR 1") && !text.contains("€1"), "{text}");

    let pledge = app
        .client
        .get(app.url(&format!("/pledges/{FRANCE}")))
        .header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    let pledge = french(pledge).await;
    assert_no_english(&pledge, &data);
    let text = visible_text(&pledge, &data);
    assert!(
        text.contains("9 février 2025"),
        "the announcement day: {text}"
    );
    assert!(
        // Visible text has its no-break spaces made plain.
        text.contains("109 000 000 000,00 EUR") && pledge.contains("109\u{202f}000"),
        "the exact figure: {text}"
    );
    assert!(text.contains("Md€"), "{text}");
    assert!(
        !text.contains("2025-02-09"),
        "no ISO date left on a French page: {text}"
    );

    let list = french(app.get("/pledges?lang=fr").await).await;
    assert_no_english(&list, &data);
    let text = visible_text(&list, &data);
    assert!(text.contains("engagements correspondent"), "{text}");
    assert!(
        text.contains("février 2025") && text.contains("Md€"),
        "{text}"
    );

    // Every other public page, French throughout but for its data.
    for path in [
        "/money",
        "/actors",
        "/actors/france",
        "/themes",
        "/themes/public_interest_ai",
        "/events",
        "/events/paris-2025",
        "/about/data",
    ] {
        let html = french(app.get(&format!("{path}?lang=fr")).await).await;
        assert_no_english(&html, &data);
    }

    // Every seeded pledge: timelines, evidence, conditions, children and corrections.
    let all = app.json("/api/v1/pledges?per_page=100", 200).await;
    for p in all["items"].as_array().expect("a page of pledges") {
        let slug = p["slug"].as_str().expect("a slug");
        let html = french(app.get(&format!("/pledges/{slug}?lang=fr")).await).await;
        assert_no_english(&html, &data);
    }

    // The same page in English (a client without the cookie) holds English, so the
    // check above can fail.
    let english = reqwest::get(app.url("/pledges"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Its `<html lang="en">` would hide it all from the French check: taken off here.
    let unmarked = english.replacen("<html lang=\"en\">", "<html>", 1);
    let found = english_in(&visible_text(&unmarked, &data));
    assert!(
        found.iter().any(|f| f.contains("Filter pledges"))
            && found.iter().any(|f| f.contains("Add a pledge")),
        "the English list is English: {found:?}"
    );
    assert!(english.contains("pledges match") && english.contains("€"));
}

both_apps!(pages_in_french, pages_are_french);

async fn the_switch_is_remembered(app: &TestApp) {
    let browser = app.browser();
    let first = browser.get("/pledges?lang=fr").await;
    let cookie = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("lang="))
        .map(str::to_owned);
    assert_eq!(cookie.as_deref().map(|c| &c[..8]), Some("lang=fr;"));
    french(first).await;

    // No query: the cookie chooses.
    let html = french(browser.get("/").await).await;
    assert!(html.contains("Ce qui a été promis"));
    let html = french(browser.get("/pledges").await).await;
    assert!(html.contains("Filtrer les engagements"));

    // Back to English, and it holds.
    let back = browser.get("/pledges?lang=en").await;
    assert_eq!(
        back.headers()
            .get("content-language")
            .and_then(|v| v.to_str().ok()),
        Some("en")
    );
    let html = browser.get("/").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("What was promised"));
}

both_apps!(language_switch, the_switch_is_remembered);

async fn errors_in_french(app: &TestApp) {
    let data: Vec<&str> = Vec::new();
    let missing = app.get("/pledges/no-such-pledge?lang=fr").await;
    assert_eq!(missing.status(), 404);
    let html = missing.text().await.unwrap();
    assert!(html.contains("Page introuvable"), "{html}");
    assert_no_english(&html, &data);

    let bad = app.get("/pledges?lang=fr&delivery=nonsense").await;
    assert_eq!(bad.status(), 400);
    let html = bad.text().await.unwrap();
    assert!(
        html.contains("«\u{a0}delivery\u{a0}»"),
        "the field is named: {html}"
    );
    assert_no_english(&html, &data);
}

both_apps!(error_pages_in_french, errors_in_french);

/// The pages beyond the public ones, as a French reader and a French administrator open
/// them: the forms, the feeds' pages, the account and every admin page.
async fn other_pages_in_french(app: &TestApp) {
    let data = seed_data();
    let data: Vec<&str> = data.iter().map(String::as_str).collect();
    let reader = app.browser();
    let mut failures = Vec::new();
    for path in [
        "/login",
        "/contribute",
        &format!("/contribute?pledge={FRANCE}"),
        "/subscribe",
        "/subscribe?scope=pledge&target=france-109bn-ai-investment",
    ] {
        let html = reader.get(&with_fr(path)).await.text().await.unwrap();
        failures.extend(
            english_in(&visible_text(&html, &data))
                .into_iter()
                .map(|e| format!("{path}: {e}")),
        );
    }
    let password = app
        .add_user("admin-fr@example.org", domain::Role::Admin)
        .await;
    let admin = app.browser();
    admin.get("/login?lang=fr").await;
    assert_eq!(
        admin
            .login("admin-fr@example.org", &password)
            .await
            .status(),
        303
    );
    for path in [
        "/account",
        "/admin/audit",
        "/admin/contributions",
        "/admin/deleted",
        "/admin/email",
        "/admin/import",
        "/admin/links",
        "/admin/users",
        "/pledges/new",
        &format!("/pledges/{FRANCE}/edit"),
        &format!("/pledges/{FRANCE}/follow-up"),
        "/actors/new",
        "/actors/france/edit",
        "/events/new",
        "/events/paris-2025/edit",
    ] {
        let response = admin.get(&with_fr(path)).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        let mut known = data.clone();
        known.push("admin-fr@example.org");
        failures.extend(
            english_in(&visible_text(&html, &known))
                .into_iter()
                .map(|e| format!("{path}: {e}")),
        );
    }
    assert!(
        failures.is_empty(),
        "English on French pages:\n{}",
        failures.join("\n")
    );
}

fn with_fr(path: &str) -> String {
    let join = if path.contains('?') { '&' } else { '?' };
    format!("{path}{join}lang=fr")
}

both_apps!(other_pages_in_french_too, other_pages_in_french);
