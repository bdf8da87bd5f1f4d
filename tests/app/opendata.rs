//! The open data's API through the real server: CORS for the API, exports and feeds
//! only, RFC 9457 problem details, RFC 8288 `Link` headers that lead where they say, the
//! follow-up cursor, and dates typed in the OpenAPI document. Feeds, CSV and the source
//! link are in `opendata_files.rs`.

use pledgewatch_tests::fixtures::record_delivery;
use pledgewatch_tests::{TestApp, both_apps};
use std::collections::HashMap;

const ORIGIN: &str = "https://newsroom.example";

/// `rel` → target of an RFC 8288 `Link` header.
fn links(response: &reqwest::Response) -> HashMap<String, String> {
    let Some(value) = response.headers().get("link") else {
        return HashMap::new();
    };
    value
        .to_str()
        .unwrap()
        .split(", <")
        .map(|part| {
            let (target, params) = part.trim_start_matches('<').split_once(">; ").unwrap();
            let rel = params
                .strip_prefix("rel=\"")
                .and_then(|r| r.strip_suffix('"'))
                .unwrap_or_else(|| panic!("rel in {params}"));
            (rel.to_owned(), target.to_owned())
        })
        .collect()
}

async fn cors(app: &TestApp) {
    let open = [
        "/api/v1/pledges",
        "/api/v1/follow-ups",
        "/api/v1/changes",
        "/api/openapi.json",
        "/export/pledges.csv",
        "/export/follow-ups.csv",
        "/feeds/follow-ups.atom",
        "/feeds/deadlines.ics",
    ];
    for path in open {
        for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
            let r = app
                .client
                .request(method.clone(), app.url(path))
                .header("origin", ORIGIN)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{method} {path}");
            let h = r.headers();
            assert_eq!(h["access-control-allow-origin"], "*", "{method} {path}");
            assert!(
                h.get("access-control-allow-credentials").is_none(),
                "{path}"
            );
            let exposed = h["access-control-expose-headers"].to_str().unwrap();
            for name in ["link", "etag", "pledgewatch-change-head"] {
                assert!(exposed.contains(name), "{path} exposes {name}: {exposed}");
            }
        }
        // A preflight is answered, for reading only.
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, app.url(path))
            .header("origin", ORIGIN)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "if-none-match")
            .send()
            .await
            .unwrap();
        assert!(preflight.status().is_success(), "OPTIONS {path}");
        let h = preflight.headers();
        assert_eq!(h["access-control-allow-origin"], "*");
        let methods = h["access-control-allow-methods"].to_str().unwrap();
        assert!(
            methods.contains("GET") && methods.contains("HEAD"),
            "{methods}"
        );
        assert!(!methods.contains("POST"), "{methods}");
        assert!(h.get("access-control-allow-credentials").is_none());
        assert!(
            h["access-control-max-age"]
                .to_str()
                .unwrap()
                .parse::<u64>()
                .unwrap()
                > 0
        );
    }
    // Pages, sign-in and forms stay same-origin.
    for path in ["/", "/pledges", "/login", "/subscribe", "/account"] {
        let r = app
            .client
            .get(app.url(path))
            .header("origin", ORIGIN)
            .send()
            .await
            .unwrap();
        assert!(
            r.headers().get("access-control-allow-origin").is_none(),
            "{path} is not shared"
        );
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, app.url(path))
            .header("origin", ORIGIN)
            .header("access-control-request-method", "POST")
            .send()
            .await
            .unwrap();
        assert!(
            preflight
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "OPTIONS {path}: {}",
            preflight.status()
        );
    }
    eprintln!(
        "CORS: {} open routes by GET, HEAD and preflight; 5 pages not shared",
        open.len()
    );
}
both_apps!(other_sites_may_read_the_open_data_and_nothing_else, cors);

async fn problems(app: &TestApp) {
    let cases = [
        ("/api/v1/pledges?delivery=done", 400, Some("delivery")),
        ("/api/v1/pledges?per_page=0", 400, Some("per_page")),
        ("/api/v1/follow-ups?limit=0", 400, Some("limit")),
        ("/api/v1/follow-ups?after=abc", 400, Some("after")),
        ("/api/v1/changes?after=-1", 400, Some("after")),
        ("/api/v1/pledges/nothing", 404, None),
        ("/api/v1/follow-ups?pledge=nothing", 404, None),
        ("/api/v2/pledges", 404, None),
        ("/api/v1/nothing/here", 404, None),
        ("/api", 404, None),
    ];
    for (path, status, field) in cases {
        let r = app
            .client
            .get(app.url(path))
            .header("origin", ORIGIN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
        // Readable from other sites too, unknown paths included.
        assert_eq!(r.headers()["access-control-allow-origin"], "*", "{path}");
        let p: serde_json::Value = r.json().await.unwrap();
        assert_eq!(p["type"], "about:blank", "{path}");
        assert_eq!(p["status"], status, "{path}");
        let title = if status == 400 {
            "Bad Request"
        } else {
            "Not Found"
        };
        assert_eq!(p["title"], title, "{path}");
        let detail = p["detail"].as_str().unwrap();
        assert!(!detail.is_empty(), "{path}");
        match field {
            Some(f) => {
                assert_eq!(p["field"], f, "{path}");
                assert!(detail.contains(f), "{path}: the detail names {f}: {detail}");
            }
            None => assert!(p.get("field").is_none(), "{path}: {p}"),
        }
    }
    // What the client sent is quoted inert, and outside /api a page answers.
    let r = app.get("/api/v2/%3Cscript%3E").await;
    let body = r.text().await.unwrap();
    assert!(!body.contains("<script>"), "{body}");
    let page = app.get("/no-such-page").await;
    assert_eq!(page.status(), 404);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    eprintln!("problem details: {} cases", cases.len());
}
both_apps!(api_errors_are_problem_details, problems);

async fn paging(app: &TestApp) {
    // Page 2 of 5-pledge pages names all four neighbours, and each leads where it says.
    let r = app
        .get("/api/v1/pledges?per_page=5&page=2&sort=newest")
        .await;
    assert_eq!(r.status(), 200);
    let l = links(&r);
    let body: serde_json::Value = r.json().await.unwrap();
    let pages = body["pages"].as_u64().unwrap();
    assert!(pages >= 3, "{pages}");
    for (rel, page) in [("first", 1), ("prev", 1), ("next", 3), ("last", pages)] {
        let target = &l[rel];
        assert!(
            target.contains("per_page=5") && target.contains("sort=newest"),
            "{target}"
        );
        let there = app.json(target, 200).await;
        assert_eq!(there["page"], page, "{rel} → {target}");
    }
    assert_eq!(Some(l["next"].as_str()), body["links"]["next"].as_str());
    // One page: first and last only, the same.
    let one = app.get("/api/v1/pledges?per_page=100").await;
    let l = links(&one);
    assert_eq!(l.len(), 2, "{l:?}");
    assert_eq!(l["first"], l["last"]);
    // Served again from the response cache, the header is still there.
    let again = app.get("/api/v1/pledges?per_page=100").await;
    assert_eq!(links(&again), l);

    // The change log: first and next, next being the body's next_after.
    let r = app.get("/api/v1/changes?limit=10").await;
    let l = links(&r);
    let body: serde_json::Value = r.json().await.unwrap();
    let next_after = body["next_after"].as_i64().unwrap();
    assert_eq!(
        l["next"],
        format!("/api/v1/changes?after={next_after}&limit=10")
    );
    assert_eq!(l["first"], "/api/v1/changes?after=0&limit=10");
    let last = app
        .get(&format!(
            "/api/v1/changes?after={}&limit=10",
            body["head_seq"]
        ))
        .await;
    assert!(!links(&last).contains_key("next"));
    eprintln!("pledge pages of 5: {pages}; change log cursor after page 1: {next_after}");
}
both_apps!(list_links_lead_to_the_pages_they_name, paging);

fn ids(v: &serde_json::Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect()
}

async fn follow_up_cursor(app: &TestApp) {
    let everything = ids(&app.json("/api/v1/follow-ups?limit=200", 200).await);
    assert!(everything.len() >= 20, "{}", everything.len());
    assert!(everything.windows(2).all(|w| w[0] > w[1]), "newest first");
    // Walk by the next link, 7 at a time: every follow-up once, in order.
    let mut walked = Vec::new();
    let mut target = Some("/api/v1/follow-ups?limit=7".to_owned());
    let mut pages = 0;
    let mut second_page = None;
    while let Some(t) = target.take() {
        let r = app.get(&t).await;
        assert_eq!(r.status(), 200, "{t}");
        let l = links(&r);
        assert_eq!(l["first"], "/api/v1/follow-ups?limit=7");
        let header = r
            .headers()
            .get("pledgewatch-next-after")
            .map(|v| v.to_str().unwrap().to_owned());
        let page = ids(&r.json().await.unwrap());
        pages += 1;
        if pages == 2 {
            second_page = Some((t.clone(), page.clone()));
        }
        match (&header, l.get("next")) {
            (Some(after), Some(next)) => {
                assert_eq!(after, &page.last().unwrap().to_string());
                assert_eq!(next, &format!("/api/v1/follow-ups?limit=7&after={after}"));
                assert_eq!(page.len(), 7);
                target = Some(next.clone());
            }
            (None, None) => {}
            other => panic!("header and link disagree: {other:?}"),
        }
        walked.extend(page);
    }
    assert_eq!(
        walked, everything,
        "the walk sees each follow-up once, in order"
    );
    // A new follow-up goes on the first page; the second page stays what it was.
    let (second, before) = second_page.unwrap();
    record_delivery(app, "uae-mgx-ai-campus-france").await;
    app.refresh().await;
    assert_eq!(ids(&app.json(&second, 200).await), before, "{second}");
    let newest = ids(&app.json("/api/v1/follow-ups?limit=1", 200).await);
    assert!(newest[0] > everything[0]);
    // The cursor keeps the scope.
    let scoped = ids(&app
        .json(
            "/api/v1/follow-ups?pledge=uae-mgx-ai-campus-france&limit=1",
            200,
        )
        .await);
    let r = app
        .get("/api/v1/follow-ups?pledge=uae-mgx-ai-campus-france&limit=1")
        .await;
    let next = links(&r)["next"].clone();
    assert!(next.starts_with("/api/v1/follow-ups?pledge=uae-mgx-ai-campus-france&limit=1&after="));
    let older = ids(&app.json(&next, 200).await);
    assert!(older[0] < scoped[0]);
    let pledge_of = app.json(&next, 200).await[0]["pledge"].clone();
    assert_eq!(pledge_of, "uae-mgx-ai-campus-france");
    for bad in ["abc", "0", "-3", "1.5", "99999999999"] {
        let p = app
            .json(&format!("/api/v1/follow-ups?after={bad}"), 400)
            .await;
        assert_eq!(p["field"], "after", "{bad}");
    }
    eprintln!(
        "follow-up cursor: {} follow-ups in {pages} pages of 7, none repeated or missed",
        walked.len()
    );
}
both_apps!(
    the_follow_up_cursor_walks_every_follow_up_once,
    follow_up_cursor
);

async fn schema_dates(app: &TestApp) {
    let doc = app.json("/api/openapi.json", 200).await;
    let schemas = &doc["components"]["schemas"];
    let format = |schema: &str, field: &str| {
        schemas[schema]["properties"][field]["format"]
            .as_str()
            .unwrap_or_else(|| panic!("{schema}.{field} has a format"))
            .to_owned()
    };
    for (schema, field) in [
        ("PledgeJson", "announced_on"),
        ("PledgeJson", "last_follow_up_on"),
        ("MoneyJson", "value_date"),
        ("DeadlineJson", "date"),
        ("DeadlineJson", "due"),
        ("EventJson", "starts_on"),
        ("EventJson", "ends_on"),
        ("SourceJson", "published_on"),
        ("FollowUpJson", "occurred_on"),
    ] {
        assert_eq!(format(schema, field), "date", "{schema}.{field}");
    }
    assert_eq!(format("FollowUpJson", "recorded_at"), "date-time");
    assert_eq!(format("ChangeJson", "at"), "date-time");
    // The values served are what the schema says.
    let p = app
        .json("/api/v1/pledges/france-109bn-ai-investment", 200)
        .await;
    chrono::NaiveDate::parse_from_str(p["announced_on"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    // Errors are documented as problem details, and the cursor as a parameter.
    let follow_ups = &doc["paths"]["/api/v1/follow-ups"]["get"];
    assert!(
        follow_ups["responses"]["400"]["content"]["application/problem+json"].is_object(),
        "{}",
        follow_ups["responses"]["400"]
    );
    let params: Vec<&str> = follow_ups["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(params.contains(&"after"), "{params:?}");
    for path in ["/api/v1/pledges", "/api/v1/changes", "/api/v1/follow-ups"] {
        let headers = &doc["paths"][path]["get"]["responses"]["200"]["headers"];
        assert!(
            headers["link"].is_object(),
            "{path} documents its Link header"
        );
    }
    assert!(schemas["ProblemJson"]["properties"]["detail"].is_object());
}
both_apps!(the_openapi_document_types_dates, schema_dates);
