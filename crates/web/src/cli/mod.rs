//! The `pledgewatch` command line: serve the tracker (the default), migrate, seed, manage
//! accounts, import, deliver mail, run digests, check and export the change log, check
//! evidence links, generate benchmark data.

mod changes;
mod digest;
mod links;
mod user;

pub use digest::{DigestCommand, digest};

use crate::config::Settings;
use crate::startup::Access;
use crate::{App, startup};
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use user::{UserAction, user_command};

#[derive(Parser)]
#[command(
    name = "pledgewatch",
    version,
    about = "A tracker of public AI-policy commitments"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Every setting; global, so that each command's --help lists them.
    #[command(flatten)]
    settings: crate::config::SettingsArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (migrates, and seeds an empty database, first).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Load the built-in summit data; only what is missing is added.
    Seed,
    /// Manage editors' accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Create or update pledges from a CSV file in the export's format, all or nothing.
    Import {
        file: std::path::PathBuf,
        /// Show what would change and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Who the edits are recorded as.
        #[arg(long, default_value = "import")]
        author: String,
    },
    /// Deliver queued mail until stopped (run beside `serve`, or several on PostgreSQL).
    Worker,
    /// Digest runs: compose and send, resume a paused run, re-queue dead mail, or show the
    /// queue.
    Digest {
        #[command(subcommand)]
        action: DigestAction,
    },
    /// The public change log: verify its hash chain, or export it.
    Changes {
        #[command(subcommand)]
        action: changes::ChangesAction,
    },
    /// Evidence links: check every cited address and record what it answered.
    Links {
        #[command(subcommand)]
        action: links::LinksAction,
    },
    /// Delete what is no longer kept (expired sessions, old login attempts, unconfirmed
    /// subscriptions whose link expired, the bytes of mail sent long ago); `serve` does
    /// this on its own every PLEDGEWATCH_PRUNE_EVERY_SECS.
    Prune,
    /// Copy an SQLite database, while it serves, into FILE (which must not exist).
    Backup { file: std::path::PathBuf },
    /// Ask the server at PLEDGEWATCH_BIND for /healthz (or /readyz with --ready); exit 0
    /// when it answers 200, 1 otherwise (for a container's HEALTHCHECK).
    Healthcheck {
        /// Ask /readyz (the database reads and writes) rather than /healthz (the process serves).
        #[arg(long)]
        ready: bool,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 3)]
        timeout_secs: u64,
    },
    /// Fill an empty database with a synthetic tracker, for benchmarks.
    Generate {
        #[arg(long, default_value_t = 10_000)]
        pledges: usize,
        #[arg(long, default_value_t = 200_000)]
        follow_ups: usize,
        #[arg(long, default_value_t = 400)]
        actors: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum DigestAction {
    /// Compose the digests of every subscriber due (resuming an interrupted run), then
    /// deliver them unless --no-send.
    Run {
        #[arg(long, value_parser = ["daily", "weekly"], default_value = "weekly")]
        frequency: String,
        /// Compose and count, but write and send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Leave delivery to the workers.
        #[arg(long)]
        no_send: bool,
    },
    /// Let a run that paused (too many failures, or the server refusing everyone) send again.
    Resume { run: i32 },
    /// Put a run's dead messages back in the queue, with their stored bytes and Message-ID
    /// (digests of subscribers who left since are skipped).
    RetryDead { run: i32 },
    /// Queue depth and the latest runs.
    Status,
}

impl From<DigestAction> for DigestCommand {
    fn from(a: DigestAction) -> Self {
        match a {
            DigestAction::Run {
                frequency,
                dry_run,
                no_send,
            } => Self::Run {
                frequency,
                dry_run,
                send: !no_send,
            },
            DigestAction::Resume { run } => Self::Resume { run },
            DigestAction::RetryDead { run } => Self::RetryDead { run },
            DigestAction::Status => Self::Status,
        }
    }
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

/// Asks the server at `PLEDGEWATCH_BIND` whether it is alive (or ready), reading no other
/// setting (a probe must not fail on, say, an unreadable secret file the server read
/// once at start). Exits 1 on anything but 200.
async fn healthcheck(
    args: &crate::config::SettingsArgs,
    ready: bool,
    timeout_secs: u64,
) -> anyhow::Result<()> {
    let bind = crate::config::bind_from(args)?;
    let address = crate::ops::healthcheck::probe_address(bind);
    let path = if ready { "/readyz" } else { "/healthz" };
    let timeout = std::time::Duration::from_secs(timeout_secs.max(1));
    match crate::ops::healthcheck::probe(address, path, timeout).await {
        Ok((200, body)) => {
            println!("{path} 200 {body}");
            Ok(())
        }
        Ok((status, body)) => {
            eprintln!("{path} answered {status}: {body}");
            std::process::exit(1)
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1)
        }
    }
}

/// Parses the arguments and runs the command.
#[tokio::main]
pub async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(
        cli.settings
            .get("PLEDGEWATCH_LOG")
            .unwrap_or_else(|| "info".to_owned()),
    )
    .map_err(|e| anyhow::anyhow!("PLEDGEWATCH_LOG: {e}"))?;
    match crate::config::LogFormat::from_args(&cli.settings)? {
        crate::config::LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        crate::config::LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init(),
    }
    if let Some(Command::Healthcheck {
        ready,
        timeout_secs,
    }) = &cli.command
    {
        return healthcheck(&cli.settings, *ready, *timeout_secs).await;
    }
    let settings = Settings::from_args(&cli.settings)?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            tracing::info!(database = %settings.database_url_for_logs(), "starting");
            let app = App::build(&settings).await?;
            tracing::info!("serving on http://{}", app.local_addr()?);
            app.run_until(shutdown_signal()).await?;
        }
        Command::Migrate => {
            startup::open(&settings, "migrate", Access::Write).await?;
            println!("migrations applied to {}", settings.database_url_for_logs());
        }
        Command::Seed => {
            let db = startup::open(&settings, "seed", Access::Write).await?;
            let r = startup::seed_builtin(&db).await?;
            println!(
                "seeded: {} sources, {} events, {} actors, {} pledges, {} follow-ups, {} exchange rates added; {} records corrected",
                r.sources, r.events, r.actors, r.pledges, r.follow_ups, r.rates, r.corrected
            );
            for kept in &r.kept {
                println!("kept as editors left it (differs from the seed): {kept}");
            }
        }
        Command::Import {
            file,
            dry_run,
            author,
        } => {
            let db = startup::open(&settings, "import", Access::Write).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let by = persistence::Author {
                name: &author,
                account: None,
            };
            match crate::import::run(&db, &text, by, dry_run).await? {
                Ok(report) => {
                    for line in crate::import::describe(&report, dry_run) {
                        println!("{line}");
                    }
                }
                Err(problems) => {
                    for p in problems.iter() {
                        let line = p.line.unwrap_or(0);
                        eprintln!("{}:{line}: {}: {}", file.display(), p.field, p.message);
                    }
                    anyhow::bail!(
                        "{} problem(s); nothing was imported",
                        problems.iter().count()
                    );
                }
            }
        }
        Command::User { action } => {
            let access = match action {
                UserAction::List => Access::Read,
                _ => Access::Write,
            };
            let db = startup::open(&settings, "user", access).await?;
            user_command(&db, action).await?;
        }
        Command::Worker => {
            let db = startup::open(&settings, "worker", Access::Write).await?;
            tracing::info!(destination = ?settings.mail.destination, "delivering mail");
            crate::mail::Worker::new(db, settings.mail.clone())
                .run(shutdown_signal())
                .await;
        }
        Command::Digest { action } => {
            let access = match action {
                DigestAction::Status => Access::Read,
                _ => Access::Write,
            };
            let db = startup::open(&settings, "digest", access).await?;
            digest(&db, &settings, action.into()).await?;
        }
        Command::Changes { action } => {
            // Verifying and exporting only read.
            let db = startup::open(&settings, "changes", Access::Read).await?;
            changes::run(&db, action).await?;
        }
        Command::Links { action } => {
            let db = startup::open(&settings, "links", Access::Write).await?;
            links::run(&db, &settings, action).await?;
        }
        Command::Prune => {
            let db = startup::open(&settings, "prune", Access::Write).await?;
            let p = crate::ops::prune::prune_once(&db, &settings.ops).await?;
            println!(
                "pruned {} expired sessions, {} old login attempts, {} unconfirmed subscriptions, {} sent message bodies",
                p.sessions, p.login_attempts, p.unconfirmed_subscriptions, p.message_bodies
            );
        }
        Command::Backup { file } => {
            // Reading is enough: VACUUM INTO writes only the copy.
            let db = startup::open(&settings, "backup", Access::Read).await?;
            let bytes = crate::ops::backup::backup(&db, &file).await?;
            println!(
                "backed up {} to {} ({bytes} bytes)",
                db.target(),
                file.display()
            );
        }
        Command::Healthcheck { .. } => unreachable!("answered before the settings are read"),
        Command::Generate {
            pledges,
            follow_ups,
            actors,
            seed,
        } => {
            let db = startup::open(&settings, "generate", Access::Write).await?;
            if !persistence::seed::is_empty(&db).await? {
                anyhow::bail!(
                    "generate needs an empty database; {} already holds pledges",
                    settings.database_url_for_logs()
                );
            }
            let started = std::time::Instant::now();
            let data = crate::synthetic::generate(&crate::synthetic::Spec {
                pledges,
                follow_ups,
                actors,
                seed,
            })?;
            let history: usize = data.pledges.iter().map(|p| p.history.len()).sum();
            persistence::bulk::load(
                &db,
                &data.sources,
                &data.actors,
                &data.events,
                &data.pledges,
                chrono::Utc::now(),
            )
            .await?;
            // The rate table, so that totals convert.
            let rates = persistence::seed::parse(&persistence::seed::SeedFiles::builtin())?;
            let only_rates = persistence::seed::SeedData {
                sources: rates
                    .sources
                    .into_iter()
                    .filter(|s| s.slug.as_str() == persistence::rates::ECB_SOURCE_SLUG)
                    .collect(),
                events: vec![],
                actors: vec![],
                pledges: vec![],
                follow_ups: vec![],
                rates: rates.rates,
            };
            persistence::seed::load(&db, &only_rates, chrono::Utc::now()).await?;
            println!(
                "generated {} pledges, {history} follow-ups, {} actors in {:.1} s",
                data.pledges.len(),
                data.actors.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}
