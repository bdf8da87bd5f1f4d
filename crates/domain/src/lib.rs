//! The pledgewatch model: pledges, actors, events, sources, money, statuses, follow-ups,
//! subscriptions and users, with the pure derivations over them. No I/O; time is passed in.

pub mod actor;
pub mod catalog;
pub mod change_parts;
pub mod changelog;
pub mod contribution;
pub mod dashboard;
pub mod digest;
pub mod display;
pub mod error;
pub mod event;
pub mod follow_up;
pub mod hierarchy;
pub mod input;
pub mod link_health;
pub mod locale;
pub mod money;
pub mod pledge;
pub mod rates;
pub mod rollup;
pub mod schedule;
pub mod source;
pub mod status;
pub mod subscription;
pub mod text;
pub mod user;
pub mod vocab;

pub use actor::{Actor, ActorKind, ActorRole, CountryCode};
pub use error::{DomainError, DomainResult};
pub use event::{Event, EventKind};
pub use follow_up::{Change, Draft, Evidence, FollowUp, PledgeState, Proposal};
pub use locale::Lang;
pub use money::{Amount, Basis, Currency, FigureKind, Money, MoneyFigure, Stage};
pub use pledge::{
    Condition, DatePrecision, Deadline, Pledge, PledgeActor, PledgeKind, PledgeParts, Quote, Theme,
};
pub use rates::{DatedRate, Rate, RateTable};
pub use source::{Source, SourceTier, Verification};
pub use status::{ConditionState, DeliveryStatus, Flags, ScheduleStatus, Strength};
pub use subscription::{
    ChangeFilter, Frequency, Scope, Subscription, SubscriptionState, TimeZoneName,
};
pub use text::{EmailAddress, LongText, Slug, Title, WebUrl};
pub use user::{PasswordHash, Role, User};
pub use vocab::Progress;
