//! An outbox in memory that keeps the rules the database keeps: due and unpaused rows are
//! claimed under a lease, an attempt is counted per claim and taken back on release, a
//! failure waits out `retry_base` (doubled per attempt, no jitter) or dies, and a run pauses
//! once its failures reach its limit.

use chrono::{DateTime, Duration, Utc};
use mail::outbox::{
    Claimed, Failure, MailKind, Outbox, OutboxMessage, OutboxStatus, RunAfterFailure, RunStanding,
};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

pub const MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Clone)]
pub struct Row {
    pub message: OutboxMessage,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub due: DateTime<Utc>,
    pub lease_until: Option<DateTime<Utc>>,
    pub owner: Option<String>,
    pub last_error: Option<String>,
    pub subscriber_left: bool,
}

#[derive(Debug, Clone)]
pub struct Run {
    pub paused: bool,
    pub reason: Option<String>,
    pub failures: i32,
    pub pause_after: i32,
}

#[derive(Default)]
struct State {
    rows: BTreeMap<i32, Row>,
    runs: BTreeMap<i32, Run>,
}

/// Shared, so a test can look inside while the worker owns its handle.
#[derive(Clone, Default)]
pub struct Memory(Arc<Mutex<State>>);

impl Memory {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().expect("memory outbox")
    }

    pub fn add_run(&self, id: i32, pause_after: i32) {
        let run = Run {
            paused: false,
            reason: None,
            failures: 0,
            pause_after,
        };
        self.state().runs.insert(id, run);
    }

    /// Adds a message for `to`, due now; returns its id.
    pub fn add(&self, to: &str, run: Option<i32>) -> i32 {
        let mut s = self.state();
        let id = s.rows.len() as i32 + 1;
        let message = OutboxMessage {
            idempotency_key: format!("m{id}"),
            kind: if run.is_some() {
                MailKind::Digest
            } else {
                MailKind::Confirm
            },
            recipient: to.to_owned(),
            subject: format!("message {id}"),
            raw: format!("Subject: message {id}\r\n\r\nfor {to}\r\n"),
            subscription_id: run.map(|_| id),
            run_id: run,
        };
        s.rows.insert(
            id,
            Row {
                message,
                status: OutboxStatus::Pending,
                attempts: 0,
                due: Utc::now() - Duration::seconds(1),
                lease_until: None,
                owner: None,
                last_error: None,
                subscriber_left: false,
            },
        );
        id
    }

    pub fn leave(&self, id: i32) {
        self.state().rows.get_mut(&id).expect("row").subscriber_left = true;
    }

    pub fn row(&self, id: i32) -> Row {
        self.state().rows[&id].clone()
    }

    pub fn run(&self, id: i32) -> Run {
        self.state().runs[&id].clone()
    }

    /// Makes every pending row due now, as if its backoff had passed.
    pub fn time_passes(&self) {
        for row in self.state().rows.values_mut() {
            row.due = Utc::now() - Duration::seconds(1);
        }
    }

    pub fn count(&self, status: OutboxStatus) -> usize {
        self.state()
            .rows
            .values()
            .filter(|r| r.status == status)
            .count()
    }
}

impl Outbox for Memory {
    type Error = std::convert::Infallible;

    async fn claim(
        &self,
        limit: u64,
        lease: Duration,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Claimed>, Self::Error> {
        let mut s = self.state();
        let State { rows, runs } = &mut *s;
        let mut out = Vec::new();
        for (&id, row) in rows.iter_mut() {
            if out.len() as u64 >= limit {
                break;
            }
            let due = match row.status {
                OutboxStatus::Pending => row.due <= now,
                OutboxStatus::Sending => row.lease_until.is_some_and(|l| l < now),
                _ => false,
            };
            let paused = row.message.run_id.is_some_and(|r| runs[&r].paused);
            if !due || paused {
                continue;
            }
            row.status = OutboxStatus::Sending;
            row.attempts += 1;
            row.lease_until = Some(now + lease);
            row.owner = Some(owner.to_owned());
            out.push(Claimed {
                id,
                attempts: row.attempts,
                message: row.message.clone(),
                subscriber_left: row.subscriber_left,
            });
        }
        Ok(out)
    }

    async fn mark_sent(&self, ids: &[i32], _now: DateTime<Utc>) -> Result<(), Self::Error> {
        let mut s = self.state();
        for id in ids {
            let row = s.rows.get_mut(id).expect("row");
            row.status = OutboxStatus::Sent;
            row.owner = None;
        }
        Ok(())
    }

    async fn mark_failed(
        &self,
        claimed: &Claimed,
        failure: Failure<'_>,
        now: DateTime<Utc>,
    ) -> Result<RunAfterFailure, Self::Error> {
        let mut s = self.state();
        let row = s.rows.get_mut(&claimed.id).expect("row");
        let dead = failure.permanent || row.attempts >= MAX_ATTEMPTS;
        row.status = if dead {
            OutboxStatus::Dead
        } else {
            OutboxStatus::Pending
        };
        row.due = now + failure.retry_base * 2_i32.pow(row.attempts as u32);
        row.owner = None;
        row.last_error = Some(failure.error.to_owned());
        let Some(run) = claimed.message.run_id else {
            return Ok(RunAfterFailure::NoRun);
        };
        let run = s.runs.get_mut(&run).expect("run");
        run.failures += 1;
        Ok(if run.paused {
            RunAfterFailure::Paused
        } else if run.failures >= run.pause_after {
            run.paused = true;
            run.reason = Some(format!("paused after failures: {}", failure.error));
            RunAfterFailure::PausedNow
        } else {
            RunAfterFailure::Sending
        })
    }

    async fn mark_skipped(&self, id: i32) -> Result<(), Self::Error> {
        let mut s = self.state();
        let row = s.rows.get_mut(&id).expect("row");
        row.status = OutboxStatus::Skipped;
        row.owner = None;
        Ok(())
    }

    async fn release(
        &self,
        ids: &[i32],
        owner: &str,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<u64, Self::Error> {
        let mut s = self.state();
        let mut n = 0;
        for id in ids {
            let row = s.rows.get_mut(id).expect("row");
            if row.status == OutboxStatus::Sending && row.owner.as_deref() == Some(owner) {
                row.status = OutboxStatus::Pending;
                row.attempts -= 1;
                row.due = now;
                row.owner = None;
                if let Some(e) = error {
                    row.last_error = Some(e.to_owned());
                }
                n += 1;
            }
        }
        Ok(n)
    }

    async fn lease_owners(&self) -> Result<Vec<String>, Self::Error> {
        let s = self.state();
        let mut owners: Vec<String> = s
            .rows
            .values()
            .filter(|r| r.status == OutboxStatus::Sending)
            .filter_map(|r| r.owner.clone())
            .collect();
        owners.sort();
        owners.dedup();
        Ok(owners)
    }

    async fn take_back(&self, owner: &str, now: DateTime<Utc>) -> Result<u64, Self::Error> {
        let mut s = self.state();
        let mut n = 0;
        for row in s.rows.values_mut() {
            if row.status == OutboxStatus::Sending && row.owner.as_deref() == Some(owner) {
                row.status = OutboxStatus::Pending;
                row.due = now;
                row.owner = None;
                n += 1;
            }
        }
        Ok(n)
    }

    async fn run_standing(&self, run: i32) -> Result<RunStanding, Self::Error> {
        let r = &self.state().runs[&run];
        Ok(RunStanding {
            paused: r.paused,
            failures: r.failures,
            pause_after: r.pause_after,
        })
    }

    async fn pause_runs(&self, runs: &[i32], reason: &str) -> Result<Vec<i32>, Self::Error> {
        let mut s = self.state();
        let mut paused = Vec::new();
        for id in runs {
            let run = s.runs.get_mut(id).expect("run");
            if !run.paused {
                run.paused = true;
                run.reason = Some(reason.to_owned());
                paused.push(*id);
            }
        }
        Ok(paused)
    }
}
