//! The HTTP surface and its router: pages for people, a versioned JSON API with its
//! OpenAPI document, CSV exports and feeds (read-only, served from the read model where
//! possible, and readable from any origin, see [`open_data`]); the editors' and admins'
//! forms behind login; following by email; health, readiness and metrics.

pub mod account;
pub mod admin;
pub mod admin_email;
pub mod admin_links;
pub mod admin_password;
pub mod api;
pub mod changes;
pub mod conditional;
pub mod contribute;
pub mod edit;
mod editor_forms;
pub mod export;
pub mod feeds;
pub mod follow_ups;
pub mod health;
pub mod notice;
pub mod open_data;
pub mod pages;
pub mod pledge_edit;
pub mod reference_edit;
pub mod subscriptions;

use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "pledgewatch",
        description = "Public AI-policy commitments from announcement to delivery: pledges, actors, events, follow-ups, exports and feeds. Money is given as integer minor units with an ISO 4217 currency.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "pages", description = "HTML pages for people"),
        (name = "api", description = "JSON API, version 1"),
        (name = "exports", description = "CSV exports (RFC 4180)"),
        (name = "feeds", description = "Atom and iCalendar feeds"),
        (name = "operations", description = "Health and documents")
    )
)]
struct ApiDoc;

/// The router and the OpenAPI document generated from the same route declarations, with
/// the body limits, timeouts and `no-store` of each group of routes (see [`crate::http`]).
/// `extra` routes (tests add a panicking or slow one) get the limits of ordinary pages.
pub fn router_with_openapi(
    state: AppState,
    limits: &crate::http::Limits,
    extra: Router<AppState>,
) -> (Router, utoipa::openapi::OpenApi) {
    use crate::http::{BODY_LIMIT, IMPORT_BODY_LIMIT, body_limit, no_store};
    // The open data (API, feeds, the OpenAPI document) may be read from any origin;
    // nothing else may.
    let open_data = OpenApiRouter::new()
        .routes(routes!(api::list_pledges))
        .routes(routes!(api::get_pledge))
        .routes(routes!(api::list_actors))
        .routes(routes!(api::get_actor))
        .routes(routes!(api::list_events))
        .routes(routes!(api::get_event))
        .routes(routes!(follow_ups::list_follow_ups))
        .routes(routes!(changes::list_changes))
        .routes(routes!(changes::changes_atom))
        .routes(routes!(feeds::all_atom))
        .routes(routes!(feeds::pledge_atom))
        .routes(routes!(feeds::actor_atom))
        .routes(routes!(feeds::theme_atom))
        .routes(routes!(feeds::deadlines_ics))
        .routes(routes!(openapi_json))
        .layer(open_data::cors());
    // Public pages, the API and feeds: cacheable, and the same for everyone.
    let public = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(pages::dashboard))
        .routes(routes!(pages::pledge_list))
        .routes(routes!(pages::pledge_page))
        .routes(routes!(pages::actor_index))
        .routes(routes!(pages::actor_page))
        .routes(routes!(pages::theme_index))
        .routes(routes!(pages::theme_page))
        .routes(routes!(pages::event_index))
        .routes(routes!(pages::event_page))
        .routes(routes!(pages::money_page))
        .routes(routes!(pages::data_page))
        .merge(open_data)
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(stylesheet))
        .routes(routes!(hashed_stylesheet))
        .routes(routes!(crate::metrics::metrics))
        .merge(OpenApiRouter::from(extra));
    // Signed-in pages and pages reached by a token: never kept by a cache.
    let private = OpenApiRouter::new()
        .routes(routes!(account::login_form, account::login))
        .routes(routes!(account::logout))
        .routes(routes!(account::account))
        .routes(routes!(account::change_password))
        .routes(routes!(edit::follow_up_form, edit::record_follow_up))
        .routes(routes!(admin::users, admin::add_user))
        .routes(routes!(admin::set_status))
        .routes(routes!(admin_password::reset_password))
        .routes(routes!(admin::audit))
        .routes(routes!(pledge_edit::new_form, pledge_edit::create))
        .routes(routes!(pledge_edit::edit_form, pledge_edit::update))
        .routes(routes!(pledge_edit::delete))
        .routes(routes!(pledge_edit::deleted))
        .routes(routes!(pledge_edit::restore))
        .routes(routes!(
            reference_edit::new_actor,
            reference_edit::create_actor
        ))
        .routes(routes!(
            reference_edit::edit_actor,
            reference_edit::update_actor
        ))
        .routes(routes!(
            reference_edit::new_event,
            reference_edit::create_event
        ))
        .routes(routes!(
            reference_edit::edit_event,
            reference_edit::update_event
        ))
        .routes(routes!(
            subscriptions::subscribe_form,
            subscriptions::subscribe
        ))
        .routes(routes!(subscriptions::confirm_form, subscriptions::confirm))
        .routes(routes!(subscriptions::manage_form, subscriptions::manage))
        .routes(routes!(subscriptions::leave))
        .routes(routes!(
            subscriptions::unsubscribe_form,
            subscriptions::unsubscribe
        ))
        .routes(routes!(subscriptions::download))
        .routes(routes!(subscriptions::erase))
        .routes(routes!(subscriptions::revoke_links))
        .routes(routes!(admin_email::overview))
        .routes(routes!(admin_email::resume))
        .routes(routes!(admin_email::retry_dead))
        .routes(routes!(admin_links::broken_links))
        .routes(routes!(contribute::contribute_form, contribute::contribute))
        .routes(routes!(contribute::confirm_form, contribute::confirm))
        .routes(routes!(contribute::moderate::queue))
        .routes(routes!(contribute::moderate::accept))
        .routes(routes!(contribute::moderate::reject))
        .layer(no_store());
    let timed = public
        .merge(private)
        .layer(body_limit(BODY_LIMIT))
        .layer(crate::http::timeout(limits.request));
    // The CSV upload: a larger body, and longer to read and write.
    let import = OpenApiRouter::new()
        .routes(routes!(admin::import_form, admin::import))
        .layer(no_store())
        .layer(axum::extract::DefaultBodyLimit::max(IMPORT_BODY_LIMIT))
        .layer(body_limit(IMPORT_BODY_LIMIT))
        .layer(crate::http::timeout(limits.import));
    // The streamed exports, open data too: a timeout would cut a long download short.
    let streamed = OpenApiRouter::new()
        .routes(routes!(export::pledges_csv))
        .routes(routes!(export::follow_ups_csv))
        .layer(open_data::cors())
        .layer(body_limit(BODY_LIMIT));
    // The document's title and description are `timed`'s (merging keeps the receiver's).
    let (router, openapi) = timed
        .merge(import)
        .merge(streamed)
        .with_state(state)
        .split_for_parts();
    (router, openapi)
}

pub fn router(state: AppState, limits: &crate::http::Limits, extra: Router<AppState>) -> Router {
    let head = axum::middleware::from_fn_with_state(state.clone(), changes::head_header);
    let guard = axum::middleware::from_fn_with_state(state.clone(), health::refuse_writes);
    let (router, openapi) = router_with_openapi(state.clone(), limits, extra);
    let document = serde_json::to_vec_pretty(&openapi).unwrap_or_default();
    let router = router
        .layer(axum::Extension(OpenApiDocument(axum::body::Bytes::from(
            document,
        ))))
        .fallback(open_data::fallback)
        .layer(guard)
        .layer(head);
    crate::http::around(router, &state)
}

// Where routes found these before they had a module of their own.
pub use conditional::{cached, fresh, memo};

#[derive(Clone)]
struct OpenApiDocument(axum::body::Bytes);

/// The stylesheet at its plain address, for links made before it was versioned.
#[utoipa::path(get, path = "/static/style.css", tag = "operations", responses((status = 200, content_type = "text/css")))]
async fn stylesheet(headers: HeaderMap) -> Response {
    let etag = format!("\"css-{}\"", crate::templates::stylesheet_hash());
    cached(
        &headers,
        &etag,
        "text/css; charset=utf-8",
        crate::templates::STYLESHEET,
    )
}

/// The stylesheet under its content-hash name (`style.<hash>.css`, the address pages
/// link to): it never changes, so browsers keep it for a year without asking again.
#[utoipa::path(get, path = "/static/{file}", tag = "operations", params(("file" = String, Path, description = "style.<hash>.css")),
    responses((status = 200, content_type = "text/css"), (status = 404, description = "Not the current stylesheet")))]
async fn hashed_stylesheet(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    if crate::templates::stylesheet_url().strip_prefix("/static/") != Some(file.as_str()) {
        return AppError::NotFound("That file".into()).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        crate::templates::STYLESHEET,
    )
        .into_response()
}

/// This OpenAPI 3.1 document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations", responses((status = 200, content_type = "application/json")))]
async fn openapi_json(axum::Extension(doc): axum::Extension<OpenApiDocument>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], doc.0).into_response()
}
