//! The sea-orm entities, private to this crate: nothing outside persistence ever names a
//! row type. One file per group of tables (pledge, follow-up, reference, account, change
//! log), holding one inline module per table.

pub(crate) mod account;
pub(crate) mod changes;
pub(crate) mod contribution;
pub(crate) mod follow_up;
pub(crate) mod link_check;
pub(crate) mod pledge;
pub(crate) mod reference;
