//! What mail templates see: a follow-up, its changes and its evidence as plain text fields,
//! built from domain values here, so mail needs nothing of the web's page views.

use domain::display::money_exact;
use domain::{Change, FollowUp};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct FollowUpMail {
    pub occurred_on: String,
    pub author: String,
    pub note: Option<String>,
    pub changes: Vec<ChangeLine>,
    pub evidence: Vec<EvidenceLine>,
}

/// One changed field: `field: from -> to`, `from` absent when there was none.
#[derive(Debug, Serialize)]
pub struct ChangeLine {
    pub field: &'static str,
    pub from: Option<String>,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct EvidenceLine {
    pub url: String,
    pub title: String,
    pub tier: &'static str,
}

impl FollowUpMail {
    pub fn new(f: &FollowUp) -> Self {
        Self {
            occurred_on: f.occurred_on.to_string(),
            author: f.author.clone(),
            note: f.note.as_ref().map(ToString::to_string),
            changes: f.changes.iter().map(ChangeLine::new).collect(),
            evidence: f
                .evidence
                .iter()
                .map(|e| EvidenceLine {
                    url: e.url.as_str().to_owned(),
                    title: e.title.to_string(),
                    tier: e.tier.label(),
                })
                .collect(),
        }
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

impl ChangeLine {
    pub fn new(c: &Change) -> Self {
        let (field, from, to) = match c {
            Change::Delivery { from, to } => (
                "Delivery",
                Some(from.label().to_owned()),
                to.label().to_owned(),
            ),
            Change::Strength { from, to } => (
                "Strength",
                Some(from.label().to_owned()),
                to.label().to_owned(),
            ),
            Change::Progress { from, to } => (
                "Progress",
                from.map(|p| format!("{}%", p.percent())),
                format!("{}%", to.percent()),
            ),
            Change::Condition { number, from, to } => (
                "Condition",
                Some(format!("{number}: {}", from.label())),
                format!("{number}: {}", to.label()),
            ),
            Change::Contested { from, to } => ("Contested", Some(yes_no(*from)), yes_no(*to)),
            Change::Money { figure } => (
                "Money",
                None,
                format!(
                    "{}: {} ({})",
                    figure.stage.label(),
                    money_exact(&figure.money),
                    figure.source
                ),
            ),
        };
        Self { field, from, to }
    }
}
