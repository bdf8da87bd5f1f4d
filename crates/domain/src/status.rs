//! The three status axes of a pledge (delivery, strength, schedule) and its flags.

use crate::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// Set by an editor with evidence; worded close to the promise trackers the public knows.
    DeliveryStatus, "delivery" {
        NotYetAssessed => "not_yet_assessed", "Not yet assessed";
        AnnouncedOnly => "announced_only", "Announced only";
        InProgress => "in_progress", "In progress";
        Stalled => "stalled", "Stalled";
        PartiallyDelivered => "partially_delivered", "Partially delivered";
        Delivered => "delivered", "Delivered";
        NotDelivered => "not_delivered", "Not delivered";
        Withdrawn => "withdrawn", "Withdrawn";
        Superseded => "superseded", "Superseded";
        Unverifiable => "unverifiable", "Unverifiable";
    }
);

impl DeliveryStatus {
    /// A final outcome: nothing more is expected, so the pledge cannot go stale.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Delivered | Self::NotDelivered | Self::Withdrawn | Self::Superseded
        )
    }
}

vocabulary!(
    /// How real the commitment is, from words floated to law or contract.
    Strength, "strength" {
        Floated => "floated", "Floated";
        Announced => "announced", "Announced";
        Formalised => "formalised", "Formalised";
        Binding => "binding", "Binding";
    }
);

vocabulary!(
    /// Computed from the deadline, the delivery and today; never typed by hand.
    ScheduleStatus, "schedule" {
        NoDeadline => "no_deadline", "No deadline";
        RelativeUnresolved => "relative_unresolved", "Relative deadline, date not yet known";
        Upcoming => "upcoming", "Upcoming";
        DueSoon => "due_soon", "Due soon";
        Overdue => "overdue", "Overdue";
        MetOnTime => "met_on_time", "Met on time";
        MetLate => "met_late", "Met late";
    }
);

vocabulary!(
    ConditionState, "condition_state" {
        Pending => "pending", "Pending";
        Met => "met", "Met";
        Failed => "failed", "Failed";
    }
);

/// Warnings shown beside the status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags {
    /// Sources dispute the pledge or its status.
    pub contested: bool,
    /// No follow-up for longer than the stale window while the outcome is still open.
    pub stale: bool,
    /// At least one condition attached to the pledge is still pending.
    pub condition_pending: bool,
}
