//! Archived copies of cited evidence through the real server: a follow-up posted with an
//! archived copy offers it beside the original on the pledge page (prominently once the
//! link checker finds the original gone), on the editors' broken-links page, in the API,
//! the Atom feed and the follow-ups CSV, whose evidence cell reads back through the
//! domain's input path into the same evidence. The link checker never fetches the copy. A
//! copy without its link is refused; seed files may record copies, and files without them
//! load as before.

use domain::input::EvidenceInput;
use domain::{Evidence, Role};
use pledgewatch_tests::site::counting_site;
use pledgewatch_tests::{TestApp, both_apps};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const PLEDGE: &str = "fluidstack-10bn-ai-supercomputer-france";

/// Pages escape '/' in what they print.
fn escaped(url: &str) -> String {
    url.replace('/', "&#x2F;")
}

/// A loopback site: `/gone` answers 410, `/live` answers 200, and every other path
/// (where the archived copies point) answers 200 too, so that a fetch of a copy would be
/// counted. Returns its base address and the number of requests it served.
async fn site() -> (String, Arc<AtomicUsize>) {
    let router = axum::Router::new()
        .route(
            "/gone",
            axum::routing::get(|| async { axum::http::StatusCode::GONE }),
        )
        .fallback(|| async { "a page" });
    counting_site(router).await
}

use crate::links::links_check;

async fn archived_copy_offered_everywhere(app: &TestApp) {
    let (base, served) = site().await;
    let (gone, live) = (format!("{base}/gone"), format!("{base}/live"));
    let (gone_copy, live_copy) = (
        format!("{base}/archive/2026/gone"),
        format!("{base}/archive/2026/live"),
    );
    let editor = app.signed_in("archive@example.org", Role::Editor).await;
    let recorded = editor
        .post_follow_up(
            PLEDGE,
            &[
                ("note", "Works began"),
                ("evidence_url_1", &gone),
                ("evidence_title_1", "Press release"),
                ("evidence_tier_1", "official_statement"),
                ("evidence_archived_url_1", &gone_copy),
                ("evidence_url_2", &live),
                ("evidence_title_2", "Report on the works"),
                ("evidence_tier_2", "press_report"),
                ("evidence_archived_url_2", &live_copy),
                ("evidence_url_3", "https://example.org/no-copy"),
                ("evidence_title_3", "Without a copy"),
                ("evidence_tier_3", "press_report"),
            ],
        )
        .await;
    assert_eq!(recorded.status(), 303, "{}", recorded.text().await.unwrap());

    // Before any check: each copy is offered quietly beside its original.
    let page = app.text(&format!("/pledges/{PLEDGE}"), 200).await;
    for copy in [&gone_copy, &live_copy] {
        assert!(
            page.contains(&format!("href=\"{}\"", escaped(copy))),
            "{copy} is offered"
        );
    }
    assert!(page.contains(">archived copy</a>"));
    assert!(!page.contains("Read the archived copy"));

    // The API carries it on each piece of evidence, and null where none was recorded.
    let api = app
        .json(&format!("/api/v1/follow-ups?pledge={PLEDGE}&limit=1"), 200)
        .await;
    let evidence = &api[0]["evidence"];
    assert_eq!(evidence[0]["url"], gone.as_str());
    assert_eq!(evidence[0]["archived_url"], gone_copy.as_str());
    assert_eq!(evidence[1]["archived_url"], live_copy.as_str());
    assert!(evidence[2]["archived_url"].is_null());

    // The Atom feed names the copy after the evidence it copies.
    let feed = app.text("/feeds/follow-ups.atom", 200).await;
    assert!(
        feed.contains(&format!("(archived copy &lt;{gone_copy}&gt;)")),
        "the feed offers the copy"
    );

    // The CSV's evidence cell reads back through the one input path into the same
    // evidence, copies included.
    let csv = app.text("/export/follow-ups.csv", 200).await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = header.iter().position(|h| h == "evidence").unwrap();
    let last = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| r.get(1) == Some(PLEDGE))
        .last()
        .expect("the follow-up is exported");
    let cell = web::csv_format::unprotect(last.get(at).unwrap());
    let inputs: Vec<EvidenceInput> = serde_json::from_str(cell).expect("evidence cell");
    let parsed: Vec<domain::Evidence> = inputs.iter().map(|e| e.parse().unwrap()).collect();
    let copies: Vec<Option<&str>> = parsed
        .iter()
        .map(|e| e.archived_url.as_ref().map(|u| u.as_str()))
        .collect();
    assert_eq!(
        copies,
        vec![Some(gone_copy.as_str()), Some(live_copy.as_str()), None]
    );
    assert_eq!(parsed[0].url.as_str(), gone);

    // The checker fetches the two originals on the site and never the copies.
    let report = links_check(app, &base).await;
    assert!(
        report.contains("checked 2 addresses: 1 live, 0 changed since cited, 1 gone"),
        "{report}"
    );
    assert_eq!(served.load(Ordering::SeqCst), 2, "no copy was fetched");

    // Once the original is gone its copy is offered prominently; the live one's stays quiet.
    let page = app.text(&format!("/pledges/{PLEDGE}"), 200).await;
    let item = |url: &str| {
        page.split("<li>")
            .find(|li| li.contains(&format!("href=\"{}\"", escaped(url))))
            .unwrap_or_else(|| panic!("{url} is listed"))
            .to_owned()
    };
    let gone_item = item(&gone);
    assert!(
        gone_item.contains("Link gone") && gone_item.contains("Read the archived copy"),
        "{gone_item}"
    );
    assert!(gone_item.contains(&escaped(&gone_copy)));
    let live_item = item(&live);
    assert!(!live_item.contains("Read the archived copy") && live_item.contains("archived copy"));

    // The editors' list shows the copy beside the broken link.
    let listing = editor.get("/admin/links").await.text().await.unwrap();
    let row = listing
        .split("<tr>")
        .find(|r| r.contains(&format!("href=\"{}\"", escaped(&gone))))
        .expect("the gone link is listed");
    assert!(
        row.contains("archived copy") && row.contains(&format!("href=\"{}\"", escaped(&gone_copy))),
        "{row}"
    );
}
both_apps!(
    archived_copy_beside_the_original,
    archived_copy_offered_everywhere
);

async fn copy_without_its_link_is_refused(app: &TestApp) {
    let editor = app.signed_in("copy@example.org", Role::Editor).await;
    let before = app
        .json(&format!("/api/v1/follow-ups?pledge={PLEDGE}"), 200)
        .await;
    let refused = editor
        .post_follow_up(
            PLEDGE,
            &[
                ("note", "A copy alone"),
                ("evidence_archived_url_1", "https://archive.example.org/x"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains("evidence_url must not be empty"),
        "the copy is not dropped silently: its missing link is named"
    );
    let after = app
        .json(&format!("/api/v1/follow-ups?pledge={PLEDGE}"), 200)
        .await;
    assert_eq!(before, after, "nothing was recorded");
}
both_apps!(
    an_archived_copy_needs_its_link,
    copy_without_its_link_is_refused
);

/// A seed file may record an archived copy on a piece of evidence; files without one (the
/// shipped seeds) load as before; a copy that is not a web address is refused by name.
async fn seed_files_carry_copies(t: &pledgewatch_tests::TestDb) {
    use persistence::seed::{self, SeedFiles};
    let original = "url = \"https://www.longtermwiki.com/knowledge-base/responses/governance/international/seoul-declaration\"\n";
    let copy = "https://archive.example.org/2024/seoul-declaration";
    let mut files = SeedFiles::builtin();
    assert_eq!(files.follow_ups.matches(original).count(), 1);
    files.follow_ups = files.follow_ups.replacen(
        original,
        &format!("{original}archived_url = \"{copy}\"\n"),
        1,
    );
    let data = seed::parse(&files).expect("parses");
    seed::load(&t.db, &data, chrono::Utc::now())
        .await
        .expect("loads");
    let pledge = pledgewatch_tests::fixtures::slug("seoul-frontier-ai-safety-commitments");
    let history = t.db.history(&pledge).await.unwrap();
    let cited: Vec<(&str, Option<&str>)> = history
        .iter()
        .flat_map(|(_, f)| &f.evidence)
        .map(|e| (e.url.as_str(), e.archived_url.as_ref().map(|u| u.as_str())))
        .collect();
    assert!(
        cited.contains(&(original[7..original.len() - 2].as_ref(), Some(copy))),
        "{cited:?}"
    );
    let other = pledgewatch_tests::fixtures::slug("paris-statement-inclusive-sustainable-ai");
    let other = t.db.history(&other).await.unwrap();
    let others: Vec<&Evidence> = other.iter().flat_map(|(_, f)| &f.evidence).collect();
    assert!(
        !others.is_empty() && others.iter().all(|e| e.archived_url.is_none()),
        "evidence without a copy stays without"
    );

    let mut files = SeedFiles::builtin();
    files.follow_ups = files.follow_ups.replacen(
        original,
        &format!("{original}archived_url = \"javascript:alert(1)\"\n"),
        1,
    );
    let err = seed::parse(&files).unwrap_err().to_string();
    assert!(
        err.contains("follow-ups.toml") && err.contains("evidence_archived_url"),
        "{err}"
    );
}
pledgewatch_tests::both_backends!(a_seed_may_record_an_archived_copy, seed_files_carry_copies);
