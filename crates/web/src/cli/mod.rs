//! The `pledgewatch` command line: serve the tracker (the default), migrate, seed, manage
//! accounts, import, deliver mail, run digests, check and export the change log, generate
//! benchmark data.

mod changes;
mod digest;

pub use digest::{DigestCommand, digest};

use crate::config::Settings;
use crate::startup::Access;
use crate::{App, startup};
use clap::{Parser, Subcommand};
use persistence::Db;
use tracing_subscriber::EnvFilter;

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

#[derive(Subcommand)]
enum UserAction {
    /// Create an account. Without --password-stdin a password is generated and printed once.
    Add {
        email: String,
        #[arg(long, value_parser = ["editor", "admin"])]
        role: String,
        /// The name shown beside the follow-ups this person records.
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable an account and end its sessions.
    Disable { email: String },
    /// Enable a disabled account again.
    Enable { email: String },
    /// List accounts.
    List,
}

async fn user_command(db: &Db, action: UserAction) -> anyhow::Result<()> {
    use domain::{EmailAddress, Role, Title, User};
    match action {
        UserAction::Add {
            email,
            role,
            name,
            password_stdin,
        } => {
            let email = EmailAddress::parse("email", &email)?;
            let role = Role::parse(&role)?;
            let name = Title::parse(
                "name",
                name.as_deref()
                    .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or("editor")),
            )?;
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (crate::auth::random_token()[..24].to_owned(), true)
            };
            let chars = password.chars().count();
            if !(crate::auth::MIN_PASSWORD_CHARS..=crate::auth::MAX_PASSWORD_CHARS).contains(&chars)
            {
                anyhow::bail!(
                    "password: use {} to {} characters",
                    crate::auth::MIN_PASSWORD_CHARS,
                    crate::auth::MAX_PASSWORD_CHARS
                );
            }
            let password_hash = crate::auth::hash_password(password.clone())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let user = User {
                email: email.clone(),
                name,
                role,
                password_hash,
                disabled: false,
            };
            db.insert_user(&user, chrono::Utc::now()).await?;
            db.audit(
                persistence::auth::Audit {
                    actor: None,
                    action: "user_added",
                    target: email.as_str(),
                    detail: role.code(),
                    address: Some("cli"),
                },
                chrono::Utc::now(),
            )
            .await?;
            println!("added {email} as {}", role.label());
            if generated {
                println!("password (shown once): {password}");
            }
        }
        UserAction::Disable { email } => {
            let email = EmailAddress::parse("email", &email)?;
            db.set_user_disabled(&email, true).await?;
            db.audit(
                persistence::auth::Audit {
                    actor: None,
                    action: "user_disabled",
                    target: email.as_str(),
                    detail: "",
                    address: Some("cli"),
                },
                chrono::Utc::now(),
            )
            .await?;
            println!("disabled {email}; its sessions are ended");
        }
        UserAction::Enable { email } => {
            let email = EmailAddress::parse("email", &email)?;
            db.set_user_disabled(&email, false).await?;
            db.audit(
                persistence::auth::Audit {
                    actor: None,
                    action: "user_enabled",
                    target: email.as_str(),
                    detail: "",
                    address: Some("cli"),
                },
                chrono::Utc::now(),
            )
            .await?;
            println!("enabled {email}");
        }
        UserAction::List => {
            for u in db.users().await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    u.email,
                    u.role.code(),
                    if u.disabled { "disabled" } else { "active" },
                    u.name
                );
            }
        }
    }
    Ok(())
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

/// Parses the arguments and runs the command.
#[tokio::main]
pub async fn main() -> anyhow::Result<()> {
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
            match crate::import::run(&db, &text, by, dry_run).await {
                Ok(report) => {
                    for line in crate::import::describe(&report, dry_run) {
                        println!("{line}");
                    }
                }
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{}:{}: {}: {}", file.display(), p.line, p.field, p.message);
                    }
                    anyhow::bail!("{} problem(s); nothing was imported", problems.len());
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
