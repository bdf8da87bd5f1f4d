//! Storage of the pledgewatch model on SQLite and PostgreSQL through sea-orm. Entities stay
//! private; callers see domain types and use-case functions that own their transactions.

mod chain;
mod db;
mod entities;
mod error;
mod probe;
mod store;

pub mod accounts;
pub mod apply;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod catalog;
pub mod changes;
pub mod contributions;
pub mod corrections;
pub mod diagnostics;
pub mod digest_runs;
pub mod edits;
pub mod fault;
pub mod feed;
pub mod follow_ups;
pub mod lifecycle;
pub mod link_checks;
pub mod mapping;
pub mod outbox;
pub mod pledges;
pub mod rates;
pub mod reference;
pub mod retention;
pub mod secrets;
pub mod seed;
pub mod snapshots;
pub mod subscriptions;

pub use apply::{Applied, Author, Change, Outcome};
pub use chain::{Chain, chain};
pub use db::{Backend, Db};
pub use error::{Kind, StoreError, StoreResult};
