//! Following by email, without an account. Asking and confirming (double opt-in) are in
//! `request`; the preferences page reached by a signed link and unsubscribing (RFC 8058)
//! in `manage`; a subscriber's data to download or erase, and revoking links, in `data`.
//! `form` checks the fields; `page` holds the typed views of the two templates.

mod data;
mod form;
mod manage;
mod page;
mod request;

pub use data::*;
pub use form::TokenParam;
pub use manage::*;
pub use request::*;
