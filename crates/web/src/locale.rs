//! The language a request is answered in, chosen once per request by [`layer`] (`?lang=`,
//! then the `lang` cookie, then `Accept-Language`) and read by the page builder through
//! [`current`]; the switch in the header, its cookie, and the headers that tell caches a
//! page varies by language.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use i18n::Lang;
use serde::Serialize;

/// A request's language, and its own address without `lang=` (for the alternates).
#[derive(Debug, Clone, Default)]
pub struct Locale {
    pub lang: Lang,
    /// The path and query the request asked for, `lang=` removed.
    pub target: String,
}

tokio::task_local! {
    // Why a task-local rather than an extractor in every handler: the language reaches
    // every page, error pages and the panic page included, through the one page builder,
    // and a handler cannot forget to pass it. Handlers render inside the request's task,
    // so the value is there whenever a page is built for a request.
    static CURRENT: Locale;
}

/// The current request's locale; English outside a request (the CLI, the worker, tests).
pub fn current() -> Locale {
    CURRENT.try_with(Clone::clone).unwrap_or_default()
}

/// One entry of the language switch and of the `hreflang` alternates.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

impl Locale {
    /// This page in every language, for `<link rel="alternate" hreflang>` and the switch.
    pub fn alternates(&self) -> Vec<Alternate> {
        let target = if self.target.is_empty() {
            "/"
        } else {
            &self.target
        };
        let joiner = if target.contains('?') { '&' } else { '?' };
        Lang::ALL
            .into_iter()
            .map(|lang| Alternate {
                code: lang.code(),
                name: lang.name(),
                href: format!("{target}{joiner}lang={}", lang.code()),
                current: lang == self.lang,
            })
            .collect()
    }
}

/// The language `?lang=` asks for, and the target without it. Apart from [`layer`]
/// because the form serializer is not `Send` and must not live across its await.
fn split_lang(uri: &axum::http::Uri) -> (Option<Lang>, String) {
    let mut asked = None;
    let mut kept = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        if name == "lang" {
            asked = asked.or_else(|| Lang::parse(&value));
        } else {
            kept.append_pair(&name, &value);
        }
    }
    let query = kept.finish();
    let target = if query.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{query}", uri.path())
    };
    (asked, target)
}

/// Chooses the request's language and answers in it; a `?lang=` that names a language is
/// remembered in a cookie, so the switch in the header holds on the next page.
pub async fn layer(request: Request, next: Next) -> Response {
    let (asked, target) = split_lang(request.uri());
    let cookie = axum_extra::extract::CookieJar::from_headers(request.headers())
        .get(i18n::COOKIE)
        .map(|c| c.value().to_owned());
    let accept = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = i18n::negotiate(asked.map(Lang::code), cookie.as_deref(), accept);
    let remember = asked.filter(|l| cookie.as_deref() != Some(l.code()));

    let mut response = CURRENT
        .scope(Locale { lang, target }, next.run(request))
        .await;
    let headers = response.headers_mut();
    if let Some(lang) = remember {
        let value = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
            i18n::COOKIE,
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_page {
        // Shared caches must keep one copy per language, since the same address answers
        // in the language of the cookie or of Accept-Language.
        headers.append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternates_keep_the_query_and_replace_the_language() {
        let locale = Locale {
            lang: Lang::Fr,
            target: "/pledges?theme=compute".into(),
        };
        let alts = locale.alternates();
        assert_eq!(alts[0].href, "/pledges?theme=compute&lang=en");
        assert_eq!(alts[1].href, "/pledges?theme=compute&lang=fr");
        assert!(alts[1].current && !alts[0].current);
        let home = Locale::default().alternates();
        assert_eq!(home[1].href, "/?lang=fr");
    }
}
