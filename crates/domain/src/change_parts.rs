//! A follow-up's change taken apart, in the one place that does it: which field changed,
//! the condition it concerns, and the values before and after, each with its code (for
//! programs: the API) and its label (for people: pages, feeds and mail).

use crate::display::money_exact;
use crate::follow_up::Change;
use crate::money::MoneyFigure;
use crate::status::{ConditionState, DeliveryStatus, Strength};
use crate::vocab::Progress;

/// One value a change reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Delivery(DeliveryStatus),
    Strength(Strength),
    Progress(Progress),
    Condition(ConditionState),
    Contested(bool),
    /// A figure newly reported; it replaces nothing, so it is only ever a `to`.
    Money(&'a MoneyFigure),
}

impl Value<'_> {
    /// The value as the API gives it: a vocabulary code, a percentage, `true` or `false`;
    /// none for a figure, which the API gives as a structured object instead.
    pub fn code(&self) -> Option<String> {
        Some(match self {
            Self::Delivery(v) => v.code().to_owned(),
            Self::Strength(v) => v.code().to_owned(),
            Self::Progress(p) => p.percent().to_string(),
            Self::Condition(v) => v.code().to_owned(),
            Self::Contested(b) => b.to_string(),
            Self::Money(_) => return None,
        })
    }

    /// The value as people read it: "In progress", "40%", "yes", or
    /// "Announced: EUR 1,000.00 (source-slug)".
    pub fn label(&self) -> String {
        match self {
            Self::Delivery(v) => v.label().to_owned(),
            Self::Strength(v) => v.label().to_owned(),
            Self::Progress(p) => format!("{}%", p.percent()),
            Self::Condition(v) => v.label().to_owned(),
            Self::Contested(b) => if *b { "yes" } else { "no" }.to_owned(),
            Self::Money(f) => format!(
                "{}: {} ({})",
                f.stage.label(),
                money_exact(&f.money),
                f.source
            ),
        }
    }

    pub fn figure(&self) -> Option<&MoneyFigure> {
        match self {
            Self::Money(f) => Some(f),
            _ => None,
        }
    }
}

/// A change's parts; see [`Change::parts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeParts<'a> {
    /// `delivery`, `strength`, `progress`, `condition`, `contested` or `money`.
    pub field: &'static str,
    /// "Delivery", "Strength", "Progress", "Condition", "Contested" or "Money".
    pub label: &'static str,
    /// The condition's number, for a change of a condition.
    pub condition: Option<u16>,
    /// None where nothing was set before (a first progress figure, a new money figure).
    pub from: Option<Value<'a>>,
    pub to: Value<'a>,
}

impl ChangeParts<'_> {
    /// The value before, for people; a condition's value carries its number ("2: Met").
    pub fn from_label(&self) -> Option<String> {
        self.from.map(|v| self.numbered(v))
    }

    /// The value after, for people; a condition's value carries its number.
    pub fn to_label(&self) -> String {
        self.numbered(self.to)
    }

    /// "Delivery: Announced → In progress", or "Money: …" where there was no value before.
    pub fn line(&self) -> String {
        match self.from_label() {
            Some(from) => format!("{}: {from} → {}", self.label, self.to_label()),
            None => format!("{}: {}", self.label, self.to_label()),
        }
    }

    fn numbered(&self, v: Value<'_>) -> String {
        match self.condition {
            Some(n) => format!("{n}: {}", v.label()),
            None => v.label(),
        }
    }
}

impl Change {
    /// This change in parts, for every surface that shows one.
    pub fn parts(&self) -> ChangeParts<'_> {
        let (label, condition, from, to) = match self {
            Self::Delivery { from, to } => (
                "Delivery",
                None,
                Some(Value::Delivery(*from)),
                Value::Delivery(*to),
            ),
            Self::Strength { from, to } => (
                "Strength",
                None,
                Some(Value::Strength(*from)),
                Value::Strength(*to),
            ),
            Self::Progress { from, to } => (
                "Progress",
                None,
                from.map(Value::Progress),
                Value::Progress(*to),
            ),
            Self::Condition { number, from, to } => (
                "Condition",
                Some(*number),
                Some(Value::Condition(*from)),
                Value::Condition(*to),
            ),
            Self::Contested { from, to } => (
                "Contested",
                None,
                Some(Value::Contested(*from)),
                Value::Contested(*to),
            ),
            Self::Money { figure } => ("Money", None, None, Value::Money(figure)),
        };
        ChangeParts {
            field: self.field(),
            label,
            condition,
            from,
            to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Amount, Basis, Currency, FigureKind, Money, Stage};
    use crate::text::Slug;

    #[test]
    fn a_condition_reads_with_its_number_and_codes_without() {
        let c = Change::Condition {
            number: 2,
            from: ConditionState::Pending,
            to: ConditionState::Met,
        };
        let p = c.parts();
        assert_eq!(
            (p.field, p.label, p.condition),
            ("condition", "Condition", Some(2))
        );
        assert_eq!(p.from_label().as_deref(), Some("2: Pending"));
        assert_eq!(p.to_label(), "2: Met");
        assert_eq!(p.to.code().as_deref(), Some("met"));
        assert_eq!(p.line(), "Condition: 2: Pending → 2: Met");
    }

    #[test]
    fn progress_and_contested_read_as_people_say_them() {
        let c = Change::Progress {
            from: None,
            to: Progress::parse("p", 40).unwrap(),
        };
        let p = c.parts();
        assert_eq!(p.from_label(), None);
        assert_eq!(
            (p.to_label(), p.to.code()),
            ("40%".into(), Some("40".into()))
        );
        let p = Change::Contested {
            from: false,
            to: true,
        }
        .parts();
        assert_eq!(p.line(), "Contested: no → yes");
        assert_eq!(p.from.and_then(|v| v.code()).as_deref(), Some("false"));
    }

    #[test]
    fn a_figure_is_labelled_exactly_and_has_no_code() {
        let figure = MoneyFigure {
            stage: Stage::Committed,
            kind: FigureKind::Amount,
            money: Money {
                amount: Amount::Exact { minor: 12_345_600 },
                currency: Currency::EUR,
            },
            value_date: chrono::NaiveDate::from_ymd_opt(2025, 2, 11).unwrap(),
            basis: Basis::Stated,
            source: Slug::parse("s", "elysee-2025").unwrap(),
            note: None,
        };
        let c = Change::Money {
            figure: figure.clone(),
        };
        let p = c.parts();
        assert_eq!(p.line(), "Money: Committed: EUR 123,456.00 (elysee-2025)");
        assert_eq!(p.to.code(), None);
        assert_eq!(p.to.figure(), Some(&figure));
    }
}
