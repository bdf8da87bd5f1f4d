//! The [`Db`] methods over pledges, follow-ups, reference data (sources, events, actors),
//! the feed, the catalog's bulk reads, rates and accounts, each a thin call into the module
//! that owns those tables (`pledges`, `follow_ups`, `reference`, …) that owns its
//! transaction: reads through the reader pool, writes through the writer or [`Db::apply`].
//! The other `Db` methods live beside their own tables: `apply`, `auth`, `changes`,
//! `subscriptions`, `outbox`, `digest_runs`, `edits`, `lifecycle`, `retention`,
//! `snapshots`, `secrets` and `probe`.

use crate::apply::{Author, Change, Outcome};
use crate::db::Db;
use crate::error::StoreResult;
use crate::feed::{FeedScope, FollowUpEntry};
use crate::follow_ups::Recorded;
use crate::mapping::{self, PledgeRecord, StoredPledge};
use crate::{accounts, catalog, feed, follow_ups, rates, reference};
use chrono::{DateTime, NaiveDate, Utc};
use domain::catalog::PledgeSummary;
use domain::*;
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

    /// Adds an event (through [`Db::apply`], so it is audited and logged).
    pub async fn insert_event(&self, e: &Event, cited: &[Slug]) -> StoreResult<()> {
        let change = Change::CreateEvent {
            event: e.clone(),
            cited: cited.to_vec(),
        };
        self.apply(change, Author::SYSTEM, Utc::now())
            .await
            .map(drop)
    }

    /// An event with the sources that date it.
    pub async fn event(&self, slug: &Slug) -> StoreResult<(Event, Vec<Slug>)> {
        reference::get_event(&self.read, slug).await
    }

    pub async fn event_dates(&self) -> StoreResult<HashMap<Slug, Option<NaiveDate>>> {
        reference::event_dates(&self.read).await
    }

    /// Adds an actor (through [`Db::apply`], so it is audited and logged).
    pub async fn insert_actor(&self, a: &Actor) -> StoreResult<()> {
        self.apply(Change::CreateActor(a.clone()), Author::SYSTEM, Utc::now())
            .await
            .map(drop)
    }

    /// Replaces an actor's fields; returns what it was.
    pub async fn update_actor(&self, a: &Actor) -> StoreResult<Actor> {
        match self
            .apply(Change::CorrectActor(a.clone()), Author::SYSTEM, Utc::now())
            .await?
            .outcome
        {
            Outcome::ActorCorrected { old } => Ok(old),
            _ => Err(crate::StoreError::Corrupt("correcting an actor".into())),
        }
    }

    /// Replaces an event's fields and sources; returns what it was.
    pub async fn update_event(&self, e: &Event, cited: &[Slug]) -> StoreResult<(Event, Vec<Slug>)> {
        let change = Change::CorrectEvent {
            event: e.clone(),
            cited: cited.to_vec(),
        };
        match self
            .apply(change, Author::SYSTEM, Utc::now())
            .await?
            .outcome
        {
            Outcome::EventCorrected { old } => Ok(old),
            _ => Err(crate::StoreError::Corrupt("correcting an event".into())),
        }
    }

    pub async fn actor(&self, slug: &Slug) -> StoreResult<Actor> {
        reference::get_actor(&self.read, slug).await
    }

    /// Adds a pledge as the system (through [`Db::apply`]).
    pub async fn insert_pledge(&self, p: &Pledge, now: DateTime<Utc>) -> StoreResult<i32> {
        self.create_pledge(p, Author::SYSTEM.name, now).await
    }

    pub async fn pledge(&self, slug: &Slug) -> StoreResult<PledgeRecord> {
        catalog::get_pledge(&self.read, slug).await
    }

    pub async fn pledge_slugs(&self) -> StoreResult<Vec<Slug>> {
        catalog::pledge_slugs(&self.read).await
    }

    pub async fn parent_links(&self) -> StoreResult<HashMap<Slug, Slug>> {
        catalog::parent_links(&self.read).await
    }

    /// Records a follow-up under the draft's author (through [`Db::apply`]).
    pub async fn record_follow_up(
        &self,
        pledge: &Slug,
        draft: Draft,
        submission_key: Option<&str>,
    ) -> StoreResult<Recorded> {
        let author = draft.author.clone();
        let change = Change::RecordFollowUp {
            pledge: pledge.clone(),
            draft,
            submission_key: submission_key.map(str::to_owned),
        };
        let applied = self
            .apply(change, Author::named(&author), Utc::now())
            .await?;
        match applied.outcome {
            Outcome::FollowUp(r) => Ok(r),
            _ => Err(crate::StoreError::Corrupt("recording a follow-up".into())),
        }
    }

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
            .map(mapping::into_summary)
            .collect())
    }

    /// Every pledge whole, with its state, in a fixed number of queries.
    pub async fn all_pledges(&self) -> StoreResult<Vec<StoredPledge>> {
        catalog::load_records(&self.read, None).await
    }

    /// These pledges whole, in the order given; unknown slugs are left out.
    pub async fn pledges_by_slug(&self, slugs: &[Slug]) -> StoreResult<Vec<StoredPledge>> {
        let ids = catalog::pledge_ids(&self.read, slugs).await?;
        let wanted: Vec<i32> = slugs.iter().filter_map(|s| ids.get(s).copied()).collect();
        let mut by_id: HashMap<i32, StoredPledge> =
            catalog::load_records(&self.read, Some(&wanted))
                .await?
                .into_iter()
                .map(|s| (s.record.id, s))
                .collect();
        Ok(wanted.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// The summaries of these pledges that are not deleted, for the read model to follow a
    /// change: a few indexed queries, whatever the size of the tracker.
    pub async fn live_summaries(&self, slugs: &[Slug]) -> StoreResult<Vec<PledgeSummary>> {
        Ok(self
            .pledges_by_slug(slugs)
            .await?
            .into_iter()
            .filter(|s| !s.deleted)
            .map(mapping::into_summary)
            .collect())
    }

    pub async fn actors(&self) -> StoreResult<Vec<Actor>> {
        catalog::actors_all(&self.read).await
    }

    pub async fn events(&self) -> StoreResult<Vec<Event>> {
        catalog::events_all(&self.read).await
    }

    pub async fn recent_follow_ups(
        &self,
        scope: &FeedScope,
        limit: u64,
    ) -> StoreResult<Vec<FollowUpEntry>> {
        feed::recent(&self.read, scope, None, limit).await
    }

    /// Up to `limit` follow-ups in scope with ids below `before`, newest first: the page
    /// of the follow-up list after the one that ended at `before`.
    pub async fn follow_ups_before(
        &self,
        scope: &FeedScope,
        before: i32,
        limit: u64,
    ) -> StoreResult<Vec<FollowUpEntry>> {
        feed::recent(&self.read, scope, Some(before), limit).await
    }

    pub async fn follow_ups_after(
        &self,
        after: i32,
        limit: u64,
    ) -> StoreResult<Vec<FollowUpEntry>> {
        feed::batch_after(&self.read, after, limit).await
    }
}
