//! Roll-ups of children into their parent, and money totals in one currency that never
//! count a parent beside its own children.

use crate::error::DomainError;
use crate::follow_up::PledgeState;
use crate::money::{Currency, FigureKind, MoneyFigure, Stage};
use crate::rates::RateTable;
use crate::status::DeliveryStatus;
use crate::text::Slug;
use crate::vocab::Progress;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a parent's children add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollUp {
    pub children: usize,
    pub by_delivery: BTreeMap<&'static str, usize>,
    /// Plain average of the children that have a progress figure.
    pub progress: Option<Progress>,
    /// How many children that average rests on.
    pub progress_basis: usize,
}

pub fn roll_up<'a>(children: impl IntoIterator<Item = &'a PledgeState>) -> RollUp {
    let mut by_delivery = BTreeMap::new();
    let mut count = 0;
    let (mut sum, mut with_progress) = (0_u32, 0_u32);
    for child in children {
        count += 1;
        *by_delivery.entry(child.delivery.code()).or_insert(0) += 1;
        if let Some(p) = child.effective_progress() {
            sum += u32::from(p.percent());
            with_progress += 1;
        }
    }
    let progress = (with_progress > 0).then(|| {
        let avg = (sum + with_progress / 2) / with_progress;
        Progress::parse("progress", i64::from(avg)).unwrap_or(Progress::ZERO)
    });
    RollUp {
        children: count,
        by_delivery,
        progress,
        progress_basis: with_progress as usize,
    }
}

/// Whether a roll-up has anything left open.
pub fn all_delivered(roll: &RollUp) -> bool {
    roll.children > 0
        && roll.by_delivery.get(DeliveryStatus::Delivered.code()) == Some(&roll.children)
}

/// One pledge's money, as the totals need it.
#[derive(Debug, Clone)]
pub struct PledgeMoney<'a> {
    pub slug: &'a Slug,
    pub parent: Option<&'a Slug>,
    pub figures: &'a [MoneyFigure],
}

/// A total at one stage in one currency: a range, because sources give ranges and
/// sometimes disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Total {
    pub stage: Stage,
    pub currency: Currency,
    pub min: i64,
    pub max: i64,
    /// Pledges whose own figures were counted.
    pub counted: Vec<Slug>,
    /// Figures left out because no rate covers their value date.
    pub unconverted: Vec<(Slug, Currency, NaiveDate)>,
}

/// Totals `stage` over `pledges` in `currency`.
///
/// A pledge with figures at this stage counts those figures and hides its descendants
/// (the parent's figure already includes them); one without figures counts the sum of its
/// children instead. Several figures for one pledge and stage are sources that disagree:
/// the pledge contributes the range from the lowest to the highest of them.
/// `parent_of` must answer for every pledge, including those outside `pledges`, so that a
/// grandchild is still tied to its grandparent when the child in between is filtered out.
pub fn total<'a>(
    pledges: &[PledgeMoney<'a>],
    parent_of: impl Fn(&Slug) -> Option<&'a Slug>,
    stage: Stage,
    currency: Currency,
    rates: &RateTable,
) -> Total {
    total_of(
        pledges,
        parent_of,
        stage,
        FigureKind::Amount,
        currency,
        rates,
    )
}

/// As [`total`], over the figures of one kind: fundraising aims are totalled apart, with
/// the same rules, and never beside money put in.
pub fn total_of<'a>(
    pledges: &[PledgeMoney<'a>],
    parent_of: impl Fn(&Slug) -> Option<&'a Slug>,
    stage: Stage,
    kind: FigureKind,
    currency: Currency,
    rates: &RateTable,
) -> Total {
    let members: HashSet<&Slug> = pledges.iter().map(|p| p.slug).collect();
    let nearest_member_ancestor = |slug: &Slug| {
        let mut seen = HashSet::new();
        let mut cursor = parent_of(slug);
        while let Some(p) = cursor {
            if members.contains(p) {
                return Some(p);
            }
            if !seen.insert(p) {
                break;
            }
            cursor = parent_of(p);
        }
        None
    };
    let mut children: HashMap<&Slug, Vec<&PledgeMoney<'a>>> = HashMap::new();
    let mut roots = Vec::new();
    for p in pledges {
        match nearest_member_ancestor(p.slug) {
            Some(anc) => children.entry(anc).or_default().push(p),
            None => roots.push(p),
        }
    }
    let mut acc = Total {
        stage,
        currency,
        min: 0,
        max: 0,
        counted: Vec::new(),
        unconverted: Vec::new(),
    };
    let mut stack: Vec<&PledgeMoney<'a>> = roots;
    while let Some(p) = stack.pop() {
        // Aims are not money put in: a total is of one kind only.
        let at_stage: Vec<&MoneyFigure> = p
            .figures
            .iter()
            .filter(|f| f.stage == stage && f.kind == kind)
            .collect();
        if at_stage.is_empty() {
            if let Some(kids) = children.get(p.slug) {
                stack.extend(kids.iter().copied());
            }
            continue;
        }
        let (mut lo, mut hi) = (i64::MAX, 0_i64);
        for f in at_stage {
            match rates.convert(f.money, currency, f.value_date) {
                Ok(c) => {
                    lo = lo.min(c.money.amount.min());
                    hi = hi.max(c.money.amount.max());
                }
                Err(DomainError::NoRate { .. }) | Err(_) => {
                    acc.unconverted
                        .push((p.slug.clone(), f.money.currency, f.value_date))
                }
            }
        }
        if lo != i64::MAX {
            acc.min = acc.min.saturating_add(lo);
            acc.max = acc.max.saturating_add(hi);
            acc.counted.push(p.slug.clone());
        }
    }
    acc.counted.sort();
    acc
}
