//! The delivery worker: claims due messages with a lease, re-checks that a digest's
//! subscriber still wants it, sends outside any transaction over several connections, and
//! records each outcome. `step` does one batch, so tests can drain the queue; `run` loops
//! until shut down, inside `serve` or alone as `pledgewatch worker`.

use super::settings::MailSettings;
use super::transport::{Mailer, SendFailure};
use persistence::Db;
use persistence::outbox::Claimed;
use std::sync::Arc;
use tokio::sync::mpsc;

/// A message and how its sending went.
type Sent = (Claimed, Result<(), SendFailure>);

/// What one step did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StepReport {
    pub claimed: usize,
    pub sent: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Digest runs this step paused for too many failures.
    pub paused: usize,
}

impl StepReport {
    fn add(&mut self, other: StepReport) {
        self.claimed += other.claimed;
        self.sent += other.sent;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.paused += other.paused;
    }
}

/// Marking messages sent in small groups keeps the database calls few while a kill loses
/// at most this many acknowledgements beyond those still on the wire.
const MARK_GROUP: usize = 64;

pub struct Worker {
    db: Db,
    mailer: Arc<Mailer>,
    settings: MailSettings,
}

impl Worker {
    pub fn new(db: Db, settings: MailSettings) -> Self {
        Self {
            db,
            mailer: Arc::new(Mailer::new(&settings)),
            settings,
        }
    }

    /// Claims one batch and sends it.
    pub async fn step(&self) -> anyhow::Result<StepReport> {
        let claimed = self.claim().await?;
        self.send_batch(claimed).await
    }

    async fn claim(&self) -> anyhow::Result<Vec<Claimed>> {
        let s = &self.settings;
        Ok(self
            .db
            .claim_emails(s.batch, s.lease, chrono::Utc::now())
            .await?)
    }

    /// Sends a claimed batch and records every outcome.
    async fn send_batch(&self, claimed: Vec<Claimed>) -> anyhow::Result<StepReport> {
        let s = &self.settings;
        let mut report = StepReport {
            claimed: claimed.len(),
            ..StepReport::default()
        };
        if claimed.is_empty() {
            return Ok(report);
        }
        let subscriptions: Vec<i32> = claimed
            .iter()
            .filter(|c| c.message.kind == persistence::subscriptions::KIND_DIGEST)
            .filter_map(|c| c.message.subscription_id)
            .collect();
        let gone = self.db.inactive_subscriptions(&subscriptions).await?;
        let mut sendable = Vec::with_capacity(claimed.len());
        for c in claimed {
            if c.message
                .subscription_id
                .is_some_and(|id| gone.contains(&id))
            {
                self.db.mark_email_skipped(c.id).await?;
                report.skipped += 1;
            } else if c.message.raw.is_empty() {
                // Cannot happen while rows and bytes are written together; never send blank.
                self.db
                    .mark_email_failed(
                        &c,
                        "no stored message",
                        true,
                        s.retry_base,
                        chrono::Utc::now(),
                    )
                    .await?;
                report.failed += 1;
            } else {
                sendable.push(c);
            }
        }
        let mut outcomes = self.send_in_lanes(sendable);
        let mut delivered: Vec<i32> = Vec::with_capacity(MARK_GROUP);
        while let Some((c, result)) = outcomes.recv().await {
            match result {
                Ok(()) => {
                    delivered.push(c.id);
                    report.sent += 1;
                }
                Err(failure) => {
                    report.failed += 1;
                    tracing::warn!(
                        message = c.id,
                        attempt = c.attempts,
                        permanent = failure.permanent,
                        error = %failure.message,
                        "sending failed"
                    );
                    let paused = self
                        .db
                        .mark_email_failed(
                            &c,
                            &failure.message,
                            failure.permanent,
                            s.retry_base,
                            chrono::Utc::now(),
                        )
                        .await?;
                    if paused {
                        report.paused += 1;
                        tracing::error!(
                            run = c.message.run_id,
                            "digest run paused after repeated failures; an admin can resume it"
                        );
                    }
                }
            }
            if delivered.len() >= MARK_GROUP {
                self.db
                    .mark_emails_sent(&delivered, chrono::Utc::now())
                    .await?;
                delivered.clear();
            }
        }
        self.db
            .mark_emails_sent(&delivered, chrono::Utc::now())
            .await?;
        Ok(report)
    }

    /// Sends over as many lanes as the mailer allows, each taking the next message when it
    /// is free, and hands back every outcome as it comes. A lane is one task for the whole
    /// batch rather than one per message: spawning and waking a task per message cost more
    /// than the sending on a small machine. The lanes run on while outcomes are recorded.
    fn send_in_lanes(&self, batch: Vec<Claimed>) -> mpsc::UnboundedReceiver<Sent> {
        let (outcomes, received) = mpsc::unbounded_channel();
        let queue = Arc::new(std::sync::Mutex::new(batch.into_iter()));
        for _ in 0..self.mailer.parallelism(&self.settings) {
            let (mailer, queue, outcomes) = (
                Arc::clone(&self.mailer),
                Arc::clone(&queue),
                outcomes.clone(),
            );
            tokio::spawn(async move {
                loop {
                    let Some(c) = queue.lock().expect("lane queue").next() else {
                        return;
                    };
                    let m = &c.message;
                    let result = mailer.send(&m.idempotency_key, &m.recipient, &m.raw).await;
                    if outcomes.send((c, result)).is_err() {
                        return;
                    }
                }
            });
        }
        received
    }

    /// Steps until nothing is due now. The next batch is claimed while the current one is
    /// on the wire, so the database round trips overlap the sending.
    pub async fn drain(&self) -> anyhow::Result<StepReport> {
        let mut total = StepReport::default();
        let mut next = self.claim().await?;
        while !next.is_empty() {
            let (sent, claimed) = tokio::join!(self.send_batch(next), self.claim());
            total.add(sent?);
            next = claimed?;
        }
        Ok(total)
    }

    /// Delivers until `shutdown` resolves, finishing the batch in hand first.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut next: Vec<Claimed> = Vec::new();
        loop {
            if next.is_empty() {
                next = self.claim().await.unwrap_or_else(|e| {
                    tracing::error!(error = %e, "claiming mail failed; retrying shortly");
                    Vec::new()
                });
            }
            if next.is_empty() {
                tokio::select! {
                    () = &mut shutdown => return,
                    () = tokio::time::sleep(self.settings.idle_wait) => {}
                }
                continue;
            }
            let stopping = futures_util::FutureExt::now_or_never(&mut shutdown).is_some();
            let batch = std::mem::take(&mut next);
            if stopping {
                // Finish the batch in hand rather than leave it leased.
                if let Err(e) = self.send_batch(batch).await {
                    tracing::error!(error = %e, "delivery step failed");
                }
                return;
            }
            let (sent, claimed) = tokio::join!(self.send_batch(batch), self.claim());
            if let Err(e) = sent {
                tracing::error!(error = %e, "delivery step failed; retrying shortly");
            }
            next = claimed.unwrap_or_else(|e| {
                tracing::error!(error = %e, "claiming mail failed; retrying shortly");
                Vec::new()
            });
        }
    }
}
