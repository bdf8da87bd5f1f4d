//! A digest written out: the one-line summary, each pledge with where it stands (delivery,
//! schedule, deadline) beside its changes, the deadlines, and why the subscriber gets it,
//! in the subscriber's language, rendered once per identical digest into a stencil.

use super::mailroom::{DigestStencil, Mailroom, scope_path};
use super::stencil::{MANAGE_LINK, Stencil, UNSUBSCRIBE_LINK};
use super::view::FollowUpMail;
use super::words;
use super::wrap::wrap;
use chrono::NaiveDate;
use domain::digest::Digest;
use domain::locale::{self, Lang};
use domain::{DeliveryStatus, ScheduleStatus, Slug, Subscription};
use i18n::key;
use serde::Serialize;

/// A digest lists at most this many follow-ups and links to the rest, so it stays
/// readable and under the size at which mail clients clip messages.
pub const MAX_FOLLOW_UPS_SHOWN: usize = 50;

/// Where a pledge stands now, shown beside its changes.
#[derive(Debug, Clone, Copy)]
pub struct PledgeStatus {
    pub delivery: DeliveryStatus,
    pub schedule: ScheduleStatus,
    pub due: Option<NaiveDate>,
}

#[derive(Serialize)]
struct PledgeNews {
    title: String,
    url: String,
    /// Where it stands; none if the pledge has left the catalog since.
    delivery: Option<String>,
    schedule: Option<String>,
    deadline: Option<String>,
    follow_ups: Vec<FollowUpMail>,
}

#[derive(Serialize)]
struct DeadlineView {
    title: String,
    url: String,
    news: String,
}

impl PledgeStatus {
    /// Delivery, schedule and the deadline's date (none without one: the schedule
    /// already says "No deadline").
    fn labels(self, lang: Lang) -> (String, String, Option<String>) {
        (
            words::label(lang, key("delivery-"), self.delivery.code()),
            words::label(lang, key("schedule-"), self.schedule.code()),
            self.due.map(|d| locale::date(d, lang)),
        )
    }
}

impl Mailroom {
    /// Renders a digest once for everyone who gets the same news (the same language
    /// included); `stamp_digest` then puts in each subscriber's own links. `status`
    /// tells where a pledge stands now.
    pub fn digest_stencil(
        &self,
        sub: &Subscription,
        digest: &Digest,
        status: impl Fn(&Slug) -> Option<PledgeStatus>,
    ) -> anyhow::Result<DigestStencil> {
        let lang = sub.lang;
        let mut shown = 0usize;
        let mut total = 0usize;
        let mut pledges = Vec::new();
        for p in &digest.pledges {
            total += p.follow_ups.len();
            let room = MAX_FOLLOW_UPS_SHOWN.saturating_sub(shown);
            if room == 0 {
                continue;
            }
            let follow_ups: Vec<_> = p
                .follow_ups
                .iter()
                .take(room)
                .map(|(id, f)| {
                    let reply = p.replies.iter().find(|(r, _)| r == id).map(|(_, a)| a);
                    FollowUpMail::new(f, reply, lang)
                })
                .collect();
            shown += follow_ups.len();
            let labels = status(&p.slug).map(|s| s.labels(lang));
            let (delivery, schedule, deadline) = match labels {
                Some((d, s, due)) => (Some(d), Some(s), due),
                None => (None, None, None),
            };
            pledges.push(PledgeNews {
                title: p.title.clone(),
                url: self.sender.url(&format!("/pledges/{}", p.slug)),
                delivery,
                schedule,
                deadline,
                follow_ups,
            });
        }
        let deadlines: Vec<DeadlineView> = digest
            .deadlines
            .iter()
            .map(|d| DeadlineView {
                title: d.title.clone(),
                url: self.sender.url(&format!("/pledges/{}", d.slug)),
                news: words::deadline_news(d.news, d.due, lang),
            })
            .collect();
        let summary = words::summary(digest, total, lang);
        let mut ctx = self.base_context(lang);
        ctx.insert("summary", &summary);
        ctx.insert("why", &words::why(sub));
        ctx.insert("scope_url", &self.sender.url(&scope_path(&sub.scope)));
        ctx.insert("pledges", &pledges);
        ctx.insert("more", &(total - shown));
        ctx.insert("deadlines", &deadlines);
        ctx.insert("manage_url", MANAGE_LINK);
        ctx.insert("unsubscribe_url", UNSUBSCRIBE_LINK);
        let render = |part: &str| self.tera.render(&format!("email/digest/{part}"), &ctx);
        Ok(DigestStencil {
            subject: render("subject.txt")?,
            text: Stencil::new(&wrap(&render("text.txt")?)),
            html: Stencil::new(&render("html.html")?),
        })
    }
}
