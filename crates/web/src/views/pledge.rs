//! A pledge's page view (`pledge.html`): its summary and quote, parent and event, deadline,
//! the roll-up of its children, actors, themes, money figures, conditions, timeline of
//! follow-ups, the public record of edits, and its sources. What the read model holds
//! (the summary and current state) comes from the snapshot; the rest is read per page.

use super::rows::{
    FigureView, FollowUpView, PledgeRow, figure_view, follow_up_view, label, pledge_row,
    recorded_at,
};
use crate::page::View;
use domain::catalog::{Catalog, Derived, PledgeSummary};
use domain::locale;
use domain::rollup::roll_up;
use domain::{DeliveryStatus, FollowUp, MoneyFigure, Pledge, RateTable, Slug, Source};
use i18n::{Lang, key, tr, tr_args};
use persistence::edits::EditRecord;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
pub struct Link<'a> {
    slug: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
pub struct EventLink<'a> {
    slug: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
pub struct QuoteView<'a> {
    text: &'a str,
    language: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
pub struct ActorView<'a> {
    slug: &'a str,
    name: &'a str,
    role: &'static str,
}

#[derive(Serialize)]
pub struct ThemeView {
    code: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
pub struct ConditionView<'a> {
    text: &'a str,
    state: &'static str,
    source: Option<&'a str>,
}

#[derive(Serialize)]
pub struct EditView<'a> {
    at: String,
    author: &'a str,
    field: &'a str,
    old: &'a str,
    new: &'a str,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
    publisher: &'a str,
    published_on: Option<String>,
    verification: &'static str,
    verified: bool,
    tier: &'static str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PledgeView<'a> {
    p: Link<'a>,
    row: PledgeRow,
    summary: &'a str,
    quote: Option<QuoteView<'a>>,
    parent: Option<Link<'a>>,
    event: Option<EventLink<'a>>,
    deadline: String,
    rollup: Option<String>,
    actors: Vec<ActorView<'a>>,
    themes: Vec<ThemeView>,
    sources_disagree: bool,
    figures: Vec<FigureView>,
    conditions: Vec<ConditionView<'a>>,
    children: Vec<PledgeRow>,
    /// Public so that the pledge page can mark each piece of evidence with its health.
    pub timeline: Vec<FollowUpView>,
    edits: Vec<EditView<'a>>,
    sources: Vec<SourceView<'a>>,
}

impl View for PledgeView<'_> {
    const TEMPLATE: &'static str = "pledge.html";
}

/// What the page reads from the database: what the read model does not hold.
pub struct PledgeReads<'a> {
    /// The pledge as written: its quote, conditions and sources.
    pub pledge: &'a Pledge,
    /// Follow-ups, newest first.
    pub history: &'a [(i32, FollowUp)],
    pub sources: &'a [Source],
    /// Edits, oldest first.
    pub edits: &'a [EditRecord],
}

pub fn pledge_view<'a>(
    catalog: &'a Catalog,
    rates: &RateTable,
    summary: &'a PledgeSummary,
    derived: &Derived,
    reads: PledgeReads<'a>,
    lang: Lang,
) -> PledgeView<'a> {
    let PledgeReads {
        pledge,
        history,
        sources,
        edits,
    } = reads;
    let currency = catalog.currency();
    let state = &summary.state;
    let children = catalog.children_of(&summary.slug);
    let names: HashMap<&Slug, &str> = catalog
        .actors()
        .iter()
        .map(|a| (&a.slug, a.name.as_str()))
        .collect();
    PledgeView {
        p: Link {
            slug: summary.slug.as_str(),
            title: summary.title.as_str(),
        },
        row: pledge_row(summary, derived, currency, lang),
        summary: &summary.summary,
        quote: pledge.quote().map(|q| QuoteView {
            text: q.text.as_str(),
            language: &q.language,
            source: q.source.as_str(),
        }),
        parent: summary
            .parent
            .as_ref()
            .and_then(|s| catalog.get(s))
            .map(|(pp, _)| Link {
                slug: pp.slug.as_str(),
                title: pp.title.as_str(),
            }),
        event: summary
            .event
            .as_ref()
            .and_then(|s| catalog.event(s))
            .map(|e| EventLink {
                slug: e.slug.as_str(),
                name: e.name.as_str(),
            }),
        deadline: describe_deadline(&summary.deadline, derived.due, lang),
        rollup: (!children.is_empty()).then(|| rollup_line(&children, lang)),
        actors: summary
            .actors
            .iter()
            .map(|(a, role)| ActorView {
                slug: a.as_str(),
                name: names.get(a).copied().unwrap_or(a.as_str()),
                role: label(lang, key("actor-role-"), role.code()),
            })
            .collect(),
        themes: summary
            .themes
            .iter()
            .map(|t| ThemeView {
                code: t.code(),
                label: label(lang, key("theme-"), t.code()),
            })
            .collect(),
        sources_disagree: sources_disagree(&state.money),
        figures: state
            .money
            .iter()
            .map(|f| figure_view(f, rates, currency, lang))
            .collect(),
        conditions: pledge
            .conditions()
            .iter()
            .map(|c| ConditionView {
                text: c.text.as_str(),
                state: label(
                    lang,
                    key("condition-"),
                    state.condition(c.number).unwrap_or(c.state).code(),
                ),
                source: c.source.as_ref().map(Slug::as_str),
            })
            .collect(),
        children: children
            .iter()
            .map(|(c, d)| pledge_row(c, d, currency, lang))
            .collect(),
        timeline: history
            .iter()
            .map(|(id, f)| {
                follow_up_view(*id, summary.slug.as_str(), summary.title.as_str(), f, lang)
            })
            .collect(),
        edits: edits
            .iter()
            .rev()
            .map(|e| EditView {
                at: recorded_at(e.at, lang),
                author: &e.author,
                field: super::rows::lookup(lang, key("edit-field-"), &e.edit.field)
                    .unwrap_or(&e.edit.field),
                old: edit_value(&e.edit.old, lang),
                new: edit_value(&e.edit.new, lang),
            })
            .collect(),
        sources: sources
            .iter()
            .filter(|s| {
                pledge.sources().contains(&s.slug) || state.money.iter().any(|f| f.source == s.slug)
            })
            .map(|s| SourceView {
                slug: s.slug.as_str(),
                title: s.title.as_str(),
                url: s.url.as_str(),
                publisher: s.publisher.as_str(),
                published_on: s.published_on.map(|d| locale::date(d, lang)),
                verification: label(lang, key("verification-"), s.verification.code()),
                verified: s.corroborates(),
                tier: label(lang, key("tier-"), s.tier.code()),
                note: s.note.as_ref().map(|n| n.as_str()),
            })
            .collect(),
    }
}

/// "3 of 4 delivered; mean progress 60% over 2 with a figure".
fn rollup_line(children: &[(&PledgeSummary, &Derived)], lang: Lang) -> String {
    let r = roll_up(children.iter().map(|(c, _)| &c.state));
    let delivered = r
        .by_delivery
        .get(DeliveryStatus::Delivered.code())
        .copied()
        .unwrap_or(0);
    let head = tr_args(
        lang,
        key("pledge-rollup"),
        &[("delivered", delivered.into()), ("n", r.children.into())],
    );
    match r.progress {
        Some(pct) => tr_args(
            lang,
            key("pledge-rollup-progress"),
            &[
                ("head", head.into()),
                ("progress", super::rows::percent(pct.percent(), lang).into()),
                ("basis", r.progress_basis.into()),
            ],
        ),
        None => head,
    }
}

/// A value a correction wrote: as stored, but for the marker of a deleted pledge.
fn edit_value(value: &str, lang: Lang) -> &str {
    if value == "deleted" {
        super::rows::lookup(lang, key("edit-field-"), "deleted").unwrap_or(value)
    } else {
        value
    }
}

/// Whether the sources of a pledge disagree on the amount announced: two or more figures
/// that are not the same amount. Readers are told so beside the figures, which stay one
/// per source, never averaged or added.
fn sources_disagree(figures: &[MoneyFigure]) -> bool {
    let amounts: Vec<_> = figures
        .iter()
        .filter(|f| f.stage == domain::Stage::Announced && f.counts())
        .map(|f| f.money)
        .collect();
    amounts.iter().any(|m| *m != amounts[0])
}

fn describe_deadline(
    deadline: &domain::Deadline,
    due: Option<chrono::NaiveDate>,
    lang: Lang,
) -> String {
    let due_text = due.map(|d| locale::date(d, lang)).unwrap_or_default();
    match deadline {
        domain::Deadline::None => tr(lang, key("pledge-no-deadline")),
        domain::Deadline::Date { date, precision } => match precision {
            domain::DatePrecision::Day => locale::date(*date, lang),
            _ => tr_args(
                lang,
                key("pledge-deadline-by"),
                &[
                    ("year", date.format("%Y").to_string().into()),
                    ("due", due_text.into()),
                ],
            ),
        },
        // The relative deadline's words are data, as the source wrote them.
        domain::Deadline::Relative { text, .. } => match due {
            Some(_) => format!("{text} ({due_text})"),
            None => tr_args(
                lang,
                key("pledge-deadline-unknown"),
                &[("text", text.to_string().into())],
            ),
        },
    }
}
