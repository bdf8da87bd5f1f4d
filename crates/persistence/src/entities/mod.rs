//! The sea-orm entities, one module per table, private to this crate: nothing outside
//! persistence ever names a row type.

pub(crate) mod account;
pub(crate) mod changes;
pub(crate) mod contribution;
pub(crate) mod follow_up;
pub(crate) mod pledge;
pub(crate) mod reference;
