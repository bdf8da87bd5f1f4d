//! The pledge list's view (`pledges.html`): the page of rows, the filter selects with the
//! chosen values marked, the sorts, and links to the neighbouring pages and the same
//! selection as CSV and JSON.

use super::rows::{PledgeRow, label, pledge_row};
use crate::page::View;
use crate::query::{self, ListQuery};
use domain::catalog::{Catalog, Sort};
use domain::{DeliveryStatus, PledgeKind, ScheduleStatus, Slug, Strength, Theme};
use i18n::{Lang, key, tr};
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
    pub label: String,
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

/// A filter's select: its label (`heading`, a message id) and each value's, in `lang`.
fn select<T: Copy + PartialEq>(
    lang: Lang,
    name: &'static str,
    heading: &'static str,
    family: &'static str,
    all: &[T],
    chosen: &[T],
    code: fn(T) -> &'static str,
) -> Select {
    Select {
        name,
        label: tr(lang, heading),
        options: all
            .iter()
            .map(|v| SelectOption {
                value: code(*v).to_owned(),
                label: label(lang, family, code(*v)).to_owned(),
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
    lang: Lang,
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
            lang,
            "delivery",
            key("list-delivery"),
            key("delivery-"),
            DeliveryStatus::ALL,
            &f.delivery,
            DeliveryStatus::code,
        ),
        select(
            lang,
            "strength",
            key("list-strength"),
            key("strength-"),
            Strength::ALL,
            &f.strength,
            Strength::code,
        ),
        select(
            lang,
            "schedule",
            key("list-schedule"),
            key("schedule-"),
            ScheduleStatus::ALL,
            &f.schedule,
            ScheduleStatus::code,
        ),
        select(
            lang,
            "theme",
            key("list-theme"),
            key("theme-"),
            Theme::ALL,
            &f.theme,
            Theme::code,
        ),
        select(
            lang,
            "kind",
            key("list-kind"),
            key("pledge-kind-"),
            PledgeKind::ALL,
            &f.kind,
            PledgeKind::code,
        ),
        Select {
            name: "event",
            label: tr(lang, key("list-event")),
            options: events,
        },
    ];
    let sorts = Sort::ALL
        .iter()
        .map(|s| SelectOption {
            value: s.code().to_owned(),
            label: label(lang, key("sort-"), s.code()).to_owned(),
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
            .map(|(p, d)| pledge_row(p, d, catalog.currency(), lang))
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
