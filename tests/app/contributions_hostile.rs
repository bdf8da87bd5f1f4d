//! Hostile input to every field of the contribution form and of the moderation forms:
//! markup, SQL, a megabyte, control and invisible characters, odd numbers, unknown codes,
//! `javascript:` and too many links. Each answer names the field and says exactly what is
//! wrong; nothing is written; what is accepted comes back escaped.

use crate::contributions::{FL, Post, send};
use domain::{DeliveryStatus, EmailAddress, Slug, SourceTier};
use pledgewatch_tests::french::decode as unescape;
use pledgewatch_tests::hidden;

const SCRIPT: &str = "<script>alert(1)</script>";
const KINDS: &str = "evidence correction new_pledge reply ";

/// The text of the message the form shows beside `field`, unescaped.
fn error_for(page: &str, field: &str) -> Option<String> {
    let marker = format!("<li id=\"error-{field}\">");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find("</li>")?;
    Some(unescape(&page[start..start + end]))
}

/// The message of an error page (`<p>` after its heading), unescaped.
fn page_message(page: &str) -> String {
    let start = page.find("</h1>\n<p>").expect("an error page") + "</h1>\n<p>".len();
    unescape(&page[start..start + page[start..].find("</p>").unwrap()])
}

/// (path, fields, status, the exact message of the page).
type Refusal = (&'static str, Vec<(&'static str, String)>, u16, String);

/// (field, value, extra fields, the field named, the exact message).
type Case = (
    &'static str,
    String,
    Vec<(&'static str, &'static str)>,
    &'static str,
    String,
);

fn cases() -> Vec<Case> {
    let mb = "x".repeat(1_000_000);
    let plain = |f: &str| format!("{f} is not valid: must be plain text; HTML is not accepted");
    let drop = "'; DROP TABLE pledges; --";
    let slug_error = |f: &'static str, v: &str| Slug::parse(f, v).unwrap_err().to_string();
    let number = "answers is not valid: must be the number of a follow-up".to_owned();
    let reply = vec![("kind", "reply"), ("answers", "1")];
    let six = (1..=6)
        .map(|n| format!("https://example.org/{n}"))
        .collect::<Vec<_>>();
    vec![
        ("kind", SCRIPT.into(), vec![], "kind", format!("kind: unknown value \"{SCRIPT}\"; expected one of {KINDS}")),
        ("kind", mb.clone(), vec![], "kind", format!("kind: unknown value \"{}\"; expected one of {KINDS}", "x".repeat(60))),
        ("pledge", SCRIPT.into(), vec![], "pledge", plain("pledge")),
        ("pledge", drop.into(), vec![], "pledge", slug_error("pledge", drop)),
        ("pledge", mb.clone(), vec![], "pledge", "pledge is too long: 1000000 characters, at most 80".into()),
        ("pledge", "no-such-pledge".into(), vec![], "pledge", "pledge: the tracker has no pledge \"no-such-pledge\"".into()),
        ("links", "javascript:alert(1)".into(), vec![], "links", "links is not valid: must start with https:// or http://".into()),
        ("links", SCRIPT.into(), vec![], "links", "links is not valid: must start with https:// or http://".into()),
        ("links", six.join("\n"), vec![], "links", "links is not valid: at most 5 web addresses, found 6".into()),
        ("links", String::new(), vec![], "links", "links must not be empty".into()),
        ("note", SCRIPT.into(), vec![], "note", plain("note")),
        ("note", "\"><img src=x onerror=alert(2)>".into(), vec![], "note", plain("note")),
        ("note", mb.clone(), vec![], "note", "note is too long: 1000000 characters, at most 4000".into()),
        ("note", "nul \u{0} bell \u{7}".into(), vec![], "note", "note is not valid: contains the character U+0000, which is not allowed".into()),
        ("note", String::new(), vec![], "note", "note must not be empty".into()),
        ("note", six[..5].join(" "), vec![], "links", "links is not valid: at most 5 web addresses in all, counting those in the note and the claim; found 6".into()),
        ("claim", SCRIPT.into(), vec![], "claim", plain("claim")),
        ("claim", "x".repeat(301), vec![], "claim", "claim is too long: 301 characters, at most 300".into()),
        ("claim", "evil\u{202E}gro.elpmaxe".into(), vec![], "claim", "claim is not valid: contains the invisible or direction-changing character U+202E, which is not allowed".into()),
        ("delivery", "XYZ".into(), vec![], "delivery", format!("delivery: unknown value \"XYZ\"; expected one of {}", DeliveryStatus::CODES)),
        ("delivery", mb.clone(), vec![], "delivery", "delivery is too long: 1000000 characters, at most 40".into()),
        ("title", SCRIPT.into(), vec![("kind", "new_pledge")], "title", plain("title")),
        ("title", String::new(), vec![("kind", "new_pledge")], "title", "title must not be empty".into()),
        ("name", SCRIPT.into(), vec![], "name", plain("name")),
        ("name", "x".repeat(81), vec![], "name", "name is too long: 81 characters, at most 80".into()),
        ("email", "not a url".into(), vec![], "email", EmailAddress::parse("email", "not a url").unwrap_err().to_string()),
        ("email", SCRIPT.into(), vec![], "email", plain("email")),
        ("actor", drop.into(), vec![], "actor", slug_error("actor", drop)),
        ("actor", "no-such-actor".into(), reply.clone(), "actor", "actor: the tracker has no actor \"no-such-actor\"".into()),
        ("actor", String::new(), reply, "actor", "actor must not be empty".into()),
        ("answers", "-1".into(), vec![], "answers", number.clone()),
        ("answers", "0".into(), vec![], "answers", number.clone()),
        ("answers", "0.001".into(), vec![], "answers", number),
        ("answers", "123456789012345678901234567890".into(), vec![], "answers", "answers is too long: 30 characters, at most 12".into()),
    ]
}

async fn every_contribution_field(post: Post) {
    let app = &post.app;
    for (field, value, extra, named, message) in cases() {
        let mut form: Vec<(&str, &str)> = vec![
            ("kind", "evidence"),
            ("pledge", FL),
            ("links", "https://example.org/a"),
            ("note", "probe"),
        ];
        form.retain(|(f, _)| *f != field && !extra.iter().any(|(e, _)| e == f));
        form.extend(extra.iter().copied());
        form.push((field, &value));
        let answer = send(&app.browser(), &form).await;
        let short: String = value.chars().take(40).collect();
        assert_eq!(answer.status(), 422, "{field} = {short:?}");
        let page = answer.text().await.unwrap();
        assert_eq!(
            error_for(&page, named).as_deref(),
            Some(message.as_str()),
            "{field} = {short:?}"
        );
        assert!(!page.contains("<script>"), "{field} comes back escaped");
    }
    assert_eq!(post.count("contributions").await, 0, "nothing kept");
    // Without the form's CSRF token: refused.
    let bare = app
        .browser()
        .post("/contribute", &[("kind", "evidence"), ("note", "x")])
        .await;
    assert_eq!(bare.status(), 403);
    // What passes comes back escaped to the editors.
    let fine = [
        ("kind", "evidence"),
        ("pledge", FL),
        ("links", "https://example.org/a?x=1&y=2"),
        ("note", "1 < 2 & \"quoted\""),
        ("name", "O'Brien & Sons"),
    ];
    assert_eq!(send(&app.browser(), &fine).await.status(), 200);
    let editor = post.editor().await;
    let queue = editor.page("/admin/contributions").await;
    assert!(
        queue.contains("1 &lt; 2 &amp; &quot;quoted&quot;"),
        "{queue}"
    );
    assert!(queue.contains("O&#x27;Brien &amp; Sons"));
    let csrf = hidden(&queue, "csrf").unwrap();
    let follow_ups = post.count("follow_ups").await;

    // The moderation forms and filters.
    let refusals: Vec<Refusal> = vec![
        (
            "/admin/contributions/1/reject",
            vec![("reason", SCRIPT.into())],
            422,
            "reason is not valid: must be plain text; HTML is not accepted".into(),
        ),
        (
            "/admin/contributions/1/reject",
            vec![("reason", "  ".into())],
            422,
            "reason must not be empty".into(),
        ),
        (
            "/admin/contributions/1/reject",
            vec![("reason", "x".repeat(2_001))],
            422,
            "reason is too long: 2001 characters, at most 2000".into(),
        ),
        (
            "/admin/contributions/1/accept",
            vec![("tier", "XYZ".into())],
            422,
            format!(
                "tier: unknown value \"XYZ\"; expected one of {}",
                SourceTier::CODES
            ),
        ),
        (
            "/admin/contributions/1/accept",
            vec![("tier", "press_report".into()), ("delivery", SCRIPT.into())],
            422,
            format!(
                "delivery: unknown value \"{SCRIPT}\"; expected one of {}",
                DeliveryStatus::CODES
            ),
        ),
        (
            "/admin/contributions/1/accept",
            vec![
                ("tier", "press_report".into()),
                ("evidence_title", "x".repeat(301)),
            ],
            422,
            "evidence_title is too long: 301 characters, at most 300".into(),
        ),
        (
            "/admin/contributions/999/reject",
            vec![("reason", "No.".into())],
            404,
            "contribution 999 not found".into(),
        ),
    ];
    for (path, fields, status, message) in refusals {
        let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        form.extend(fields.iter().map(|(f, v)| (*f, v.as_str())));
        let answer = editor.post(path, &form).await;
        assert_eq!(answer.status().as_u16(), status, "{path} {:?}", fields[0].0);
        let page = answer.text().await.unwrap();
        assert_eq!(page_message(&page), message, "{path}");
    }
    for (query, message) in [
        (
            "state=XYZ",
            "state: unknown value \"XYZ\"; expected one of pending accepted rejected ",
        ),
        (
            "kind=%3Cb%3E",
            "kind: unknown value \"<b>\"; expected one of evidence correction new_pledge reply ",
        ),
        (
            "pledge=..",
            "pledge is not valid: must be lowercase ASCII letters, digits and single hyphens",
        ),
    ] {
        let answer = editor.get(&format!("/admin/contributions?{query}")).await;
        assert_eq!(answer.status(), 400, "{query}");
        let page = answer.text().await.unwrap();
        let expected = if query.starts_with("pledge") {
            Slug::parse("pledge", "..").unwrap_err().to_string()
        } else {
            message.to_owned()
        };
        assert_eq!(page_message(&page), expected, "{query}");
    }
    let pending = editor.page("/admin/contributions").await;
    assert!(
        pending.contains("id=\"contribution-1\""),
        "still pending after every refusal"
    );
    assert_eq!(
        post.count("follow_ups").await,
        follow_ups,
        "no refused acceptance wrote"
    );
    post.app.stop().await;
}

pledgewatch_tests::on_both!(every_contribution_field);
