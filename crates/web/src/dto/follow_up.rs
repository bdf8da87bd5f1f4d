//! Follow-ups in the API (and the CSV export's changes): what changed, in codes, taken
//! apart by [`domain::change_parts`], and the evidence.

use super::money::{MoneyJson, money_json};
use domain::Change;
use persistence::feed::FollowUpEntry;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ChangeJson {
    /// `delivery`, `strength`, `progress`, `condition`, `contested` or `money`.
    pub field: &'static str,
    pub condition: Option<u16>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub money: Option<MoneyJson>,
}

#[derive(Serialize, ToSchema)]
pub struct EvidenceJson {
    pub url: String,
    pub title: String,
    /// Who published it; absent on evidence recorded without one.
    pub publisher: Option<String>,
    pub tier: &'static str,
    /// An archived copy of the page (a web archive's snapshot); absent where none was
    /// recorded.
    pub archived_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FollowUpJson {
    pub id: i32,
    pub pledge: String,
    pub pledge_title: String,
    pub author: String,
    #[schema(format = DateTime)]
    pub recorded_at: String,
    #[schema(format = Date)]
    pub occurred_on: String,
    pub note: Option<String>,
    pub changes: Vec<ChangeJson>,
    pub evidence: Vec<EvidenceJson>,
}

pub fn change_json(c: &Change) -> ChangeJson {
    let parts = c.parts();
    ChangeJson {
        field: parts.field,
        condition: parts.condition,
        from: parts.from.and_then(|v| v.code()),
        to: parts.to.code(),
        money: parts.to.figure().map(money_json),
    }
}

pub fn follow_up_json(e: &FollowUpEntry) -> FollowUpJson {
    let f = &e.follow_up;
    FollowUpJson {
        id: e.id,
        pledge: e.pledge.to_string(),
        pledge_title: e.pledge_title.clone(),
        author: f.author.clone(),
        recorded_at: f.recorded_at.to_rfc3339(),
        occurred_on: f.occurred_on.to_string(),
        note: f.note.as_ref().map(ToString::to_string),
        changes: f.changes.iter().map(change_json).collect(),
        evidence: f
            .evidence
            .iter()
            .map(|x| EvidenceJson {
                url: x.url.as_str().into(),
                title: x.title.to_string(),
                publisher: x.publisher.as_ref().map(ToString::to_string),
                tier: x.tier.code(),
                archived_url: x.archived_url.as_ref().map(|u| u.as_str().to_owned()),
            })
            .collect(),
    }
}
