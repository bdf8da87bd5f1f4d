//! What is kept about a subscriber's address: downloaded as JSON, erased, and the signed
//! links mailed so far revoked.

use super::form::TokenParam;
use super::manage::linked;
use crate::error::{AppError, PageResult};
use crate::mail::links::Purpose;
use crate::routes::notice::notice_page;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use i18n::{tr, tr_args};
use serde::Serialize;

/// The download: the address, and everything kept about it.
#[derive(Serialize)]
struct SubscriberExport<'a> {
    email: &'a str,
    exported_at: String,
    subscriptions: Vec<SubscriptionExport>,
    messages: Vec<MessageExport<'a>>,
}

#[derive(Serialize)]
struct MessageExport<'a> {
    kind: &'a str,
    subject: &'a str,
    status: &'a str,
    created_at: String,
    sent_at: Option<String>,
}

#[derive(Serialize)]
struct SubscriptionExport {
    scope: String,
    target: Option<String>,
    frequency: &'static str,
    changes: Vec<&'static str>,
    time_zone: String,
    state: &'static str,
    created_at: String,
    confirmed_at: Option<String>,
    last_digest_at: Option<String>,
}

/// Everything kept about the address, as JSON.
#[utoipa::path(get, path = "/subscriptions/data", tag = "subscriptions", params(TokenParam), responses((status = 200, content_type = "application/json"), (status = 400, description = "Not a valid link")))]
pub async fn download(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &q.token).await?;
    let email = &stored.subscription.email;
    let data = state.db.subscriber_data(email).await?;
    let body = SubscriberExport {
        email: email.as_str(),
        exported_at: Utc::now().to_rfc3339(),
        subscriptions: data
            .subscriptions
            .iter()
            .map(|s| SubscriptionExport {
                scope: s.subscription.scope.kind().to_owned(),
                target: s.subscription.scope.target().map(str::to_owned),
                frequency: s.subscription.frequency.code(),
                changes: s.subscription.changes.iter().map(|c| c.code()).collect(),
                time_zone: s.subscription.time_zone.as_str().to_owned(),
                state: s.subscription.state.code(),
                created_at: s.created_at.to_rfc3339(),
                confirmed_at: s.confirmed_at.map(|t| t.to_rfc3339()),
                last_digest_at: s.last_digest_at.map(|t| t.to_rfc3339()),
            })
            .collect(),
        messages: data
            .messages
            .iter()
            .map(|m| MessageExport {
                kind: &m.kind,
                subject: &m.subject,
                status: &m.status,
                created_at: m.created_at.to_rfc3339(),
                sent_at: m.sent_at.map(|t| t.to_rfc3339()),
            })
            .collect(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"pledgewatch-subscriber-data.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&body).map_err(|e| AppError::Internal(e.into()))?,
    )
        .into_response())
}

/// Deletes every subscription of the address and every message to it.
#[utoipa::path(post, path = "/subscriptions/erase", tag = "subscriptions", responses((status = 200, description = "Erased"), (status = 400, description = "Not a valid link")))]
pub async fn erase(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &form.token).await?;
    let removed = state
        .db
        .erase_subscriber(&stored.subscription.email)
        .await?;
    let lang = crate::locale::current().lang;
    let removed = i64::try_from(removed).unwrap_or(i64::MAX);
    notice_page(
        &state,
        StatusCode::OK,
        &tr(lang, "notice-erased-title"),
        &tr_args(lang, "notice-erased", &[("n", removed.into())]),
        None,
    )
}

/// Revokes every manage and unsubscribe link mailed so far (a forwarded digest, say) and
/// mails the address new ones; the page holding the old link cannot go on using it.
#[utoipa::path(post, path = "/subscriptions/revoke-links", tag = "subscriptions", responses((status = 200, description = "Revoked; new links mailed"), (status = 400, description = "Not a valid link")))]
pub async fn revoke_links(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &form.token).await?;
    let version = state.db.revoke_subscription_links(stored.id).await?;
    let now = Utc::now();
    let message = state
        .mail
        .reminder(
            &stored.subscription,
            (stored.id, version),
            stored.subscription.lang,
            now,
        )
        .map_err(AppError::Internal)?;
    state.db.enqueue_email(&message, now).await?;
    let lang = crate::locale::current().lang;
    let email = stored.subscription.email.as_str();
    notice_page(
        &state,
        StatusCode::OK,
        &tr(lang, "notice-revoked-title"),
        &tr_args(lang, "notice-revoked", &[("email", email.into())]),
        None,
    )
}
