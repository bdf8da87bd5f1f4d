//! Sources: where a fact comes from, how strong a kind of evidence it is, and whether a
//! person has checked it.

use crate::text::{LongText, Slug, Title, WebUrl};
use crate::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// Strongest first: a record of what was done, a statement of intent, a news report,
    /// and a report that summarises others.
    SourceTier, "tier" {
        OfficialRecord => "official_record", "Official record";
        OfficialStatement => "official_statement", "Official statement";
        PressReport => "press_report", "Press report";
        SecondaryReport => "secondary_report", "Secondary report";
    }
);

vocabulary!(
    Verification, "verification" {
        Verified => "verified", "Verified";
        Unverified => "unverified", "Unverified";
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub slug: Slug,
    pub title: Title,
    pub url: WebUrl,
    pub publisher: Title,
    pub published_on: Option<NaiveDate>,
    pub tier: SourceTier,
    pub verification: Verification,
    pub note: Option<LongText>,
}

impl Source {
    /// A checked source that is not merely a summary of other sources.
    pub fn corroborates(&self) -> bool {
        self.verification == Verification::Verified && self.tier != SourceTier::SecondaryReport
    }
}

/// A pledge is verified when at least one of its sources corroborates it; one resting on
/// a secondary report alone is shown as unverified.
pub fn is_verified<'a>(sources: impl IntoIterator<Item = &'a Source>) -> bool {
    sources.into_iter().any(Source::corroborates)
}
