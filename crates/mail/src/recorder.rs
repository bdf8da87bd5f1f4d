//! The worker's recorder: stores what the gate decided for each message, in the order the
//! lanes finish. Pauses are stored before anything else, so a message given back because
//! its run paused is never claimed again before the pause is seen. Sent marks and untried
//! messages go in groups; permanent answers that may be the server's are held until the
//! gate judges their streak.

use super::failure::SendFailure;
use super::gate::{Gate, Streak, Verdict};
use super::outbox::{Claimed, Failure, Outbox, RunAfterFailure};
use super::settings::MailSettings;
use super::step::{Sent, StepReport};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Marking messages sent in small groups keeps the database calls few while a kill loses
/// at most this many acknowledgements beyond those still on the wire.
pub(super) const MARK_GROUP: usize = 64;
/// A smaller group is marked when no outcome came for this long, so a slow or quiet queue
/// is not left unacknowledged.
const MARK_AFTER: Duration = Duration::from_millis(200);

/// A permanent failure waiting for its streak's judgement.
struct Held {
    claimed: Claimed,
    failure: SendFailure,
    streak: u64,
    since: Instant,
}

pub(super) struct Recorder<'a, O> {
    outbox: &'a O,
    /// The worker's name in its claims.
    owner: &'a str,
    gate: &'a Gate,
    settings: &'a MailSettings,
    delivered: Vec<i32>,
    unsent: Vec<i32>,
    held: Vec<Held>,
    report: StepReport,
}

impl<'a, O: Outbox> Recorder<'a, O> {
    pub fn new(outbox: &'a O, owner: &'a str, gate: &'a Gate, settings: &'a MailSettings) -> Self {
        Self {
            outbox,
            owner,
            gate,
            settings,
            delivered: Vec::with_capacity(MARK_GROUP),
            unsent: Vec::new(),
            held: Vec::new(),
            report: StepReport::default(),
        }
    }

    /// Stores outcomes as they come until every lane has stopped.
    pub async fn record(
        mut self,
        mut received: mpsc::Receiver<Sent>,
    ) -> anyhow::Result<StepReport> {
        loop {
            let waiting =
                !self.delivered.is_empty() || !self.unsent.is_empty() || !self.held.is_empty();
            let next = if waiting {
                match tokio::time::timeout(MARK_AFTER, received.recv()).await {
                    Ok(next) => next,
                    Err(_quiet) => {
                        self.flush(false).await?;
                        continue;
                    }
                }
            } else {
                received.recv().await
            };
            let Some((c, verdict)) = next else {
                break;
            };
            self.store_pauses().await?;
            match verdict {
                Verdict::Sent => {
                    self.delivered.push(c.id);
                    self.report.sent += 1;
                }
                Verdict::Unsent => self.unsent.push(c.id),
                Verdict::Retry(f) => self.failed(&c, &f, false).await?,
                Verdict::Dead(f) => self.failed(&c, &f, true).await?,
                Verdict::Suspect(failure, streak) => self.held.push(Held {
                    claimed: c,
                    failure,
                    streak,
                    since: Instant::now(),
                }),
            }
            self.resolve(false).await?;
            if self.delivered.len() >= MARK_GROUP || self.unsent.len() >= MARK_GROUP {
                self.flush_groups().await?;
            }
        }
        self.flush(true).await?;
        Ok(self.report)
    }

    /// Stores every group and judgement due. At the end (`last`), a streak still open is
    /// settled: one recipient's refusal is theirs; several may be the server's, so they are
    /// tried again later rather than given up.
    async fn flush(&mut self, last: bool) -> anyhow::Result<()> {
        self.store_pauses().await?;
        self.resolve(last).await?;
        self.flush_groups().await
    }

    async fn flush_groups(&mut self) -> anyhow::Result<()> {
        let now = chrono::Utc::now();
        if !self.delivered.is_empty() {
            self.outbox.mark_sent(&self.delivered, now).await?;
            self.delivered.clear();
        }
        if !self.unsent.is_empty() {
            self.outbox
                .release(&self.unsent, self.owner, None, now)
                .await?;
            self.report.released += self.unsent.len();
            self.unsent.clear();
        }
        Ok(())
    }

    async fn store_pauses(&mut self) -> anyhow::Result<()> {
        for pause in self.gate.take_pauses() {
            let paused = self.outbox.pause_runs(&[pause.run], &pause.reason).await?;
            self.gate.stored(pause.run);
            if !paused.is_empty() {
                self.report.paused += 1;
                tracing::error!(run = pause.run, reason = %pause.reason, "digest run paused; an admin can resume it");
            }
        }
        Ok(())
    }

    /// Settles the held messages whose streak is judged. A streak still open is settled
    /// when it is the last word, or once held long enough that its lease could run out.
    async fn resolve(&mut self, last: bool) -> anyhow::Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        let patience = Duration::from_millis(
            (self.settings.lease.num_milliseconds() / 2).clamp(1, 10_000) as u64,
        );
        let mut keep = Vec::new();
        for h in std::mem::take(&mut self.held) {
            match self.gate.streak(h.streak) {
                (Streak::Server, _) => self.server_refused(h).await?,
                (Streak::Recipients, _) => self.failed(&h.claimed, &h.failure, true).await?,
                (Streak::Open, n) if last || h.since.elapsed() >= patience => {
                    self.failed(&h.claimed, &h.failure, n <= 1).await?
                }
                (Streak::Open, _) => keep.push(h),
            }
        }
        self.held = keep;
        Ok(())
    }

    /// A refusal judged the server's: a run's message goes back untried, its attempt not
    /// counted and nothing marked dead (its run is paused already); a message of no run
    /// waits out a backoff like any temporary failure.
    async fn server_refused(&mut self, h: Held) -> anyhow::Result<()> {
        if h.claimed.message.run_id.is_some() {
            let now = chrono::Utc::now();
            self.outbox
                .release(&[h.claimed.id], self.owner, Some(h.failure.message()), now)
                .await?;
            self.report.released += 1;
            Ok(())
        } else {
            self.failed(&h.claimed, &h.failure, false).await
        }
    }

    async fn failed(
        &mut self,
        c: &Claimed,
        failure: &SendFailure,
        dead: bool,
    ) -> anyhow::Result<()> {
        tracing::warn!(
            message = c.id,
            attempt = c.attempts,
            permanent = dead,
            error = %failure.message(),
            "sending failed"
        );
        self.report.failed += 1;
        let run = self
            .outbox
            .mark_failed(
                c,
                Failure {
                    error: failure.message(),
                    permanent: dead,
                    retry_base: self.settings.retry_base,
                },
                chrono::Utc::now(),
            )
            .await?;
        if run == RunAfterFailure::PausedNow {
            self.report.paused += 1;
            tracing::error!(
                run = c.message.run_id,
                "digest run paused after repeated failures; an admin can resume it"
            );
        }
        if let (true, Some(id)) = (run.paused(), c.message.run_id) {
            self.gate.stop(id);
        }
        Ok(())
    }
}
