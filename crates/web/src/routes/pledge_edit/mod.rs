//! Editors create and correct pledges, and delete them softly; admins restore them. Every
//! change is kept as an edit in the pledge's history. The form itself (fields as text, to
//! and from the domain) is in [`form`], the pages' typed contexts in [`view`].

mod form;
mod view;

pub use form::PledgeForm;

use crate::auth::{Admin, Editor, Session};
use crate::error::FieldErrors;
use crate::error::{AppError, PageResult};
use crate::page::{Nav, Page};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::input::PledgeInput;
use domain::*;
use persistence::Change;
use serde::Deserialize;
use view::{DeletedRow, DeletedView, PledgeFormView};

fn form_page(
    state: &AppState,
    session: &Session,
    form: &PledgeForm,
    editing: Option<&str>,
    errors: &FieldErrors,
) -> PageResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        FieldErrors::STATUS
    };
    let view = PledgeFormView {
        form,
        editing,
        errors,
        kinds: PledgeKind::options(),
        strengths: Strength::options(),
        precisions: DatePrecision::options(),
        theme_codes: Theme::ALL
            .iter()
            .map(|t| t.code())
            .collect::<Vec<_>>()
            .join(", "),
        events: state
            .model
            .current()
            .catalog
            .events()
            .iter()
            .map(|e| (e.slug.to_string(), e.name.to_string()))
            .collect(),
    };
    let html = Page::new(Nav::Pledges)
        .csrf(&session.csrf)
        .render(&state.templates, &view)?;
    Ok((status, Html(html)).into_response())
}

/// Saves a pledge, or shows the form again with what was refused.
async fn save(
    state: &AppState,
    session: &Session,
    form: &PledgeForm,
    editing: Option<&Slug>,
) -> PageResult<Response> {
    let shown = editing.map(Slug::as_str);
    let pledge = match form.parse() {
        Ok(p) => p,
        Err(errors) => return form_page(state, session, form, shown, &errors),
    };
    let slug = pledge.slug().clone();
    let change = match editing {
        Some(_) => Change::CorrectPledge(pledge),
        None => Change::CreatePledge(pledge),
    };
    match state.apply(change, session.author()).await {
        Ok(_) => Ok(Redirect::to(&format!("/pledges/{slug}")).into_response()),
        Err(e) => {
            let errors = FieldErrors::store(e, form::field_naming(form))?;
            form_page(state, session, form, shown, &errors)
        }
    }
}

/// The form for a new pledge.
#[utoipa::path(get, path = "/pledges/new", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn new_form(
    State(state): State<AppState>,
    Editor(session): Editor,
) -> PageResult<Response> {
    let form = PledgeForm::blank(Utc::now().date_naive());
    form_page(&state, &session, &form, None, &FieldErrors::new())
}

/// Creates a pledge.
#[utoipa::path(post, path = "/pledges/new", tag = "pages",
    responses((status = 303, description = "Created"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn create(
    State(state): State<AppState>,
    Editor(session): Editor,
    Form(form): Form<PledgeForm>,
) -> PageResult<Response> {
    session.check_csrf(form.csrf.as_deref())?;
    if let Err(e) = Slug::parse_new("slug", form.slug.trim()) {
        return form_page(&state, &session, &form, None, &FieldErrors::domain(&e));
    }
    save(&state, &session, &form, None).await
}

fn live_slug(state: &AppState, raw: &str) -> Result<Slug, AppError> {
    let slug =
        Slug::parse("slug", raw).map_err(|_| AppError::NotFound(format!("pledge {raw:?}")))?;
    state
        .model
        .current()
        .catalog
        .get(&slug)
        .ok_or_else(|| AppError::NotFound(format!("pledge {raw:?}")))?;
    Ok(slug)
}

/// The form to correct a pledge.
#[utoipa::path(get, path = "/pledges/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in"), (status = 404, description = "No such pledge")))]
pub async fn edit_form(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    let slug = live_slug(&state, &raw)?;
    let record = state.db.pledge(&slug).await?;
    let form = PledgeForm::from_input(&PledgeInput::from(&record.pledge));
    form_page(
        &state,
        &session,
        &form,
        Some(slug.as_str()),
        &FieldErrors::new(),
    )
}

/// Saves corrections; the slug cannot change.
#[utoipa::path(post, path = "/pledges/{slug}/edit", tag = "pages", params(("slug" = String, Path)),
    responses((status = 303, description = "Saved"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn update(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
    Form(mut form): Form<PledgeForm>,
) -> PageResult<Response> {
    session.check_csrf(form.csrf.as_deref())?;
    let slug = live_slug(&state, &raw)?;
    form.slug = slug.to_string();
    save(&state, &session, &form, Some(&slug)).await
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CsrfOnly {
    csrf: Option<String>,
}

/// Deletes a pledge softly: it leaves every list, and an admin can restore it.
#[utoipa::path(post, path = "/pledges/{slug}/delete", tag = "pages", params(("slug" = String, Path)),
    responses((status = 303, description = "Deleted"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "It still has parts")))]
pub async fn delete(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> PageResult<Response> {
    session.check_csrf(form.csrf.as_deref())?;
    let slug = live_slug(&state, &raw)?;
    state
        .apply(Change::DeletePledge(slug), session.author())
        .await?;
    Ok(Redirect::to("/pledges").into_response())
}

/// Deleted pledges, with a button to restore each.
#[utoipa::path(get, path = "/admin/deleted", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 403, description = "Not an admin")))]
pub async fn deleted(State(state): State<AppState>, Admin(admin): Admin) -> PageResult<Response> {
    let rows = state.db.deleted_pledges().await?;
    let view = DeletedView {
        rows: rows
            .iter()
            .map(|r| DeletedRow {
                slug: r.slug.to_string(),
                title: r.title.clone(),
                at: r.deleted_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            })
            .collect(),
    };
    let html = Page::new(Nav::None)
        .csrf(&admin.csrf)
        .render(&state.templates, &view)?;
    Ok(Html(html).into_response())
}

/// Restores a deleted pledge.
#[utoipa::path(post, path = "/admin/deleted/{slug}/restore", tag = "pages", params(("slug" = String, Path)),
    responses((status = 303, description = "Restored"), (status = 403, description = "Not an admin, or no CSRF token"), (status = 404, description = "No such deleted pledge")))]
pub async fn restore(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(raw): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> PageResult<Response> {
    admin.check_csrf(form.csrf.as_deref())?;
    let slug =
        Slug::parse("slug", &raw).map_err(|_| AppError::NotFound(format!("pledge {raw:?}")))?;
    state
        .apply(Change::RestorePledge(slug.clone()), admin.author())
        .await?;
    Ok(Redirect::to(&format!("/pledges/{slug}")).into_response())
}
