//! The pledgewatch application around the domain: settings, the composition root, the
//! HTTP server with its routes, views and read model, the command line, the web side of
//! mail (the digest run loop) and of evidence health. The binary and the tests both run
//! `App` (see ARCHITECTURE.md for the crates and what each owns).

pub mod auth;
pub mod cli;
pub mod config;
pub mod csv_format;
pub mod dto;
pub mod error;
pub mod http;
pub mod import;
pub mod link_clock;
pub mod links;
pub mod locale;
pub mod mail;
pub mod metrics;
pub mod ops;
pub mod page;
pub mod query;
pub mod readmodel;
pub mod root;
pub mod routes;
pub mod server;
pub mod startup;
pub mod state;
#[cfg(feature = "bench")]
pub mod synthetic;
pub mod templates;
pub mod views;

use config::Settings;
use readmodel::ReadModel;
use state::AppState;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// How often the server looks at the change log's head for other writers' entries.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// A running server's address and the state it serves.
pub struct App {
    pub listener: TcpListener,
    pub state: AppState,
    mail_settings: mail::MailSettings,
    /// Timeouts of connections and requests; tests shorten them before `run_until`.
    pub limits: http::Limits,
    /// Routes served beside the app's, under the same layers (tests add a failing one).
    pub extra_routes: axum::Router<AppState>,
    ops: config::OpsSettings,
    links: config::LinkSettings,
}

impl App {
    /// Connects, migrates, seeds an empty database (if asked) and binds the listener; in
    /// read-only mode it only checks that the database lacks no migration.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let db = root::database(settings, "serve", root::Access::Read).await?;
        if !settings.read_only {
            startup::seed_if_empty(&db, settings.seed_on_start).await?;
            ops::bootstrap::ensure_admin(&db, &settings.ops).await?;
        }
        let templates = root::templates(settings)?;
        templates::register_for_errors(Arc::clone(&templates));
        templates::set_source_url(&settings.source_url);
        let model = Arc::new(ReadModel::load(db.clone()).await?);
        if settings.read_only {
            model.keep_in_memory_only();
        }
        model.spawn_follower(POLL_EVERY);
        let listener = TcpListener::bind(settings.bind).await?;
        let public_url = root::public_url(settings, listener.local_addr()?);
        if matches!(
            settings.mail.destination,
            mail::settings::Destination::Smtp(_)
        ) && !public_url.starts_with("https://")
        {
            // RFC 8058 one-click unsubscribe needs an HTTPS link; mail providers ignore others.
            tracing::warn!(
                public_url,
                "mail goes out over SMTP but PLEDGEWATCH_PUBLIC_URL is not https://; unsubscribe links will not count as one-click"
            );
        }
        let mail = Arc::new(
            root::mailroom(&db, Arc::clone(&templates), &settings.mail, &public_url).await?,
        );
        Ok(Self {
            listener,
            state: AppState {
                db,
                templates,
                model,
                public_url: public_url.into(),
                trusted_proxies: settings.trusted_proxies.clone().into(),
                mail,
                read_only: settings.read_only,
                metrics: Arc::new(metrics::Metrics::new(settings.metrics_token.clone())),
                link_clock: Arc::default(),
            },
            mail_settings: settings.mail.clone(),
            limits: http::Limits::default(),
            extra_routes: axum::Router::new(),
            ops: settings.ops.clone(),
            links: settings.links.clone(),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }

    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop_worker, worker_stopped) = tokio::sync::oneshot::channel::<()>();
        // A read-only tracker sends nothing: delivering mail records every outcome.
        let deliver = self.mail_settings.worker_in_serve && !self.state.read_only;
        let worker = deliver.then(|| {
            let worker = mail::Worker::new(self.state.db.clone(), self.mail_settings.clone());
            tokio::spawn(worker.run(async {
                worker_stopped.await.ok();
            }))
        });
        // A read-only tracker deletes nothing either.
        let pruner = if self.state.read_only {
            None
        } else {
            ops::prune::spawn(self.state.db.clone(), self.ops.clone())
        };
        // Checking records what each address answered: not in a read-only tracker.
        let link_checker = if self.state.read_only {
            None
        } else {
            links::spawn(
                self.state.db.clone(),
                self.links.clone(),
                self.state.public_url.to_string(),
            )
        };
        let router = routes::router(self.state, &self.limits, self.extra_routes);
        server::serve(self.listener, router, self.limits.header_read, shutdown).await?;
        if let Some(pruner) = pruner {
            pruner.abort();
        }
        if let Some(checker) = link_checker {
            checker.abort();
        }
        stop_worker.send(()).ok();
        if let Some(worker) = worker {
            worker.await.ok();
        }
        Ok(())
    }
}
