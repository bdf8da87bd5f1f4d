//! What the SMTP route puts on the wire, checked at a real SMTP server over TCP: the data
//! section is dot-stuffed so every line arrives as stored, 8-bit bodies are announced, and
//! a connection that failed is replaced rather than reused.

use pledgewatch_tests::TestApp;
use pledgewatch_tests::smtp::{Mode, SmtpSink};
use std::time::Duration;
use web::mail::transport::{Mailer, Transport};

const WAIT: Duration = Duration::from_secs(10);

/// A server over TCP and a mailer pointed at it, as the worker would make one.
async fn sink_and_mailer(mode: Mode) -> (SmtpSink, Mailer) {
    let sink = SmtpSink::start(mode).await;
    let mailer = Mailer::new(&TestApp::smtp_settings(&sink));
    (sink, mailer)
}

#[tokio::test]
async fn every_line_arrives_as_stored_whatever_it_starts_with() {
    let (sink, mailer) = sink_and_mailer(Mode::Accept).await;
    let stored = [
        ".a message that begins with a dot\r\n\r\nbody\r\n",
        "Subject: dots\r\n\r\n.\r\n..\r\n.. two\r\nmid.dle\r\n.\r\nlast line.\r\n",
        "Subject: accents\r\nContent-Transfer-Encoding: 8bit\r\n\r\nDéjà engagé : 109 Md€\r\n",
    ];
    for (i, raw) in stored.iter().enumerate() {
        mailer
            .send(&format!("wire-{i}"), "reader@example.org", raw)
            .await
            .expect("the server takes it");
    }
    let received = sink.wait_for(stored.len(), WAIT).await;
    let data: Vec<&str> = received.iter().map(|r| r.data.as_str()).collect();
    // lettre's terminator is CRLF "." CRLF after the message, so the server sees one more
    // line break than was stored; nothing else may differ.
    let expected: Vec<String> = stored.iter().map(|raw| format!("{raw}\r\n")).collect();
    assert_eq!(data, expected);
    assert!(
        received
            .iter()
            .all(|r| r.rcpt_to == ["<reader@example.org>".to_owned()]),
        "{received:?}"
    );
    let announced: Vec<bool> = received
        .iter()
        .map(|r| r.mail_from.ends_with(" BODY=8BITMIME"))
        .collect();
    assert_eq!(
        announced,
        [false, false, true],
        "only the 8-bit body is announced"
    );
}

#[tokio::test]
async fn a_refused_message_is_a_temporary_failure_and_the_next_one_goes() {
    let (sink, mailer) = sink_and_mailer(Mode::FailData).await;
    let refused = mailer
        .send(
            "refused",
            "reader@example.org",
            "Subject: one\r\n\r\nfirst\r\n",
        )
        .await
        .expect_err("the server answers 451");
    assert!(
        !refused.is_permanent(),
        "451 is worth retrying: {refused:?}"
    );
    assert!(refused.message().contains("451") || refused.message().contains("try again"));
    sink.set_mode(Mode::Accept);
    mailer
        .send(
            "taken",
            "reader@example.org",
            "Subject: two\r\n\r\nsecond\r\n",
        )
        .await
        .expect("a fresh connection takes the next message");
    let received = sink.wait_for(1, WAIT).await;
    assert_eq!(received[0].data, "Subject: two\r\n\r\nsecond\r\n\r\n");
}

#[tokio::test]
async fn a_bad_recipient_fails_for_good_without_touching_the_server() {
    let (sink, mailer) = sink_and_mailer(Mode::Accept).await;
    let failure = mailer
        .send("bad", "not an address", "Subject: x\r\n\r\ny\r\n")
        .await
        .expect_err("no such address");
    assert!(failure.is_permanent());
    assert!(failure.message().contains("recipient"), "{failure:?}");
    assert_eq!(sink.count(), 0);
}

#[tokio::test]
async fn a_message_refused_after_its_data_is_not_sent_again_at_once() {
    let (sink, mailer) = sink_and_mailer(Mode::Accept).await;
    mailer
        .send(
            "first",
            "reader@example.org",
            "Subject: one\r\n\r\nfirst\r\n",
        )
        .await
        .expect("taken; its connection stays open for the next");
    sink.set_mode(Mode::FailData);
    let refused = mailer
        .send(
            "second",
            "reader@example.org",
            "Subject: two\r\n\r\nsecond\r\n",
        )
        .await
        .expect_err("the server answers 451 after the data");
    assert!(!refused.is_permanent(), "{refused:?}");
    // Retrying on a new connection is only for a connection that died while idle; once
    // the data went, the retry belongs to the outbox and its backoff.
    assert_eq!(sink.refused(), 1, "the data went to the server once");
}
