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
use i18n::{Arg, tr, tr_args};
use persistence::subscriptions::{Preferences, StoredSubscription};

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
    let lang = crate::locale::current().lang;
    // A refused form comes back as it was sent, with what is wrong with it.
    let refused = |errors: &FieldErrors| {
        manage_page(
            &state,
            FieldErrors::STATUS,
            &stored,
            &token,
            Some(form.clone()),
            errors,
            None,
        )
    };
    let choice = match form.choice(&state) {
        Ok(c) => c,
        Err(errors) => return refused(&errors),
    };
    let saved = state
        .db
        .update_subscription(
            stored.id,
            &Preferences {
                scope: &choice.scope,
                frequency: choice.frequency,
                changes: &choice.changes,
                time_zone: &choice.time_zone,
                lang: choice.lang,
            },
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
                Some(&tr(lang, "subscribe-saved")),
            )
        }
        Err(persistence::StoreError::Conflict { .. }) => {
            refused(&FieldErrors::one("scope", tr(lang, "subscribe-conflict")))
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

/// Who and what a notice is about: the `email` and `scope` of its messages.
fn about(stored: &StoredSubscription, lang: domain::Lang) -> [(&'static str, Arg); 2] {
    [
        ("email", stored.subscription.email.as_str().into()),
        (
            "scope",
            scope_label(&stored.subscription.scope, lang).into(),
        ),
    ]
}

fn unsubscribed_page(state: &AppState, stored: &StoredSubscription) -> PageResult<Response> {
    let lang = crate::locale::current().lang;
    notice_page(
        state,
        StatusCode::OK,
        &tr(lang, "notice-unsubscribed-title"),
        &tr_args(lang, "notice-unsubscribed", &about(stored, lang)),
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
    let lang = crate::locale::current().lang;
    notice_page(
        &state,
        StatusCode::OK,
        &tr(lang, "notice-unsubscribe-title"),
        &tr_args(lang, "notice-unsubscribe", &about(&stored, lang)),
        Some(Action {
            url: &url,
            token: "",
            label: &tr(lang, "subscribe-unsubscribe"),
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
