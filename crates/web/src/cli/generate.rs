//! `pledgewatch generate`: fills an empty database with a synthetic tracker (and the real
//! exchange rates, so totals convert), for benchmarks.

use crate::config::Settings;
use persistence::Db;

pub async fn generate(
    db: &Db,
    settings: &Settings,
    spec: &crate::synthetic::Spec,
) -> anyhow::Result<()> {
    if !persistence::seed::is_empty(db).await? {
        anyhow::bail!(
            "generate needs an empty database; {} already holds pledges",
            settings.database_url_for_logs()
        );
    }
    let started = std::time::Instant::now();
    let data = crate::synthetic::generate(spec)?;
    let history: usize = data.pledges.iter().map(|p| p.history.len()).sum();
    persistence::bulk::load(
        db,
        &data.sources,
        &data.actors,
        &data.events,
        &data.pledges,
        chrono::Utc::now(),
    )
    .await?;
    // The rate table, so that totals convert.
    let rates = persistence::seed::parse(&persistence::seed::SeedFiles::builtin())?;
    let only_rates = persistence::seed::SeedData {
        sources: rates
            .sources
            .into_iter()
            .filter(|s| s.slug.as_str() == persistence::rates::ECB_SOURCE_SLUG)
            .collect(),
        events: vec![],
        actors: vec![],
        pledges: vec![],
        follow_ups: vec![],
        rates: rates.rates,
    };
    persistence::seed::load(db, &only_rates, chrono::Utc::now()).await?;
    println!(
        "generated {} pledges, {history} follow-ups, {} actors in {:.1} s",
        data.pledges.len(),
        data.actors.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
