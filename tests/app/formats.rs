//! The machine-readable outputs parse with real parsers: CSV round-trips into the same
//! pledges, Atom and iCalendar feeds parse, and the OpenAPI document is valid and lists
//! every route. A hostile title comes out escaped everywhere.

use chrono::Utc;
use domain::input::PledgeInput;
use domain::*;
use pledgewatch_tests::fixtures::{date, record_delivery, seeded_pledges, slug, text, title};
use pledgewatch_tests::{TestApp, both_apps};
use std::collections::{BTreeSet, HashMap};

async fn csv_round_trip(app: &TestApp) {
    record_delivery(app, "current-ai-public-interest-partnership").await;
    let response = app.get("/export/pledges.csv").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = response.text().await.unwrap();
    assert!(body.contains("\r\n"), "RFC 4180 line ends");
    let rows = web::csv_format::read_pledges(&body).expect("the export reads back");
    assert_eq!(rows.len(), seeded_pledges());
    let stored: HashMap<Slug, Pledge> = app
        .test_db
        .db
        .all_pledges()
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.record.pledge.slug().clone(), s.record.pledge))
        .collect();
    for (line, input) in rows {
        let parsed = input.parse().unwrap_or_else(|e| panic!("line {line}: {e}"));
        assert_eq!(
            Some(&parsed),
            stored.get(parsed.slug()),
            "line {line} round-trips"
        );
    }
    // The current state travels in read-only columns.
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let delivery = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "delivery")
        .unwrap();
    let current = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "current-ai-public-interest-partnership")
        .unwrap();
    assert_eq!(&current[delivery], "in_progress");

    let follow_ups = app.text("/export/follow-ups.csv", 200).await;
    let mut reader = csv::Reader::from_reader(follow_ups.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        web::csv_format::FOLLOW_UP_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Oldest first: the one just recorded comes last.
    let ours = rows.last().unwrap();
    let changes: serde_json::Value = serde_json::from_str(&ours[6]).unwrap();
    assert_eq!(changes[0]["field"], "delivery");
    assert_eq!(changes[0]["to"], "in_progress");
}
both_apps!(the_csv_export_round_trips, csv_round_trip);

async fn feeds_parse(app: &TestApp) {
    record_delivery(app, "uae-mgx-ai-campus-france").await;
    for path in [
        "/feeds/follow-ups.atom",
        "/feeds/pledges/uae-mgx-ai-campus-france.atom",
        "/feeds/actors/mgx.atom",
        "/feeds/themes/investment.atom",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/atom+xml")
        );
        let bytes = response.bytes().await.unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Newest first: the one just recorded leads.
        assert!(!feed.entries.is_empty(), "{path}");
        let entry = &feed.entries[0];
        assert!(entry.title.as_ref().unwrap().content.contains("UAE / MGX"));
        assert!(
            entry.links[0]
                .href
                .ends_with("/pledges/uae-mgx-ai-campus-france")
        );
    }
    // Another theme's feed parses and does not carry it.
    let other_theme = app.text("/feeds/themes/regulation.atom", 200).await;
    let other = feed_rs::parser::parse(other_theme.as_bytes()).unwrap();
    assert!(other.entries.iter().all(|e| {
        !e.links[0]
            .href
            .ends_with("/pledges/uae-mgx-ai-campus-france")
    }));

    let ics = app.text("/feeds/deadlines.ics", 200).await;
    let mut parser = ical::IcalParser::new(ics.as_bytes());
    let calendar = parser.next().expect("one calendar").expect("it parses");
    let uids: Vec<String> = calendar
        .events
        .iter()
        .filter_map(|e| {
            e.properties
                .iter()
                .find(|p| p.name == "UID")
                .and_then(|p| p.value.clone())
        })
        .collect();
    assert!(
        uids.contains(&"deadline-brookfield-20bn-france-ai-infrastructure@pledgewatch".to_owned())
    );
    assert!(
        uids.contains(&"deadline-seoul-frontier-ai-safety-commitments@pledgewatch".to_owned()),
        "a relative deadline resolves to its event"
    );
    let brookfield = calendar
        .events
        .iter()
        .find(|e| {
            e.properties.iter().any(|p| {
                p.value.as_deref()
                    == Some("deadline-brookfield-20bn-france-ai-infrastructure@pledgewatch")
            })
        })
        .unwrap();
    let start = brookfield
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(start.value.as_deref(), Some("20301231"));
}
both_apps!(atom_and_icalendar_feeds_parse, feeds_parse);

async fn openapi(app: &TestApp) {
    let body = app.text("/api/openapi.json", 200).await;
    let spec = oas3::from_json(&body).expect("a valid OpenAPI 3.1 document");
    assert!(spec.openapi.starts_with("3.1"));
    let paths: BTreeSet<String> = spec.paths.as_ref().unwrap().keys().cloned().collect();
    let every_route = [
        "/",
        "/pledges",
        "/pledges/{slug}",
        "/actors",
        "/actors/{slug}",
        "/themes",
        "/themes/{theme}",
        "/events",
        "/events/{slug}",
        "/money",
        "/about/data",
        "/api/v1/pledges",
        "/api/v1/pledges/{slug}",
        "/api/v1/actors",
        "/api/v1/actors/{slug}",
        "/api/v1/events",
        "/api/v1/events/{slug}",
        "/api/v1/follow-ups",
        "/api/v1/changes",
        "/feeds/changes.atom",
        "/export/pledges.csv",
        "/export/follow-ups.csv",
        "/feeds/follow-ups.atom",
        "/feeds/pledges/{file}",
        "/feeds/actors/{file}",
        "/feeds/themes/{file}",
        "/feeds/deadlines.ics",
        "/healthz",
        "/readyz",
        "/static/style.css",
        "/api/openapi.json",
        "/login",
        "/logout",
        "/account",
        "/account/password",
        "/pledges/{slug}/follow-up",
        "/admin/users",
        "/admin/users/status",
        "/admin/users/password",
        "/admin/audit",
        "/admin/import",
        "/pledges/new",
        "/pledges/{slug}/edit",
        "/pledges/{slug}/delete",
        "/admin/deleted",
        "/admin/deleted/{slug}/restore",
        "/actors/new",
        "/actors/{slug}/edit",
        "/events/new",
        "/events/{slug}/edit",
        "/subscribe",
        "/subscriptions/confirm",
        "/subscriptions/manage",
        "/subscriptions/leave",
        "/subscriptions/unsubscribe",
        "/subscriptions/data",
        "/subscriptions/erase",
        "/subscriptions/revoke-links",
        "/admin/email",
        "/admin/email/runs/{id}/resume",
        "/admin/email/runs/{id}/retry-dead",
        "/admin/links",
        "/contribute",
        "/contribute/confirm",
        "/admin/contributions",
        "/admin/contributions/{id}/accept",
        "/admin/contributions/{id}/reject",
        "/metrics",
        "/static/{file}",
    ];
    let expected: BTreeSet<String> = every_route.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        paths, expected,
        "the document lists every route, and only real ones"
    );
    // Every path documented with a GET answers it (a page for editors sends to login).
    for path in paths
        .iter()
        .filter(|p| spec.paths.as_ref().unwrap()[*p].get.is_some())
    {
        let concrete = path
            .replace("{slug}", "france")
            .replace("/pledges/france", "/pledges/france-109bn-ai-investment")
            .replace("/events/france", "/events/paris-2025")
            .replace("{theme}", "investment")
            .replace(
                "/feeds/pledges/{file}",
                "/feeds/pledges/france-109bn-ai-investment.atom",
            )
            .replace("/feeds/actors/{file}", "/feeds/actors/france.atom")
            .replace("/feeds/themes/{file}", "/feeds/themes/investment.atom")
            .replace("/static/{file}", web::templates::stylesheet_url());
        let status = app.get(&concrete).await.status().as_u16();
        // Links from mail carry a signed token; without one they are refused, not served.
        let needs_token = matches!(
            path.as_str(),
            "/subscriptions/manage" | "/subscriptions/unsubscribe" | "/subscriptions/data"
        );
        let expected: &[u16] = if needs_token {
            &[400]
        } else if path == "/metrics" {
            // Not configured here (no PLEDGEWATCH_METRICS_TOKEN): the path does not exist.
            &[404]
        } else {
            &[200, 303]
        };
        assert!(expected.contains(&status), "{path} as {concrete}: {status}");
    }
    let list = &spec.paths.as_ref().unwrap()["/api/v1/pledges"];
    let params: Vec<String> = list
        .get
        .as_ref()
        .unwrap()
        .parameters
        .iter()
        .filter_map(|p| match p {
            oas3::spec::ObjectOrReference::Object(p) => Some(p.name.clone()),
            _ => None,
        })
        .collect();
    for name in [
        "delivery", "theme", "actor", "q", "sort", "page", "per_page",
    ] {
        assert!(params.contains(&name.to_owned()), "{name} is documented");
    }
}
both_apps!(the_openapi_document_is_valid_and_complete, openapi);

const HOSTILE: &str = "<script>alert(1)</script> & \"quotes\" 'too'";

async fn hostile_title(app: &TestApp) {
    let db = &app.test_db.db;
    let hostile = Pledge::new(PledgeParts {
        slug: slug("hostile"),
        title: title(HOSTILE),
        summary: text("<img src=x onerror=alert(2)> summary"),
        quote: None,
        kind: PledgeKind::Fund,
        themes: vec![Theme::Investment],
        event: Some(slug("paris-2025")),
        announced_on: date(2025, 2, 10),
        strength: Strength::Announced,
        parent: Some(slug("france-109bn-ai-investment")),
        supersedes: None,
        contested: false,
        actors: vec![PledgeActor {
            actor: slug("france"),
            role: ActorRole::Announcer,
        }],
        deadline: Deadline::Date {
            date: date(2027, 1, 1),
            precision: DatePrecision::Day,
        },
        conditions: vec![],
        money: vec![
            MoneyFigure::new(
                Stage::Announced,
                Money::parse(Some("5"), None, None, Currency::EUR).unwrap(),
                date(2025, 2, 10),
                Basis::Stated,
                slug("goover-paris-summit-report-2025"),
                Some(text("<b>bold</b> note")),
            )
            .unwrap(),
        ],
        sources: vec![slug("goover-paris-summit-report-2025")],
    })
    .unwrap();
    db.insert_pledge(&hostile, Utc::now()).await.unwrap();
    record_delivery(app, "hostile").await;

    let raw = "<script>alert(1)</script>";
    for path in [
        "/",
        "/pledges",
        "/pledges?q=script",
        "/pledges/hostile",
        "/pledges/france-109bn-ai-investment",
        "/actors/france",
        "/themes/investment",
        "/events/paris-2025",
        "/money",
        "/feeds/follow-ups.atom",
        "/feeds/pledges/hostile.atom",
        "/feeds/themes/investment.atom",
        "/api/v1/pledges?per_page=100",
        "/api/v1/pledges/hostile",
        "/api/v1/follow-ups",
    ] {
        let body = app.text(path, 200).await;
        assert!(!body.contains(raw), "{path} carries the raw script tag");
        assert!(
            !body.contains("<img src=x"),
            "{path} carries the raw img tag"
        );
        assert!(
            body.contains("&lt;script&gt;") || body.contains("\\u003cscript\\u003e"),
            "{path} shows the title escaped"
        );
    }
    // Exports and calendars are text, not markup: the title comes back exactly.
    let api = app.json("/api/v1/pledges/hostile", 200).await;
    assert_eq!(api["title"], HOSTILE);
    let csv_body = app.text("/export/pledges.csv", 200).await;
    let rows = web::csv_format::read_pledges(&csv_body).unwrap();
    let row: &PledgeInput = &rows.iter().find(|(_, p)| p.slug == "hostile").unwrap().1;
    assert_eq!(row.title, HOSTILE);
    let ics = app.text("/feeds/deadlines.ics", 200).await;
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let summaries: Vec<String> = calendar
        .events
        .iter()
        .flat_map(|e| {
            e.properties
                .iter()
                .filter(|p| p.name == "SUMMARY")
                .filter_map(|p| p.value.clone())
        })
        .collect();
    assert!(
        summaries.iter().any(|s| s.contains("alert(1)")),
        "{summaries:?}"
    );
}
both_apps!(a_hostile_title_is_escaped_everywhere, hostile_title);

async fn formula_cells(app: &TestApp) {
    let db = &app.test_db.db;
    let mut input = PledgeInput::from(
        &db.pledge(&slug("ai-policy-advisory-council"))
            .await
            .unwrap()
            .pledge,
    );
    input.slug = "formula".into();
    input.title = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
    input.summary = "@SUM(1+1)".into();
    db.insert_pledge(&input.parse().unwrap(), Utc::now())
        .await
        .unwrap();
    app.refresh().await;
    let body = app.text("/export/pledges.csv", 200).await;
    assert!(
        body.contains("'=HYPERLINK") && body.contains("'@SUM"),
        "formulas are neutralised"
    );
    assert!(!body.contains(",=HYPERLINK") && !body.contains("\"=HYPERLINK"));
    let back = web::csv_format::read_pledges(&body).unwrap();
    let row = &back.iter().find(|(_, p)| p.slug == "formula").unwrap().1;
    assert_eq!(row.title, input.title, "and restored on import");
}
both_apps!(csv_cells_cannot_become_formulas, formula_cells);
