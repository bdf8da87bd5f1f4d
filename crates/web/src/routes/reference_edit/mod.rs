//! Editors create and correct actors and events. Each change goes to the audit trail with
//! its old and new values. The forms of each are in [`actor`] and [`event`]; what they
//! share (the flow around a [`RecordForm`]: loading, saving, refusing, the page) is here,
//! and the page's typed context in [`view`].

mod actor;
mod event;
mod view;

pub use actor::*;
pub use event::*;

use crate::auth::{Editor, Session};
use crate::error::FieldErrors;
use crate::error::{AppError, PageResult};
use crate::page::Nav;
use crate::routes::editor_forms::{after_save, form_page};
use crate::state::AppState;
use axum::response::Response;
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
        form_page(state, session, Nav::None, &view, errors)
    }
}

/// What differs between the actor and the event form; [`blank_page`], [`stored_page`] and
/// [`submit`] are the flow they share.
trait RecordForm: Sized {
    /// The record's noun in its paths and in "not found": `actor` or `event`.
    const NOUN: &'static str;

    /// The form for a new record.
    fn blank() -> Self;

    /// The stored record as a filled form; a missing one is not found.
    async fn stored(state: &AppState, slug: &Slug) -> PageResult<Self>;

    /// The page showing this form, correcting `editing` or (none) creating a record.
    fn page<'a>(&self, editing: Option<&'a Slug>) -> FormPage<'a>;

    /// The CSRF token posted, and the slug typed (a new record's).
    fn posted(&self) -> (Option<&str>, &str);

    /// The form as shown again: with the slug it was saved under.
    fn with_slug(self, slug: String) -> Self;

    /// The change the form asks for on the record `slug` (a correction when `editing`),
    /// or why the domain refuses it.
    fn change(&self, slug: String, editing: bool) -> Result<Change, DomainError>;
}

/// The form for a new record.
fn blank_page<F: RecordForm>(state: &AppState, session: &Session) -> PageResult<Response> {
    F::blank()
        .page(None)
        .render(state, session, &FieldErrors::new())
}

/// The form to correct the record named `raw` in the path.
async fn stored_page<F: RecordForm>(
    state: &AppState,
    session: &Session,
    raw: &str,
) -> PageResult<Response> {
    let slug = parse_slug(F::NOUN, raw)?;
    let form = F::stored(state, &slug).await?;
    form.page(Some(&slug))
        .render(state, session, &FieldErrors::new())
}

/// The field of these forms that names a record of `kind`: sources are cited by both, and
/// the other records named are an actor's members.
fn field_naming(kind: Kind, _slug: &str) -> &'static str {
    match kind {
        Kind::Source => "sources",
        _ => "members",
    }
}

/// Saves a submitted form, a new record or (`raw`, the path's slug) a correction, and goes
/// to the saved page, or shows the form again with what was refused. A correction of a
/// record that does not exist is not found before anything else is read. `new` names the
/// creation form, so nothing may take it as its slug.
async fn submit<F: RecordForm>(
    state: &AppState,
    editor: &Editor,
    raw: Option<&str>,
    form: F,
) -> PageResult<Response> {
    let editing = match raw {
        Some(raw) => {
            let slug = parse_slug(F::NOUN, raw)?;
            F::stored(state, &slug).await?;
            Some(slug)
        }
        None => None,
    };
    let editing = editing.as_ref();
    let session = &editor.0;
    let (csrf, typed) = form.posted();
    session.check_csrf(csrf)?;
    let slug = editing.map_or(typed.trim().to_owned(), ToString::to_string);
    let change = form.change(slug.clone(), editing.is_some());
    let page = form.with_slug(slug.clone()).page(editing);
    if editing.is_none()
        && let Err(e) = Slug::parse_new("slug", &slug)
    {
        return page.render(state, session, &FieldErrors::domain(&e));
    }
    let change = match change {
        Ok(c) => c,
        Err(e) => return page.render(state, session, &FieldErrors::domain(&e)),
    };
    let saved = state.apply(change, session.author()).await;
    after_save(
        saved,
        &format!("/{}s/{slug}", F::NOUN),
        field_naming,
        |errors| page.render(state, session, errors),
    )
}

fn parse_slug(what: &str, raw: &str) -> Result<Slug, AppError> {
    Slug::parse("slug", raw).map_err(|_| AppError::NotFound(format!("{what} {raw:?}")))
}
