//! Hostile input to every field of every data-entry form: markup, SQL, a megabyte, control
//! characters, odd numbers and amounts, unknown currencies, impossible and far-future
//! dates, malformed and `javascript:` links. Each answer is a correct save or a 4xx, never
//! a 5xx; a refused form shows a message at the field refused; whatever was saved comes
//! back escaped. The exact message of each refusal is checked in `hostile/refusals.rs`.

mod refusals;

use domain::Role;
use pledgewatch_tests::{Browser, TestApp, both_apps, hidden};
use refusals::{REFUSED, error_at};

const FL: &str = "fluidstack-10bn-ai-supercomputer-france";
const SCRIPT: &str = "<script>alert(1)</script>";

fn payloads() -> Vec<String> {
    vec![
        SCRIPT.into(),
        "\"><img src=x onerror=alert(2)>".into(),
        "'; DROP TABLE pledges; --".into(),
        "x".repeat(1_000_000),
        "nul \u{0} bell \u{7} escape \u{1b}".into(),
        "-1".into(),
        "0".into(),
        "0.001".into(),
        "123456789012345678901234567890".into(),
        "XYZ".into(),
        "2025-02-30".into(),
        "9999-12-31".into(),
        "javascript:alert(1)".into(),
        "not a url".into(),
    ]
}

/// A form, its path, a valid base submission, and the fields to attack.
struct FormCase {
    path: String,
    base: Vec<(&'static str, String)>,
    fields: Vec<&'static str>,
}

fn cases(n: usize) -> Vec<FormCase> {
    let s = |v: &str| v.to_owned();
    vec![
        FormCase {
            path: format!("/pledges/{FL}/follow-up"),
            base: vec![
                ("submission_key", format!("hostile-{n}")),
                ("note", s("probe")),
            ],
            fields: vec![
                "occurred_on",
                "delivery",
                "strength",
                "progress",
                "contested",
                "note",
                "money_stage",
                "money_amount",
                "money_min",
                "money_max",
                "money_currency",
                "money_value_date",
                "money_source",
                "evidence_url_1",
                "evidence_title_1",
                "evidence_tier_1",
                "evidence_archived_url_1",
                "condition_1",
            ],
        },
        FormCase {
            path: "/pledges/new".into(),
            base: vec![
                ("slug", format!("probe-{n}")),
                ("title", s("Probe")),
                ("summary", s("Probe")),
                ("kind", s("fund")),
                ("themes", s("investment")),
                ("announced_on", s("2025-02-11")),
                ("strength", s("announced")),
                ("sources", s("goover-paris-summit-report-2025")),
                ("actors", s("france:announcer")),
            ],
            fields: vec![
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
                "sources",
                "actors",
                "deadline_date",
                "deadline_precision",
                "deadline_event",
                "deadline_text",
                "quote_text",
                "quote_language",
                "quote_source",
                "conditions",
                "money",
            ],
        },
        FormCase {
            path: "/actors/new".into(),
            base: vec![
                ("slug", format!("probe-actor-{n}")),
                ("name", s("Probe")),
                ("kind", s("company")),
            ],
            fields: vec!["slug", "name", "kind", "country", "members"],
        },
        FormCase {
            path: "/events/new".into(),
            base: vec![
                ("slug", format!("probe-event-{n}")),
                ("name", s("Probe")),
                ("kind", s("summit")),
            ],
            fields: vec![
                "slug",
                "name",
                "kind",
                "location",
                "country",
                "starts_on",
                "ends_on",
                "sources",
            ],
        },
    ]
}

/// The account forms: an admin adding an account, anyone changing a password (with a
/// wrong current password, so no attack ends the session).
fn account_cases(n: usize) -> Vec<FormCase> {
    vec![
        FormCase {
            path: "/admin/users".into(),
            base: vec![
                ("email", format!("probe{n}@example.org")),
                ("name", "Probe".into()),
                ("role", "editor".into()),
            ],
            fields: vec!["email", "name", "role"],
        },
        FormCase {
            path: "/account/password".into(),
            base: vec![
                ("current", "not-the-password".into()),
                ("new", "a-long-enough-password".into()),
            ],
            fields: vec!["current", "new"],
        },
    ]
}

/// A valid submission of the form at `path`, unique by `n`.
fn base(path: &str, n: usize) -> Vec<(&'static str, String)> {
    cases(n)
        .into_iter()
        .chain(account_cases(n))
        .find(|c| c.path == path)
        .map(|c| c.base)
        .unwrap_or_else(|| panic!("no form case for {path}"))
}

/// Whether a refused `field` has its message on the page where a reader looks for it:
/// beside the field, or beside the field it goes with (an amount needs a currency, a
/// link's title needs the link, a quote its source). The account forms show theirs
/// beside the field too. The exact messages are in `refusals.rs`.
fn refused_at_field(field: &str, body: &str) -> bool {
    let partner = match field {
        "money_amount" | "money_min" | "money_max" => Some("money_currency"),
        "evidence_title_1" => Some("evidence_url_1"),
        "quote_text" => Some("quote_source"),
        "deadline_event" => Some("deadline_text"),
        // The password form's base has a wrong current password (so no attack changes
        // it): that is the refusal, shown at the current password.
        "new" => Some("current"),
        // The pledge attacked has no conditions, so there is no control for condition_1
        // to show a message at; the list of problems above the form links to it.
        "condition_1" => return body.contains("href=\"#f-condition_1\""),
        _ => None,
    };
    error_at(body, field).is_some() || partner.is_some_and(|p| error_at(body, p).is_some())
}

async fn attack(editor: &Browser, csrf: &str) {
    attack_forms(editor, csrf, cases).await;
}

async fn attack_forms(editor: &Browser, csrf: &str, cases: fn(usize) -> Vec<FormCase>) {
    let mut n = 0;
    let mut misplaced = Vec::new();
    for payload in payloads() {
        for case in cases(0) {
            for field in &case.fields {
                n += 1;
                let mut form: Vec<(&str, String)> = cases(n)
                    .into_iter()
                    .find(|c| c.path == case.path)
                    .unwrap()
                    .base;
                form.retain(|(k, _)| k != field);
                form.push((field, payload.clone()));
                form.push(("csrf", csrf.to_owned()));
                let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let response = editor.post(&case.path, &pairs).await;
                let status = response.status().as_u16();
                let body = response.text().await.unwrap();
                let shown = &payload.chars().take(30).collect::<String>();
                assert!(
                    status == 303 || status == 200 || (400..500).contains(&status),
                    "{} {field}={shown:?}: {status}",
                    case.path
                );
                if status == REFUSED && !refused_at_field(field, &body) {
                    misplaced.push(format!(
                        "{} {field}={shown:?}: no message at {field}; the page says: {:.200}",
                        case.path,
                        body.split("Nothing was saved").nth(1).unwrap_or("")
                    ));
                }
                assert!(
                    !body.contains(SCRIPT) && !body.contains("<img src=x"),
                    "{} {field}: payload echoed raw",
                    case.path
                );
                assert!(
                    !body.contains("href=\"javascript:"),
                    "{} {field}: javascript link",
                    case.path
                );
            }
        }
    }
    assert!(misplaced.is_empty(), "{}", misplaced.join("\n"));
}

async fn hostile(app: &TestApp) {
    let pw = app.add_user("probe@example.org", Role::Editor).await;
    let editor = app.browser();
    editor.login("probe@example.org", &pw).await;
    let csrf = hidden(&editor.get("/account").await.text().await.unwrap(), "csrf").unwrap();
    attack(&editor, &csrf).await;
    let admin_pw = app.add_user("root@example.org", Role::Admin).await;
    let admin = app.browser();
    admin.login("root@example.org", &admin_pw).await;
    let admin_csrf = hidden(&admin.get("/account").await.text().await.unwrap(), "csrf").unwrap();
    attack_forms(&admin, &admin_csrf, account_cases).await;
    assert_eq!(
        admin.get("/admin/users").await.status(),
        200,
        "the admin is still logged in"
    );

    // Whatever was saved renders escaped everywhere it appears.
    for path in [
        "/",
        "/pledges?per_page=100",
        "/pledges?q=script&per_page=100",
        &format!("/pledges/{FL}"),
        "/actors",
        "/events",
        "/money",
        "/feeds/follow-ups.atom",
        "/api/v1/pledges?per_page=100",
        "/api/v1/actors",
        "/api/v1/follow-ups",
    ] {
        let body = app.text(path, 200).await;
        assert!(
            !body.contains(SCRIPT) && !body.contains("<img src=x"),
            "{path} shows a payload raw"
        );
        assert!(
            !body.contains("href=\"javascript:"),
            "{path} links to javascript:"
        );
    }
    let ics = app.text("/feeds/deadlines.ics", 200).await;
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
}
both_apps!(
    hostile_input_to_every_form_field_gets_a_4xx_or_a_clean_save,
    hostile
);
