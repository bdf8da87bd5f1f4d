//! Editors create and correct actors and events. Each change goes to the audit trail with
//! its old and new values. The forms of each are in [`actor`] and [`event`]; what they
//! share (saving, refusing, the page) is here, and the page's typed context in [`view`].

mod actor;
mod event;
mod view;

pub use actor::*;
pub use event::*;

use crate::auth::Session;
use crate::error::FieldErrors;
use crate::error::{AppError, PageResult};
use crate::page::{Nav, Page};
use crate::state::AppState;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::{DomainError, Slug};
use persistence::{Change, Kind};
use view::{FieldView, ReferenceFormView};

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn list(s: &str) -> Vec<String> {
    s.split([';', ',', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn joined(slugs: &[Slug]) -> String {
    slugs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The form page of one actor or event: `noun` is "actor" or "event".
struct FormPage<'a> {
    noun: &'static str,
    /// The record being corrected; none for a new one.
    editing: Option<&'a Slug>,
    fields: Vec<FieldView>,
}

impl FormPage<'_> {
    fn render(
        self,
        state: &AppState,
        session: &Session,
        errors: &FieldErrors,
    ) -> PageResult<Response> {
        let (title, action) = match self.editing {
            Some(slug) => (
                format!("Correct an {}", self.noun),
                format!("/{}s/{slug}/edit", self.noun),
            ),
            None => (format!("New {}", self.noun), format!("/{}s/new", self.noun)),
        };
        let view = ReferenceFormView {
            title: &title,
            action: &action,
            fields: self.fields,
            error_field: None,
            error: None,
        }
        .errors(errors);
        let status = if errors.is_empty() {
            axum::http::StatusCode::OK
        } else {
            FieldErrors::STATUS
        };
        let html = Page::new(Nav::None)
            .csrf(&session.csrf)
            .render(&state.templates, &view)?;
        Ok((status, Html(html)).into_response())
    }
}

/// A submitted actor or event form, read: the change it asks for (or why the domain
/// refused it), and its fields to show again if it is refused.
struct Submitted<'a> {
    page: FormPage<'a>,
    /// The slug typed (new) or of the page (correction).
    slug: String,
    change: Result<Change, DomainError>,
}

/// The field of these forms that names a record of `kind`: sources are cited by both, and
/// the other records named are an actor's members.
fn field_naming(kind: Kind, _slug: &str) -> &'static str {
    match kind {
        Kind::Source => "sources",
        _ => "members",
    }
}

/// Saves a submitted form and goes to the saved page, or shows the form again with what
/// was refused. `new` names the creation form, so nothing may take it as its slug.
async fn save(
    state: &AppState,
    session: &Session,
    csrf: Option<&str>,
    submitted: Submitted<'_>,
) -> PageResult<Response> {
    session.check_csrf(csrf)?;
    let Submitted { page, slug, change } = submitted;
    if page.editing.is_none()
        && let Err(e) = Slug::parse_new("slug", &slug)
    {
        return page.render(state, session, &FieldErrors::domain(&e));
    }
    let change = match change {
        Ok(c) => c,
        Err(e) => return page.render(state, session, &FieldErrors::domain(&e)),
    };
    match state.apply(change, session.author()).await {
        Ok(_) => Ok(Redirect::to(&format!("/{}s/{slug}", page.noun)).into_response()),
        Err(e) => {
            let errors = FieldErrors::store(e, field_naming)?;
            page.render(state, session, &errors)
        }
    }
}

fn parse_slug(what: &str, raw: &str) -> Result<Slug, AppError> {
    Slug::parse("slug", raw).map_err(|_| AppError::NotFound(format!("{what} {raw:?}")))
}
