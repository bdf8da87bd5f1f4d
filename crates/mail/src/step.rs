//! What the worker's parts hand each other: a message with its verdict, from the sending
//! lanes to the recorder, and the counts of what one delivery did.

use super::gate::Verdict;
use super::outbox::Claimed;

/// What one step did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StepReport {
    pub claimed: usize,
    pub sent: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Digest runs this step paused, for too many failures or the server's refusals.
    pub paused: usize,
    /// Claimed but given back untried, because their run paused.
    pub released: usize,
}

impl StepReport {
    pub fn add(&mut self, other: StepReport) {
        self.claimed += other.claimed;
        self.sent += other.sent;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.paused += other.paused;
        self.released += other.released;
    }
}

/// A message and what to do with it after its send (or instead of it).
pub type Sent = (Claimed, Verdict);
