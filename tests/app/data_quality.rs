//! The shipped data as a reader meets it: every follow-up cites evidence with its
//! publisher, no public response talks about how the data was gathered, disagreeing
//! figures are shown as a range with every source and never averaged, aims are kept apart,
//! and a deadline relative to an event resolves once the event has a date.

use domain::Deadline;
use persistence::seed::{self, SeedFiles};
use pledgewatch_tests::{TestApp, both_apps};

/// Words about the making of the data, which readers should never see.
const PROCESS_WORDS: &[&str] = &[
    "seed",
    "research key",
    "the research",
    "shared/",
    "fact-check",
    "stored copy",
    "draft",
    "todo",
    "the project",
    "read by the",
];

#[test]
fn every_seeded_follow_up_cites_evidence_with_its_publisher() {
    let data = seed::parse(&SeedFiles::builtin()).expect("the seed files parse");
    assert!(data.follow_ups.len() >= 20, "{}", data.follow_ups.len());
    for f in &data.follow_ups {
        assert!(!f.draft.evidence.is_empty(), "{}: no evidence", f.key);
        for e in &f.draft.evidence {
            assert!(
                e.publisher.is_some(),
                "{}: {} names no publisher",
                f.key,
                e.url.as_str()
            );
        }
    }
    // And the loader refuses one without evidence, naming the field.
    let mut files = SeedFiles::builtin();
    files.follow_ups.push_str(
        "\n[[follow_up]]\nkey = \"no-evidence\"\npledge = \"france-109bn-ai-investment\"\noccurred_on = \"2026-01-01\"\nnote = \"x\"\n",
    );
    let err = seed::parse(&files).unwrap_err().to_string();
    assert!(
        err.contains("no-evidence") && err.contains("evidence"),
        "{err}"
    );
}

async fn public_pages(app: &TestApp) -> Vec<(String, String)> {
    let mut paths: Vec<String> = [
        "/",
        "/pledges",
        "/pledges?sort=money",
        "/money",
        "/about/data",
        "/api/v1/pledges?per_page=100",
        "/api/v1/actors",
        "/api/v1/events",
        "/api/v1/follow-ups?limit=100",
        "/feeds/follow-ups.atom",
        "/feeds/deadlines.ics",
        "/export/pledges.csv",
        "/export/follow-ups.csv",
    ]
    .map(String::from)
    .to_vec();
    let snapshot = app.state.model.current();
    for (p, _) in snapshot
        .catalog
        .search(&Default::default(), domain::catalog::Sort::Money)
    {
        paths.push(format!("/pledges/{}", p.slug));
        paths.push(format!("/api/v1/pledges/{}", p.slug));
    }
    for a in snapshot.catalog.actors() {
        paths.push(format!("/actors/{}", a.slug));
    }
    for e in snapshot.catalog.events() {
        paths.push(format!("/events/{}", e.slug));
    }
    let mut out = Vec::new();
    for path in paths {
        let body = app.text(&path, 200).await;
        out.push((path, body));
    }
    out
}

async fn no_process_words(app: &TestApp) {
    let pages = public_pages(app).await;
    assert!(pages.len() > 100, "{} pages", pages.len());
    for (path, body) in &pages {
        let lower = body.to_lowercase();
        for word in PROCESS_WORDS {
            if let Some(at) = lower.find(word) {
                let around: String = lower[at.saturating_sub(60)..].chars().take(140).collect();
                panic!("{path} speaks of {word:?}: …{around}…");
            }
        }
    }
}
both_apps!(
    no_public_response_speaks_of_how_the_data_was_gathered,
    no_process_words
);

async fn money_as_stated(app: &TestApp) {
    let list: serde_json::Value =
        serde_json::from_str(&app.text("/api/v1/pledges?per_page=100", 200).await).unwrap();
    let mut checked = 0;
    for p in list["items"].as_array().unwrap() {
        let slug = p["slug"].as_str().unwrap();
        let announced: Vec<&serde_json::Value> = p["money"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["stage"] == "announced" && m["kind"] == "amount")
            .collect();
        let aims = p["money"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["kind"] == "aim")
            .count();
        if announced.is_empty() {
            assert!(
                p["announced_eur_minor"].is_null(),
                "{slug}: an aim alone is not money announced"
            );
            continue;
        }
        // In euros, the range is exactly the lowest and highest stated figure: no midpoint,
        // no average, no sum of sources that disagree.
        if announced.iter().all(|m| m["currency"] == "EUR") {
            let lo = announced
                .iter()
                .map(|m| m["amount_min"].as_i64().unwrap())
                .min();
            let hi = announced
                .iter()
                .map(|m| m["amount_max"].as_i64().unwrap())
                .max();
            assert_eq!(p["announced_eur_minor"].as_i64(), lo, "{slug}");
            assert_eq!(p["announced_eur_max_minor"].as_i64(), hi, "{slug}");
            checked += 1;
        }
        // The pledge page shows every figure, each with its source.
        let page = app.text(&format!("/pledges/{slug}"), 200).await;
        for m in p["money"].as_array().unwrap() {
            let source = m["source"].as_str().unwrap();
            assert!(
                page.contains(&format!("href=\"#source-{source}\"")),
                "{slug}: {source} not shown"
            );
        }
        if aims > 0 {
            assert!(
                page.contains("Fundraising aim"),
                "{slug}: its aims are labelled"
            );
        }
    }
    assert!(checked >= 5, "{checked} pledges checked");
    // Disagreeing sources are said to disagree (Current AI: €400 million and $400 million).
    let current = app
        .text("/pledges/current-ai-public-interest-partnership", 200)
        .await;
    assert!(current.contains("Sources disagree on the amount announced"));
    let france = app.text("/pledges/france-109bn-ai-investment", 200).await;
    assert!(
        !france.contains("Sources disagree"),
        "one amount, one statement"
    );
    // Aims are totalled apart, on the money page, and not in the announced total.
    let money = app.text("/money", 200).await;
    let aims = &money[money.find("Fundraising aims").expect("aims totalled apart")..];
    assert!(aims[..aims.find("</p>").unwrap()].contains("current-ai-public-interest-partnership"));
    // A range prints both bounds alike on the list.
    let list_page = app.text("/pledges?sort=money", 200).await;
    assert!(
        list_page.contains("€30 bn–€50 bn"),
        "the UAE/MGX range as stated"
    );
}
both_apps!(figures_are_shown_as_sources_state_them, money_as_stated);

async fn relative_deadlines_resolve(app: &TestApp) {
    let snapshot = app.state.model.current();
    let catalog = &snapshot.catalog;
    let (mut relative, mut resolved) = (0, 0);
    for (p, d) in catalog.search(&Default::default(), domain::catalog::Sort::Money) {
        if let Deadline::Relative { event, .. } = &p.deadline {
            relative += 1;
            let dated = catalog
                .events()
                .iter()
                .any(|e| &e.slug == event && e.starts_on.is_some());
            assert_eq!(d.due.is_some(), dated, "{}: relative to {event}", p.slug);
            resolved += usize::from(dated);
        }
    }
    assert!(
        relative > 0 && resolved > 0,
        "the seed has deadlines relative to dated summits"
    );
    // A summit known only to its year resolves at the year's end and reads as the year:
    // no page or API field shows a day no source stated.
    let geneva = catalog
        .event(&domain::Slug::parse("slug", "geneva-2027").unwrap())
        .unwrap();
    assert_eq!(
        geneva.due_by(),
        chrono::NaiveDate::from_ymd_opt(2027, 12, 31)
    );
    let page = app.text("/events/geneva-2027", 200).await;
    assert!(
        page.contains("2027") && !page.contains("2027-01-01"),
        "the year, not a day"
    );
    let api = app.json("/api/v1/events/geneva-2027", 200).await;
    assert_eq!(api["when"], "2027");
    assert_eq!(api["date_precision"], "year");
    assert!(api["starts_on"].is_null(), "no start day");
}
both_apps!(
    deadlines_relative_to_a_dated_event_resolve,
    relative_deadlines_resolve
);
