//! Contributions from readers without an account (`/contribute`): the form (CSRF by
//! double-submit cookie, a honeypot, limits per client and in all), the double opt-in
//! link for a contributor's email, and — in [`moderate`] — the editors' queue.

pub mod letters;
pub mod moderate;
pub mod replies;

use crate::auth;
use crate::error::{AppError, FieldErrors, Message, PageResult};
use crate::page::{Nav, Page, View};
use crate::routes::notice::{Action, notice_page};
use crate::state::AppState;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::{Duration, Utc};
use domain::contribution::{Contribution, ContributionInput, ContributionKind};
use domain::{DeliveryStatus, Slug};
use persistence::StoreError;
use persistence::contributions::{ConfirmToken, ContributionLimits, Submitted, Submitter};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

const CSRF_COOKIE: &str = "pw_contribute_csrf";
/// The refusal of a client over its contribution limits.
const TOO_MANY: &str = i18n::key("error-too-many-contributions");
/// How long the link confirming a contributor's email works.
pub const CONFIRM_HOURS: i64 = 48;

/// The contribution form as typed. `website` is the honeypot: hidden from people, filled
/// by bots that fill every field.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ContributeForm {
    csrf: String,
    kind: String,
    pledge: String,
    links: String,
    note: String,
    claim: String,
    delivery: String,
    title: String,
    name: String,
    email: String,
    actor: String,
    answers: String,
    website: String,
}

/// What the form page shows.
#[derive(Serialize)]
struct FormView<'a> {
    form: &'a ContributeForm,
    errors: &'a FieldErrors,
    kinds: Vec<(&'static str, &'static str)>,
    deliveries: Vec<(&'static str, &'static str)>,
    /// The pledge the form was opened from: its title, to say what the form is about.
    pledge_title: Option<String>,
    max_links: usize,
}

impl View for FormView<'_> {
    const TEMPLATE: &'static str = "contribute.html";
}

fn form_page(
    state: &AppState,
    status: StatusCode,
    form: &ContributeForm,
    errors: &FieldErrors,
) -> PageResult<Response> {
    let pledge_title = Slug::parse("pledge", form.pledge.trim())
        .ok()
        .and_then(|s| {
            let snapshot = state.model.current();
            snapshot.catalog.get(&s).map(|(p, _)| p.title.to_string())
        });
    let view = FormView {
        form,
        errors,
        kinds: ContributionKind::options(),
        deliveries: DeliveryStatus::options(),
        pledge_title,
        max_links: domain::contribution::MAX_LINKS,
    };
    // The form carries its own double-submitted CSRF token (`form.csrf`): no session.
    let html = Page::new(Nav::None).render(&state.templates, &view)?;
    Ok((status, Html(html)).into_response())
}

/// A short page: a heading and a message, with at most one button `(url, token, label)`,
/// each given as a message id and said in the request's language.
fn notice(
    state: &AppState,
    status: StatusCode,
    title: &str,
    message: &str,
    button: Option<(&str, &str, &str)>,
) -> PageResult<Response> {
    let lang = crate::locale::current().lang;
    let label = button.map(|(_, _, label)| i18n::tr(lang, label));
    let action = button
        .zip(label.as_deref())
        .map(|((url, token, _), label)| Action {
            url,
            token,
            label,
            post: true,
        });
    notice_page(
        state,
        status,
        &i18n::tr(lang, title),
        &i18n::tr(lang, message),
        action,
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ContributeQuery {
    pledge: Option<String>,
    kind: Option<String>,
    answers: Option<String>,
}

/// The contribution form, about one pledge when `pledge` names it.
#[utoipa::path(get, path = "/contribute", tag = "pages", params(ContributeQuery), responses((status = 200, content_type = "text/html")))]
pub async fn contribute_form(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<ContributeQuery>,
) -> PageResult<Response> {
    let csrf = auth::random_token();
    let jar = jar.add(auth::cookie(
        &state,
        CSRF_COOKIE,
        csrf.clone(),
        "/contribute",
        Duration::hours(2),
    ));
    let form = ContributeForm {
        csrf,
        kind: q.kind.unwrap_or_else(|| "evidence".into()),
        pledge: q.pledge.unwrap_or_default(),
        answers: q.answers.unwrap_or_default(),
        ..ContributeForm::default()
    };
    let page = form_page(&state, StatusCode::OK, &form, &FieldErrors::new())?;
    Ok((jar, page).into_response())
}

/// Checks what only the catalog knows: the pledge is tracked, the actor exists.
fn check_catalog(state: &AppState, c: &Contribution) -> FieldErrors {
    let snapshot = state.model.current();
    let mut errors = FieldErrors::new();
    if let Some(p) = &c.pledge
        && snapshot.catalog.get(p).is_none()
    {
        errors.add(
            "pledge",
            Message::id(i18n::key("contrib-no-pledge"))
                .with("quoted", format!("{:?}", p.as_str()))
                .with("bare", p.as_str()),
        );
    }
    if let Some(r) = &c.reply
        && snapshot.catalog.actor(&r.actor).is_none()
    {
        errors.add(
            "actor",
            Message::id(i18n::key("contrib-no-actor"))
                .with("quoted", format!("{:?}", r.actor.as_str()))
                .with("bare", r.actor.as_str()),
        );
    }
    errors
}

/// Takes a contribution. Answers 422 with the form and a message beside each bad field,
/// 429 past the limits, and the same thank-you page whether or not an email was left.
#[utoipa::path(post, path = "/contribute", tag = "pages", responses((status = 200, description = "Taken"), (status = 403, description = "Missing or wrong CSRF token"), (status = 422, description = "A field is wrong"), (status = 429, description = "Too many contributions from this client, or in all, in the last hour")))]
pub async fn contribute(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<ContributeForm>,
) -> PageResult<Response> {
    let expected = jar.get(CSRF_COOKIE).map(|c| c.value().to_owned());
    if !expected.is_some_and(|e| auth::same_secret(&e, &form.csrf)) {
        return Err(AppError::Forbidden(Message::id(auth::FORM_EXPIRED)));
    }
    // The same answer whether or not a mail went out (an address mailed often lately gets
    // none), so the page tells nothing about an address.
    let thanks = |email_left: bool| {
        let message = if email_left {
            i18n::key("contrib-thanks-mail")
        } else {
            i18n::key("contrib-thanks")
        };
        let title = i18n::key("contrib-thanks-title");
        notice(&state, StatusCode::OK, title, message, None)
    };
    // A bot that fills the hidden field is thanked like anyone and nothing is kept.
    if !form.website.is_empty() {
        tracing::info!("contribution dropped: the honeypot field was filled");
        return thanks(!form.email.trim().is_empty());
    }
    let input = ContributionInput {
        kind: &form.kind,
        pledge: &form.pledge,
        links: &form.links,
        note: &form.note,
        claim: &form.claim,
        delivery: &form.delivery,
        title: &form.title,
        name: &form.name,
        email: &form.email,
        actor: &form.actor,
        answers: &form.answers,
    };
    let contribution = match Contribution::parse(&input) {
        Ok(c) => c,
        Err(errors) => {
            let mut all = FieldErrors::new();
            for e in &errors {
                all.add(e.field(), e);
            }
            return form_page(&state, FieldErrors::STATUS, &form, &all);
        }
    };
    let errors = check_catalog(&state, &contribution);
    if !errors.is_empty() {
        return form_page(&state, FieldErrors::STATUS, &form, &errors);
    }
    let now = Utc::now();
    let token = contribution.email.as_ref().map(|_| auth::random_token());
    let pending = token.as_ref().map(|t| ConfirmToken {
        hash: auth::token_hash(t),
        expires_at: now + Duration::hours(CONFIRM_HOURS),
    });
    let client = state.client_address(peer.ip(), &headers).to_string();
    let submitted = state
        .db
        .submit_contribution(
            &contribution,
            Submitter {
                client: &client,
                lang: crate::locale::current().lang,
            },
            pending.as_ref(),
            ContributionLimits::default(),
            now,
            |id| {
                let to = contribution.email.as_ref().map_or("", |e| e.as_str());
                let token = token.as_deref().unwrap_or_default();
                letters::confirmation(&state, to, id, token, CONFIRM_HOURS)
                    .map_err(AppError::Internal)
            },
        )
        .await;
    match submitted {
        Ok(Submitted::Queued { .. }) => thanks(contribution.email.is_some()),
        Ok(Submitted::Busy) => {
            tracing::info!("contribution refused: the per-client or overall limit is reached");
            Err(AppError::TooManyRequests(Message::id(TOO_MANY)))
        }
        Err(AppError::Store(StoreError::Invalid(e))) => {
            form_page(&state, FieldErrors::STATUS, &form, &FieldErrors::domain(&e))
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
pub struct TokenParam {
    #[serde(default)]
    token: String,
}

/// The link in the confirmation mail lands on a button, so a mail scanner that follows
/// links confirms nothing.
#[utoipa::path(get, path = "/contribute/confirm", tag = "pages", params(TokenParam), responses((status = 200, content_type = "text/html")))]
pub async fn confirm_form(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    notice(
        &state,
        StatusCode::OK,
        i18n::key("contrib-confirm-title"),
        i18n::key("contrib-confirm-intro"),
        Some((
            "/contribute/confirm",
            &q.token,
            i18n::key("contrib-confirm-button"),
        )),
    )
}

#[utoipa::path(post, path = "/contribute/confirm", tag = "pages", responses((status = 200, description = "Confirmed"), (status = 400, description = "Expired or used link")))]
pub async fn confirm(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let hash = auth::token_hash(form.token.trim());
    match state
        .db
        .confirm_contribution_email(&hash, Utc::now())
        .await?
    {
        Some(_) => notice(
            &state,
            StatusCode::OK,
            i18n::key("contrib-confirmed-title"),
            i18n::key("contrib-confirmed"),
            None,
        ),
        None => notice(
            &state,
            StatusCode::BAD_REQUEST,
            i18n::key("contrib-link-invalid-title"),
            i18n::key("contrib-link-invalid"),
            None,
        ),
    }
}
