//! The pure derivations: state from history, schedule, flags, roll-ups, totals, conversion.

mod common;

use chrono::{TimeZone, Utc};
use common::{date, eur, figure, parts, slug};
use pledgewatch_domain::rollup::{PledgeMoney, roll_up, total};
use pledgewatch_domain::schedule::{flags, schedule_status};
use pledgewatch_domain::*;

fn evidence() -> Vec<Evidence> {
    vec![Evidence {
        url: WebUrl::parse("url", "https://example.org/proof").unwrap(),
        title: Title::parse("title", "Proof").unwrap(),
        publisher: None,
        tier: SourceTier::OfficialRecord,
        archived_url: None,
    }]
}

fn draft(on: chrono::NaiveDate, proposal: Proposal) -> Draft {
    Draft {
        author: "editor@example.org".into(),
        recorded_at: Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap(),
        occurred_on: on,
        proposal,
        note: None,
        evidence: evidence(),
    }
}

fn conditional_pledge() -> Pledge {
    let mut p = parts("conditional");
    p.conditions = vec![(
        LongText::parse("condition", "If the law passes").unwrap(),
        ConditionState::Pending,
        None,
    )];
    Pledge::new(p).unwrap()
}

#[test]
fn the_current_state_is_the_history_folded_in_order() {
    let pledge = conditional_pledge();
    let mut state = PledgeState::initial(&pledge);
    assert_eq!(state.delivery, DeliveryStatus::NotYetAssessed);

    let first = FollowUp::record(
        &pledge,
        &state,
        draft(
            date(2025, 3, 1),
            Proposal {
                delivery: Some(DeliveryStatus::InProgress),
                progress: Some(Progress::parse("progress", 40).unwrap()),
                ..Proposal::default()
            },
        ),
    )
    .unwrap();
    assert_eq!(
        first.changes[0],
        Change::Delivery {
            from: DeliveryStatus::NotYetAssessed,
            to: DeliveryStatus::InProgress
        }
    );
    state.apply(&first).unwrap();

    let second = FollowUp::record(
        &pledge,
        &state,
        draft(
            date(2025, 9, 1),
            Proposal {
                delivery: Some(DeliveryStatus::Delivered),
                conditions: vec![(1, ConditionState::Met)],
                money: vec![figure(Stage::Disbursed, eur("5"), date(2025, 9, 1))],
                ..Proposal::default()
            },
        ),
    )
    .unwrap();
    state.apply(&second).unwrap();

    let derived = PledgeState::derive(&pledge, [&first, &second]).unwrap();
    assert_eq!(derived, state);
    assert_eq!(derived.delivery, DeliveryStatus::Delivered);
    assert_eq!(derived.delivered_on, Some(date(2025, 9, 1)));
    assert_eq!(derived.progress.map(Progress::percent), Some(40));
    assert_eq!(derived.condition(1), Some(ConditionState::Met));
    assert_eq!(derived.money.len(), 1);
    assert_eq!(derived.follow_ups, 2);
    assert_eq!(derived.last_follow_up_on, Some(date(2025, 9, 1)));

    // Applying the same history in the wrong order is detected, not silently accepted.
    assert!(matches!(
        PledgeState::derive(&pledge, [&second, &first]),
        Err(DomainError::InvalidChange { .. })
    ));
}

#[test]
fn a_follow_up_must_change_or_say_something_and_status_changes_need_evidence() {
    let pledge = conditional_pledge();
    let state = PledgeState::initial(&pledge);
    let mut d = draft(
        date(2025, 3, 1),
        Proposal {
            delivery: Some(DeliveryStatus::NotYetAssessed),
            ..Proposal::default()
        },
    );
    d.evidence.clear();
    assert_eq!(
        FollowUp::record(&pledge, &state, d).unwrap_err(),
        DomainError::Empty { field: "changes" }
    );

    let mut d = draft(
        date(2025, 3, 1),
        Proposal {
            delivery: Some(DeliveryStatus::Stalled),
            ..Proposal::default()
        },
    );
    d.evidence.clear();
    assert_eq!(
        FollowUp::record(&pledge, &state, d).unwrap_err(),
        DomainError::Empty { field: "evidence" }
    );

    let d = draft(
        date(2027, 1, 1),
        Proposal {
            delivery: Some(DeliveryStatus::Stalled),
            ..Proposal::default()
        },
    );
    assert_eq!(
        FollowUp::record(&pledge, &state, d).unwrap_err().field(),
        "occurred_on"
    );

    let d = draft(
        date(2025, 3, 1),
        Proposal {
            conditions: vec![(9, ConditionState::Met)],
            ..Proposal::default()
        },
    );
    assert_eq!(
        FollowUp::record(&pledge, &state, d).unwrap_err().field(),
        "condition"
    );
}

fn delivered_on(pledge: &Pledge, on: chrono::NaiveDate) -> PledgeState {
    let state = PledgeState::initial(pledge);
    let f = FollowUp::record(
        pledge,
        &state,
        draft(
            on,
            Proposal {
                delivery: Some(DeliveryStatus::Delivered),
                ..Proposal::default()
            },
        ),
    )
    .unwrap();
    PledgeState::derive(pledge, [&f]).unwrap()
}

#[test]
fn schedule_status_on_either_side_of_a_dated_deadline() {
    let deadline = Deadline::Date {
        date: date(2025, 6, 30),
        precision: DatePrecision::Day,
    };
    let mut p = parts("dated");
    p.deadline = deadline.clone();
    let pledge = Pledge::new(p).unwrap();
    let open = PledgeState::initial(&pledge);
    let none = |_: &Slug| None;
    assert_eq!(
        schedule_status(&deadline, &open, none, date(2025, 5, 1)),
        ScheduleStatus::Upcoming
    );
    assert_eq!(
        schedule_status(&deadline, &open, none, date(2025, 5, 31)),
        ScheduleStatus::DueSoon
    );
    assert_eq!(
        schedule_status(&deadline, &open, none, date(2025, 6, 30)),
        ScheduleStatus::DueSoon
    );
    assert_eq!(
        schedule_status(&deadline, &open, none, date(2025, 7, 1)),
        ScheduleStatus::Overdue
    );
    let on_time = delivered_on(&pledge, date(2025, 6, 30));
    assert_eq!(
        schedule_status(&deadline, &on_time, none, date(2026, 1, 1)),
        ScheduleStatus::MetOnTime
    );
    let late = delivered_on(&pledge, date(2025, 7, 1));
    assert_eq!(
        schedule_status(&deadline, &late, none, date(2026, 1, 1)),
        ScheduleStatus::MetLate
    );
    assert_eq!(
        schedule_status(&Deadline::None, &open, none, date(2026, 1, 1)),
        ScheduleStatus::NoDeadline
    );
}

#[test]
fn a_relative_deadline_resolves_once_its_event_is_dated() {
    let deadline = Deadline::Relative {
        event: slug("next-summit"),
        text: Title::parse("t", "by the next summit").unwrap(),
    };
    let pledge = Pledge::new(parts("relative")).unwrap();
    let state = PledgeState::initial(&pledge);
    let today = date(2025, 10, 1);
    assert_eq!(
        schedule_status(&deadline, &state, |_| None, today),
        ScheduleStatus::RelativeUnresolved
    );
    let summit = |s: &Slug| (s.as_str() == "next-summit").then_some(date(2026, 2, 19));
    assert_eq!(
        schedule_status(&deadline, &state, summit, today),
        ScheduleStatus::Upcoming
    );
    assert_eq!(
        schedule_status(&deadline, &state, summit, date(2026, 2, 20)),
        ScheduleStatus::Overdue
    );
}

#[test]
fn flags_mark_stale_open_pledges_and_pending_conditions() {
    let pledge = conditional_pledge();
    let state = PledgeState::initial(&pledge);
    let f = flags(pledge.announced_on(), &state, date(2025, 3, 1));
    assert!(!f.stale && f.condition_pending && !f.contested);
    assert!(flags(pledge.announced_on(), &state, date(2025, 6, 1)).stale);
    let done = delivered_on(&pledge, date(2025, 3, 1));
    assert!(!flags(pledge.announced_on(), &done, date(2026, 6, 1)).stale);
}

#[test]
fn roll_up_counts_children_and_averages_their_progress() {
    let pledge = Pledge::new(parts("child")).unwrap();
    let open = PledgeState::initial(&pledge);
    let done = delivered_on(&pledge, date(2025, 3, 1));
    let mut half = open.clone();
    half.progress = Some(Progress::parse("p", 50).unwrap());
    let r = roll_up([&open, &done, &half]);
    assert_eq!(r.children, 3);
    assert_eq!(r.by_delivery.get("delivered"), Some(&1));
    assert_eq!(r.by_delivery.get("not_yet_assessed"), Some(&2));
    assert_eq!(r.progress.map(Progress::percent), Some(75));
    assert_eq!(r.progress_basis, 2);
    assert_eq!(roll_up([]).progress, None);
}

fn rates() -> RateTable {
    let usd = Currency::USD;
    RateTable::new(
        "test rates",
        [
            DatedRate {
                currency: usd,
                date: date(2025, 2, 7),
                per_eur: Rate::parse("r", "1.0323").unwrap(),
            },
            DatedRate {
                currency: usd,
                date: date(2025, 2, 10),
                per_eur: Rate::parse("r", "1.0300").unwrap(),
            },
        ],
    )
}

#[test]
fn conversion_uses_the_rate_of_the_value_date_or_the_business_day_before() {
    let r = rates();
    // Sunday 9 February takes Friday 7 February's rate.
    let (eur_cents, from, _) = r
        .convert_minor(103_230, Currency::USD, Currency::EUR, date(2025, 2, 9))
        .unwrap();
    assert_eq!((eur_cents, from), (100_000, Some(date(2025, 2, 7))));
    let (eur_cents, _, _) = r
        .convert_minor(103_000, Currency::USD, Currency::EUR, date(2025, 2, 10))
        .unwrap();
    assert_eq!(eur_cents, 100_000);
    let (usd_cents, _, to) = r
        .convert_minor(100_000, Currency::EUR, Currency::USD, date(2025, 2, 12))
        .unwrap();
    assert_eq!((usd_cents, to), (103_000, Some(date(2025, 2, 10))));
    assert!(matches!(
        r.convert_minor(1, Currency::USD, Currency::EUR, date(2025, 2, 6)),
        Err(DomainError::NoRate { .. })
    ));
    // Pegs multiply exactly: 1.0300 USD/EUR × 3.6725 AED/USD.
    assert_eq!(
        Rate::parse("r", "1.03")
            .unwrap()
            .times(Rate::parse("r", "3.6725").unwrap())
            .to_decimal_string(),
        "3.782675"
    );
}

#[test]
fn totals_count_a_parent_or_its_children_never_both() {
    let (parent, a, b) = (slug("france"), slug("brookfield"), slug("mgx"));
    let on = date(2025, 2, 10);
    let parent_figs = vec![figure(Stage::Announced, eur("109"), on)];
    let a_figs = vec![
        figure(Stage::Announced, eur("20"), on),
        figure(Stage::Disbursed, eur("2"), on),
    ];
    let b_figs = vec![figure(
        Stage::Announced,
        Money::parse(None, Some("30"), Some("50"), Currency::EUR).unwrap(),
        on,
    )];
    let parent_of = |s: &Slug| {
        if *s == a || *s == b {
            Some(&parent)
        } else {
            None
        }
    };
    let all = [
        PledgeMoney {
            slug: &parent,
            parent: None,
            figures: &parent_figs,
        },
        PledgeMoney {
            slug: &a,
            parent: Some(&parent),
            figures: &a_figs,
        },
        PledgeMoney {
            slug: &b,
            parent: Some(&parent),
            figures: &b_figs,
        },
    ];
    let r = rates();
    let announced = total(&all, parent_of, Stage::Announced, Currency::EUR, &r);
    assert_eq!((announced.min, announced.max), (10_900, 10_900));
    assert_eq!(announced.counted, vec![parent.clone()]);
    // No disbursement on the parent: its children's count instead.
    let disbursed = total(&all, parent_of, Stage::Disbursed, Currency::EUR, &r);
    assert_eq!(
        (disbursed.min, disbursed.max, disbursed.counted.clone()),
        (200, 200, vec![a.clone()])
    );
    // Without the parent in the set, the children count, ranges kept as ranges.
    let children_only = total(&all[1..], parent_of, Stage::Announced, Currency::EUR, &r);
    assert_eq!((children_only.min, children_only.max), (5_000, 7_000));
}

#[test]
fn disagreeing_sources_widen_a_total_into_a_range() {
    let current_ai = slug("current-ai");
    let on = date(2025, 2, 10);
    let figs = vec![
        figure(Stage::Announced, eur("400000000"), on),
        figure(
            Stage::Announced,
            Money::parse(Some("400000000"), None, None, Currency::USD).unwrap(),
            on,
        ),
    ];
    let t = total(
        &[PledgeMoney {
            slug: &current_ai,
            parent: None,
            figures: &figs,
        }],
        |_| None,
        Stage::Announced,
        Currency::EUR,
        &rates(),
    );
    // US$400m at 1.03 per euro is €388,349,514.56.
    assert_eq!((t.min, t.max), (38_834_951_456, 40_000_000_000));
    assert!(t.unconverted.is_empty());
}
