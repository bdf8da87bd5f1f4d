//! The delivery's breaker: it judges each send's result the moment a lane has it, and
//! stops sending a digest run's messages as soon as that run must pause, so a pause
//! overshoots by no more than the sends already on the wire. It tells a recipient's
//! failure from a server's: a permanent answer that refuses the mailbox itself is that
//! recipient's, but the same permanent answer to several different recipients in a row
//! (relay denied, authentication, policy) is the server's or the settings', and pauses the
//! runs involved without killing any of their messages.
//!
//! The gate only decides; the recorder stores the decisions (pauses first, then the
//! messages), so the database stays the authority that other workers and admins see.

use super::failure::SendFailure;
use super::outbox::Claimed;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

/// What to do with a message after its send, or instead of it.
#[derive(Debug)]
pub enum Verdict {
    Sent,
    /// A temporary failure: pending again after the backoff.
    Retry(SendFailure),
    /// The recipient's own permanent failure: dead.
    Dead(SendFailure),
    /// A permanent answer that may be the server's: held until its streak is judged.
    Suspect(SendFailure, u64),
    /// Not sent: its run is stopped. It goes back to the queue untried.
    Unsent,
}

/// Whose fault a streak of the same permanent answer turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streak {
    /// Still going: not judged yet.
    Open,
    /// The same answer to enough different recipients: the server's.
    Server,
    /// Another outcome came between: each held message is its recipient's failure.
    Recipients,
}

/// A run to pause, with the reason an admin reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    pub run: i32,
    pub reason: String,
}

pub struct Gate {
    same_answer_limit: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Failures so far and the limit, per run seen.
    runs: HashMap<i32, (i32, i32)>,
    /// Runs whose messages must not be sent.
    stopped: HashSet<i32>,
    /// Stopped here, but the pause is not stored yet.
    unstored: HashSet<i32>,
    pauses: Vec<Pause>,
    current: Option<Current>,
    next_streak: u64,
    /// Streaks judged the server's, with their answer.
    servers: HashMap<u64, String>,
}

struct Current {
    id: u64,
    answer: String,
    recipients: HashSet<String>,
    runs: BTreeSet<i32>,
}

impl Gate {
    /// `same_answer_limit`: how many different recipients in a row must get the same
    /// permanent answer before it is taken for the server's.
    pub fn new(same_answer_limit: usize) -> Self {
        Self {
            same_answer_limit: same_answer_limit.max(2),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A lane that panicked holding the lock leaves counts that are still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What the database says of a run whose messages were just claimed. A run stopped
    /// here whose pause is stored, and that the database says is not paused, was resumed
    /// by an admin: it may send again, counting afresh.
    pub fn observe_run(&self, run: i32, paused: bool, failures: i32, pause_after: i32) {
        let mut s = self.state();
        if paused {
            s.stopped.insert(run);
            return;
        }
        if s.unstored.contains(&run) {
            return;
        }
        if s.stopped.remove(&run) {
            s.runs.insert(run, (failures, pause_after));
            return;
        }
        let seen = s.runs.entry(run).or_insert((failures, pause_after));
        // Other workers' failures count too.
        *seen = (seen.0.max(failures), pause_after);
    }

    /// Whether a message of this run may go now.
    pub fn may_send(&self, run: Option<i32>) -> bool {
        run.is_none_or(|r| !self.state().stopped.contains(&r))
    }

    /// Stops a run whose pause the database holds already.
    pub fn stop(&self, run: i32) {
        self.state().stopped.insert(run);
    }

    pub fn judge(&self, c: &Claimed, result: Result<(), SendFailure>) -> Verdict {
        let mut s = self.state();
        let failure = match result {
            Ok(()) => {
                s.current = None;
                return Verdict::Sent;
            }
            Err(f) => f,
        };
        let run = c.message.run_id;
        if let Some(run) = run {
            s.count_failure(run, &failure);
        }
        if !failure.is_permanent() || failure.recipient_refused() {
            s.current = None;
            return if failure.is_permanent() {
                Verdict::Dead(failure)
            } else {
                Verdict::Retry(failure)
            };
        }
        let answer = failure.answer();
        let continues = s.current.as_ref().is_some_and(|cur| cur.answer == answer);
        if !continues {
            let id = s.next_streak;
            s.next_streak += 1;
            s.current = Some(Current {
                id,
                answer,
                recipients: HashSet::new(),
                runs: BTreeSet::new(),
            });
        }
        let limit = self.same_answer_limit;
        let State {
            current,
            servers,
            stopped,
            unstored,
            pauses,
            ..
        } = &mut *s;
        let cur = current.as_mut().expect("a streak was just made");
        cur.recipients.insert(c.message.recipient.to_lowercase());
        cur.runs.extend(run);
        let id = cur.id;
        if servers.contains_key(&id) || cur.recipients.len() >= limit {
            let reason = format!(
                "the mail server gave the same permanent answer to {} different recipients in a row, so the fault is taken for the server's or the settings' (relay, authentication, policy) and no message was marked failed; fix it, then resume: {}",
                cur.recipients.len(),
                failure.message()
            );
            servers.insert(id, failure.message().to_owned());
            for &r in &cur.runs {
                if stopped.insert(r) {
                    unstored.insert(r);
                    pauses.push(Pause {
                        run: r,
                        reason: reason.clone(),
                    });
                }
            }
        }
        Verdict::Suspect(failure, id)
    }

    /// How a streak stands now, and how many different recipients it holds.
    pub fn streak(&self, id: u64) -> (Streak, usize) {
        let s = self.state();
        if s.servers.contains_key(&id) {
            return (Streak::Server, 0);
        }
        match &s.current {
            Some(cur) if cur.id == id => (Streak::Open, cur.recipients.len()),
            _ => (Streak::Recipients, 0),
        }
    }

    /// The pauses decided since the last call, for the recorder to store.
    pub fn take_pauses(&self) -> Vec<Pause> {
        std::mem::take(&mut self.state().pauses)
    }

    /// The recorder stored the pause of `run`.
    pub fn stored(&self, run: i32) {
        self.state().unstored.remove(&run);
    }
}

impl State {
    fn count_failure(&mut self, run: i32, failure: &SendFailure) {
        let Some((failures, limit)) = self.runs.get_mut(&run) else {
            return;
        };
        *failures += 1;
        if *failures >= *limit && self.stopped.insert(run) {
            self.unstored.insert(run);
            self.pauses.push(Pause {
                run,
                reason: format!(
                    "paused after {} failures; the last: {}",
                    failures,
                    failure.message().chars().take(500).collect::<String>()
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests;
