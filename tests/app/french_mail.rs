//! The subscription journey once in French, over SMTP: subscribe with `?lang=fr`, confirm
//! from the French mail, record a follow-up, run the digest and read what arrived. The
//! digest's subject, text and HTML are French (no English catalogue string in them), with
//! French dates, its summary and "why" sentences, and a text part wrapped for reading.

use crate::subscriptions::PLEDGE;
use domain::{Draft, Frequency, Lang, Proposal, Stage, locale};
use pledgewatch_tests::fixtures;
use pledgewatch_tests::french::{self, assert_no_english, assert_no_english_text};
use pledgewatch_tests::mime::part;
use pledgewatch_tests::post::{Post, link};
use pledgewatch_tests::{Backend, hidden};

/// Lines of at most 78 characters, unless the line is one URL.
pub(crate) fn assert_wrapped(text: &str) {
    for line in text.lines() {
        let is_url = !line.trim().contains(' ') && line.trim().starts_with("http");
        assert!(
            line.chars().count() <= 78 || is_url,
            "a line of {} characters:\n{line}",
            line.chars().count()
        );
    }
}

/// A header as people read it: RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded, the space between two of them dropped as the RFC says.
fn decoded(header: &str) -> String {
    fn base64(text: &str) -> Vec<u8> {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bits = 0u32;
        let mut n = 0;
        let mut out = Vec::new();
        for c in text.bytes().filter(|c| *c != b'=') {
            let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
            bits = bits << 6 | v;
            n += 6;
            if n >= 8 {
                n -= 8;
                out.push((bits >> n) as u8);
                bits &= (1 << n) - 1;
            }
        }
        out
    }
    let mut out = String::new();
    let mut last_encoded = false;
    for (i, word) in header.split(' ').enumerate() {
        let encoded = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?="));
        match encoded.and_then(|w| {
            let mut it = w.splitn(3, '?');
            Some((it.next()?, it.next()?, it.next()?))
        }) {
            Some((_, enc, text)) => {
                // lettre writes encoded words in base64 only.
                assert!(enc.eq_ignore_ascii_case("b"), "{header}");
                let bytes = base64(text);
                if i > 0 && !last_encoded {
                    out.push(' ');
                }
                out.push_str(&String::from_utf8(bytes).expect("utf-8"));
                last_encoded = true;
            }
            None => {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(word);
                last_encoded = false;
            }
        }
    }
    out
}

/// Whitespace (and the wrapping) folded to single spaces.
pub(crate) fn flat(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn a_french_reader_gets_french_mail_and_a_french_digest() {
    let post = Post::open(Backend::Sqlite).await.expect("sqlite");
    let app = &post.app;
    let reader = app.browser();
    let page = reader
        .page(&format!("/subscribe?scope=pledge&target={PLEDGE}&lang=fr"))
        .await;
    assert!(page.contains("Suivre par courriel"), "{page}");
    let csrf = hidden(&page, "csrf").expect("the form has a CSRF token");
    let ines = "ines@example.org";
    let asked = reader
        .post(
            "/subscribe?lang=fr",
            &[
                ("csrf", csrf.as_str()),
                ("email", ines),
                ("scope", "pledge"),
                ("target", PLEDGE),
                ("frequency", "weekly"),
                ("time_zone", "Europe/Paris"),
                ("change_every", "on"),
                ("change_deadlines", "on"),
            ],
        )
        .await;
    assert_eq!(asked.status(), 200);
    let asked = asked.text().await.unwrap();
    assert!(
        asked.contains("Consultez votre boîte de réception"),
        "{asked}"
    );
    assert_eq!(post.subscription(ines).await.subscription.lang, Lang::Fr);

    // The confirmation is French too.
    let inbox = post.inbox(ines).await;
    let confirm = inbox.last().expect("a confirmation mail");
    assert_eq!(
        decoded(&confirm.header("Subject").unwrap()),
        "Confirmez votre abonnement à pledgewatch"
    );
    let text = part(&confirm.data, "text/plain");
    assert_no_english_text("the confirmation", &text, &[]);
    assert_no_english(&part(&confirm.data, "text/html"), &[]);
    assert_wrapped(&text);
    post.confirm(
        &reader,
        &text,
        "/subscriptions/confirm?lang=fr",
        "Abonnement confirmé",
    )
    .await;

    pledgewatch_tests::fixtures::record_delivery(app, PLEDGE).await;
    // A figure, to read the money the French way.
    let figure = fixtures::money(
        Stage::Committed,
        Some("1500000000"),
        None,
        "EUR",
        "s2-post-truth-macron-109bn",
    );
    let draft = Draft {
        author: "Ana Editor".into(),
        recorded_at: chrono::Utc::now(),
        occurred_on: chrono::Utc::now().date_naive(),
        proposal: Proposal {
            money: vec![figure.clone()],
            ..Proposal::default()
        },
        note: None,
        evidence: vec![fixtures::evidence("https://example.org/budget")],
    };
    let db = &app.test_db.db;
    db.record_follow_up(&fixtures::slug(PLEDGE), draft, None)
        .await
        .expect("a figure is recorded");
    app.refresh().await;
    let report = post.run_digest(Frequency::Weekly).await;
    assert_eq!(report.digests, 1);
    let inbox = post.inbox(ines).await;
    let digest = inbox.last().unwrap();
    let subject = decoded(&digest.header("Subject").unwrap());
    let text = part(&digest.data, "text/plain");
    let html = part(&digest.data, "text/html").replace("&#x2F;", "/");
    let summary = "2\u{a0}changements sur 1\u{a0}engagement";
    assert!(
        subject.starts_with(&format!("pledgewatch\u{a0}: {summary}")),
        "{subject}"
    );
    assert!(text.starts_with(summary), "{text}");
    assert!(html.contains(summary), "{html}");
    let why = "Vous recevez ce résumé hebdomadaire parce que vous suivez l’engagement \
               france-109bn-ai-investment\u{a0}: toutes les mises à jour et les échéances.";
    let heading = "Pourquoi vous recevez ce message";
    assert!(
        flat(&text).contains(&format!("{heading}\u{a0}: {why}")),
        "{text}"
    );
    assert!(
        flat(&html).contains(why) && html.contains(heading),
        "{html}"
    );
    let today = chrono::Utc::now().date_naive();
    let french_day = locale::date(today, Lang::Fr);
    assert!(text.contains(&french_day), "a French date in:\n{text}");
    assert!(
        !text.contains(&today.to_string()),
        "no ISO date in:\n{text}"
    );
    for expected in [
        "État\u{a0}: En cours",
        "Avancement\u{a0}:",
        "20\u{a0}%",
        "-> En cours",
    ] {
        assert!(flat(&text).contains(expected), "{expected:?} in:\n{text}");
    }
    assert!(html.contains("&rarr;") && html.contains("lang=\"fr\""));
    assert!(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"));
    assert!(html.contains("@media (prefers-color-scheme: dark)"));
    let french_money = locale::money_exact(&figure.money, Lang::Fr);
    let english_money = locale::money_exact(&figure.money, Lang::En);
    assert!(text.contains(&french_money), "{french_money:?} in:\n{text}");
    assert!(html.contains(&french_money), "{french_money:?} in:\n{html}");
    assert!(!text.contains(&english_money) && french_money != english_money);
    assert!(
        flat(&text).contains("Montant\u{a0}: Engagé\u{a0}:"),
        "{text}"
    );
    // Pledge titles and notes are data, in their source's language.
    let seeds = french::seed_data();
    let data: Vec<&str> = seeds.iter().map(String::as_str).collect();
    assert_no_english_text("the digest's subject", &subject, &data);
    assert_no_english_text("the digest's text", &text, &data);
    assert_no_english(&html, &data);
    assert_wrapped(&text);
    // The HTML part, for the screenshot in docs/screenshots/digest-fr.png.
    let _ = std::fs::write(
        std::env::temp_dir().join("pledgewatch-digest-fr.html"),
        &html,
    );
    // The preferences page keeps the language and can change it.
    let manage = link(&text, "/subscriptions/manage?token=");
    let page = app.text(&format!("{manage}&lang=fr"), 200).await;
    assert!(page.contains("Langue des courriels"), "{page}");
    let form = reader
        .post(
            "/subscriptions/manage?lang=fr",
            &[
                ("token", hidden(&page, "token").unwrap().as_str()),
                ("scope", "pledge"),
                ("target", PLEDGE),
                ("frequency", "weekly"),
                ("change_every", "on"),
                ("time_zone", "Europe/Paris"),
                ("lang", "en"),
            ],
        )
        .await;
    assert_eq!(form.status(), 200);
    assert_eq!(post.subscription(ines).await.subscription.lang, Lang::En);
    post.app.stop().await;
}

/// A contribution sent from the French form: its confirmation and its rejection are
/// French (the contributor's language is stored with it, whatever the editor reads),
/// the queue credits "un lecteur", and deciding it twice is refused in French.
#[tokio::test]
async fn a_french_contribution_is_answered_in_french() {
    const FL: &str = crate::contributions::FL;
    let post = Post::open(Backend::Sqlite).await.expect("sqlite");
    let app = &post.app;
    let reader = app.browser();
    let page = reader
        .page(&format!("/contribute?pledge={FL}&lang=fr"))
        .await;
    let csrf = hidden(&page, "csrf").expect("the form has a CSRF token");
    let camille = "camille@example.org";
    let sent = reader
        .post(
            "/contribute?lang=fr",
            &[
                ("csrf", csrf.as_str()),
                ("kind", "evidence"),
                ("pledge", FL),
                ("links", "https://example.org/chantier"),
                ("note", "Le chantier a commencé au printemps."),
                ("email", camille),
            ],
        )
        .await;
    assert_eq!(sent.status(), 200);
    let inbox = post.inbox(camille).await;
    let confirm = inbox.last().expect("a confirmation mail");
    assert_eq!(
        decoded(&confirm.header("Subject").unwrap()),
        "Confirmez votre adresse pour la contribution 1 à pledgewatch"
    );
    let text = part(&confirm.data, "text/plain");
    assert_no_english_text("the contribution's confirmation", &text, &[]);
    let url = link(&text, "/contribute/confirm?token=");
    let page = app.text(&format!("{url}&lang=fr"), 200).await;
    let token = hidden(&page, "token").expect("the page carries the token");
    let done = reader
        .post("/contribute/confirm?lang=fr", &[("token", &token)])
        .await;
    assert_eq!(done.status(), 200);

    // The editor reads English; the contributor is answered in French.
    let editor = post.editor().await;
    let queue = editor.page("/admin/contributions?lang=fr").await;
    assert!(queue.contains("un lecteur"), "{queue}");
    assert!(!queue.contains("a reader"), "{queue}");
    let csrf = hidden(&queue, "csrf").expect("the queue's CSRF token");
    let reason = "The permit is for another site.";
    let reject = |lang: &'static str| {
        let editor = &editor;
        let csrf = csrf.clone();
        async move {
            editor
                .post(
                    &format!("/admin/contributions/1/reject?lang={lang}"),
                    &[("csrf", csrf.as_str()), ("reason", reason)],
                )
                .await
        }
    };
    assert_eq!(reject("en").await.status(), 303);
    let inbox = post.inbox(camille).await;
    assert_eq!(inbox.len(), 2);
    let outcome = &inbox[1];
    let subject = decoded(&outcome.header("Subject").unwrap());
    assert_eq!(
        subject,
        "Votre contribution 1 à pledgewatch n’a pas été retenue"
    );
    let text = part(&outcome.data, "text/plain");
    assert!(flat(&text).contains("Sa raison\u{a0}:"), "{text}");
    assert!(text.contains(reason), "{text}");
    assert_no_english_text("the rejection", &text, &[reason]);
    assert_no_english(&part(&outcome.data, "text/html"), &[reason]);
    // Deciding it again: refused, in French, saying why.
    let again = reject("fr").await;
    assert_eq!(again.status(), 409);
    let body = again.text().await.unwrap();
    assert!(body.contains("Cet élément a changé entre-temps"), "{body}");
    assert_no_english(&body, &[]);
    post.app.stop().await;
}
