//! The forms in French, through the real server: a refused pledge form, contribution and
//! account forms answer 422 with French messages beside their fields, naming each field
//! by its French label, with no sentence of the English catalogue left on the page; the
//! same refusals in English keep their exact English messages.

use domain::Role;
use pledgewatch_tests::french::{assert_no_english, decode};
use pledgewatch_tests::{Browser, TestApp, both_apps, hidden};

const FL: &str = "fluidstack-10bn-ai-supercomputer-france";
/// No-break space, as French writes it before a colon and inside « ».
const NB: char = '\u{a0}';

/// The message in the `class="error"` element of the `<div>` holding the control named
/// `field`, entities decoded.
fn error_at(html: &str, field: &str) -> Option<String> {
    let control = html.find(&format!(" name=\"{field}\""))?;
    let start = html[..control].rfind("<div")?;
    let end = control + html[control..].find("</div>")?;
    let cell = &html[start..end];
    let text = &cell[cell.find("class=\"error\"")?..];
    let text = &text[text.find('>')? + 1..];
    Some(decode(text[..text.find("</span>")?].trim()))
}

/// Fields changed from the valid form, the field refused, and its message there.
type Refusal<'a> = (&'a [(&'a str, &'a str)], &'a str, String);

/// A valid new pledge's form, with `changed` fields replaced.
fn pledge(csrf: &str, changed: &[(&str, &str)]) -> Vec<(String, String)> {
    pledgewatch_tests::forms::new_pledge(csrf, changed)
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

async fn post(browser: &Browser, path: &str, form: &[(String, String)]) -> (u16, String) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = browser.post(path, &pairs).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// An editor's browser reading in `lang` (chosen once by `?lang=`, then kept by cookie).
async fn editor(app: &TestApp, email: &str, role: Role, lang: &str) -> Browser {
    let password = app.add_user(email, role).await;
    let browser = app.browser();
    browser.login(email, &password).await;
    let home = browser.get(&format!("/?lang={lang}")).await;
    assert_eq!(home.status().as_u16(), 200);
    browser
}

async fn french_pledge_form(app: &TestApp) {
    let fr = editor(app, "fr-editor@example.org", Role::Editor, "fr").await;
    let csrf = fr.csrf("/pledges/new").await;
    let page = fr.get("/pledges/new").await.text().await.unwrap();
    assert!(page.contains("<html lang=\"fr\""), "the form is French");
    assert!(page.contains("Nouvel engagement"));
    assert_no_english(&page, &[]);
    let data = ["GPU cluster", "A public GPU cluster for researchers."];
    let cases: [Refusal; 4] = [
        (
            &[("title", "")],
            "title",
            format!("Titre{NB}: ne doit pas être vide"),
        ),
        (
            &[("announced_on", "bientôt")],
            "announced_on",
            format!("Annoncé le{NB}: «{NB}bientôt{NB}» n’est pas une date au format AAAA-MM-JJ"),
        ),
        (
            &[(
                "money",
                "announced | -5 | EUR | 2025-02-11 | goover-paris-summit-report-2025 |",
            )],
            "money",
            format!("Montant{NB}: ne doit pas être négatif"),
        ),
        (
            &[("slug", "Pas Un Identifiant")],
            "slug",
            format!(
                "Identifiant{NB}: n’utilisez que des minuscules sans accent, des chiffres et des tirets simples"
            ),
        ),
    ];
    for (changed, field, message) in cases {
        let (status, body) = post(&fr, "/pledges/new", &pledge(&csrf, changed)).await;
        assert_eq!(status, 422, "{changed:?}");
        assert_eq!(error_at(&body, field).as_deref(), Some(message.as_str()));
        let mut data = data.to_vec();
        data.extend(changed.iter().map(|(_, v)| *v));
        assert_no_english(&body, &data);
    }
    // The same refusal in English keeps its exact English message.
    let en = editor(app, "en-editor@example.org", Role::Editor, "en").await;
    let csrf = en.csrf("/pledges/new").await;
    let (status, body) = post(&en, "/pledges/new", &pledge(&csrf, &[("title", "")])).await;
    assert_eq!(status, 422);
    assert_eq!(
        error_at(&body, "title").as_deref(),
        Some("title must not be empty")
    );
    let (_, body) = post(
        &en,
        "/pledges/new",
        &pledge(&csrf, &[("announced_on", "soon")]),
    )
    .await;
    assert_eq!(
        error_at(&body, "announced_on").as_deref(),
        Some("announced_on is not valid: \"soon\" is not a date in the form YYYY-MM-DD")
    );
}

both_apps!(a_refused_pledge_form_speaks_french, french_pledge_form);

async fn french_contribution(app: &TestApp) {
    let browser = app.browser();
    let page = browser
        .get(&format!("/contribute?pledge={FL}&lang=fr"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<html lang=\"fr\""));
    let csrf = hidden(&page, "csrf").expect("a CSRF token");
    let title = page
        .split("<a href=\"/pledges/")
        .nth(1)
        .and_then(|s| s.split('>').nth(1))
        .and_then(|s| s.split('<').next())
        .unwrap_or("")
        .to_owned();
    assert_no_english(&page, &[&title]);
    let form = [
        ("csrf", csrf.as_str()),
        ("kind", "evidence"),
        ("pledge", FL),
        ("links", "javascript:alert(1)"),
        ("note", "Une preuve."),
    ];
    let response = browser.post("/contribute", &form).await;
    assert_eq!(response.status().as_u16(), 422);
    let body = response.text().await.unwrap();
    let expected = format!("Adresses web{NB}: doit commencer par https:// ou http://");
    assert!(
        decode(&body).contains(&format!("<li id=\"error-links\">{expected}</li>")),
        "the refused field's message in French:\n{body}"
    );
    assert_no_english(&body, &[&title, "javascript:alert(1)", "Une preuve."]);
    // A form whose token does not match is refused on a French error page.
    let mut forged = form.to_vec();
    forged[0] = ("csrf", "forged");
    let response = browser.post("/contribute", &forged).await;
    assert_eq!(response.status().as_u16(), 403);
    let body = decode(&response.text().await.unwrap());
    assert!(body.contains("Accès refusé"), "{body}");
    assert!(
        body.contains(&format!(
            "Le formulaire a expiré{NB}; rechargez-le et réessayez."
        )),
        "{body}"
    );
    assert_no_english(&body, &[]);
}

both_apps!(a_refused_contribution_speaks_french, french_contribution);

async fn account_forms(app: &TestApp) {
    for (lang, wrong, short, add_email) in [
        (
            "en",
            "current: the current password is wrong.".to_owned(),
            "new: use 12 to 1024 characters.".to_owned(),
            "email is not valid: needs an @".to_owned(),
        ),
        (
            "fr",
            format!("Mot de passe actuel{NB}: il est incorrect."),
            format!("Nouveau mot de passe{NB}: utilisez de 12 à 1024{NB}caractères."),
            format!("Adresse e-mail{NB}: il manque un @"),
        ),
    ] {
        let email = format!("account-{lang}@example.org");
        let password = app.add_user(&email, Role::Admin).await;
        let browser = app.browser();
        browser.login(&email, &password).await;
        browser.get(&format!("/account?lang={lang}")).await;
        let csrf = browser.csrf("/account").await;
        let form = |current: &str, new: &str| {
            vec![
                ("csrf".to_owned(), csrf.clone()),
                ("current".to_owned(), current.to_owned()),
                ("new".to_owned(), new.to_owned()),
            ]
        };
        let (status, body) = post(
            &browser,
            "/account/password",
            &form("not-the-password", "a long enough password"),
        )
        .await;
        assert_eq!(status, 422, "{lang}");
        assert_eq!(error_at(&body, "current"), Some(wrong), "{lang}");
        assert_eq!(error_at(&body, "new"), None, "{lang}");
        let (status, body) = post(&browser, "/account/password", &form(&password, "short")).await;
        assert_eq!(status, 422, "{lang}");
        assert_eq!(error_at(&body, "new"), Some(short), "{lang}");
        if lang == "fr" {
            assert_no_english(&body, &[&email]);
        }
        // Adding an account: the refused address is shown beside its field.
        let add = [
            ("csrf".to_owned(), csrf.clone()),
            ("email".to_owned(), "someone".to_owned()),
            ("name".to_owned(), "Someone".to_owned()),
            ("role".to_owned(), "editor".to_owned()),
        ];
        let (status, body) = post(&browser, "/admin/users", &add).await;
        assert_eq!(status, 422, "{lang}");
        assert_eq!(error_at(&body, "email"), Some(add_email), "{lang}");
        if lang == "fr" {
            let emails: Vec<String> = body
                .split("<td data-label=\"Adresse e-mail\">")
                .skip(1)
                .filter_map(|s| s.split('<').next().map(str::to_owned))
                .collect();
            let mut data: Vec<&str> = emails.iter().map(String::as_str).collect();
            data.push(&email);
            assert_no_english(&body, &data);
        }
    }
}

both_apps!(the_account_forms_refuse_beside_the_field, account_forms);

async fn french_subscribe(app: &TestApp) {
    let browser = app.browser();
    let page = browser
        .get(&format!("/subscribe?scope=pledge&target={FL}&lang=fr"))
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").expect("a CSRF token");
    let form = [
        ("csrf", csrf.as_str()),
        ("email", "lectrice@example.org"),
        ("scope", "pledge"),
        ("target", FL),
        ("frequency", "hourly"),
        ("time_zone", "Mars/Olympus"),
        ("change_every", "on"),
    ];
    let response = browser.post("/subscribe?lang=fr", &form).await;
    assert_eq!(response.status().as_u16(), 422);
    let body = response.text().await.unwrap();
    // The domain's refusals, written in French with the fields' French labels.
    for expected in [
        format!(
            "Fuseau horaire{NB}: fuseau horaire inconnu{NB}; essayez par exemple Europe/Paris ou UTC"
        ),
        format!("Fréquence{NB}: valeur inconnue «{NB}hourly{NB}»"),
    ] {
        assert!(
            decode(&body).contains(&expected),
            "{expected:?} in:\n{body}"
        );
    }
    // The pledges', actors' and events' names in the form's lists are data.
    let seeds = pledgewatch_tests::french::seed_data();
    let mut data: Vec<&str> = seeds.iter().map(String::as_str).collect();
    data.extend(["lectrice@example.org", "Mars/Olympus", "hourly"]);
    assert_no_english(&body, &data);
}

both_apps!(a_refused_subscription_speaks_french, french_subscribe);
