//! Rows shared by several pages (and by mail until it has its own view model): a pledge
//! in a table, a money figure, a follow-up with its changes and evidence. Templates never
//! format money themselves.

use domain::catalog::{Derived, PledgeSummary};
use domain::display as format;
use domain::{Change, Currency, FollowUp, MoneyFigure};
use persistence::feed::FollowUpEntry;
use serde::Serialize;

#[derive(Serialize)]
pub struct PledgeRow {
    pub slug: String,
    pub title: String,
    pub kind: &'static str,
    pub delivery: &'static str,
    pub delivery_label: &'static str,
    pub strength: &'static str,
    pub schedule: &'static str,
    pub schedule_label: &'static str,
    pub due: Option<String>,
    pub progress: Option<u8>,
    pub announced: Option<String>,
    pub announced_on: String,
    pub contested: bool,
    pub stale: bool,
    pub condition_pending: bool,
    pub verified: bool,
    pub is_child: bool,
}

pub fn pledge_row(p: &PledgeSummary, d: &Derived, currency: Currency) -> PledgeRow {
    PledgeRow {
        slug: p.slug.to_string(),
        title: p.title.to_string(),
        kind: p.kind.label(),
        delivery: p.state.delivery.code(),
        delivery_label: p.state.delivery.label(),
        strength: p.state.strength.label(),
        schedule: d.schedule.code(),
        schedule_label: d.schedule.label(),
        due: d.due.map(|x| x.to_string()),
        progress: p.state.effective_progress().map(|x| x.percent()),
        announced: d
            .announced_minor
            .zip(d.announced_max_minor)
            .map(|(lo, hi)| format::short_range(lo, hi, currency)),
        announced_on: p.announced_on.to_string(),
        contested: d.flags.contested,
        stale: d.flags.stale,
        condition_pending: d.flags.condition_pending,
        verified: p.verified,
        is_child: p.parent.is_some(),
    }
}

#[derive(Serialize)]
pub struct FigureView {
    pub stage: &'static str,
    pub amount: String,
    pub amount_short: String,
    pub value_date: String,
    pub basis: &'static str,
    pub source: String,
    pub note: Option<String>,
    pub converted: Option<String>,
}

pub fn figure_view(f: &MoneyFigure, rates: &domain::RateTable, to: Currency) -> FigureView {
    let converted = (f.money.currency != to)
        .then(|| rates.convert(f.money, to, f.value_date).ok())
        .flatten()
        .map(|c| {
            let rate_day = c
                .from_rate_date
                .or(c.to_rate_date)
                .map(|d| d.to_string())
                .unwrap_or_default();
            format!(
                "≈ {} at the ECB rate of {rate_day}",
                format::money_short(&c.money)
            )
        });
    FigureView {
        // An aim is not a stage money reached: it reads as what it is, in place of one.
        stage: if f.counts() {
            f.stage.label()
        } else {
            f.kind.label()
        },
        amount: format::money_exact(&f.money),
        amount_short: format::money_short(&f.money),
        value_date: f.value_date.to_string(),
        basis: f.basis.label(),
        source: f.source.to_string(),
        note: f.note.as_ref().map(ToString::to_string),
        converted,
    }
}

#[derive(Serialize)]
pub struct ChangeView {
    pub field: &'static str,
    pub from: Option<String>,
    pub to: String,
}

pub fn change_view(c: &Change) -> ChangeView {
    let parts = c.parts();
    ChangeView {
        field: parts.label,
        from: parts.from_label(),
        to: parts.to_label(),
    }
}

#[derive(Serialize)]
pub struct EvidenceView {
    pub url: String,
    pub title: String,
    pub publisher: Option<String>,
    pub tier: &'static str,
    /// Where an archived copy is kept; the page offers it beside the original.
    pub archived_url: Option<String>,
    /// What the link checker last found, where it is worth a reader's notice (gone,
    /// changed since cited, not reached); set by the pledge page.
    pub health: Option<domain::link_health::LinkHealth>,
}

#[derive(Serialize)]
pub struct FollowUpView {
    pub id: i32,
    pub pledge: String,
    pub pledge_title: String,
    pub author: String,
    pub occurred_on: String,
    pub recorded_at: String,
    pub note: Option<String>,
    pub changes: Vec<ChangeView>,
    pub evidence: Vec<EvidenceView>,
}

pub fn follow_up_view(id: i32, pledge: &str, pledge_title: &str, f: &FollowUp) -> FollowUpView {
    FollowUpView {
        id,
        pledge: pledge.to_owned(),
        pledge_title: pledge_title.to_owned(),
        author: f.author.clone(),
        occurred_on: f.occurred_on.to_string(),
        recorded_at: f.recorded_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        note: f.note.as_ref().map(ToString::to_string),
        changes: f.changes.iter().map(change_view).collect(),
        evidence: f
            .evidence
            .iter()
            .map(|e| EvidenceView {
                url: e.url.as_str().to_owned(),
                title: e.title.to_string(),
                publisher: e.publisher.as_ref().map(ToString::to_string),
                tier: e.tier.label(),
                archived_url: e.archived_url.as_ref().map(|u| u.as_str().to_owned()),
                health: None,
            })
            .collect(),
    }
}

pub fn entry_view(e: &FollowUpEntry) -> FollowUpView {
    follow_up_view(e.id, e.pledge.as_str(), &e.pledge_title, &e.follow_up)
}
