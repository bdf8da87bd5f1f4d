//! `pledgewatch links check`: fetch every cited evidence address once and record what
//! each answered, printing a summary and every cited address that is not live.

use crate::config::Settings;
use clap::Subcommand;
use persistence::Db;

#[derive(Subcommand)]
pub enum LinksAction {
    /// Fetch every cited evidence address (a few hosts at a time, pausing between two
    /// requests to one host) and record its status, final address and content hash.
    Check {
        /// Check only the addresses that start with this (one site, say).
        #[arg(long)]
        only: Option<String>,
    },
}

pub async fn run(db: &Db, settings: &Settings, action: LinksAction) -> anyhow::Result<()> {
    match action {
        LinksAction::Check { only } => {
            // Who is asking: the tracker's public address, or else where its source is.
            let public_url = settings
                .public_url
                .clone()
                .unwrap_or_else(|| settings.source_url.clone());
            let r =
                crate::links::check_once(db, &settings.links, &public_url, only.as_deref()).await?;
            println!(
                "checked {} addresses: {} live, {} changed since cited, {} gone, {} not reached, {} refused",
                r.checked, r.live, r.changed, r.gone, r.failing, r.refused
            );
            for broken in db.broken_links().await? {
                println!(
                    "{}: {} ({})",
                    broken.health.label(),
                    broken.record.latest.url,
                    broken.record.latest.outcome.label()
                );
            }
            Ok(())
        }
    }
}
