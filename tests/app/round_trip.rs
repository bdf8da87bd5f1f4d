//! Every domain type written and read back unchanged, on both backends.

use chrono::Utc;
use domain::*;
use persistence::follow_ups::Recorded;
use pledgewatch_tests::fixtures::*;
use pledgewatch_tests::{TestDb, both_backends};

async fn reference_types(t: &TestDb) {
    let db = &t.db;
    store_references(db).await;
    assert_eq!(
        db.source(&slug("src-a")).await.unwrap(),
        source("src-a", Verification::Verified)
    );
    let (paris, cited) = db.event(&slug("paris")).await.unwrap();
    assert_eq!(paris, event("paris", Some(date(2025, 2, 6))));
    assert_eq!(cited, vec![slug("src-a")]);
    assert_eq!(
        db.event(&slug("next-summit")).await.unwrap().0.starts_on,
        None
    );

    let coalition = actor(
        "eu-ai-champions",
        ActorKind::Coalition,
        vec![slug("mgx"), slug("france")],
    );
    db.insert_actor(&coalition).await.unwrap();
    assert_eq!(db.actor(&slug("eu-ai-champions")).await.unwrap(), coalition);
}
both_backends!(sources_events_and_actors_round_trip, reference_types);

async fn pledges_and_history(t: &TestDb) {
    let db = &t.db;
    store_references(db).await;
    let parent = full_pledge(
        "france-109bn",
        None,
        None,
        Deadline::Date {
            date: date(2030, 1, 1),
            precision: DatePrecision::Year,
        },
    );
    db.insert_pledge(&parent, at(2025, 2, 10)).await.unwrap();
    let child = full_pledge(
        "mgx-campus",
        Some("france-109bn"),
        Some("france-109bn"),
        Deadline::Relative {
            event: slug("next-summit"),
            text: title("by the next summit"),
        },
    );
    db.insert_pledge(&child, at(2025, 2, 10)).await.unwrap();

    let stored = db.pledge(&slug("france-109bn")).await.unwrap();
    assert_eq!(stored.pledge, parent);
    assert_eq!(stored.state, PledgeState::initial(&parent));
    assert_eq!(db.pledge(&slug("mgx-campus")).await.unwrap().pledge, child);

    // A follow-up touching every kind of change.
    let draft = Draft {
        author: "editor@example.org".into(),
        recorded_at: at(2025, 6, 1),
        occurred_on: date(2025, 5, 30),
        proposal: Proposal {
            delivery: Some(DeliveryStatus::InProgress),
            strength: Some(Strength::Formalised),
            progress: Some(Progress::parse("progress", 35).unwrap()),
            conditions: vec![(1, ConditionState::Met), (2, ConditionState::Failed)],
            contested: Some(false),
            money: vec![money(
                Stage::Disbursed,
                None,
                Some(("1.25", "2.50")),
                "GBP",
                "src-b",
            )],
        },
        note: Some(text("Contracts signed; <b>see</b> the journal.")),
        evidence: vec![
            evidence("https://example.org/journal?id=1&x=2"),
            // One with an archived copy: it comes back, and the other stays without.
            Evidence {
                archived_url: Some(
                    WebUrl::parse(
                        "url",
                        "https://web.archive.org/web/2025/https://example.org/press",
                    )
                    .unwrap(),
                ),
                ..evidence("https://example.org/press")
            },
        ],
    };
    let Recorded::New {
        follow_up: first, ..
    } = db
        .record_follow_up(&slug("france-109bn"), draft, Some("form-1"))
        .await
        .unwrap()
    else {
        panic!("first submission is new");
    };
    let second = Draft {
        author: "editor@example.org".into(),
        recorded_at: at(2025, 9, 1),
        occurred_on: date(2025, 8, 31),
        proposal: Proposal {
            delivery: Some(DeliveryStatus::Delivered),
            progress: Some(Progress::COMPLETE),
            ..Proposal::default()
        },
        note: None,
        evidence: vec![evidence("https://example.org/done")],
    };
    db.record_follow_up(&slug("france-109bn"), second, None)
        .await
        .unwrap();

    let history = db.history(&slug("france-109bn")).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].1, first);
    assert_eq!(history[0].1.changes.len(), 7);
    let derived = PledgeState::derive(&parent, history.iter().map(|(_, f)| f)).unwrap();
    let stored = db.pledge(&slug("france-109bn")).await.unwrap();
    assert_eq!(
        stored.state, derived,
        "the cached state is the state derived from history"
    );
    assert_eq!(stored.state.delivery, DeliveryStatus::Delivered);
    assert_eq!(stored.state.delivered_on, Some(date(2025, 8, 31)));
    assert_eq!(stored.state.money.len(), 5);
    assert_eq!(
        stored.pledge, parent,
        "the announcement itself never changes"
    );
    assert_eq!(
        db.parent_links().await.unwrap().get(&slug("mgx-campus")),
        Some(&slug("france-109bn"))
    );
}
both_backends!(pledges_and_follow_ups_round_trip, pledges_and_history);

async fn accounts(t: &TestDb) {
    let db = &t.db;
    let user = User {
        email: EmailAddress::parse("email", "Editor@Example.org").unwrap(),
        name: title("Ana Editor"),
        role: Role::Editor,
        password_hash: PasswordHash::parse(
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        )
        .unwrap(),
        disabled: false,
    };
    db.insert_user(&user, Utc::now()).await.unwrap();
    assert_eq!(db.user(&user.email).await.unwrap(), user);
    assert_eq!(db.users().await.unwrap(), vec![user]);

    for scope in [
        Scope::Everything,
        Scope::Theme(Theme::JobsAndSkills),
        Scope::Pledge(slug("france-109bn")),
    ] {
        let sub = Subscription::request(
            EmailAddress::parse("email", "reader@example.org").unwrap(),
            scope,
            Frequency::Weekly,
            vec![ChangeFilter::Deadlines, ChangeFilter::StatusChanges],
            TimeZoneName::parse("tz", "Europe/Paris").unwrap(),
        )
        .unwrap();
        let id = db.insert_subscription(&sub, Utc::now()).await.unwrap();
        assert_eq!(db.subscription(id).await.unwrap(), sub);
    }
}
both_backends!(users_and_subscriptions_round_trip, accounts);

async fn rates(t: &TestDb) {
    let db = &t.db;
    db.insert_source(&source("ecb-eurofxref", Verification::Verified))
        .await
        .unwrap();
    let files = persistence::seed::SeedFiles::builtin();
    let parsed = persistence::rates::parse_rates_csv(&files.rates_csv).unwrap();
    let data = persistence::seed::SeedData {
        sources: vec![],
        events: vec![],
        actors: vec![],
        pledges: vec![],
        follow_ups: vec![],
        rates: parsed.clone(),
    };
    let report = persistence::seed::load(db, &data, Utc::now())
        .await
        .unwrap();
    assert_eq!(report.rates, parsed.len());
    let table = db.rate_table().await.unwrap();
    assert_eq!(table.len(), parsed.len());
    assert!(table.source().contains("Example Press"));
    // Monday 10 February 2025: 1.032 USD per EUR (ECB); Sunday the 9th uses Friday the 7th.
    let usd = Currency::USD;
    assert_eq!(
        table.rate_on(usd, date(2025, 2, 10)).unwrap().1,
        Rate::parse("r", "1.032").unwrap()
    );
    assert_eq!(
        table.rate_on(usd, date(2025, 2, 9)).unwrap().0,
        date(2025, 2, 7)
    );
    let aed = Currency::parse("c", "AED").unwrap();
    assert_eq!(
        table.rate_on(aed, date(2025, 2, 10)).unwrap().1,
        Rate::parse("r", "3.79002").unwrap()
    );
}
both_backends!(the_rate_table_round_trips, rates);
