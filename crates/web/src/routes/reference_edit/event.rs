//! The event form: new and corrected events (name, kind, place, dates and how exactly the
//! start is known, and the sources for the dates).

use super::view::FieldView;
use super::{FormPage, RecordForm, blank_page, joined, list, opt, stored_page, submit};
use crate::auth::Editor;
use crate::error::PageResult;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::input::EventInput;
use domain::{DatePrecision, DomainError, EventKind, Slug};
use persistence::Change;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct EventForm {
    csrf: Option<String>,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    /// How exactly the start is known: day (the default), month, quarter or year.
    #[serde(default)]
    precision: String,
    /// Source slugs separated by semicolons.
    #[serde(default)]
    sources: String,
}

fn page<'a>(f: &EventForm, editing: Option<&'a Slug>) -> FormPage<'a> {
    FormPage {
        noun: "event",
        editing,
        fields: vec![
            FieldView::slug(&f.slug, editing.is_some()),
            FieldView::text("name", "Name", &f.name),
            FieldView::select("kind", "Kind", &f.kind, EventKind::options()),
            FieldView::text("location", "Location", &f.location),
            FieldView::text(
                "country",
                "Country (ISO 3166 alpha-2, optional)",
                &f.country,
            ),
            FieldView::of(
                "starts_on",
                "Starts on (leave empty while unknown)",
                &f.starts_on,
                "date",
            ),
            FieldView::of("ends_on", "Ends on", &f.ends_on, "date"),
            FieldView::select(
                "precision",
                "The start is known to the",
                &f.precision,
                DatePrecision::options(),
            ),
            FieldView::text(
                "sources",
                "Sources for the dates (slugs; separated by ;)",
                &f.sources,
            ),
        ],
    }
}

impl RecordForm for EventForm {
    const NOUN: &'static str = "event";

    fn blank() -> Self {
        EventForm {
            kind: "summit".into(),
            ..EventForm::default()
        }
    }

    async fn stored(state: &AppState, slug: &Slug) -> PageResult<Self> {
        let (e, cited) = state.db.event(slug).await?;
        Ok(EventForm {
            csrf: None,
            slug: e.slug.to_string(),
            name: e.name.to_string(),
            kind: e.kind.code().into(),
            location: e.location.map(|l| l.to_string()).unwrap_or_default(),
            country: e.country.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            starts_on: e.starts_on.map(|d| d.to_string()).unwrap_or_default(),
            ends_on: e.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            precision: e.precision.code().into(),
            sources: joined(&cited),
        })
    }

    fn page<'a>(&self, editing: Option<&'a Slug>) -> FormPage<'a> {
        page(self, editing)
    }

    fn posted(&self) -> (Option<&str>, &str) {
        (self.csrf.as_deref(), &self.slug)
    }

    fn with_slug(self, slug: String) -> Self {
        EventForm { slug, ..self }
    }

    fn change(&self, slug: String, editing: bool) -> Result<Change, DomainError> {
        let input = EventInput {
            slug,
            name: self.name.clone(),
            kind: self.kind.clone(),
            location: opt(&self.location),
            country: opt(&self.country),
            starts_on: opt(&self.starts_on),
            ends_on: opt(&self.ends_on),
            precision: opt(&self.precision),
            sources: list(&self.sources),
        };
        input.parse().map(|(event, cited)| match editing {
            true => Change::CorrectEvent { event, cited },
            false => Change::CreateEvent { event, cited },
        })
    }
}

#[utoipa::path(get, path = "/events/new", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn new_event(
    State(state): State<AppState>,
    Editor(session): Editor,
) -> PageResult<Response> {
    blank_page::<EventForm>(&state, &session)
}

#[utoipa::path(post, path = "/events/new", tag = "pages", responses((status = 303, description = "Created"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn create_event(
    State(state): State<AppState>,
    editor: Editor,
    Form(f): Form<EventForm>,
) -> PageResult<Response> {
    submit(&state, &editor, None, f).await
}

#[utoipa::path(get, path = "/events/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 200, content_type = "text/html"), (status = 404, description = "No such event")))]
pub async fn edit_event(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    stored_page::<EventForm>(&state, &session, &raw).await
}

#[utoipa::path(post, path = "/events/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 303, description = "Saved"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn update_event(
    State(state): State<AppState>,
    editor: Editor,
    Path(raw): Path<String>,
    Form(f): Form<EventForm>,
) -> PageResult<Response> {
    submit(&state, &editor, Some(&raw), f).await
}
