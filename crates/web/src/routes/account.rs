//! Logging in and out, and changing one's password. Login is rate-limited per account from
//! one address, per address and (much higher) per account from everywhere, counting only
//! failures; answers the same for an unknown email as for a wrong password, and always
//! starts a new session.

use crate::auth::{self, Editor, LOGIN_CSRF_COOKIE, MaybeSession, SESSION_COOKIE, Session};
use crate::error::{AppError, FieldErrors, Message, PageResult};
use crate::page::{Nav, Page};
use crate::state::AppState;
use crate::views::account::{AccountView, LoginView, UserView};
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use chrono::{Duration, Utc};
use domain::EmailAddress;
use persistence::auth::{AttemptGate, Audit};
use serde::Deserialize;
use std::net::SocketAddr;

/// Failed attempts allowed in [`ATTEMPT_WINDOW_MINUTES`]: per account from one address (the
/// strict limit, which a stranger elsewhere cannot use to lock the owner out), per account
/// from everywhere (bounds guessing spread over many addresses: with the per-address limit
/// it takes at least 20 addresses to reach), and per address. Refused (throttled) and
/// successful attempts count towards none of them.
pub const ATTEMPTS_PER_ACCOUNT: u64 = 5;
pub const ATTEMPTS_PER_ACCOUNT_EVERYWHERE: u64 = 100;
pub const ATTEMPTS_PER_ADDRESS: u64 = 30;
pub const ATTEMPT_WINDOW_MINUTES: i64 = 15;

/// Only a path on this site, so a crafted `next` cannot send people elsewhere. Printable
/// ASCII only: browsers drop tabs and newlines from `Location`, which would turn `/\t/x`
/// into `//x`, another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && n.len() < 500
                && n.bytes().all(|b| (0x21..0x7f).contains(&b)) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn login_page(
    state: &AppState,
    status: StatusCode,
    csrf: &str,
    email: &str,
    next: &str,
    error: Option<&str>,
) -> PageResult<Response> {
    let view = LoginView { email, next, error };
    let html = Page::new(Nav::None)
        .csrf(csrf)
        .render(&state.templates, &view)?;
    Ok((status, Html(html)).into_response())
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// The login form, with a CSRF token bound to this browser by a cookie.
#[utoipa::path(get, path = "/login", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn login_form(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<NextParam>,
) -> PageResult<Response> {
    let csrf = auth::random_token();
    let jar = jar.add(auth::cookie(
        &state,
        LOGIN_CSRF_COOKIE,
        csrf.clone(),
        "/login",
        Duration::hours(1),
    ));
    let page = login_page(
        &state,
        StatusCode::OK,
        &csrf,
        "",
        &safe_next(q.next.as_deref()),
        None,
    )?;
    Ok((jar, page).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginForm {
    email: String,
    password: String,
    csrf: Option<String>,
    next: Option<String>,
}

#[utoipa::path(post, path = "/login", tag = "pages",
    responses((status = 303, description = "Logged in"), (status = 401, description = "Wrong email or password"), (status = 403, description = "Missing or wrong CSRF token"), (status = 429, description = "Too many attempts")))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> PageResult<Response> {
    let csrf = auth::check_double_submit(&jar, LOGIN_CSRF_COOKIE, form.csrf.as_deref())?;
    let next = safe_next(form.next.as_deref());
    let email_key = form.email.trim().to_lowercase();
    // Bounded before anything is written: the key below goes into the attempts table and
    // the audit log.
    let email_chars = email_key.chars().count();
    if email_chars > EmailAddress::MAX_CHARS {
        return Err(domain::DomainError::TooLong {
            field: "email",
            len: email_chars,
            max: EmailAddress::MAX_CHARS,
        }
        .into());
    }
    let password_chars = form.password.chars().count();
    if password_chars > auth::MAX_PASSWORD_CHARS {
        return Err(domain::DomainError::TooLong {
            field: "password",
            len: password_chars,
            max: auth::MAX_PASSWORD_CHARS,
        }
        .into());
    }
    let address = state.client_address(peer.ip(), &headers).to_string();
    let now = Utc::now();
    let gate = state
        .db
        .gate_attempt(
            &[
                (
                    format!("account:{email_key}|{address}"),
                    ATTEMPTS_PER_ACCOUNT,
                ),
                (format!("address:{address}"), ATTEMPTS_PER_ADDRESS),
                (
                    format!("account:{email_key}"),
                    ATTEMPTS_PER_ACCOUNT_EVERYWHERE,
                ),
            ],
            now,
            now - Duration::minutes(ATTEMPT_WINDOW_MINUTES),
        )
        .await?;
    // A refused attempt writes nothing, not even to the audit log: a flood of them would
    // otherwise grow the database without bound.
    let AttemptGate::Counted(attempts) = gate else {
        tracing::info!("login throttled");
        return Err(AppError::TooManyRequests(
            Message::id(i18n::key("error-too-many-logins"))
                .with("minutes", ATTEMPT_WINDOW_MINUTES.to_string()),
        ));
    };
    let found = match EmailAddress::parse("email", &form.email) {
        Ok(email) => state.db.user_with_id(&email).await?,
        Err(_) => None,
    };
    let hash = found.as_ref().map(|(_, u)| u.password_hash.clone());
    let password_ok = form.password.len() <= auth::MAX_PASSWORD_CHARS * 4
        && auth::verify_password(form.password, hash).await;
    match found {
        Some((user_id, user)) if password_ok && !user.disabled => {
            // A success is no failure: it counts towards no limit.
            state.db.forget_attempts(&attempts).await?;
            let (session_cookie, _) = auth::open_session(&state, user_id).await?;
            state
                .db
                .audit(
                    Audit {
                        actor: Some(user.email.as_str()),
                        action: "login",
                        target: user.email.as_str(),
                        detail: "",
                        address: Some(&address),
                    },
                    now,
                )
                .await?;
            let jar = jar
                .add(session_cookie)
                .remove(Cookie::build(LOGIN_CSRF_COOKIE).path("/login"));
            Ok((jar, Redirect::to(&next)).into_response())
        }
        _ => {
            state
                .db
                .audit(
                    Audit {
                        actor: None,
                        action: "login_failed",
                        target: &email_key,
                        detail: "",
                        address: Some(&address),
                    },
                    now,
                )
                .await?;
            login_page(
                &state,
                StatusCode::UNAUTHORIZED,
                &csrf,
                form.email.trim(),
                &next,
                Some(i18n::key("login-wrong")),
            )
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CsrfForm {
    csrf: Option<String>,
}

/// Ends this session in the database, so a copied cookie stops working too.
#[utoipa::path(post, path = "/logout", tag = "pages", responses((status = 303, description = "Logged out")))]
pub async fn logout(
    State(state): State<AppState>,
    Editor(session): Editor,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> PageResult<Response> {
    session.check_csrf(form.csrf.as_deref())?;
    state.db.delete_session(&session.token_hash).await?;
    state
        .db
        .audit(
            Audit {
                actor: Some(session.user.email.as_str()),
                action: "logout",
                target: session.user.email.as_str(),
                detail: "",
                address: None,
            },
            Utc::now(),
        )
        .await?;
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        Redirect::to("/"),
    )
        .into_response())
}

fn account_page(
    state: &AppState,
    session: &Session,
    status: StatusCode,
    errors: &FieldErrors,
) -> PageResult<Response> {
    let view = AccountView {
        user: UserView::new(&session.user),
        errors,
    };
    let html = Page::new(Nav::None)
        .csrf(&session.csrf)
        .render(&state.templates, &view)?;
    Ok((status, Html(html)).into_response())
}

/// One's own account: who, which role, and the password form.
#[utoipa::path(get, path = "/account", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn account(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
) -> PageResult<Response> {
    let session = session.ok_or_else(|| AppError::LoginRequired("/account".into()))?;
    account_page(&state, &session, StatusCode::OK, &FieldErrors::new())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordForm {
    csrf: Option<String>,
    current: String,
    new: String,
}

/// Changes the password, ends every session of the account, and opens a new one here.
#[utoipa::path(post, path = "/account/password", tag = "pages", responses((status = 303, description = "Changed"), (status = 422, description = "Refused, with the reason")))]
pub async fn change_password(
    State(state): State<AppState>,
    Editor(session): Editor,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> PageResult<Response> {
    session.check_csrf(form.csrf.as_deref())?;
    let now = Utc::now();
    let gate = state
        .db
        .gate_attempt(
            &[(
                format!("password:{}", session.user_id),
                ATTEMPTS_PER_ACCOUNT,
            )],
            now,
            now - Duration::minutes(ATTEMPT_WINDOW_MINUTES),
        )
        .await?;
    let AttemptGate::Counted(attempts) = gate else {
        return Err(AppError::TooManyRequests(
            Message::id(i18n::key("error-too-many-attempts"))
                .with("minutes", ATTEMPT_WINDOW_MINUTES.to_string()),
        ));
    };
    if !auth::verify_password(form.current, Some(session.user.password_hash.clone())).await {
        return account_page(
            &state,
            &session,
            FieldErrors::STATUS,
            &FieldErrors::one("current", Message::id(i18n::key("account-current-wrong"))),
        );
    }
    state.db.forget_attempts(&attempts).await?;
    let chars = form.new.chars().count();
    if !(auth::MIN_PASSWORD_CHARS..=auth::MAX_PASSWORD_CHARS).contains(&chars) {
        let message = Message::id(i18n::key("account-new-length"))
            .with("min", auth::MIN_PASSWORD_CHARS.to_string())
            .with("max", auth::MAX_PASSWORD_CHARS.to_string());
        return account_page(
            &state,
            &session,
            FieldErrors::STATUS,
            &FieldErrors::one("new", message),
        );
    }
    let hash = auth::hash_password(form.new).await?;
    state.db.set_password(session.user_id, &hash).await?;
    state
        .db
        .audit(
            Audit {
                actor: Some(session.user.email.as_str()),
                action: "password_changed",
                target: session.user.email.as_str(),
                detail: "all sessions ended",
                address: None,
            },
            Utc::now(),
        )
        .await?;
    let (cookie, _) = auth::open_session(&state, session.user_id).await?;
    Ok((jar.add(cookie), Redirect::to("/account")).into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/pledges?x=1")), "/pledges?x=1");
        for hostile in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/ x",
            "/é",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
