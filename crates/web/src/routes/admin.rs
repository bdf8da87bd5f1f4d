//! Administration: accounts (add, disable, enable; resetting a password is in
//! `admin_password`) and the audit trail of every change and
//! login, filterable by person and date. Admins only; editors get 403.

use crate::auth::{self, Admin};
use crate::error::{AppError, PageResult};
use crate::error::{FieldErrors, Message};
use crate::page::{Nav, Page};
use crate::state::AppState;
use crate::views::admin::{AuditView, ImportView, UsersView, audit_rows, user_rows};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, TimeZone, Utc};
use domain::{EmailAddress, Role, Title, User};
use i18n::{tr, tr_args};
use persistence::auth::Audit;
use serde::Deserialize;

const AUDIT_ROWS: u64 = 500;

pub(crate) fn users_page(
    state: &AppState,
    admin: &auth::Session,
    status: StatusCode,
    notice: Option<String>,
    errors: &FieldErrors,
    users: Vec<User>,
) -> PageResult<Response> {
    let view = UsersView {
        notice,
        errors,
        users: user_rows(&users),
    };
    let html = Page::new(Nav::None)
        .csrf(&admin.csrf)
        .render(&state.templates, &view)?;
    Ok((status, Html(html)).into_response())
}

/// Every account, with forms to add, disable and enable.
#[utoipa::path(get, path = "/admin/users", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in"), (status = 403, description = "Not an admin")))]
pub async fn users(State(state): State<AppState>, Admin(admin): Admin) -> PageResult<Response> {
    let users = state.db.users().await?;
    users_page(
        &state,
        &admin,
        StatusCode::OK,
        None,
        &FieldErrors::new(),
        users,
    )
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewUserForm {
    csrf: Option<String>,
    email: String,
    name: String,
    role: String,
}

/// Adds an account with a generated password, shown once on the answer.
#[utoipa::path(post, path = "/admin/users", tag = "pages", responses((status = 200, description = "Added; the password is shown once"), (status = 403, description = "Not an admin, or no CSRF token"), (status = 422, description = "A field is wrong")))]
pub async fn add_user(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Form(form): Form<NewUserForm>,
) -> PageResult<Response> {
    admin.check_csrf(form.csrf.as_deref())?;
    let parsed = (|| {
        Ok::<_, domain::DomainError>((
            EmailAddress::parse("email", &form.email)?,
            Title::parse("name", &form.name)?,
            Role::parse(&form.role)?,
        ))
    })();
    let (email, name, role) = match parsed {
        Ok(p) => p,
        Err(e) => {
            let users = state.db.users().await?;
            return users_page(
                &state,
                &admin,
                FieldErrors::STATUS,
                None,
                &FieldErrors::domain(&e),
                users,
            );
        }
    };
    let password = auth::random_token()[..24].to_owned();
    let password_hash = auth::hash_password(password.clone()).await?;
    let user = User {
        email: email.clone(),
        name,
        role,
        password_hash,
        disabled: false,
    };
    match state.db.insert_user(&user, Utc::now()).await {
        Ok(_) => {}
        Err(persistence::StoreError::Conflict { .. }) => {
            let users = state.db.users().await?;
            return users_page(
                &state,
                &admin,
                FieldErrors::STATUS,
                None,
                &FieldErrors::one(
                    "email",
                    Message::id(i18n::key("admin-email-taken")).with("email", email.as_str()),
                ),
                users,
            );
        }
        Err(e) => return Err(e.into()),
    }
    state
        .db
        .audit(
            Audit {
                actor: Some(admin.user.email.as_str()),
                action: "user_added",
                target: email.as_str(),
                detail: role.code(),
                address: None,
            },
            Utc::now(),
        )
        .await?;
    let users = state.db.users().await?;
    let lang = crate::locale::current().lang;
    let role_label = tr(lang, &format!("{}{}", i18n::key("user-role-"), role.code()));
    let added = i18n::key("admin-user-added");
    let notice = tr_args(
        lang,
        added,
        &[
            ("email", email.as_str().into()),
            ("role", role_label.into()),
            ("password", password.as_str().into()),
        ],
    );
    users_page(
        &state,
        &admin,
        StatusCode::OK,
        Some(notice),
        &FieldErrors::new(),
        users,
    )
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct StatusForm {
    csrf: Option<String>,
    email: String,
    /// `disable` or `enable`.
    action: String,
}

/// Disables (ending its sessions) or re-enables an account.
#[utoipa::path(post, path = "/admin/users/status", tag = "pages", responses((status = 303, description = "Done"), (status = 403, description = "Not an admin, or no CSRF token"), (status = 404, description = "No such account"), (status = 422, description = "Your own account, or an unknown action")))]
pub async fn set_status(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Form(form): Form<StatusForm>,
) -> PageResult<Response> {
    admin.check_csrf(form.csrf.as_deref())?;
    let email = EmailAddress::parse("email", &form.email)?;
    let disable = match form.action.as_str() {
        "disable" => true,
        "enable" => false,
        _ => {
            return Err(AppError::Refused(FieldErrors::one(
                "action",
                Message::id(i18n::key("admin-action-unknown")),
            )));
        }
    };
    if disable && email == admin.user.email {
        return Err(AppError::Refused(FieldErrors::one(
            "email",
            Message::id(i18n::key("admin-disable-self")),
        )));
    }
    state.db.set_user_disabled(&email, disable).await?;
    let action = if disable {
        "user_disabled"
    } else {
        "user_enabled"
    };
    state
        .db
        .audit(
            Audit {
                actor: Some(admin.user.email.as_str()),
                action,
                target: email.as_str(),
                detail: "",
                address: None,
            },
            Utc::now(),
        )
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries by this account (email).
    actor: Option<String>,
    /// From this day (YYYY-MM-DD), inclusive.
    from: Option<String>,
    /// To this day (YYYY-MM-DD), inclusive.
    to: Option<String>,
}

fn day(field: &str, raw: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::BadRequest {
                field: field.into(),
                message: format!("{field} must be a date such as 2025-02-10"),
            }),
    }
}

/// Every change and login, newest first.
#[utoipa::path(get, path = "/admin/audit", tag = "pages", params(AuditQuery), responses((status = 200, content_type = "text/html"), (status = 400, description = "A filter is not a date"), (status = 403, description = "Not an admin")))]
pub async fn audit(
    State(state): State<AppState>,
    Admin(_admin): Admin,
    Query(q): Query<AuditQuery>,
) -> PageResult<Response> {
    let from = day("from", q.from.as_deref())?;
    let to = day("to", q.to.as_deref())?;
    let actor = q.actor.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let start = from
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t));
    let end = to
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t));
    let entries = state
        .db
        .audit_entries(actor, start, end, AUDIT_ROWS)
        .await?;
    let view = AuditView {
        actor: actor.unwrap_or(""),
        from: from.map(|d| d.to_string()).unwrap_or_default(),
        to: to.map(|d| d.to_string()).unwrap_or_default(),
        entries: audit_rows(&entries),
    };
    let html = Page::new(Nav::None).render(&state.templates, &view)?;
    Ok(Html(html).into_response())
}

fn import_page(
    state: &AppState,
    admin: &auth::Session,
    status: StatusCode,
    lines: Vec<String>,
    problems: Vec<String>,
) -> PageResult<Response> {
    let view = ImportView { lines, problems };
    let html = Page::new(Nav::None)
        .csrf(&admin.csrf)
        .render(&state.templates, &view)?;
    Ok((status, Html(html)).into_response())
}

/// The CSV import form.
#[utoipa::path(get, path = "/admin/import", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 403, description = "Not an admin")))]
pub async fn import_form(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> PageResult<Response> {
    import_page(&state, &admin, StatusCode::OK, vec![], vec![])
}

/// A failed upload: 413 when it passed the import's size limit, 400 otherwise.
fn upload_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::TooLarge(Message::id(i18n::key("error-upload-too-large")).with(
            "mb",
            (crate::http::IMPORT_BODY_LIMIT / (1024 * 1024)).to_string(),
        ));
    }
    AppError::BadRequest {
        field: "file".into(),
        message: format!("file: {e}"),
    }
}

/// Imports an uploaded CSV (`file`, with `csrf` and an optional `dry_run`), all or nothing.
#[utoipa::path(post, path = "/admin/import", tag = "pages", request_body(content_type = "multipart/form-data", description = "csrf, file, dry_run"),
    responses((status = 200, description = "Imported, or what a dry run would do"), (status = 403, description = "Not an admin, or no CSRF token"), (status = 422, description = "Every bad row, with its line and field")))]
pub async fn import(
    State(state): State<AppState>,
    Admin(admin): Admin,
    mut multipart: axum::extract::Multipart,
) -> PageResult<Response> {
    let (mut csrf, mut file, mut dry_run) = (None, None, false);
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.ok(),
            "dry_run" => dry_run = true,
            "file" => {
                let bytes = field.bytes().await.map_err(upload_error)?;
                file =
                    Some(
                        String::from_utf8(bytes.to_vec()).map_err(|_| AppError::BadRequest {
                            field: "file".into(),
                            message: "file: must be UTF-8 text".into(),
                        })?,
                    );
            }
            _ => {}
        }
    }
    admin.check_csrf(csrf.as_deref())?;
    let text = file
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| AppError::BadRequest {
            field: "file".into(),
            message: "file: choose a CSV file".into(),
        })?;
    match crate::import::run(&state.db, &text, admin.author(), dry_run).await? {
        Ok(report) => {
            if !dry_run && let Err(e) = state.model.catch_up().await {
                tracing::warn!(
                    error = format!("{e:#}"),
                    "the read model could not follow the import yet"
                );
            }
            import_page(
                &state,
                &admin,
                StatusCode::OK,
                crate::import::describe(&report, dry_run),
                vec![],
            )
        }
        Err(problems) => import_page(
            &state,
            &admin,
            crate::error::FieldErrors::STATUS,
            vec![],
            problems.lines(),
        ),
    }
}
