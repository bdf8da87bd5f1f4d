//! The two mails a reader's contribution causes: the double opt-in link for the email they
//! left, and the editors' decision (template folders `contribution_confirm` and
//! `contribution_outcome`).

use super::mailroom::{Mailroom, token_idempotency};
use super::outbox::{MailKind, OutboxMessage};
use domain::Lang;
use i18n::key;

/// What the editors decided about contribution `number`, as its outcome mail tells it.
pub struct Decision<'a> {
    pub number: i32,
    pub accepted: bool,
    /// Why it was rejected; none when accepted.
    pub reason: Option<&'a str>,
    /// The contribution's kind code (`evidence`, …), named in the mail's language.
    pub kind: &'a str,
    /// The pledge it was about, if any (its page is linked).
    pub pledge: Option<&'a str>,
}

impl Mailroom {
    /// The confirmation link for the email left with contribution `number`, in `lang`:
    /// the language the contribution was sent in.
    pub fn contribution_confirmation(
        &self,
        (to, lang): (&str, Lang),
        number: i32,
        token: &str,
        hours_valid: i64,
    ) -> anyhow::Result<OutboxMessage> {
        let mut ctx = self.base_context(lang);
        ctx.insert(
            "confirm_url",
            &self
                .sender
                .url(&format!("/contribute/confirm?token={token}")),
        );
        ctx.insert("hours_valid", &hours_valid);
        ctx.insert("number", &number);
        self.compose_single(
            MailKind::ContributionConfirm,
            token_idempotency("contribution-confirm", token),
            to,
            "contribution_confirm",
            &ctx,
        )
    }

    /// The editors' decision, for a contributor who confirmed their email, in `lang`.
    pub fn contribution_outcome(
        &self,
        (to, lang): (&str, Lang),
        decision: &Decision<'_>,
    ) -> anyhow::Result<OutboxMessage> {
        let mut ctx = self.base_context(lang);
        ctx.insert("number", &decision.number);
        ctx.insert("accepted", &decision.accepted);
        ctx.insert("reason", &decision.reason);
        ctx.insert(
            "kind",
            &super::words::label(lang, key("mail-kind-"), decision.kind),
        );
        let page = decision
            .pledge
            .map(|p| self.sender.url(&format!("/pledges/{p}")));
        ctx.insert("pledge_url", &page);
        self.compose_single(
            MailKind::ContributionOutcome,
            format!("contribution-outcome:{}", decision.number),
            to,
            "contribution_outcome",
            &ctx,
        )
    }
}
