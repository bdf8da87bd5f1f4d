//! Digest composition: scope, filters, grouping, exact windows, deadline news.

mod common;

use chrono::{TimeZone, Utc};
use common::{date, parts, slug};
use pledgewatch_domain::catalog::PledgeSummary;
use pledgewatch_domain::digest::{ActorReply, DeadlineNews, Numbered, Window, compose, in_scope};
use pledgewatch_domain::*;

fn summary(s: &str, theme: Theme, due: Option<chrono::NaiveDate>) -> PledgeSummary {
    let mut p = parts(s);
    p.themes = vec![theme];
    if let Some(d) = due {
        p.deadline = Deadline::Date {
            date: d,
            precision: DatePrecision::Day,
        };
    }
    let pledge = Pledge::new(p).unwrap();
    PledgeSummary {
        slug: pledge.slug().clone(),
        title: pledge.title().clone(),
        summary: String::new(),
        kind: pledge.kind(),
        themes: pledge.themes().to_vec(),
        actors: vec![],
        event: None,
        announced_on: pledge.announced_on(),
        parent: None,
        deadline: pledge.deadline().clone(),
        state: PledgeState::initial(&pledge),
        verified: true,
        updated_at: Utc::now(),
    }
}

fn follow_up(status: bool, day: u32) -> FollowUp {
    let mut changes = vec![Change::Progress {
        from: None,
        to: Progress::parse("p", 10).unwrap(),
    }];
    if status {
        changes.push(Change::Delivery {
            from: DeliveryStatus::NotYetAssessed,
            to: DeliveryStatus::InProgress,
        });
    }
    FollowUp {
        author: "Ana".into(),
        recorded_at: Utc.with_ymd_and_hms(2025, 3, day, 12, 0, 0).unwrap(),
        occurred_on: date(2025, 3, day),
        changes,
        note: None,
        evidence: vec![],
    }
}

fn subscription(scope: Scope, changes: Vec<ChangeFilter>) -> Subscription {
    let mut s = Subscription::request(
        EmailAddress::parse("email", "reader@example.org").unwrap(),
        scope,
        Frequency::Weekly,
        changes,
        TimeZoneName::parse("tz", "Europe/Paris").unwrap(),
    )
    .unwrap();
    s.state = SubscriptionState::Confirmed;
    s
}

fn window(after: i64, upto: i64) -> Window {
    Window {
        after,
        upto,
        today: date(2025, 4, 1),
        last_sent: None,
    }
}

#[test]
fn digests_group_by_pledge_newest_first_and_skip_what_is_out_of_scope() {
    let a = summary("a", Theme::Investment, None);
    let b = summary("b", Theme::Regulation, None);
    let (f1, f2, f3) = (follow_up(true, 1), follow_up(false, 2), follow_up(true, 3));
    let items = [
        Numbered {
            id: 1,
            pledge: &a,
            follow_up: &f1,
            reply: None,
        },
        Numbered {
            id: 2,
            pledge: &b,
            follow_up: &f2,
            reply: None,
        },
        Numbered {
            id: 3,
            pledge: &a,
            follow_up: &f3,
            reply: None,
        },
    ];
    let sub = subscription(
        Scope::Theme(Theme::Investment),
        vec![ChangeFilter::EveryFollowUp],
    );
    let d = compose(&sub, &items, &[&a, &b], |_| None, window(0, 3)).unwrap();
    assert_eq!(d.pledges.len(), 1, "only the theme followed");
    assert_eq!(
        d.pledges[0]
            .follow_ups
            .iter()
            .map(|(id, _)| *id)
            .collect::<Vec<_>>(),
        vec![3, 1],
        "newest first"
    );
    assert!(in_scope(&Scope::Everything, &b));
    let other = subscription(
        Scope::Actor(slug("nobody")),
        vec![ChangeFilter::EveryFollowUp],
    );
    assert_eq!(
        compose(&other, &items, &[&a, &b], |_| None, window(0, 3)),
        None,
        "nothing in scope, no digest"
    );
}

#[test]
fn consecutive_windows_cover_every_follow_up_exactly_once() {
    let a = summary("a", Theme::Investment, None);
    let fs: Vec<FollowUp> = (1..=9).map(|d| follow_up(true, d)).collect();
    let items: Vec<Numbered> = fs
        .iter()
        .enumerate()
        .map(|(i, f)| Numbered {
            id: i as i64 + 1,
            pledge: &a,
            follow_up: f,
            reply: None,
        })
        .collect();
    let sub = subscription(Scope::Everything, vec![ChangeFilter::EveryFollowUp]);
    let mut seen = Vec::new();
    let mut after = 0;
    for upto in [4, 4, 7, 9] {
        if let Some(d) = compose(&sub, &items, &[&a], |_| None, window(after, upto)) {
            seen.extend(
                d.pledges
                    .iter()
                    .flat_map(|p| p.follow_ups.iter().map(|(id, _)| *id)),
            );
            after = d.upto;
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        (1..=9).collect::<Vec<_>>(),
        "none missed, none repeated"
    );
}

#[test]
fn status_only_subscribers_skip_progress_notes() {
    let a = summary("a", Theme::Investment, None);
    let (quiet, loud) = (follow_up(false, 1), follow_up(true, 2));
    let items = [
        Numbered {
            id: 1,
            pledge: &a,
            follow_up: &quiet,
            reply: None,
        },
        Numbered {
            id: 2,
            pledge: &a,
            follow_up: &loud,
            reply: None,
        },
    ];
    let sub = subscription(Scope::Pledge(slug("a")), vec![ChangeFilter::StatusChanges]);
    let d = compose(&sub, &items, &[&a], |_| None, window(0, 2)).unwrap();
    assert_eq!(d.pledges[0].follow_ups.len(), 1);
    assert_eq!(d.pledges[0].follow_ups[0].0, 2);
    assert_eq!(
        compose(&sub, &items[..1], &[&a], |_| None, window(0, 1)),
        None
    );
}

#[test]
fn deadlines_due_soon_or_newly_missed_are_announced_once() {
    let soon = summary("soon", Theme::Investment, Some(date(2025, 4, 20)));
    let missed = summary("missed", Theme::Investment, Some(date(2025, 3, 25)));
    let far = summary("far", Theme::Investment, Some(date(2026, 1, 1)));
    let sub = subscription(Scope::Everything, vec![ChangeFilter::Deadlines]);
    let due = |p: &PledgeSummary| p.deadline.due_date();
    let d = compose(&sub, &[], &[&soon, &missed, &far], due, window(0, 0)).unwrap();
    let news: Vec<(&str, DeadlineNews)> = d
        .deadlines
        .iter()
        .map(|n| (n.slug.as_str(), n.news))
        .collect();
    assert_eq!(
        news,
        vec![
            ("missed", DeadlineNews::NewlyOverdue),
            ("soon", DeadlineNews::DueSoon)
        ]
    );
    // After a digest sent on 28 March, the deadline missed on the 25th is old news.
    let later = Window {
        last_sent: Some(date(2025, 3, 28)),
        ..window(0, 0)
    };
    let d = compose(&sub, &[], &[&missed, &soon], due, later).unwrap();
    assert_eq!(d.deadlines.len(), 1);
    assert_eq!(d.deadlines[0].news, DeadlineNews::DueSoon);
}

#[test]
fn an_actors_reply_reaches_a_status_only_subscriber_and_a_plain_note_does_not() {
    let a = summary("a", Theme::Investment, None);
    let (note, reply) = (follow_up(false, 1), follow_up(false, 2));
    let who = ActorReply {
        actor: slug("france"),
        name: "France".into(),
    };
    let items = [
        Numbered {
            id: 1,
            pledge: &a,
            follow_up: &note,
            reply: None,
        },
        Numbered {
            id: 2,
            pledge: &a,
            follow_up: &reply,
            reply: Some(&who),
        },
    ];
    let sub = subscription(Scope::Everything, vec![ChangeFilter::StatusChanges]);
    let d = compose(&sub, &items, &[&a], |_| None, window(0, 2)).expect("a digest");
    let ids: Vec<i64> = d.pledges[0].follow_ups.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, vec![2], "the reply, not the note");
    assert_eq!(d.pledges[0].replies, vec![(2, who.clone())]);
    let elsewhere = subscription(
        Scope::Actor(slug("nobody")),
        vec![ChangeFilter::StatusChanges],
    );
    assert_eq!(
        compose(&elsewhere, &items, &[&a], |_| None, window(0, 2)),
        None,
        "only to those following the pledge"
    );
}
