//! Conditional GET for everything cacheable: entity tags checked against `If-None-Match`
//! (304), `Cache-Control`, and the snapshot's memo of rendered responses.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The content type of every page.
pub const HTML: &str = "text/html; charset=utf-8";

/// True when the client already holds this version (`If-None-Match`).
pub fn fresh(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|candidate| {
            candidate == "*"
                || candidate == etag
                || candidate.trim_start_matches("W/") == etag.trim_start_matches("W/")
        })
}

/// `W/"abc"` → `W/"abc-fr"`.
fn in_language(etag: &str, lang: i18n::Lang) -> String {
    match etag.strip_suffix('"') {
        Some(open) => format!("{open}-{lang}\""),
        None => format!("{etag}-{lang}"),
    }
}

/// A cacheable response: 304 when the client is fresh, else the body with its validator.
pub fn cached(
    headers: &HeaderMap,
    etag: &str,
    content_type: &'static str,
    body: impl Into<Body>,
) -> Response {
    // A page's validator names its language: a browser that switches language must not be
    // told its copy in the other one is still fresh.
    let etag = &match content_type {
        HTML => in_language(etag, crate::locale::current().lang),
        _ => etag.to_owned(),
    };
    let etag_value =
        HeaderValue::from_str(etag).unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
    let cache = HeaderValue::from_static("public, max-age=0, must-revalidate");
    if fresh(headers, etag) {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag_value), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::ETAG, etag_value),
            (header::CACHE_CONTROL, cache),
        ],
        body.into(),
    )
        .into_response()
}

/// Answers from the snapshot's response cache, or renders with `make` and keeps the
/// result; 304 when the client's validator matches. Every write replaces the snapshot and
/// with it every kept response.
pub async fn memo<F, Fut, E>(
    snapshot: &crate::readmodel::Snapshot,
    headers: &HeaderMap,
    target: &str,
    content_type: &'static str,
    make: F,
) -> Result<Response, E>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<axum::body::Bytes, E>>,
{
    // A page is kept once per language, since one address answers in the language of
    // the query, the cookie or Accept-Language; after '#' so that the cache still knows
    // which pledge a kept page belongs to.
    let lang = crate::locale::current().lang;
    let etag = snapshot.etag_for(target);
    // `cached` names the language in a page's validator; the early check must too.
    let (key, sent) = match content_type {
        HTML => (
            std::borrow::Cow::Owned(format!("{target}#{lang}")),
            in_language(&etag, lang),
        ),
        _ => (std::borrow::Cow::Borrowed(target), etag.clone()),
    };
    if fresh(headers, &sent) {
        return Ok(cached(headers, &etag, content_type, ""));
    }
    if let Some(body) = snapshot.cached_response(&key) {
        return Ok(cached(headers, &etag, content_type, body));
    }
    let body = make().await?;
    snapshot.keep_response(&key, body.clone());
    Ok(cached(headers, &etag, content_type, body))
}
