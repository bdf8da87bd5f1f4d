//! Changing a catalog in place of rebuilding it: a pledge, actor or event put in, replaced
//! or taken out, and a new day, each adjusting the aggregates by what it touched.

use super::tally::{Tally, root_of};
use super::{Catalog, PledgeSummary};
use crate::actor::Actor;
use crate::event::Event;
use crate::text::Slug;
use chrono::NaiveDate;
use std::sync::Arc;

impl Catalog {
    /// The pledges whose family a change of `slug` (now with `parent`) can move: itself,
    /// its old and new parents, and the pledges that name it as their parent.
    fn neighbourhood(&self, slug: &Slug, parent: Option<&Slug>) -> Vec<Slug> {
        let mut near = vec![slug.clone()];
        near.extend(parent.cloned());
        if let Some(e) = self.entries.get(slug) {
            near.extend(e.summary.parent.clone());
        }
        if let Some(kids) = self.children.get(slug) {
            near.extend(kids.iter().cloned());
        }
        near
    }

    fn roots(&self, near: &[Slug]) -> Vec<Slug> {
        let mut roots: Vec<Slug> = near
            .iter()
            .filter(|s| self.entries.contains_key(*s))
            .map(|s| root_of(self, s))
            .collect();
        roots.sort();
        roots.dedup();
        roots
    }

    /// Takes the pledge out of every aggregate and index; returns the families it touched.
    fn detach(&mut self, slug: &Slug, near: &[Slug]) {
        for root in self.roots(near) {
            let mut tally = std::mem::take(&mut self.tally);
            tally.family(self, &root, false);
            self.tally = tally;
        }
        if let Some(old) = self.entries.remove(slug) {
            self.tally.pledge(&old, false);
            self.unlink(&old.summary);
        }
    }

    fn reattach(&mut self, near: &[Slug]) {
        for root in self.roots(near) {
            let mut tally = std::mem::take(&mut self.tally);
            tally.family(self, &root, true);
            self.tally = tally;
        }
    }

    /// Puts in a pledge, or replaces the one with its slug.
    pub fn upsert_pledge(&mut self, p: PledgeSummary) {
        let slug = p.slug.clone();
        let near = self.neighbourhood(&slug, p.parent.as_ref());
        self.detach(&slug, &near);
        self.link(&p);
        let entry = self.entry(p);
        self.tally.pledge(&entry, true);
        self.entries.insert(slug, Arc::new(entry));
        self.reattach(&near);
    }

    /// Takes a pledge out (it was deleted); unknown slugs change nothing.
    pub fn remove_pledge(&mut self, slug: &Slug) {
        if !self.entries.contains_key(slug) {
            return;
        }
        let near = self.neighbourhood(slug, None);
        self.detach(slug, &near);
        self.reattach(&near);
    }

    /// Puts in or replaces an actor. Group rows name actors when shown, so nothing else
    /// needs to change.
    pub fn upsert_actor(&mut self, a: Actor) {
        let actors = self.actors_mut();
        match actors.binary_search_by(|x| x.slug.cmp(&a.slug)) {
            Ok(i) => actors[i] = a,
            Err(i) => actors.insert(i, a),
        }
    }

    /// Puts in or replaces an event, and derives again the pledges whose deadline is
    /// relative to it (its date may now be known).
    pub fn upsert_event(&mut self, e: Event) {
        let slug = e.slug.clone();
        let events = self.events_mut();
        match events.binary_search_by(|x| x.slug.cmp(&e.slug)) {
            Ok(i) => events[i] = e,
            Err(i) => events.insert(i, e),
        }
        let waiting: Vec<PledgeSummary> = self
            .relative_to
            .get(&slug)
            .map(|set| {
                set.iter()
                    .filter_map(|s| self.entries.get(s).map(|x| x.summary.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for p in waiting {
            self.upsert_pledge(p);
        }
    }

    /// The same catalog on another day: schedules, flags and aggregates derived again from
    /// the pledges in memory. Once a day, so it may look at every pledge.
    pub fn on_day(&self, today: NaiveDate) -> Catalog {
        let mut next = self.clone();
        next.set_today(today);
        let entries: Vec<_> = next
            .entries
            .values()
            .map(|e| Arc::new(next.entry(e.summary.clone())))
            .collect();
        for e in entries {
            next.entries.insert(e.summary.slug.clone(), e);
        }
        next.tally = Tally::of(&next);
        next
    }
}
