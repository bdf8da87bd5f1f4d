//! How a request's language is chosen and cached, through the real server: `?lang=`, the
//! cookie it sets, `Accept-Language`; validators and kept pages per language, so a reader
//! who switches never gets the other language's copy; and `Vary`, `Content-Language`,
//! `<html lang>` and the `hreflang` alternates on every page, error pages included.

use pledgewatch_tests::{TestApp, both_apps};
use reqwest::header;

async fn get_with(app: &TestApp, path: &str, name: &str, value: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .header(name, value)
        .send()
        .await
        .expect("request")
}

fn header_of(r: &reqwest::Response, name: header::HeaderName) -> String {
    r.headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn kept_per_language(app: &TestApp) {
    for path in ["/", "/pledges", "/about/data"] {
        let en = app.get(path).await;
        assert_eq!(en.status(), 200, "{path}");
        assert_eq!(header_of(&en, header::CONTENT_LANGUAGE), "en", "{path}");
        assert!(
            header_of(&en, header::VARY).contains("Accept-Language, Cookie"),
            "{path}: caches are told the page varies by language"
        );
        let en_tag = header_of(&en, header::ETAG);
        let en_html = en.text().await.unwrap();
        assert!(en_html.contains("<html lang=\"en\">"), "{path}");

        let fr = get_with(app, path, "accept-language", "fr-FR,fr;q=0.9,en;q=0.5").await;
        assert_eq!(header_of(&fr, header::CONTENT_LANGUAGE), "fr", "{path}");
        let fr_tag = header_of(&fr, header::ETAG);
        assert_ne!(en_tag, fr_tag, "{path}: one validator per language");
        let fr_html = fr.text().await.unwrap();
        assert!(fr_html.contains("<html lang=\"fr\">"), "{path}");
        assert!(fr_html.contains("hreflang=\"en\""), "{path}");

        // A browser holding the English copy that now asks in French gets the French
        // page, not a 304 for its English one; its own French copy is still fresh.
        let mixed = reqwest::Client::new()
            .get(app.url(path))
            .header("accept-language", "fr")
            .header("if-none-match", &en_tag)
            .send()
            .await
            .unwrap();
        assert_eq!(mixed.status(), 200, "{path}");
        assert!(mixed.text().await.unwrap().contains("<html lang=\"fr\">"));
        let same = reqwest::Client::new()
            .get(app.url(path))
            .header("accept-language", "fr")
            .header("if-none-match", &fr_tag)
            .send()
            .await
            .unwrap();
        assert_eq!(same.status(), 304, "{path}");

        // Served again from the kept copies, each stays in its language.
        assert!(
            app.get(path)
                .await
                .text()
                .await
                .unwrap()
                .contains("<html lang=\"en\">")
        );
    }
}
both_apps!(
    each_page_is_kept_and_validated_per_language,
    kept_per_language
);

async fn query_and_cookie(app: &TestApp) {
    let browser = app.browser();
    let first = browser.get("/pledges?lang=fr").await;
    let cookie = header_of(&first, header::SET_COOKIE);
    assert!(cookie.starts_with("lang=fr;"), "{cookie}");
    assert!(
        cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let next = browser.get("/pledges").await;
    assert_eq!(header_of(&next, header::CONTENT_LANGUAGE), "fr");
    assert!(
        header_of(&next, header::SET_COOKIE).is_empty(),
        "the cookie is set once, not on every page"
    );
    // The query beats the cookie and switches it back.
    let back = browser.get("/pledges?lang=en").await;
    assert_eq!(header_of(&back, header::CONTENT_LANGUAGE), "en");
    assert!(header_of(&back, header::SET_COOKIE).starts_with("lang=en;"));
    assert_eq!(
        header_of(&browser.get("/").await, header::CONTENT_LANGUAGE),
        "en"
    );
    // An unknown or hostile value is passed over: the page answers, no cookie is set.
    for bad in ["de", "%3Cscript%3E", "fr%0d%0aSet-Cookie:x=1", ""] {
        let r = app.get(&format!("/pledges?lang={bad}")).await;
        assert_eq!(r.status(), 200, "{bad}");
        assert!(header_of(&r, header::SET_COOKIE).is_empty(), "{bad}");
        assert_eq!(header_of(&r, header::CONTENT_LANGUAGE), "en", "{bad}");
    }
    // The alternates keep the rest of the query and drop the old language.
    let html = app
        .get("/pledges?theme=investment&lang=fr")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("hreflang=\"en\" href=\"&#x2F;pledges?theme=investment&amp;lang=en\""),
        "alternates: {}",
        &html[..html.find("</head>").unwrap_or(html.len())]
    );
}
both_apps!(
    the_query_sets_a_cookie_that_holds_and_unknown_values_are_ignored,
    query_and_cookie
);

async fn french_errors(app: &TestApp) {
    let r = get_with(app, "/pledges/no-such-pledge", "accept-language", "fr").await;
    assert_eq!(r.status(), 404);
    assert_eq!(header_of(&r, header::CONTENT_LANGUAGE), "fr");
    assert!(r.text().await.unwrap().contains("<html lang=\"fr\">"));
}
both_apps!(error_pages_speak_the_request_language, french_errors);
