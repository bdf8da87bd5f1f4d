//! View models: domain values turned into what templates show (labels, formatted money,
//! links), and the render calls. Templates never format money themselves.

use crate::format;
use domain::catalog::{Catalog, Derived, PledgeSummary};
use domain::dashboard::Dashboard;
use domain::{Change, Currency, FollowUp, MoneyFigure};
use persistence::feed::FollowUpEntry;
use serde::Serialize;
use tera::{Context, Tera};

#[derive(Serialize)]
pub struct PledgeRow {
    pub slug: String,
    pub title: String,
    pub kind: &'static str,
    pub delivery: &'static str,
    pub delivery_label: &'static str,
    pub strength: &'static str,
    pub schedule: &'static str,
    pub schedule_label: &'static str,
    pub due: Option<String>,
    pub progress: Option<u8>,
    pub announced: Option<String>,
    pub announced_on: String,
    pub contested: bool,
    pub stale: bool,
    pub condition_pending: bool,
    pub verified: bool,
    pub is_child: bool,
}

pub fn pledge_row(p: &PledgeSummary, d: &Derived, currency: Currency) -> PledgeRow {
    PledgeRow {
        slug: p.slug.to_string(),
        title: p.title.to_string(),
        kind: p.kind.label(),
        delivery: p.state.delivery.code(),
        delivery_label: p.state.delivery.label(),
        strength: p.state.strength.label(),
        schedule: d.schedule.code(),
        schedule_label: d.schedule.label(),
        due: d.due.map(|x| x.to_string()),
        progress: p.state.effective_progress().map(|x| x.percent()),
        announced: d
            .announced_minor
            .zip(d.announced_max_minor)
            .map(|(lo, hi)| format::short_range(lo, hi, currency)),
        announced_on: p.announced_on.to_string(),
        contested: d.flags.contested,
        stale: d.flags.stale,
        condition_pending: d.flags.condition_pending,
        verified: p.verified,
        is_child: p.parent.is_some(),
    }
}

#[derive(Serialize)]
pub struct FigureView {
    pub stage: &'static str,
    pub amount: String,
    pub amount_short: String,
    pub value_date: String,
    pub basis: &'static str,
    pub source: String,
    pub note: Option<String>,
    pub converted: Option<String>,
}

/// Fundraising aims across the tracker, totalled apart from money announced (with the
/// same rules: a parent's aim hides its children's), for the money page; None without any.
pub fn aims_total(catalog: &domain::catalog::Catalog) -> Option<serde_json::Value> {
    use domain::rollup::{PledgeMoney, total_of};
    let money: Vec<PledgeMoney> = catalog
        .summaries()
        .map(|p| PledgeMoney {
            slug: &p.slug,
            parent: p.parent.as_ref(),
            figures: &p.state.money,
        })
        .collect();
    let parent_of = |s: &domain::Slug| catalog.get(s).and_then(|(p, _)| p.parent.as_ref());
    let t = total_of(
        &money,
        parent_of,
        domain::Stage::Announced,
        domain::FigureKind::Aim,
        catalog.currency(),
        catalog.rates(),
    );
    (!t.counted.is_empty()).then(|| {
        serde_json::json!({
            "amount": format::short_range(t.min, t.max, t.currency),
            "pledges": t.counted.iter().map(ToString::to_string).collect::<Vec<_>>(),
        })
    })
}

/// Whether the sources of a pledge disagree on the amount announced: two or more figures
/// that are not the same amount. Readers are told so beside the figures, which stay one
/// per source, never averaged or added.
pub fn sources_disagree(figures: &[MoneyFigure]) -> bool {
    let amounts: Vec<_> = figures
        .iter()
        .filter(|f| f.stage == domain::Stage::Announced && f.counts())
        .map(|f| f.money)
        .collect();
    amounts.iter().any(|m| *m != amounts[0])
}

pub fn figure_view(f: &MoneyFigure, rates: &domain::RateTable, to: Currency) -> FigureView {
    let converted = (f.money.currency != to)
        .then(|| rates.convert(f.money, to, f.value_date).ok())
        .flatten()
        .map(|c| {
            let rate_day = c
                .from_rate_date
                .or(c.to_rate_date)
                .map(|d| d.to_string())
                .unwrap_or_default();
            format!(
                "≈ {} at the ECB rate of {rate_day}",
                format::money_short(&c.money)
            )
        });
    FigureView {
        // An aim is not a stage money reached: it reads as what it is, in place of one.
        stage: if f.counts() {
            f.stage.label()
        } else {
            f.kind.label()
        },
        amount: format::money_exact(&f.money),
        amount_short: format::money_short(&f.money),
        value_date: f.value_date.to_string(),
        basis: f.basis.label(),
        source: f.source.to_string(),
        note: f.note.as_ref().map(ToString::to_string),
        converted,
    }
}

#[derive(Serialize)]
pub struct ChangeView {
    pub field: &'static str,
    pub from: Option<String>,
    pub to: String,
}

pub fn change_view(c: &Change) -> ChangeView {
    let (field, from, to) = match c {
        Change::Delivery { from, to } => (
            "Delivery",
            Some(from.label().to_owned()),
            to.label().to_owned(),
        ),
        Change::Strength { from, to } => (
            "Strength",
            Some(from.label().to_owned()),
            to.label().to_owned(),
        ),
        Change::Progress { from, to } => (
            "Progress",
            from.map(|p| format!("{}%", p.percent())),
            format!("{}%", to.percent()),
        ),
        Change::Condition { number, from, to } => (
            "Condition",
            Some(format!("{number}: {}", from.label())),
            format!("{number}: {}", to.label()),
        ),
        Change::Contested { from, to } => (
            "Contested",
            Some(if *from { "yes" } else { "no" }.to_owned()),
            if *to { "yes" } else { "no" }.to_owned(),
        ),
        Change::Money { figure } => (
            "Money",
            None,
            format!(
                "{}: {} ({})",
                figure.stage.label(),
                format::money_exact(&figure.money),
                figure.source
            ),
        ),
    };
    ChangeView { field, from, to }
}

#[derive(Serialize)]
pub struct EvidenceView {
    pub url: String,
    pub title: String,
    pub publisher: Option<String>,
    pub tier: &'static str,
    /// What the link checker last found, where it is worth a reader's notice (gone,
    /// changed since cited, not reached); set by the pledge page.
    pub health: Option<domain::link_health::LinkHealth>,
}

#[derive(Serialize)]
pub struct FollowUpView {
    pub id: i32,
    pub pledge: String,
    pub pledge_title: String,
    pub author: String,
    pub occurred_on: String,
    pub recorded_at: String,
    pub note: Option<String>,
    pub changes: Vec<ChangeView>,
    pub evidence: Vec<EvidenceView>,
}

pub fn follow_up_view(id: i32, pledge: &str, pledge_title: &str, f: &FollowUp) -> FollowUpView {
    FollowUpView {
        id,
        pledge: pledge.to_owned(),
        pledge_title: pledge_title.to_owned(),
        author: f.author.clone(),
        occurred_on: f.occurred_on.to_string(),
        recorded_at: f.recorded_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        note: f.note.as_ref().map(ToString::to_string),
        changes: f.changes.iter().map(change_view).collect(),
        evidence: f
            .evidence
            .iter()
            .map(|e| EvidenceView {
                url: e.url.as_str().to_owned(),
                title: e.title.to_string(),
                publisher: e.publisher.as_ref().map(ToString::to_string),
                tier: e.tier.label(),
                health: None,
            })
            .collect(),
    }
}

pub fn entry_view(e: &FollowUpEntry) -> FollowUpView {
    follow_up_view(e.id, e.pledge.as_str(), &e.pledge_title, &e.follow_up)
}

#[derive(Serialize)]
struct MoneyRow {
    stage: &'static str,
    label: &'static str,
    total: String,
    exact: String,
    pledges_counted: usize,
    unconverted: usize,
    bar: u32,
}

/// Renders the dashboard once per snapshot.
pub fn render_dashboard(
    templates: &Tera,
    catalog: &Catalog,
    d: &Dashboard,
    latest: &[FollowUpEntry],
) -> anyhow::Result<String> {
    let currency = catalog.currency();
    let largest = d.money.iter().map(|m| m.max).max().unwrap_or(0).max(1);
    let money: Vec<MoneyRow> = d
        .money
        .iter()
        .map(|m| MoneyRow {
            stage: m.stage,
            label: m.label,
            total: format::short_range(m.min, m.max, currency),
            exact: if m.min == m.max {
                format::exact(m.min, currency)
            } else {
                format!(
                    "{} to {}",
                    format::exact(m.min, currency),
                    format::exact(m.max, currency)
                )
            },
            pledges_counted: m.pledges_counted,
            unconverted: m.unconverted,
            bar: u32::try_from(i128::from(m.max) * 100 / i128::from(largest)).unwrap_or(100),
        })
        .collect();
    let groups = |gs: &[domain::dashboard::Group]| -> Vec<serde_json::Value> {
        gs.iter()
            .map(|g| {
                serde_json::json!({
                    "slug": g.slug, "name": g.name, "pledges": g.pledges, "delivered": g.delivered,
                    "in_progress": g.in_progress, "overdue": g.overdue,
                    "announced": format::short(g.announced_minor, currency),
                })
            })
            .collect()
    };
    let mut ctx = Context::new();
    ctx.insert("d", d);
    ctx.insert("money", &money);
    ctx.insert("by_theme", &groups(&d.by_theme));
    ctx.insert("by_actor", &groups(&d.by_actor));
    ctx.insert("by_event", &groups(&d.by_event));
    ctx.insert(
        "progress_by_money_basis",
        &format::short(d.progress_by_money_basis, currency),
    );
    ctx.insert("latest", &latest.iter().map(entry_view).collect::<Vec<_>>());
    ctx.insert("nav", "dashboard");
    Ok(templates.render("dashboard.html", &ctx)?)
}

/// Escapes text for HTML content and quoted attributes, as Tera's autoescape does.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2F;"),
            _ => out.push(c),
        }
    }
    out
}

/// `<datalist id="actor-list">` with every actor, escaped; shown with `| safe`.
pub fn actor_datalist(actors: &[domain::Actor]) -> String {
    let mut out = String::from("<datalist id=\"actor-list\">");
    for a in actors {
        out.push_str(&format!(
            "<option value=\"{}\">{}</option>",
            escape_html(a.slug.as_str()),
            escape_html(a.name.as_str())
        ));
    }
    out.push_str("</datalist>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn datalist_escapes_names() {
        let actor = domain::Actor::new(
            domain::Slug::parse("s", "x").unwrap(),
            domain::Title::parse("t", "<script>\"a\" & 'b'</script>").unwrap(),
            domain::ActorKind::Company,
            None,
            vec![],
        )
        .unwrap();
        let html = super::actor_datalist(&[actor]);
        assert!(!html.contains("<script>"));
        assert!(
            html.contains("&lt;script&gt;&quot;a&quot; &amp; &#x27;b&#x27;&lt;&#x2F;script&gt;")
        );
    }
}
