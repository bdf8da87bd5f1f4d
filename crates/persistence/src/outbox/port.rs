//! Storage as the mail crate's worker sees it: the database as the worker's outbox (each
//! method of `mail::Outbox` is one of the outbox's own statements, so the worker sees
//! storage through that trait alone).

use super::Claimed;
use crate::db::Db;
use crate::error::StoreError;
use chrono::{DateTime, Duration, Utc};
use mail::outbox::{Failure, Outbox, RunAfterFailure, RunStanding};

impl Outbox for Db {
    type Error = StoreError;

    async fn claim(
        &self,
        limit: u64,
        lease: Duration,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Claimed>, StoreError> {
        self.claim_emails(limit, lease, owner, now).await
    }

    async fn mark_sent(&self, ids: &[i32], now: DateTime<Utc>) -> Result<(), StoreError> {
        self.mark_emails_sent(ids, now).await
    }

    async fn mark_failed(
        &self,
        claimed: &Claimed,
        failure: Failure<'_>,
        now: DateTime<Utc>,
    ) -> Result<RunAfterFailure, StoreError> {
        self.mark_email_failed(
            claimed,
            failure.error,
            failure.permanent,
            failure.retry_base,
            now,
        )
        .await
    }

    async fn mark_skipped(&self, id: i32) -> Result<(), StoreError> {
        self.mark_email_skipped(id).await
    }

    async fn release(
        &self,
        ids: &[i32],
        owner: &str,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        self.release_emails(ids, owner, error, now).await
    }

    async fn lease_owners(&self) -> Result<Vec<String>, StoreError> {
        Db::lease_owners(self).await
    }

    async fn take_back(&self, owner: &str, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.take_back_leases(owner, now).await
    }

    async fn run_standing(&self, run: i32) -> Result<RunStanding, StoreError> {
        let run = self.digest_run(run).await?;
        Ok(RunStanding {
            paused: run.paused,
            failures: run.failures,
            pause_after: run.pause_after,
        })
    }

    async fn pause_runs(&self, runs: &[i32], reason: &str) -> Result<Vec<i32>, StoreError> {
        self.pause_digest_runs(runs, reason).await
    }
}
