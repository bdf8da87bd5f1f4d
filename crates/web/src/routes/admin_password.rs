//! An admin's "reset password" for another account: a new generated password, shown once
//! on a page that is never stored, and every session of that account ended. Audited.

use crate::auth::{self, Admin};
use crate::error::{AppError, PageResult};
use crate::state::AppState;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::Utc;
use domain::EmailAddress;
use persistence::auth::Audit;
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ResetForm {
    csrf: Option<String>,
    email: String,
}

/// Gives an account a new generated password and ends its sessions; the answer shows the
/// password once, with `Cache-Control: no-store`.
#[utoipa::path(post, path = "/admin/users/password", tag = "pages", responses((status = 200, description = "Reset; the new password is shown once"), (status = 422, description = "Your own account (change it at /account)"), (status = 403, description = "Not an admin, or no CSRF token"), (status = 404, description = "No such account")))]
pub async fn reset_password(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Form(form): Form<ResetForm>,
) -> PageResult<Response> {
    admin.check_csrf(form.csrf.as_deref())?;
    let email = EmailAddress::parse("email", &form.email)?;
    if email == admin.user.email {
        return Err(AppError::Refused(crate::error::FieldErrors::one(
            "email",
            crate::error::Message::id(i18n::key("admin-reset-self")),
        )));
    }
    let Some((id, _)) = state.db.user_with_id(&email).await? else {
        return Err(AppError::NotFound(format!(
            "no account has the address {email}"
        )));
    };
    let password = auth::random_token()[..24].to_owned();
    let hash = auth::hash_password(password.clone()).await?;
    // One transaction: the new hash, and every session of the account gone.
    state.db.set_password(id, &hash).await?;
    state
        .db
        .audit(
            Audit {
                actor: Some(admin.user.email.as_str()),
                action: "password_reset",
                target: email.as_str(),
                detail: "",
                address: None,
            },
            Utc::now(),
        )
        .await?;
    let users = state.db.users().await?;
    let lang = crate::locale::current().lang;
    let mut page = super::admin::users_page(
        &state,
        &admin,
        StatusCode::OK,
        Some(i18n::tr_args(
            lang,
            i18n::key("admin-password-reset"),
            &[
                ("email", email.as_str().into()),
                ("password", password.as_str().into()),
            ],
        )),
        &crate::error::FieldErrors::new(),
        users,
    )?;
    // The password must not be kept by the browser's or any proxy's cache.
    page.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(page)
}
