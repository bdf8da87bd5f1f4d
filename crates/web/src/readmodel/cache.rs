//! Rendered responses kept beside a snapshot, bounded by size, and carried into the next
//! snapshot except where a change could have altered them.

use axum::body::Bytes;
use std::collections::{HashMap, HashSet};

/// Bytes of responses kept per snapshot; past this the cache starts afresh. Bounded by
/// size, not count, so that memory stays flat whatever mix of pages is asked for.
const RESPONSE_CACHE_BYTES: usize = 8 * 1024 * 1024;

/// What a change touched, for deciding which responses survive it.
#[derive(Debug, Default)]
pub struct Touched {
    /// Pledges whose own pages may have changed.
    pub pledges: HashSet<String>,
    /// An actor or event changed (or the day): names and dates show on many pages.
    pub everything: bool,
}

#[derive(Default)]
pub struct ResponseCache {
    bodies: HashMap<String, Bytes>,
    bytes: usize,
}

/// The pledge a request target is the page (or API document) of, if it is one.
fn pledge_of(target: &str) -> Option<&str> {
    let path = target.split(['?', '#']).next().unwrap_or(target);
    let rest = path
        .strip_prefix("/pledges/")
        .or_else(|| path.strip_prefix("/api/v1/pledges/"))?;
    (!rest.is_empty() && !rest.contains('/')).then_some(rest)
}

impl ResponseCache {
    pub fn get(&self, target: &str) -> Option<Bytes> {
        self.bodies.get(target).cloned()
    }

    /// Keeps a body; returns what was evicted so the caller frees it outside its lock.
    pub fn keep(&mut self, target: &str, body: Bytes) -> Option<ResponseCache> {
        let size = body.len() + target.len();
        let evicted = (self.bytes + size > RESPONSE_CACHE_BYTES).then(|| std::mem::take(self));
        self.bytes += size;
        self.bodies.insert(target.to_owned(), body);
        evicted
    }

    /// The responses still true after a change: pages of pledges it did not touch. Lists,
    /// the dashboard, feeds and group pages show every pledge, so any change drops them.
    pub fn surviving(&self, touched: &Touched) -> ResponseCache {
        if touched.everything {
            return ResponseCache::default();
        }
        let mut next = ResponseCache::default();
        for (target, body) in &self.bodies {
            if let Some(slug) = pledge_of(target)
                && !touched.pledges.contains(slug)
            {
                next.bytes += body.len() + target.len();
                next.bodies.insert(target.clone(), body.clone());
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_untouched_pledges_survive() {
        let mut cache = ResponseCache::default();
        for t in [
            "/pledges/a",
            "/pledges/b",
            "/api/v1/pledges/b",
            "/pledges",
            "/",
            "/pledges/a/edit",
        ] {
            cache.keep(t, Bytes::from_static(b"x"));
        }
        let touched = Touched {
            pledges: ["a".to_owned()].into(),
            everything: false,
        };
        let next = cache.surviving(&touched);
        let mut kept: Vec<&str> = next.bodies.keys().map(String::as_str).collect();
        kept.sort();
        assert_eq!(kept, ["/api/v1/pledges/b", "/pledges/b"]);
        assert_eq!(
            next.bytes,
            "/api/v1/pledges/b".len() + "/pledges/b".len() + 2
        );
        let all = Touched {
            everything: true,
            ..Touched::default()
        };
        assert!(cache.surviving(&all).bodies.is_empty());
    }
}
