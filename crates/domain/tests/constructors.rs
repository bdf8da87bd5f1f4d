//! Each constructor refuses bad input with a typed error naming the field.

mod common;

use chrono::NaiveDate;
use common::{date, parts, slug};
use pledgewatch_domain::hierarchy::{check_no_cycles, check_parent_link};
use pledgewatch_domain::money::parse_major_units;
use pledgewatch_domain::*;
use std::collections::HashMap;

#[test]
fn titles_must_be_present_and_short() {
    assert_eq!(
        Title::parse("title", "   "),
        Err(DomainError::Empty { field: "title" })
    );
    let huge = "x".repeat(10_000);
    assert_eq!(
        Title::parse("title", &huge),
        Err(DomainError::TooLong {
            field: "title",
            len: 10_000,
            max: 300
        })
    );
    assert_eq!(
        Title::parse("title", "  France €109bn  ").unwrap().as_str(),
        "France €109bn"
    );
    let err = Title::parse("title", "bell\u{7}").unwrap_err();
    assert_eq!(err.field(), "title");
    assert!(matches!(err, DomainError::Invalid { .. }));
}

#[test]
fn long_text_keeps_newlines_but_refuses_other_controls() {
    assert!(LongText::parse("summary", "line one\nline two").is_ok());
    assert!(matches!(
        LongText::parse("summary", "nul\u{0}byte"),
        Err(DomainError::Invalid {
            field: "summary",
            ..
        })
    ));
    assert!(matches!(
        LongText::parse("summary", &"y".repeat(20_001)),
        Err(DomainError::TooLong {
            field: "summary",
            ..
        })
    ));
}

#[test]
fn slugs_are_lowercase_words_with_single_hyphens() {
    assert!(Slug::parse("slug", "france-109bn").is_ok());
    for bad in ["", "France", "a--b", "-a", "a-", "a b", "a/b", "ça"] {
        assert_eq!(
            Slug::parse("slug", bad).unwrap_err().field(),
            "slug",
            "{bad:?}"
        );
    }
    assert!(matches!(
        Slug::parse("slug", &"a".repeat(81)),
        Err(DomainError::TooLong { .. })
    ));
}

#[test]
fn urls_must_be_absolute_web_addresses() {
    assert!(WebUrl::parse("url", "https://example.org/a?b=c#d").is_ok());
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT://x",
        "data:text/html,x",
        "/relative",
        "https://",
        "https://exa mple.org",
        "ftp://x.org",
    ] {
        assert_eq!(
            WebUrl::parse("url", bad).unwrap_err().field(),
            "url",
            "{bad:?}"
        );
    }
}

#[test]
fn email_addresses_are_checked_and_lowercased() {
    assert_eq!(
        EmailAddress::parse("email", " Ana@Example.ORG ")
            .unwrap()
            .as_str(),
        "ana@example.org"
    );
    for bad in [
        "",
        "no-at",
        "@x.org",
        "a@b",
        "a@@b.org",
        "a b@c.org",
        "a@b.org<script>",
    ] {
        assert!(EmailAddress::parse("email", bad).is_err(), "{bad:?}");
    }
}

#[test]
fn progress_is_a_percentage() {
    assert_eq!(Progress::parse("progress", 100).unwrap().percent(), 100);
    assert_eq!(
        Progress::parse("progress", 101),
        Err(DomainError::OutOfRange {
            field: "progress",
            min: 0,
            max: 100,
            value: 101
        })
    );
    assert!(Progress::parse("progress", -1).is_err());
}

#[test]
fn currencies_must_be_iso_4217_with_minor_units() {
    assert_eq!(Currency::parse("currency", "EUR").unwrap().exponent(), 2);
    assert_eq!(Currency::parse("currency", "JPY").unwrap().exponent(), 0);
    for bad in ["XYZ", "eur", "EURO", "", "XAU"] {
        assert!(
            matches!(
                Currency::parse("currency", bad),
                Err(DomainError::UnknownCurrency {
                    field: "currency",
                    ..
                })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn amounts_are_exact_non_negative_and_within_the_currency_precision() {
    let eur = Currency::EUR;
    assert_eq!(
        parse_major_units("amount", "109000000000", eur),
        Ok(10_900_000_000_000)
    );
    assert_eq!(parse_major_units("amount", "1.5", eur), Ok(150));
    assert_eq!(parse_major_units("amount", "0.10", eur), Ok(10));
    assert_eq!(
        parse_major_units("amount", "-5", eur),
        Err(DomainError::Negative { field: "amount" })
    );
    assert!(matches!(
        parse_major_units("amount", "1.005", eur),
        Err(DomainError::Invalid { .. })
    ));
    assert!(matches!(
        parse_major_units("amount", "1.5", Currency::parse("c", "JPY").unwrap()),
        Err(DomainError::Invalid { .. })
    ));
    assert!(matches!(
        parse_major_units("amount", "123456789012345678901234567890", eur),
        Err(DomainError::OutOfRange {
            field: "amount",
            ..
        })
    ));
    for bad in ["1e9", "1,000", "", "abc", "1.", ".5", "NaN"] {
        assert!(parse_major_units("amount", bad, eur).is_err(), "{bad:?}");
    }
    assert_eq!(
        Amount::exact("amount", -1),
        Err(DomainError::Negative { field: "amount" })
    );
}

#[test]
fn a_range_needs_min_at_most_max() {
    assert!(matches!(
        Amount::range("amount", 5, 3),
        Err(DomainError::MinAboveMax {
            field: "amount",
            ..
        })
    ));
    assert_eq!(
        Amount::range("amount", 3, 3),
        Ok(Amount::Exact { minor: 3 })
    );
    let m = Money::parse(
        None,
        Some("30000000000"),
        Some("50000000000"),
        Currency::EUR,
    )
    .unwrap();
    assert_eq!(
        m.amount,
        Amount::Range {
            min: 3_000_000_000_000,
            max: 5_000_000_000_000
        }
    );
    assert!(matches!(
        Money::parse(None, Some("50"), Some("30"), Currency::EUR),
        Err(DomainError::MinAboveMax { .. })
    ));
    assert!(matches!(
        Money::parse(Some("1"), Some("1"), None, Currency::EUR),
        Err(DomainError::Invalid {
            field: "amount",
            ..
        })
    ));
}

#[test]
fn a_deadline_cannot_fall_before_the_announcement() {
    let mut p = parts("late");
    p.deadline = Deadline::Date {
        date: date(2024, 12, 31),
        precision: DatePrecision::Day,
    };
    assert_eq!(
        Pledge::new(p).unwrap_err(),
        DomainError::DeadlineBeforeAnnouncement {
            deadline: date(2024, 12, 31),
            announced: date(2025, 2, 10)
        }
    );
    // A year-precision deadline in the announcement year runs to 31 December.
    let mut p = parts("same-year");
    p.deadline = Deadline::Date {
        date: date(2025, 1, 1),
        precision: DatePrecision::Year,
    };
    assert_eq!(
        Pledge::new(p).unwrap().deadline().due_date(),
        Some(date(2025, 12, 31))
    );
}

#[test]
fn a_pledge_needs_a_source_and_cannot_be_its_own_parent() {
    let mut p = parts("no-source");
    p.sources.clear();
    assert_eq!(
        Pledge::new(p).unwrap_err(),
        DomainError::Empty { field: "sources" }
    );
    let mut p = parts("selfish");
    p.parent = Some(slug("selfish"));
    assert_eq!(Pledge::new(p).unwrap_err().field(), "parent");
}

#[test]
fn parent_cycles_are_refused() {
    let links: HashMap<Slug, Slug> = [("b", "a"), ("c", "b")]
        .into_iter()
        .map(|(c, p)| (slug(c), slug(p)))
        .collect();
    assert!(check_no_cycles(&links).is_ok());
    // Making a a child of c closes a → c → b → a.
    let err = check_parent_link(&slug("a"), &slug("c"), |s| links.get(s)).unwrap_err();
    assert_eq!(
        err,
        DomainError::ParentCycle {
            child: "a".into(),
            parent: "c".into()
        }
    );
    let mut cyclic = links.clone();
    cyclic.insert(slug("a"), slug("c"));
    assert!(matches!(
        check_no_cycles(&cyclic),
        Err(DomainError::ParentCycle { .. })
    ));
}

#[test]
fn events_end_after_they_start() {
    let e = Event::new(
        slug("x"),
        Title::parse("name", "X").unwrap(),
        EventKind::Summit,
        None,
        None,
        Some(date(2025, 2, 11)),
        Some(date(2025, 2, 6)),
    );
    assert_eq!(e.unwrap_err().field(), "ends_on");
}

#[test]
fn vocabularies_name_the_field_and_the_allowed_codes() {
    let err = DeliveryStatus::parse("done").unwrap_err();
    assert_eq!(err.field(), "delivery");
    assert!(err.to_string().contains("delivered"));
    assert_eq!(Stage::parse("disbursed"), Ok(Stage::Disbursed));
    assert_eq!(Stage::ALL.len(), 5);
}

#[test]
fn money_figures_need_a_plausible_value_date() {
    let m = Money::parse(Some("1"), None, None, Currency::EUR).unwrap();
    let err = MoneyFigure::new(
        Stage::Announced,
        m,
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
        Basis::Stated,
        slug("s"),
        None,
    );
    assert_eq!(err.unwrap_err().field(), "value_date");
}
