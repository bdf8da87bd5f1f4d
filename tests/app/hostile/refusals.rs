//! Refused input, exactly: each case gives one field of a form a bad value and names the
//! field the page must show the error at and the message it must show there. Also the
//! helpers that read a field's error out of a form page, which the hostile sweep uses.

use super::FL;
use domain::Role;
use pledgewatch_tests::{Browser, TestApp, hidden};

/// The status of a refused form. The forms answer 422 today; if the unified form errors
/// settle on another code for a refusal, change it here.
pub const REFUSED: u16 = 422;

/// Where a form page shows a field's error.
#[derive(Clone, Copy, Debug)]
pub enum Shown {
    /// Beside the field's control, in the `<div>` that holds `name="…"` (every form,
    /// the account forms included).
    At(&'static str),
}

/// The message shown beside the control named `field`: the `class="error"` element in
/// the `<div>` that holds the control, unescaped and trimmed.
pub fn error_at(html: &str, field: &str) -> Option<String> {
    let control = html.find(&format!(" name=\"{field}\""))?;
    let start = html[..control].rfind("<div")?;
    let end = control + html[control..].find("</div>")?;
    let cell = &html[start..end];
    let span = cell.find("class=\"error\"")?;
    let text = &cell[span..];
    let text = &text[text.find('>')? + 1..];
    Some(unescape(&text[..text.find("</span>")?]))
}

/// The text of an escaped message, entities decoded, trimmed.
fn unescape(s: &str) -> String {
    pledgewatch_tests::french::decode(s).trim().to_owned()
}

pub fn shown(html: &str, at: Shown) -> Option<String> {
    match at {
        Shown::At(field) => error_at(html, field),
    }
}

/// One refusal: `field` set to `value` on top of the form's valid base submission.
struct Refusal {
    path: &'static str,
    field: &'static str,
    value: String,
    /// Fields set beside the bad one, so that only the bad one is wrong.
    with: &'static [(&'static str, &'static str)],
    at: Shown,
    message: String,
}

const SLUG_RULE: &str = "is not valid: use lowercase letters, digits and single hyphens";
const NOT_A_DATE: &str = "is not valid: \"soon\" is not a date in the form YYYY-MM-DD";

fn refusals() -> Vec<Refusal> {
    let fu: &'static str = Box::leak(format!("/pledges/{FL}/follow-up").into_boxed_str());
    let case = |path, field, value: &str, at, message: &str| Refusal {
        path,
        field,
        value: value.to_owned(),
        with: &[],
        at,
        message: message.to_owned(),
    };
    let slug = |path, field: &'static str| {
        let message = format!("{field} {SLUG_RULE}");
        case(path, field, "Not A Slug", Shown::At(field), &message)
    };
    let date = |path, field: &'static str, label: &str| {
        let message = format!("{label} {NOT_A_DATE}");
        case(path, field, "soon", Shown::At(field), &message)
    };
    let long = |path, field: &'static str, label: &str, max: usize| {
        let message = format!("{label} is too long: {} characters, at most {max}", max + 1);
        case(
            path,
            field,
            &"x".repeat(max + 1),
            Shown::At(field),
            &message,
        )
    };
    let unknown = |path, field: &'static str, expected: &str| {
        let message = format!("{field}: unknown value \"zzz\"; expected one of {expected}");
        case(path, field, "zzz", Shown::At(field), &message)
    };
    let deliveries = "not_yet_assessed announced_only in_progress stalled partially_delivered \
                      delivered not_delivered withdrawn superseded unverifiable";
    let strengths = "floated announced formalised binding";
    let evidence = &[("evidence_title_1", "A report")];
    vec![
        // The follow-up form.
        date(fu, "occurred_on", "occurred_on"),
        unknown(fu, "delivery", deliveries),
        unknown(fu, "strength", strengths),
        case(
            fu,
            "progress",
            "101",
            Shown::At("progress"),
            "progress must be between 0 and 100, got 101",
        ),
        case(
            fu,
            "contested",
            "maybe",
            Shown::At("contested"),
            "contested must be yes or no",
        ),
        long(fu, "note", "note", 20_000),
        Refusal {
            with: evidence,
            ..case(
                fu,
                "evidence_url_1",
                "javascript:alert(1)",
                Shown::At("evidence_url_1"),
                "evidence_url is not valid: must start with https:// or http://",
            )
        },
        Refusal {
            with: &[("evidence_url_1", "https://example.org/report")],
            ..long(fu, "evidence_title_1", "evidence_title", 300)
        },
        // An archived copy follows the rules of the link it copies.
        Refusal {
            with: &[
                ("evidence_url_1", "https://example.org/report"),
                ("evidence_title_1", "A report"),
            ],
            ..case(
                fu,
                "evidence_archived_url_1",
                "ftp://archive.example.org/report",
                Shown::At("evidence_archived_url_1"),
                "evidence_archived_url is not valid: must start with https:// or http://",
            )
        },
        Refusal {
            with: &[
                ("evidence_url_1", "https://example.org/report"),
                ("evidence_title_1", "A report"),
            ],
            ..long(
                fu,
                "evidence_archived_url_1",
                "evidence_archived_url",
                2_000,
            )
        },
        // A title without its link is reported at the link.
        case(
            fu,
            "evidence_title_1",
            "A report",
            Shown::At("evidence_url_1"),
            "evidence_url must not be empty",
        ),
        Refusal {
            with: &[("money_amount", "12")],
            ..case(
                fu,
                "money_currency",
                "XYZ",
                Shown::At("money_currency"),
                "money_currency: unknown ISO 4217 currency \"XYZ\"",
            )
        },
        // An amount without a currency is reported at the currency.
        case(
            fu,
            "money_amount",
            "12",
            Shown::At("money_currency"),
            "money_currency: unknown ISO 4217 currency \"\"",
        ),
        // The pledge form.
        slug("/pledges/new", "slug"),
        case(
            "/pledges/new",
            "slug",
            "new",
            Shown::At("slug"),
            "slug is not valid: new is reserved",
        ),
        long("/pledges/new", "title", "title", 300),
        long("/pledges/new", "summary", "summary", 20_000),
        unknown(
            "/pledges/new",
            "kind",
            "investment fund new_body policy safety_commitment programme",
        ),
        unknown(
            "/pledges/new",
            "themes",
            "public_interest_ai jobs_and_skills investment ethics_and_safety regulation sustainability",
        ),
        slug("/pledges/new", "event"),
        date("/pledges/new", "announced_on", "announced_on"),
        unknown("/pledges/new", "strength", strengths),
        slug("/pledges/new", "parent"),
        slug("/pledges/new", "supersedes"),
        slug("/pledges/new", "sources"),
        case(
            "/pledges/new",
            "actors",
            "france",
            Shown::At("actors"),
            "actors: \"france\" is not actor:role",
        ),
        date("/pledges/new", "deadline_date", "deadline"),
        slug("/pledges/new", "deadline_event"),
        // A deadline by an event needs its wording.
        case(
            "/pledges/new",
            "deadline_event",
            "paris-2025",
            Shown::At("deadline_text"),
            "deadline_text must not be empty",
        ),
        // A quote without its source is reported at the source.
        case(
            "/pledges/new",
            "quote_text",
            "We will.",
            Shown::At("quote_source"),
            "quote_source must not be empty",
        ),
        case(
            "/pledges/new",
            "conditions",
            "x",
            Shown::At("conditions"),
            "conditions: \"x\" is not state | text | source",
        ),
        case(
            "/pledges/new",
            "money",
            "x",
            Shown::At("money"),
            "money: \"x\" is not stage | amount | currency | value date | source | note",
        ),
        // The actor form.
        slug("/actors/new", "slug"),
        long("/actors/new", "name", "name", 300),
        unknown(
            "/actors/new",
            "kind",
            "country government_body company investor coalition multilateral_body civil_society initiative",
        ),
        case(
            "/actors/new",
            "country",
            "France",
            Shown::At("country"),
            "country is not valid: must be a two-letter ISO 3166 country code",
        ),
        slug("/actors/new", "members"),
        // The event form.
        slug("/events/new", "slug"),
        long("/events/new", "name", "name", 300),
        unknown("/events/new", "kind", "summit announcement conference"),
        long("/events/new", "location", "location", 300),
        case(
            "/events/new",
            "country",
            "France",
            Shown::At("country"),
            "country is not valid: must be a two-letter ISO 3166 country code",
        ),
        date("/events/new", "starts_on", "starts_on"),
        date("/events/new", "ends_on", "ends_on"),
        slug("/events/new", "sources"),
        // The account forms.
        case(
            "/admin/users",
            "email",
            "someone",
            Shown::At("email"),
            "email is not valid: needs an @",
        ),
        case(
            "/account/password",
            "current",
            "not-the-password",
            Shown::At("current"),
            "current: the current password is wrong.",
        ),
    ]
}

async fn csrf(browser: &Browser) -> String {
    let page = browser.get("/account").await.text().await.unwrap();
    hidden(&page, "csrf").expect("a CSRF token")
}

async fn refused_fields(app: &TestApp) {
    let admin_pw = app.add_user("refusals@example.org", Role::Admin).await;
    let admin = app.browser();
    admin.login("refusals@example.org", &admin_pw).await;
    let token = csrf(&admin).await;
    let mut wrong = Vec::new();
    for (n, r) in refusals().into_iter().enumerate() {
        let mut form = super::base(r.path, n + 1_000);
        form.retain(|(k, _)| *k != r.field && !r.with.iter().any(|(w, _)| w == k));
        form.extend(r.with.iter().map(|(k, v)| (*k, v.to_string())));
        form.push((r.field, r.value.clone()));
        form.push(("csrf", token.clone()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = admin.post(r.path, &pairs).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        let value: String = r.value.chars().take(30).collect();
        let what = format!("{} {}={value:?}", r.path, r.field);
        let got = shown(&body, r.at);
        if status != REFUSED || got.as_deref() != Some(r.message.as_str()) {
            wrong.push(format!(
                "{what}: {status}, at {:?} {got:?}, expected {REFUSED} and {:?}",
                r.at, r.message
            ));
        }
    }
    // Every case is tried before failing, so one run lists every message that changed.
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
pledgewatch_tests::both_apps!(
    each_refused_field_shows_its_own_message_at_that_field,
    refused_fields
);
