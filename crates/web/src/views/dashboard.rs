//! The dashboard's view (`dashboard.html`): counts, money by stage with its bars, groups
//! and the latest follow-ups, rendered once per snapshot.

use super::rows::{FollowUpView, entry_view};
use crate::page::{Nav, Page, View};
use domain::catalog::Catalog;
use domain::dashboard::{Dashboard, Group};
use domain::display as format;
use i18n::Templates;
use persistence::feed::FollowUpEntry;
use serde::Serialize;

#[derive(Serialize)]
struct MoneyRow {
    stage: &'static str,
    label: &'static str,
    total: String,
    exact: String,
    pledges_counted: usize,
    unconverted: usize,
    bar: u32,
}

/// A theme, actor or event with its counts, for the dashboard's group tables.
#[derive(Serialize)]
struct GroupRow<'a> {
    slug: &'a str,
    name: &'a str,
    pledges: usize,
    delivered: usize,
    in_progress: usize,
    overdue: usize,
    announced: String,
}

#[derive(Serialize)]
struct DashboardView<'a> {
    d: &'a Dashboard,
    money: Vec<MoneyRow>,
    by_theme: Vec<GroupRow<'a>>,
    by_actor: Vec<GroupRow<'a>>,
    by_event: Vec<GroupRow<'a>>,
    progress_by_money_basis: String,
    latest: Vec<FollowUpView>,
}

impl View for DashboardView<'_> {
    const TEMPLATE: &'static str = "dashboard.html";
}

/// Renders the dashboard once per snapshot.
pub fn render_dashboard(
    templates: &Templates,
    catalog: &Catalog,
    d: &Dashboard,
    latest: &[FollowUpEntry],
    lang: i18n::Lang,
) -> anyhow::Result<String> {
    let currency = catalog.currency();
    let largest = d.money.iter().map(|m| m.max).max().unwrap_or(0).max(1);
    let money: Vec<MoneyRow> = d
        .money
        .iter()
        .map(|m| MoneyRow {
            stage: m.stage,
            label: m.label,
            total: format::short_range(m.min, m.max, currency),
            exact: if m.min == m.max {
                format::exact(m.min, currency)
            } else {
                format!(
                    "{} to {}",
                    format::exact(m.min, currency),
                    format::exact(m.max, currency)
                )
            },
            pledges_counted: m.pledges_counted,
            unconverted: m.unconverted,
            bar: u32::try_from(i128::from(m.max) * 100 / i128::from(largest)).unwrap_or(100),
        })
        .collect();
    fn rows(gs: &[Group], currency: domain::Currency) -> Vec<GroupRow<'_>> {
        gs.iter()
            .map(|g| GroupRow {
                slug: &g.slug,
                name: &g.name,
                pledges: g.pledges,
                delivered: g.delivered,
                in_progress: g.in_progress,
                overdue: g.overdue,
                announced: format::short(g.announced_minor, currency),
            })
            .collect()
    }
    let view = DashboardView {
        d,
        money,
        by_theme: rows(&d.by_theme, currency),
        by_actor: rows(&d.by_actor, currency),
        by_event: rows(&d.by_event, currency),
        progress_by_money_basis: format::short(d.progress_by_money_basis, currency),
        latest: latest.iter().map(entry_view).collect(),
    };
    Ok(Page::shared(Nav::Dashboard, lang, "/").render(templates, &view)?)
}
