//! The dashboard's figures, derived from the catalog: counts with their denominators, money
//! by stage in one currency without double counting, progress by count and by money,
//! breakdowns, and the deadline and staleness lists.

use crate::catalog::{Catalog, Derived, PledgeSummary, due_within};
use crate::money::Stage;
use crate::rates::RateTable;
use crate::rollup::{PledgeMoney, total};
use crate::status::{DeliveryStatus, ScheduleStatus, Strength};
use crate::text::Slug;
use crate::vocab::Progress;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub code: &'static str,
    pub label: &'static str,
    pub count: usize,
    /// Whole percent of the denominator, for bar widths; the count is always shown too.
    pub percent: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct MoneyAtStage {
    pub stage: &'static str,
    pub label: &'static str,
    pub min: i64,
    pub max: i64,
    /// Pledges whose own figures make up the total.
    pub pledges_counted: usize,
    /// Figures that could not be converted (no rate for their value date).
    pub unconverted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub slug: String,
    pub name: String,
    pub pledges: usize,
    pub delivered: usize,
    pub in_progress: usize,
    pub overdue: usize,
    pub announced_minor: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Due {
    pub slug: Slug,
    pub title: String,
    pub due: NaiveDate,
    pub delivery: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub currency: &'static str,
    pub rates_source: String,
    pub total: usize,
    pub by_delivery: Vec<Count>,
    pub by_strength: Vec<Count>,
    pub by_schedule: Vec<Count>,
    pub money: Vec<MoneyAtStage>,
    /// Mean progress over all pledges, those with none counting as 0.
    pub progress_by_count: u8,
    /// Progress weighted by each pledge's announced amount, over the pledges the announced
    /// total counts (parents or their children, never both).
    pub progress_by_money: Option<u8>,
    pub progress_by_money_basis: i64,
    pub progress_by_money_pledges: usize,
    pub by_theme: Vec<Group>,
    pub by_actor: Vec<Group>,
    pub by_event: Vec<Group>,
    pub overdue: Vec<Due>,
    pub due_soon: Vec<Due>,
    pub stale: Vec<Due>,
    pub stale_count: usize,
    pub contested_count: usize,
    pub unverified_count: usize,
}

fn counts<T: Copy + Eq + std::hash::Hash>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    values: impl Iterator<Item = T>,
    denominator: usize,
) -> Vec<Count> {
    let mut tally: HashMap<T, usize> = HashMap::new();
    for v in values {
        *tally.entry(v).or_default() += 1;
    }
    all.iter()
        .map(|v| {
            let count = tally.get(v).copied().unwrap_or(0);
            Count {
                code: code(*v),
                label: label(*v),
                count,
                percent: (count * 100).checked_div(denominator).unwrap_or(0) as u32,
            }
        })
        .collect()
}

fn group_row(slug: String, name: String, members: &[(&PledgeSummary, &Derived)]) -> Group {
    Group {
        slug,
        name,
        pledges: members.len(),
        delivered: members
            .iter()
            .filter(|(p, _)| p.state.delivery == DeliveryStatus::Delivered)
            .count(),
        in_progress: members
            .iter()
            .filter(|(p, _)| p.state.delivery == DeliveryStatus::InProgress)
            .count(),
        overdue: members
            .iter()
            .filter(|(_, d)| d.schedule == ScheduleStatus::Overdue)
            .count(),
        announced_minor: members.iter().filter_map(|(_, d)| d.announced_minor).sum(),
    }
}

const LIST_LIMIT: usize = 20;
const GROUP_LIMIT: usize = 15;

pub fn build(catalog: &Catalog, rates: &RateTable) -> Dashboard {
    let today = catalog.today();
    let all: Vec<(&PledgeSummary, &Derived)> = catalog.pledges().collect();
    let n = all.len();

    let parents: HashMap<&Slug, &Slug> = all
        .iter()
        .filter_map(|(p, _)| p.parent.as_ref().map(|parent| (&p.slug, parent)))
        .collect();
    let money_input: Vec<PledgeMoney> = all
        .iter()
        .map(|(p, _)| PledgeMoney {
            slug: &p.slug,
            parent: p.parent.as_ref(),
            figures: &p.state.money,
        })
        .collect();
    let mut announced_counted = Vec::new();
    let money = Stage::ALL
        .iter()
        .map(|stage| {
            let t = total(
                &money_input,
                |s| parents.get(s).copied(),
                *stage,
                catalog.currency(),
                rates,
            );
            if *stage == Stage::Announced {
                announced_counted = t.counted.clone();
            }
            MoneyAtStage {
                stage: stage.code(),
                label: stage.label(),
                min: t.min,
                max: t.max,
                pledges_counted: t.counted.len(),
                unconverted: t.unconverted.len(),
            }
        })
        .collect();

    let progress_sum: u64 = all
        .iter()
        .map(|(p, _)| u64::from(p.state.effective_progress().map_or(0, Progress::percent)))
        .sum();
    let progress_by_count = if n == 0 {
        0
    } else {
        (progress_sum / n as u64) as u8
    };
    let (mut weighted, mut weight, mut weighed) = (0_i128, 0_i128, 0_usize);
    for slug in &announced_counted {
        if let Some((p, d)) = catalog.get(slug)
            && let Some(amount) = d.announced_minor
        {
            let pct = p.state.effective_progress().map_or(0, Progress::percent);
            weighted += i128::from(amount) * i128::from(pct);
            weight += i128::from(amount);
            weighed += 1;
        }
    }
    let progress_by_money = (weight > 0).then(|| (weighted / weight) as u8);

    let mut theme_groups: BTreeMap<crate::pledge::Theme, Vec<(&PledgeSummary, &Derived)>> =
        BTreeMap::new();
    let mut actor_groups: HashMap<&Slug, Vec<(&PledgeSummary, &Derived)>> = HashMap::new();
    let mut event_groups: HashMap<&Slug, Vec<(&PledgeSummary, &Derived)>> = HashMap::new();
    for pd in &all {
        for t in &pd.0.themes {
            theme_groups.entry(*t).or_default().push(*pd);
        }
        let mut seen = Vec::new();
        for (a, _) in &pd.0.actors {
            if !seen.contains(&a) {
                seen.push(a);
                actor_groups.entry(a).or_default().push(*pd);
            }
        }
        if let Some(e) = &pd.0.event {
            event_groups.entry(e).or_default().push(*pd);
        }
    }
    let by_theme = theme_groups
        .iter()
        .map(|(t, m)| group_row(t.code().to_owned(), t.label().to_owned(), m))
        .collect();
    let mut by_actor: Vec<Group> = actor_groups
        .iter()
        .map(|(slug, m)| {
            let name = catalog
                .actor(slug)
                .map_or_else(|| slug.to_string(), |a| a.name.to_string());
            group_row(slug.to_string(), name, m)
        })
        .collect();
    by_actor.sort_by(|a, b| b.pledges.cmp(&a.pledges).then(a.name.cmp(&b.name)));
    by_actor.truncate(GROUP_LIMIT);
    let mut by_event: Vec<Group> = event_groups
        .iter()
        .map(|(slug, m)| {
            let name = catalog
                .event(slug)
                .map_or_else(|| slug.to_string(), |e| e.name.to_string());
            group_row(slug.to_string(), name, m)
        })
        .collect();
    by_event.sort_by(|a, b| b.pledges.cmp(&a.pledges).then(a.name.cmp(&b.name)));

    let due = |(p, _): &(&PledgeSummary, &Derived), on: NaiveDate| Due {
        slug: p.slug.clone(),
        title: p.title.to_string(),
        due: on,
        delivery: p.state.delivery.label(),
    };
    let mut overdue: Vec<Due> = all
        .iter()
        .filter(|(_, d)| d.schedule == ScheduleStatus::Overdue)
        .filter_map(|pd| pd.1.due.map(|on| due(pd, on)))
        .collect();
    overdue.sort_by(|a, b| a.due.cmp(&b.due).then(a.slug.cmp(&b.slug)));
    overdue.truncate(LIST_LIMIT);
    let mut due_soon: Vec<Due> = all
        .iter()
        .filter(|(p, d)| {
            p.state.delivery != DeliveryStatus::Delivered
                && d.due.is_some_and(|on| due_within(on, today))
        })
        .filter_map(|pd| pd.1.due.map(|on| due(pd, on)))
        .collect();
    due_soon.sort_by(|a, b| a.due.cmp(&b.due).then(a.slug.cmp(&b.slug)));
    due_soon.truncate(LIST_LIMIT);
    let stale_all: Vec<&(&PledgeSummary, &Derived)> =
        all.iter().filter(|(_, d)| d.flags.stale).collect();
    let mut stale: Vec<Due> = stale_all
        .iter()
        .map(|pd| {
            due(
                pd,
                pd.0.state.last_follow_up_on.unwrap_or(pd.0.announced_on),
            )
        })
        .collect();
    stale.sort_by(|a, b| a.due.cmp(&b.due).then(a.slug.cmp(&b.slug)));
    stale.truncate(LIST_LIMIT);

    Dashboard {
        today,
        currency: catalog.currency().code(),
        rates_source: rates.source().to_owned(),
        total: n,
        by_delivery: counts(
            DeliveryStatus::ALL,
            DeliveryStatus::code,
            DeliveryStatus::label,
            all.iter().map(|(p, _)| p.state.delivery),
            n,
        ),
        by_strength: counts(
            Strength::ALL,
            Strength::code,
            Strength::label,
            all.iter().map(|(p, _)| p.state.strength),
            n,
        ),
        by_schedule: counts(
            ScheduleStatus::ALL,
            ScheduleStatus::code,
            ScheduleStatus::label,
            all.iter().map(|(_, d)| d.schedule),
            n,
        ),
        money,
        progress_by_count,
        progress_by_money,
        progress_by_money_basis: i64::try_from(weight).unwrap_or(i64::MAX),
        progress_by_money_pledges: weighed,
        by_theme,
        by_actor,
        by_event,
        overdue,
        due_soon,
        stale_count: stale_all.len(),
        stale,
        contested_count: all.iter().filter(|(_, d)| d.flags.contested).count(),
        unverified_count: all.iter().filter(|(p, _)| !p.verified).count(),
    }
}
