//! A transport that answers as a test script says, per recipient and in order: delivered,
//! a timeout (it waits, then gives up as the SMTP route does), a 4xx or 5xx answer, or a
//! connection dropped in the middle of the data. Every send is logged, answered or not.

use mail::transport::{SendFailure, Transport};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum Answer {
    Delivered,
    /// Nothing comes back for this long, then the send is given up.
    Timeout(Duration),
    /// A 4xx reply, e.g. "451 4.3.0 try again later".
    Temporary(&'static str),
    /// A 5xx reply, e.g. "550 5.1.1 no such user".
    Permanent(&'static str),
    /// The connection closed after part of the data section.
    DroppedMidData,
}

#[derive(Default)]
struct State {
    answers: HashMap<String, VecDeque<Answer>>,
    /// (recipient, raw) per try, in the order tried.
    tries: Vec<(String, String)>,
}

#[derive(Clone)]
pub struct Script {
    state: Arc<Mutex<State>>,
    lanes: usize,
}

impl Script {
    pub fn new(lanes: usize) -> Self {
        Self {
            state: Arc::default(),
            lanes,
        }
    }

    /// What `to` is answered on its next tries; delivered once these run out.
    pub fn answer(&self, to: &str, answers: impl IntoIterator<Item = Answer>) {
        let mut s = self.state.lock().unwrap();
        s.answers.entry(to.to_owned()).or_default().extend(answers);
    }

    pub fn tries(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().tries.clone()
    }

    pub fn tries_of(&self, to: &str) -> usize {
        self.tries().iter().filter(|(r, _)| r == to).count()
    }
}

impl Transport for Script {
    fn parallelism(&self) -> usize {
        self.lanes
    }

    async fn send(&self, _key: &str, to: &str, raw: &str) -> Result<(), SendFailure> {
        let answer = {
            let mut s = self.state.lock().unwrap();
            s.tries.push((to.to_owned(), raw.to_owned()));
            s.answers
                .get_mut(to)
                .and_then(VecDeque::pop_front)
                .unwrap_or(Answer::Delivered)
        };
        match answer {
            Answer::Delivered => Ok(()),
            Answer::Timeout(wait) => {
                tokio::time::sleep(wait).await;
                Err(SendFailure::temporary(
                    "the SMTP server did not answer in time",
                ))
            }
            Answer::Temporary(reply) => Err(SendFailure::temporary(format!(
                "transient error ({}): {}",
                &reply[..3],
                &reply[4..]
            ))),
            Answer::Permanent(reply) => Err(SendFailure::permanent(format!(
                "permanent error ({}): {}",
                &reply[..3],
                &reply[4..]
            ))),
            Answer::DroppedMidData => Err(SendFailure::temporary(
                "connection closed by the server during the data section",
            )),
        }
    }
}
