//! The pledgewatch web application: settings, startup, routes, and the server that the
//! binary and the tests both run.

pub mod config;
pub mod error;
pub mod routes;
pub mod startup;
pub mod state;
pub mod templates;

use config::Settings;
use persistence::Db;
use state::AppState;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// A running server's address and the state it serves.
pub struct App {
    pub listener: TcpListener,
    pub state: AppState,
}

impl App {
    /// Connects, migrates, seeds an empty database (if asked) and binds the listener.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let db = Db::connect(&settings.database_url).await?;
        startup::prepare(&db, settings.seed_on_start).await?;
        let templates =
            templates::load(std::env::var("PLEDGEWATCH_TEMPLATES_DIR").ok().as_deref())?;
        let listener = TcpListener::bind(settings.bind).await?;
        Ok(Self {
            listener,
            state: AppState {
                db,
                templates: Arc::new(templates),
            },
        })
    }

    pub fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }

    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let router = routes::router(self.state);
        axum::serve(self.listener, router)
            .with_graceful_shutdown(shutdown)
            .await?;
        Ok(())
    }
}
