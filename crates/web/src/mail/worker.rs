//! The delivery worker: claims due messages with a lease, re-checks that a digest's
//! subscriber still wants it, sends outside any transaction over several connections, and
//! records each outcome. It is a pipeline, so no connection waits for a batch to finish: a
//! feeder claims batches (the next while the last is being queued), one lane per connection
//! takes the next queued message whenever it is free, and a recorder stores the outcomes.
//! `step` delivers one batch and `drain` everything due, so tests can empty the queue;
//! `run` goes on until shut down, inside `serve` or alone as `pledgewatch worker`.

use super::hopper::Hopper;
use super::settings::MailSettings;
use super::transport::{Mailer, SendFailure};
use persistence::Db;
use persistence::outbox::Claimed;
use std::future::{Future, Pending};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

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
/// A smaller group is marked when no outcome came for this long, so a slow or quiet queue
/// is not left unacknowledged.
const MARK_AFTER: Duration = Duration::from_millis(200);

/// A message and how its sending went.
type Sent = (Claimed, Result<(), SendFailure>);

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
        let batch = self.claim().await?;
        self.deliver(&mut Feed::<Pending<()>>::Once(Some(batch)))
            .await
    }

    /// Delivers until nothing is due now.
    pub async fn drain(&self) -> anyhow::Result<StepReport> {
        self.deliver(&mut Feed::<Pending<()>>::UntilEmpty).await
    }

    /// Delivers until `shutdown` resolves, finishing what it has claimed first.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut feed = Feed::UntilShutdown {
            shutdown,
            stopping: false,
        };
        // An outage is logged when it starts and when it ends, not on every retry.
        let mut failing = false;
        while !feed.stopping() {
            match self.deliver(&mut feed).await {
                Err(e) => {
                    if failing {
                        tracing::debug!(error = format!("{e:#}"), "delivery still failing");
                    } else {
                        tracing::error!(
                            error = format!("{e:#}"),
                            "delivery failed; retrying every {} ms until it works",
                            self.settings.idle_wait.as_millis()
                        );
                    }
                    failing = true;
                    feed.wait(self.settings.idle_wait).await;
                }
                Ok(_) if failing => {
                    failing = false;
                    tracing::info!("delivery works again");
                }
                Ok(_) => {}
            }
        }
    }

    async fn claim(&self) -> anyhow::Result<Vec<Claimed>> {
        let s = &self.settings;
        Ok(self
            .db
            .claim_emails(s.batch, s.lease, chrono::Utc::now())
            .await?)
    }

    /// Sends every batch `feed` hands over until it hands none, and records every outcome.
    /// A failure to record stops the feeding; a failure to feed still sends and records
    /// what was queued. Either way the first error is returned once both have stopped.
    async fn deliver<S: Future<Output = ()>>(
        &self,
        feed: &mut Feed<'_, S>,
    ) -> anyhow::Result<StepReport> {
        let lanes = self.mailer.parallelism(&self.settings);
        let queue = Arc::new(Hopper::new(lanes * 2));
        // The lanes may run at most a batch ahead of the recorder (enough to keep sending while
        // a claim holds the database), so sends never get far ahead of their acknowledgements.
        let ahead = usize::try_from(self.settings.batch).map_or(MARK_GROUP, |b| b.max(MARK_GROUP));
        let (outcomes, received) = mpsc::channel::<Sent>(ahead);
        for _ in 0..lanes {
            tokio::spawn(lane(
                Arc::clone(&self.mailer),
                Arc::clone(&queue),
                outcomes.clone(),
            ));
        }
        drop(outcomes);
        let feeding = async {
            let mut report = StepReport::default();
            let mut next = feed.next(self).await?;
            while let Some(batch) = next {
                report.claimed += batch.len();
                let sendable = self.screen(batch, &mut report).await?;
                queue.fill(sendable);
                // The next batch is claimed while this one goes, and queued once this one
                // runs low, so the lanes never wait on the database.
                let ((), claimed) = tokio::join!(queue.until_low(), feed.next(self));
                anyhow::ensure!(
                    !queue.is_closed(),
                    "delivery stopped before every claimed message went; their leases will expire"
                );
                next = claimed?;
            }
            anyhow::Ok(report)
        };
        let feeding = async {
            let fed = feeding.await;
            queue.close();
            fed
        };
        let recording = async {
            let recorded = self.record(received).await;
            // Only early if recording failed or every lane stopped: the feeder must not
            // wait for lanes that are gone.
            queue.close();
            recorded
        };
        let (fed, recorded) = tokio::join!(feeding, recording);
        let mut report = recorded?;
        report.add(fed?);
        Ok(report)
    }

    /// Ends the messages that must not go (their subscriber left, or no bytes were stored)
    /// and returns the rest. The claim looked the subscribers up, moments before sending.
    async fn screen(
        &self,
        claimed: Vec<Claimed>,
        report: &mut StepReport,
    ) -> anyhow::Result<Vec<Claimed>> {
        let mut sendable = Vec::with_capacity(claimed.len());
        for c in claimed {
            if c.subscriber_left {
                self.db.mark_email_skipped(c.id).await?;
                report.skipped += 1;
            } else if c.message.raw.is_empty() {
                // Cannot happen while rows and bytes are written together; never send blank.
                self.db
                    .mark_email_failed(
                        &c,
                        "no stored message",
                        true,
                        self.settings.retry_base,
                        chrono::Utc::now(),
                    )
                    .await?;
                report.failed += 1;
            } else {
                sendable.push(c);
            }
        }
        Ok(sendable)
    }

    /// Stores outcomes as they come until every lane has stopped.
    async fn record(&self, mut received: mpsc::Receiver<Sent>) -> anyhow::Result<StepReport> {
        let mut report = StepReport::default();
        let mut delivered: Vec<i32> = Vec::with_capacity(MARK_GROUP);
        loop {
            let next = if delivered.is_empty() {
                received.recv().await
            } else {
                match tokio::time::timeout(MARK_AFTER, received.recv()).await {
                    Ok(next) => next,
                    Err(_quiet) => {
                        self.mark_sent(&mut delivered).await?;
                        continue;
                    }
                }
            };
            let Some((c, result)) = next else {
                break;
            };
            match result {
                Ok(()) => {
                    delivered.push(c.id);
                    report.sent += 1;
                }
                Err(failure) => {
                    report.failed += 1;
                    if self.record_failure(&c, &failure).await? {
                        report.paused += 1;
                    }
                }
            }
            if delivered.len() >= MARK_GROUP {
                self.mark_sent(&mut delivered).await?;
            }
        }
        self.mark_sent(&mut delivered).await?;
        Ok(report)
    }

    async fn mark_sent(&self, delivered: &mut Vec<i32>) -> anyhow::Result<()> {
        self.db
            .mark_emails_sent(delivered, chrono::Utc::now())
            .await?;
        delivered.clear();
        Ok(())
    }

    /// True if this failure paused its digest run.
    async fn record_failure(&self, c: &Claimed, failure: &SendFailure) -> anyhow::Result<bool> {
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
                c,
                &failure.message,
                failure.permanent,
                self.settings.retry_base,
                chrono::Utc::now(),
            )
            .await?;
        if paused {
            tracing::error!(
                run = c.message.run_id,
                "digest run paused after repeated failures; an admin can resume it"
            );
        }
        Ok(paused)
    }
}

/// Where the batches a delivery sends come from.
enum Feed<'s, S> {
    /// One batch, already claimed.
    Once(Option<Vec<Claimed>>),
    /// Claims until nothing is due.
    UntilEmpty,
    /// Claims, waiting whenever nothing is due, until `shutdown` resolves.
    UntilShutdown {
        shutdown: Pin<&'s mut S>,
        stopping: bool,
    },
}

impl<S: Future<Output = ()>> Feed<'_, S> {
    async fn next(&mut self, worker: &Worker) -> anyhow::Result<Option<Vec<Claimed>>> {
        match self {
            Feed::Once(batch) => Ok(batch.take()),
            Feed::UntilEmpty => {
                let batch = worker.claim().await?;
                Ok((!batch.is_empty()).then_some(batch))
            }
            Feed::UntilShutdown { .. } => {
                // A database outage is logged when it starts and when it ends.
                let mut failing = false;
                loop {
                    if self.stopping() {
                        return Ok(None);
                    }
                    match worker.claim().await {
                        Ok(batch) => {
                            if std::mem::take(&mut failing) {
                                tracing::info!("claiming mail works again");
                            }
                            if !batch.is_empty() {
                                return Ok(Some(batch));
                            }
                        }
                        Err(e) if failing => {
                            tracing::debug!(error = %e, "claiming mail still fails")
                        }
                        Err(e) => {
                            failing = true;
                            tracing::error!(error = %e, "claiming mail failed; retrying until it works");
                        }
                    }
                    self.wait(worker.settings.idle_wait).await;
                }
            }
        }
    }

    fn stopping(&self) -> bool {
        matches!(self, Feed::UntilShutdown { stopping: true, .. })
    }

    /// Sleeps for `pause`, or less if shut down meanwhile.
    async fn wait(&mut self, pause: Duration) {
        match self {
            Feed::UntilShutdown { stopping: true, .. } => {}
            Feed::UntilShutdown { shutdown, stopping } => {
                tokio::select! {
                    () = shutdown.as_mut() => *stopping = true,
                    () = tokio::time::sleep(pause) => {}
                }
            }
            _ => tokio::time::sleep(pause).await,
        }
    }
}

/// One connection's worth of sending: the next queued message whenever this lane is free.
/// A lane is one task for the whole delivery rather than one per message: spawning and
/// waking a task per message cost more than the sending on a small machine.
async fn lane(mailer: Arc<Mailer>, queue: Arc<Hopper<Claimed>>, outcomes: mpsc::Sender<Sent>) {
    while let Some(mut c) = queue.take().await {
        let m = &c.message;
        let result = mailer.send(&m.idempotency_key, &m.recipient, &m.raw).await;
        // The bytes are done with; only the row's identity goes on to be recorded.
        c.message.raw = String::new();
        if outcomes.send((c, result)).await.is_err() {
            return;
        }
    }
}
