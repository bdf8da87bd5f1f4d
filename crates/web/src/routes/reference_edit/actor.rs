//! The actor form: new and corrected actors (name, kind, country, member actors).

use super::view::FieldView;
use super::{FormPage, Submitted, joined, list, opt, parse_slug, save};
use crate::auth::Editor;
use crate::error::FieldErrors;
use crate::error::PageResult;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::input::ActorInput;
use domain::{ActorKind, Slug};
use persistence::Change;
use serde::{Deserialize, Serialize};

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

fn page<'a>(f: &ActorForm, editing: Option<&'a Slug>) -> FormPage<'a> {
    FormPage {
        noun: "actor",
        editing,
        fields: vec![
            FieldView::slug(&f.slug, editing.is_some()),
            FieldView::text("name", "Name", &f.name),
            FieldView::select("kind", "Kind", &f.kind, ActorKind::options()),
            FieldView::text(
                "country",
                "Country (ISO 3166 alpha-2, optional)",
                &f.country,
            ),
            FieldView::text(
                "members",
                "Members (actor slugs; separated by ;)",
                &f.members,
            ),
        ],
    }
}

async fn save_actor(
    state: &AppState,
    editor: &Editor,
    f: ActorForm,
    editing: Option<&Slug>,
) -> PageResult<Response> {
    let slug = editing.map_or(f.slug.trim().to_owned(), ToString::to_string);
    let input = ActorInput {
        slug: slug.clone(),
        name: f.name.clone(),
        kind: f.kind.clone(),
        country: opt(&f.country),
        members: list(&f.members),
        sources: vec![],
    };
    let change = input.parse().map(|actor| match editing {
        Some(_) => Change::CorrectActor(actor),
        None => Change::CreateActor(actor),
    });
    let shown = ActorForm {
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

#[utoipa::path(get, path = "/actors/new", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn new_actor(
    State(state): State<AppState>,
    Editor(session): Editor,
) -> PageResult<Response> {
    let f = ActorForm {
        kind: "company".into(),
        ..ActorForm::default()
    };
    page(&f, None).render(&state, &session, &FieldErrors::new())
}

#[utoipa::path(post, path = "/actors/new", tag = "pages", responses((status = 303, description = "Created"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn create_actor(
    State(state): State<AppState>,
    editor: Editor,
    Form(f): Form<ActorForm>,
) -> PageResult<Response> {
    save_actor(&state, &editor, f, None).await
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
        members: joined(&a.members),
    };
    page(&f, Some(&a.slug)).render(&state, &session, &FieldErrors::new())
}

#[utoipa::path(post, path = "/actors/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 303, description = "Saved"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn update_actor(
    State(state): State<AppState>,
    editor: Editor,
    Path(raw): Path<String>,
    Form(f): Form<ActorForm>,
) -> PageResult<Response> {
    let slug = parse_slug("actor", &raw)?;
    state.db.actor(&slug).await?;
    save_actor(&state, &editor, f, Some(&slug)).await
}
