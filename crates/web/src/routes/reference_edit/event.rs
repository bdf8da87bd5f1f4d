//! The event form: new and corrected events (name, kind, place, dates and how exactly the
//! start is known, and the sources for the dates).

use super::view::FieldView;
use super::{FormPage, Submitted, joined, list, opt, parse_slug, save};
use crate::auth::Editor;
use crate::error::FieldErrors;
use crate::error::PageResult;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::input::EventInput;
use domain::{DatePrecision, EventKind, Slug};
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

async fn save_event(
    state: &AppState,
    editor: &Editor,
    f: EventForm,
    editing: Option<&Slug>,
) -> PageResult<Response> {
    let slug = editing.map_or(f.slug.trim().to_owned(), ToString::to_string);
    let input = EventInput {
        slug: slug.clone(),
        name: f.name.clone(),
        kind: f.kind.clone(),
        location: opt(&f.location),
        country: opt(&f.country),
        starts_on: opt(&f.starts_on),
        ends_on: opt(&f.ends_on),
        precision: opt(&f.precision),
        sources: list(&f.sources),
    };
    let change = input.parse().map(|(event, cited)| match editing {
        Some(_) => Change::CorrectEvent { event, cited },
        None => Change::CreateEvent { event, cited },
    });
    let shown = EventForm {
        slug: slug.clone(),
        ..f.clone()
    };
    let submitted = Submitted {
        page: page(&shown, editing),
        slug,
        change,
    };
    save(state, &editor.0, f.csrf.as_deref(), submitted).await
}

#[utoipa::path(get, path = "/events/new", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn new_event(
    State(state): State<AppState>,
    Editor(session): Editor,
) -> PageResult<Response> {
    let f = EventForm {
        kind: "summit".into(),
        ..EventForm::default()
    };
    page(&f, None).render(&state, &session, &FieldErrors::new())
}

#[utoipa::path(post, path = "/events/new", tag = "pages", responses((status = 303, description = "Created"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn create_event(
    State(state): State<AppState>,
    editor: Editor,
    Form(f): Form<EventForm>,
) -> PageResult<Response> {
    save_event(&state, &editor, f, None).await
}

#[utoipa::path(get, path = "/events/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 200, content_type = "text/html"), (status = 404, description = "No such event")))]
pub async fn edit_event(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    let (e, cited) = state.db.event(&parse_slug("event", &raw)?).await?;
    let f = EventForm {
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
    };
    page(&f, Some(&e.slug)).render(&state, &session, &FieldErrors::new())
}

#[utoipa::path(post, path = "/events/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 303, description = "Saved"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn update_event(
    State(state): State<AppState>,
    editor: Editor,
    Path(raw): Path<String>,
    Form(f): Form<EventForm>,
) -> PageResult<Response> {
    let slug = parse_slug("event", &raw)?;
    state.db.event(&slug).await?;
    save_event(&state, &editor, f, Some(&slug)).await
}
