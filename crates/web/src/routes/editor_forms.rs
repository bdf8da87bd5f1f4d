//! The steps the editors' forms (pledges, follow-ups, actors and events) share: the listed
//! pledge a form is about, the form page answered 200 or, refused, 422, and where a save
//! leads: to the saved page, or back to the form with what the store refused beside its
//! field.

use crate::auth::Session;
use crate::error::{AppError, FieldErrors, PageResult};
use crate::page::{Nav, Page, View};
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::Slug;
use persistence::Kind;

/// The slug of a listed (not deleted) pledge, from a path; any other is not found.
pub(crate) fn listed_pledge(state: &AppState, raw: &str) -> Result<Slug, AppError> {
    let not_found = || AppError::NotFound(format!("pledge {raw:?}"));
    let slug = Slug::parse("slug", raw).map_err(|_| not_found())?;
    state
        .model
        .current()
        .catalog
        .get(&slug)
        .ok_or_else(not_found)?;
    Ok(slug)
}

/// A form page, posting back the session's CSRF token: 200, or [`FieldErrors::STATUS`]
/// when it shows what was refused.
pub(crate) fn form_page<V: View>(
    state: &AppState,
    session: &Session,
    nav: Nav,
    view: &V,
    errors: &FieldErrors,
) -> PageResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        FieldErrors::STATUS
    };
    let html = Page::new(nav)
        .csrf(&session.csrf)
        .render(&state.templates, view)?;
    Ok((status, Html(html)).into_response())
}

/// Where a form's save leads: to `to` once saved; back to the form (`refused`) when the
/// store refused it, the message beside the field at fault (`field_of` names the field
/// that names a record of a kind). Any other error is the request's.
pub(crate) fn after_save<T, E: Into<AppError>>(
    saved: Result<T, E>,
    to: &str,
    field_of: impl Fn(Kind, &str) -> &'static str,
    refused: impl FnOnce(&FieldErrors) -> PageResult<Response>,
) -> PageResult<Response> {
    match saved.map_err(Into::into) {
        Ok(_) => Ok(Redirect::to(to).into_response()),
        Err(AppError::Store(e)) => refused(&FieldErrors::store(e, field_of)?),
        Err(e) => Err(e),
    }
}
