//! Rows to domain values for pledges: the leaf that reading ([`crate::catalog`]) and
//! writing ([`crate::pledges`], [`crate::follow_ups`]) share. It runs no query: it is given
//! the rows, and refuses rows that do not make a valid pledge as corrupt.

use crate::entities::pledge::{
    conditions, money_figures, pledge_actors, pledge_sources, pledge_themes, pledges,
};
use crate::entities::reference::{actors, events, sources};
use crate::error::{StoreError, StoreResult};
use domain::catalog::PledgeSummary;
use domain::*;
use std::collections::{HashMap, HashSet};

pub(crate) fn slug(table: &str, s: &str) -> StoreResult<Slug> {
    Slug::parse("slug", s).map_err(|e| StoreError::corrupt(table, e))
}

/// A stored pledge: as announced, and as it stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PledgeRecord {
    pub id: i32,
    pub pledge: Pledge,
    pub state: PledgeState,
}

/// A stored pledge with what lists need beyond the domain record.
#[derive(Debug, Clone)]
pub struct StoredPledge {
    pub record: PledgeRecord,
    pub verified: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Soft-deleted: kept, but out of every list.
    pub deleted: bool,
}

pub fn into_summary(s: StoredPledge) -> PledgeSummary {
    let p = &s.record.pledge;
    PledgeSummary {
        slug: p.slug().clone(),
        title: p.title().clone(),
        summary: p.summary().to_string(),
        kind: p.kind(),
        themes: p.themes().to_vec(),
        actors: p
            .actors()
            .iter()
            .map(|a| (a.actor.clone(), a.role))
            .collect(),
        event: p.event().cloned(),
        announced_on: p.announced_on(),
        parent: p.parent().cloned(),
        deadline: p.deadline().clone(),
        state: s.record.state,
        verified: s.verified,
        updated_at: s.updated_at,
    }
}

pub(crate) fn money_from_row(
    m: &money_figures::Model,
    sources: &HashMap<i32, Slug>,
) -> StoreResult<MoneyFigure> {
    let c = |e| StoreError::corrupt("money_figures", e);
    let currency = Currency::parse("currency", &m.currency).map_err(c)?;
    MoneyFigure::new(
        Stage::parse(&m.stage).map_err(c)?,
        Money {
            amount: Amount::range("amount", m.amount_min, m.amount_max).map_err(c)?,
            currency,
        },
        m.value_date,
        Basis::parse(&m.basis).map_err(c)?,
        sources
            .get(&m.source_id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt(format!("money figure {} has no source", m.id)))?,
        m.note
            .as_deref()
            .map(|n| LongText::stored("note", n))
            .transpose()
            .map_err(c)?,
    )
    .and_then(|f| match FigureKind::parse(&m.kind) {
        Ok(FigureKind::Aim) => Ok(f.aim()),
        Ok(FigureKind::Amount) => Ok(f),
        Err(e) => Err(e),
    })
    .map_err(c)
}

pub(crate) fn deadline_from_row(m: &pledges::Model, event: Option<Slug>) -> StoreResult<Deadline> {
    let c = |e| StoreError::corrupt("pledges", e);
    Ok(match m.deadline_kind.as_str() {
        "none" => Deadline::None,
        "date" => Deadline::Date {
            date: m.deadline_date.ok_or_else(|| {
                StoreError::Corrupt(format!("pledge {}: deadline without date", m.slug))
            })?,
            precision: DatePrecision::parse(m.deadline_precision.as_deref().unwrap_or(""))
                .map_err(c)?,
        },
        _ => Deadline::Relative {
            event: event.ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "pledge {}: relative deadline without event",
                    m.slug
                ))
            })?,
            text: Title::stored("deadline_text", m.deadline_text.as_deref().unwrap_or(""))
                .map_err(c)?,
        },
    })
}

/// The current state as cached on the pledge row, with its conditions and money figures.
pub(crate) fn state_from_row(
    m: &pledges::Model,
    conditions: Vec<(u16, ConditionState)>,
    money: Vec<MoneyFigure>,
) -> StoreResult<PledgeState> {
    let c = |e| StoreError::corrupt("pledges", e);
    Ok(PledgeState {
        delivery: DeliveryStatus::parse(&m.delivery).map_err(c)?,
        delivered_on: m.delivered_on,
        strength: Strength::parse(&m.strength).map_err(c)?,
        progress: m
            .progress
            .map(|p| Progress::parse("progress", i64::from(p)))
            .transpose()
            .map_err(c)?,
        conditions,
        contested: m.contested,
        money,
        last_follow_up_on: m.last_follow_up_on,
        follow_ups: m.follow_up_count as usize,
    })
}

/// The rows of some pledges and of what they refer to, as [`crate::catalog`] read them:
/// every row a pledge names must be here (a slug, an event, an actor, a source), or the
/// pledge is reported corrupt.
pub(crate) struct Rows {
    pub pledges: Vec<pledges::Model>,
    /// (id, slug) of the pledges and of the pledges they name (parent, superseded).
    pub pledge_slugs: Vec<(i32, String)>,
    pub events: Vec<events::Model>,
    pub actors: Vec<actors::Model>,
    pub sources: Vec<sources::Model>,
    pub themes: Vec<pledge_themes::Model>,
    pub roles: Vec<pledge_actors::Model>,
    pub cites: Vec<pledge_sources::Model>,
    pub conditions: Vec<conditions::Model>,
    /// Ids of the money figures that follow-ups reported (not announced with the pledge).
    pub reported: Vec<i32>,
    pub money: Vec<money_figures::Model>,
}

/// The pledges of `rows`, whole, in the order of `rows.pledges`.
pub(crate) fn assemble(rows: Rows) -> StoreResult<Vec<StoredPledge>> {
    let pledge_slugs: HashMap<i32, Slug> = rows
        .pledge_slugs
        .into_iter()
        .map(|(id, s)| Ok((id, slug("pledges", &s)?)))
        .collect::<StoreResult<_>>()?;
    let event_slugs: HashMap<i32, Slug> = rows
        .events
        .iter()
        .map(|m| Ok((m.id, slug("events", &m.slug)?)))
        .collect::<StoreResult<_>>()?;
    let actor_slugs: HashMap<i32, Slug> = rows
        .actors
        .iter()
        .map(|m| Ok((m.id, slug("actors", &m.slug)?)))
        .collect::<StoreResult<_>>()?;
    let source_slugs: HashMap<i32, Slug> = rows
        .sources
        .iter()
        .map(|m| Ok((m.id, slug("sources", &m.slug)?)))
        .collect::<StoreResult<_>>()?;
    let corroborating: HashSet<i32> = rows
        .sources
        .iter()
        .filter(|s| s.verification == "verified" && s.tier != "secondary_report")
        .map(|s| s.id)
        .collect();
    let source = |id: i32| {
        source_slugs
            .get(&id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt(format!("reference to missing source {id}")))
    };

    let mut themes: HashMap<i32, Vec<Theme>> = HashMap::new();
    for t in rows.themes {
        themes
            .entry(t.pledge_id)
            .or_default()
            .push(Theme::parse(&t.theme).map_err(|e| StoreError::corrupt("pledge_themes", e))?);
    }
    let mut roles: HashMap<i32, Vec<(i32, PledgeActor)>> = HashMap::new();
    for a in rows.roles {
        let actor = actor_slugs.get(&a.actor_id).cloned().ok_or_else(|| {
            StoreError::Corrupt(format!("pledge {} names missing actor", a.pledge_id))
        })?;
        let role =
            ActorRole::parse(&a.role).map_err(|e| StoreError::corrupt("pledge_actors", e))?;
        roles
            .entry(a.pledge_id)
            .or_default()
            .push((a.position, PledgeActor { actor, role }));
    }
    let mut cited: HashMap<i32, Vec<(i32, Slug)>> = HashMap::new();
    let mut verified: HashMap<i32, bool> = HashMap::new();
    for s in rows.cites {
        *verified.entry(s.pledge_id).or_default() |= corroborating.contains(&s.source_id);
        cited
            .entry(s.pledge_id)
            .or_default()
            .push((s.position, source(s.source_id)?));
    }
    let mut initial_conditions: HashMap<i32, Vec<(LongText, ConditionState, Option<Slug>)>> =
        HashMap::new();
    let mut current_conditions: HashMap<i32, Vec<(u16, ConditionState)>> = HashMap::new();
    for c in rows.conditions {
        let bad = |e| StoreError::corrupt("conditions", e);
        initial_conditions.entry(c.pledge_id).or_default().push((
            LongText::stored("condition", &c.text).map_err(bad)?,
            ConditionState::parse(&c.initial_state).map_err(bad)?,
            c.source_id.map(source).transpose()?,
        ));
        current_conditions.entry(c.pledge_id).or_default().push((
            c.number as u16,
            ConditionState::parse(&c.state).map_err(bad)?,
        ));
    }
    let reported: HashSet<i32> = rows.reported.into_iter().collect();
    let mut announced_money: HashMap<i32, Vec<MoneyFigure>> = HashMap::new();
    let mut all_money: HashMap<i32, Vec<MoneyFigure>> = HashMap::new();
    for f in rows.money {
        let figure = money_from_row(&f, &source_slugs)?;
        if !reported.contains(&f.id) {
            announced_money
                .entry(f.pledge_id)
                .or_default()
                .push(figure.clone());
        }
        all_money.entry(f.pledge_id).or_default().push(figure);
    }

    rows.pledges
        .into_iter()
        .map(|m| {
            let c = |e| StoreError::corrupt("pledges", e);
            let mut actor_roles = roles.remove(&m.id).unwrap_or_default();
            actor_roles.sort_by_key(|(position, _)| *position);
            let mut cites = cited.remove(&m.id).unwrap_or_default();
            cites.sort_by_key(|(position, _)| *position);
            let quote = match (&m.quote_text, &m.quote_language, m.quote_source_id) {
                (Some(text), Some(lang), Some(src)) => Some(
                    Quote::new(
                        LongText::stored("quote", text).map_err(c)?,
                        lang,
                        source(src)?,
                    )
                    .map_err(c)?,
                ),
                _ => None,
            };
            let pledge = Pledge::new(PledgeParts {
                slug: pledge_slugs[&m.id].clone(),
                title: Title::stored("title", &m.title).map_err(c)?,
                summary: LongText::stored("summary", &m.summary).map_err(c)?,
                quote,
                kind: PledgeKind::parse(&m.kind).map_err(c)?,
                themes: themes.remove(&m.id).unwrap_or_default(),
                event: m.event_id.and_then(|id| event_slugs.get(&id).cloned()),
                announced_on: m.announced_on,
                strength: Strength::parse(&m.initial_strength).map_err(c)?,
                parent: m.parent_id.and_then(|id| pledge_slugs.get(&id).cloned()),
                supersedes: m
                    .supersedes_id
                    .and_then(|id| pledge_slugs.get(&id).cloned()),
                contested: m.initial_contested,
                actors: actor_roles.into_iter().map(|(_, a)| a).collect(),
                deadline: deadline_from_row(
                    &m,
                    m.deadline_event_id
                        .and_then(|id| event_slugs.get(&id).cloned()),
                )?,
                conditions: initial_conditions.remove(&m.id).unwrap_or_default(),
                money: announced_money.remove(&m.id).unwrap_or_default(),
                sources: cites.into_iter().map(|(_, s)| s).collect(),
            })
            .map_err(c)?;
            let state = state_from_row(
                &m,
                current_conditions.remove(&m.id).unwrap_or_default(),
                all_money.remove(&m.id).unwrap_or_default(),
            )?;
            Ok(StoredPledge {
                record: PledgeRecord {
                    id: m.id,
                    pledge,
                    state,
                },
                verified: verified.get(&m.id).copied().unwrap_or(false),
                updated_at: m.updated_at,
                deleted: m.deleted_at.is_some(),
            })
        })
        .collect()
}
