//! Evidence health: what one check of a cited address found, what the tracker keeps of an
//! address's checks, and what readers are told about it (gone, changed since cited, live).
//! Pure; the fetching is in the linkcheck crate, the keeping in persistence.

use crate::vocabulary;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What one check of an address found.
    LinkOutcome, "outcome" {
        Ok => "ok", "Answered";
        Gone => "gone", "Gone (404 or 410)";
        HttpError => "http_error", "Answered with an error";
        DnsFailure => "dns_failure", "Name does not resolve";
        Timeout => "timeout", "Timed out";
        Unreachable => "unreachable", "Connection failed";
        TooManyRedirects => "too_many_redirects", "Too many redirects";
        Refused => "refused", "Not fetched (address not allowed)";
    }
);

vocabulary!(
    /// What a reader is told about a cited address, from its latest checks.
    LinkHealth, "health" {
        Live => "live", "Live";
        Changed => "changed", "Changed since cited";
        Gone => "gone", "Gone";
        Failing => "failing", "Not reached at the last check";
    }
);

/// Timeouts in a row after which an address counts as gone rather than slow: one timeout
/// is a bad moment, three checks apart is a site that no longer answers.
pub const REPEATED_TIMEOUTS: u32 = 3;

/// The result of one check of one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkCheck {
    /// The address as cited.
    pub url: String,
    pub outcome: LinkOutcome,
    /// The HTTP status of the last answer, when there was one.
    pub http_status: Option<u16>,
    /// Where the redirects ended, when that is not the cited address.
    pub final_url: Option<String>,
    /// SHA-256 of the body, hex, when the answer was a success.
    pub content_hash: Option<String>,
    pub checked_at: DateTime<Utc>,
    /// Why the check failed, for editors (never shown to readers).
    pub detail: Option<String>,
}

/// What is kept of an address: its latest check, the content hash first seen (taken as
/// the content as cited), and counters that decide "repeatedly".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRecord {
    pub latest: LinkCheck,
    /// The hash of the first successful answer; later answers are compared with it.
    pub cited_hash: Option<String>,
    pub first_checked_at: DateTime<Utc>,
    pub checks: u32,
    pub consecutive_timeouts: u32,
    pub consecutive_failures: u32,
}

impl LinkRecord {
    /// The record after `check`, given the record before it (none on a first check).
    pub fn after(previous: Option<&LinkRecord>, check: LinkCheck) -> LinkRecord {
        let failed = check.outcome != LinkOutcome::Ok;
        let timed_out = check.outcome == LinkOutcome::Timeout;
        let bump = |n: u32, yes: bool| if yes { n.saturating_add(1) } else { 0 };
        match previous {
            None => LinkRecord {
                cited_hash: check.content_hash.clone(),
                first_checked_at: check.checked_at,
                checks: 1,
                consecutive_timeouts: u32::from(timed_out),
                consecutive_failures: u32::from(failed),
                latest: check,
            },
            Some(before) => LinkRecord {
                cited_hash: before
                    .cited_hash
                    .clone()
                    .or_else(|| check.content_hash.clone()),
                first_checked_at: before.first_checked_at,
                checks: before.checks.saturating_add(1),
                consecutive_timeouts: bump(before.consecutive_timeouts, timed_out),
                consecutive_failures: bump(before.consecutive_failures, failed),
                latest: check,
            },
        }
    }

    /// Gone: 404 or 410, a name that does not resolve, or repeated timeouts. Changed: it
    /// answers, with content other than when first checked. Failing: any other failure
    /// (one timeout, a reset, a server error), which may pass.
    pub fn health(&self) -> LinkHealth {
        match self.latest.outcome {
            LinkOutcome::Gone | LinkOutcome::DnsFailure => LinkHealth::Gone,
            LinkOutcome::Timeout if self.consecutive_timeouts >= REPEATED_TIMEOUTS => {
                LinkHealth::Gone
            }
            LinkOutcome::Ok => match (&self.cited_hash, &self.latest.content_hash) {
                (Some(cited), Some(now)) if cited != now => LinkHealth::Changed,
                _ => LinkHealth::Live,
            },
            _ => LinkHealth::Failing,
        }
    }
}

impl LinkHealth {
    /// Evidence at risk: a reader following it will not find what was cited.
    pub fn at_risk(self) -> bool {
        matches!(self, LinkHealth::Gone | LinkHealth::Changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(outcome: LinkOutcome, hash: Option<&str>) -> LinkCheck {
        LinkCheck {
            url: "https://example.org/a".into(),
            outcome,
            http_status: None,
            final_url: None,
            content_hash: hash.map(Into::into),
            checked_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            detail: None,
        }
    }

    #[test]
    fn content_is_compared_with_the_first_answer() {
        let first = LinkRecord::after(None, check(LinkOutcome::Ok, Some("aa")));
        assert_eq!(first.health(), LinkHealth::Live);
        let same = LinkRecord::after(Some(&first), check(LinkOutcome::Ok, Some("aa")));
        assert_eq!(same.health(), LinkHealth::Live);
        let changed = LinkRecord::after(Some(&same), check(LinkOutcome::Ok, Some("bb")));
        assert_eq!(changed.health(), LinkHealth::Changed);
        assert_eq!(changed.cited_hash.as_deref(), Some("aa"));
        assert_eq!(changed.checks, 3);
        assert!(changed.health().at_risk());
    }

    #[test]
    fn timeouts_count_as_gone_only_when_repeated() {
        let mut record = LinkRecord::after(None, check(LinkOutcome::Timeout, None));
        assert_eq!(record.health(), LinkHealth::Failing);
        for _ in 1..REPEATED_TIMEOUTS {
            record = LinkRecord::after(Some(&record), check(LinkOutcome::Timeout, None));
        }
        assert_eq!(record.consecutive_timeouts, REPEATED_TIMEOUTS);
        assert_eq!(record.health(), LinkHealth::Gone);
        let back = LinkRecord::after(Some(&record), check(LinkOutcome::Ok, Some("cc")));
        assert_eq!(back.consecutive_timeouts, 0);
        assert_eq!(back.consecutive_failures, 0);
        // First content seen, after the timeouts, is the baseline.
        assert_eq!(back.cited_hash.as_deref(), Some("cc"));
        assert_eq!(back.health(), LinkHealth::Live);
    }

    #[test]
    fn gone_and_dns_failures_are_gone_at_once() {
        for outcome in [LinkOutcome::Gone, LinkOutcome::DnsFailure] {
            assert_eq!(
                LinkRecord::after(None, check(outcome, None)).health(),
                LinkHealth::Gone
            );
        }
        for outcome in [LinkOutcome::Unreachable, LinkOutcome::HttpError] {
            let r = LinkRecord::after(None, check(outcome, None));
            assert_eq!(r.health(), LinkHealth::Failing);
            assert!(!r.health().at_risk());
        }
    }
}
