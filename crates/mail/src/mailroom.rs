//! Everything needed to write mail: templates, the sender, signed links. It turns a
//! confirmation request, a reminder or a digest into an outbox message. A new kind of mail
//! is a `MailKind` (see `outbox`), a template folder `templates/email/<name>/` and one
//! method here that fills its context and calls `compose`.

use super::letters::{Letter, Sender, compose, compose_encoded};
use super::links::{LinkSigner, Purpose};
use super::outbox::{MailKind, OutboxMessage};
use super::settings::MailSettings;
use super::stencil::{MANAGE_LINK, Stencil, UNSUBSCRIBE_LINK};
use super::view::FollowUpMail;
use chrono::{DateTime, Utc};
use domain::digest::{DeadlineNews, Digest};
use domain::{Scope, Subscription, Theme};
use i18n::Templates as Tera;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use std::sync::Arc;
use tera::{Context, escape_html};

/// A digest lists at most this many follow-ups and links to the rest, so it stays
/// readable and under the size at which mail clients clip messages.
pub const MAX_FOLLOW_UPS_SHOWN: usize = 50;

#[derive(Clone)]
pub struct Mailroom {
    pub tera: Arc<Tera>,
    pub sender: Sender,
    pub signer: LinkSigner,
    /// Subscription mails (confirmations, reminders) one client may cause per hour.
    pub subscribe_per_client_per_hour: u64,
    /// Subscription mails sent per hour in all.
    pub subscribe_per_hour: u64,
}

/// What a scope is called in mail and on pages.
pub fn scope_label(scope: &Scope) -> String {
    match scope {
        Scope::Everything => "every pledge".to_owned(),
        Scope::Theme(t) => format!("the theme {}", Theme::label(*t)),
        Scope::Actor(a) => format!("the pledges of {a}"),
        Scope::Pledge(p) => format!("the pledge {p}"),
        Scope::Event(e) => format!("the pledges of {e}"),
    }
}

/// The page a scope is about.
pub fn scope_path(scope: &Scope) -> String {
    match scope {
        Scope::Everything => "/".to_owned(),
        Scope::Theme(t) => format!("/themes/{}", t.code()),
        Scope::Actor(a) => format!("/actors/{a}"),
        Scope::Pledge(p) => format!("/pledges/{p}"),
        Scope::Event(e) => format!("/events/{e}"),
    }
}

/// A subscriber as a digest needs them: storage implements this for its rows.
pub trait Subscriber {
    fn id(&self) -> i32;
    /// The version their manage and unsubscribe links are signed with.
    fn link_version(&self) -> i32;
    fn subscription(&self) -> &Subscription;
    /// The last follow-up id a digest covered.
    fn watermark(&self) -> i64;
    fn last_digest_at(&self) -> Option<DateTime<Utc>>;
}

#[derive(Serialize)]
struct PledgeNews {
    title: String,
    url: String,
    follow_ups: Vec<FollowUpMail>,
}

#[derive(Serialize)]
struct DeadlineView {
    title: String,
    url: String,
    due: String,
    news: &'static str,
}

impl Mailroom {
    /// `signer` holds the deployment's key, which storage keeps.
    pub fn new(
        tera: Arc<Tera>,
        settings: &MailSettings,
        public_url: &str,
        signer: LinkSigner,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            tera,
            sender: Sender::new(&settings.from, public_url)?,
            signer,
            subscribe_per_client_per_hour: settings.subscribe_per_client_per_hour,
            subscribe_per_hour: settings.subscribe_per_hour,
        })
    }

    /// The preferences link of a subscription at its link version.
    pub fn manage_url(&self, id: i32, version: i32) -> String {
        self.sender.url(&format!(
            "/subscriptions/manage?token={}",
            self.signer.sign(Purpose::Manage, id, version)
        ))
    }

    pub fn unsubscribe_url(&self, id: i32, version: i32) -> String {
        self.sender.url(&format!(
            "/subscriptions/unsubscribe?token={}",
            self.signer.sign(Purpose::Unsubscribe, id, version)
        ))
    }

    pub(crate) fn base_context(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site_url", &self.sender.public_url);
        ctx
    }

    /// The double opt-in mail: a single-use link that expires.
    pub fn confirmation(
        &self,
        to: &str,
        scope: &Scope,
        token: &str,
        hours_valid: i64,
    ) -> anyhow::Result<OutboxMessage> {
        let mut ctx = self.base_context();
        ctx.insert("scope", &scope_label(scope));
        ctx.insert(
            "confirm_url",
            &self
                .sender
                .url(&format!("/subscriptions/confirm?token={token}")),
        );
        ctx.insert("hours_valid", &hours_valid);
        compose(
            &self.tera,
            &self.sender,
            Letter {
                kind: MailKind::Confirm,
                // The token's hash prefix: each new request is its own message.
                idempotency_key: format!(
                    "confirm:{}",
                    &hex::encode(Sha256::digest(token.as_bytes()))[..32]
                ),
                to,
                unsubscribe_url: None,
                subscription_id: None,
                run_id: None,
            },
            "confirm",
            &ctx,
        )
    }

    /// Sent instead of a confirmation when the address already follows this: the page
    /// that took the request says the same either way.
    pub fn reminder(
        &self,
        to: &str,
        (id, version): (i32, i32),
        scope: &Scope,
        now: chrono::DateTime<chrono::Utc>,
    ) -> anyhow::Result<OutboxMessage> {
        let mut ctx = self.base_context();
        ctx.insert("scope", &scope_label(scope));
        ctx.insert("manage_url", &self.manage_url(id, version));
        compose(
            &self.tera,
            &self.sender,
            Letter {
                kind: MailKind::Reminder,
                idempotency_key: format!("reminder:{id}:{}", now.timestamp()),
                to,
                unsubscribe_url: Some(self.unsubscribe_url(id, version)),
                subscription_id: None,
                run_id: None,
            },
            "reminder",
            &ctx,
        )
    }

    pub fn digest(
        &self,
        stored: &impl Subscriber,
        digest: &Digest,
        run_id: i32,
    ) -> anyhow::Result<OutboxMessage> {
        let stencil = self.digest_stencil(stored.subscription(), digest)?;
        self.stamp_digest(&stencil, stored, run_id)
    }

    /// Renders a digest once for everyone who gets the same news; `stamp_digest` then
    /// puts in each subscriber's own links.
    pub fn digest_stencil(
        &self,
        sub: &Subscription,
        digest: &Digest,
    ) -> anyhow::Result<DigestStencil> {
        let mut shown = 0usize;
        let mut total = 0usize;
        let mut pledges = Vec::new();
        for p in &digest.pledges {
            total += p.follow_ups.len();
            let room = MAX_FOLLOW_UPS_SHOWN.saturating_sub(shown);
            if room == 0 {
                continue;
            }
            let follow_ups: Vec<_> = p
                .follow_ups
                .iter()
                .take(room)
                .map(|(id, f)| match p.replies.iter().find(|(r, _)| r == id) {
                    Some((_, from)) => FollowUpMail::reply(f, from),
                    None => FollowUpMail::new(f),
                })
                .collect();
            shown += follow_ups.len();
            pledges.push(PledgeNews {
                title: p.title.clone(),
                url: self.sender.url(&format!("/pledges/{}", p.slug)),
                follow_ups,
            });
        }
        let deadlines: Vec<DeadlineView> = digest
            .deadlines
            .iter()
            .map(|d| DeadlineView {
                title: d.title.clone(),
                url: self.sender.url(&format!("/pledges/{}", d.slug)),
                due: d.due.to_string(),
                news: match d.news {
                    DeadlineNews::DueSoon => "due soon",
                    DeadlineNews::NewlyOverdue => "now overdue",
                },
            })
            .collect();
        let mut ctx = self.base_context();
        ctx.insert("because", &digest.because);
        ctx.insert("scope", &scope_label(&sub.scope));
        ctx.insert("scope_url", &self.sender.url(&scope_path(&sub.scope)));
        ctx.insert("frequency", sub.frequency.label());
        ctx.insert("pledges", &pledges);
        ctx.insert("changes", &total);
        ctx.insert("more", &(total - shown));
        ctx.insert("deadlines", &deadlines);
        ctx.insert("manage_url", MANAGE_LINK);
        ctx.insert("unsubscribe_url", UNSUBSCRIBE_LINK);
        let render = |part: &str| self.tera.render(&format!("email/digest/{part}"), &ctx);
        Ok(DigestStencil {
            subject: render("subject.txt")?,
            text: Stencil::new(&render("text.txt")?),
            html: Stencil::new(&render("html.html")?),
        })
    }

    pub fn stamp_digest(
        &self,
        stencil: &DigestStencil,
        stored: &impl Subscriber,
        run_id: i32,
    ) -> anyhow::Result<OutboxMessage> {
        let (id, version) = (stored.id(), stored.link_version());
        let manage = self.manage_url(id, version);
        let unsubscribe = self.unsubscribe_url(id, version);
        let text = stencil.text.stamp(&manage, &unsubscribe);
        let html = stencil
            .html
            .stamp(&escape_html(&manage), &escape_html(&unsubscribe));
        compose_encoded(
            &self.sender,
            Letter {
                kind: MailKind::Digest,
                idempotency_key: format!("digest:{run_id}:{id}"),
                to: stored.subscription().email.as_str(),
                unsubscribe_url: Some(unsubscribe),
                subscription_id: Some(id),
                run_id: Some(run_id),
            },
            &stencil.subject,
            text,
            html,
        )
    }
}

/// A digest rendered for everyone with the same news, awaiting each one's links.
pub struct DigestStencil {
    subject: String,
    text: Stencil,
    html: Stencil,
}
