//! A stored subscription as the mail crate's digest composer sees it: a subscriber with
//! its links' version and its watermark.

use super::StoredSubscription;
use chrono::{DateTime, Utc};
use domain::Subscription;
use mail::mailroom::Subscriber;

impl Subscriber for StoredSubscription {
    fn id(&self) -> i32 {
        self.id
    }

    fn link_version(&self) -> i32 {
        self.link_version
    }

    fn subscription(&self) -> &Subscription {
        &self.subscription
    }

    fn watermark(&self) -> i64 {
        self.watermark
    }

    fn last_digest_at(&self) -> Option<DateTime<Utc>> {
        self.last_digest_at
    }
}
