//! Digest composition: for a batch of subscribers, what changed in each one's scope since
//! their watermark, rendered once for everyone who gets the same news and stamped with
//! each one's links; a published actor's reply is marked as one, by the actor it speaks
//! for. Pure work over what it is handed; the run itself (which batches, the
//! watermarks it moves, resuming) reads and writes storage, so it lives in the web crate.

use super::digest_mail::PledgeStatus;
use super::mailroom::{DigestStencil, Mailroom, Subscriber};
use super::outbox::OutboxMessage;
use chrono::{NaiveDate, Utc};
use domain::catalog::{Catalog, PledgeSummary};
use domain::digest::{ActorReply, Numbered, Window, compose};
use domain::{FollowUp, Slug, SubscriptionState};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// One follow-up a digest may report, numbered as the change log numbers it.
#[derive(Debug, Clone)]
pub struct News {
    pub id: i64,
    pub pledge: Slug,
    pub follow_up: FollowUp,
    /// The actor whose reply this follow-up publishes, when an editor accepted one.
    pub reply: Option<Slug>,
}

/// The follow-ups a batch needs, `(after, upto]`, loaded once and reused while the
/// watermarks of the following batches fall inside.
#[derive(Debug, Clone)]
pub struct FollowUpWindow {
    pub after: i64,
    pub entries: Vec<News>,
}

fn local_today(zone: &str, zones: &mut HashMap<String, chrono_tz::Tz>) -> NaiveDate {
    let tz = *zones
        .entry(zone.to_owned())
        .or_insert_with(|| zone.parse().unwrap_or(chrono_tz::UTC));
    Utc::now().with_timezone(&tz).date_naive()
}

/// What every digest of one run is written from: the mailroom, the catalog, the news
/// window, and the run (its id, and the last change it covers).
#[derive(Clone, Copy)]
pub struct DigestWriting<'a> {
    pub mailroom: &'a Mailroom,
    pub catalog: &'a Catalog,
    pub window: &'a FollowUpWindow,
    pub run_id: i32,
    pub upto: i64,
}

/// Composes one batch: the digests to enqueue, and every subscription handled.
fn compose_batch(
    run: DigestWriting<'_>,
    batch: &[impl Subscriber + Sync],
) -> anyhow::Result<Vec<OutboxMessage>> {
    let DigestWriting {
        mailroom,
        catalog,
        window,
        run_id,
        upto,
    } = run;
    let by_slug: HashMap<&Slug, &PledgeSummary> =
        catalog.pledges().map(|(p, _)| (&p.slug, p)).collect();
    let due: HashMap<&Slug, NaiveDate> = catalog
        .pledges()
        .filter_map(|(p, d)| Some((&p.slug, d.due?)))
        .collect();
    let status = |slug: &Slug| {
        catalog.get(slug).map(|(p, d)| PledgeStatus {
            delivery: p.state.delivery,
            schedule: d.schedule,
            due: d.due,
        })
    };
    // Named as the catalog names the actor; its slug if the actor has gone since.
    let replies: HashMap<i64, ActorReply> = window
        .entries
        .iter()
        .filter_map(|e| {
            let actor = e.reply.as_ref()?;
            let name = catalog
                .actor(actor)
                .map_or_else(|| actor.to_string(), |a| a.name.to_string());
            Some((
                e.id,
                ActorReply {
                    actor: actor.clone(),
                    name,
                },
            ))
        })
        .collect();
    let numbered: Vec<Numbered<'_>> = window
        .entries
        .iter()
        .filter_map(|e| {
            Some(Numbered {
                id: e.id,
                pledge: by_slug.get(&e.pledge)?,
                follow_up: &e.follow_up,
                reply: replies.get(&e.id),
            })
        })
        .collect();
    let mut zones = HashMap::new();
    let mut stencils: HashMap<String, Option<DigestStencil>> = HashMap::new();
    let mut out = Vec::new();
    // Only pledges whose deadline can be news to someone in this batch.
    let earliest_sent = batch
        .iter()
        .filter_map(|s| s.last_digest_at())
        .min()
        .map(|t| t.date_naive() - chrono::Duration::days(1));
    let today_utc = Utc::now().date_naive();
    // `compose` decides per subscriber, in their time zone; this only drops what cannot
    // be news to anyone in the batch.
    let deadline_candidates: Vec<&PledgeSummary> = catalog
        .pledges()
        .filter(|(p, d)| {
            !p.state.delivery.is_final()
                && d.due.is_some_and(|on| {
                    on <= today_utc + chrono::Duration::days(31)
                        && (on >= today_utc - chrono::Duration::days(1)
                            || earliest_sent.is_none_or(|e| on >= e))
                })
        })
        .map(|(p, _)| p)
        .collect();
    for stored in batch {
        let sub = stored.subscription();
        if sub.state != SubscriptionState::Confirmed {
            continue;
        }
        let today = local_today(sub.time_zone.as_str(), &mut zones);
        let window = Window {
            after: stored.watermark(),
            upto,
            today,
            last_sent: stored.last_digest_at().map(|t| t.date_naive()),
        };
        // Everything `compose` and the rendering read: subscribers who share it get the
        // same digest, so it is rendered once and only their links differ. The language
        // is part of it: the same news in French is another body.
        let key = format!(
            "{}|{}|{}|{}|{}|{}|{}|{:?}",
            sub.lang,
            sub.scope.kind(),
            sub.scope.target().unwrap_or(""),
            sub.changes
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(","),
            sub.frequency.code(),
            window.after,
            window.today,
            window.last_sent,
        );
        let stencil = match stencils.entry(key) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let digest = compose(
                    sub,
                    &numbered,
                    &deadline_candidates,
                    |p| due.get(&p.slug).copied(),
                    window,
                );
                let stencil = match digest {
                    Some(d) => Some(mailroom.digest_stencil(sub, &d, status)?),
                    None => None,
                };
                e.insert(stencil)
            }
        };
        let Some(stencil) = stencil else { continue };
        out.push(mailroom.stamp_digest(stencil, stored, run_id)?);
    }
    Ok(out)
}

/// Rendering is the costly part of a run and each digest is independent: split the batch
/// over the machine's cores, keeping its order.
pub fn compose_in_parallel(
    run: DigestWriting<'_>,
    batch: &[impl Subscriber + Sync],
) -> anyhow::Result<Vec<OutboxMessage>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || batch.len() < 64 {
        return compose_batch(run, batch);
    }
    let chunk = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(chunk)
            .map(|part| scope.spawn(move || compose_batch(run, part)))
            .collect();
        let mut out = Vec::with_capacity(batch.len());
        for w in workers {
            out.extend(
                w.join()
                    .map_err(|_| anyhow::anyhow!("a composing thread panicked"))??,
            );
        }
        Ok(out)
    })
}
