//! The follow-up form's view (`follow_up_form.html`): the pledge, its current state, the
//! choices of every select, and the input and field messages of a refused submission.
//! The form and error types stay with the route that parses them; the CSRF token comes
//! from the page builder.

use crate::page::View;
use domain::{ConditionState, DeliveryStatus, Pledge, PledgeState, SourceTier, Stage, Strength};
use serde::Serialize;
use std::collections::BTreeMap;

/// (code, label) of every value, for a select box.
type Options = Vec<(&'static str, &'static str)>;

#[derive(Serialize)]
pub struct CurrentView {
    delivery: &'static str,
    strength: &'static str,
    progress: Option<u8>,
}

#[derive(Serialize)]
pub struct ConditionChoice<'a> {
    /// The form field: `condition_<number>`.
    field: String,
    text: &'a str,
    /// The condition's state now.
    state: &'static str,
    /// The state chosen in a refused submission, kept.
    chosen: String,
}

#[derive(Serialize)]
pub struct FollowUpFormView<'a, F: Serialize, E: Serialize> {
    slug: &'a str,
    title: &'a str,
    current: CurrentView,
    form: &'a F,
    errors: &'a E,
    deliveries: Options,
    strengths: Options,
    stages: Options,
    tiers: Options,
    condition_states: Options,
    conditions: Vec<ConditionChoice<'a>>,
    evidence_rows: Vec<usize>,
}

impl<F: Serialize, E: Serialize> View for FollowUpFormView<'_, F, E> {
    const TEMPLATE: &'static str = "follow_up_form.html";
}

/// The form for a pledge in its state; `chosen` holds the condition states submitted, by
/// field name.
pub fn follow_up_form_view<'a, F: Serialize, E: Serialize>(
    p: &'a Pledge,
    state: &PledgeState,
    form: &'a F,
    errors: &'a E,
    chosen: &BTreeMap<String, String>,
    evidence_rows: usize,
) -> FollowUpFormView<'a, F, E> {
    FollowUpFormView {
        slug: p.slug().as_str(),
        title: p.title().as_str(),
        current: CurrentView {
            delivery: state.delivery.code(),
            strength: state.strength.code(),
            progress: state.progress.map(|x| x.percent()),
        },
        form,
        errors,
        deliveries: DeliveryStatus::options(),
        strengths: Strength::options(),
        stages: Stage::options(),
        tiers: SourceTier::ALL
            .iter()
            .filter(|t| **t != SourceTier::SecondaryReport)
            .map(|d| (d.code(), d.label()))
            .collect(),
        condition_states: ConditionState::options(),
        conditions: p
            .conditions()
            .iter()
            .map(|c| {
                let field = format!("condition_{}", c.number);
                ConditionChoice {
                    text: c.text.as_str(),
                    state: state.condition(c.number).unwrap_or(c.state).code(),
                    chosen: chosen.get(&field).cloned().unwrap_or_default(),
                    field,
                }
            })
            .collect(),
        evidence_rows: (1..=evidence_rows).collect(),
    }
}
