//! The read model behind lists, dashboards, feeds and exports: every pledge in summary with
//! its state and the derived axes for a given day, held in persistent maps so that a change
//! makes a new catalog sharing all but what it touched, with the dashboard's aggregates
//! kept up to date beside it.

mod search;
pub mod tally;
mod update;

pub use search::{DEFAULT_PER_PAGE, Filter, MAX_PER_PAGE, PageOf, Sort};

use crate::actor::{Actor, ActorRole};
use crate::event::Event;
use crate::follow_up::PledgeState;
use crate::money::{Currency, Stage};
use crate::pledge::{Deadline, PledgeKind, Theme};
use crate::rates::RateTable;
use crate::schedule::DUE_SOON_DAYS;
use crate::status::{Flags, ScheduleStatus};
use crate::text::{Slug, Title};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tally::Tally;

/// One pledge as lists need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeSummary {
    pub slug: Slug,
    pub title: Title,
    pub summary: String,
    pub kind: PledgeKind,
    pub themes: Vec<Theme>,
    pub actors: Vec<(Slug, ActorRole)>,
    pub event: Option<Slug>,
    pub announced_on: NaiveDate,
    pub parent: Option<Slug>,
    pub deadline: Deadline,
    pub state: PledgeState,
    /// At least one checked source that is not a secondary report.
    pub verified: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// The computed axes of one pledge on the catalog's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Derived {
    pub schedule: ScheduleStatus,
    pub flags: Flags,
    pub due: Option<NaiveDate>,
    /// The lowest announced amount any source states, converted to the catalog currency:
    /// what lists sort by and what weighs a pledge's progress. Never a midpoint or an
    /// average, which no source would have stated. None without a convertible figure.
    pub announced_minor: Option<i64>,
    /// The highest announced amount any source states, converted likewise: with the
    /// lowest, the range a list shows when sources disagree or give a range.
    pub announced_max_minor: Option<i64>,
}

/// A pledge with what is derived from it, shared between catalogs that did not change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub summary: PledgeSummary,
    pub derived: Derived,
    /// Lower-cased slug, title and summary, for text search.
    pub haystack: String,
}

#[derive(Clone)]
pub struct Catalog {
    today: NaiveDate,
    currency: Currency,
    rates: Arc<RateTable>,
    pub(crate) entries: imbl::OrdMap<Slug, Arc<Entry>>,
    /// Pledges by the parent slug they name (whether or not that parent is present).
    pub(crate) children: imbl::HashMap<Slug, imbl::OrdSet<Slug>>,
    /// Pledges whose deadline is relative to an event, by event.
    pub(crate) relative_to: imbl::HashMap<Slug, imbl::OrdSet<Slug>>,
    actors: Arc<Vec<Actor>>,
    events: Arc<Vec<Event>>,
    pub(crate) tally: Tally,
}

impl Catalog {
    /// Builds the read model for `today`, converting announced money to `currency`.
    pub fn new(
        pledges: Vec<PledgeSummary>,
        mut actors: Vec<Actor>,
        mut events: Vec<Event>,
        rates: &RateTable,
        currency: Currency,
        today: NaiveDate,
    ) -> Self {
        actors.sort_by(|a, b| a.slug.cmp(&b.slug));
        events.sort_by(|a, b| a.slug.cmp(&b.slug));
        let mut catalog = Self {
            today,
            currency,
            rates: Arc::new(rates.clone()),
            entries: imbl::OrdMap::new(),
            children: imbl::HashMap::new(),
            relative_to: imbl::HashMap::new(),
            actors: Arc::new(actors),
            events: Arc::new(events),
            tally: Tally::default(),
        };
        for p in pledges {
            catalog.link(&p);
            let entry = catalog.entry(p);
            catalog
                .entries
                .insert(entry.summary.slug.clone(), Arc::new(entry));
        }
        catalog.tally = Tally::of(&catalog);
        catalog
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn rates(&self) -> &RateTable {
        &self.rates
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Every pledge's summary, in slug order: what [`Catalog::new`] was built from, as
    /// changed since.
    pub fn summaries(&self) -> impl Iterator<Item = &PledgeSummary> {
        self.entries.values().map(|e| &e.summary)
    }
    /// Every pledge, by slug.
    pub fn pledges(&self) -> impl Iterator<Item = (&PledgeSummary, &Derived)> {
        self.entries.values().map(|e| (&e.summary, &e.derived))
    }
    pub fn get(&self, slug: &Slug) -> Option<(&PledgeSummary, &Derived)> {
        self.entries.get(slug).map(|e| (&e.summary, &e.derived))
    }
    /// The pledges that name `slug` as their parent, by slug.
    pub fn children_of(&self, slug: &Slug) -> Vec<(&PledgeSummary, &Derived)> {
        self.children
            .get(slug)
            .map(|kids| kids.iter().filter_map(|k| self.get(k)).collect())
            .unwrap_or_default()
    }
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }
    pub fn actor(&self, slug: &Slug) -> Option<&Actor> {
        self.actors
            .binary_search_by(|a| a.slug.cmp(slug))
            .ok()
            .map(|i| &self.actors[i])
    }
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    pub fn event(&self, slug: &Slug) -> Option<&Event> {
        self.events
            .binary_search_by(|e| e.slug.cmp(slug))
            .ok()
            .map(|i| &self.events[i])
    }

    /// The dashboard's running aggregates.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    fn event_date(&self, slug: &Slug) -> Option<NaiveDate> {
        self.event(slug).and_then(Event::due_by)
    }

    /// A summary with its derived axes and search text, on this catalog's day.
    pub(crate) fn entry(&self, p: PledgeSummary) -> Entry {
        let derived = derive(
            &p,
            |s| self.event_date(s),
            &self.rates,
            self.currency,
            self.today,
        );
        let haystack = format!("{} {} {}", p.slug, p.title, p.summary).to_lowercase();
        Entry {
            summary: p,
            derived,
            haystack,
        }
    }

    /// Records the links a pledge makes: to its parent and to the event of its deadline.
    pub(crate) fn link(&mut self, p: &PledgeSummary) {
        if let Some(parent) = &p.parent {
            self.children
                .entry(parent.clone())
                .or_default()
                .insert(p.slug.clone());
        }
        if let Deadline::Relative { event, .. } = &p.deadline {
            self.relative_to
                .entry(event.clone())
                .or_default()
                .insert(p.slug.clone());
        }
    }

    pub(crate) fn unlink(&mut self, p: &PledgeSummary) {
        let drop_from = |map: &mut imbl::HashMap<Slug, imbl::OrdSet<Slug>>, key: &Slug| {
            if let Some(set) = map.get_mut(key) {
                set.remove(&p.slug);
                if set.is_empty() {
                    map.remove(key);
                }
            }
        };
        if let Some(parent) = &p.parent {
            drop_from(&mut self.children, parent);
        }
        if let Deadline::Relative { event, .. } = &p.deadline {
            drop_from(&mut self.relative_to, event);
        }
    }

    pub(crate) fn actors_mut(&mut self) -> &mut Vec<Actor> {
        Arc::make_mut(&mut self.actors)
    }
    pub(crate) fn events_mut(&mut self) -> &mut Vec<Event> {
        Arc::make_mut(&mut self.events)
    }
    pub(crate) fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }
}

impl PartialEq for Catalog {
    /// Two catalogs are equal when they hold the same pledges, actors, events, day and
    /// aggregates, however each was reached.
    fn eq(&self, other: &Self) -> bool {
        self.today == other.today
            && self.currency == other.currency
            && self.entries == other.entries
            && self.children == other.children
            && self.relative_to == other.relative_to
            && self.actors == other.actors
            && self.events == other.events
            && self.tally == other.tally
    }
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("today", &self.today)
            .field("pledges", &self.entries.len())
            .finish_non_exhaustive()
    }
}

fn derive(
    p: &PledgeSummary,
    event_date: impl Fn(&Slug) -> Option<NaiveDate>,
    rates: &RateTable,
    currency: Currency,
    today: NaiveDate,
) -> Derived {
    let due = p.deadline.resolve(&event_date);
    let schedule = crate::schedule::schedule_status(&p.deadline, &p.state, &event_date, today);
    let flags = crate::schedule::flags(p.announced_on, &p.state, today);
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for f in p
        .state
        .money
        .iter()
        .filter(|f| f.stage == Stage::Announced && f.counts())
    {
        if let Ok(c) = rates.convert(f.money, currency, f.value_date) {
            lo = lo.min(c.money.amount.min());
            hi = hi.max(c.money.amount.max());
        }
    }
    let found = lo != i64::MAX;
    Derived {
        schedule,
        flags,
        due,
        announced_minor: found.then_some(lo),
        announced_max_minor: found.then_some(hi),
    }
}

/// Whether a due date falls inside the due-soon window.
pub fn due_within(due: NaiveDate, today: NaiveDate) -> bool {
    (0..=DUE_SOON_DAYS).contains(&(due - today).num_days())
}
