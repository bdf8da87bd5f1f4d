//! The two mails a contribution causes, written through the project's mail machinery
//! (template folders `templates/email/contribution_confirm/` and `…/contribution_outcome/`):
//! the double opt-in link for a contributor's email, and the editors' decision.

use crate::mail::letters::{Letter, compose};
use crate::state::AppState;
use domain::contribution::ContributionState;
use persistence::contributions::{
    KIND_CONTRIBUTION_CONFIRM, KIND_CONTRIBUTION_OUTCOME, StoredContribution,
};
use persistence::outbox::OutboxMessage;
use tera::Context;

fn context(state: &AppState) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site_url", &state.mail.sender.public_url);
    ctx
}

/// The confirmation link for the email left with contribution `id`.
pub fn confirmation(
    state: &AppState,
    to: &str,
    id: i32,
    token: &str,
    hours_valid: i64,
) -> anyhow::Result<OutboxMessage> {
    let mut ctx = context(state);
    ctx.insert(
        "confirm_url",
        &state
            .mail
            .sender
            .url(&format!("/contribute/confirm?token={token}")),
    );
    ctx.insert("hours_valid", &hours_valid);
    ctx.insert("number", &id);
    compose(
        &state.mail.tera,
        &state.mail.sender,
        Letter {
            kind: KIND_CONTRIBUTION_CONFIRM,
            idempotency_key: format!(
                "contribution-confirm:{}",
                &crate::auth::token_hash(token)[..32]
            ),
            to,
            unsubscribe_url: None,
            subscription_id: None,
            run_id: None,
        },
        "contribution_confirm",
        &ctx,
    )
}

/// The decision on a contribution, for a contributor who confirmed their email; none for
/// an anonymous or unconfirmed one.
pub fn outcome(
    state: &AppState,
    stored: &StoredContribution,
    decision: ContributionState,
    reason: Option<&str>,
) -> anyhow::Result<Option<OutboxMessage>> {
    let Some(to) = &stored.confirmed_email else {
        return Ok(None);
    };
    let mut ctx = context(state);
    ctx.insert("number", &stored.id);
    ctx.insert("accepted", &(decision == ContributionState::Accepted));
    ctx.insert("reason", &reason);
    ctx.insert("kind", stored.contribution.kind.label());
    let page = stored
        .contribution
        .pledge
        .as_ref()
        .map(|p| state.mail.sender.url(&format!("/pledges/{p}")));
    ctx.insert("pledge_url", &page);
    compose(
        &state.mail.tera,
        &state.mail.sender,
        Letter {
            kind: KIND_CONTRIBUTION_OUTCOME,
            idempotency_key: format!("contribution-outcome:{}", stored.id),
            to: to.as_str(),
            unsubscribe_url: None,
            subscription_id: None,
            run_id: None,
        },
        "contribution_outcome",
        &ctx,
    )
    .map(Some)
}
