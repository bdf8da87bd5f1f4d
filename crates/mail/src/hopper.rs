//! The queue between the worker's feeder and its sending lanes: whole batches go in at
//! once, lanes take one message at a time, and the feeder is told when the queue runs low.
//! Nobody waits or wakes per message while there is work, unlike a bounded channel, whose
//! per-message wake-ups cost more than the sending on a two-core machine.

use std::collections::VecDeque;
use std::sync::Mutex;
use tokio::sync::Notify;

pub struct Hopper<T> {
    state: Mutex<State<T>>,
    /// Lanes wait on this when the queue is empty.
    filled: Notify,
    /// The feeder waits on this for the queue to run low.
    low: Notify,
    low_water: usize,
}

struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}

impl<T> Hopper<T> {
    /// A queue that counts as low at `low_water` items or fewer.
    pub fn new(low_water: usize) -> Self {
        Self {
            state: Mutex::new(State {
                items: VecDeque::new(),
                closed: false,
            }),
            filled: Notify::new(),
            low: Notify::new(),
            low_water,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State<T>> {
        // A lane that panicked holding the lock leaves a queue that is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn fill(&self, batch: impl IntoIterator<Item = T>) {
        self.state().items.extend(batch);
        self.filled.notify_waiters();
    }

    /// No more batches: lanes stop once the queue is empty, and a feeder waiting for room
    /// stops waiting.
    pub fn close(&self) {
        self.state().closed = true;
        self.filled.notify_waiters();
        self.low.notify_waiters();
    }

    /// The next item, waiting while the queue is empty; `None` once closed and empty.
    pub async fn take(&self) -> Option<T> {
        loop {
            // Registered before looking, so a fill between the look and the wait still wakes.
            let filled = self.filled.notified();
            tokio::pin!(filled);
            filled.as_mut().enable();
            {
                let mut state = self.state();
                if let Some(item) = state.items.pop_front() {
                    if state.items.len() == self.low_water {
                        self.low.notify_one();
                    }
                    return Some(item);
                }
                if state.closed {
                    return None;
                }
            }
            filled.await;
        }
    }

    /// Returns once the queue holds `low_water` items or fewer, or is closed.
    pub async fn until_low(&self) {
        loop {
            let low = self.low.notified();
            tokio::pin!(low);
            low.as_mut().enable();
            {
                let state = self.state();
                if state.items.len() <= self.low_water || state.closed {
                    return;
                }
            }
            low.await;
        }
    }

    pub fn is_closed(&self) -> bool {
        self.state().closed
    }
}

#[cfg(test)]
mod tests {
    use super::Hopper;
    use std::sync::Arc;
    use std::time::Duration;

    #[tokio::test]
    async fn takers_get_every_item_once_and_stop_when_closed() {
        let hopper = Arc::new(Hopper::new(2));
        let takers: Vec<_> = (0..3)
            .map(|_| {
                let hopper = Arc::clone(&hopper);
                tokio::spawn(async move {
                    let mut got = Vec::new();
                    while let Some(i) = hopper.take().await {
                        got.push(i);
                        tokio::task::yield_now().await;
                    }
                    got
                })
            })
            .collect();
        for batch in 0..5 {
            hopper.fill(batch * 100..batch * 100 + 100);
            tokio::time::timeout(Duration::from_secs(5), hopper.until_low())
                .await
                .expect("the takers drain the queue");
        }
        hopper.close();
        let mut all = Vec::new();
        for t in takers {
            all.extend(t.await.expect("taker"));
        }
        all.sort_unstable();
        assert_eq!(all, (0..500).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_waiting_taker_wakes_for_a_fill_and_for_the_close() {
        let hopper = Arc::new(Hopper::<u8>::new(0));
        let taker = tokio::spawn({
            let hopper = Arc::clone(&hopper);
            async move { (hopper.take().await, hopper.take().await) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        hopper.fill([7]);
        tokio::time::sleep(Duration::from_millis(20)).await;
        hopper.close();
        let taken = tokio::time::timeout(Duration::from_secs(5), taker)
            .await
            .expect("the taker wakes")
            .expect("taker");
        assert_eq!(taken, (Some(7), None));
    }

    #[tokio::test]
    async fn a_feeder_waiting_for_room_stops_waiting_when_the_queue_closes() {
        let hopper = Arc::new(Hopper::new(1));
        hopper.fill(0..10);
        let feeder = tokio::spawn({
            let hopper = Arc::clone(&hopper);
            async move { hopper.until_low().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!feeder.is_finished(), "nine items above the low water");
        hopper.close();
        tokio::time::timeout(Duration::from_secs(5), feeder)
            .await
            .expect("the feeder wakes")
            .expect("feeder");
        assert!(hopper.is_closed());
    }
}
