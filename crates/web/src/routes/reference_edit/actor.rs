//! The actor form: new and corrected actors (name, kind, country, member actors).

use super::view::FieldView;
use super::{FormPage, RecordForm, blank_page, joined, list, opt, stored_page, submit};
use crate::auth::Editor;
use crate::error::PageResult;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::input::ActorInput;
use domain::{ActorKind, DomainError, Slug};
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

impl RecordForm for ActorForm {
    const NOUN: &'static str = "actor";

    fn blank() -> Self {
        ActorForm {
            kind: "company".into(),
            ..ActorForm::default()
        }
    }

    async fn stored(state: &AppState, slug: &Slug) -> PageResult<Self> {
        let a = state.db.actor(slug).await?;
        Ok(ActorForm {
            csrf: None,
            slug: a.slug.to_string(),
            name: a.name.to_string(),
            kind: a.kind.code().into(),
            country: a.country.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            members: joined(&a.members),
        })
    }

    fn page<'a>(&self, editing: Option<&'a Slug>) -> FormPage<'a> {
        page(self, editing)
    }

    fn posted(&self) -> (Option<&str>, &str) {
        (self.csrf.as_deref(), &self.slug)
    }

    fn with_slug(self, slug: String) -> Self {
        ActorForm { slug, ..self }
    }

    fn change(&self, slug: String, editing: bool) -> Result<Change, DomainError> {
        let input = ActorInput {
            slug,
            name: self.name.clone(),
            kind: self.kind.clone(),
            country: opt(&self.country),
            members: list(&self.members),
            sources: vec![],
        };
        input.parse().map(|actor| match editing {
            true => Change::CorrectActor(actor),
            false => Change::CreateActor(actor),
        })
    }
}

#[utoipa::path(get, path = "/actors/new", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn new_actor(
    State(state): State<AppState>,
    Editor(session): Editor,
) -> PageResult<Response> {
    blank_page::<ActorForm>(&state, &session)
}

#[utoipa::path(post, path = "/actors/new", tag = "pages", responses((status = 303, description = "Created"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn create_actor(
    State(state): State<AppState>,
    editor: Editor,
    Form(f): Form<ActorForm>,
) -> PageResult<Response> {
    submit(&state, &editor, None, f).await
}

#[utoipa::path(get, path = "/actors/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 200, content_type = "text/html"), (status = 404, description = "No such actor")))]
pub async fn edit_actor(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    stored_page::<ActorForm>(&state, &session, &raw).await
}

#[utoipa::path(post, path = "/actors/{slug}/edit", tag = "pages", params(("slug" = String, Path)), responses((status = 303, description = "Saved"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong")))]
pub async fn update_actor(
    State(state): State<AppState>,
    editor: Editor,
    Path(raw): Path<String>,
    Form(f): Form<ActorForm>,
) -> PageResult<Response> {
    submit(&state, &editor, Some(&raw), f).await
}
