//! Everything needed to write mail: templates, the sender, signed links. It turns a
//! confirmation request, a reminder or a digest into an outbox message. A new kind of mail
//! is a `MailKind` (see `outbox`), a template folder `templates/email/<name>/` and one
//! method here that fills its context and calls `compose`.

use super::letters::{Letter, Sender, compose, compose_encoded};
use super::links::{LinkSigner, Purpose};
use super::outbox::{MailKind, OutboxMessage};
use super::settings::MailSettings;
use super::stencil::Stencil;
use chrono::{DateTime, Utc};
use domain::{Lang, Scope, Subscription};
use i18n::Templates as Tera;
use sha2::{Digest as _, Sha256};
use std::sync::Arc;
use tera::{Context, escape_html};

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

/// The idempotency key of a mail sent for a one-time token: `prefix` and the token's hash
/// prefix, so that each new request is its own message.
pub(crate) fn token_idempotency(prefix: &str, token: &str) -> String {
    format!(
        "{prefix}:{}",
        &hex::encode(Sha256::digest(token.as_bytes()))[..32]
    )
}

/// What a scope is called in mail and on pages, in `lang`.
pub fn scope_label(scope: &Scope, lang: Lang) -> String {
    super::words::scope_label(scope, lang)
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

    /// What every mail's templates need: the language they are written in (which picks
    /// the templates' `t()`), the site, and the colon as the language sets it.
    pub(crate) fn base_context(&self, lang: Lang) -> Context {
        let mut ctx = Context::new();
        ctx.insert("lang", lang.code());
        ctx.insert("site_url", &self.sender.public_url);
        ctx.insert("colon", &i18n::tr(lang, "mail-colon"));
        ctx
    }

    /// The double opt-in mail: a single-use link that expires.
    pub fn confirmation(
        &self,
        request: &Subscription,
        token: &str,
        hours_valid: i64,
    ) -> anyhow::Result<OutboxMessage> {
        let (to, lang) = (request.email.as_str(), request.lang);
        let mut ctx = self.base_context(lang);
        ctx.insert("scope", &scope_label(&request.scope, lang));
        ctx.insert(
            "confirm_url",
            &self
                .sender
                .url(&format!("/subscriptions/confirm?token={token}")),
        );
        ctx.insert("hours_valid", &hours_valid);
        self.compose_single(
            MailKind::Confirm,
            token_idempotency("confirm", token),
            to,
            "confirm",
            &ctx,
        )
    }

    /// Renders the template folder `template` into a message to one person about one
    /// thing: no list to leave, no subscription, no digest run.
    pub(crate) fn compose_single(
        &self,
        kind: MailKind,
        idempotency_key: String,
        to: &str,
        template: &str,
        ctx: &Context,
    ) -> anyhow::Result<OutboxMessage> {
        let letter = Letter {
            kind,
            idempotency_key,
            to,
            unsubscribe_url: None,
            subscription_id: None,
            run_id: None,
        };
        compose(&self.tera, &self.sender, letter, template, ctx)
    }

    /// Sent instead of a confirmation when the address already follows this: the page
    /// that took the request says the same either way.
    /// `lang` is the subscription's stored language, not the new request's: the
    /// reminder goes to the subscriber as they set themselves up.
    pub fn reminder(
        &self,
        request: &Subscription,
        (id, version): (i32, i32),
        lang: Lang,
        now: chrono::DateTime<chrono::Utc>,
    ) -> anyhow::Result<OutboxMessage> {
        let to = request.email.as_str();
        let mut ctx = self.base_context(lang);
        ctx.insert("scope", &scope_label(&request.scope, lang));
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
    pub(crate) subject: String,
    pub(crate) text: Stencil,
    pub(crate) html: Stencil,
}
