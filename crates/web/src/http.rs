//! The layers around every route, from tower-http: request ids, the access log, metrics,
//! a caught panic answered as a 500 page, compression, security headers; and, per group
//! of routes, body limits answering 413, per-request timeouts answering a 503 page, and
//! `Cache-Control: no-store` for signed-in and token pages. The limits are here.

use crate::state::AppState;
use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::time::Duration;
use tower::ServiceBuilder;
use tower::layer::util::{Identity, Stack};
use tower::timeout::TimeoutLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The largest request body of any form or API call. The forms validate each field's
/// length and name the field that is too long; this is the backstop above them (it is
/// axum's former implicit limit, now explicit and applied before a handler runs).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// The largest CSV upload to `/admin/import` (the whole seed data set is about 60 KB).
pub const IMPORT_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// How the request-level limits are set; tests shorten them.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Header read and keep-alive idle time (see [`crate::server::HEADER_READ_TIMEOUT`]).
    pub header_read: Duration,
    /// Longest time from a request's head to its response's head, body read included.
    pub request: Duration,
    /// The same for `/admin/import`, which reads a large body and writes every row.
    pub import: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read: crate::server::HEADER_READ_TIMEOUT,
            request: Duration::from_secs(30),
            import: Duration::from_secs(120),
        }
    }
}

/// The Content-Security-Policy of every response: the site has no script, no inline style
/// and no frames; images are its own (and the `data:` empty favicon).
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A request body over `limit` bytes is refused with 413: at once when `Content-Length`
/// says so (the connection is then closed, so a body that never comes holds nothing), and
/// as soon as a chunked body passes it.
pub fn body_limit(limit: usize) -> RequestBodyLimitLayer {
    RequestBodyLimitLayer::new(limit)
}

/// The handler of a request that ran out of time.
type TimedOut = fn(tower::BoxError) -> std::future::Ready<Response>;

/// A per-request timeout whose expiry is answered by [`TimedOut`].
pub type TimeoutStack =
    ServiceBuilder<Stack<TimeoutLayer, Stack<HandleErrorLayer<TimedOut, ()>, Identity>>>;

/// Routes under this layer answer a 503 page when they take longer than `after` to
/// produce the response head (reading the body included). A streamed body (the CSV
/// exports) would not be covered, only its start; they go without it anyway.
pub fn timeout(after: Duration) -> TimeoutStack {
    let timed_out: TimedOut =
        |_| std::future::ready(crate::error::AppError::TimedOut.into_response());
    ServiceBuilder::new()
        .layer(HandleErrorLayer::new(timed_out))
        .timeout(after)
}

/// `Cache-Control: no-store` on every response of these routes: signed-in pages, pages
/// reached by a token, and the page showing a new account's password.
pub fn no_store() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
}

/// Wraps every route (and the fallback) in the shared layers, outermost first.
pub fn around(router: Router, state: &AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let hsts = state
        .public_url
        .starts_with("https://")
        .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    let header = |name, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(access_span)
                    .on_response(
                        |response: &Response, latency: Duration, _: &tracing::Span| {
                            tracing::info!(
                                status = response.status().as_u16(),
                                ms = latency.as_millis() as u64,
                                "served"
                            );
                        },
                    ),
            )
            .layer(PropagateRequestIdLayer::new(request_id))
            .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
            .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(header(
                header::REFERRER_POLICY,
                "strict-origin-when-cross-origin",
            ))
            .layer(header(header::X_FRAME_OPTIONS, "DENY"))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::STRICT_TRANSPORT_SECURITY,
                move |_: &Response| hsts.clone(),
            ))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::metrics::record,
            ))
            // Outside the panic layer, so that the 500 page, like every error page, is
            // written in the request's language.
            .layer(axum::middleware::from_fn(crate::locale::layer))
            // Inside the headers above, so that a panic's 500 page gets them too.
            .layer(CatchPanicLayer::custom(panic_page))
            // The fastest level: pages are compressed on every request (the response
            // cache keeps them plain), and at the default levels compressing cost far more
            // than serving (BENCHMARKS.md); the fastest still shrinks pages about fivefold.
            .layer(
                CompressionLayer::new()
                    .gzip(true)
                    .br(true)
                    .quality(tower_http::CompressionLevel::Fastest),
            ),
    )
}

/// The access log's span: method, matched route and request id. Never the path or query
/// as asked: tokens travel in query strings, and the route says which page it was.
fn access_span(request: &Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!("request", method = %request.method(), route, request_id = id)
}

/// A handler that panicked: the panic is logged (without the request) and the person gets
/// the ordinary server-error page.
fn panic_page(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    tracing::error!(panic = what, "a handler panicked; answered 500");
    let lang = crate::locale::current().lang;
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(crate::templates::render_error(
            &i18n::tr(lang, "error-title-server"),
            &i18n::tr(lang, "error-server"),
        )),
    )
        .into_response()
}
