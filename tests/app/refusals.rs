//! Refused forms answer 422 with the message beside the field that names what is wrong:
//! the store says which kind of record (and slug) is missing or taken, and each form turns
//! that into its own field, never by reading the message.

use domain::Role;
use pledgewatch_tests::fixtures::seeded_pledges;
use pledgewatch_tests::forms;
use pledgewatch_tests::{TestApp, both_apps};

/// A valid new pledge's form, part of the France package, with `changed` fields replaced.
fn pledge<'a>(csrf: &'a str, changed: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![("parent", "france-109bn-ai-investment")];
    fields.extend_from_slice(changed);
    forms::new_pledge(csrf, &fields)
}

/// The page's message for `field`: the `<span class="error">` the form shows beside it.
fn has_message(page: &str, message: &str) -> bool {
    page.contains(&format!(r#"role="alert">{message}</span>"#))
}

async fn refused_forms(app: &TestApp) {
    let pw = app.add_user("ed@example.org", Role::Editor).await;
    let editor = app.browser();
    editor.login("ed@example.org", &pw).await;
    let csrf = editor.csrf("/pledges/new").await;

    for (changed, message) in [
        (
            ("sources", "no-such-source"),
            "sources: source no-such-source does not exist",
        ),
        (
            ("parent", "no-such-parent"),
            "parent: pledge no-such-parent does not exist",
        ),
        (
            ("supersedes", "no-such-pledge"),
            "supersedes: pledge no-such-pledge does not exist",
        ),
        (
            ("actors", "nobody:announcer"),
            "actors: actor nobody does not exist",
        ),
        (
            ("event", "no-such-summit"),
            "event: event no-such-summit does not exist",
        ),
        (
            ("slug", "uae-mgx-ai-campus-france"),
            "slug: pledge uae-mgx-ai-campus-france already exists",
        ),
        (("slug", "new"), "slug is not valid: new is reserved"),
    ] {
        let mut form = pledge(&csrf, &[]);
        match form.iter_mut().find(|(f, _)| *f == changed.0) {
            Some(slot) => slot.1 = changed.1,
            None => form.push(changed),
        }
        let response = editor.post("/pledges/new", &form).await;
        assert_eq!(response.status(), 422, "{changed:?}");
        let page = response.text().await.unwrap();
        assert!(has_message(&page, message), "{message}\n{page}");
    }
    assert_eq!(
        app.json("/api/v1/pledges", 200).await["total"],
        seeded_pledges(),
        "nothing was written"
    );

    let csrf = editor.csrf("/actors/new").await;
    let actor = |slug: &'static str, members: &'static str| {
        [
            ("slug", slug),
            ("name", "Acme"),
            ("kind", "company"),
            ("members", members),
        ]
    };
    for (form, field, message) in [
        (
            actor("new", ""),
            "slug",
            "slug is not valid: new is reserved",
        ),
        (
            actor("acme", "nobody"),
            "members",
            "members: actor nobody does not exist",
        ),
        (
            actor("france", ""),
            "slug",
            "slug: actor france already exists",
        ),
    ] {
        let mut form = form.to_vec();
        form.push(("csrf", &csrf));
        let response = editor.post("/actors/new", &form).await;
        assert_eq!(response.status(), 422, "{message}");
        let page = response.text().await.unwrap();
        // The one message is shown at the top and beside its field.
        assert!(has_message(&page, message), "{message}\n{page}");
        let beside = page.find(&format!(r#"name="{field}""#)).unwrap();
        assert!(
            page[beside..].find(message) < page[beside..].find("</div>"),
            "{message} is beside {field}"
        );
    }
    let csrf = editor.csrf("/events/new").await;
    let response = editor
        .post(
            "/events/new",
            &[
                ("csrf", csrf.as_str()),
                ("slug", "next-summit"),
                ("name", "Next summit"),
                ("kind", "summit"),
                ("sources", "no-such-source"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        has_message(&page, "sources: source no-such-source does not exist"),
        "{page}"
    );
}
both_apps!(
    refused_forms_name_the_field_of_the_missing_record,
    refused_forms
);
