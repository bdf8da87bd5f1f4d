//! Conditional GET for everything cacheable: entity tags checked against `If-None-Match`
//! (304), `Cache-Control`, and the snapshot's memo of rendered responses.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
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

/// What a memo's `make` gives: a body, or a body with headers made with it (a list's
/// `Link`), which are then kept beside it.
pub trait Made {
    /// Whether headers are kept beside the body.
    const HEADERS: bool;
    fn parts(self) -> (Bytes, Vec<(HeaderName, String)>);
}

impl Made for Bytes {
    const HEADERS: bool = false;
    fn parts(self) -> (Bytes, Vec<(HeaderName, String)>) {
        (self, Vec::new())
    }
}

impl Made for (Bytes, Vec<(HeaderName, String)>) {
    const HEADERS: bool = true;
    fn parts(self) -> (Bytes, Vec<(HeaderName, String)>) {
        self
    }
}

/// Answers from the snapshot's response cache, or renders with `make` and keeps the
/// result; 304 when the client's validator matches. Every write replaces the snapshot and
/// with it every kept response. Headers made with the body are kept under a derived key
/// (dropped on the same changes), and both are made afresh unless both are there.
pub async fn memo<F, Fut, M, E>(
    snapshot: &crate::readmodel::Snapshot,
    headers: &HeaderMap,
    target: &str,
    content_type: &'static str,
    make: F,
) -> Result<Response, E>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<M, E>>,
    M: Made,
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
    let extra_key = format!("{key}\u{0}headers");
    let kept = match (snapshot.cached_response(&key), M::HEADERS) {
        (Some(body), false) => Some((body, Vec::new())),
        (Some(body), true) => snapshot
            .cached_response(&extra_key)
            .map(|extra| (body, decode(&extra))),
        (None, _) => None,
    };
    let (body, extra) = match kept {
        Some(kept) => kept,
        None => {
            let (body, extra) = make().await?.parts();
            if M::HEADERS {
                snapshot.keep_response(&extra_key, encode(&extra));
            }
            snapshot.keep_response(&key, body.clone());
            (body, extra)
        }
    };
    let mut response = cached(headers, &etag, content_type, body);
    for (name, value) in extra {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response)
}

/// Header lines as `name: value\n`; values never hold a newline (they come from
/// [`HeaderValue`]-safe text we built).
fn encode(headers: &[(HeaderName, String)]) -> Bytes {
    let text: String = headers
        .iter()
        .map(|(n, v)| format!("{}: {}\n", n.as_str(), v.replace('\n', " ")))
        .collect();
    Bytes::from(text)
}

fn decode(bytes: &Bytes) -> Vec<(HeaderName, String)> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(": ")?;
            Some((
                HeaderName::from_bytes(name.as_bytes()).ok()?,
                value.to_owned(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_headers_read_back() {
        let h = vec![(header::LINK, "</a>; rel=\"next\"".to_owned())];
        assert_eq!(decode(&encode(&h)), h);
    }
}
