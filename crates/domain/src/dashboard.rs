//! The dashboard's figures, derived from the catalog: counts with their denominators, money
//! by stage in one currency without double counting, progress by count and by money,
//! breakdowns, and the deadline and staleness lists.

use crate::catalog::tally::GroupTally;
use crate::catalog::{Catalog, due_within};
use crate::money::Stage;
use crate::rates::RateTable;
use crate::schedule::DUE_SOON_DAYS;
use crate::status::{DeliveryStatus, ScheduleStatus, Strength};
use crate::text::Slug;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

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

fn counts<T: Copy + Ord>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    tally: &BTreeMap<T, usize>,
    denominator: usize,
) -> Vec<Count> {
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

fn clamp(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

fn group_row(slug: String, name: String, g: &GroupTally) -> Group {
    Group {
        slug,
        name,
        pledges: g.pledges,
        delivered: g.delivered,
        in_progress: g.in_progress,
        overdue: g.overdue,
        announced_minor: clamp(g.announced_minor),
    }
}

const LIST_LIMIT: usize = 20;
const GROUP_LIMIT: usize = 15;

/// The dashboard of a catalog, read off its running aggregates: the cost is the size of
/// the lists and breakdowns shown, not the number of pledges.
pub fn build(catalog: &Catalog, rates: &RateTable) -> Dashboard {
    let today = catalog.today();
    let t = catalog.tally();
    let n = t.total;
    let money = Stage::ALL
        .iter()
        .zip(&t.money)
        .map(|(stage, m)| MoneyAtStage {
            stage: stage.code(),
            label: stage.label(),
            min: clamp(m.min),
            max: clamp(m.max),
            pledges_counted: m.counted,
            unconverted: m.unconverted,
        })
        .collect();
    let progress_by_count = if n == 0 {
        0
    } else {
        (t.progress_sum / n as u64) as u8
    };
    let progress_by_money = (t.weight > 0).then(|| (t.weighted / t.weight) as u8);

    let by_theme = t
        .themes
        .iter()
        .map(|(th, g)| group_row(th.code().to_owned(), th.label().to_owned(), g))
        .collect();
    let mut by_actor: Vec<Group> = t
        .actors
        .iter()
        .map(|(slug, g)| {
            let name = catalog
                .actor(slug)
                .map_or_else(|| slug.to_string(), |a| a.name.to_string());
            group_row(slug.to_string(), name, g)
        })
        .collect();
    by_actor.sort_by(|a, b| b.pledges.cmp(&a.pledges).then(a.name.cmp(&b.name)));
    by_actor.truncate(GROUP_LIMIT);
    let mut by_event: Vec<Group> = t
        .events
        .iter()
        .map(|(slug, g)| {
            let name = catalog
                .event(slug)
                .map_or_else(|| slug.to_string(), |e| e.name.to_string());
            group_row(slug.to_string(), name, g)
        })
        .collect();
    by_event.sort_by(|a, b| b.pledges.cmp(&a.pledges).then(a.name.cmp(&b.name)));

    let due = |(on, slug): &(NaiveDate, Slug)| {
        catalog.get(slug).map(|(p, _)| Due {
            slug: p.slug.clone(),
            title: p.title.to_string(),
            due: *on,
            delivery: p.state.delivery.label(),
        })
    };
    let overdue = t.overdue.iter().take(LIST_LIMIT).filter_map(due).collect();
    let soon_end = today + chrono::Duration::days(DUE_SOON_DAYS);
    let due_soon = t
        .open_due
        .range((today, Slug::floor())..)
        .take_while(|(on, _)| *on <= soon_end)
        .filter(|(on, _)| due_within(*on, today))
        .take(LIST_LIMIT)
        .filter_map(due)
        .collect();
    let stale = t.stale.iter().take(LIST_LIMIT).filter_map(due).collect();

    Dashboard {
        today,
        currency: catalog.currency().code(),
        rates_source: rates.source().to_owned(),
        total: n,
        by_delivery: counts(
            DeliveryStatus::ALL,
            DeliveryStatus::code,
            DeliveryStatus::label,
            &t.by_delivery,
            n,
        ),
        by_strength: counts(
            Strength::ALL,
            Strength::code,
            Strength::label,
            &t.by_strength,
            n,
        ),
        by_schedule: counts(
            ScheduleStatus::ALL,
            ScheduleStatus::code,
            ScheduleStatus::label,
            &t.by_schedule,
            n,
        ),
        money,
        progress_by_count,
        progress_by_money,
        progress_by_money_basis: clamp(t.weight),
        progress_by_money_pledges: t.weighed,
        by_theme,
        by_actor,
        by_event,
        overdue,
        due_soon,
        stale_count: t.stale.len(),
        stale,
        contested_count: t.contested,
        unverified_count: t.unverified,
    }
}
