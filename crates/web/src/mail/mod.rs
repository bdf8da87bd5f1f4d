//! Mail: settings, trust for SMTP over TLS, signed links, messages built from template
//! folders, the transports, the delivery worker (with its gate, recorder and lease owners)
//! and digest runs.

pub mod digests;
mod gate;
mod hopper;
pub mod letters;
pub mod links;
pub mod mailroom;
pub mod owner;
mod recorder;
pub mod settings;
mod smtp;
pub mod stencil;
pub mod transport;
pub mod trust;
pub mod worker;

pub use mailroom::Mailroom;
pub use settings::MailSettings;
pub use worker::Worker;
