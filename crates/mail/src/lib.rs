//! pledgewatch's mail: composing messages and digests into the outbox, and the delivery
//! worker that sends them. It sees storage only through the [`outbox::Outbox`] trait and
//! the wire only through the [`transport::Transport`] trait, so it holds no database or
//! HTTP code. What stays in the web crate is what needs storage or the command line:
//! reading these settings from the environment, loading the link-signing key, and driving
//! a digest run batch by batch.
//!
//! Delivery: `worker` (with `hopper`, `gate`, `recorder`, `owner`), `transport`, `smtp`,
//! `trust`, `settings`. Composition: `mailroom`, `letters`, `stencil`, `links`, `view`,
//! `words`, `wrap`, `digests`, `digest_mail`.

pub mod contribution;
pub mod digest_mail;
pub mod digests;
mod failure;
mod gate;
mod hopper;
pub mod letters;
pub mod links;
pub mod mailroom;
pub mod outbox;
pub mod owner;
mod recorder;
pub mod settings;
mod smtp;
pub mod stencil;
mod step;
pub mod transport;
pub mod trust;
pub mod view;
pub mod words;
pub mod worker;
mod wrap;

pub use mailroom::Mailroom;
pub use outbox::{MailKind, Outbox, OutboxStatus};
pub use settings::MailSettings;
pub use transport::{SendFailure, Transport};
pub use worker::Worker;
