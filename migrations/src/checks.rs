//! Helpers for the CHECK constraints and foreign keys every migration uses. The code lists
//! are frozen copies of the domain vocabularies as they were when each table was made.

use sea_orm_migration::prelude::*;

/// `CHECK (col IN (...))`, so a bad code can never be stored, whichever program writes it.
pub fn one_of<C: IntoIden + Copy + 'static>(col: C, codes: &[&str]) -> Expr {
    Expr::col(col).is_in(codes.iter().map(|c| String::from(*c)))
}

/// `CHECK (col IS NULL OR col IN (...))`.
pub fn null_or_one_of<C: IntoIden + Copy + 'static>(col: C, codes: &[&str]) -> Expr {
    Expr::col(col).is_null().or(one_of(col, codes))
}

pub fn fk<T, C, RT, RC>(
    from: (T, C),
    to: (RT, RC),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    T: IntoIden + 'static,
    C: IntoIden + 'static,
    RT: IntoIden + 'static,
    RC: IntoIden + 'static,
{
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::NoAction)
        .to_owned()
}

pub const SOURCE_TIERS: &[&str] = &[
    "official_record",
    "official_statement",
    "press_report",
    "secondary_report",
];
pub const VERIFICATIONS: &[&str] = &["verified", "unverified"];
pub const EVENT_KINDS: &[&str] = &["summit", "announcement", "conference"];
pub const ACTOR_KINDS: &[&str] = &[
    "country",
    "government_body",
    "company",
    "investor",
    "coalition",
    "multilateral_body",
    "civil_society",
    "initiative",
];
pub const ACTOR_ROLES: &[&str] = &["announcer", "funder", "implementer", "signatory"];
pub const PLEDGE_KINDS: &[&str] = &[
    "investment",
    "fund",
    "new_body",
    "policy",
    "safety_commitment",
    "programme",
];
pub const THEMES: &[&str] = &[
    "public_interest_ai",
    "jobs_and_skills",
    "investment",
    "ethics_and_safety",
    "regulation",
    "sustainability",
];
pub const STRENGTHS: &[&str] = &["floated", "announced", "formalised", "binding"];
pub const DELIVERY: &[&str] = &[
    "not_yet_assessed",
    "announced_only",
    "in_progress",
    "stalled",
    "partially_delivered",
    "delivered",
    "not_delivered",
    "withdrawn",
    "superseded",
    "unverifiable",
];
pub const DEADLINE_KINDS: &[&str] = &["none", "date", "relative"];
pub const PRECISIONS: &[&str] = &["day", "month", "quarter", "year"];
pub const CONDITION_STATES: &[&str] = &["pending", "met", "failed"];
pub const STAGES: &[&str] = &["announced", "pledged", "committed", "disbursed", "spent"];
pub const BASES: &[&str] = &["stated", "derived"];
pub const CHANGE_FIELDS: &[&str] = &[
    "delivery",
    "strength",
    "progress",
    "condition",
    "contested",
    "money",
];
pub const ROLES: &[&str] = &["admin", "editor"];
pub const SCOPES: &[&str] = &["everything", "theme", "actor", "pledge", "event"];
pub const FREQUENCIES: &[&str] = &["daily", "weekly"];
pub const SUBSCRIPTION_STATES: &[&str] = &["unconfirmed", "confirmed", "unsubscribed"];
