//! Builders shared by the domain tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use pledgewatch_domain::*;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn slug(s: &str) -> Slug {
    Slug::parse("slug", s).unwrap()
}

pub fn eur(major: &str) -> Money {
    Money::parse(Some(major), None, None, Currency::EUR).unwrap()
}

pub fn figure(stage: Stage, money: Money, on: NaiveDate) -> MoneyFigure {
    MoneyFigure::new(stage, money, on, Basis::Stated, slug("src"), None).unwrap()
}

/// A valid pledge announced on 2025-02-10 with no deadline.
pub fn parts(s: &str) -> PledgeParts {
    PledgeParts {
        slug: slug(s),
        title: Title::parse("title", "A pledge").unwrap(),
        summary: LongText::parse("summary", "What was promised.").unwrap(),
        quote: None,
        kind: PledgeKind::Investment,
        themes: vec![Theme::Investment],
        event: None,
        announced_on: date(2025, 2, 10),
        strength: Strength::Announced,
        parent: None,
        supersedes: None,
        contested: false,
        actors: vec![],
        deadline: Deadline::None,
        conditions: vec![],
        money: vec![],
        sources: vec![slug("src")],
    }
}
