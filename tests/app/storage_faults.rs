//! Storage faults through the real `pledgewatch` process: a read-only SQLite file (refused
//! at start with the fix, or served read-only by choice, untouched either way), here; and
//! a PostgreSQL cluster stopped under a running server, in `postgres_outage`. Also the
//! helpers both use to run and wait for the command line.

use pledgewatch_tests::hidden;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

mod postgres_outage;

const BIN: &str = env!("CARGO_BIN_EXE_pledgewatch-cli");
/// A pledge whose page no step before the outage opens, so it is not among the responses
/// kept in memory and must be read from the database.
pub(crate) const UNVISITED: &str = "france-109bn-ai-investment";
pub(crate) const RECORDED_ON: [&str; 3] = [
    "fluidstack-10bn-ai-supercomputer-france",
    "eu-investai-200bn",
    "current-ai-public-interest-partnership",
];

pub(crate) fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The command line; as `nobody` when `unprivileged` and the test runs as root (root
/// ignores file modes, so a read-only file would not be read-only to it).
pub(crate) fn cli(unprivileged: bool, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut cmd = if unprivileged && is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    cmd.args(args)
        .current_dir(dir)
        .env("PLEDGEWATCH_MAIL_DIR", dir.join("mail"))
        .env("PLEDGEWATCH_LOG", "info")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .kill_on_drop(true);
    cmd
}

pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Waits for the server's /healthz; panics if the child exits or a minute passes.
pub(crate) async fn until_serving(child: &mut Child, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await
            && r.status() == 200
        {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the server exited before serving: {status}");
        }
        assert!(Instant::now() < deadline, "no answer on {base}/healthz");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sends `request`, returning the status, Retry-After, body and how long it took.
pub(crate) async fn timed(
    request: reqwest::RequestBuilder,
) -> (u16, Option<String>, String, Duration) {
    let started = Instant::now();
    let r = request.send().await.expect("an answer");
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = r.text().await.unwrap();
    (status, retry, body, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_sqlite_file_is_refused_or_served_read_only_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // `nobody` may enter the folder and make SQLite's -wal and -shm files there; the
    // database file itself is what is read-only, as in the reported case.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o777),
    )
    .unwrap();
    let file = dir.path().join("tracker.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let db = persistence::Db::connect(&url, pledgewatch_tests::DB_TIMEOUT)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    web::startup::seed_builtin(&db).await.unwrap();
    // Closing checkpoints the WAL into the file and removes it.
    db.close().await.unwrap();
    for leftover in ["tracker.db-wal", "tracker.db-shm"] {
        assert!(!dir.path().join(leftover).exists(), "{leftover} is left");
    }
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o444)).unwrap();
    let before = std::fs::read(&file).unwrap();

    // By default: refused at start, naming the file and the fix.
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let env = [("DATABASE_URL", url.as_str()), ("PLEDGEWATCH_BIND", &bind)];
    let started = Instant::now();
    let out = cli(true, dir.path(), &env, &["serve"])
        .output()
        .await
        .unwrap();
    let took = started.elapsed();
    let said = String::from_utf8_lossy(&out.stderr);
    eprintln!("read-only file: serve refused in {took:?}");
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains(&format!("the SQLite file {} is read-only", file.display())),
        "{said}"
    );
    assert!(said.contains("PLEDGEWATCH_READ_ONLY=true"), "{said}");
    assert!(took < Duration::from_secs(10), "refused after {took:?}");

    // By choice: served read-only.
    let env = [
        ("DATABASE_URL", url.as_str()),
        ("PLEDGEWATCH_BIND", &bind),
        ("PLEDGEWATCH_READ_ONLY", "true"),
    ];
    let writing = cli(
        true,
        dir.path(),
        &env,
        &["user", "add", "x@example.org", "--role", "editor"],
    )
    .output()
    .await
    .unwrap();
    assert!(!writing.status.success());
    assert!(
        String::from_utf8_lossy(&writing.stderr).contains("the tracker is read-only"),
        "{}",
        String::from_utf8_lossy(&writing.stderr)
    );
    let mut server = cli(true, dir.path(), &env, &["serve"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://{bind}");
    until_serving(&mut server, &base).await;
    let http = client();
    let dashboard = http.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(dashboard.status(), 200);
    let page = http
        .get(format!("{base}/pledges/{UNVISITED}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "a pledge page reads the database");
    let ready: serde_json::Value = http
        .get(format!("{base}/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    eprintln!("read-only file, /readyz: {ready}");
    assert_eq!(ready["mode"], "read-only", "{ready}");
    assert_eq!(ready["database"], "read-only", "{ready}");

    let form = http.get(format!("{base}/login")).send().await.unwrap();
    let csrf = hidden(&form.text().await.unwrap(), "csrf").unwrap();
    for (path, fields) in [
        (
            "/login",
            vec![
                ("email", "ana@example.org"),
                ("password", "x"),
                ("csrf", &csrf),
            ],
        ),
        (
            "/subscribe",
            vec![
                ("email", "reader@example.org"),
                ("scope", "everything"),
                ("csrf", &csrf),
            ],
        ),
    ] {
        let (status, retry, body, took) =
            timed(http.post(format!("{base}{path}")).form(&fields)).await;
        eprintln!("read-only: POST {path} answered {status} in {took:?}");
        assert_eq!(status, 503, "POST {path}: {body}");
        assert_eq!(retry.as_deref(), Some("10"), "POST {path}");
        assert!(body.contains("read-only"), "POST {path}: {body}");
    }
    server.kill().await.unwrap();
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the database file is unchanged"
    );
}
