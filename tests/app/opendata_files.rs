//! The open data's files through the real server: `tag:` ids in every Atom feed, the CSV
//! for French spreadsheets (read back by the import), and the link to the source in every
//! page's footer, from its setting through the real binary.

use pledgewatch_tests::fixtures::record_delivery;
use pledgewatch_tests::{TestApp, both_apps};

async fn tag_ids(app: &TestApp) {
    record_delivery(app, "uae-mgx-ai-campus-france").await;
    let address = app.address.to_string();
    let latest = app.json("/api/v1/follow-ups?limit=200", 200).await;
    let ids: Vec<String> = latest
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("tag:pledgewatch,2025:follow-up/{}", f["id"]))
        .collect();
    let mut checked = 0;
    for path in [
        "/feeds/follow-ups.atom",
        "/feeds/pledges/uae-mgx-ai-campus-france.atom",
        "/feeds/actors/mgx.atom",
        "/feeds/themes/investment.atom",
        "/feeds/changes.atom",
    ] {
        let xml = app.text(path, 200).await;
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        // feed-rs hands back the id as written.
        assert_eq!(
            feed.id,
            format!("tag:pledgewatch,2025:{}", path.trim_start_matches('/')),
            "{path}"
        );
        assert!(!feed.entries.is_empty(), "{path}");
        for e in &feed.entries {
            assert!(!e.id.contains(&address), "{path}: {}", e.id);
            if path == "/feeds/changes.atom" {
                let seq = e.id.strip_prefix("tag:pledgewatch,2025:change/").unwrap();
                seq.parse::<i64>().unwrap();
            } else {
                assert!(ids.contains(&e.id), "{path}: {} is a follow-up's tag", e.id);
            }
            // The links still lead to this server.
            assert!(e.links[0].href.contains(&address), "{}", e.links[0].href);
            checked += 1;
        }
    }
    eprintln!("tag: ids: {checked} entries in 5 feeds, none naming {address}");
}
both_apps!(atom_ids_are_tag_uris_that_ignore_the_address, tag_ids);

async fn excel_fr(app: &TestApp) {
    for path in ["/export/pledges.csv", "/export/follow-ups.csv"] {
        let plain = app.text(path, 200).await;
        let r = app.get(&format!("{path}?format=excel-fr")).await;
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let bytes = r.bytes().await.unwrap();
        assert_eq!(
            &bytes[..3],
            b"\xEF\xBB\xBF",
            "{path} starts with a UTF-8 BOM"
        );
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let first = text.lines().next().unwrap();
        assert!(first.contains(';') && !first.contains(','), "{first}");
        let read = |body: &str, sep: u8| -> Vec<Vec<String>> {
            csv::ReaderBuilder::new()
                .delimiter(sep)
                .from_reader(body.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                .collect()
        };
        let a = read(&plain, b',');
        let b = read(text, b';');
        assert_eq!(a, b, "{path}: the same cells either way");
        eprintln!(
            "{path}?format=excel-fr: {} rows, same cells as RFC 4180",
            b.len()
        );
    }
    // The import reads the French file back, byte-order mark and all.
    let bytes = app
        .get("/export/pledges.csv?format=excel-fr&theme=investment")
        .await
        .bytes()
        .await
        .unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let french = web::csv_format::read_pledges(&text).expect("reads the French dialect");
    let plain =
        web::csv_format::read_pledges(&app.text("/export/pledges.csv?theme=investment", 200).await)
            .unwrap();
    assert!(!plain.is_empty());
    assert_eq!(
        french
            .iter()
            .map(|(_, p)| p.parse().unwrap())
            .collect::<Vec<_>>(),
        plain
            .iter()
            .map(|(_, p)| p.parse().unwrap())
            .collect::<Vec<_>>()
    );
    let pledges = web::import::parse(&text).expect("the import accepts it");
    assert_eq!(pledges.len(), plain.len());
    for bad in ["excel", "tsv", "EXCEL-FR"] {
        let page = app
            .text(&format!("/export/pledges.csv?format={bad}"), 400)
            .await;
        assert!(page.contains("format"), "{bad}");
        app.text(&format!("/export/follow-ups.csv?format={bad}"), 400)
            .await;
    }
}
both_apps!(csv_for_french_spreadsheets_round_trips, excel_fr);

async fn source_link(app: &TestApp) {
    let link = format!("href=\"{}\"", web::config::DEFAULT_SOURCE_URL);
    for (path, status) in [
        ("/", 200),
        ("/pledges", 200),
        ("/pledges/france-109bn-ai-investment", 200),
        ("/about/data", 200),
        ("/login", 200),
        ("/subscribe", 200),
        ("/no-such-page", 404),
        ("/pledges?delivery=done", 400),
    ] {
        // Tera escapes `/` in attributes as `&#x2F;`, which a browser reads as `/`.
        let html = app.text(path, status).await.replace("&#x2F;", "/");
        assert!(html.contains(&link), "{path} links to the source");
    }
    let license = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../LICENSE"))
        .expect("LICENSE at the root");
    assert!(
        license
            .trim_start()
            .starts_with("GNU AFFERO GENERAL PUBLIC LICENSE")
    );
    assert!(license.contains("Version 3, 19 November 2007"));
    assert!(
        license
            .contains("13. Remote Network Interaction; Use with the GNU General Public License.")
    );
}
both_apps!(every_page_links_to_its_source, source_link);

/// The setting through the real binary: the footer links where `PLEDGEWATCH_SOURCE_URL`
/// says, and an address that is not http(s) refuses the start, naming the variable.
#[tokio::test]
async fn the_source_url_setting_reaches_every_footer() {
    const BIN: &str = env!("CARGO_BIN_EXE_pledgewatch-cli");
    const FORK: &str = "https://git.example.org/newsroom/pledgewatch-fork";
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let cli = |source: &str| {
        let mut cmd = tokio::process::Command::new(BIN);
        cmd.arg("serve")
            .current_dir(dir.path())
            .env("DATABASE_URL", "sqlite://tracker.db?mode=rwc")
            .env("PLEDGEWATCH_BIND", &bind)
            .env("PLEDGEWATCH_MAIL_DIR", dir.path().join("mail"))
            .env("PLEDGEWATCH_WORKER", "off")
            .env("PLEDGEWATCH_SOURCE_URL", source)
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true);
        cmd
    };
    let refused = cli("javascript:alert(1)").output().await.unwrap();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{said}");
    assert!(said.contains("PLEDGEWATCH_SOURCE_URL"), "{said}");

    let mut server = cli(FORK)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://{bind}");
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    loop {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await
            && r.status() == 200
        {
            break;
        }
        assert!(server.try_wait().unwrap().is_none(), "serve exited");
        assert!(started.elapsed().as_secs() < 90, "serve did not answer");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let link = format!("href=\"{FORK}\"");
    for path in ["/", "/about/data", "/pledges", "/nowhere"] {
        let html = http
            .get(format!("{base}{path}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .replace("&#x2F;", "/");
        assert!(html.contains(&link), "{path} links to the fork");
        assert!(!html.contains(web::config::DEFAULT_SOURCE_URL), "{path}");
    }
    eprintln!(
        "source link: the fork's address on 4 pages, serve up in {:?}",
        started.elapsed()
    );
    server.kill().await.unwrap();
}
