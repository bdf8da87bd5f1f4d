//! The two mails a contribution causes, as the routes ask for them: the mail crate's
//! `Mailroom` writes them (template folders `templates/email/contribution_confirm/` and
//! `…/contribution_outcome/`).

use crate::state::AppState;
use domain::contribution::ContributionState;
use mail::contribution::Decision;
use persistence::contributions::StoredContribution;
use persistence::outbox::OutboxMessage;

/// The confirmation link for the email left with contribution `id`, in the language the
/// contribution is being sent in.
pub fn confirmation(
    state: &AppState,
    to: &str,
    id: i32,
    token: &str,
    hours_valid: i64,
) -> anyhow::Result<OutboxMessage> {
    state.mail.contribution_confirmation(
        (to, crate::locale::current().lang),
        id,
        token,
        hours_valid,
    )
}

/// The decision on a contribution, for a contributor who confirmed their email; none for
/// an anonymous or unconfirmed one. In the language the contributor wrote in (stored with
/// the contribution): the editor's request says nothing about the contributor's.
pub fn outcome(
    state: &AppState,
    stored: &StoredContribution,
    decision: ContributionState,
    reason: Option<&str>,
) -> anyhow::Result<Option<OutboxMessage>> {
    let Some(to) = &stored.confirmed_email else {
        return Ok(None);
    };
    let pledge = stored.contribution.pledge.as_ref().map(|p| p.to_string());
    let decision = Decision {
        number: stored.id,
        accepted: decision == ContributionState::Accepted,
        reason,
        kind: stored.contribution.kind.code(),
        pledge: pledge.as_deref(),
    };
    state
        .mail
        .contribution_outcome((to.as_str(), stored.lang), &decision)
        .map(Some)
}
