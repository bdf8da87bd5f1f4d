//! The delivery worker against an outbox in memory and a transport that answers from a
//! script: what each answer (delivered, a timeout, 4xx, 5xx, a connection dropped mid-data)
//! does to the message, its run and the messages after it. The real database and a real
//! SMTP server over TCP are the web tests' (tests/app/delivery.rs, faults.rs, smtp_*.rs).

mod memory;
mod script;

use mail::outbox::OutboxStatus;
use mail::{MailSettings, Worker};
use memory::{MAX_ATTEMPTS, Memory};
use script::{Answer, Script};
use std::time::Duration;

fn settings() -> MailSettings {
    let mut s = MailSettings::to_folder("unused: the script is the transport");
    s.batch = 50;
    // Long enough that nothing comes back by itself: tests let time pass when they mean to.
    s.retry_base = chrono::Duration::minutes(1);
    s.same_answer_limit = 3;
    s
}

fn worker(outbox: &Memory, script: &Script) -> Worker<Memory, Script> {
    Worker::with_transport(outbox.clone(), script.clone(), settings())
}

#[tokio::test]
async fn every_message_goes_once_with_its_stored_bytes_and_is_marked_sent() {
    let (outbox, script) = (Memory::default(), Script::new(4));
    let ids: Vec<i32> = (0..20)
        .map(|i| outbox.add(&format!("r{i}@example.org"), None))
        .collect();
    let report = worker(&outbox, &script).step().await.expect("step");
    assert_eq!((report.claimed, report.sent, report.failed), (20, 20, 0));
    for id in ids {
        let row = outbox.row(id);
        assert_eq!(row.status, OutboxStatus::Sent, "{id}");
        assert_eq!(script.tries_of(&row.message.recipient), 1);
        assert!(
            script
                .tries()
                .contains(&(row.message.recipient.clone(), row.message.raw.clone()))
        );
    }
}

#[tokio::test]
async fn a_timeout_a_4xx_and_a_dropped_connection_are_retried_later_with_the_same_bytes() {
    let (outbox, script) = (Memory::default(), Script::new(4));
    let slow = outbox.add("slow@example.org", None);
    let busy = outbox.add("busy@example.org", None);
    let dropped = outbox.add("dropped@example.org", None);
    let fine = outbox.add("fine@example.org", None);
    script.answer(
        "slow@example.org",
        [Answer::Timeout(Duration::from_millis(50))],
    );
    script.answer(
        "busy@example.org",
        [Answer::Temporary("451 4.3.0 try again later")],
    );
    script.answer("dropped@example.org", [Answer::DroppedMidData]);
    let worker = worker(&outbox, &script);
    let first = worker.step().await.expect("step");
    assert_eq!((first.sent, first.failed), (1, 3));
    assert_eq!(outbox.row(fine).status, OutboxStatus::Sent);
    for (id, says) in [
        (slow, "did not answer in time"),
        (busy, "451"),
        (dropped, "data section"),
    ] {
        let row = outbox.row(id);
        assert_eq!(
            row.status,
            OutboxStatus::Pending,
            "{id} waits to be retried"
        );
        assert_eq!(row.attempts, 1);
        let error = row.last_error.expect("the failure is recorded");
        assert!(error.contains(says), "{error}");
    }
    assert_eq!(
        worker.step().await.expect("step").claimed,
        0,
        "nothing is due before its backoff ends"
    );
    outbox.time_passes();
    let second = worker.step().await.expect("step");
    assert_eq!((second.claimed, second.sent), (3, 3));
    assert_eq!(outbox.count(OutboxStatus::Sent), 4);
    let dropped_tries: Vec<String> = script
        .tries()
        .into_iter()
        .filter(|(to, _)| to == "dropped@example.org")
        .map(|(_, raw)| raw)
        .collect();
    assert_eq!(dropped_tries.len(), 2);
    assert_eq!(
        dropped_tries[0], dropped_tries[1],
        "a retry sends the same bytes"
    );
}

#[tokio::test]
async fn a_refused_mailbox_is_dead_at_once_and_the_others_go() {
    let (outbox, script) = (Memory::default(), Script::new(2));
    let gone = outbox.add("gone@example.org", None);
    let other = outbox.add("other@example.org", None);
    script.answer(
        "gone@example.org",
        [Answer::Permanent(
            "550 5.1.1 <gone@example.org>: no such user",
        )],
    );
    let worker = worker(&outbox, &script);
    let report = worker.step().await.expect("step");
    assert_eq!((report.sent, report.failed), (1, 1));
    let row = outbox.row(gone);
    assert_eq!(row.status, OutboxStatus::Dead);
    assert!(row.last_error.expect("error").contains("5.1.1"));
    assert_eq!(outbox.row(other).status, OutboxStatus::Sent);
    outbox.time_passes();
    assert_eq!(worker.step().await.expect("step").claimed, 0);
    assert_eq!(script.tries_of("gone@example.org"), 1, "never tried again");
}

#[tokio::test]
async fn the_same_5xx_to_several_recipients_pauses_the_run_and_kills_nobody() {
    let (outbox, script) = (Memory::default(), Script::new(1));
    outbox.add_run(1, 100);
    let ids: Vec<i32> = (0..10)
        .map(|i| {
            let to = format!("r{i}@example.org");
            script.answer(&to, [Answer::Permanent("554 5.7.1 relay access denied")]);
            outbox.add(&to, Some(1))
        })
        .collect();
    let report = worker(&outbox, &script).step().await.expect("step");
    let run = outbox.run(1);
    assert!(run.paused, "the server's refusal pauses the run");
    assert!(
        run.reason
            .expect("a reason")
            .contains("same permanent answer"),
        "the admin reads why"
    );
    assert_eq!(report.paused, 1);
    assert_eq!(
        outbox.count(OutboxStatus::Dead),
        0,
        "no recipient is blamed"
    );
    assert_eq!(outbox.count(OutboxStatus::Pending), ids.len());
    assert!(
        script.tries().len() < ids.len(),
        "sending stopped once the streak was judged: {} tries",
        script.tries().len()
    );
    for id in ids {
        assert!(
            outbox.row(id).attempts <= 1,
            "untried attempts are given back"
        );
    }
}

#[tokio::test]
async fn a_run_pauses_at_its_failure_limit_and_its_other_messages_wait_untried() {
    let (outbox, script) = (Memory::default(), Script::new(1));
    outbox.add_run(2, 3);
    let ids: Vec<i32> = (0..10)
        .map(|i| {
            let to = format!("r{i}@example.org");
            script.answer(&to, [Answer::Temporary("421 4.4.2 connection timed out")]);
            outbox.add(&to, Some(2))
        })
        .collect();
    let worker = worker(&outbox, &script);
    let report = worker.step().await.expect("step");
    assert!(outbox.run(2).paused);
    assert_eq!(report.failed, 3, "three failures reach the limit");
    assert_eq!(script.tries().len(), 3, "nothing more was sent");
    let untried = ids
        .iter()
        .filter(|id| outbox.row(**id).attempts == 0)
        .count();
    assert_eq!(untried, 7);
    assert_eq!(report.released, 7);
    outbox.time_passes();
    assert_eq!(
        worker.step().await.expect("step").claimed,
        0,
        "a paused run's messages are not claimed"
    );
}

#[tokio::test]
async fn a_digest_whose_subscriber_left_is_skipped_and_never_sent() {
    let (outbox, script) = (Memory::default(), Script::new(2));
    outbox.add_run(3, 50);
    let left = outbox.add("left@example.org", Some(3));
    let stays = outbox.add("stays@example.org", Some(3));
    outbox.leave(left);
    let report = worker(&outbox, &script).step().await.expect("step");
    assert_eq!((report.skipped, report.sent), (1, 1));
    assert_eq!(outbox.row(left).status, OutboxStatus::Skipped);
    assert_eq!(outbox.row(stays).status, OutboxStatus::Sent);
    assert_eq!(script.tries_of("left@example.org"), 0);
}

#[tokio::test]
async fn a_message_that_keeps_failing_for_a_while_dies_after_its_last_attempt() {
    let (outbox, script) = (Memory::default(), Script::new(1));
    let id = outbox.add("flaky@example.org", None);
    script.answer(
        "flaky@example.org",
        (0..MAX_ATTEMPTS).map(|_| Answer::DroppedMidData),
    );
    let worker = worker(&outbox, &script);
    for attempt in 1..=MAX_ATTEMPTS {
        outbox.time_passes();
        let report = worker.step().await.expect("step");
        assert_eq!(report.failed, 1, "attempt {attempt}");
    }
    let row = outbox.row(id);
    assert_eq!(row.status, OutboxStatus::Dead);
    assert_eq!(row.attempts, MAX_ATTEMPTS);
    outbox.time_passes();
    assert_eq!(worker.step().await.expect("step").claimed, 0);
}
