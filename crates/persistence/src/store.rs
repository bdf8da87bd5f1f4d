//! The public face of storage: methods on [`Db`] that each own their transaction, reading
//! through the reader pool and writing through the writer.

use crate::db::Db;
use crate::error::StoreResult;
use crate::feed::{FeedScope, FollowUpEntry};
use crate::follow_ups::Recorded;
use crate::pledges::PledgeRecord;
use crate::{accounts, catalog, feed, follow_ups, pledges, rates, reference};
use chrono::{DateTime, NaiveDate, Utc};
use domain::catalog::PledgeSummary;
use domain::*;
use sea_orm::TransactionTrait;
use std::collections::HashMap;

impl Db {
    pub async fn insert_source(&self, s: &Source) -> StoreResult<i32> {
        reference::insert_source(&self.write, s).await
    }

    pub async fn source(&self, slug: &Slug) -> StoreResult<Source> {
        reference::get_source(&self.read, slug).await
    }

    pub async fn sources(&self) -> StoreResult<Vec<Source>> {
        reference::list_sources(&self.read).await
    }

    pub async fn insert_event(&self, e: &Event, cited: &[Slug]) -> StoreResult<i32> {
        let txn = self.write.begin().await?;
        let id = reference::insert_event(&txn, e, cited).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// An event with the sources that date it.
    pub async fn event(&self, slug: &Slug) -> StoreResult<(Event, Vec<Slug>)> {
        reference::get_event(&self.read, slug).await
    }

    pub async fn event_dates(&self) -> StoreResult<HashMap<Slug, Option<NaiveDate>>> {
        reference::event_dates(&self.read).await
    }

    pub async fn insert_actor(&self, a: &Actor) -> StoreResult<i32> {
        let txn = self.write.begin().await?;
        let id = reference::insert_actor(&txn, a).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Replaces an actor's fields; returns what it was.
    pub async fn update_actor(&self, a: &Actor) -> StoreResult<Actor> {
        let txn = self.write.begin().await?;
        let old = reference::update_actor(&txn, a).await?;
        txn.commit().await?;
        Ok(old)
    }

    /// Replaces an event's fields and sources; returns what it was.
    pub async fn update_event(&self, e: &Event, cited: &[Slug]) -> StoreResult<(Event, Vec<Slug>)> {
        let txn = self.write.begin().await?;
        let old = reference::update_event(&txn, e, cited).await?;
        txn.commit().await?;
        Ok(old)
    }

    pub async fn actor(&self, slug: &Slug) -> StoreResult<Actor> {
        reference::get_actor(&self.read, slug).await
    }

    pub async fn insert_pledge(&self, p: &Pledge, now: DateTime<Utc>) -> StoreResult<i32> {
        let txn = self.write.begin().await?;
        let id = pledges::insert_pledge(&txn, p, now).await?;
        txn.commit().await?;
        Ok(id)
    }

    pub async fn pledge(&self, slug: &Slug) -> StoreResult<PledgeRecord> {
        pledges::get_pledge(&self.read, slug).await
    }

    pub async fn pledge_slugs(&self) -> StoreResult<Vec<Slug>> {
        pledges::pledge_slugs(&self.read).await
    }

    pub async fn parent_links(&self) -> StoreResult<HashMap<Slug, Slug>> {
        pledges::parent_links(&self.read).await
    }

    /// See [`follow_ups::record_follow_up`].
    pub async fn record_follow_up(
        &self,
        pledge: &Slug,
        draft: Draft,
        submission_key: Option<&str>,
    ) -> StoreResult<Recorded> {
        follow_ups::record_follow_up(self, pledge, draft, submission_key).await
    }

    /// A pledge's follow-ups, oldest first, with their ids.
    pub async fn history(&self, pledge: &Slug) -> StoreResult<Vec<(i32, FollowUp)>> {
        follow_ups::history(&self.read, pledge).await
    }

    pub async fn rate_table(&self) -> StoreResult<RateTable> {
        rates::rate_table(&self.read).await
    }

    pub async fn rate_count(&self) -> StoreResult<u64> {
        rates::rate_count(&self.read).await
    }

    pub async fn insert_user(&self, u: &User, now: DateTime<Utc>) -> StoreResult<i32> {
        accounts::insert_user(&self.write, u, now).await
    }

    pub async fn user(&self, email: &EmailAddress) -> StoreResult<User> {
        accounts::get_user(&self.read, email).await
    }

    pub async fn users(&self) -> StoreResult<Vec<User>> {
        accounts::list_users(&self.read).await
    }

    pub async fn insert_subscription(
        &self,
        s: &Subscription,
        now: DateTime<Utc>,
    ) -> StoreResult<i32> {
        crate::subscriptions::insert_subscription(&self.write, s, now).await
    }

    pub async fn subscription(&self, id: i32) -> StoreResult<Subscription> {
        Ok(self.subscription_record(id).await?.subscription)
    }

    /// Every pledge in summary, for the read model.
    pub async fn pledge_summaries(&self) -> StoreResult<Vec<PledgeSummary>> {
        Ok(catalog::load_records(&self.read, None)
            .await?
            .into_iter()
            .map(catalog::into_summary)
            .collect())
    }

    /// Every pledge whole, with its state, in a fixed number of queries.
    pub async fn all_pledges(&self) -> StoreResult<Vec<catalog::StoredPledge>> {
        catalog::load_records(&self.read, None).await
    }

    /// These pledges whole, in the order given; unknown slugs are left out.
    pub async fn pledges_by_slug(&self, slugs: &[Slug]) -> StoreResult<Vec<catalog::StoredPledge>> {
        let ids = pledges::pledge_ids(&self.read, slugs).await?;
        let wanted: Vec<i32> = slugs.iter().filter_map(|s| ids.get(s).copied()).collect();
        let mut by_id: HashMap<i32, catalog::StoredPledge> =
            catalog::load_records(&self.read, Some(&wanted))
                .await?
                .into_iter()
                .map(|s| (s.record.id, s))
                .collect();
        Ok(wanted.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    pub async fn actors(&self) -> StoreResult<Vec<Actor>> {
        catalog::actors_all(&self.read).await
    }

    pub async fn events(&self) -> StoreResult<Vec<Event>> {
        catalog::events_all(&self.read).await
    }

    /// A value that changes whenever the read model would.
    pub async fn fingerprint(&self) -> StoreResult<String> {
        catalog::fingerprint(&self.read).await
    }

    pub async fn recent_follow_ups(
        &self,
        scope: &FeedScope,
        limit: u64,
    ) -> StoreResult<Vec<FollowUpEntry>> {
        feed::recent(&self.read, scope, limit).await
    }

    pub async fn follow_ups_after(
        &self,
        after: i32,
        limit: u64,
    ) -> StoreResult<Vec<FollowUpEntry>> {
        feed::batch_after(&self.read, after, limit).await
    }
}
