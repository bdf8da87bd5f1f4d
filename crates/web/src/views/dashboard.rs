//! The dashboard's view (`dashboard.html`): counts, money by stage with its bars, groups
//! and the latest follow-ups, rendered once per snapshot.

use super::rows::{FollowUpView, entry_view, label, percent};
use crate::page::{Nav, Page, View};
use domain::DeliveryStatus;
use domain::catalog::Catalog;
use domain::dashboard::{Dashboard, Due, Group};
use domain::locale as format;
use i18n::{Lang, Templates, key};
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

/// A pledge in the overdue, due-soon and stale lists, its date and status in the page's
/// language.
#[derive(Serialize)]
struct DueRow<'a> {
    slug: &'a str,
    title: &'a str,
    due: String,
    delivery: &'static str,
}

fn due_rows(list: &[Due], lang: Lang) -> Vec<DueRow<'_>> {
    list.iter()
        .map(|d| DueRow {
            slug: d.slug.as_str(),
            title: &d.title,
            due: format::date(d.due, lang),
            // The dashboard names the status by its English label; the code is found
            // again to write it in the page's language.
            delivery: DeliveryStatus::ALL
                .iter()
                .find(|s| s.label() == d.delivery)
                .map_or(d.delivery, |s| label(lang, key("delivery-"), s.code())),
        })
        .collect()
}

#[derive(Serialize)]
struct DashboardView<'a> {
    d: &'a Dashboard,
    today: String,
    progress_by_count: String,
    progress_by_money: Option<String>,
    overdue: Vec<DueRow<'a>>,
    due_soon: Vec<DueRow<'a>>,
    stale: Vec<DueRow<'a>>,
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
    lang: Lang,
) -> anyhow::Result<String> {
    let currency = catalog.currency();
    let largest = d.money.iter().map(|m| m.max).max().unwrap_or(0).max(1);
    let money: Vec<MoneyRow> = d
        .money
        .iter()
        .map(|m| MoneyRow {
            stage: m.stage,
            label: label(lang, key("stage-"), m.stage),
            total: format::short_range(m.min, m.max, currency, lang),
            exact: if m.min == m.max {
                format::exact(m.min, currency, lang)
            } else {
                i18n::tr_args(
                    lang,
                    key("money-exact-range"),
                    &[
                        ("min", format::exact(m.min, currency, lang).into()),
                        ("max", format::exact(m.max, currency, lang).into()),
                    ],
                )
            },
            pledges_counted: m.pledges_counted,
            unconverted: m.unconverted,
            bar: u32::try_from(i128::from(m.max) * 100 / i128::from(largest)).unwrap_or(100),
        })
        .collect();
    fn rows(gs: &[Group], currency: domain::Currency, lang: Lang) -> Vec<GroupRow<'_>> {
        gs.iter()
            .map(|g| GroupRow {
                slug: &g.slug,
                name: &g.name,
                pledges: g.pledges,
                delivered: g.delivered,
                in_progress: g.in_progress,
                overdue: g.overdue,
                announced: format::short(g.announced_minor, currency, lang),
            })
            .collect()
    }
    // A theme's name is vocabulary, not data: written in the page's language.
    fn themes(gs: &[Group], currency: domain::Currency, lang: Lang) -> Vec<GroupRow<'_>> {
        let mut out = rows(gs, currency, lang);
        for (row, g) in out.iter_mut().zip(gs) {
            if let Some(t) = domain::Theme::ALL.iter().find(|t| t.code() == g.slug) {
                row.name = label(lang, key("theme-"), t.code());
            }
        }
        out
    }
    let view = DashboardView {
        d,
        today: format::date(d.today, lang),
        progress_by_count: percent(d.progress_by_count, lang),
        progress_by_money: d.progress_by_money.map(|p| percent(p, lang)),
        overdue: due_rows(&d.overdue, lang),
        due_soon: due_rows(&d.due_soon, lang),
        stale: due_rows(&d.stale, lang),
        money,
        by_theme: themes(&d.by_theme, currency, lang),
        by_actor: rows(&d.by_actor, currency, lang),
        by_event: rows(&d.by_event, currency, lang),
        progress_by_money_basis: format::short(d.progress_by_money_basis, currency, lang),
        latest: latest.iter().map(|e| entry_view(e, lang)).collect(),
    };
    Ok(Page::shared(Nav::Dashboard, lang, "/").render(templates, &view)?)
}
