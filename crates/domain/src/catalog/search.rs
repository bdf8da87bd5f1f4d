//! Filtering, sorting and paging the catalog in memory.

use super::{Catalog, Derived, Entry, PledgeSummary};
use crate::pledge::{PledgeKind, Theme};
use crate::status::{DeliveryStatus, ScheduleStatus, Strength};
use crate::text::Slug;
use serde::Serialize;
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub delivery: Vec<DeliveryStatus>,
    pub strength: Vec<Strength>,
    pub schedule: Vec<ScheduleStatus>,
    pub theme: Vec<Theme>,
    pub actor: Vec<Slug>,
    pub event: Vec<Slug>,
    pub kind: Vec<PledgeKind>,
    /// Words that must all appear in the title, summary or slug (case-insensitive).
    pub text: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

crate::vocabulary!(
    Sort, "sort" {
        Title => "title", "Title";
        Newest => "newest", "Newest announcement first";
        Deadline => "deadline", "Soonest deadline first";
        Updated => "updated", "Latest follow-up first";
        Money => "money", "Largest announced amount first (by the lowest figure stated)";
    }
);

pub const DEFAULT_PER_PAGE: usize = 25;
pub const MAX_PER_PAGE: usize = 100;

/// A page of results with what is needed to link to the others.
#[derive(Debug, Clone, Serialize)]
pub struct PageOf<T> {
    pub items: Vec<T>,
    pub page: usize,
    pub per_page: usize,
    pub total: usize,
    pub pages: usize,
}

fn matches(e: &Entry, f: &Filter, words: &[String]) -> bool {
    let p = &e.summary;
    let d = &e.derived;
    (f.delivery.is_empty() || f.delivery.contains(&p.state.delivery))
        && (f.strength.is_empty() || f.strength.contains(&p.state.strength))
        && (f.schedule.is_empty() || f.schedule.contains(&d.schedule))
        && (f.kind.is_empty() || f.kind.contains(&p.kind))
        && (f.theme.is_empty() || p.themes.iter().any(|t| f.theme.contains(t)))
        && (f.actor.is_empty() || p.actors.iter().any(|(a, _)| f.actor.contains(a)))
        && (f.event.is_empty() || p.event.as_ref().is_some_and(|e| f.event.contains(e)))
        && words.iter().all(|w| e.haystack.contains(w.as_str()))
}

impl Catalog {
    /// The pledges matching `filter`, in `sort` order; ties keep slug order.
    pub fn search(&self, filter: &Filter, sort: Sort) -> Vec<(&PledgeSummary, &Derived)> {
        let words: Vec<String> = filter
            .text
            .as_deref()
            .unwrap_or("")
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let mut hits: Vec<&Entry> = self
            .entries
            .values()
            .map(|e| &**e)
            .filter(|e| matches(e, filter, &words))
            .collect();
        // Stable sorts over slug order, so equal keys stay by slug.
        match sort {
            Sort::Title => hits.sort_by(|a, b| a.summary.title.cmp(&b.summary.title)),
            Sort::Newest => hits.sort_by_key(|e| std::cmp::Reverse(e.summary.announced_on)),
            Sort::Deadline => hits.sort_by_key(|e| (e.derived.due.is_none(), e.derived.due)),
            Sort::Updated => hits.sort_by(|a, b| {
                b.summary
                    .state
                    .last_follow_up_on
                    .cmp(&a.summary.state.last_follow_up_on)
            }),
            Sort::Money => hits.sort_by_key(|e| std::cmp::Reverse(e.derived.announced_minor)),
        }
        hits.into_iter().map(|e| (&e.summary, &e.derived)).collect()
    }

    /// One page of a search; a page past the end is empty, not an error.
    pub fn page(
        &self,
        filter: &Filter,
        sort: Sort,
        page: usize,
        per_page: usize,
    ) -> PageOf<(&PledgeSummary, &Derived)> {
        let per_page = per_page.clamp(1, MAX_PER_PAGE);
        let page = page.max(1);
        let hits = self.search(filter, sort);
        let total = hits.len();
        let items = hits
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .collect();
        PageOf {
            items,
            page,
            per_page,
            total,
            pages: total.div_ceil(per_page),
        }
    }
}
