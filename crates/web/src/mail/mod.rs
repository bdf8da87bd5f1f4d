//! Mail as the web crate uses it: the mail crate (composition and delivery, re-exported
//! here under its old paths), the worker over this deployment's database, and the digest
//! run loop (see `digests`), which is storage's work and so not the mail crate's.

pub mod digests;

pub use ::mail::{
    MailSettings, Mailroom, letters, links, mailroom, outbox, owner, settings, stencil, transport,
    trust, view, worker,
};

/// The delivery worker over the database, sending as the settings say.
pub type Worker = ::mail::Worker<persistence::Db>;
