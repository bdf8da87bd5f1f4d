//! The summit seed data: loaded through the domain constructors, idempotent, all or
//! nothing, and saying what its sources say.

use chrono::Utc;
use domain::rollup::{PledgeMoney, total};
use domain::*;
use persistence::StoreError;
use persistence::diagnostics::row_counts;
use persistence::seed::{self, SeedFiles};
use pledgewatch_tests::fixtures::{date, slug};
use pledgewatch_tests::{TestDb, both_backends};

async fn seed_builtin(t: &TestDb) -> seed::SeedReport {
    let data = seed::parse(&SeedFiles::builtin()).expect("the shipped seed data parses");
    seed::load(&t.db, &data, Utc::now())
        .await
        .expect("seed loads")
}

async fn seeding_twice(t: &TestDb) {
    let first = seed_builtin(t).await;
    assert!(first.pledges >= 17 && first.rates > 9_000, "{first:?}");
    let after_first = row_counts(&t.db).await.unwrap();
    let slugs_first = t.db.pledge_slugs().await.unwrap();

    let second = seed_builtin(t).await;
    assert!(second.is_empty(), "a second seed adds nothing: {second:?}");
    assert_eq!(row_counts(&t.db).await.unwrap(), after_first);
    assert_eq!(t.db.pledge_slugs().await.unwrap(), slugs_first);
}
both_backends!(seeding_twice_leaves_the_same_rows, seeding_twice);

async fn bad_seed_writes_nothing(t: &TestDb) {
    let mut files = SeedFiles::builtin();
    // A pledge citing a source that does not exist, after many valid ones.
    files.pledges.push_str(
        "\n[[pledge]]\nslug = \"broken\"\ntitle = \"Broken\"\nsummary = \"x\"\nkind = \"fund\"\nannounced_on = \"2025-02-10\"\nstrength = \"floated\"\nsources = [\"no-such-source\"]\n",
    );
    let data =
        seed::parse(&files).expect("parses: the reference is only checked against the database");
    let err = seed::load(&t.db, &data, Utc::now()).await.unwrap_err();
    assert!(matches!(err, StoreError::MissingReference { .. }), "{err}");
    assert!(err.to_string().contains("no-such-source"));
    assert!(
        row_counts(&t.db).await.unwrap().values().all(|n| *n == 0),
        "nothing half-written"
    );

    let mut files = SeedFiles::builtin();
    files.pledges = files
        .pledges
        .replacen("amount = \"109000000000\"", "amount = \"-5\"", 1);
    let err = seed::parse(&files).unwrap_err().to_string();
    assert!(
        err.contains("pledges.toml")
            && err.contains("france-109bn-ai-investment")
            && err.contains("amount"),
        "{err}"
    );
}
both_backends!(a_bad_seed_is_refused_whole, bad_seed_writes_nothing);

async fn summit_facts(t: &TestDb) {
    seed_builtin(t).await;
    let db = &t.db;
    let links = db.parent_links().await.unwrap();
    let france = slug("france-109bn-ai-investment");
    let children: Vec<&Slug> = links
        .iter()
        .filter(|(_, p)| **p == france)
        .map(|(c, _)| c)
        .collect();
    assert_eq!(
        children.len(),
        6,
        "the €109bn is the parent of the six announced deals"
    );

    // Current AI: the report's €400m and the US$400m of other sources, side by side.
    let current = db
        .pledge(&slug("current-ai-public-interest-partnership"))
        .await
        .unwrap();
    let announced_400m: Vec<&MoneyFigure> = current
        .pledge
        .money()
        .iter()
        .filter(|f| {
            f.money.amount
                == Amount::Exact {
                    minor: 40_000_000_000,
                }
        })
        .collect();
    let currencies: Vec<&str> = announced_400m
        .iter()
        .map(|f| f.money.currency.code())
        .collect();
    assert!(
        currencies.contains(&"EUR") && currencies.contains(&"USD"),
        "{currencies:?}"
    );
    assert_ne!(announced_400m[0].source, announced_400m[1].source);

    // The UAE/MGX deal is a range.
    let mgx = db.pledge(&slug("uae-mgx-ai-campus-france")).await.unwrap();
    assert!(matches!(
        mgx.pledge.money()[0].money.amount,
        Amount::Range { .. }
    ));

    // Pledges resting on the secondary report alone are unverified; the others are not.
    let sources = db.sources().await.unwrap();
    let verified =
        |p: &Pledge| source::is_verified(sources.iter().filter(|s| p.sources().contains(&s.slug)));
    for only_report in [
        "international-ai-research-consortium",
        "ethical-ai-certification-program",
        "ai-policy-advisory-council",
        "global-ai-ethics-consortium",
    ] {
        let p = db.pledge(&slug(only_report)).await.unwrap().pledge;
        assert_eq!(p.sources(), &[slug("goover-paris-summit-report-2025")]);
        assert!(!verified(&p), "{only_report} rests on the report alone");
    }
    assert!(verified(&db.pledge(&france).await.unwrap().pledge));

    // Totals count the €109bn parent, never its children beside it.
    let rates = db.rate_table().await.unwrap();
    let mut records = Vec::new();
    for s in db.pledge_slugs().await.unwrap() {
        records.push(db.pledge(&s).await.unwrap());
    }
    let money: Vec<PledgeMoney> = records
        .iter()
        .map(|r| PledgeMoney {
            slug: r.pledge.slug(),
            parent: r.pledge.parent(),
            figures: &r.state.money,
        })
        .filter(|m| m.slug == &france || m.parent == Some(&france))
        .collect();
    let t_all = total(
        &money,
        |s| links.get(s),
        Stage::Announced,
        Currency::EUR,
        &rates,
    );
    assert_eq!(
        (t_all.min, t_all.max),
        (10_900_000_000_000, 10_900_000_000_000)
    );
    assert_eq!(t_all.counted, vec![france.clone()]);
    let t_children = total(
        &money[..]
            .iter()
            .filter(|m| m.slug != &france)
            .cloned()
            .collect::<Vec<_>>(),
        |s| links.get(s),
        Stage::Announced,
        Currency::EUR,
        &rates,
    );
    // €30–50bn + €20bn + €10bn + €2.3–6bn (Digital Realty's sources disagree: a range,
    // never their sum) + €3bn + €1.2bn.
    assert_eq!(
        (t_children.min, t_children.max),
        (6_650_000_000_000, 9_020_000_000_000)
    );

    // The Paris summit is dated, so deadlines relative to it resolve.
    let dates = db.event_dates().await.unwrap();
    assert_eq!(
        dates.get(&slug("paris-2025")),
        Some(&Some(date(2025, 2, 6)))
    );
}
both_backends!(
    the_seed_holds_the_summit_pledges_with_their_sources,
    summit_facts
);
