//! What makes the open data reusable from other sites and scripts: CORS for reading the
//! API, exports and feeds from any origin (no credentials), RFC 8288 `Link` headers on
//! lists that page, kept beside the list's body in the snapshot's response cache, and the
//! problem-details 404 for unknown `/api/` paths.

use crate::error::{ApiError, AppError};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::Response;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

/// The response header that carries the change log's head, `SEQ HASH`, on every answer
/// (set by the `head_header` middleware of the change log's routes).
pub const HEAD_HEADER: &str = "pledgewatch-change-head";

/// The response header that carries the cursor of the next page of a list whose body is
/// a bare array (`/api/v1/follow-ups`); absent on the last page.
pub const NEXT_AFTER_HEADER: &str = "pledgewatch-next-after";

/// CORS for the open-data routes: any origin may GET and HEAD them, and read the headers
/// a client pages and validates with. No credentials: these routes never read a session,
/// and `Access-Control-Allow-Credentials` is never sent, so a browser sends no cookie
/// along and no signed-in answer can be read cross-origin.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers(AllowHeaders::list([
            header::ACCEPT,
            header::IF_NONE_MATCH,
            header::CACHE_CONTROL,
        ]))
        .expose_headers([
            header::LINK,
            header::ETAG,
            header::RETRY_AFTER,
            HeaderName::from_static(HEAD_HEADER),
            HeaderName::from_static(NEXT_AFTER_HEADER),
        ])
        .max_age(std::time::Duration::from_secs(86_400))
}

/// An RFC 8288 `Link` header value from `(rel, target)` pairs; targets are relative to
/// the request (RFC 3986 references), as the JSON bodies' own links are.
pub fn link_header(links: &[(&str, String)]) -> String {
    links
        .iter()
        .map(|(rel, target)| format!("<{target}>; rel=\"{rel}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The links of page `page` of `pages` (at least one page is always linked as first and
/// last), made by `link(n)`.
pub fn page_links(page: usize, pages: usize, link: impl Fn(usize) -> String) -> String {
    let last = pages.max(1);
    let mut links = vec![("first", link(1))];
    if page > 1 {
        links.push(("prev", link((page - 1).min(last))));
    }
    if page < last {
        links.push(("next", link(page + 1)));
    }
    links.push(("last", link(last)));
    link_header(&links)
}

/// Unknown `/api/` paths are answered as problem details, everything else as a page.
pub async fn fallback(uri: axum::http::Uri) -> Response {
    use axum::response::IntoResponse;
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        // "API resource /api/v2/x not found"; /api/openapi.json lists those there are.
        let mut response =
            ApiError(AppError::NotFound(format!("API resource {path}"))).into_response();
        // The router's fallback is outside the CORS layer of the open-data routes; a
        // script on another site should still read why its request failed.
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        return response;
    }
    AppError::NotFound("That page".into()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_name_first_prev_next_last() {
        let link = |n: usize| format!("/x?page={n}");
        assert_eq!(
            page_links(2, 3, link),
            "</x?page=1>; rel=\"first\", </x?page=1>; rel=\"prev\", </x?page=3>; rel=\"next\", </x?page=3>; rel=\"last\""
        );
        assert_eq!(
            page_links(1, 0, link),
            "</x?page=1>; rel=\"first\", </x?page=1>; rel=\"last\""
        );
        // Past the end: prev leads back to the last page.
        assert!(page_links(9, 3, link).contains("</x?page=3>; rel=\"prev\""));
    }
}
