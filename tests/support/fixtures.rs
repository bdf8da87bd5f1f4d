//! Domain values for tests: a source, an event, actors and a pledge that uses every field;
//! follow-ups and subscribers written through the store, and a digest run over them.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::*;
use persistence::Db;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
        .single()
        .expect("time")
}

pub fn slug(s: &str) -> Slug {
    Slug::parse("slug", s).expect("slug")
}

pub fn title(s: &str) -> Title {
    Title::parse("title", s).expect("title")
}

pub fn text(s: &str) -> LongText {
    LongText::parse("text", s).expect("text")
}

pub fn source(s: &str, verification: Verification) -> Source {
    Source {
        slug: slug(s),
        title: title(&format!("Report {s}")),
        url: WebUrl::parse("url", &format!("https://example.org/{s}?a=1&b=<2>")).expect("url"),
        publisher: title("Example Press"),
        published_on: Some(date(2025, 2, 12)),
        tier: SourceTier::PressReport,
        verification,
        note: Some(text("Cited for the figure.\nSecond line.")),
    }
}

pub fn event(s: &str, starts_on: Option<NaiveDate>) -> Event {
    Event::new(
        slug(s),
        title("AI Action Summit"),
        EventKind::Summit,
        Some(title("Grand Palais, Paris")),
        Some(CountryCode::parse("country", "FR").expect("country")),
        starts_on,
        starts_on.map(|d| d + chrono::Days::new(5)),
    )
    .expect("event")
}

pub fn actor(s: &str, kind: ActorKind, members: Vec<Slug>) -> Actor {
    Actor::new(slug(s), title(s), kind, None, members).expect("actor")
}

pub fn money(
    stage: Stage,
    exact: Option<&str>,
    range: Option<(&str, &str)>,
    currency: &str,
    src: &str,
) -> MoneyFigure {
    let currency = Currency::parse("currency", currency).expect("currency");
    let m = match range {
        Some((lo, hi)) => Money::parse(None, Some(lo), Some(hi), currency),
        None => Money::parse(exact, None, None, currency),
    }
    .expect("money");
    MoneyFigure::new(
        stage,
        m,
        date(2025, 2, 10),
        Basis::Stated,
        slug(src),
        Some(text("as stated")),
    )
    .expect("figure")
}

/// A pledge using every optional field.
pub fn full_pledge(
    s: &str,
    parent: Option<&str>,
    supersedes: Option<&str>,
    deadline: Deadline,
) -> Pledge {
    Pledge::new(PledgeParts {
        slug: slug(s),
        title: title("France: €109 billion <for> \"AI\" & more"),
        summary: text("A summary\nover two lines."),
        quote: Some(
            Quote::new(text("Nous investirons 109 milliards"), "fr", slug("src-a")).expect("quote"),
        ),
        kind: PledgeKind::Investment,
        themes: vec![Theme::Investment, Theme::Sustainability],
        event: Some(slug("paris")),
        announced_on: date(2025, 2, 9),
        strength: Strength::Announced,
        parent: parent.map(slug),
        supersedes: supersedes.map(slug),
        contested: true,
        actors: vec![
            PledgeActor {
                actor: slug("france"),
                role: ActorRole::Announcer,
            },
            PledgeActor {
                actor: slug("mgx"),
                role: ActorRole::Funder,
            },
        ],
        deadline,
        conditions: vec![
            (
                text("Only if the regulation is simplified"),
                ConditionState::Pending,
                Some(slug("src-b")),
            ),
            (text("Land is found"), ConditionState::Met, None),
        ],
        money: vec![
            money(Stage::Announced, Some("109000000000"), None, "EUR", "src-a"),
            money(
                Stage::Pledged,
                None,
                Some(("30000000000", "50000000000")),
                "EUR",
                "src-b",
            ),
            money(Stage::Announced, Some("400000000"), None, "USD", "src-b"),
            money(Stage::Committed, Some("1500000000"), None, "JPY", "src-a"),
        ],
        sources: vec![slug("src-a"), slug("src-b")],
    })
    .expect("pledge")
}

/// Stores the sources, event and actors that [`full_pledge`] refers to.
pub async fn store_references(db: &Db) {
    db.insert_source(&source("src-a", Verification::Verified))
        .await
        .expect("source a");
    db.insert_source(&source("src-b", Verification::Unverified))
        .await
        .expect("source b");
    db.insert_event(&event("paris", Some(date(2025, 2, 6))), &[slug("src-a")])
        .await
        .expect("event");
    db.insert_event(&event("next-summit", None), &[])
        .await
        .expect("undated event");
    db.insert_actor(&actor("mgx", ActorKind::Investor, vec![]))
        .await
        .expect("mgx");
    db.insert_actor(&actor("france", ActorKind::Country, vec![]))
        .await
        .expect("france");
}

pub fn evidence(url: &str) -> Evidence {
    Evidence {
        url: WebUrl::parse("url", url).expect("url"),
        title: title("Official journal entry"),
        publisher: None,
        tier: SourceTier::OfficialRecord,
        archived_url: None,
    }
}

/// Records a follow-up through the store and refreshes the app's read model, as the app
/// does after its own writes.
async fn record(app: &crate::TestApp, pledge: &str, proposal: Proposal, note: &str, url: &str) {
    let draft = Draft {
        author: "Ana Editor".into(),
        recorded_at: Utc::now(),
        occurred_on: Utc::now().date_naive(),
        proposal,
        note: Some(text(note)),
        evidence: vec![evidence(url)],
    };
    app.test_db
        .db
        .record_follow_up(&slug(pledge), draft, None)
        .await
        .expect("follow-up");
    app.refresh().await;
}

/// Records a follow-up moving a pledge to in progress, with evidence.
pub async fn record_delivery(app: &crate::TestApp, pledge: &str) {
    let proposal = Proposal {
        delivery: Some(DeliveryStatus::InProgress),
        progress: Some(Progress::parse("progress", 20).expect("progress")),
        ..Proposal::default()
    };
    record(
        app,
        pledge,
        proposal,
        "Land purchased for the first campus.",
        "https://example.org/registry?id=7&a=b",
    )
    .await;
}

/// Records a follow-up that moves only a pledge's progress (no status change), with a note.
pub async fn record_progress(app: &crate::TestApp, pledge: &str, percent: i64, note: &str) {
    let proposal = Proposal {
        progress: Some(Progress::parse("progress", percent).expect("progress")),
        ..Proposal::default()
    };
    record(
        app,
        pledge,
        proposal,
        note,
        "https://example.org/progress-report",
    )
    .await;
}

/// `n` confirmed subscribers, reader1@example.org to reader{n}@example.org, following
/// `scope` for every kind of change, written with one `INSERT … SELECT` so that thousands
/// take a moment on either backend. Their digests cover every follow-up so far.
pub async fn confirmed_subscribers(db: &Db, n: u32, frequency: Frequency, scope: Scope) {
    subscribers_since(db, n, frequency, scope, 0).await;
}

/// The same, with digests covering only follow-ups after the id `watermark`.
pub async fn subscribers_since(
    db: &Db,
    n: u32,
    frequency: Frequency,
    scope: Scope,
    watermark: i64,
) {
    assert!(n >= 2, "at least two subscribers");
    let first = Subscription {
        email: EmailAddress::parse("email", "reader1@example.org").expect("email"),
        scope,
        frequency,
        changes: vec![
            ChangeFilter::StatusChanges,
            ChangeFilter::EveryFollowUp,
            ChangeFilter::Deadlines,
        ],
        time_zone: TimeZoneName::parse("time_zone", "UTC").expect("zone"),
        state: SubscriptionState::Confirmed,
        lang: domain::Lang::En,
    };
    let id = db
        .insert_subscription(&first, Utc::now())
        .await
        .expect("first subscriber");
    db.execute_unprepared(&format!(
        "UPDATE subscriptions SET watermark = {watermark} WHERE id = {id}"
    ))
    .await
    .expect("first watermark");
    db.execute_unprepared(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         INSERT INTO subscriptions (email, scope_kind, scope_target, frequency, changes, \
         time_zone, state, created_at, watermark, confirmed_at) \
         SELECT 'reader' || n.i || '@example.org', s.scope_kind, s.scope_target, s.frequency, \
         s.changes, s.time_zone, s.state, s.created_at, {watermark}, s.created_at \
         FROM n, subscriptions s WHERE s.id = {id}"
    ))
    .await
    .expect("the other subscribers");
}

/// Runs (or resumes) the app's digest run of `frequency` as `pledgewatch digest` does:
/// with the app's mailroom and the catalog as stored now, pausing after `pause_after`.
pub async fn run_digest(
    app: &crate::TestApp,
    frequency: Frequency,
    pause_after: i32,
) -> web::mail::digests::RunReport {
    let db = &app.test_db.db;
    let catalog = web::readmodel::load_catalog(db).await.expect("the catalog");
    web::mail::digests::run(
        db,
        &app.state.mail,
        &catalog,
        frequency,
        pause_after,
        &mut |_, _| {},
    )
    .await
    .expect("the digest run")
}

/// How many pledges the shipped seed files hold, for tests that count them.
pub fn seeded_pledges() -> usize {
    persistence::seed::parse(&persistence::seed::SeedFiles::builtin())
        .expect("the shipped seed files parse")
        .pledges
        .len()
}
