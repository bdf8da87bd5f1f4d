//! A property test of the incremental catalog: a few hundred random changes (new pledges,
//! status, progress and money changes, re-parenting, deletions, restores, actor renames,
//! event dates, new days) applied one at a time give, after every batch, exactly the
//! catalog and dashboard that a fresh build of the same pledges gives.

mod common;

use common::{date, slug};
use pledgewatch_domain::catalog::{Catalog, PledgeSummary};
use pledgewatch_domain::dashboard;
use pledgewatch_domain::*;
use std::collections::BTreeMap;

/// A small deterministic generator (xorshift64*): the same seed replays the same run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

fn rates() -> RateTable {
    let usd = Rate::parse("rate", "1.05").unwrap();
    RateTable::new(
        "test rates",
        [DatedRate {
            currency: Currency::USD,
            date: date(2025, 1, 2),
            per_eur: usd,
        }],
    )
}

fn actor(i: usize, name: &str) -> Actor {
    Actor::new(
        slug(&format!("actor-{i}")),
        Title::parse("name", name).unwrap(),
        ActorKind::Company,
        None,
        vec![],
    )
    .unwrap()
}

fn event(i: usize, on: Option<chrono::NaiveDate>) -> Event {
    Event::new(
        slug(&format!("event-{i}")),
        Title::parse("name", &format!("Summit {i}")).unwrap(),
        EventKind::Summit,
        None,
        None,
        on,
        None,
    )
    .unwrap()
}

struct World {
    rng: Rng,
    live: BTreeMap<Slug, PledgeSummary>,
    deleted: Vec<PledgeSummary>,
    actors: Vec<Actor>,
    events: Vec<Event>,
    today: chrono::NaiveDate,
    next: usize,
}

impl World {
    fn money(&mut self) -> Vec<MoneyFigure> {
        let mut out = Vec::new();
        for _ in 0..self.rng.below(3) {
            let stage = *self.rng.pick(Stage::ALL).unwrap();
            let currency = if self.rng.chance(30) {
                Currency::USD
            } else {
                Currency::EUR
            };
            let lo = 1 + self.rng.below(1_000) as i64;
            let amount = if self.rng.chance(30) {
                Amount::range("amount", lo * 100, (lo + 50) * 100).unwrap()
            } else {
                Amount::exact("amount", lo * 100).unwrap()
            };
            // An old value date has no rate: the figure is left out of totals, unconverted.
            let on = if self.rng.chance(10) {
                date(2020, 1, 1)
            } else {
                date(2025, 3, 1)
            };
            let figure = MoneyFigure::new(
                stage,
                Money { amount, currency },
                on,
                Basis::Stated,
                slug("src"),
                None,
            );
            out.push(figure.unwrap());
        }
        out
    }

    fn state(&mut self, announced: &PledgeState) -> PledgeState {
        let mut s = announced.clone();
        s.delivery = *self.rng.pick(DeliveryStatus::ALL).unwrap();
        s.strength = *self.rng.pick(Strength::ALL).unwrap();
        s.progress = self
            .rng
            .chance(50)
            .then(|| Progress::parse("progress", self.rng.below(101) as i64).unwrap());
        s.contested = self.rng.chance(15);
        if self.rng.chance(40) {
            s.money.extend(self.money());
        }
        if self.rng.chance(60) {
            s.last_follow_up_on =
                Some(self.today - chrono::Duration::days(self.rng.below(200) as i64));
            s.follow_ups += 1;
        }
        if matches!(
            s.delivery,
            DeliveryStatus::Delivered | DeliveryStatus::PartiallyDelivered
        ) {
            s.delivered_on =
                Some(date(2025, 6, 1) + chrono::Duration::days(self.rng.below(700) as i64));
        }
        s
    }

    /// Slugs that may become `of`'s parent without making a loop.
    fn parents_for(&self, of: &Slug) -> Vec<Slug> {
        self.live
            .keys()
            .filter(|candidate| {
                let mut cursor = Some((*candidate).clone());
                while let Some(c) = cursor {
                    if &c == of {
                        return false;
                    }
                    cursor = self.live.get(&c).and_then(|p| p.parent.clone());
                }
                true
            })
            .cloned()
            .collect()
    }

    fn new_pledge(&mut self) -> PledgeSummary {
        self.next += 1;
        let s = slug(&format!("p-{}", self.next));
        let parent = if self.rng.chance(50) {
            let options = self.parents_for(&s);
            self.rng.pick(&options).cloned()
        } else {
            None
        };
        let deadline = match self.rng.below(3) {
            0 => Deadline::None,
            1 => Deadline::Date {
                date: date(2025, 1, 1) + chrono::Duration::days(self.rng.below(900) as i64),
                precision: DatePrecision::Day,
            },
            _ => Deadline::Relative {
                event: self.rng.pick(&self.events).unwrap().slug.clone(),
                text: Title::parse("text", "by the next summit").unwrap(),
            },
        };
        let announced = PledgeState {
            delivery: DeliveryStatus::NotYetAssessed,
            delivered_on: None,
            strength: Strength::Announced,
            progress: None,
            conditions: vec![],
            contested: false,
            money: self.money(),
            last_follow_up_on: None,
            follow_ups: 0,
        };
        let state = if self.rng.chance(50) {
            self.state(&announced)
        } else {
            announced
        };
        let themes: Vec<Theme> = Theme::ALL
            .iter()
            .copied()
            .filter(|_| self.rng.chance(30))
            .collect();
        let actors = (0..self.rng.below(3))
            .map(|_| {
                (
                    self.rng.pick(&self.actors).unwrap().slug.clone(),
                    ActorRole::Funder,
                )
            })
            .collect();
        PledgeSummary {
            title: Title::parse("title", &format!("Pledge {}", self.next % 7)).unwrap(),
            summary: "What was promised.".into(),
            kind: PledgeKind::Investment,
            themes,
            actors,
            event: self
                .rng
                .pick(&self.events)
                .map(|e| e.slug.clone())
                .filter(|_| self.rng.chance(70)),
            announced_on: date(2025, 2, 10),
            parent,
            deadline,
            state,
            verified: self.rng.chance(70),
            updated_at: chrono::DateTime::UNIX_EPOCH,
            slug: s,
        }
    }

    fn fresh(&self) -> Catalog {
        Catalog::new(
            self.live.values().cloned().collect(),
            self.actors.clone(),
            self.events.clone(),
            &rates(),
            Currency::EUR,
            self.today,
        )
    }
}

fn run(seed: u64, changes: usize) {
    let mut w = World {
        rng: Rng(seed),
        live: BTreeMap::new(),
        deleted: Vec::new(),
        actors: (0..6).map(|i| actor(i, &format!("Actor {i}"))).collect(),
        events: (0..3)
            .map(|i| event(i, (i == 0).then(|| date(2026, 2, 16))))
            .collect(),
        today: date(2026, 12, 2),
        next: 0,
    };
    let mut catalog = w.fresh();
    for step in 1..=changes {
        match w.rng.below(10) {
            0..=2 => {
                let p = w.new_pledge();
                w.live.insert(p.slug.clone(), p.clone());
                catalog.upsert_pledge(p);
            }
            3 | 4 => {
                let keys: Vec<Slug> = w.live.keys().cloned().collect();
                if let Some(s) = w.rng.pick(&keys).cloned() {
                    let mut p = w.live[&s].clone();
                    p.state = w.state(&p.state);
                    w.live.insert(s, p.clone());
                    catalog.upsert_pledge(p);
                }
            }
            5 => {
                let keys: Vec<Slug> = w.live.keys().cloned().collect();
                if let Some(s) = w.rng.pick(&keys).cloned() {
                    let options = w.parents_for(&s);
                    let mut p = w.live[&s].clone();
                    p.parent = if w.rng.chance(30) {
                        None
                    } else {
                        w.rng.pick(&options).cloned()
                    };
                    w.live.insert(s, p.clone());
                    catalog.upsert_pledge(p);
                }
            }
            6 => {
                // Deleting is refused while live children point at a pledge.
                let leaves: Vec<Slug> = w
                    .live
                    .keys()
                    .filter(|s| !w.live.values().any(|p| p.parent.as_ref() == Some(*s)))
                    .cloned()
                    .collect();
                if let Some(s) = w.rng.pick(&leaves).cloned() {
                    w.deleted.push(w.live.remove(&s).unwrap());
                    catalog.remove_pledge(&s);
                }
            }
            7 => {
                if !w.deleted.is_empty() {
                    let i = w.rng.below(w.deleted.len());
                    let mut p = w.deleted.remove(i);
                    // A parent that is itself deleted stays named (the pledge is a root
                    // until that parent comes back); a live one that would loop is dropped.
                    if p.parent.as_ref().is_some_and(|parent| {
                        w.live.contains_key(parent) && !w.parents_for(&p.slug).contains(parent)
                    }) {
                        p.parent = None;
                    }
                    w.live.insert(p.slug.clone(), p.clone());
                    catalog.upsert_pledge(p);
                }
            }
            8 => {
                let i = w.rng.below(w.actors.len());
                let renamed = actor(i, &format!("Renamed {step}"));
                w.actors[i] = renamed.clone();
                catalog.upsert_actor(renamed);
            }
            _ => {
                if w.rng.chance(50) {
                    let i = w.rng.below(w.events.len());
                    let on = date(2026, 1, 1) + chrono::Duration::days(w.rng.below(800) as i64);
                    let dated = event(i, Some(on));
                    w.events[i] = dated.clone();
                    catalog.upsert_event(dated);
                } else {
                    w.today += chrono::Duration::days(1 + w.rng.below(40) as i64);
                    catalog = catalog.on_day(w.today);
                }
            }
        }
        if step % 20 == 0 || step == changes {
            let fresh = w.fresh();
            assert!(
                catalog == fresh,
                "seed {seed}, change {step}: the catalogs differ"
            );
            let (a, b) = (
                dashboard::build(&catalog, &rates()),
                dashboard::build(&fresh, &rates()),
            );
            assert_eq!(
                format!("{a:?}"),
                format!("{b:?}"),
                "seed {seed}, change {step}: dashboards differ"
            );
            for (p, _) in fresh.pledges() {
                let kids = |c: &Catalog| {
                    c.children_of(&p.slug)
                        .iter()
                        .map(|(k, d)| (k.slug.clone(), **d))
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    kids(&catalog),
                    kids(&fresh),
                    "seed {seed}: children of {}",
                    p.slug
                );
            }
            let filter = catalog::Filter::default();
            for sort in catalog::Sort::ALL {
                let order = |c: &Catalog| {
                    c.search(&filter, *sort)
                        .iter()
                        .map(|(p, _)| p.slug.clone())
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    order(&catalog),
                    order(&fresh),
                    "seed {seed}: list order by {sort:?}"
                );
            }
        }
    }
    assert!(!w.live.is_empty(), "the run built something to compare");
}

#[test]
fn random_changes_applied_one_at_a_time_match_a_fresh_build() {
    for seed in 1..=12_u64 {
        run(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15), 300);
    }
}
