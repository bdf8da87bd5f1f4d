//! The summit seed data: parsing the TOML files in `seeds/` through the domain's input
//! constructors, and bringing a database up to them in one transaction (what is missing
//! added, what the seed still owns corrected, its follow-ups recorded once), so seeding
//! twice changes nothing and a bad seed writes nothing.

mod update;

use crate::apply::{Author, Change, apply_in};
use crate::db::Db;
use crate::entities::{
    pledge::pledges,
    reference::{actors, events, sources},
};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use domain::input::{
    ActorInput, EventInput, FollowUpInput, KeyedFollowUp, PledgeInput, SourceInput,
};
use domain::{Actor, DatedRate, Event, Pledge, Slug, Source, hierarchy};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// The seed files as text, so tests can load variants of them.
#[derive(Debug, Clone)]
pub struct SeedFiles {
    pub sources: String,
    pub events: String,
    pub actors: String,
    pub pledges: String,
    pub follow_ups: String,
    pub rates_csv: String,
}

impl SeedFiles {
    /// The files shipped in `seeds/`, embedded in the binary.
    pub fn builtin() -> Self {
        Self {
            sources: include_str!("../../../../seeds/sources.toml").to_owned(),
            events: include_str!("../../../../seeds/events.toml").to_owned(),
            actors: include_str!("../../../../seeds/actors.toml").to_owned(),
            pledges: include_str!("../../../../seeds/pledges.toml").to_owned(),
            follow_ups: include_str!("../../../../seeds/follow-ups.toml").to_owned(),
            rates_csv: crate::rates::ECB_RATES_CSV.to_owned(),
        }
    }
}

/// Seed data parsed into domain values.
#[derive(Debug, Clone)]
pub struct SeedData {
    pub sources: Vec<Source>,
    pub events: Vec<(Event, Vec<Slug>)>,
    pub actors: Vec<Actor>,
    pub pledges: Vec<Pledge>,
    /// Dated follow-ups, recorded in this order.
    pub follow_ups: Vec<KeyedFollowUp>,
    pub rates: Vec<DatedRate>,
}

#[derive(Deserialize)]
struct SourcesFile {
    #[serde(default)]
    source: Vec<SourceInput>,
}
#[derive(Deserialize)]
struct EventsFile {
    #[serde(default)]
    event: Vec<EventInput>,
}
#[derive(Deserialize)]
struct ActorsFile {
    #[serde(default)]
    actor: Vec<ActorInput>,
}
#[derive(Deserialize)]
struct PledgesFile {
    #[serde(default)]
    pledge: Vec<PledgeInput>,
}
#[derive(Deserialize)]
struct FollowUpsFile {
    #[serde(default)]
    follow_up: Vec<FollowUpInput>,
}

fn seed_error(file: &str, index: usize, slug: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::InvalidSeed(format!("{file}: entry {} ({slug}): {e}", index + 1))
}

fn parse_toml<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> StoreResult<T> {
    toml::from_str(text).map_err(|e| StoreError::InvalidSeed(format!("{file}: {e}")))
}

/// Parses every entry of one file, naming the file, the entry's place and its key in the
/// first error.
fn each<I, T>(
    file: &str,
    inputs: &[I],
    key: impl Fn(&I) -> &str,
    parse: impl Fn(&I) -> domain::DomainResult<T>,
) -> StoreResult<Vec<T>> {
    inputs
        .iter()
        .enumerate()
        .map(|(i, x)| parse(x).map_err(|e| seed_error(file, i, key(x), e)))
        .collect()
}

pub fn parse(files: &SeedFiles) -> StoreResult<SeedData> {
    let file = "sources.toml";
    let sources = each(
        file,
        &parse_toml::<SourcesFile>(file, &files.sources)?.source,
        |s| &s.slug,
        SourceInput::parse,
    )?;
    let file = "events.toml";
    let events = each(
        file,
        &parse_toml::<EventsFile>(file, &files.events)?.event,
        |e| &e.slug,
        EventInput::parse,
    )?;
    let file = "actors.toml";
    let actors = each(
        file,
        &parse_toml::<ActorsFile>(file, &files.actors)?.actor,
        |a| &a.slug,
        ActorInput::parse,
    )?;
    let file = "pledges.toml";
    let pledges = each(
        file,
        &parse_toml::<PledgesFile>(file, &files.pledges)?.pledge,
        |p| &p.slug,
        PledgeInput::parse,
    )?;
    let links: HashMap<Slug, Slug> = pledges
        .iter()
        .filter_map(|p| p.parent().map(|parent| (p.slug().clone(), parent.clone())))
        .collect();
    hierarchy::check_no_cycles(&links)?;
    let author = crate::apply::Author::SYSTEM.name;
    let file = "follow-ups.toml";
    let follow_ups = each(
        file,
        &parse_toml::<FollowUpsFile>(file, &files.follow_ups)?.follow_up,
        |f| &f.key,
        |f| f.parse(author, Utc::now()),
    )?;
    let mut keys = HashSet::new();
    if let Some(twice) = follow_ups.iter().find(|f| !keys.insert(&f.key)) {
        return Err(StoreError::InvalidSeed(format!(
            "follow-ups.toml: the key {} is used twice",
            twice.key
        )));
    }
    let rates = crate::rates::parse_rates_csv(&files.rates_csv)
        .map_err(|e| StoreError::InvalidSeed(format!("rates: {e}")))?;
    Ok(SeedData {
        sources,
        events,
        actors,
        pledges,
        follow_ups,
        rates,
    })
}

/// What one seeding run added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub sources: usize,
    pub events: usize,
    pub actors: usize,
    pub pledges: usize,
    pub follow_ups: usize,
    pub rates: usize,
    /// Stored records the seed changed (sources, events, actors, pledges).
    pub corrected: usize,
    /// Records that differ from the seed but that editors have changed since it seeded
    /// them: left as the editors made them.
    pub kept: Vec<String>,
}

impl SeedReport {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

async fn existing_slugs<C: ConnectionTrait>(conn: &C) -> StoreResult<[HashSet<String>; 4]> {
    Ok([
        sources::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|m| m.slug)
            .collect(),
        events::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|m| m.slug)
            .collect(),
        actors::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|m| m.slug)
            .collect(),
        pledges::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|m| m.slug)
            .collect(),
    ])
}

/// Orders actors so that members come before the coalitions that list them.
fn members_first<'a>(
    actors: &'a [Actor],
    present: &'a HashSet<String>,
) -> StoreResult<Vec<&'a Actor>> {
    let mut placed: HashSet<&str> = present.iter().map(String::as_str).collect();
    let mut pending: Vec<&Actor> = actors.iter().collect();
    let mut ordered = Vec::with_capacity(actors.len());
    while !pending.is_empty() {
        let before = pending.len();
        let mut rest = Vec::new();
        for a in pending {
            if a.members.iter().all(|m| placed.contains(m.as_str())) {
                placed.insert(a.slug.as_str());
                ordered.push(a);
            } else {
                rest.push(a);
            }
        }
        if rest.len() == before {
            let names: Vec<&str> = rest.iter().map(|a| a.slug.as_str()).collect();
            return Err(StoreError::InvalidSeed(format!(
                "actors.toml: members of {} are missing or circular",
                names.join(", ")
            )));
        }
        pending = rest;
    }
    Ok(ordered)
}

/// Brings the database up to `data`, all or nothing: inserts whatever is not yet stored
/// (matched by slug; rates by currency and date), corrects what the seed still owns (see
/// [`update::correct`]) and records the seed's follow-ups not yet recorded. Every actor,
/// event, pledge and follow-up goes through the same path as a form, so each is audited
/// and in the change log.
pub async fn load(db: &Db, data: &SeedData, now: DateTime<Utc>) -> StoreResult<SeedReport> {
    let txn = db.begin_write().await?;
    let have = existing_slugs(&txn).await?;
    let mut report = SeedReport::default();
    let [have_sources, have_events, have_actors, have_pledges] = &have;
    for s in data
        .sources
        .iter()
        .filter(|s| !have_sources.contains(s.slug.as_str()))
    {
        crate::reference::insert_source(&txn, s).await?;
        report.sources += 1;
    }
    for (e, cited) in data
        .events
        .iter()
        .filter(|(e, _)| !have_events.contains(e.slug.as_str()))
    {
        let change = Change::CreateEvent {
            event: e.clone(),
            cited: cited.clone(),
        };
        apply_in(db, &txn, change, Author::SYSTEM, now).await?;
        report.events += 1;
    }
    let new_actors: Vec<Actor> = data
        .actors
        .iter()
        .filter(|a| !have_actors.contains(a.slug.as_str()))
        .cloned()
        .collect();
    for a in members_first(&new_actors, have_actors)? {
        apply_in(
            db,
            &txn,
            Change::CreateActor(a.clone()),
            Author::SYSTEM,
            now,
        )
        .await?;
        report.actors += 1;
    }
    for p in data
        .pledges
        .iter()
        .filter(|p| !have_pledges.contains(p.slug().as_str()))
    {
        apply_in(
            db,
            &txn,
            Change::CreatePledge(p.clone()),
            Author::SYSTEM,
            now,
        )
        .await?;
        report.pledges += 1;
    }
    // Corrections after the additions: a corrected pledge may name a new parent.
    update::correct(db, &txn, data, &have, now, &mut report).await?;
    update::record_follow_ups(db, &txn, &data.follow_ups, now, &mut report).await?;
    let ecb = Slug::parse("source", crate::rates::ECB_SOURCE_SLUG)?;
    report.rates = crate::rates::load_rates(&txn, &data.rates, &ecb).await?;
    txn.commit().await?;
    Ok(report)
}

/// True when the database holds no pledge yet (a first start).
pub async fn is_empty(db: &Db) -> StoreResult<bool> {
    Ok(pledges::Entity::find()
        .filter(pledges::Column::Id.gt(0))
        .one(&db.read)
        .await?
        .is_none())
}
