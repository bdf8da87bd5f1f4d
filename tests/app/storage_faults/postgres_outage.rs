//! A PostgreSQL cluster stopped under a running server: health in under a second, reads
//! from memory go on, everything else 503 with Retry-After within the timeout, and
//! recovery without loss.

use super::{RECORDED_ON, UNVISITED, cli, client, free_port, timed, until_serving};
use pledgewatch_tests::Browser;
use pledgewatch_tests::pg_cluster::Cluster;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Logs in as a new editor made with the command line against `url`.
async fn editor(dir: &Path, url: &str, base: &str) -> Browser {
    let mut add = cli(
        false,
        dir,
        &[("DATABASE_URL", url)],
        &[
            "user",
            "add",
            "ed@example.org",
            "--role",
            "editor",
            "--password-stdin",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .spawn()
    .unwrap();
    use tokio::io::AsyncWriteExt;
    let mut stdin = add.stdin.take().unwrap();
    stdin.write_all(b"a-long-enough-password\n").await.unwrap();
    drop(stdin);
    assert!(add.wait().await.unwrap().success(), "user add");
    let browser = Browser {
        client: client(),
        base: base.to_owned(),
    };
    let login = browser
        .login("ed@example.org", "a-long-enough-password")
        .await;
    assert_eq!(login.status(), 303, "login");
    browser
}

async fn follow_ups(url: &str) -> i64 {
    let db = persistence::Db::connect(url, Duration::from_secs(5))
        .await
        .unwrap();
    let n = persistence::diagnostics::row_counts(&db).await.unwrap()["follow_ups"];
    db.close().await.ok();
    n
}

fn evidence<'a>(csrf: &'a str, key: &'a str, progress: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("submission_key", key),
        ("delivery", "in_progress"),
        ("progress", progress),
        ("note", "Reported before the outage"),
        ("evidence_url_1", "https://example.org/report"),
        ("evidence_title_1", "Report"),
        ("evidence_tier_1", "official_statement"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_postgresql_is_answered_503_fast_and_recovered_without_loss() {
    let Some(cluster) = tokio::task::spawn_blocking(Cluster::start).await.unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = cluster.url("postgres");
    let bind = format!("127.0.0.1:{}", free_port());
    let base = format!("http://{bind}");
    let log = dir.path().join("server.log");
    let env = [
        ("DATABASE_URL", url.as_str()),
        ("PLEDGEWATCH_BIND", bind.as_str()),
        ("PLEDGEWATCH_DB_TIMEOUT_SECS", "2"),
        ("PLEDGEWATCH_WORKER_IDLE_MS", "200"),
    ];
    let mut server = cli(false, dir.path(), &env, &["serve"])
        // The log goes to standard output.
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    until_serving(&mut server, &base).await;
    let editor = editor(dir.path(), &url, &base).await;
    for (i, pledge) in RECORDED_ON.iter().enumerate() {
        let (csrf, key) = editor.follow_up_form(pledge).await;
        let progress = (10 * (i + 1)).to_string();
        let posted = editor
            .post(
                &format!("/pledges/{pledge}/follow-up"),
                &evidence(&csrf, &key, &progress),
            )
            .await;
        assert_eq!(posted.status(), 303, "follow-up on {pledge}");
    }
    let acknowledged = follow_ups(&url).await;
    let (csrf, key) = editor.follow_up_form(RECORDED_ON[0]).await;
    let http = client();

    cluster.stop();
    let down = Instant::now();

    let (status, _, body, took) = timed(http.get(format!("{base}/healthz"))).await;
    eprintln!("outage: /healthz {status} in {took:?}: {body}");
    assert_eq!(status, 200);
    assert!(body.contains("\"database\":\"unavailable\""), "{body}");
    assert!(took < Duration::from_secs(1), "/healthz took {took:?}");
    let (status, retry, _, took) = timed(http.get(format!("{base}/readyz"))).await;
    eprintln!("outage: /readyz {status} in {took:?}");
    assert_eq!(status, 503);
    assert!(retry.is_some());
    assert!(took < Duration::from_secs(1), "/readyz took {took:?}");
    for path in ["/", "/pledges"] {
        let (status, _, _, took) = timed(http.get(format!("{base}{path}"))).await;
        eprintln!("outage: {path} {status} in {took:?} (from memory)");
        assert_eq!(status, 200, "{path} is served from memory");
    }
    let follow_up = format!("/pledges/{}/follow-up", RECORDED_ON[0]);
    let fields = evidence(&csrf, &key, "90");
    for (what, request, wants) in [
        (
            "pledge page",
            http.get(format!("{base}/pledges/{UNVISITED}")),
            "unavailable",
        ),
        (
            "API follow-ups",
            http.get(format!("{base}/api/v1/follow-ups?limit=7")),
            "\"status\":503",
        ),
        (
            "POST follow-up",
            editor
                .client
                .post(format!("{base}{follow_up}"))
                .form(&fields),
            "unavailable",
        ),
    ] {
        let (status, retry, body, took) = timed(request).await;
        eprintln!("outage: {what} {status} in {took:?}");
        assert_eq!(status, 503, "{what}: {body}");
        assert_eq!(retry.as_deref(), Some("10"), "{what}");
        assert!(body.contains(wants), "{what}: {body}");
        assert!(took < Duration::from_secs(8), "{what} took {took:?}");
    }
    // Let the background tasks meet the outage for a while.
    tokio::time::sleep(Duration::from_secs(5)).await;
    eprintln!("outage lasted {:?}", down.elapsed());

    cluster.start_again();
    let back = Instant::now();
    loop {
        let r = http.get(format!("{base}/readyz")).send().await.unwrap();
        if r.status() == 200 {
            break;
        }
        assert!(back.elapsed() < Duration::from_secs(30), "not ready again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("recovery: /readyz 200 after {:?}", back.elapsed());
    let page = http
        .get(format!("{base}/pledges/{UNVISITED}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let after = follow_ups(&url).await;
    eprintln!("follow-ups acknowledged before the outage: {acknowledged}; after: {after}");
    assert_eq!(
        after, acknowledged,
        "nothing acknowledged is lost, nothing added"
    );

    // The change-log follower polls once a second: give it time to see the recovery.
    let polled = std::time::Instant::now();
    while !std::fs::read_to_string(&log)
        .unwrap()
        .contains("the database answers again")
        && polled.elapsed() < Duration::from_secs(10)
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().await.unwrap();
    let logged = std::fs::read_to_string(&log).unwrap();
    let once = |what: &str| logged.matches(what).count();
    eprintln!(
        "log: {} change-log failures, {} claim failures, {} recoveries",
        once("following the change log failed"),
        once("claiming mail failed"),
        once("the database answers again")
    );
    assert_eq!(once("following the change log failed"), 1, "{logged}");
    assert!(once("claiming mail failed") <= 1, "{logged}");
    assert_eq!(once("the database answers again"), 1, "{logged}");
}
