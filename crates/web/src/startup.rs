//! Bringing a database to a servable state: open it with the configured timeout, refuse a
//! read-only one unless reads only were asked for (then check that nothing is left to
//! migrate, and change nothing), migrate, then seed the summit data if it holds no pledge.

use crate::config::Settings;
use chrono::Utc;
use persistence::Db;
use persistence::fault::Ability;
use persistence::seed::{self, SeedFiles, SeedReport};

/// What a command does with the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Connects for `command` (named in messages) and makes the database ready for it. With
/// `PLEDGEWATCH_READ_ONLY=true` a writing command is refused, and a reading one runs only
/// on a database that lacks no migration; otherwise a database that refuses writes is
/// refused with the fix, and pending migrations are applied.
pub async fn open(settings: &Settings, command: &str, access: Access) -> anyhow::Result<Db> {
    if settings.read_only && access == Access::Write {
        anyhow::bail!(
            "the tracker is read-only (PLEDGEWATCH_READ_ONLY=true): `pledgewatch {command}` writes to the database, so it is refused"
        );
    }
    let db = Db::connect(&settings.database_url, settings.db_timeout).await?;
    if settings.read_only {
        let pending = db.pending_migrations().await?;
        if !pending.is_empty() {
            anyhow::bail!(
                "{} lacks {} migration(s) ({}), and PLEDGEWATCH_READ_ONLY=true forbids applying them: run `pledgewatch migrate` on a writable copy first",
                db.target(),
                pending.len(),
                pending.join(", ")
            );
        }
        tracing::info!(database = db.target(), "read-only: nothing will be written");
        return Ok(db);
    }
    ensure_writable(&db, settings).await?;
    migrate(&db).await?;
    Ok(db)
}

/// Refuses, naming the database and the fix, one that answers reads but refuses writes;
/// one that is merely busy is let through (its writes wait their turn).
async fn ensure_writable(db: &Db, settings: &Settings) -> anyhow::Result<()> {
    let health = db.health(settings.db_timeout).await;
    match health.write {
        Ability::ReadOnly => anyhow::bail!(
            "{} is read-only, so pledgewatch cannot write to it. Make it writable by the user running pledgewatch (for a file: the file, and the folder it is in), or set PLEDGEWATCH_READ_ONLY=true to serve it read-only",
            db.target()
        ),
        Ability::Unavailable => anyhow::bail!(
            "{} does not answer within {} s (PLEDGEWATCH_DB_TIMEOUT_SECS)",
            db.target(),
            settings.db_timeout.as_secs()
        ),
        Ability::Busy => {
            tracing::warn!(
                database = db.target(),
                "the database is busy with another writer; starting anyway"
            );
            Ok(())
        }
        // A database not migrated yet has no table for the probe to touch; migrating says
        // what is wrong, if anything is.
        Ability::Ok | Ability::Failing => Ok(()),
    }
}

pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    db.migrate().await?;
    Ok(())
}

/// Loads the built-in seed data; safe to repeat (only what is missing is added).
pub async fn seed_builtin(db: &Db) -> anyhow::Result<SeedReport> {
    let data = seed::parse(&SeedFiles::builtin())?;
    Ok(seed::load(db, &data, Utc::now()).await?)
}

/// Seeds an empty database with the summit data when asked to.
pub async fn seed_if_empty(db: &Db, seed_if_empty: bool) -> anyhow::Result<()> {
    if seed_if_empty && seed::is_empty(db).await? {
        let report = seed_builtin(db).await?;
        tracing::info!(
            pledges = report.pledges,
            actors = report.actors,
            sources = report.sources,
            rates = report.rates,
            "seeded an empty database with the summit data"
        );
    }
    Ok(())
}

/// Migrates and seeds an empty database, for a database opened without [`open`].
pub async fn prepare(db: &Db, seed_if_empty_too: bool) -> anyhow::Result<()> {
    migrate(db).await?;
    seed_if_empty(db, seed_if_empty_too).await
}
