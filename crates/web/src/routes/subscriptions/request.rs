//! Asking to follow by email and confirming: the subscribe form with its CSRF cookie, the
//! request that answers the same whoever asks (double opt-in), and the confirmation link
//! that lands on a button.

use super::form::{SubscribeForm, TokenParam};
use super::page::form_page;
use crate::auth;
use crate::error::FieldErrors;
use crate::error::{AppError, PageResult};
use crate::routes::notice::{Action, notice_page};
use crate::state::AppState;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::{Duration, Utc};
use domain::{EmailAddress, Frequency, Subscription};
use i18n::{key, tr, tr_args};
use persistence::subscriptions::{PendingToken, RequestLimits, RequestOutcome};
use serde::Deserialize;
use std::net::SocketAddr;

const SUBSCRIBE_CSRF_COOKIE: &str = "pw_subscribe_csrf";
/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 48;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ScopeQuery {
    scope: Option<String>,
    target: Option<String>,
}

/// The subscribe form, for everything or for one pledge, actor, theme or event.
#[utoipa::path(get, path = "/subscribe", tag = "subscriptions", params(ScopeQuery), responses((status = 200, content_type = "text/html")))]
pub async fn subscribe_form(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<ScopeQuery>,
) -> PageResult<Response> {
    let csrf = auth::random_token();
    let jar = jar.add(auth::cookie(
        &state,
        SUBSCRIBE_CSRF_COOKIE,
        csrf.clone(),
        "/subscribe",
        Duration::hours(2),
    ));
    let form = SubscribeForm {
        csrf: Some(csrf),
        scope: q.scope.unwrap_or_else(|| "everything".into()),
        target: q.target.unwrap_or_default(),
        frequency: Frequency::Weekly.code().into(),
        change_status: Some("on".into()),
        change_deadlines: Some("on".into()),
        time_zone: "UTC".into(),
        ..SubscribeForm::default()
    };
    let page = form_page(&state, StatusCode::OK, &form, &FieldErrors::new())?;
    Ok((jar, page).into_response())
}

/// Takes a request and answers the same whatever the address's state, so the page never
/// tells who is subscribed; the mail says the rest.
#[utoipa::path(post, path = "/subscribe", tag = "subscriptions", responses((status = 200, description = "Asked to check the inbox"), (status = 400, description = "A field is wrong"), (status = 403, description = "Missing or wrong CSRF token"), (status = 429, description = "Too many subscription mails from this client, or in all, in the last hour")))]
pub async fn subscribe(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    jar: CookieJar,
    Form(form): Form<SubscribeForm>,
) -> PageResult<Response> {
    auth::check_double_submit(&jar, SUBSCRIBE_CSRF_COOKIE, form.csrf.as_deref())?;
    let email = EmailAddress::parse("email", form.email.trim());
    let choice = form.choice(&state);
    let (email, choice) = match (email, choice) {
        (Ok(email), Ok(choice)) => (email, choice),
        (email, choice) => {
            // The email first, as the form shows it.
            let mut errors = email
                .err()
                .map(|e| FieldErrors::domain(&e))
                .unwrap_or_default();
            if let Err(more) = choice {
                errors.merge(more);
            }
            return form_page(&state, FieldErrors::STATUS, &form, &errors);
        }
    };
    let lang = crate::locale::current().lang;
    let request = Subscription::request(
        email,
        choice.scope,
        choice.frequency,
        choice.changes,
        choice.time_zone,
    )?
    .in_language(lang);
    let token = auth::random_token();
    let now = Utc::now();
    let pending = PendingToken {
        hash: auth::token_hash(&token),
        expires_at: now + Duration::hours(CONFIRM_HOURS),
    };
    let mail = &state.mail;
    let client = state.client_address(peer.ip(), &headers).to_string();
    let outcome = state
        .db
        .request_subscription(
            &request,
            &client,
            &pending,
            RequestLimits {
                per_client_per_hour: mail.subscribe_per_client_per_hour,
                per_hour: mail.subscribe_per_hour,
                ..RequestLimits::default()
            },
            now,
            |outcome| {
                match outcome {
                    RequestOutcome::AlreadyConfirmed {
                        id,
                        link_version,
                        lang,
                    } => mail.reminder(&request, (id, link_version), lang, now),
                    _ => mail.confirmation(&request, &token, CONFIRM_HOURS),
                }
                .map_err(AppError::Internal)
            },
        )
        .await?;
    if outcome == RequestOutcome::Throttled {
        tracing::info!("subscription mail throttled");
    }
    if outcome == RequestOutcome::Busy {
        tracing::info!("subscription mail refused: the per-client or overall limit is reached");
        return Err(AppError::TooManyRequests(crate::error::Message::id(
            i18n::key("notice-busy"),
        )));
    }
    notice_page(
        &state,
        StatusCode::OK,
        &tr(lang, "notice-inbox-title"),
        &tr_args(
            lang,
            key("notice-inbox"),
            &[
                ("email", request.email.as_str().into()),
                ("hours", CONFIRM_HOURS.into()),
            ],
        ),
        None,
    )
}

/// The confirmation link lands on a button, so a mail scanner that follows links does
/// not confirm on the reader's behalf.
#[utoipa::path(get, path = "/subscriptions/confirm", tag = "subscriptions", params(TokenParam), responses((status = 200, content_type = "text/html")))]
pub async fn confirm_form(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let lang = crate::locale::current().lang;
    notice_page(
        &state,
        StatusCode::OK,
        &tr(lang, "notice-confirm-title"),
        &tr(lang, "notice-confirm"),
        Some(Action {
            url: "/subscriptions/confirm",
            token: &q.token,
            label: &tr(lang, "notice-confirm-button"),
            post: true,
        }),
    )
}

#[utoipa::path(post, path = "/subscriptions/confirm", tag = "subscriptions", responses((status = 200, description = "Confirmed"), (status = 400, description = "Expired or used link")))]
pub async fn confirm(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let lang = crate::locale::current().lang;
    let hash = auth::token_hash(form.token.trim());
    match state.db.confirm_subscription(&hash, Utc::now()).await? {
        Some(id) => {
            let version = state.db.subscription_record(id).await?.link_version;
            let manage = state.mail.manage_url(id, version);
            let path = manage.strip_prefix(&*state.public_url).unwrap_or(&manage);
            notice_page(
                &state,
                StatusCode::OK,
                &tr(lang, "notice-confirmed-title"),
                &tr(lang, "notice-confirmed"),
                Some(Action {
                    url: path,
                    token: "",
                    label: &tr(lang, "notice-preferences"),
                    post: false,
                }),
            )
        }
        None => notice_page(
            &state,
            StatusCode::BAD_REQUEST,
            &tr(lang, "notice-invalid-title"),
            &tr(lang, "notice-link-used"),
            None,
        ),
    }
}
