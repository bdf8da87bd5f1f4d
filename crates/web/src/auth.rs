//! Accounts on the web: argon2id passwords (hashed off the async threads), session cookies
//! whose tokens are stored only as hashes, CSRF tokens bound to the session, and the
//! extractors that put the access policy in each handler's signature.

use crate::error::{AppError, Message};

/// The refusals of a form without a valid token, and of a page for administrators.
pub const FORM_EXPIRED: &str = i18n::key("error-form-expired");
const CSRF_REFUSED: &str = i18n::key("error-csrf");
const ADMINS_ONLY: &str = i18n::key("error-admins-only");
use crate::state::AppState;
use argon2::password_hash::{
    PasswordHash as Phc, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::{Duration, Utc};
use domain::{PasswordHash, Role, User};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const SESSION_COOKIE: &str = "pw_session";
pub const LOGIN_CSRF_COOKIE: &str = "pw_login_csrf";
pub const SESSION_HOURS: i64 = 8;

fn argon2() -> Argon2<'static> {
    // OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// 32 random bytes as hex: session tokens, CSRF tokens, generated passwords.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex::encode(bytes)
}

/// What the database keeps of a session token: a stolen table gives no usable cookie.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The double-submit check of the forms shown before there is a session (login,
/// subscribe): the token in the form must equal the one in the form's cookie, which a
/// page on another site can neither read nor set. Returns the token.
pub fn check_double_submit(
    jar: &CookieJar,
    cookie: &str,
    submitted: Option<&str>,
) -> Result<String, AppError> {
    match (jar.get(cookie).map(Cookie::value), submitted) {
        (Some(expected), Some(s)) if same_secret(expected, s) => Ok(expected.to_owned()),
        _ => Err(AppError::Forbidden(Message::id(FORM_EXPIRED))),
    }
}

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 1024;

pub async fn hash_password(password: String) -> Result<PasswordHash, AppError> {
    let phc = tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|e| AppError::Internal(anyhow::anyhow!("argon2: {e}")))?;
    Ok(PasswordHash::parse(&phc)?)
}

/// A hash of a password nobody has, so that an unknown email costs the same time as a
/// wrong password and answers nothing about which accounts exist.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(random_token().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

pub async fn verify_password(password: String, hash: Option<PasswordHash>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = hash
            .map(|h| h.as_str().to_owned())
            .unwrap_or_else(|| decoy_hash().to_owned());
        let Ok(parsed) = Phc::new(&stored) else {
            return false;
        };
        let matches = argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        matches && !stored.is_empty()
    })
    .await
    .unwrap_or(false)
}

/// A cookie for this deployment: HttpOnly, SameSite, and Secure behind HTTPS.
pub fn cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    path: &'static str,
    max_age: Duration,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(if name == SESSION_COOKIE {
            SameSite::Lax
        } else {
            SameSite::Strict
        })
        .secure(state.public_url.starts_with("https://"))
        .path(path)
        .max_age(time::Duration::seconds(max_age.num_seconds()))
        .build()
}

/// Opens a session for a user: a fresh token every time, so a token planted before
/// login is worthless after it.
pub async fn open_session(
    state: &AppState,
    user_id: i32,
) -> Result<(Cookie<'static>, String), AppError> {
    let token = random_token();
    let csrf = random_token();
    let now = Utc::now();
    state
        .db
        .create_session(
            user_id,
            &token_hash(&token),
            &csrf,
            now,
            now + Duration::hours(SESSION_HOURS),
        )
        .await?;
    Ok((
        cookie(
            state,
            SESSION_COOKIE,
            token,
            "/",
            Duration::hours(SESSION_HOURS),
        ),
        csrf,
    ))
}

/// The signed-in person behind a request.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i32,
    pub user: User,
    pub csrf: String,
    pub token_hash: String,
}

impl Session {
    /// The author of this session's changes: the name the public log shows and the
    /// account the private audit trail records.
    pub fn author(&self) -> persistence::Author<'_> {
        persistence::Author {
            name: self.user.name.as_str(),
            account: Some(self.user.email.as_str()),
        }
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, submitted: Option<&str>) -> Result<(), AppError> {
        match submitted {
            Some(token) if same_secret(token, &self.csrf) => Ok(()),
            _ => Err(AppError::Forbidden(Message::id(CSRF_REFUSED))),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }
}

/// A session if the request carries a live one of an enabled account.
pub struct MaybeSession(pub Option<Session>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Ok(Self(None));
        };
        let hash = token_hash(&token);
        let Some(record) = state.db.session(&hash, Utc::now()).await? else {
            return Ok(Self(None));
        };
        if record.user.disabled {
            state.db.delete_session(&hash).await?;
            return Ok(Self(None));
        }
        Ok(Self(Some(Session {
            user_id: record.user_id,
            user: record.user,
            csrf: record.csrf_token,
            token_hash: hash,
        })))
    }
}

/// An editor or an admin; anyone else is sent to log in.
pub struct Editor(pub Session);

impl FromRequestParts<AppState> for Editor {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match MaybeSession::from_request_parts(parts, state).await?.0 {
            Some(s) => Ok(Self(s)),
            None => Err(AppError::LoginRequired(parts.uri.path().to_owned())),
        }
    }
}

/// An admin; an editor gets 403, anyone else is sent to log in.
pub struct Admin(pub Session);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Editor(session) = Editor::from_request_parts(parts, state).await?;
        if !session.is_admin() {
            return Err(AppError::Forbidden(Message::id(ADMINS_ONLY)));
        }
        Ok(Self(session))
    }
}
