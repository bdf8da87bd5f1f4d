//! The breaker's judgements, message by message.

use super::{Gate, Pause, Streak, Verdict};
use crate::outbox::{Claimed, MailKind, OutboxMessage};
use crate::transport::SendFailure;

fn claimed(id: i32, to: &str, run: Option<i32>) -> Claimed {
    Claimed {
        id,
        attempts: 1,
        subscriber_left: false,
        message: OutboxMessage {
            idempotency_key: format!("k{id}"),
            kind: MailKind::Digest,
            recipient: to.into(),
            subject: "s".into(),
            raw: String::new(),
            subscription_id: None,
            run_id: run,
        },
    }
}

fn refused(text: &str) -> Result<(), SendFailure> {
    Err(SendFailure::permanent(format!(
        "permanent error (550): {text}"
    )))
}

fn streak_of(v: &Verdict) -> u64 {
    match v {
        Verdict::Suspect(_, id) => *id,
        other => panic!("expected a suspect, got {other:?}"),
    }
}

#[test]
fn a_run_stops_when_its_failures_reach_the_limit_counting_the_stored_ones() {
    let gate = Gate::new(5);
    gate.observe_run(1, false, 3, 5);
    let later = || Err(SendFailure::temporary("451 later"));
    assert!(matches!(
        gate.judge(&claimed(1, "a@x", Some(1)), later()),
        Verdict::Retry(_)
    ));
    assert!(gate.may_send(Some(1)));
    gate.judge(&claimed(2, "b@x", Some(1)), later());
    assert!(!gate.may_send(Some(1)), "3 stored + 2 here = the limit");
    assert!(
        gate.may_send(Some(2)) && gate.may_send(None),
        "other runs go on"
    );
    let pauses = gate.take_pauses();
    assert_eq!(pauses.len(), 1);
    assert_eq!(pauses[0].run, 1);
    assert!(pauses[0].reason.contains("after 5 failures") && pauses[0].reason.contains("451"));
    gate.judge(&claimed(3, "c@x", Some(1)), later());
    assert_eq!(gate.take_pauses(), Vec::<Pause>::new(), "paused once");
}

#[test]
fn the_same_answer_to_enough_different_recipients_is_the_servers() {
    let gate = Gate::new(3);
    gate.observe_run(7, false, 0, 1000);
    let first = streak_of(&gate.judge(
        &claimed(1, "a@x", Some(7)),
        refused("5.7.1 <a@x> relay denied"),
    ));
    // The same recipient twice is not two recipients.
    gate.judge(
        &claimed(2, "A@x", Some(7)),
        refused("5.7.1 <A@x> relay denied"),
    );
    assert_eq!(gate.streak(first), (Streak::Open, 1));
    gate.judge(
        &claimed(3, "b@x", Some(7)),
        refused("5.7.1 <b@x> relay denied"),
    );
    assert!(gate.may_send(Some(7)));
    let third = streak_of(&gate.judge(
        &claimed(4, "c@x", Some(7)),
        refused("5.7.1 <c@x> relay denied"),
    ));
    assert_eq!(third, first);
    assert_eq!(gate.streak(first).0, Streak::Server);
    assert!(!gate.may_send(Some(7)), "the run stops at once");
    let pauses = gate.take_pauses();
    assert_eq!(pauses.len(), 1);
    assert!(
        pauses[0].reason.contains("relay denied"),
        "{}",
        pauses[0].reason
    );
    // A success afterwards does not clear the judgement of what was held.
    assert!(matches!(
        gate.judge(&claimed(5, "d@x", None), Ok(())),
        Verdict::Sent
    ));
    assert_eq!(gate.streak(first).0, Streak::Server);
}

#[test]
fn another_outcome_between_makes_each_refusal_its_recipients() {
    let gate = Gate::new(3);
    let a = streak_of(&gate.judge(&claimed(1, "a@x", Some(1)), refused("5.7.1 denied")));
    gate.judge(&claimed(2, "b@x", Some(1)), refused("5.7.1 denied"));
    assert!(matches!(
        gate.judge(&claimed(3, "c@x", Some(1)), Ok(())),
        Verdict::Sent
    ));
    assert_eq!(gate.streak(a).0, Streak::Recipients);
    let b = streak_of(&gate.judge(&claimed(4, "d@x", Some(1)), refused("5.7.1 denied")));
    assert_ne!(a, b, "a new streak");
    let c = streak_of(&gate.judge(&claimed(5, "e@x", Some(1)), refused("5.3.0 other")));
    assert_eq!(
        gate.streak(b).0,
        Streak::Recipients,
        "a different answer ends it"
    );
    assert_eq!(gate.streak(c), (Streak::Open, 1));
    assert!(gate.may_send(Some(1)));
}

#[test]
fn a_refused_mailbox_is_dead_at_once_and_ends_a_streak() {
    let gate = Gate::new(2);
    let a = streak_of(&gate.judge(&claimed(1, "a@x", Some(1)), refused("5.7.1 denied")));
    let v = gate.judge(
        &claimed(2, "b@x", Some(1)),
        refused("5.1.1 <b@x> no such user"),
    );
    assert!(matches!(v, Verdict::Dead(_)), "{v:?}");
    assert_eq!(gate.streak(a).0, Streak::Recipients);
    // Many unknown users in a row are still each their own.
    for i in 0..10 {
        let to = format!("u{i}@x");
        let v = gate.judge(
            &claimed(10 + i, &to, Some(1)),
            refused("5.1.1 no such user"),
        );
        assert!(matches!(v, Verdict::Dead(_)));
    }
    assert!(gate.may_send(Some(1)));
}

#[test]
fn a_resumed_run_sends_again_but_not_before_its_pause_is_stored() {
    let gate = Gate::new(5);
    gate.observe_run(1, false, 0, 1);
    gate.judge(
        &claimed(1, "a@x", Some(1)),
        Err(SendFailure::temporary("451")),
    );
    assert!(!gate.may_send(Some(1)));
    // A claim made before the pause was stored still sees the run unpaused.
    gate.observe_run(1, false, 0, 1);
    assert!(!gate.may_send(Some(1)), "not un-stopped by a stale read");
    assert_eq!(gate.take_pauses().len(), 1);
    gate.stored(1);
    gate.observe_run(1, true, 1, 1);
    assert!(!gate.may_send(Some(1)));
    // Resumed by an admin: the database says not paused, with its count reset.
    gate.observe_run(1, false, 0, 1);
    assert!(gate.may_send(Some(1)));
}
