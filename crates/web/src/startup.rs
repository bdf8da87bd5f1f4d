//! Bringing a database to a servable state: migrate, then seed the summit data if it holds
//! no pledge yet.

use chrono::Utc;
use persistence::Db;
use persistence::seed::{self, SeedFiles, SeedReport};

pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    db.migrate().await?;
    Ok(())
}

/// Loads the built-in seed data; safe to repeat (only what is missing is added).
pub async fn seed_builtin(db: &Db) -> anyhow::Result<SeedReport> {
    let data = seed::parse(&SeedFiles::builtin())?;
    Ok(seed::load(db, &data, Utc::now()).await?)
}

pub async fn prepare(db: &Db, seed_if_empty: bool) -> anyhow::Result<()> {
    migrate(db).await?;
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
