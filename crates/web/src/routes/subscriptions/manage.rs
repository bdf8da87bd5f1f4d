//! The preferences page reached by a signed link (change what is followed, leave), and
//! unsubscribing: the page a person reaches, and the one-click POST of RFC 8058.

use super::form::{SubscribeForm, TokenParam};
use super::page::manage_page;
use crate::error::FieldErrors;
use crate::error::{AppError, PageResult};
use crate::mail::links::{LinkSigner, Purpose};
use crate::mail::mailroom::scope_label;
use crate::routes::notice::{Action, notice_page};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use persistence::subscriptions::StoredSubscription;

/// The subscription a signed link names, or a 400 page.
pub(super) async fn linked(
    state: &AppState,
    purpose: Purpose,
    token: &str,
) -> Result<StoredSubscription, AppError> {
    let not_valid = || AppError::BadRequest {
        field: "token".into(),
        message: "token: this link is not valid, or the subscription was erased".into(),
    };
    let id = LinkSigner::subscription_id(token).ok_or_else(not_valid)?;
    let stored = match state.db.subscription_record(id).await {
        Ok(s) => s,
        Err(persistence::StoreError::NotFound { .. }) => return Err(not_valid()),
        Err(e) => return Err(e.into()),
    };
    if !state
        .mail
        .signer
        .verify(purpose, token, id, stored.link_version)
    {
        return Err(not_valid());
    }
    Ok(stored)
}

/// Preferences, reached from any digest without logging in.
#[utoipa::path(get, path = "/subscriptions/manage", tag = "subscriptions", params(TokenParam), responses((status = 200, content_type = "text/html"), (status = 400, description = "Not a valid link")))]
pub async fn manage_form(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &q.token).await?;
    manage_page(
        &state,
        StatusCode::OK,
        &stored,
        &q.token,
        None,
        &FieldErrors::new(),
        None,
    )
}

#[utoipa::path(post, path = "/subscriptions/manage", tag = "subscriptions", responses((status = 200, description = "Saved"), (status = 400, description = "A field is wrong"), (status = 409, description = "That address already follows the new scope")))]
pub async fn manage(
    State(state): State<AppState>,
    Form(form): Form<SubscribeForm>,
) -> PageResult<Response> {
    let token = form.token.clone().unwrap_or_default();
    let stored = linked(&state, Purpose::Manage, &token).await?;
    let choice = match form.choice(&state) {
        Ok(c) => c,
        Err(errors) => {
            return manage_page(
                &state,
                FieldErrors::STATUS,
                &stored,
                &token,
                Some(form),
                &errors,
                None,
            );
        }
    };
    let saved = state
        .db
        .update_subscription(
            stored.id,
            &choice.scope,
            choice.frequency,
            &choice.changes,
            &choice.time_zone,
        )
        .await;
    match saved {
        Ok(()) => {
            let stored = state.db.subscription_record(stored.id).await?;
            manage_page(
                &state,
                StatusCode::OK,
                &stored,
                &token,
                None,
                &FieldErrors::new(),
                Some("Saved."),
            )
        }
        Err(persistence::StoreError::Conflict { .. }) => {
            let errors = FieldErrors::one(
                "scope",
                "scope: this address already follows that; change it from that subscription's own link",
            );
            manage_page(
                &state,
                FieldErrors::STATUS,
                &stored,
                &token,
                Some(form),
                &errors,
                None,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// Leaving from the preferences page.
#[utoipa::path(post, path = "/subscriptions/leave", tag = "subscriptions", responses((status = 200, description = "Unsubscribed"), (status = 400, description = "Not a valid link")))]
pub async fn leave(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &form.token).await?;
    state.db.unsubscribe(stored.id).await?;
    unsubscribed_page(&state, &stored)
}

fn unsubscribed_page(state: &AppState, stored: &StoredSubscription) -> PageResult<Response> {
    notice_page(
        state,
        StatusCode::OK,
        "Unsubscribed",
        &format!(
            "{} will get no more digests about {}. Digests already written are not sent.",
            stored.subscription.email,
            scope_label(&stored.subscription.scope)
        ),
        None,
    )
}

/// The page a person reaches from the unsubscribe link: a button, because link scanners
/// follow links (RFC 8058 leaves the one-click POST to the mail client).
#[utoipa::path(get, path = "/subscriptions/unsubscribe", tag = "subscriptions", params(TokenParam), responses((status = 200, content_type = "text/html"), (status = 400, description = "Not a valid link")))]
pub async fn unsubscribe_form(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Unsubscribe, &q.token).await?;
    let url = format!("/subscriptions/unsubscribe?token={}", q.token);
    notice_page(
        &state,
        StatusCode::OK,
        "Unsubscribe?",
        &format!(
            "Stop emailing {} about {}?",
            stored.subscription.email,
            scope_label(&stored.subscription.scope)
        ),
        Some(Action {
            url: &url,
            token: "",
            label: "Unsubscribe",
            post: true,
        }),
    )
}

/// One-click unsubscribe (RFC 8058): the token in the URL is the authority; no cookie,
/// no CSRF token, and a 200 rather than a redirect.
#[utoipa::path(post, path = "/subscriptions/unsubscribe", tag = "subscriptions", params(TokenParam), responses((status = 200, description = "Unsubscribed"), (status = 400, description = "Not a valid link")))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Unsubscribe, &q.token).await?;
    state.db.unsubscribe(stored.id).await?;
    unsubscribed_page(&state, &stored)
}
