//! Evidence health in the application: one check of every
//! cited address (for `pledgewatch links check` and for `serve`'s schedule), and the
//! evidence-health line the dashboard shows.

use crate::config::LinkSettings;
use domain::link_health::{LinkHealth, LinkOutcome};
use persistence::Db;

/// The User-Agent every check sends: the program, its version, and where the tracker
/// that is asking can be read about.
pub fn user_agent(public_url: &str) -> String {
    format!(
        "pledgewatch-linkcheck/{} (+{public_url})",
        env!("CARGO_PKG_VERSION")
    )
}

/// What one pass found, by health.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub checked: usize,
    pub live: usize,
    pub changed: usize,
    pub gone: usize,
    pub failing: usize,
    pub refused: usize,
}

/// Checks every cited address (those starting with `only`, when given) and records what
/// each answered.
pub async fn check_once(
    db: &Db,
    settings: &LinkSettings,
    public_url: &str,
    only: Option<&str>,
) -> anyhow::Result<CheckReport> {
    let mut policy = linkcheck::Policy::new(user_agent(public_url));
    policy.timeout = settings.timeout;
    policy.per_host_interval = settings.host_pause;
    policy.allow_private = settings.allow_private;
    let checker = linkcheck::Checker::new(policy)?;
    let urls: Vec<String> = db
        .cited_urls()
        .await?
        .into_iter()
        .filter(|u| only.is_none_or(|prefix| u.starts_with(prefix)))
        .collect();
    let checks = checker.check_all(urls).await;
    let mut report = CheckReport {
        checked: checks.len(),
        refused: checks
            .iter()
            .filter(|c| c.outcome == LinkOutcome::Refused)
            .count(),
        ..CheckReport::default()
    };
    let urls: Vec<String> = checks.iter().map(|c| c.url.clone()).collect();
    db.record_link_checks(checks).await?;
    for record in db.link_records(&urls).await?.values() {
        match record.health() {
            LinkHealth::Live => report.live += 1,
            LinkHealth::Changed => report.changed += 1,
            LinkHealth::Gone => report.gone += 1,
            LinkHealth::Failing => report.failing += 1,
        }
    }
    Ok(report)
}

/// Checks every cited address now and then every `settings.every` until the task is
/// dropped; none when the schedule is off. A failed pass is logged and tried again at
/// the next tick.
pub fn spawn(
    db: Db,
    settings: LinkSettings,
    public_url: String,
) -> Option<tokio::task::JoinHandle<()>> {
    let every = settings.every?;
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match check_once(&db, &settings, &public_url, None).await {
                Ok(r) => tracing::info!(
                    checked = r.checked,
                    gone = r.gone,
                    changed = r.changed,
                    failing = r.failing,
                    "evidence links checked"
                ),
                Err(e) => {
                    tracing::warn!(
                        error = format!("{e:#}"),
                        "the evidence link check failed; trying again at the next pass"
                    )
                }
            }
        }
    }))
}

/// Where the dashboard's evidence-health line goes: the dashboard is cached with the
/// change log's snapshot, while link checks change without an entry in the log, so the
/// line is rendered apart and put in at this marker.
pub const DASHBOARD_MARKER: &str = "<!-- evidence-health -->";

/// The dashboard with its evidence-health line, once a check has been recorded.
pub async fn dashboard_with_health(
    state: &crate::state::AppState,
    dashboard: &[u8],
) -> crate::error::PageResult<axum::body::Bytes> {
    let at_risk = state.db.pledges_resting_on_evidence_at_risk().await?;
    let mut ctx = tera::Context::new();
    // In the request's language: the dashboard it goes into is cached per language.
    ctx.insert("lang", crate::locale::current().lang.code());
    ctx.insert("at_risk", &at_risk.len());
    ctx.insert(
        "pledges",
        &at_risk.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
    );
    let line = state.templates.render("links_dashboard.html", &ctx)?;
    let html = String::from_utf8_lossy(dashboard).replacen(DASHBOARD_MARKER, &line, 1);
    Ok(html.into())
}

/// Marks each piece of evidence on a timeline with its address's health, where a reader
/// should know (anything but live, and nothing where no check was recorded).
pub async fn mark_evidence(
    db: &Db,
    timeline: &mut [crate::views::FollowUpView],
) -> persistence::StoreResult<()> {
    let urls: Vec<String> = timeline
        .iter()
        .flat_map(|f| f.evidence.iter().map(|e| e.url.clone()))
        .collect();
    if urls.is_empty() {
        return Ok(());
    }
    let records = db.link_records(&urls).await?;
    for e in timeline.iter_mut().flat_map(|f| f.evidence.iter_mut()) {
        e.health = records
            .get(&e.url)
            .map(|r| r.health())
            .filter(|h| *h != LinkHealth::Live);
    }
    Ok(())
}
