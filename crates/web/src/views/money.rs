//! The money page's view (`money.html`: every figure as its source states it, and the
//! fundraising aims totalled apart) and the data page's (`data.html`).

use super::rows::{FigureView, figure_view};
use crate::page::View;
use domain::catalog::Catalog;
use domain::locale as format;
use domain::rollup::{PledgeMoney, total_of};
use domain::{FigureKind, RateTable, Slug, Stage};
use i18n::Lang;
use serde::Serialize;

/// Rows on the money page; the CSV export holds every figure.
pub const MONEY_ROWS: usize = 500;

#[derive(Serialize)]
pub struct MoneyRow<'a> {
    slug: &'a str,
    title: &'a str,
    f: FigureView,
}

/// Fundraising aims across the tracker.
#[derive(Serialize)]
pub struct AimsTotal {
    amount: String,
    pledges: Vec<String>,
}

#[derive(Serialize)]
pub struct MoneyView<'a> {
    aims: Option<AimsTotal>,
    rows: Vec<MoneyRow<'a>>,
    truncated: bool,
    currency: &'static str,
    rates_source: &'a str,
}

impl View for MoneyView<'_> {
    const TEMPLATE: &'static str = "money.html";
}

/// The first [`MONEY_ROWS`] figures of the catalog, pledge by pledge.
pub fn money_view<'a>(catalog: &'a Catalog, rates: &'a RateTable, lang: Lang) -> MoneyView<'a> {
    let mut rows = Vec::new();
    let mut truncated = false;
    'outer: for (p, _) in catalog.pledges() {
        for f in &p.state.money {
            if rows.len() == MONEY_ROWS {
                truncated = true;
                break 'outer;
            }
            rows.push(MoneyRow {
                slug: p.slug.as_str(),
                title: p.title.as_str(),
                f: figure_view(f, rates, catalog.currency(), lang),
            });
        }
    }
    MoneyView {
        aims: aims_total(catalog, lang),
        rows,
        truncated,
        currency: catalog.currency().code(),
        rates_source: rates.source(),
    }
}

/// Fundraising aims across the tracker, totalled apart from money announced (with the
/// same rules: a parent's aim hides its children's); None without any.
fn aims_total(catalog: &Catalog, lang: Lang) -> Option<AimsTotal> {
    let money: Vec<PledgeMoney> = catalog
        .summaries()
        .map(|p| PledgeMoney {
            slug: &p.slug,
            parent: p.parent.as_ref(),
            figures: &p.state.money,
        })
        .collect();
    let parent_of = |s: &Slug| catalog.get(s).and_then(|(p, _)| p.parent.as_ref());
    let t = total_of(
        &money,
        parent_of,
        Stage::Announced,
        FigureKind::Aim,
        catalog.currency(),
        catalog.rates(),
    );
    (!t.counted.is_empty()).then(|| AimsTotal {
        amount: format::short_range(t.min, t.max, t.currency, lang),
        pledges: t.counted.iter().map(ToString::to_string).collect(),
    })
}

/// How to get the data out, with the change log's head to check a copy against.
#[derive(Serialize)]
pub struct DataView<'a> {
    pub head_seq: i64,
    pub head_hash: &'a str,
}

impl View for DataView<'_> {
    const TEMPLATE: &'static str = "data.html";
}
