//! The app with real mail: an SMTP sink its mail goes to and a delivery worker the test
//! drains, with what the mail tests ask of them (an inbox, a digest run, a subscription,
//! the links in a message), shared by the subscription and contribution tests.

use crate::smtp::{Mode, Received, SmtpSink};
use crate::{Backend, Browser, TestApp};
use domain::{EmailAddress, Frequency, Role};
use persistence::subscriptions::StoredSubscription;
use web::mail::{Worker, digests};

/// The app, the SMTP server its mail goes to, and a worker the test drains.
pub struct Post {
    pub app: TestApp,
    pub sink: SmtpSink,
    pub worker: Worker,
}

impl Post {
    pub async fn open(backend: Backend) -> Option<Self> {
        let sink = SmtpSink::start(Mode::Accept).await;
        let mail = TestApp::smtp_settings(&sink);
        let app = TestApp::spawn_with_mail(backend, mail.clone()).await?;
        let worker = Worker::new(app.test_db.db.clone(), mail);
        Some(Self { app, sink, worker })
    }

    /// Sends everything due and returns every message `to` has received so far.
    pub async fn inbox(&self, to: &str) -> Vec<Received> {
        self.worker.drain().await.expect("the worker drains");
        let address = format!("<{to}>");
        self.sink
            .received()
            .into_iter()
            .filter(|m| m.rcpt_to.contains(&address))
            .collect()
    }

    /// Runs the digests of `frequency` over the catalog as stored now.
    pub async fn run_digest(&self, frequency: Frequency) -> digests::RunReport {
        let db = &self.app.test_db.db;
        let catalog = web::readmodel::load_catalog(db).await.expect("catalog");
        digests::run(
            db,
            &self.app.state.mail,
            &catalog,
            frequency,
            50,
            &mut |_, _| {},
        )
        .await
        .expect("the digest run")
    }

    /// The one subscription of `email`.
    pub async fn subscription(&self, email: &str) -> StoredSubscription {
        let email = EmailAddress::parse("email", email).unwrap();
        let data = self.app.test_db.db.subscriber_data(&email).await.unwrap();
        assert_eq!(data.subscriptions.len(), 1, "{email} has one subscription");
        data.subscriptions.into_iter().next().unwrap()
    }

    /// Follows the confirmation link in a mail's `text` as a person does: the link opens
    /// a page with a button, which `browser` presses (posting to `action`); the answer
    /// must be a 200 that `says` so. Returns the token, which works once.
    pub async fn confirm(&self, browser: &Browser, text: &str, action: &str, says: &str) -> String {
        let url = link(text, "/subscriptions/confirm?token=");
        let page = self.app.text(&url, 200).await;
        let token = crate::hidden(&page, "token").expect("the page carries the token to post");
        let answer = browser.post(action, &[("token", &token)]).await;
        assert_eq!(answer.status(), 200);
        let body = answer.text().await.unwrap();
        assert!(body.contains(says), "{body}");
        token
    }

    /// The rows of `table`.
    pub async fn count(&self, table: &str) -> i64 {
        persistence::diagnostics::row_counts(&self.app.test_db.db)
            .await
            .expect("counts")[table]
    }

    /// A browser logged in as a new editor.
    pub async fn editor(&self) -> Browser {
        let password = self.app.add_user("ed@example.org", Role::Editor).await;
        let editor = self.app.browser();
        assert_eq!(
            editor.login("ed@example.org", &password).await.status(),
            303
        );
        editor
    }
}

/// The path and query of the first link to `path` in a text.
pub fn link(text: &str, path: &str) -> String {
    let start = text
        .find(path)
        .unwrap_or_else(|| panic!("no {path} link in:\n{text}"));
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '"' || c == '<')
        .unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// Declares one test per backend for `async fn name(post: Post)`, given the app with real
/// mail on SQLite, and on PostgreSQL when there is one: `on_both!(name)`.
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let post = $crate::post::Post::open($crate::Backend::Sqlite).await;
                super::$name(post.expect("sqlite")).await;
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(post) = $crate::post::Post::open($crate::Backend::Postgres).await {
                    super::$name(post).await;
                }
            }
        }
    };
}
