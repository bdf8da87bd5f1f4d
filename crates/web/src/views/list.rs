//! The pledge list's view (`pledges.html`): the page of rows, the filter selects with the
//! chosen values marked, the sorts, and links to the neighbouring pages and the same
//! selection as CSV and JSON.

use super::rows::{PledgeRow, pledge_row};
use crate::page::View;
use crate::query::{self, ListQuery};
use domain::catalog::{Catalog, Sort};
use domain::{DeliveryStatus, PledgeKind, ScheduleStatus, Slug, Strength, Theme};
use serde::Serialize;

#[derive(Serialize)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Serialize)]
pub struct Select {
    pub name: &'static str,
    pub label: &'static str,
    pub options: Vec<SelectOption>,
}

#[derive(Serialize)]
pub struct PledgeListView<'a> {
    rows: Vec<PledgeRow>,
    selects: Vec<Select>,
    sorts: Vec<SelectOption>,
    /// The search words as typed.
    q: &'a str,
    /// The chosen actors, comma-separated.
    actor: String,
    /// Every actor as `<option>`s, escaped once per snapshot; shown with `| safe`.
    actor_datalist: &'a str,
    total: usize,
    page: usize,
    pages: usize,
    prev_link: Option<String>,
    next_link: Option<String>,
    csv_link: String,
    json_link: String,
}

impl View for PledgeListView<'_> {
    const TEMPLATE: &'static str = "pledges.html";
}

fn select<T: Copy + PartialEq>(
    name: &'static str,
    label: &'static str,
    all: &[T],
    chosen: &[T],
    code: fn(T) -> &'static str,
    text: fn(T) -> &'static str,
) -> Select {
    Select {
        name,
        label,
        options: all
            .iter()
            .map(|v| SelectOption {
                value: code(*v).to_owned(),
                label: text(*v).to_owned(),
                selected: chosen.contains(v),
            })
            .collect(),
    }
}

/// The list page for a parsed query, from the snapshot's catalog.
pub fn list_view<'a>(
    catalog: &Catalog,
    actor_datalist: &'a str,
    q: &'a ListQuery,
) -> PledgeListView<'a> {
    let page = catalog.page(&q.filter, q.sort, q.page, q.per_page);
    let f = &q.filter;
    let events = catalog
        .events()
        .iter()
        .map(|e| SelectOption {
            value: e.slug.to_string(),
            label: e.name.to_string(),
            selected: f.event.contains(&e.slug),
        })
        .collect();
    let selects = vec![
        select(
            "delivery",
            "Delivery",
            DeliveryStatus::ALL,
            &f.delivery,
            DeliveryStatus::code,
            DeliveryStatus::label,
        ),
        select(
            "strength",
            "Strength",
            Strength::ALL,
            &f.strength,
            Strength::code,
            Strength::label,
        ),
        select(
            "schedule",
            "Schedule",
            ScheduleStatus::ALL,
            &f.schedule,
            ScheduleStatus::code,
            ScheduleStatus::label,
        ),
        select(
            "theme",
            "Theme",
            Theme::ALL,
            &f.theme,
            Theme::code,
            Theme::label,
        ),
        select(
            "kind",
            "Kind",
            PledgeKind::ALL,
            &f.kind,
            PledgeKind::code,
            PledgeKind::label,
        ),
        Select {
            name: "event",
            label: "Event",
            options: events,
        },
    ];
    let sorts = Sort::ALL
        .iter()
        .map(|s| SelectOption {
            value: s.code().to_owned(),
            label: s.label().to_owned(),
            selected: *s == q.sort,
        })
        .collect();
    let link = |base: &str, n: usize| {
        let qs = query::to_query_string(q, n);
        if qs.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{qs}")
        }
    };
    PledgeListView {
        rows: page
            .items
            .iter()
            .map(|(p, d)| pledge_row(p, d, catalog.currency()))
            .collect(),
        selects,
        sorts,
        q: f.text.as_deref().unwrap_or(""),
        actor: f
            .actor
            .iter()
            .map(Slug::as_str)
            .collect::<Vec<_>>()
            .join(","),
        actor_datalist,
        total: page.total,
        page: page.page,
        pages: page.pages.max(1),
        prev_link: (page.page > 1).then(|| link("/pledges", page.page - 1)),
        next_link: (page.page < page.pages).then(|| link("/pledges", page.page + 1)),
        csv_link: link("/export/pledges.csv", 1),
        json_link: link("/api/v1/pledges", q.page),
    }
}
