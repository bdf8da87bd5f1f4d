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
        key("mail-digest-why"),
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
            key("mail-summary-changes"),
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
            key("mail-summary-overdue"),
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
        Value::Condition(c) => label(lang, key("condition-"), c.code()),
        Value::Progress(p) => tr_args(
            lang,
            key("mail-percent"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use domain::digest::{DeadlineNotice, DigestPledge};
    use domain::{EmailAddress, Slug, Theme, TimeZoneName};

    fn digest(pledges: usize, soon: usize, overdue: usize) -> Digest {
        let slug = |i: usize| Slug::parse("slug", &format!("p-{i}")).unwrap();
        let on = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let notice = |i, news| DeadlineNotice {
            slug: slug(i),
            title: format!("P {i}"),
            due: on,
            news,
        };
        Digest {
            pledges: (0..pledges)
                .map(|i| DigestPledge {
                    slug: slug(i),
                    title: format!("P {i}"),
                    follow_ups: Vec::new(),
                    replies: Vec::new(),
                })
                .collect(),
            deadlines: (0..soon)
                .map(|i| notice(i, DeadlineNews::DueSoon))
                .chain((0..overdue).map(|i| notice(i, DeadlineNews::NewlyOverdue)))
                .collect(),
            after: 0,
            upto: 1,
        }
    }

    #[test]
    fn the_summary_counts_with_each_language_s_plurals() {
        let cases = [
            (
                digest(3, 2, 0),
                5,
                Lang::En,
                "5 changes on 3 pledges; 2 deadlines in the next 30 days",
            ),
            (
                digest(3, 2, 0),
                5,
                Lang::Fr,
                "5\u{a0}changements sur 3\u{a0}engagements\u{a0}; 2\u{a0}échéances dans les 30 prochains jours",
            ),
            (
                digest(1, 0, 1),
                1,
                Lang::En,
                "1 change on 1 pledge; 1 deadline newly missed",
            ),
            (
                digest(1, 0, 1),
                1,
                Lang::Fr,
                "1\u{a0}changement sur 1\u{a0}engagement\u{a0}; 1\u{a0}échéance tout juste dépassée",
            ),
            (
                digest(0, 1, 0),
                0,
                Lang::En,
                "1 deadline in the next 30 days",
            ),
        ];
        for (d, changes, lang, expected) in cases {
            assert_eq!(summary(&d, changes, lang), expected);
        }
    }

    #[test]
    fn why_names_the_scope_the_frequency_and_the_changes() {
        let mut sub = Subscription::request(
            EmailAddress::parse("email", "a@example.org").unwrap(),
            Scope::Theme(Theme::Investment),
            Frequency::Weekly,
            vec![ChangeFilter::EveryFollowUp],
            TimeZoneName::parse("time_zone", "UTC").unwrap(),
        )
        .unwrap();
        assert_eq!(
            why(&sub),
            "You get this weekly digest because you follow the theme Investment, all follow-ups."
        );
        sub = sub.in_language(Lang::Fr);
        assert_eq!(
            why(&sub),
            "Vous recevez ce résumé hebdomadaire parce que vous suivez le thème Investissement\u{a0}: toutes les mises à jour."
        );
        sub.frequency = Frequency::Daily;
        sub.scope = Scope::Everything;
        sub.changes = vec![ChangeFilter::StatusChanges, ChangeFilter::Deadlines];
        assert_eq!(
            why(&sub),
            "Vous recevez ce résumé quotidien parce que vous suivez tous les engagements\u{a0}: les changements de statut et les échéances."
        );
        sub.lang = Lang::En;
        assert_eq!(
            why(&sub),
            "You get this daily digest because you follow every pledge, status changes and deadlines."
        );
    }
}
