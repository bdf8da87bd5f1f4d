//! Editors create and correct actors and events. Each change goes to the audit trail with
//! its old and new values.

use crate::auth::{Editor, Session};
use crate::error::{AppError, PageResult};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::input::{ActorInput, EventInput};
use domain::{ActorKind, DatePrecision, EventKind, Slug};
use persistence::{Change, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tera::Context;

#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ActorForm {
    csrf: Option<String>,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    /// Member actor slugs separated by semicolons.
    #[serde(default)]
    members: String,
}

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

fn field(name: &str, label: &str, value: &str, kind: &str, options: Vec<(&str, &str)>) -> Value {
    json!({ "name": name, "label": label, "value": value, "kind": kind, "options": options })
}

struct FormPage<'a> {
    title: String,
    action: String,
    fields: Vec<Value>,
    error: Option<(&'a str, String)>,
}

fn render(
    state: &AppState,
    session: &Session,
    page: FormPage<'_>,
    status: StatusCode,
) -> PageResult<Response> {
    let mut ctx = Context::new();
    ctx.insert("nav", "");
    ctx.insert("csrf", &session.csrf);
    ctx.insert("title", &page.title);
    ctx.insert("action", &page.action);
    ctx.insert("fields", &page.fields);
    ctx.insert("error_field", &page.error.as_ref().map(|e| e.0));
    ctx.insert("error", &page.error.as_ref().map(|e| e.1.clone()));
    Ok((
        status,
        Html(state.templates.render("reference_form.html", &ctx)?),
    )
        .into_response())
}

fn actor_fields(f: &ActorForm, editing: bool) -> Vec<Value> {
    let kinds = ActorKind::options();
    vec![
        field(
            "slug",
            "Slug",
            &f.slug,
            if editing { "readonly" } else { "text" },
            vec![],
        ),
        field("name", "Name", &f.name, "text", vec![]),
        field("kind", "Kind", &f.kind, "select", kinds),
        field(
            "country",
            "Country (ISO 3166 alpha-2, optional)",
            &f.country,
            "text",
            vec![],
        ),
        field(
            "members",
            "Members (actor slugs; separated by ;)",
            &f.members,
            "text",
            vec![],
        ),
    ]
}

fn event_fields(f: &EventForm, editing: bool) -> Vec<Value> {
    let kinds = EventKind::options();
    vec![
        field(
            "slug",
            "Slug",
            &f.slug,
            if editing { "readonly" } else { "text" },
            vec![],
        ),
        field("name", "Name", &f.name, "text", vec![]),
        field("kind", "Kind", &f.kind, "select", kinds),
        field("location", "Location", &f.location, "text", vec![]),
        field(
            "country",
            "Country (ISO 3166 alpha-2, optional)",
            &f.country,
            "text",
            vec![],
        ),
        field(
            "starts_on",
            "Starts on (leave empty while unknown)",
            &f.starts_on,
            "date",
            vec![],
        ),
        field("ends_on", "Ends on", &f.ends_on, "date", vec![]),
        field(
            "precision",
            "The start is known to the",
            &f.precision,
            "select",
            DatePrecision::options(),
        ),
        field(
            "sources",
            "Sources for the dates (slugs; separated by ;)",
            &f.sources,
            "text",
            vec![],
        ),
    ]
}

fn problem_of(e: &StoreError) -> (&'static str, String) {
    match e {
        StoreError::Invalid(d) => (d.field(), d.to_string()),
        StoreError::Conflict { .. } => ("slug", "slug: this slug is taken".into()),
        StoreError::MissingReference { missing, .. } if missing.starts_with("source") => {
            ("sources", format!("sources: {missing} does not exist"))
        }
        StoreError::MissingReference { missing, .. } => {
            ("members", format!("members: {missing} does not exist"))
        }
        other => ("form", other.to_string()),
    }
}

/// `new` names the creation form, so nothing may take it as its slug.
fn reserve_new(slug: &str, editing: bool) -> Result<(), AppError> {
    if !editing && slug.trim() == "new" {
        return Err(AppError::BadRequest {
            field: "slug".into(),
            message: "slug: new is reserved".into(),
        });
    }
    Ok(())
}

/// What was saved, for the audit trail and the redirect.
struct Saved<'a> {
    kind: &'static str,
    slug: &'a str,
}

/// Goes to the saved page, or shows the form again with the problem.
fn finish(
    result: Result<persistence::Applied, StoreError>,
    saved: Saved<'_>,
    fail: impl FnOnce((&'static str, String)) -> PageResult<Response>,
) -> PageResult<Response> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/{}s/{}", saved.kind, saved.slug)).into_response()),
        Err(e) if e.is_server_side() => Err(e.into()),
        Err(e) => fail(problem_of(&e)),
    }
}

fn parse_slug(what: &str, raw: &str) -> Result<Slug, AppError> {
    Slug::parse("slug", raw).map_err(|_| AppError::NotFound(format!("{what} {raw:?}")))
}

#[utoipa::path(get, path = "/actors/new", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn new_actor(
    State(state): State<AppState>,
    Editor(session): Editor,
) -> PageResult<Response> {
    let f = ActorForm {
        kind: "company".into(),
        ..ActorForm::default()
    };
    render(
        &state,
        &session,
        FormPage {
            title: "New actor".into(),
            action: "/actors/new".into(),
            fields: actor_fields(&f, false),
            error: None,
        },
        StatusCode::OK,
    )
}

async fn save_actor(
    state: &AppState,
    session: &Session,
    f: ActorForm,
    editing: Option<Slug>,
) -> PageResult<Response> {
    session.check_csrf(f.csrf.as_deref())?;
    reserve_new(&f.slug, editing.is_some())?;
    let action = editing
        .as_ref()
        .map_or("/actors/new".to_owned(), |s| format!("/actors/{s}/edit"));
    let title = if editing.is_some() {
        "Correct an actor"
    } else {
        "New actor"
    };
    let slug = editing
        .as_ref()
        .map_or(f.slug.trim().to_owned(), ToString::to_string);
    let input = ActorInput {
        slug: slug.clone(),
        name: f.name.clone(),
        kind: f.kind.clone(),
        country: opt(&f.country),
        members: list(&f.members),
        sources: vec![],
    };
    let fail = |problem: (&'static str, String)| {
        let shown = ActorForm {
            slug: slug.clone(),
            ..f.clone()
        };
        render(
            state,
            session,
            FormPage {
                title: title.into(),
                action: action.clone(),
                fields: actor_fields(&shown, editing.is_some()),
                error: Some(problem),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let actor = match input.parse() {
        Ok(a) => a,
        Err(e) => return fail((e.field(), e.to_string())),
    };
    let change = match &editing {
        Some(_) => Change::CorrectActor(actor),
        None => Change::CreateActor(actor),
    };
    let result = state.apply(change, session.author()).await;
    finish(
        result,
        Saved {
            kind: "actor",
            slug: &slug,
        },
        fail,
    )
}

#[utoipa::path(post, path = "/actors/new", tag = "pages", responses((status = 303, description = "Created"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn create_actor(
    State(state): State<AppState>,
    Editor(session): Editor,
    Form(f): Form<ActorForm>,
) -> PageResult<Response> {
    save_actor(&state, &session, f, None).await
}

#[utoipa::path(get, path = "/actors/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 200, content_type = "text/html"), (status = 404, description = "No such actor")))]
pub async fn edit_actor(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    let a = state.db.actor(&parse_slug("actor", &raw)?).await?;
    let f = ActorForm {
        csrf: None,
        slug: a.slug.to_string(),
        name: a.name.to_string(),
        kind: a.kind.code().into(),
        country: a.country.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        members: a
            .members
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    };
    render(
        &state,
        &session,
        FormPage {
            title: "Correct an actor".into(),
            action: format!("/actors/{}/edit", a.slug),
            fields: actor_fields(&f, true),
            error: None,
        },
        StatusCode::OK,
    )
}

#[utoipa::path(post, path = "/actors/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 303, description = "Saved"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn update_actor(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
    Form(f): Form<ActorForm>,
) -> PageResult<Response> {
    let slug = parse_slug("actor", &raw)?;
    state.db.actor(&slug).await?;
    save_actor(&state, &session, f, Some(slug)).await
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
    render(
        &state,
        &session,
        FormPage {
            title: "New event".into(),
            action: "/events/new".into(),
            fields: event_fields(&f, false),
            error: None,
        },
        StatusCode::OK,
    )
}

async fn save_event(
    state: &AppState,
    session: &Session,
    f: EventForm,
    editing: Option<Slug>,
) -> PageResult<Response> {
    session.check_csrf(f.csrf.as_deref())?;
    reserve_new(&f.slug, editing.is_some())?;
    let action = editing
        .as_ref()
        .map_or("/events/new".to_owned(), |s| format!("/events/{s}/edit"));
    let title = if editing.is_some() {
        "Correct an event"
    } else {
        "New event"
    };
    let slug = editing
        .as_ref()
        .map_or(f.slug.trim().to_owned(), ToString::to_string);
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
    let fail = |problem: (&'static str, String)| {
        let shown = EventForm {
            slug: slug.clone(),
            ..f.clone()
        };
        render(
            state,
            session,
            FormPage {
                title: title.into(),
                action: action.clone(),
                fields: event_fields(&shown, editing.is_some()),
                error: Some(problem),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let (event, cited) = match input.parse() {
        Ok(v) => v,
        Err(e) => return fail((e.field(), e.to_string())),
    };
    let change = match &editing {
        Some(_) => Change::CorrectEvent { event, cited },
        None => Change::CreateEvent { event, cited },
    };
    let result = state.apply(change, session.author()).await;
    finish(
        result,
        Saved {
            kind: "event",
            slug: &slug,
        },
        fail,
    )
}

#[utoipa::path(post, path = "/events/new", tag = "pages", responses((status = 303, description = "Created"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn create_event(
    State(state): State<AppState>,
    Editor(session): Editor,
    Form(f): Form<EventForm>,
) -> PageResult<Response> {
    save_event(&state, &session, f, None).await
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
        sources: cited
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    };
    render(
        &state,
        &session,
        FormPage {
            title: "Correct an event".into(),
            action: format!("/events/{}/edit", e.slug),
            fields: event_fields(&f, true),
            error: None,
        },
        StatusCode::OK,
    )
}

#[utoipa::path(post, path = "/events/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 303, description = "Saved"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn update_event(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
    Form(f): Form<EventForm>,
) -> PageResult<Response> {
    let slug = parse_slug("event", &raw)?;
    state.db.event(&slug).await?;
    save_event(&state, &session, f, Some(slug)).await
}
