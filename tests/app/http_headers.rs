//! What the HTTP stack adds to responses, through the real server: compression when asked
//! for, security headers (HSTS only behind an https public URL), `no-store` on signed-in
//! and token pages, the hashed stylesheet cached for good, `/metrics` behind its token,
//! and the access log of a real `pledgewatch serve` (request id, route, never a query).

use domain::Role;
use pledgewatch_tests::{Backend, TestApp, both_apps};
use std::io::Read;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncBufReadExt;

async fn spawn(edit: impl FnOnce(&mut web::config::Settings)) -> TestApp {
    let mut mail = web::mail::MailSettings::to_folder(
        std::env::temp_dir().join(format!("pw-mail-{}", uuid::Uuid::new_v4().simple())),
    );
    mail.worker_in_serve = false;
    TestApp::spawn_configured(Backend::Sqlite, mail, edit, |_| {})
        .await
        .expect("sqlite")
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("valid gzip");
    out
}

#[tokio::test]
async fn compression_is_used_when_asked_for_and_only_then() {
    let app = spawn(|_| {}).await;
    for path in [
        "/",
        "/api/v1/pledges",
        "/export/pledges.csv",
        "/feeds/follow-ups.atom",
    ] {
        let plain = app.get(path).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert!(plain.headers().get("content-encoding").is_none(), "{path}");
        let plain = plain.text().await.unwrap();
        let gz = app
            .client
            .get(app.url(path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(gz.headers()["content-encoding"], "gzip", "{path}");
        let vary: Vec<_> = gz.headers().get_all("vary").iter().collect();
        assert!(
            vary.iter()
                .any(|v| v.to_str().unwrap().contains("accept-encoding")),
            "{path}: {vary:?}"
        );
        let streamed = gz.headers().get("content-length").is_none();
        let gz = gz.bytes().await.unwrap();
        let br = app
            .client
            .get(app.url(path))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(br.headers()["content-encoding"], "br", "{path}");
        let br = br.bytes().await.unwrap();
        eprintln!(
            "{path}: {} bytes plain, {} gzip, {} br (streamed: {streamed})",
            plain.len(),
            gz.len(),
            br.len()
        );
        assert_eq!(gunzip(&gz), plain, "{path}: gzip of the same body");
        assert!(
            gz.len() < plain.len() / 2 && br.len() < plain.len() / 2,
            "{path}"
        );
        if path.starts_with("/export") {
            assert!(streamed, "the CSV export is still streamed when compressed");
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn pages_carry_security_headers_and_hsts_only_behind_https() {
    let app = spawn(|_| {}).await;
    for path in [
        "/",
        "/pledges",
        "/login",
        "/subscribe",
        "/api/v1/pledges",
        "/nope",
    ] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        for part in [
            "default-src 'none'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert!(h.get("strict-transport-security").is_none(), "{path}: http");
        if path != "/api/v1/pledges" {
            let html = r.text().await.unwrap();
            assert!(
                !html.contains("style="),
                "{path}: an inline style the CSP refuses"
            );
        }
    }
    app.stop().await;
    let app = spawn(|s| s.public_url = Some("https://pledgewatch.example.org".into())).await;
    let r = app.get("/").await;
    assert_eq!(
        r.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    app.stop().await;
}

#[tokio::test]
async fn signed_in_and_token_pages_are_never_stored() {
    let app = spawn(|_| {}).await;
    let no_store = |r: &reqwest::Response| {
        r.headers()
            .get("cache-control")
            .is_some_and(|v| v == "no-store")
    };
    assert!(
        !no_store(&app.get("/").await),
        "public pages stay cacheable"
    );
    for path in [
        "/login",
        "/subscribe",
        "/subscriptions/manage?token=1.abc",
        "/subscriptions/confirm?token=1.abc",
        "/subscriptions/unsubscribe?token=1.abc",
    ] {
        assert!(no_store(&app.get(path).await), "{path}");
    }
    let password = app.add_user("admin@example.org", Role::Admin).await;
    let browser = app.browser();
    browser.login("admin@example.org", &password).await;
    for path in [
        "/account",
        "/admin/users",
        "/admin/audit",
        "/admin/email",
        "/admin/import",
    ] {
        let r = browser.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        assert!(no_store(&r), "{path}");
    }
    // The page that shows a new account's password.
    let page = browser.get("/admin/users").await.text().await.unwrap();
    let csrf = pledgewatch_tests::hidden(&page, "csrf").unwrap();
    let r = browser
        .post(
            "/admin/users",
            &[
                ("csrf", csrf.as_str()),
                ("email", "new@example.org"),
                ("name", "New Editor"),
                ("role", "editor"),
            ],
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    assert!(no_store(&r), "the new password's page");
    app.stop().await;
}

#[tokio::test]
async fn the_stylesheet_is_served_under_its_hash_and_cached_for_good() {
    let app = spawn(|_| {}).await;
    let html = app.text("/", 200).await;
    let start = html.find("/static/style.").expect("a stylesheet link");
    let href = &html[start..start + html[start..].find('"').unwrap()];
    let hash = &href["/static/style.".len()..href.len() - ".css".len()];
    eprintln!("stylesheet at {href}");
    assert_eq!(hash.len(), 16, "{href}");
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{href}");
    let r = app.get(href).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let css = r.text().await.unwrap();
    assert_eq!(
        css,
        app.text("/static/style.css", 200).await,
        "the old URL still works"
    );
    assert!(
        css.contains(".wide") && css.contains(".full"),
        "the former inline styles"
    );
    assert_eq!(
        app.get("/static/style.0123456789abcdef.css").await.status(),
        404
    );
    app.stop().await;
}

async fn metrics_series(app: &TestApp) {
    // The shared harness sets no token: the path does not exist.
    assert_eq!(app.get("/metrics").await.status(), 404);
    let token = "scrape-me";
    let m = std::sync::Arc::new(web::metrics::Metrics::new(Some(token.into())));
    let mut state = app.state.clone();
    state.metrics = m;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = web::routes::router(state, &web::http::Limits::default(), axum::Router::new());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(web::server::serve(
        listener,
        router,
        Duration::from_secs(10),
        async {
            stopped.await.ok();
        },
    ));
    let url = |p: &str| format!("http://{address}{p}");
    let get = |p: &'static str, auth: Option<&'static str>| {
        let mut r = app.client.get(url(p));
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.send()
    };
    assert_eq!(get("/metrics", None).await.unwrap().status(), 401);
    assert_eq!(
        get("/metrics", Some("Bearer wrong"))
            .await
            .unwrap()
            .status(),
        401
    );
    let slug = "fluidstack-10bn-ai-supercomputer-france";
    let page = app
        .client
        .get(url(&format!("/pledges/{slug}?q=secret")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(get("/no-such-page", None).await.unwrap().status(), 404);
    let r = get("/metrics", Some("Bearer scrape-me")).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("openmetrics-text")
    );
    let body = r.text().await.unwrap();
    for series in [
        "pledgewatch_http_requests_total{method=\"GET\",route=\"/pledges/{slug}\",status=\"200\"} 1",
        "pledgewatch_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
        "pledgewatch_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"401\"} 2",
        "pledgewatch_http_request_duration_seconds_bucket{le=\"0.001\",method=\"GET\",route=\"/pledges/{slug}\",status=\"200\"}",
        "pledgewatch_outbox_messages{state=\"pending\"} 0",
        "pledgewatch_outbox_dead_messages 0",
        "pledgewatch_digest_runs_paused 0",
        "pledgewatch_read_model_lag_entries 0",
        "pledgewatch_metrics_database_ok 1",
    ] {
        assert!(body.contains(series), "missing {series} in:\n{body}");
    }
    assert!(
        !body.contains("secret") && !body.contains(slug),
        "no paths or queries"
    );
    eprintln!("/metrics: {} lines", body.lines().count());
    stop.send(()).ok();
    server.await.unwrap().unwrap();
}

both_apps!(metrics_need_the_token_and_show_the_series, metrics_series);

#[tokio::test]
async fn the_access_log_has_the_request_id_and_route_and_never_the_query() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}?mode=rwc", dir.path().join("log.db").display());
    let mut child = tokio::process::Command::new(crate::CLI)
        .arg("serve")
        .env("DATABASE_URL", &db)
        .env("PLEDGEWATCH_BIND", "127.0.0.1:0")
        .env("PLEDGEWATCH_MAIL_DIR", dir.path().join("mail"))
        .env("PLEDGEWATCH_LOG", "info")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let address = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(at) = line.find("serving on http://") {
                return line[at + "serving on http://".len()..].trim().to_owned();
            }
        }
        panic!("the server stopped before serving");
    })
    .await
    .expect("serving within a minute");
    let client = reqwest::Client::new();
    let token = "7.SECRET-TOKEN-VALUE";
    let r = client
        .get(format!(
            "http://{address}/subscriptions/manage?token={token}"
        ))
        .header("x-request-id", "req-from-proxy-42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "req-from-proxy-42", "echoed");
    let r = client
        .get(format!("http://{address}/pledges?q=private-search"))
        .send()
        .await
        .unwrap();
    let made = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(made.len(), 36, "a UUID: {made}");
    let mut log = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(3), async {
        while let Ok(Some(line)) = lines.next_line().await {
            let done = line.contains(&made);
            log.push(line);
            if done {
                break;
            }
        }
    })
    .await;
    child.kill().await.ok();
    let strip = |l: &str| {
        // Drop colour codes, if the logger wrote any.
        let mut out = String::new();
        let mut chars = l.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                chars.by_ref().find(|c| *c == 'm');
            } else {
                out.push(c);
            }
        }
        out
    };
    let log: Vec<String> = log.iter().map(|l| strip(l)).collect();
    for l in &log {
        eprintln!("log: {l}");
    }
    let manage = log
        .iter()
        .find(|l| l.contains("req-from-proxy-42"))
        .expect("a log line for the manage request");
    assert!(
        manage.contains("route=\"/subscriptions/manage\""),
        "{manage}"
    );
    assert!(
        manage.contains("status=400") || manage.contains("status=200"),
        "{manage}"
    );
    let list = log
        .iter()
        .find(|l| l.contains(&made))
        .expect("the list's line");
    assert!(
        list.contains("route=\"/pledges\"") && list.contains("status=200"),
        "{list}"
    );
    for l in &log {
        assert!(
            !l.contains("SECRET-TOKEN") && !l.contains("private-search"),
            "{l}"
        );
    }
}
