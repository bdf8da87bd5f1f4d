//! Editors create and correct pledges, and delete them softly; admins restore them. Lists
//! are written one per line so the form needs no JavaScript; every change is kept as an
//! edit in the pledge's history.

use crate::auth::{Admin, Editor, Session};
use crate::error::{AppError, PageResult};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::input::{
    ConditionInput, DeadlineInput, MoneyInput, PledgeActorInput, PledgeInput, QuoteInput,
};
use domain::*;
use persistence::{Change, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tera::Context;

/// The pledge form: the input fields of a pledge, lists as text.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct PledgeForm {
    csrf: Option<String>,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    kind: String,
    /// Theme codes separated by commas or spaces.
    #[serde(default)]
    themes: String,
    #[serde(default)]
    event: String,
    #[serde(default)]
    announced_on: String,
    #[serde(default)]
    strength: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    supersedes: String,
    #[serde(default)]
    contested: Option<String>,
    /// Source slugs separated by semicolons.
    #[serde(default)]
    sources: String,
    /// `actor:role` pairs separated by semicolons.
    #[serde(default)]
    actors: String,
    #[serde(default)]
    deadline_date: String,
    #[serde(default)]
    deadline_precision: String,
    #[serde(default)]
    deadline_event: String,
    #[serde(default)]
    deadline_text: String,
    #[serde(default)]
    quote_text: String,
    #[serde(default)]
    quote_language: String,
    #[serde(default)]
    quote_source: String,
    /// One condition a line: `state | text | source`.
    #[serde(default)]
    conditions: String,
    /// One figure a line: `stage | amount or min-max | currency | value date | source | note`.
    #[serde(default)]
    money: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn split(s: &str, seps: &[char]) -> Vec<String> {
    s.split(seps)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

type Problem = (&'static str, String);

impl PledgeForm {
    fn from_input(i: &PledgeInput) -> Self {
        let d = i.deadline.clone().unwrap_or_default();
        Self {
            csrf: None,
            slug: i.slug.clone(),
            title: i.title.clone(),
            summary: i.summary.clone(),
            kind: i.kind.clone(),
            themes: i.themes.join(", "),
            event: i.event.clone().unwrap_or_default(),
            announced_on: i.announced_on.clone(),
            strength: i.strength.clone(),
            parent: i.parent.clone().unwrap_or_default(),
            supersedes: i.supersedes.clone().unwrap_or_default(),
            contested: i.contested.then(|| "on".to_owned()),
            sources: i.sources.join("; "),
            actors: i
                .actors
                .iter()
                .map(|a| format!("{}:{}", a.actor, a.role))
                .collect::<Vec<_>>()
                .join("; "),
            deadline_date: d.date.unwrap_or_default(),
            deadline_precision: d.precision.unwrap_or_default(),
            deadline_event: d.event.unwrap_or_default(),
            deadline_text: d.text.unwrap_or_default(),
            quote_text: i.quote.as_ref().map(|q| q.text.clone()).unwrap_or_default(),
            quote_language: i
                .quote
                .as_ref()
                .map(|q| q.language.clone())
                .unwrap_or_default(),
            quote_source: i
                .quote
                .as_ref()
                .map(|q| q.source.clone())
                .unwrap_or_default(),
            conditions: i
                .conditions
                .iter()
                .map(|c| {
                    format!(
                        "{} | {} | {}",
                        c.state,
                        c.text,
                        c.source.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            money: i
                .money
                .iter()
                .map(|m| {
                    let amount = m.amount.clone().unwrap_or_else(|| {
                        format!(
                            "{}-{}",
                            m.min.clone().unwrap_or_default(),
                            m.max.clone().unwrap_or_default()
                        )
                    });
                    // A fundraising aim is written as the stage "aim" on the form.
                    let stage = match m.kind.as_deref() {
                        Some("aim") => "aim",
                        _ => m.stage.as_str(),
                    };
                    format!(
                        "{} | {} | {} | {} | {} | {}",
                        stage,
                        amount,
                        m.currency,
                        m.value_date,
                        m.source,
                        m.note.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn to_input(&self) -> Result<PledgeInput, Problem> {
        let actors = split(&self.actors, &[';', '\n'])
            .into_iter()
            .map(|pair| {
                pair.split_once(':')
                    .map(|(a, r)| PledgeActorInput {
                        actor: a.trim().to_owned(),
                        role: r.trim().to_owned(),
                    })
                    .ok_or(("actors", format!("actors: {pair:?} is not actor:role")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let conditions = self
            .conditions
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let parts: Vec<&str> = l.split('|').map(str::trim).collect();
                match parts.as_slice() {
                    [state, text] => Ok(ConditionInput {
                        state: (*state).into(),
                        text: (*text).into(),
                        source: None,
                    }),
                    [state, text, source] => Ok(ConditionInput {
                        state: (*state).into(),
                        text: (*text).into(),
                        source: opt(source),
                    }),
                    _ => Err((
                        "conditions",
                        format!("conditions: {l:?} is not state | text | source"),
                    )),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let money = self
            .money
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let parts: Vec<&str> = l.split('|').map(str::trim).collect();
                if parts.len() < 5 || parts.len() > 6 {
                    return Err(("money", format!("money: {l:?} is not stage | amount | currency | value date | source | note")));
                }
                let (amount, min, max) = match parts[1].split_once('-') {
                    Some((lo, hi)) if !lo.is_empty() => (None, Some(lo.trim().to_owned()), Some(hi.trim().to_owned())),
                    _ => (Some(parts[1].to_owned()), None, None),
                };
                let (stage, kind) = match parts[0] {
                    "aim" => ("announced", Some("aim".to_owned())),
                    other => (other, None),
                };
                Ok(MoneyInput {
                    stage: stage.into(),
                    kind,
                    amount,
                    min,
                    max,
                    currency: parts[2].into(),
                    value_date: parts[3].into(),
                    basis: "stated".into(),
                    source: parts[4].into(),
                    note: parts.get(5).and_then(|n| opt(n)),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let deadline = DeadlineInput {
            date: opt(&self.deadline_date),
            precision: opt(&self.deadline_precision),
            event: opt(&self.deadline_event),
            text: opt(&self.deadline_text),
        };
        let has_deadline = deadline.date.is_some() || deadline.event.is_some();
        Ok(PledgeInput {
            slug: self.slug.trim().to_owned(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            kind: self.kind.clone(),
            themes: split(&self.themes, &[',', ' ', ';']),
            event: opt(&self.event),
            announced_on: self.announced_on.clone(),
            strength: self.strength.clone(),
            parent: opt(&self.parent),
            supersedes: opt(&self.supersedes),
            contested: self.contested.is_some(),
            sources: split(&self.sources, &[';', ',', '\n']),
            quote: opt(&self.quote_text).map(|text| QuoteInput {
                text,
                language: self.quote_language.trim().to_owned(),
                source: self.quote_source.trim().to_owned(),
            }),
            actors,
            deadline: has_deadline.then_some(deadline),
            conditions,
            money,
        })
    }

    fn parse(&self) -> Result<Pledge, Problem> {
        let input = self.to_input()?;
        input.parse().map_err(|e| (e.field(), e.to_string()))
    }
}

fn form_page(
    state: &AppState,
    session: &Session,
    form: &PledgeForm,
    editing: Option<&str>,
    problem: Option<&Problem>,
    status: StatusCode,
) -> PageResult<Response> {
    let mut errors = BTreeMap::new();
    if let Some((field, message)) = problem {
        errors.insert(field.to_string(), message.clone());
    }
    let mut ctx = Context::new();
    ctx.insert("nav", "pledges");
    ctx.insert("csrf", &session.csrf);
    ctx.insert("form", form);
    ctx.insert("editing", &editing);
    ctx.insert("errors", &errors);
    ctx.insert("kinds", &PledgeKind::options());
    ctx.insert("strengths", &Strength::options());
    ctx.insert("precisions", &DatePrecision::options());
    ctx.insert(
        "theme_codes",
        &Theme::ALL
            .iter()
            .map(|t| t.code())
            .collect::<Vec<_>>()
            .join(", "),
    );
    ctx.insert(
        "events",
        &state
            .model
            .current()
            .catalog
            .events()
            .iter()
            .map(|e| (e.slug.to_string(), e.name.to_string()))
            .collect::<Vec<_>>(),
    );
    Ok((
        status,
        Html(state.templates.render("pledge_form.html", &ctx)?),
    )
        .into_response())
}

fn field_of(e: &StoreError) -> Problem {
    match e {
        StoreError::Invalid(d) => (d.field(), d.to_string()),
        StoreError::Conflict { .. } => (
            "slug",
            "slug: a pledge with this slug already exists".into(),
        ),
        StoreError::MissingReference { missing, .. } => {
            let field = match missing.split(' ').next().unwrap_or("") {
                "source" => "sources",
                "actor" => "actors",
                "event" => "event",
                _ => "parent",
            };
            (field, format!("{field}: {missing} does not exist"))
        }
        other => ("form", other.to_string()),
    }
}

/// The form for a new pledge.
#[utoipa::path(get, path = "/pledges/new", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn new_form(
    State(state): State<AppState>,
    Editor(session): Editor,
) -> PageResult<Response> {
    let form = PledgeForm {
        kind: "investment".into(),
        strength: "announced".into(),
        announced_on: Utc::now().date_naive().to_string(),
        ..PledgeForm::default()
    };
    form_page(&state, &session, &form, None, None, StatusCode::OK)
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
    if form.slug.trim() == "new" {
        let problem = ("slug", "slug: new is reserved".to_owned());
        return form_page(
            &state,
            &session,
            &form,
            None,
            Some(&problem),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let pledge = match form.parse() {
        Ok(p) => p,
        Err(problem) => {
            return form_page(
                &state,
                &session,
                &form,
                None,
                Some(&problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let slug = pledge.slug().clone();
    if let Err(e) = state
        .apply(Change::CreatePledge(pledge), session.author())
        .await
    {
        return match e {
            e if e.is_server_side() => Err(e.into()),
            other => form_page(
                &state,
                &session,
                &form,
                None,
                Some(&field_of(&other)),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        };
    }
    Ok(Redirect::to(&format!("/pledges/{slug}")).into_response())
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
        None,
        StatusCode::OK,
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
    let pledge = match form.parse() {
        Ok(p) => p,
        Err(problem) => {
            return form_page(
                &state,
                &session,
                &form,
                Some(slug.as_str()),
                Some(&problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    match state
        .apply(Change::CorrectPledge(pledge), session.author())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/pledges/{slug}")).into_response()),
        Err(e) if e.is_server_side() => Err(e.into()),
        Err(other) => form_page(
            &state,
            &session,
            &form,
            Some(slug.as_str()),
            Some(&field_of(&other)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
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
    let mut ctx = Context::new();
    ctx.insert("nav", "");
    ctx.insert("csrf", &admin.csrf);
    ctx.insert("rows", &rows.iter().map(|r| serde_json::json!({ "slug": r.slug.as_str(), "title": r.title, "at": r.deleted_at.format("%Y-%m-%d %H:%M UTC").to_string() })).collect::<Vec<_>>());
    Ok(Html(state.templates.render("admin_deleted.html", &ctx)?).into_response())
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
