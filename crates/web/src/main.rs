//! The `pledgewatch` command: serve the tracker (the default), migrate, or seed.

use clap::{Parser, Subcommand};
use persistence::Db;
use tracing_subscriber::EnvFilter;
use web::config::Settings;
use web::{App, startup};

#[derive(Parser)]
#[command(
    name = "pledgewatch",
    version,
    about = "A tracker of public AI-policy commitments"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (migrates, and seeds an empty database, first).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Load the built-in summit data; only what is missing is added.
    Seed,
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("PLEDGEWATCH_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    let settings = Settings::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            tracing::info!(database = %settings.database_url_for_logs(), "starting");
            let app = App::build(&settings).await?;
            tracing::info!("serving on http://{}", app.local_addr()?);
            app.run_until(shutdown_signal()).await?;
        }
        Command::Migrate => {
            let db = Db::connect(&settings.database_url).await?;
            startup::migrate(&db).await?;
            println!("migrations applied to {}", settings.database_url_for_logs());
        }
        Command::Seed => {
            let db = Db::connect(&settings.database_url).await?;
            startup::migrate(&db).await?;
            let r = startup::seed_builtin(&db).await?;
            println!(
                "seeded: {} sources, {} events, {} actors, {} pledges, {} exchange rates added",
                r.sources, r.events, r.actors, r.pledges, r.rates
            );
        }
    }
    Ok(())
}
