//! Rows shared by several pages (and by mail until it has its own view model): a pledge
//! in a table, a money figure, a follow-up with its changes and evidence, each in the
//! page's language; and the vocabulary labels, built once per language. Templates never
//! format money or dates themselves.

use domain::catalog::{Derived, PledgeSummary};
use domain::change_parts::{ChangeParts, Value};
use domain::locale;
use domain::{Change, Currency, FollowUp, MoneyFigure};
use i18n::{Lang, key, tr};
use persistence::feed::FollowUpEntry;
use serde::Serialize;
use std::sync::OnceLock;

/// The fields a correction of the record names: the pledge's lifecycle, and the fields of
/// its input form (`domain::input::PledgeInput`).
const EDIT_FIELDS: &[&str] = &[
    "created",
    "deleted",
    "restored",
    "slug",
    "title",
    "summary",
    "kind",
    "themes",
    "event",
    "announced_on",
    "strength",
    "parent",
    "supersedes",
    "contested",
    "sources",
    "quote",
    "actors",
    "deadline",
    "conditions",
    "money",
];

// A few dozen families of at most a dozen codes: scanning short lists of short strings
// costs less than hashing each key twice, and a list page labels every row this way.
type Table = Vec<(&'static str, Vec<(&'static str, [String; 2])>)>;

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

/// Every vocabulary's labels in both languages, formatted once: a page labels each of
/// its rows with a map lookup rather than a Fluent call.
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        use domain::*;
        let families: Vec<(&'static str, Vec<&'static str>)> = vec![
            (
                key("delivery-"),
                codes(DeliveryStatus::ALL, DeliveryStatus::code),
            ),
            (key("strength-"), codes(Strength::ALL, Strength::code)),
            (
                key("schedule-"),
                codes(ScheduleStatus::ALL, ScheduleStatus::code),
            ),
            (
                key("condition-"),
                codes(ConditionState::ALL, ConditionState::code),
            ),
            (
                key("pledge-kind-"),
                codes(PledgeKind::ALL, PledgeKind::code),
            ),
            (key("theme-"), codes(Theme::ALL, Theme::code)),
            (key("stage-"), codes(Stage::ALL, Stage::code)),
            (
                key("figure-kind-"),
                codes(FigureKind::ALL, FigureKind::code),
            ),
            (key("basis-"), codes(Basis::ALL, Basis::code)),
            (key("actor-role-"), codes(ActorRole::ALL, ActorRole::code)),
            (key("actor-kind-"), codes(ActorKind::ALL, ActorKind::code)),
            (key("event-kind-"), codes(EventKind::ALL, EventKind::code)),
            (key("tier-"), codes(SourceTier::ALL, SourceTier::code)),
            (
                key("verification-"),
                codes(Verification::ALL, Verification::code),
            ),
            (key("sort-"), codes(catalog::Sort::ALL, catalog::Sort::code)),
            (
                key("change-field-"),
                vec![
                    "delivery",
                    "strength",
                    "progress",
                    "condition",
                    "contested",
                    "money",
                ],
            ),
            (key("edit-field-"), EDIT_FIELDS.to_vec()),
            (
                key("badge-"),
                vec!["contested", "stale", "condition-pending", "unverified"],
            ),
        ];
        families
            .into_iter()
            .map(|(family, codes)| {
                let labels = codes
                    .into_iter()
                    .map(|code| {
                        let id = format!("{family}{code}");
                        (code, Lang::ALL.map(|lang| tr(lang, &id)))
                    })
                    .collect();
                (family, labels)
            })
            .collect()
    })
}

/// A vocabulary value's label: `label(lang, key("delivery-"), "in_progress")`. An unknown
/// code reads as itself.
pub fn label(lang: Lang, family: &'static str, code: &'static str) -> &'static str {
    lookup(lang, family, code).unwrap_or(code)
}

/// A label for a code only known at run time; None if the family has no such code.
pub fn lookup(lang: Lang, family: &'static str, code: &str) -> Option<&'static str> {
    let i = usize::from(lang == Lang::Fr);
    let (_, codes) = table().iter().find(|(f, _)| *f == family)?;
    codes
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| l[i].as_str())
}

/// A percentage: "40%" in English, "40 %" (a no-break space before the sign) in French.
pub fn percent(n: u8, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{n}%"),
        Lang::Fr => format!("{n}\u{a0}%"),
    }
}

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
    /// "40%" / "40 %".
    pub progress_label: Option<String>,
    pub announced: Option<String>,
    pub announced_on: String,
    pub contested: bool,
    pub stale: bool,
    pub condition_pending: bool,
    pub verified: bool,
    pub is_child: bool,
    /// The flags' badges (contested, stale, condition pending, unverified), in the
    /// page's language.
    pub flags: Vec<&'static str>,
}

pub fn pledge_row(p: &PledgeSummary, d: &Derived, currency: Currency, lang: Lang) -> PledgeRow {
    PledgeRow {
        slug: p.slug.to_string(),
        title: p.title.to_string(),
        kind: label(lang, key("pledge-kind-"), p.kind.code()),
        delivery: p.state.delivery.code(),
        delivery_label: label(lang, key("delivery-"), p.state.delivery.code()),
        strength: label(lang, key("strength-"), p.state.strength.code()),
        schedule: d.schedule.code(),
        schedule_label: label(lang, key("schedule-"), d.schedule.code()),
        due: d.due.map(|x| locale::date(x, lang)),
        progress: p.state.effective_progress().map(|x| x.percent()),
        progress_label: p
            .state
            .effective_progress()
            .map(|x| percent(x.percent(), lang)),
        announced: d
            .announced_minor
            .zip(d.announced_max_minor)
            .map(|(lo, hi)| locale::short_range(lo, hi, currency, lang)),
        announced_on: locale::date(p.announced_on, lang),
        contested: d.flags.contested,
        stale: d.flags.stale,
        condition_pending: d.flags.condition_pending,
        verified: p.verified,
        is_child: p.parent.is_some(),
        flags: [
            (d.flags.contested, "contested"),
            (d.flags.stale, "stale"),
            (d.flags.condition_pending, "condition-pending"),
            (!p.verified, "unverified"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, code)| label(lang, key("badge-"), code))
        .collect(),
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

pub fn figure_view(
    f: &MoneyFigure,
    rates: &domain::RateTable,
    to: Currency,
    lang: Lang,
) -> FigureView {
    let converted = (f.money.currency != to)
        .then(|| rates.convert(f.money, to, f.value_date).ok())
        .flatten()
        .map(|c| {
            let rate_day = c
                .from_rate_date
                .or(c.to_rate_date)
                .map(|d| locale::date(d, lang))
                .unwrap_or_default();
            i18n::tr_args(
                lang,
                key("figure-converted"),
                &[
                    ("amount", locale::money_short(&c.money, lang).into()),
                    ("day", rate_day.into()),
                ],
            )
        });
    FigureView {
        // An aim is not a stage money reached: it reads as what it is, in place of one.
        stage: if f.counts() {
            label(lang, key("stage-"), f.stage.code())
        } else {
            label(lang, key("figure-kind-"), f.kind.code())
        },
        amount: locale::money_exact(&f.money, lang),
        amount_short: locale::money_short(&f.money, lang),
        value_date: locale::date(f.value_date, lang),
        basis: label(lang, key("basis-"), f.basis.code()),
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

/// A changed value for people, in `lang`: "In progress", "40 %", "oui", or a figure
/// "Committed: €123,456.00 (source)".
fn value_label(v: Value<'_>, condition: Option<u16>, lang: Lang) -> String {
    let text = match v {
        Value::Delivery(s) => label(lang, key("delivery-"), s.code()).to_owned(),
        Value::Strength(s) => label(lang, key("strength-"), s.code()).to_owned(),
        Value::Condition(s) => label(lang, key("condition-"), s.code()).to_owned(),
        Value::Progress(p) => percent(p.percent(), lang),
        Value::Contested(b) => tr(
            lang,
            if b {
                key("change-yes")
            } else {
                key("change-no")
            },
        ),
        Value::Money(f) => format!(
            "{}{} {} ({})",
            label(lang, key("stage-"), f.stage.code()),
            if lang == Lang::Fr { "\u{a0}:" } else { ":" },
            locale::money_exact(&f.money, lang),
            f.source
        ),
    };
    match condition {
        Some(n) if lang == Lang::Fr => format!("{n}\u{a0}: {text}"),
        Some(n) => format!("{n}: {text}"),
        None => text,
    }
}

/// The parts of a change written for people in `lang`: its field, and the values before
/// and after.
pub fn change_view_of(parts: &ChangeParts<'_>, lang: Lang) -> ChangeView {
    ChangeView {
        field: label(lang, key("change-field-"), parts.field),
        from: parts.from.map(|v| value_label(v, parts.condition, lang)),
        to: value_label(parts.to, parts.condition, lang),
    }
}

pub fn change_view(c: &Change, lang: Lang) -> ChangeView {
    change_view_of(&c.parts(), lang)
}

/// "Delivery: Announced only → In progress", for the feeds.
pub fn change_line(c: &Change, lang: Lang) -> String {
    let v = change_view(c, lang);
    let colon = if lang == Lang::Fr { "\u{a0}:" } else { ":" };
    match v.from {
        Some(from) => format!("{}{colon} {from} → {}", v.field, v.to),
        None => format!("{}{colon} {}", v.field, v.to),
    }
}

#[derive(Serialize)]
pub struct EvidenceView {
    pub url: String,
    pub title: String,
    pub publisher: Option<String>,
    pub tier: &'static str,
    /// Where an archived copy is kept; the page offers it beside the original.
    pub archived_url: Option<String>,
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

/// When a follow-up or an edit was recorded: "2025-02-11 14:05 UTC" / "11 février 2025
/// à 14 h 05 UTC".
pub fn recorded_at(at: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    match lang {
        Lang::En => at.format("%Y-%m-%d %H:%M UTC").to_string(),
        Lang::Fr => format!(
            "{} à {} UTC",
            locale::date(at.date_naive(), lang),
            at.format("%H h %M")
        ),
    }
}

pub fn follow_up_view(
    id: i32,
    pledge: &str,
    pledge_title: &str,
    f: &FollowUp,
    lang: Lang,
) -> FollowUpView {
    FollowUpView {
        id,
        pledge: pledge.to_owned(),
        pledge_title: pledge_title.to_owned(),
        author: f.author.clone(),
        occurred_on: locale::date(f.occurred_on, lang),
        recorded_at: recorded_at(f.recorded_at, lang),
        note: f.note.as_ref().map(ToString::to_string),
        changes: f.changes.iter().map(|c| change_view(c, lang)).collect(),
        evidence: f
            .evidence
            .iter()
            .map(|e| EvidenceView {
                url: e.url.as_str().to_owned(),
                title: e.title.to_string(),
                publisher: e.publisher.as_ref().map(ToString::to_string),
                tier: label(lang, key("tier-"), e.tier.code()),
                archived_url: e.archived_url.as_ref().map(|u| u.as_str().to_owned()),
                health: None,
            })
            .collect(),
    }
}

pub fn entry_view(e: &FollowUpEntry, lang: Lang) -> FollowUpView {
    follow_up_view(e.id, e.pledge.as_str(), &e.pledge_title, &e.follow_up, lang)
}
