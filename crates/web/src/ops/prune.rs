//! Retention on a schedule: `serve` prunes once at start and then every
//! `PLEDGEWATCH_PRUNE_EVERY_SECS`; `pledgewatch prune` does one pass by hand.

use crate::config::OpsSettings;
use persistence::Db;
use persistence::retention::{Pruned, Retention};

/// What `settings` says is kept.
pub fn retention(settings: &OpsSettings) -> Retention {
    Retention {
        sent_message_bytes: chrono::Duration::days(settings.keep_sent_mail_days.into()),
        ..Retention::default()
    }
}

/// One pruning pass now, logged when it removed anything.
pub async fn prune_once(db: &Db, settings: &OpsSettings) -> persistence::StoreResult<Pruned> {
    let pruned = db.prune(retention(settings), chrono::Utc::now()).await?;
    if pruned.total() > 0 {
        tracing::info!(
            sessions = pruned.sessions,
            login_attempts = pruned.login_attempts,
            unconfirmed_subscriptions = pruned.unconfirmed_subscriptions,
            message_bodies = pruned.message_bodies,
            "pruned what is no longer kept"
        );
    }
    Ok(pruned)
}

/// Prunes now and then every `every` until the task is dropped. A failed pass (the
/// database down) is logged and tried again at the next tick; several instances pruning
/// at once only delete the same rows.
pub fn spawn(db: Db, settings: OpsSettings) -> Option<tokio::task::JoinHandle<()>> {
    let every = settings.prune_every?;
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = prune_once(&db, &settings).await {
                tracing::warn!(error = %persistence::chain(&e), "pruning failed; trying again at the next pass");
            }
        }
    }))
}
