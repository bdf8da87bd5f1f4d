//! The dashboard's running aggregates: counts, group rows, deadline lists and money totals
//! kept as sums that a change adjusts by what it touched (one pledge's counts, the money of
//! the families it left and joined), never by recounting the tracker.

use super::{Catalog, Entry};
use crate::money::Stage;
use crate::pledge::Theme;
use crate::rollup::{PledgeMoney, total};
use crate::status::{DeliveryStatus, ScheduleStatus, Strength};
use crate::text::Slug;
use crate::vocab::Progress;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// One row of a breakdown (theme, actor or event).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupTally {
    pub pledges: usize,
    pub delivered: usize,
    pub in_progress: usize,
    pub overdue: usize,
    pub announced_minor: i128,
}

/// Money at one stage: the range of the total, and how many pledges and figures it rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageTally {
    pub min: i128,
    pub max: i128,
    pub counted: usize,
    pub unconverted: usize,
}

/// What one family (a root pledge and all its descendants) adds to the money figures.
/// Totals never count a parent beside its children, so a family is the unit they are
/// summed over: a change inside one family leaves every other family's share as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Family {
    stages: Vec<StageTally>,
    weighted: i128,
    weight: i128,
    weighed: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    pub by_delivery: BTreeMap<DeliveryStatus, usize>,
    pub by_strength: BTreeMap<Strength, usize>,
    pub by_schedule: BTreeMap<ScheduleStatus, usize>,
    pub progress_sum: u64,
    pub contested: usize,
    pub unverified: usize,
    pub themes: BTreeMap<Theme, GroupTally>,
    pub actors: imbl::HashMap<Slug, GroupTally>,
    pub events: imbl::HashMap<Slug, GroupTally>,
    /// Overdue pledges by due date.
    pub overdue: imbl::OrdSet<(NaiveDate, Slug)>,
    /// Pledges not delivered that have a due date, by that date.
    pub open_due: imbl::OrdSet<(NaiveDate, Slug)>,
    /// Stale pledges by the date of their last news.
    pub stale: imbl::OrdSet<(NaiveDate, Slug)>,
    /// Money by stage, in `Stage::ALL` order.
    pub money: Vec<StageTally>,
    /// Announced amounts times progress, and the amounts, over the pledges counted.
    pub weighted: i128,
    pub weight: i128,
    pub weighed: usize,
    families: imbl::HashMap<Slug, Family>,
}

fn bump(n: &mut usize, add: bool) {
    if add {
        *n += 1;
    } else {
        *n = n.saturating_sub(1);
    }
}

fn bump_key<K: Ord>(map: &mut BTreeMap<K, usize>, key: K, add: bool) {
    let n = map.entry(key).or_default();
    bump(n, add);
    if *n == 0 {
        map.retain(|_, v| *v > 0);
    }
}

fn bump_group(g: &mut GroupTally, e: &Entry, add: bool) {
    let sign = if add { 1 } else { -1 };
    bump(&mut g.pledges, add);
    if e.summary.state.delivery == DeliveryStatus::Delivered {
        bump(&mut g.delivered, add);
    }
    if e.summary.state.delivery == DeliveryStatus::InProgress {
        bump(&mut g.in_progress, add);
    }
    if e.derived.schedule == ScheduleStatus::Overdue {
        bump(&mut g.overdue, add);
    }
    g.announced_minor += sign * i128::from(e.derived.announced_minor.unwrap_or(0));
}

fn bump_map(map: &mut imbl::HashMap<Slug, GroupTally>, key: &Slug, e: &Entry, add: bool) {
    let g = map.entry(key.clone()).or_default();
    bump_group(g, e, add);
    if g.pledges == 0 {
        map.remove(key);
    }
}

fn set_member<T: Ord + Clone>(set: &mut imbl::OrdSet<T>, item: T, add: bool) {
    if add {
        set.insert(item);
    } else {
        set.remove(&item);
    }
}

fn percent(e: &Entry) -> u8 {
    e.summary
        .state
        .effective_progress()
        .map_or(0, Progress::percent)
}

/// The root of the family `slug` belongs to: its furthest ancestor in the catalog.
pub(crate) fn root_of(c: &Catalog, slug: &Slug) -> Slug {
    let mut seen = HashSet::new();
    let mut cursor = slug.clone();
    while let Some(parent) = c
        .entries
        .get(&cursor)
        .and_then(|e| e.summary.parent.clone())
    {
        if !c.entries.contains_key(&parent) || !seen.insert(cursor.clone()) {
            break;
        }
        cursor = parent;
    }
    cursor
}

fn family_of(c: &Catalog, root: &Slug) -> Family {
    let mut members = Vec::new();
    let mut stack = vec![root.clone()];
    let mut seen = HashSet::new();
    while let Some(s) = stack.pop() {
        if !seen.insert(s.clone()) {
            continue;
        }
        if let Some(e) = c.entries.get(&s) {
            members.push(&**e);
            if let Some(kids) = c.children.get(&s) {
                stack.extend(kids.iter().cloned());
            }
        }
    }
    let input: Vec<PledgeMoney> = members
        .iter()
        .map(|e| PledgeMoney {
            slug: &e.summary.slug,
            parent: e.summary.parent.as_ref(),
            figures: &e.summary.state.money,
        })
        .collect();
    let parent_of = |s: &Slug| c.entries.get(s).and_then(|e| e.summary.parent.as_ref());
    let mut family = Family::default();
    for stage in Stage::ALL {
        let t = total(&input, parent_of, *stage, c.currency(), c.rates());
        if *stage == Stage::Announced {
            for slug in &t.counted {
                if let Some(e) = c.entries.get(slug)
                    && let Some(amount) = e.derived.announced_minor
                {
                    family.weighted += i128::from(amount) * i128::from(percent(e));
                    family.weight += i128::from(amount);
                    family.weighed += 1;
                }
            }
        }
        family.stages.push(StageTally {
            min: i128::from(t.min),
            max: i128::from(t.max),
            counted: t.counted.len(),
            unconverted: t.unconverted.len(),
        });
    }
    family
}

impl Tally {
    /// The aggregates of a whole catalog, from nothing.
    pub(crate) fn of(c: &Catalog) -> Self {
        let mut t = Self {
            money: vec![StageTally::default(); Stage::ALL.len()],
            ..Self::default()
        };
        let mut roots = Vec::new();
        for e in c.entries.values() {
            t.pledge(e, true);
            let is_root = e
                .summary
                .parent
                .as_ref()
                .is_none_or(|p| !c.entries.contains_key(p));
            if is_root {
                roots.push(e.summary.slug.clone());
            }
        }
        for r in roots {
            t.family(c, &r, true);
        }
        t
    }

    /// Adds or takes away one pledge's counts, group rows and list places.
    pub(crate) fn pledge(&mut self, e: &Entry, add: bool) {
        let (p, d) = (&e.summary, &e.derived);
        bump(&mut self.total, add);
        bump_key(&mut self.by_delivery, p.state.delivery, add);
        bump_key(&mut self.by_strength, p.state.strength, add);
        bump_key(&mut self.by_schedule, d.schedule, add);
        let pct = u64::from(percent(e));
        if add {
            self.progress_sum += pct;
        } else {
            self.progress_sum -= pct;
        }
        if d.flags.contested {
            bump(&mut self.contested, add);
        }
        if !p.verified {
            bump(&mut self.unverified, add);
        }
        for theme in &p.themes {
            let g = self.themes.entry(*theme).or_default();
            bump_group(g, e, add);
            if g.pledges == 0 {
                self.themes.remove(theme);
            }
        }
        let mut seen = Vec::new();
        for (actor, _) in &p.actors {
            if !seen.contains(&actor) {
                seen.push(actor);
                bump_map(&mut self.actors, actor, e, add);
            }
        }
        if let Some(event) = &p.event {
            bump_map(&mut self.events, event, e, add);
        }
        if let Some(due) = d.due {
            if d.schedule == ScheduleStatus::Overdue {
                set_member(&mut self.overdue, (due, p.slug.clone()), add);
            }
            if p.state.delivery != DeliveryStatus::Delivered {
                set_member(&mut self.open_due, (due, p.slug.clone()), add);
            }
        }
        if d.flags.stale {
            let news = p.state.last_follow_up_on.unwrap_or(p.announced_on);
            set_member(&mut self.stale, (news, p.slug.clone()), add);
        }
    }

    /// Adds the money of the family rooted at `root` as the catalog now has it, or takes
    /// away what that family added when it was last counted.
    pub(crate) fn family(&mut self, c: &Catalog, root: &Slug, add: bool) {
        let f = if add {
            let f = family_of(c, root);
            self.families.insert(root.clone(), f.clone());
            f
        } else {
            match self.families.remove(root) {
                Some(f) => f,
                None => return,
            }
        };
        let sign = if add { 1 } else { -1 };
        if self.money.len() < f.stages.len() {
            self.money.resize(f.stages.len(), StageTally::default());
        }
        for (sum, part) in self.money.iter_mut().zip(&f.stages) {
            sum.min += sign * part.min;
            sum.max += sign * part.max;
            sum.counted = (sum.counted as i128 + sign * part.counted as i128) as usize;
            sum.unconverted = (sum.unconverted as i128 + sign * part.unconverted as i128) as usize;
        }
        self.weighted += sign * f.weighted;
        self.weight += sign * f.weight;
        self.weighed = (self.weighed as i128 + sign * f.weighed as i128) as usize;
    }
}
