//! The computed axes: schedule status from the deadline, the delivery and today, and the
//! flags (stale, condition pending, contested).

use crate::follow_up::PledgeState;
use crate::pledge::Deadline;
use crate::status::{ConditionState, DeliveryStatus, Flags, ScheduleStatus};
use crate::text::Slug;
use chrono::NaiveDate;

/// A deadline this close counts as due soon.
pub const DUE_SOON_DAYS: i64 = 30;
/// With no follow-up for this long an open pledge is stale.
pub const STALE_AFTER_DAYS: i64 = 90;

pub fn schedule_status(
    deadline: &Deadline,
    state: &PledgeState,
    event_date: impl Fn(&Slug) -> Option<NaiveDate>,
    today: NaiveDate,
) -> ScheduleStatus {
    let due = match deadline {
        Deadline::None => return ScheduleStatus::NoDeadline,
        other => match other.resolve(event_date) {
            Some(due) => due,
            None => return ScheduleStatus::RelativeUnresolved,
        },
    };
    if state.delivery == DeliveryStatus::Delivered {
        let on = state.delivered_on.unwrap_or(today);
        return if on <= due {
            ScheduleStatus::MetOnTime
        } else {
            ScheduleStatus::MetLate
        };
    }
    let days_left = (due - today).num_days();
    if days_left < 0 {
        ScheduleStatus::Overdue
    } else if days_left <= DUE_SOON_DAYS {
        ScheduleStatus::DueSoon
    } else {
        ScheduleStatus::Upcoming
    }
}

pub fn flags(announced_on: NaiveDate, state: &PledgeState, today: NaiveDate) -> Flags {
    let last_news = state
        .last_follow_up_on
        .unwrap_or(announced_on)
        .max(announced_on);
    Flags {
        contested: state.contested,
        stale: !state.delivery.is_final() && (today - last_news).num_days() > STALE_AFTER_DAYS,
        condition_pending: state
            .conditions
            .iter()
            .any(|(_, s)| *s == ConditionState::Pending),
    }
}
