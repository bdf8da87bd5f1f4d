//! Editors create and correct pledges, and delete them softly; admins restore them. Every
//! change is kept as an edit in the pledge's history. The form itself (fields as text, to
//! and from the domain) is in [`form`], the pages' typed contexts in [`view`], a form that
//! accepts a reader's contribution in [`contributed`].

pub mod contributed;
mod form;
mod view;

pub use form::PledgeForm;

use crate::auth::{Admin, Editor, Session};
use crate::error::FieldErrors;
use crate::error::{AppError, PageResult};
use crate::page::{Nav, Page};
use crate::routes::editor_forms::{self, listed_pledge};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use contributed::{Carrying, ContributionPanel};
use domain::input::PledgeInput;
use domain::*;
use persistence::Change;
use persistence::contributions::StoredContribution;
use serde::Deserialize;
use view::{DeletedRow, DeletedView, PledgeFormView};

fn form_page(
    state: &AppState,
    session: &Session,
    form: &PledgeForm,
    editing: Option<&str>,
    errors: &FieldErrors,
    carried: Option<&StoredContribution>,
) -> PageResult<Response> {
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
        contribution: carried.map(ContributionPanel::of),
    };
    editor_forms::form_page(state, session, Nav::Pledges, &view, errors)
}

/// Saves a pledge, or shows the form again with what was refused. A form carrying a
/// contribution accepts it in the same transaction.
async fn save(
    state: &AppState,
    session: &Session,
    form: &PledgeForm,
    editing: Option<&Slug>,
) -> PageResult<Response> {
    let shown = editing.map(Slug::as_str);
    let carried = contributed::load(state, &form.contribution, editing).await?;
    let carried = carried.as_ref();
    let pledge = match form.parse() {
        Ok(p) => p,
        Err(errors) => return form_page(state, session, form, shown, &errors, carried),
    };
    let slug = pledge.slug().clone();
    let change = match editing {
        Some(_) => Change::CorrectPledge(pledge),
        None => Change::CreatePledge(pledge),
    };
    let saved = match carried {
        Some(stored) => contributed::accept(state, session, stored, change).await,
        None => state
            .apply(change, session.author())
            .await
            .map(drop)
            .map_err(AppError::from),
    };
    let to = format!("/pledges/{slug}");
    editor_forms::after_save(saved, &to, form::field_naming(form), |errors| {
        form_page(state, session, form, shown, errors, carried)
    })
}

/// The form for a new pledge, prefilled from a missing-pledge contribution when one is
/// named.
#[utoipa::path(get, path = "/pledges/new", tag = "pages", params(Carrying), responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in"), (status = 400, description = "The contribution is not a pending missing pledge"), (status = 404, description = "No such contribution")))]
pub async fn new_form(
    State(state): State<AppState>,
    Editor(session): Editor,
    Query(carrying): Query<Carrying>,
) -> PageResult<Response> {
    let today = Utc::now().date_naive();
    let carried = contributed::load(&state, &carrying.contribution, None).await?;
    let form = match &carried {
        Some(stored) => PledgeForm::from_contribution(today, stored),
        None => PledgeForm::blank(today),
    };
    form_page(
        &state,
        &session,
        &form,
        None,
        &FieldErrors::new(),
        carried.as_ref(),
    )
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
        let carried = contributed::load(&state, &form.contribution, None).await?;
        let errors = FieldErrors::domain(&e);
        return form_page(&state, &session, &form, None, &errors, carried.as_ref());
    }
    save(&state, &session, &form, None).await
}

/// The form to correct a pledge, with a reader's correction beside it when one is named.
#[utoipa::path(get, path = "/pledges/{slug}/edit", tag = "pages", params(("slug" = String, Path), Carrying), responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in"), (status = 400, description = "The contribution is not a pending correction of this pledge"), (status = 404, description = "No such pledge or contribution")))]
pub async fn edit_form(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
    Query(carrying): Query<Carrying>,
) -> PageResult<Response> {
    let slug = listed_pledge(&state, &raw)?;
    let carried = contributed::load(&state, &carrying.contribution, Some(&slug)).await?;
    let record = state.db.pledge(&slug).await?;
    let mut form = PledgeForm::from_input(&PledgeInput::from(&record.pledge));
    if let Some(stored) = &carried {
        form.contribution = stored.id.to_string();
    }
    form_page(
        &state,
        &session,
        &form,
        Some(slug.as_str()),
        &FieldErrors::new(),
        carried.as_ref(),
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
    let slug = listed_pledge(&state, &raw)?;
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
    let slug = listed_pledge(&state, &raw)?;
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
