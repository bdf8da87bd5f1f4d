//! What one digest email says, derived purely: the follow-ups in a subscriber's scope
//! after their watermark (follow-up ids, so windows are exact whatever the clocks do),
//! grouped by pledge with the newest first, and the deadlines coming up or newly missed
//! (mail words why the subscriber gets it, in their language). No follow-up is missed or
//! repeated across digests: each
//! covers `(watermark, upto]`, and the next starts at `upto`. A follow-up that publishes a
//! tracked actor's reply reaches everyone following its pledge, whichever changes they
//! chose, marked as the actor's reply.

use crate::catalog::{PledgeSummary, due_within};
use crate::follow_up::{Change, FollowUp};
use crate::subscription::{ChangeFilter, Scope, Subscription};
use crate::text::Slug;
use chrono::NaiveDate;
use serde::Serialize;

/// The tracked actor a published reply speaks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorReply {
    pub actor: Slug,
    /// The actor's name as the catalog has it.
    pub name: String,
}

/// A follow-up with its position in the global, append-only order.
#[derive(Debug, Clone, Copy)]
pub struct Numbered<'a> {
    pub id: i64,
    pub pledge: &'a PledgeSummary,
    pub follow_up: &'a FollowUp,
    /// Whose reply it publishes, when it is an actor's reply an editor accepted.
    pub reply: Option<&'a ActorReply>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestPledge {
    pub slug: Slug,
    pub title: String,
    /// Newest first.
    pub follow_ups: Vec<(i64, FollowUp)>,
    /// Which of `follow_ups` (by id) are actors' replies, and whose.
    pub replies: Vec<(i64, ActorReply)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeadlineNews {
    DueSoon,
    NewlyOverdue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineNotice {
    pub slug: Slug,
    pub title: String,
    pub due: NaiveDate,
    pub news: DeadlineNews,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Digest {
    pub pledges: Vec<DigestPledge>,
    pub deadlines: Vec<DeadlineNotice>,
    /// The window this digest covers; the next one starts after `upto`.
    pub after: i64,
    pub upto: i64,
}

/// Whether a pledge is in what a subscription follows.
pub fn in_scope(scope: &Scope, p: &PledgeSummary) -> bool {
    match scope {
        Scope::Everything => true,
        Scope::Theme(t) => p.themes.contains(t),
        Scope::Actor(a) => p.actors.iter().any(|(s, _)| s == a),
        Scope::Pledge(s) => &p.slug == s || p.parent.as_ref() == Some(s),
        Scope::Event(e) => p.event.as_ref() == Some(e),
    }
}

fn is_status_change(f: &FollowUp) -> bool {
    f.changes
        .iter()
        .any(|c| matches!(c, Change::Delivery { .. } | Change::Strength { .. }))
}

/// Which follow-ups and which day a digest covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The subscription's watermark: the last follow-up id already sent.
    pub after: i64,
    /// The newest follow-up id when the digest run started.
    pub upto: i64,
    pub today: NaiveDate,
    /// When the previous digest went out, so a deadline is "newly" overdue only once.
    pub last_sent: Option<NaiveDate>,
}

/// The digest of `sub` for `window`. None when nothing in scope changed: no empty digests.
pub fn compose(
    sub: &Subscription,
    follow_ups: &[Numbered<'_>],
    pledges: &[&PledgeSummary],
    due: impl Fn(&PledgeSummary) -> Option<NaiveDate>,
    window: Window,
) -> Option<Digest> {
    let Window {
        after,
        upto,
        today,
        last_sent,
    } = window;
    let wants_all = sub.changes.contains(&ChangeFilter::EveryFollowUp);
    let wants_status = sub.changes.contains(&ChangeFilter::StatusChanges);
    let mut grouped: Vec<DigestPledge> = Vec::new();
    let mut items: Vec<&Numbered<'_>> = follow_ups
        .iter()
        .filter(|n| n.id > after && n.id <= upto)
        .filter(|n| in_scope(&sub.scope, n.pledge))
        // A reply goes to everyone following its pledge: a right of reply that only some
        // of them hear would not be one.
        .filter(|n| {
            n.reply.is_some() || wants_all || (wants_status && is_status_change(n.follow_up))
        })
        .collect();
    items.sort_by_key(|n| std::cmp::Reverse(n.id));
    for n in items {
        let at = match grouped.iter().position(|g| g.slug == n.pledge.slug) {
            Some(at) => at,
            None => {
                grouped.push(DigestPledge {
                    slug: n.pledge.slug.clone(),
                    title: n.pledge.title.to_string(),
                    follow_ups: Vec::new(),
                    replies: Vec::new(),
                });
                grouped.len() - 1
            }
        };
        let g = &mut grouped[at];
        g.follow_ups.push((n.id, n.follow_up.clone()));
        if let Some(reply) = n.reply {
            g.replies.push((n.id, reply.clone()));
        }
    }
    let mut deadlines = Vec::new();
    if sub.changes.contains(&ChangeFilter::Deadlines) {
        for p in pledges
            .iter()
            .filter(|p| in_scope(&sub.scope, p) && !p.state.delivery.is_final())
        {
            let Some(on) = due(p) else { continue };
            let news = if due_within(on, today) {
                Some(DeadlineNews::DueSoon)
            } else if on < today && last_sent.is_none_or(|sent| on >= sent) {
                Some(DeadlineNews::NewlyOverdue)
            } else {
                None
            };
            if let Some(news) = news {
                deadlines.push(DeadlineNotice {
                    slug: p.slug.clone(),
                    title: p.title.to_string(),
                    due: on,
                    news,
                });
            }
        }
        deadlines.sort_by(|a, b| a.due.cmp(&b.due).then(a.slug.cmp(&b.slug)));
    }
    if grouped.is_empty() && deadlines.is_empty() {
        return None;
    }
    Some(Digest {
        pledges: grouped,
        deadlines,
        after,
        upto,
    })
}
