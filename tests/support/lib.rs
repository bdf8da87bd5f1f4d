//! The integration-test harness: a fresh real database per test (an SQLite file in a
//! temporary folder, or a new PostgreSQL database), and the real app served on a random
//! port against it.

pub mod editor;
pub mod fixtures;
pub mod forms;
pub mod french;
pub mod mime;
pub mod pg_cluster;
pub mod post;
pub mod processes;
pub mod site;
pub mod smtp;
pub mod smtp_baseline;
pub mod tls;
pub mod webdriver;

use persistence::Db;
use std::net::SocketAddr;
use tempfile::TempDir;
use tokio::sync::oneshot;
use web::App;
use web::config::Settings;

/// How long tests' database calls wait for a connection: the served default.
pub const DB_TIMEOUT: std::time::Duration = web::config::DEFAULT_DB_TIMEOUT;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server to create test databases on; CI runs one on 127.0.0.1:5432.
pub fn postgres_admin_url() -> String {
    std::env::var("PLEDGEWATCH_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A database that exists for one test.
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    pub db: Db,
    _dir: Option<TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    /// A fresh, migrated database. Returns None only when PostgreSQL is unreachable outside
    /// CI (the test then reports itself skipped); in CI that is a failure.
    pub async fn new(backend: Backend) -> Option<Self> {
        let t = Self::empty(backend).await?;
        t.db.migrate().await.expect("migrations apply");
        Some(t)
    }

    /// A fresh database with no tables.
    pub async fn empty(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                let db = Db::connect(&url, DB_TIMEOUT).await.expect("sqlite opens");
                Some(Self {
                    backend,
                    url,
                    db,
                    _dir: Some(dir),
                    pg_name: None,
                })
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let admin = match Db::connect(&admin_url, DB_TIMEOUT).await {
                    Ok(db) => db,
                    Err(e) if !in_ci() => {
                        eprintln!(
                            "skipped: PostgreSQL unreachable at {admin_url} ({e}); CI=true makes this a failure"
                        );
                        return None;
                    }
                    Err(e) => {
                        panic!("PostgreSQL is required in CI but unreachable at {admin_url}: {e}")
                    }
                };
                let name = format!("pw_test_{}", uuid::Uuid::new_v4().simple());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(b, _)| b);
                let url = format!("{base}/{name}");
                let db = Db::connect(&url, DB_TIMEOUT)
                    .await
                    .expect("test database opens");
                Some(Self {
                    backend,
                    url,
                    db,
                    _dir: None,
                    pg_name: Some(name),
                })
            }
        }
    }

    /// Drops a PostgreSQL test database (SQLite's folder goes with the value).
    pub async fn teardown(self) {
        let Self { db, pg_name, .. } = self;
        db.close().await.ok();
        if let Some(name) = pg_name
            && let Ok(admin) = Db::connect(&postgres_admin_url(), DB_TIMEOUT).await
        {
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .ok();
            admin.close().await.ok();
        }
    }
}

/// The settings tests serve with: this database, a random local port, seeding on start.
fn settings(database_url: &str, mail: web::mail::MailSettings) -> Settings {
    Settings {
        database_url: database_url.to_owned(),
        // Port 0: the OS picks a free port, so tests run side by side.
        bind: "127.0.0.1:0".parse().expect("address"),
        seed_on_start: true,
        public_url: None,
        trusted_proxies: vec![],
        mail,
        db_timeout: DB_TIMEOUT,
        read_only: false,
        metrics_token: None,
        ops: web::config::OpsSettings::default(),
        templates_dir: None,
        source_url: web::config::DEFAULT_SOURCE_URL.into(),
        links: web::config::LinkSettings::default(),
    }
}

/// A second instance of the app serving the same database as a [`TestApp`], as a second
/// server behind a load balancer would; stopped when dropped.
pub struct SecondInstance {
    pub address: SocketAddr,
    _shutdown: oneshot::Sender<()>,
}

impl SecondInstance {
    /// A browser-like client of this instance whose connections come from `from` (any
    /// address in 127.0.0.0/8), so per-address limits see it as that client.
    pub fn browser_from(&self, from: std::net::IpAddr) -> Browser {
        browser_from(format!("http://{}", self.address), from)
    }
}

fn browser_from(base: String, from: std::net::IpAddr) -> Browser {
    Browser {
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .local_address(from)
            .build()
            .expect("client"),
        base,
    }
}

/// The real application served on a random local port.
pub struct TestApp {
    pub address: SocketAddr,
    pub state: web::state::AppState,
    pub client: reqwest::Client,
    pub test_db: TestDb,
    shutdown: Option<oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl TestApp {
    /// Serves the app on a fresh database, migrated and seeded as on a first start. Mail
    /// goes to a temporary folder and no worker runs: tests drain the queue themselves.
    pub async fn spawn(backend: Backend) -> Option<Self> {
        let mut mail = web::mail::MailSettings::to_folder(
            std::env::temp_dir().join(format!("pw-mail-{}", uuid::Uuid::new_v4().simple())),
        );
        mail.worker_in_serve = false;
        Self::spawn_with_mail(backend, mail).await
    }

    /// Mail settings that deliver to `sink` over SMTP, with retries a test can wait out.
    pub fn smtp_settings(sink: &smtp::SmtpSink) -> web::mail::MailSettings {
        let mut mail = web::mail::MailSettings::to_folder("unused");
        mail.destination = web::mail::settings::Destination::Smtp(
            web::mail::settings::SmtpServer::parse(&sink.url()).expect("sink url"),
        );
        mail.worker_in_serve = false;
        mail.retry_base = chrono::Duration::milliseconds(50);
        mail.idle_wait = std::time::Duration::from_millis(50);
        mail
    }

    /// Serves the app with these mail settings.
    pub async fn spawn_with_mail(backend: Backend, mail: web::mail::MailSettings) -> Option<Self> {
        Self::spawn_configured(backend, mail, |_| {}, |_| {}).await
    }

    /// Serves the app after `settings` and then the built `app` (its limits, extra routes)
    /// were adjusted.
    pub async fn spawn_configured(
        backend: Backend,
        mail: web::mail::MailSettings,
        settings_with: impl FnOnce(&mut Settings),
        app_with: impl FnOnce(&mut App),
    ) -> Option<Self> {
        let test_db = TestDb::empty(backend).await?;
        let mut settings = settings(&test_db.url, mail);
        settings_with(&mut settings);
        let mut app = App::build(&settings).await.expect("app builds");
        app_with(&mut app);
        let address = app.local_addr().expect("bound");
        let state = app.state.clone();
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until(async {
            rx.await.ok();
        }));
        Some(Self {
            address,
            state,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            test_db,
            shutdown: Some(tx),
            server,
        })
    }

    /// Brings the read model up to the change log now, as a write through the app does
    /// (a test that wrote through `Db` directly would otherwise wait for the next poll).
    pub async fn refresh(&self) {
        self.state
            .model
            .catch_up()
            .await
            .expect("read model follows the log");
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            tx.send(()).ok();
        }
        self.server.await.expect("server task").expect("server ran");
        self.test_db.teardown().await;
    }
}

/// Declares one test per backend from one body: `both_backends!(name, body)` where
/// `async fn body(t: &TestDb)` receives a fresh migrated database.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let t = $crate::TestDb::new($crate::Backend::Sqlite)
                    .await
                    .expect("sqlite");
                ($body)(&t).await;
                t.teardown().await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(t) = $crate::TestDb::new($crate::Backend::Postgres).await else {
                    return;
                };
                ($body)(&t).await;
                t.teardown().await;
            }
        }
    };
}

/// Declares one test per backend that serves the real app: `both_apps!(name, body)` where
/// `async fn body(app: &TestApp)` gets a running, seeded server.
#[macro_export]
macro_rules! both_apps {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let app = $crate::TestApp::spawn($crate::Backend::Sqlite)
                    .await
                    .expect("sqlite");
                ($body)(&app).await;
                app.stop().await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(app) = $crate::TestApp::spawn($crate::Backend::Postgres).await else {
                    return;
                };
                ($body)(&app).await;
                app.stop().await;
            }
        }
    };
}

impl TestApp {
    /// GET a path, asserting the status; returns the body.
    pub async fn text(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.text().await.expect("body")
    }

    pub async fn json(&self, path: &str, status: u16) -> serde_json::Value {
        let body = self.text(path, status).await;
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }
}

/// A browser-like client of a test app: keeps cookies, follows no redirects.
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

impl TestApp {
    /// Creates an account directly in the store and returns its password.
    pub async fn add_user(&self, email: &str, role: domain::Role) -> String {
        let password = format!("pw-{}", uuid::Uuid::new_v4().simple());
        let hash = web::auth::hash_password(password.clone())
            .await
            .expect("hash");
        let user = domain::User {
            email: domain::EmailAddress::parse("email", email).expect("email"),
            name: domain::Title::parse("name", &format!("{email} <b>name</b>")).expect("name"),
            role,
            password_hash: hash,
            disabled: false,
        };
        self.test_db
            .db
            .insert_user(&user, chrono::Utc::now())
            .await
            .expect("user");
        password
    }

    /// Serves the same database from a second instance with these mail settings.
    pub async fn second_instance(&self, mail: web::mail::MailSettings) -> SecondInstance {
        let app = App::build(&settings(&self.test_db.url, mail))
            .await
            .expect("second instance builds");
        let address = app.local_addr().expect("bound");
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            rx.await.ok();
        }));
        SecondInstance {
            address,
            _shutdown: tx,
        }
    }

    /// A browser whose connections come from `from` (any address in 127.0.0.0/8).
    pub fn browser_from(&self, from: std::net::IpAddr) -> Browser {
        browser_from(format!("http://{}", self.address), from)
    }

    pub fn browser(&self) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: format!("http://{}", self.address),
        }
    }

    pub async fn follow_up_count(&self) -> i64 {
        persistence::diagnostics::row_counts(&self.test_db.db)
            .await
            .expect("counts")["follow_ups"]
    }
}

/// The value of a hidden input in a page.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

impl Browser {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Logs in through the form; returns the response to the POST.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        let page = self.get("/login").await.text().await.expect("login page");
        let csrf = hidden(&page, "csrf").expect("login form has a CSRF token");
        self.post(
            "/login",
            &[
                ("email", email),
                ("password", password),
                ("csrf", &csrf),
                ("next", "/"),
            ],
        )
        .await
    }

    /// Opens the follow-up form of a pledge and returns (csrf, submission key).
    pub async fn follow_up_form(&self, pledge: &str) -> (String, String) {
        let page = self
            .get(&format!("/pledges/{pledge}/follow-up"))
            .await
            .text()
            .await
            .expect("form");
        (
            hidden(&page, "csrf").expect("csrf"),
            hidden(&page, "submission_key").expect("key"),
        )
    }
}
