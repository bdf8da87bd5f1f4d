//! The delivery worker: claims due messages with a lease, re-checks that a digest's
//! subscriber still wants it, sends outside any transaction over several connections, and
//! records each outcome. It is a pipeline, so no connection waits for a batch to finish: a
//! feeder claims batches (the next while the last is being queued), one lane per connection
//! takes the next queued message whenever it is free, and a recorder stores the outcomes.
//! A gate judges each result as a lane gets it and stops a run's sending the moment the
//! run must pause (see `gate`); the recorder (see `recorder`) stores what it decided.
//! Claims name this process, and claims held by a process on this host that is gone are
//! taken back at once (see `owner`).
//! `step` delivers one batch and `drain` everything due, so tests can empty the queue;
//! `run` goes on until shut down, inside `serve` or alone as `pledgewatch worker`.
//! It sees storage only through an `Outbox` and the wire only through a `Transport`.

use super::gate::{Gate, Verdict};
use super::hopper::Hopper;
use super::outbox::{Claimed, Failure, Outbox};
use super::owner::LeaseOwner;
use super::recorder::{MARK_GROUP, Recorder};
use super::settings::MailSettings;
use super::step::Sent;
pub use super::step::StepReport;
use super::transport::{Mailer, Transport};
use std::collections::BTreeSet;
use std::future::{Future, Pending};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// How often a worker looks for claims whose process is gone.
const SWEEP_EVERY: Duration = Duration::from_secs(2);

/// The delivery worker over an outbox `O` and a transport `T`.
pub struct Worker<O, T = Mailer> {
    outbox: O,
    transport: Arc<T>,
    settings: MailSettings,
    owner: LeaseOwner,
    /// `owner` as claims store it.
    owner_name: String,
    last_sweep: Mutex<Option<Instant>>,
}

impl<O: Outbox> Worker<O, Mailer> {
    /// A worker sending through the transport the settings name.
    pub fn new(outbox: O, settings: MailSettings) -> Self {
        let mailer = Mailer::new(&settings);
        Self::with_transport(outbox, mailer, settings)
    }
}

impl<O: Outbox, T: Transport> Worker<O, T> {
    pub fn with_transport(outbox: O, transport: T, settings: MailSettings) -> Self {
        let owner = LeaseOwner::current();
        Self {
            outbox,
            transport: Arc::new(transport),
            settings,
            owner_name: owner.to_string(),
            owner,
            last_sweep: Mutex::new(None),
        }
    }

    /// Takes back the claims of worker processes on this host that are gone (killed, or
    /// crashed), so their messages go now rather than when the lease ends; returns how
    /// many messages came back.
    pub async fn take_back_orphans(&self) -> anyhow::Result<u64> {
        *self.last_sweep.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
        let mut taken = 0;
        for name in self.outbox.lease_owners().await? {
            let Some(owner) = LeaseOwner::parse(&name) else {
                continue;
            };
            if owner.is_gone(&self.owner) {
                let n = self.outbox.take_back(&name, chrono::Utc::now()).await?;
                if n > 0 {
                    tracing::info!(
                        messages = n,
                        process = owner.pid(),
                        "took back the claims of a worker process that is gone"
                    );
                }
                taken += n;
            }
        }
        Ok(taken)
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
        let due = self
            .last_sweep
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_none_or(|at| at.elapsed() >= SWEEP_EVERY);
        if due {
            self.take_back_orphans().await?;
        }
        let s = &self.settings;
        Ok(self
            .outbox
            .claim(s.batch, s.lease, &self.owner_name, chrono::Utc::now())
            .await?)
    }

    /// Sends every batch `feed` hands over until it hands none, and records every outcome.
    /// A failure to record stops the feeding; a failure to feed still sends and records
    /// what was queued. Either way the first error is returned once both have stopped.
    async fn deliver<S: Future<Output = ()>>(
        &self,
        feed: &mut Feed<'_, S>,
    ) -> anyhow::Result<StepReport> {
        let lanes = self.transport.parallelism().max(1);
        let queue = Arc::new(Hopper::new(lanes * 2));
        let gate = Arc::new(Gate::new(self.settings.same_answer_limit));
        // The lanes may run at most a batch ahead of the recorder (enough to keep sending while
        // a claim holds the database), so sends never get far ahead of their acknowledgements.
        let ahead = usize::try_from(self.settings.batch).map_or(MARK_GROUP, |b| b.max(MARK_GROUP));
        let (outcomes, received) = mpsc::channel::<Sent>(ahead);
        for _ in 0..lanes {
            tokio::spawn(lane(
                Arc::clone(&self.transport),
                Arc::clone(&queue),
                Arc::clone(&gate),
                outcomes.clone(),
            ));
        }
        drop(outcomes);
        let feeding = async {
            let mut report = StepReport::default();
            let mut next = feed.next(self).await?;
            while let Some(batch) = next {
                report.claimed += batch.len();
                let sendable = self.screen(batch, &gate, &mut report).await?;
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
            let recorded = Recorder::new(&self.outbox, &self.owner_name, &gate, &self.settings)
                .record(received)
                .await;
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
    /// The gate learns how each run in the batch stands (paused, resumed, failures).
    async fn screen(
        &self,
        claimed: Vec<Claimed>,
        gate: &Gate,
        report: &mut StepReport,
    ) -> anyhow::Result<Vec<Claimed>> {
        let runs: BTreeSet<i32> = claimed.iter().filter_map(|c| c.message.run_id).collect();
        for id in runs {
            let run = self.outbox.run_standing(id).await?;
            gate.observe_run(id, run.paused, run.failures, run.pause_after);
        }
        let mut sendable = Vec::with_capacity(claimed.len());
        for c in claimed {
            if c.subscriber_left {
                self.outbox.mark_skipped(c.id).await?;
                report.skipped += 1;
            } else if c.message.raw.is_empty() {
                // Cannot happen while rows and bytes are written together; never send blank.
                let failure = Failure {
                    error: "no stored message",
                    permanent: true,
                    retry_base: self.settings.retry_base,
                };
                self.outbox
                    .mark_failed(&c, failure, chrono::Utc::now())
                    .await?;
                report.failed += 1;
            } else {
                sendable.push(c);
            }
        }
        Ok(sendable)
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
    async fn next<O: Outbox, T: Transport>(
        &mut self,
        worker: &Worker<O, T>,
    ) -> anyhow::Result<Option<Vec<Claimed>>> {
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
                            tracing::debug!(error = format!("{e:#}"), "claiming mail still fails")
                        }
                        Err(e) => {
                            failing = true;
                            tracing::error!(
                                error = format!("{e:#}"),
                                "claiming mail failed; retrying until it works"
                            );
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
/// The gate is asked before each send, so a run that must pause stops at once, and judges
/// each result as it comes, before the recorder has stored the ones ahead of it.
async fn lane<T: Transport>(
    transport: Arc<T>,
    queue: Arc<Hopper<Claimed>>,
    gate: Arc<Gate>,
    outcomes: mpsc::Sender<Sent>,
) {
    while let Some(mut c) = queue.take().await {
        let m = &c.message;
        let verdict = if gate.may_send(m.run_id) {
            let result = transport
                .send(&m.idempotency_key, &m.recipient, &m.raw)
                .await;
            gate.judge(&c, result)
        } else {
            Verdict::Unsent
        };
        // The bytes are done with; only the row's identity goes on to be recorded.
        c.message.raw = String::new();
        if outcomes.send((c, verdict)).await.is_err() {
            return;
        }
    }
}
