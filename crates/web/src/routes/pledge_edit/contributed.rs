//! A pledge form that carries a reader's contribution: a missing pledge opens the new
//! pledge form prefilled from it, a correction opens the pledge's edit form with the
//! correction beside it. Saving the form applies the pledge through the normal write
//! path and marks the contribution accepted in the same transaction, credited to the
//! contributor; a refused form leaves the contribution pending.

use crate::auth::Session;
use crate::error::AppError;
use crate::routes::contribute::letters;
use crate::state::AppState;
use chrono::Utc;
use domain::Slug;
use domain::contribution::{Contribution, ContributionKind, ContributionState};
use persistence::contributions::StoredContribution;
use persistence::{Author, Change};
use serde::{Deserialize, Serialize};

/// `?contribution=ID` on the pledge forms.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct Carrying {
    /// The pending contribution the form acts on.
    pub contribution: String,
}

/// The contribution shown beside the form.
#[derive(Debug, Serialize)]
pub(super) struct ContributionPanel {
    pub id: i32,
    /// The kind's code: the page names it in its language.
    pub kind: &'static str,
    pub credit: String,
    pub title: Option<String>,
    pub claim: Option<String>,
    pub note: String,
    pub links: Vec<String>,
}

impl ContributionPanel {
    pub(super) fn of(s: &StoredContribution) -> Self {
        let c = &s.contribution;
        Self {
            id: s.id,
            kind: c.kind.code(),
            credit: shown_credit(c.credit.as_ref()),
            title: c.title.as_ref().map(ToString::to_string),
            claim: c.claim.as_ref().map(ToString::to_string),
            note: c.note.to_string(),
            links: c.links.iter().map(|l| l.as_str().to_owned()).collect(),
        }
    }
}

fn refused(message: String) -> AppError {
    AppError::BadRequest {
        field: "contribution".into(),
        message,
    }
}

/// The pending contribution numbered `raw` that this form may act on: a missing pledge
/// for the new pledge form, a correction of this very pledge for its edit form. None when
/// `raw` is empty.
pub(super) async fn load(
    state: &AppState,
    raw: &str,
    editing: Option<&Slug>,
) -> Result<Option<StoredContribution>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let id: i32 = raw.parse().map_err(|_| {
        refused(format!(
            "contribution: {raw:?} is not a contribution number"
        ))
    })?;
    let stored = state.db.contribution(id).await.map_err(|e| match e {
        persistence::StoreError::NotFound { what } => AppError::NotFound(what),
        e => e.into(),
    })?;
    if stored.state != ContributionState::Pending {
        return Err(refused(format!(
            "contribution: contribution {id} was already {}",
            stored.state.code()
        )));
    }
    let c = &stored.contribution;
    let fits = match editing {
        None => c.kind == ContributionKind::NewPledge,
        Some(slug) => c.kind == ContributionKind::Correction && c.pledge.as_ref() == Some(slug),
    };
    if !fits {
        let form = editing.map_or_else(
            || "the new pledge form".to_owned(),
            |s| format!("corrections of {s}"),
        );
        return Err(refused(format!(
            "contribution: contribution {id} ({}) is not for {form}",
            c.kind.label()
        )));
    }
    Ok(Some(stored))
}

/// How a page credits the contributor: their chosen name, or "a reader" in the page's
/// language. (The name recorded in a pledge's history is data and stays in English.)
pub fn shown_credit(credit: Option<&domain::Title>) -> String {
    let lang = crate::locale::current().lang;
    credit.map_or_else(
        || i18n::tr(lang, "contrib-credit-anonymous"),
        |c| c.to_string(),
    )
}

/// The name a change accepted from a contribution is recorded under: the contributor's
/// chosen name (or "a reader"), and the editor who accepted it.
pub fn credited(stored: &StoredContribution, editor: &str) -> String {
    let credit = Contribution::credit_line(stored.contribution.credit.as_ref());
    format!("{credit} (accepted by {editor})")
}

/// Applies `change` and marks `stored` accepted in one transaction, with the outcome
/// mail for a confirmed contributor; then lets the read model follow.
pub(super) async fn accept(
    state: &AppState,
    session: &Session,
    stored: &StoredContribution,
    change: Change,
) -> Result<(), AppError> {
    let name = credited(stored, session.user.name.as_str());
    let author = Author {
        name: &name,
        account: Some(session.user.email.as_str()),
    };
    let applied = state
        .db
        .accept_contribution(stored.id, Some(change), author, Utc::now(), |s| {
            letters::outcome(state, s, ContributionState::Accepted, None)
                .map_err(AppError::Internal)
        })
        .await?;
    if let Some(applied) = &applied {
        state.follow(applied).await;
    }
    Ok(())
}
