//! What mail says in the subscriber's language, built in Rust where a template cannot:
//! what a scope is called, why a digest was sent, its one-line summary, and a change's
//! field and values. Vocabulary comes from the catalogue's families (`delivery-<code>`…),
//! dates and money from `domain::locale`.

use domain::change_parts::Value;
use domain::digest::{DeadlineNews, Digest};
use domain::locale::{self, Lang};
use domain::{Change, ChangeFilter, Frequency, Scope, Subscription};
use i18n::{key, tr, tr_args};

/// A label of a vocabulary family: `family` is the id prefix (`key("delivery-")`).
pub fn label(lang: Lang, family: &str, code: &str) -> String {
    tr(lang, &format!("{family}{code}"))
}

/// What a scope is called in a sentence: "the theme Investment", "l’engagement x".
pub fn scope_label(scope: &Scope, lang: Lang) -> String {
    match scope {
        Scope::Everything => tr(lang, "mail-scope-everything"),
        Scope::Theme(t) => {
            let name = label(lang, key("theme-"), t.code());
            tr_args(lang, "mail-scope-theme", &[("name", name.into())])
        }
        Scope::Actor(a) => tr_args(lang, "mail-scope-actor", &[("name", a.as_str().into())]),
        Scope::Pledge(p) => tr_args(lang, "mail-scope-pledge", &[("name", p.as_str().into())]),
        Scope::Event(e) => tr_args(lang, "mail-scope-event", &[("name", e.as_str().into())]),
    }
}

/// Which changes a subscription asked for, as the end of the "why" sentence. Every
/// follow-up includes the status changes, so they are not named beside it.
fn changes_phrase(changes: &[ChangeFilter], lang: Lang) -> String {
    let every = changes.contains(&ChangeFilter::EveryFollowUp);
    let status = changes.contains(&ChangeFilter::StatusChanges);
    let deadlines = changes.contains(&ChangeFilter::Deadlines);
    match (every, status, deadlines) {
        (true, _, false) => tr(lang, "mail-why-every"),
        (true, _, true) => tr(lang, "mail-why-every-deadlines"),
        (false, true, false) => tr(lang, "mail-why-status"),
        (false, true, true) => tr(lang, "mail-why-status-deadlines"),
        (false, false, _) => tr(lang, "mail-why-deadlines"),
    }
}

/// "You get this weekly digest because you follow the theme Investment, all
/// follow-ups."
pub fn why(sub: &Subscription) -> String {
    let lang = sub.lang;
    let frequency = match sub.frequency {
        Frequency::Daily => "daily",
        Frequency::Weekly => "weekly",
    };
    tr_args(
        lang,
        "mail-digest-why",
        &[
            ("frequency", frequency.into()),
            ("scope", scope_label(&sub.scope, lang).into()),
            ("changes", changes_phrase(&sub.changes, lang).into()),
        ],
    )
}

/// What a digest holds in one line: "5 changes on 3 pledges; 2 deadlines in the next 30
/// days". `changes` counts every follow-up, shown or not.
pub fn summary(digest: &Digest, changes: usize, lang: Lang) -> String {
    let mut parts = Vec::new();
    if changes > 0 {
        parts.push(tr_args(
            lang,
            "mail-summary-changes",
            &[
                ("changes", changes.into()),
                ("pledges", digest.pledges.len().into()),
            ],
        ));
    }
    let count = |news| digest.deadlines.iter().filter(|d| d.news == news).count();
    let soon = count(DeadlineNews::DueSoon);
    if soon > 0 {
        parts.push(tr_args(lang, "mail-summary-soon", &[("n", soon.into())]));
    }
    let overdue = count(DeadlineNews::NewlyOverdue);
    if overdue > 0 {
        parts.push(tr_args(
            lang,
            "mail-summary-overdue",
            &[("n", overdue.into())],
        ));
    }
    parts.join(&tr(lang, "mail-summary-sep"))
}

/// A value a change reads or writes, for people.
fn value(v: Value<'_>, lang: Lang) -> String {
    match v {
        Value::Delivery(d) => label(lang, key("delivery-"), d.code()),
        Value::Strength(s) => label(lang, key("strength-"), s.code()),
        Value::Condition(c) => label(lang, key("condition_state-"), c.code()),
        Value::Progress(p) => tr_args(
            lang,
            "mail-percent",
            &[("n", i64::from(p.percent()).into())],
        ),
        Value::Contested(true) => tr(lang, "mail-yes"),
        Value::Contested(false) => tr(lang, "mail-no"),
        Value::Money(f) => format!(
            "{}{} {} ({})",
            label(lang, key("stage-"), f.stage.code()),
            tr(lang, "mail-colon"),
            locale::money_exact(&f.money, lang),
            f.source
        ),
    }
}

/// A change as `(field, from, to)`: "Delivery", "Announced only", "In progress".
pub fn change(c: &Change, lang: Lang) -> (String, Option<String>, String) {
    let parts = c.parts();
    let field = tr_args(
        lang,
        &format!("{}{}", key("mail-change-"), parts.field),
        &[("n", i64::from(parts.condition.unwrap_or(0)).into())],
    );
    (
        field,
        parts.from.map(|v| value(v, lang)),
        value(parts.to, lang),
    )
}

/// The news about one deadline: "due on 11 février 2025".
pub fn deadline_news(news: DeadlineNews, due: chrono::NaiveDate, lang: Lang) -> String {
    let date = locale::date(due, lang);
    match news {
        DeadlineNews::DueSoon => tr_args(lang, "mail-digest-due-soon", &[("date", date.into())]),
        DeadlineNews::NewlyOverdue => {
            tr_args(lang, "mail-digest-overdue", &[("date", date.into())])
        }
    }
}
