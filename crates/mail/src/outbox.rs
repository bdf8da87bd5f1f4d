//! The outbox as the worker sees it: the messages it holds (their kinds and statuses) and
//! the one trait, [`Outbox`], through which the worker claims them and records what became
//! of them. Persistence implements it over the database; the tests here, over memory. The
//! worker knows nothing else of storage.

use chrono::{DateTime, Duration, Utc};
use std::future::Future;

/// What a message is, as stored in the outbox's `kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MailKind {
    /// The double opt-in mail of a new subscription.
    Confirm,
    /// Sent instead of a confirmation when the address already follows the scope.
    Reminder,
    /// A subscriber's digest, part of a digest run.
    Digest,
    /// The double opt-in mail of the email a reader left with a contribution.
    ContributionConfirm,
    /// The editors' decision on a contribution, for a contributor who confirmed.
    ContributionOutcome,
}

impl MailKind {
    pub const ALL: [MailKind; 5] = [
        Self::Confirm,
        Self::Reminder,
        Self::Digest,
        Self::ContributionConfirm,
        Self::ContributionOutcome,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Reminder => "reminder",
            Self::Digest => "digest",
            Self::ContributionConfirm => "contribution_confirm",
            Self::ContributionOutcome => "contribution_outcome",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a message stands, as stored in the outbox's `status` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxStatus {
    /// Waiting for its next attempt.
    Pending,
    /// Claimed by a worker, under a lease.
    Sending,
    Sent,
    /// Given up: refused for good, or out of attempts. An admin may re-queue it.
    Dead,
    /// Never to be sent, though nothing failed: its subscriber left after it was written.
    Skipped,
}

impl OutboxStatus {
    pub const ALL: [OutboxStatus; 5] = [
        Self::Pending,
        Self::Sending,
        Self::Sent,
        Self::Dead,
        Self::Skipped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Dead => "dead",
            Self::Skipped => "skipped",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl std::fmt::Display for OutboxStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// How many messages stand at each status (of the whole outbox, or of one digest run).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts(std::collections::BTreeMap<OutboxStatus, u64>);

impl StatusCounts {
    pub fn add(&mut self, status: OutboxStatus, n: u64) {
        *self.0.entry(status).or_insert(0) += n;
    }

    pub fn get(&self, status: OutboxStatus) -> u64 {
        self.0.get(&status).copied().unwrap_or(0)
    }

    /// Still to go: pending or being sent.
    pub fn waiting(&self) -> u64 {
        self.get(OutboxStatus::Pending) + self.get(OutboxStatus::Sending)
    }

    /// Done with, one way or another: sent, dead or skipped.
    pub fn settled(&self) -> u64 {
        self.get(OutboxStatus::Sent)
            + self.get(OutboxStatus::Dead)
            + self.get(OutboxStatus::Skipped)
    }

    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }
}

/// A rendered message, ready to send; retries send these same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub idempotency_key: String,
    pub kind: MailKind,
    pub recipient: String,
    pub subject: String,
    /// The whole RFC 5322 message, headers and both parts, as it goes on the wire.
    pub raw: String,
    /// The subscription a digest is for, re-checked just before sending.
    pub subscription_id: Option<i32>,
    /// The digest run it belongs to, which may be paused.
    pub run_id: Option<i32>,
}

/// A message a worker holds the lease on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub id: i32,
    pub attempts: i32,
    pub message: OutboxMessage,
    /// A digest whose subscriber left (or was erased) after it was written, as of the
    /// claim: it must not be sent.
    pub subscriber_left: bool,
}

/// What became of a failed message's digest run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunAfterFailure {
    /// The message belongs to no run.
    NoRun,
    /// The run goes on sending.
    Sending,
    /// This failure reached the run's limit and paused it.
    PausedNow,
    /// The run was paused already (by another failure, worker or the server's answers).
    Paused,
}

impl RunAfterFailure {
    pub fn paused(self) -> bool {
        matches!(self, Self::PausedNow | Self::Paused)
    }
}

/// How a digest run stands, as the worker needs it to judge its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunStanding {
    pub paused: bool,
    pub failures: i32,
    /// Failures after which the run pauses.
    pub pause_after: i32,
}

/// A failed try to record.
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    pub error: &'a str,
    /// Dead at once rather than retried after a backoff.
    pub permanent: bool,
    /// The first wait after a failure; it doubles per attempt.
    pub retry_base: Duration,
}

/// The store the worker delivers from. Every method is one short write or read; none is
/// held open across a send. `owner` names the claiming process (see `owner::LeaseOwner`).
pub trait Outbox: Send + Sync + 'static {
    type Error: std::error::Error + Send + Sync + 'static;

    /// Leases up to `limit` due messages (pending and due, or sending with an expired
    /// lease, of no paused run) until `now + lease`, counting the attempt.
    fn claim(
        &self,
        limit: u64,
        lease: Duration,
        owner: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<Claimed>, Self::Error>> + Send;

    fn mark_sent(
        &self,
        ids: &[i32],
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// Dead if permanent or out of attempts, else pending again after the backoff. A
    /// failure in a digest run counts towards pausing it.
    fn mark_failed(
        &self,
        claimed: &Claimed,
        failure: Failure<'_>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<RunAfterFailure, Self::Error>> + Send;

    /// Ends a claimed message unsent: its subscriber left.
    fn mark_skipped(&self, id: i32) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// Gives claimed messages back untried, if `owner` still holds them; `error`, when
    /// given, becomes the last error. Returns how many went back.
    fn release(
        &self,
        ids: &[i32],
        owner: &str,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<u64, Self::Error>> + Send;

    /// The processes holding claims now.
    fn lease_owners(&self) -> impl Future<Output = Result<Vec<String>, Self::Error>> + Send;

    /// Takes back every claim of a process known to be gone; returns how many.
    fn take_back(
        &self,
        owner: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<u64, Self::Error>> + Send;

    fn run_standing(
        &self,
        run: i32,
    ) -> impl Future<Output = Result<RunStanding, Self::Error>> + Send;

    /// Pauses runs with the reason an admin reads; returns those this call paused.
    fn pause_runs(
        &self,
        runs: &[i32],
        reason: &str,
    ) -> impl Future<Output = Result<Vec<i32>, Self::Error>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_read_back_from_their_codes() {
        for k in MailKind::ALL {
            assert_eq!(MailKind::parse(k.code()), Some(k));
        }
        for s in OutboxStatus::ALL {
            assert_eq!(OutboxStatus::parse(s.code()), Some(s));
        }
        assert_eq!(OutboxStatus::parse("Dead"), None);
        assert_eq!(MailKind::parse(""), None);
    }
}
