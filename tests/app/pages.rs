//! Every page, API route, export and feed against the real server on both backends.

use pledgewatch_tests::fixtures::seeded_pledges;
use pledgewatch_tests::{TestApp, both_apps};

const FRANCE: &str = "france-109bn-ai-investment";

async fn every_route_answers(app: &TestApp) {
    let n = seeded_pledges();
    let dashboard = app.text("/", 200).await;
    assert!(
        dashboard.contains("Delivery status") && dashboard.contains(&format!("/ {n}")),
        "counts carry their denominator"
    );
    assert!(
        dashboard.contains("Money by stage")
            && dashboard.contains("<svg")
            && dashboard.contains("<title id=\"c-money-t\">")
    );
    assert!(
        dashboard.contains("European Central Bank"),
        "the rate source is named"
    );

    let list = app.text("/pledges", 200).await;
    assert!(list.contains(&format!("{n} pledges match")));
    let pledge = app.text(&format!("/pledges/{FRANCE}"), 200).await;
    for expected in [
        "Parts of this pledge",
        "EUR 109,000,000,000.00",
        "Brookfield",
        "Timeline",
        "Macron unveils €109 billion",
    ] {
        assert!(pledge.contains(expected), "pledge page shows {expected}");
    }
    let current = app
        .text("/pledges/current-ai-public-interest-partnership", 200)
        .await;
    assert!(
        current.contains("EUR 400,000,000.00") && current.contains("USD 400,000,000.00"),
        "both figures, side by side"
    );
    assert!(
        current.contains("at the ECB rate of"),
        "a converted figure says which day's rate"
    );
    let consortium = app
        .text("/pledges/international-ai-research-consortium", 200)
        .await;
    assert!(consortium.contains("Unverified"));

    for path in [
        "/actors",
        "/actors/france",
        "/themes",
        "/themes/public_interest_ai",
        "/events",
        "/events/paris-2025",
        "/money",
        "/about/data",
        "/static/style.css",
    ] {
        app.text(path, 200).await;
    }
    let api = app.json("/api/v1/pledges?per_page=100", 200).await;
    assert_eq!(api["total"], n);
    let detail = app.json(&format!("/api/v1/pledges/{FRANCE}"), 200).await;
    assert_eq!(detail["children"].as_array().unwrap().len(), 6);
    assert_eq!(detail["money"][0]["amount_min"], 10_900_000_000_000_i64);
    assert_eq!(detail["money"][0]["currency"], "EUR");
    assert!(
        app.json("/api/v1/actors", 200)
            .await
            .as_array()
            .unwrap()
            .len()
            > 20
    );
    assert_eq!(
        app.json("/api/v1/actors/france", 200).await["kind"],
        "country"
    );
    assert_eq!(
        app.json("/api/v1/events", 200)
            .await
            .as_array()
            .unwrap()
            .len(),
        7
    );
    assert_eq!(
        app.json("/api/v1/events/seoul-2024", 200).await["starts_on"],
        "2024-05-21"
    );
    // The shipped follow-ups, newest first, each with its evidence.
    let follow_ups = app.json("/api/v1/follow-ups", 200).await;
    let follow_ups = follow_ups.as_array().unwrap();
    assert!(follow_ups.len() >= 20, "{}", follow_ups.len());
    assert!(
        follow_ups
            .iter()
            .all(|f| !f["evidence"].as_array().unwrap().is_empty())
    );
}
both_apps!(every_page_and_api_route_answers, every_route_answers);

async fn filters_and_pages(app: &TestApp) {
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    let children = app
        .json(
            "/api/v1/pledges?theme=investment&kind=investment&q=billion&sort=money",
            200,
        )
        .await;
    let slugs = ids(&children);
    assert!(
        slugs.contains(&FRANCE.to_owned()) && slugs.len() >= 5,
        "{slugs:?}"
    );
    assert_eq!(
        slugs[0], "eu-investai-200bn",
        "sorted by announced amount, largest first"
    );
    let both = app
        .json("/api/v1/pledges?kind=new_body&strength=floated", 200)
        .await;
    assert_eq!(
        both["total"], 4,
        "the four proposed bodies only the report names"
    );
    let either = app
        .json("/api/v1/pledges?kind=new_body,safety_commitment", 200)
        .await;
    assert_eq!(either["total"], 10);
    assert_eq!(
        app.json("/api/v1/pledges?actor=amazon", 200).await["total"],
        2,
        "its own deal and the Seoul commitments"
    );
    assert_eq!(
        app.json("/api/v1/pledges?actor=amazon&kind=investment", 200)
            .await["total"],
        1
    );
    assert_eq!(
        app.json("/api/v1/pledges?event=seoul-2024", 200).await["total"],
        1
    );
    assert_eq!(
        app.json("/api/v1/pledges?schedule=relative_unresolved", 200)
            .await["total"],
        0
    );

    let first = app.json("/api/v1/pledges?per_page=2", 200).await;
    let second = app.json("/api/v1/pledges?per_page=2&page=2", 200).await;
    assert_eq!(first["pages"], seeded_pledges().div_ceil(2));
    assert_ne!(ids(&first), ids(&second));
    assert_eq!(second["links"]["prev"], "/api/v1/pledges?per_page=2");
    let past_the_end = app.json("/api/v1/pledges?page=50", 200).await;
    assert!(past_the_end["items"].as_array().unwrap().is_empty());
    assert_eq!(past_the_end["total"], seeded_pledges());

    for bad in [
        "page=0",
        "page=-1",
        "page=99999999999999999999999",
        "page=abc",
        "per_page=0",
        "per_page=101",
        "delivery=done",
        "sort=random",
        "theme=%3Cscript%3E",
    ] {
        let api = app.json(&format!("/api/v1/pledges?{bad}"), 400).await;
        let field = bad.split('=').next().unwrap();
        assert_eq!(api["field"], field, "{bad}");
        let page = app.text(&format!("/pledges?{bad}"), 400).await;
        assert!(page.contains(field), "the page names {field}");
        app.text(&format!("/export/pledges.csv?{bad}"), 400).await;
    }
    let html = app
        .text(
            "/pledges?theme=regulation&delivery=not_yet_assessed&q=eu-ai-act&page=1",
            200,
        )
        .await;
    assert!(
        html.contains("1 pledge match"),
        "filters combine on the page too"
    );
    assert!(
        html.contains("<option value=\"regulation\" selected>"),
        "the form keeps the filter"
    );
}
both_apps!(filters_combine_and_pages_never_fail, filters_and_pages);

async fn unknown_things(app: &TestApp) {
    for path in [
        "/pledges/no-such-pledge",
        "/pledges/NOT%20A%20SLUG",
        "/actors/nobody",
        "/themes/astrology",
        "/events/nowhere",
        "/feeds/pledges/nothing.atom",
        "/feeds/pledges/france-109bn-ai-investment.rss",
        "/no/such/page",
    ] {
        let page = app.text(path, 404).await;
        assert!(
            page.contains("Not found") && page.contains("href=\"/pledges\""),
            "{path} answers a page"
        );
    }
    for path in [
        "/api/v1/pledges/nothing",
        "/api/v1/actors/nobody",
        "/api/v1/events/nowhere",
    ] {
        assert_eq!(app.json(path, 404).await["status"], 404);
    }
    assert_eq!(
        app.json("/api/v1/follow-ups?pledge=nothing", 404).await["status"],
        404
    );
    assert_eq!(
        app.json("/api/v1/follow-ups?limit=0", 400).await["field"],
        "limit"
    );
}
both_apps!(unknown_slugs_answer_404_with_a_page, unknown_things);

async fn conditional_get(app: &TestApp) {
    let first = app.get("/").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url("/"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let api = app.get("/api/v1/pledges").await;
    let api_etag = api.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(api_etag, etag);
    let not_modified = app
        .client
        .get(app.url("/api/v1/pledges"))
        .header("if-none-match", &api_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), 304);
    // A write changes every validator.
    pledgewatch_tests::fixtures::record_delivery(app, FRANCE).await;
    let after = app
        .client
        .get(app.url("/"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 200);
    assert!(after.text().await.unwrap().contains("In progress"));
}
both_apps!(cacheable_responses_carry_validators, conditional_get);

/// The page builder's layout fields: every page names its language and marks its own
/// entry of the main navigation, and only that one; pages outside it (the login form, an
/// error) mark none; the login form posts a token.
async fn layout_fields(app: &TestApp) {
    let current = |html: &str| -> Vec<String> {
        html.match_indices("aria-current=\"page\"")
            .map(|(i, _)| {
                let tag = &html[html[..i].rfind("<a ").expect("inside a link")..i];
                tag.split('"').nth(1).unwrap_or_default().to_owned()
            })
            .collect()
    };
    for (path, entry) in [
        ("/", "/"),
        ("/pledges?theme=investment", "/pledges"),
        (&format!("/pledges/{FRANCE}") as &str, "/pledges"),
        ("/actors", "/actors"),
        ("/actors/france", "/actors"),
        ("/themes/public_interest_ai", "/themes"),
        ("/events", "/events"),
        ("/money", "/money"),
        ("/about/data", "/about/data"),
    ] {
        let html = app.text(path, 200).await;
        assert!(
            html.contains("<html lang=\"en\">"),
            "{path} names its language"
        );
        assert_eq!(current(&html), [entry], "{path} marks its own entry");
    }
    let login = app.text("/login", 200).await;
    assert!(login.contains("<html lang=\"en\">"));
    assert!(
        current(&login).is_empty(),
        "the login form is outside the nav"
    );
    let token = login
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the login form posts a token");
    assert!(token.len() >= 16, "a real token: {token:?}");
    let missing = app.text("/pledges/no-such-pledge", 404).await;
    assert!(missing.contains("<html lang=\"en\">") && current(&missing).is_empty());
}
both_apps!(every_page_marks_its_nav_entry_and_language, layout_fields);
