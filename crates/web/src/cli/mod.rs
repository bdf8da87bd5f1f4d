//! The `pledgewatch` command line: serve the tracker (the default), migrate, seed, manage
//! accounts, import, deliver mail, run digests, check and export the change log, check
//! evidence links, and (built with `--features bench`) generate benchmark data. The
//! database each command needs is opened in one place, from what the command does with it.

mod changes;
mod digest;
#[cfg(feature = "bench")]
mod generate;
mod links;
mod user;

pub use digest::{DigestCommand, digest};

use crate::App;
use crate::config::Settings;
use crate::startup::{self, Access};
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
    /// Fill an empty database with a synthetic tracker, for benchmarks (built with
    /// `--features bench` only).
    #[cfg(feature = "bench")]
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

impl Command {
    /// The name a command's messages give it and what it does with the database, or None
    /// for the two that open none themselves here (`serve` builds its own parts).
    fn database_use(&self) -> Option<(&'static str, Access)> {
        Some(match self {
            Command::Serve | Command::Healthcheck { .. } => return None,
            Command::Migrate => ("migrate", Access::Write),
            Command::Seed => ("seed", Access::Write),
            Command::User { action } => match action {
                UserAction::List => ("user", Access::Read),
                _ => ("user", Access::Write),
            },
            Command::Import { .. } => ("import", Access::Write),
            Command::Worker => ("worker", Access::Write),
            Command::Digest { action } => match action {
                DigestAction::Status => ("digest", Access::Read),
                _ => ("digest", Access::Write),
            },
            // Verifying and exporting only read.
            Command::Changes { .. } => ("changes", Access::Read),
            Command::Links { .. } => ("links", Access::Write),
            Command::Prune => ("prune", Access::Write),
            // Reading is enough: VACUUM INTO writes only the copy.
            Command::Backup { .. } => ("backup", Access::Read),
            #[cfg(feature = "bench")]
            Command::Generate { .. } => ("generate", Access::Write),
        })
    }
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
    let command = cli.command.unwrap_or(Command::Serve);
    let Some((name, access)) = command.database_use() else {
        tracing::info!(database = %settings.database_url_for_logs(), "starting");
        let app = App::build(&settings).await?;
        tracing::info!("serving on http://{}", app.local_addr()?);
        app.run_until(shutdown_signal()).await?;
        return Ok(());
    };
    let db = crate::root::database(&settings, name, access).await?;
    match command {
        Command::Serve | Command::Healthcheck { .. } => {
            unreachable!("serve builds its own parts; healthcheck reads no database")
        }
        Command::Migrate => {
            println!("migrations applied to {}", settings.database_url_for_logs());
        }
        Command::Seed => {
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
            user_command(&db, action).await?;
        }
        Command::Worker => {
            tracing::info!(destination = ?settings.mail.destination, "delivering mail");
            crate::root::worker(&db, &settings)
                .run(shutdown_signal())
                .await;
        }
        Command::Digest { action } => {
            digest(&db, &settings, action.into()).await?;
        }
        Command::Changes { action } => {
            changes::run(&db, action).await?;
        }
        Command::Links { action } => {
            links::run(&db, &settings, action).await?;
        }
        Command::Prune => {
            let p = crate::ops::prune::prune_once(&db, &settings.ops).await?;
            println!(
                "pruned {} expired sessions, {} old login attempts, {} unconfirmed subscriptions, {} sent message bodies",
                p.sessions, p.login_attempts, p.unconfirmed_subscriptions, p.message_bodies
            );
        }
        Command::Backup { file } => {
            let bytes = crate::ops::backup::backup(&db, &file).await?;
            println!(
                "backed up {} to {} ({bytes} bytes)",
                db.target(),
                file.display()
            );
        }
        #[cfg(feature = "bench")]
        Command::Generate {
            pledges,
            follow_ups,
            actors,
            seed,
        } => {
            let spec = crate::synthetic::Spec {
                pledges,
                follow_ups,
                actors,
                seed,
            };
            generate::generate(&db, &settings, &spec).await?;
        }
    }
    Ok(())
}
