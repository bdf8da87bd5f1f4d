//! A synthetic tracker for benchmarks: thousands of pledges, hundreds of actors and a long
//! history, built through the domain constructors (every follow-up is a valid one) from a
//! seeded generator, so two runs with one seed give the same data. Titles carry `<`, `&`
//! and quotes on purpose.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use domain::*;
use persistence::bulk::BulkPledge;

pub struct Spec {
    pub pledges: usize,
    pub follow_ups: usize,
    pub actors: usize,
    pub seed: u64,
}

/// xorshift64*: small, fast and reproducible; this is test data, not cryptography.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn slug(s: String) -> anyhow::Result<Slug> {
    Ok(Slug::parse("slug", &s)?)
}

pub struct Synthetic {
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    pub events: Vec<Event>,
    pub pledges: Vec<BulkPledge>,
}

pub fn generate(spec: &Spec) -> anyhow::Result<Synthetic> {
    let mut rng = Rng(spec.seed.max(1));
    let sources: Vec<Source> = (0..20)
        .map(|i| {
            Ok(Source {
                slug: slug(format!("synthetic-source-{i}"))?,
                title: Title::parse(
                    "title",
                    &format!("Report {i} on \"AI\" <funding> & delivery"),
                )?,
                url: WebUrl::parse("url", &format!("https://example.org/reports/{i}?a=1&b=2"))?,
                publisher: Title::parse("publisher", &format!("Publisher {i} & Co"))?,
                published_on: NaiveDate::from_ymd_opt(2025, 1, 1 + (i % 28) as u32),
                tier: *rng.pick(SourceTier::ALL),
                verification: if i % 3 == 0 {
                    Verification::Unverified
                } else {
                    Verification::Verified
                },
                note: None,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let events: Vec<Event> = (0..6)
        .map(|i| {
            let start = NaiveDate::from_ymd_opt(2023 + i, 2 + (i as u32 % 9), 10);
            Ok(Event::new(
                slug(format!("summit-{}", 2023 + i))?,
                Title::parse("name", &format!("Summit {} <\"AI\" & society>", 2023 + i))?,
                EventKind::Summit,
                None,
                None,
                start,
                start,
            )?)
        })
        .collect::<anyhow::Result<_>>()?;
    let actors: Vec<Actor> = (0..spec.actors)
        .map(|i| {
            Ok(Actor::new(
                slug(format!("actor-{i}"))?,
                Title::parse(
                    "name",
                    &format!(
                        "Actor {i} <{}> & \"Partners\"",
                        ["Fund", "Ministry", "Lab", "Coalition"][i % 4]
                    ),
                )?,
                ActorKind::ALL[i % ActorKind::ALL.len()],
                None,
                vec![],
            )?)
        })
        .collect::<anyhow::Result<_>>()?;

    let currencies = ["EUR", "EUR", "USD", "GBP", "JPY"]
        .map(|c| Currency::parse("currency", c).expect("known currency"));
    let base = NaiveDate::from_ymd_opt(2023, 1, 2).expect("date");
    let today = Utc::now().date_naive();
    let per_pledge = spec.follow_ups / spec.pledges.max(1);
    let mut extra = spec.follow_ups % spec.pledges.max(1);
    let mut pledges = Vec::with_capacity(spec.pledges);
    for i in 0..spec.pledges {
        let announced_on = base + Days::new(rng.below(900));
        let currency = *rng.pick(&currencies);
        let major = (1 + rng.below(5_000)) * 1_000_000;
        let amount = if i % 7 == 0 {
            Money::parse(
                None,
                Some(&major.to_string()),
                Some(&(major * 2).to_string()),
                currency,
            )?
        } else {
            Money::parse(Some(&major.to_string()), None, None, currency)?
        };
        let source = sources[i % sources.len()].slug.clone();
        let parent = (i % 10 != 0 && i % 10 < 5).then(|| format!("pledge-{}", i - i % 10));
        let deadline = if rng.below(10) < 6 {
            Deadline::Date {
                date: announced_on + Days::new(180 + rng.below(1_800)),
                precision: *rng.pick(DatePrecision::ALL),
            }
        } else {
            Deadline::None
        };
        let pledge = Pledge::new(PledgeParts {
            slug: slug(format!("pledge-{i}"))?,
            title: Title::parse(
                "title",
                &format!(
                    "Pledge {i}: <AI> compute & skills fund for \"region {}\" ('{}')",
                    i % 97,
                    i % 13
                ),
            )?,
            summary: LongText::parse(
                "summary",
                &format!(
                    "Synthetic pledge {i} of the benchmark data set; amounts and dates are random. Region {} & partners.",
                    i % 97
                ),
            )?,
            quote: None,
            kind: PledgeKind::ALL[i % PledgeKind::ALL.len()],
            themes: vec![
                Theme::ALL[i % Theme::ALL.len()],
                Theme::ALL[(i / 7) % Theme::ALL.len()],
            ],
            event: Some(events[i % events.len()].slug.clone()),
            announced_on,
            strength: Strength::ALL[i % Strength::ALL.len()],
            parent: parent.map(slug).transpose()?,
            supersedes: None,
            contested: i % 50 == 0,
            actors: vec![
                PledgeActor {
                    actor: actors[i % actors.len()].slug.clone(),
                    role: ActorRole::Announcer,
                },
                PledgeActor {
                    actor: actors[(i * 7 + 3) % actors.len()].slug.clone(),
                    role: ActorRole::Funder,
                },
            ],
            deadline,
            conditions: vec![],
            money: vec![MoneyFigure::new(
                Stage::Announced,
                amount,
                announced_on,
                Basis::Stated,
                source.clone(),
                None,
            )?],
            sources: vec![source.clone()],
        })?;

        let mut state = PledgeState::initial(&pledge);
        let mut recorded = Utc.from_utc_datetime(&announced_on.and_hms_opt(0, 0, 0).expect("time"));
        let mut history = Vec::new();
        let count = per_pledge + usize::from(extra > 0);
        extra = extra.saturating_sub(1);
        let span = (today - announced_on).num_days().max(1) as u64;
        for k in 0..count {
            let occurred_on = announced_on + Days::new(span * (k as u64 + 1) / (count as u64 + 1));
            // Recorded some hours after it happened, never before.
            recorded = recorded
                .max(Utc.from_utc_datetime(&occurred_on.and_hms_opt(18, 0, 0).expect("time")))
                + chrono::Duration::seconds(1);
            let delivery = *rng.pick(&[
                DeliveryStatus::AnnouncedOnly,
                DeliveryStatus::InProgress,
                DeliveryStatus::Stalled,
                DeliveryStatus::InProgress,
                DeliveryStatus::PartiallyDelivered,
                DeliveryStatus::Delivered,
            ]);
            let mut proposal = Proposal {
                delivery: Some(delivery),
                progress: Some(Progress::parse("progress", (rng.below(101)) as i64)?),
                ..Proposal::default()
            };
            if k % 10 == 9 {
                let paid = Money::parse(Some(&(major / 10).to_string()), None, None, currency)?;
                proposal.money.push(MoneyFigure::new(
                    Stage::Disbursed,
                    paid,
                    occurred_on,
                    Basis::Stated,
                    source.clone(),
                    None,
                )?);
            }
            let draft = Draft {
                author: format!("Editor {} <editor{}@example.org>", k % 5, k % 5),
                recorded_at: recorded,
                occurred_on,
                proposal,
                note: Some(LongText::parse(
                    "note",
                    &format!("Update {k}: \"milestone\" reached <per> the ministry & partners."),
                )?),
                evidence: vec![Evidence {
                    url: WebUrl::parse(
                        "url",
                        &format!("https://example.org/evidence/{i}/{k}?x=<1>&y=\"2\""),
                    )?,
                    title: Title::parse("title", &format!("Evidence {k} <pdf> & annex"))?,
                    publisher: None,
                    tier: *rng.pick(&[
                        SourceTier::OfficialRecord,
                        SourceTier::OfficialStatement,
                        SourceTier::PressReport,
                    ]),
                    archived_url: None,
                }],
            };
            // A proposal that changes nothing (same status and progress) is simply skipped.
            if let Ok(f) = FollowUp::record(&pledge, &state, draft) {
                state.apply(&f)?;
                history.push(f);
            }
        }
        pledges.push(BulkPledge {
            pledge,
            history,
            state,
        });
    }
    Ok(Synthetic {
        sources,
        actors,
        events,
        pledges,
    })
}
