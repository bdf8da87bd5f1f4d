//! The web layer's one error type, mapped once to an HTTP status, and rendered as a page
//! for people or, through [`ApiError`], as RFC 9457 problem details (JSON) for programs.
//! Server errors are logged
//! with their cause and shown without it; a database that is unavailable or read-only is
//! answered 503 with `Retry-After` and a message saying so.

mod field_errors;
mod message;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
pub use field_errors::{FieldErrors, Message};
use i18n::{Lang, tr};
use persistence::StoreError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(String),
    /// `message` names the field itself, as domain errors do. For a query parameter or
    /// an upload the server cannot read; a form it read and refused is [`Self::Refused`].
    #[error("{message}")]
    BadRequest { field: String, message: String },
    /// A form refused without a page of its own to show again (a button's form): its
    /// first problem is the message, answered [`FieldErrors::STATUS`].
    #[error("{}", .0.first().map_or(String::new(), |e| e.message.to_string()))]
    Refused(FieldErrors),
    /// Not signed in: people are sent to the login page, then back to `0`.
    #[error("Please log in first.")]
    LoginRequired(String),
    /// The message is said in the page's language, and in English to programs.
    #[error("{0}")]
    Forbidden(Message),
    #[error("{0}")]
    TooManyRequests(Message),
    /// A request body over its limit (413); the message names the field and the limit.
    #[error("{0}")]
    TooLarge(Message),
    /// The request took longer than its time limit (see `crate::http`).
    #[error("This request took too long to answer. Please try again in a minute.")]
    TimedOut,
    #[error("{0}")]
    Invalid(#[from] domain::DomainError),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Template(#[from] tera::Error),
    #[error("{0}")]
    Internal(#[from] anyhow::Error),
}

/// Seconds a client is asked to wait before trying again while the database is unavailable
/// or read-only.
pub const RETRY_AFTER_SECS: u64 = 10;

impl AppError {
    /// The tracker is serving reads only (`PLEDGEWATCH_READ_ONLY`).
    pub fn read_only_mode() -> Self {
        Self::Store(StoreError::ReadOnly {
            reason: "PLEDGEWATCH_READ_ONLY is set".into(),
        })
    }

    /// The storage fault behind this error, when the database (not the request, not a
    /// bug) is why it failed: unavailable, or read-only. Found also inside an
    /// [`AppError::Internal`] that carried it up.
    fn database_fault(&self) -> Option<&StoreError> {
        let store = match self {
            Self::Store(e) => Some(e),
            Self::Internal(e) => e.chain().find_map(|c| c.downcast_ref::<StoreError>()),
            _ => None,
        };
        store.filter(|e| {
            matches!(
                e,
                StoreError::Unavailable { .. } | StoreError::ReadOnly { .. }
            )
        })
    }

    pub fn status(&self) -> StatusCode {
        if self.database_fault().is_some() {
            return StatusCode::SERVICE_UNAVAILABLE;
        }
        match self {
            Self::NotFound(_) | Self::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Refused(_) => FieldErrors::STATUS,
            Self::LoginRequired(_) => StatusCode::SEE_OTHER,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TimedOut => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(StoreError::Conflict { .. } | StoreError::Stale { .. }) => {
                StatusCode::CONFLICT
            }
            Self::Store(StoreError::Invalid(_) | StoreError::MissingReference { .. })
            | Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The error with its whole cause chain, for the log only (never shown: causes can
    /// name files, queries and addresses).
    fn for_log(&self) -> String {
        match self {
            // anyhow's alternate form is its chain; walking `source()` from here would
            // repeat its first message.
            Self::Internal(e) => format!("{e:#}"),
            other => persistence::chain(other).to_string(),
        }
    }

    /// What may be shown, in `lang`: the message for client errors, a generic line for
    /// server errors.
    fn public(&self, lang: Lang) -> (String, Option<String>) {
        let status = self.status();
        if let Some(fault) = self.database_fault() {
            tracing::warn!(error = %persistence::chain(fault), "request refused: the database cannot do it now");
            let message = match fault {
                StoreError::ReadOnly { .. } => tr(lang, "error-read-only"),
                _ => tr(lang, "error-unavailable"),
            };
            return (message, None);
        }
        if let Self::TimedOut = self {
            tracing::warn!("request timed out; answered 503");
            return (tr(lang, "error-timed-out"), None);
        }
        if status.is_server_error() {
            tracing::error!(error = %self.for_log(), "request failed");
            return (tr(lang, "error-server"), None);
        }
        let field = match self {
            Self::BadRequest { field, .. } => Some(field.clone()),
            Self::Refused(errors) => errors.first().map(|e| e.field.clone()),
            Self::Store(StoreError::Invalid(e)) | Self::Invalid(e) => Some(e.field().to_owned()),
            Self::Store(StoreError::Conflict { kind, .. }) if *kind != persistence::Kind::Row => {
                Some("slug".to_owned())
            }
            _ => None,
        };
        let message = match self {
            Self::Refused(errors) => errors.first().map_or(String::new(), |e| e.say(lang)),
            Self::Forbidden(m) | Self::TooManyRequests(m) | Self::TooLarge(m) => m.say(lang),
            Self::Invalid(e) | Self::Store(StoreError::Invalid(e)) => Message::from(e).say(lang),
            Self::LoginRequired(_) => tr(lang, "error-login-first"),
            other => other.to_string(),
        };
        (message, field)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::LoginRequired(next) = &self {
            let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
            let target = format!("/login?next={next}");
            return axum::response::Redirect::to(&target).into_response();
        }
        let status = self.status();
        let lang = crate::locale::current().lang;
        let (message, _) = self.public(lang);
        // English keeps the error's own words; French says plainly what a reader meets on
        // pages: an address that leads nowhere, or a filter that cannot be used.
        let message = match (lang, &self) {
            (Lang::En, _) => message,
            (lang, Self::NotFound(_) | Self::Store(StoreError::NotFound { .. })) => {
                tr(lang, "error-not-found-message")
            }
            (lang, Self::Store(StoreError::Stale { .. })) => tr(lang, "error-stale"),
            (lang, Self::Store(StoreError::Conflict { .. })) => tr(lang, "error-conflict"),
            (lang, Self::Store(StoreError::MissingReference { slug, .. })) => {
                let slug = [("slug", slug.as_str().into())];
                i18n::tr_args(lang, "error-missing-reference", &slug)
            }
            (lang, Self::BadRequest { field, .. }) => {
                i18n::tr_args(lang, "error-bad-field", &[("field", field.as_str().into())])
            }
            _ => message,
        };
        let title = match status {
            StatusCode::NOT_FOUND => tr(lang, "error-title-not-found"),
            StatusCode::BAD_REQUEST => tr(lang, "error-title-bad-request"),
            StatusCode::FORBIDDEN => tr(lang, "error-title-forbidden"),
            StatusCode::TOO_MANY_REQUESTS => tr(lang, "error-title-too-many"),
            StatusCode::PAYLOAD_TOO_LARGE => tr(lang, "error-title-too-large"),
            StatusCode::SERVICE_UNAVAILABLE => tr(lang, "error-title-unavailable"),
            s if s.is_server_error() => tr(lang, "error-title-server"),
            _ => tr(lang, "error-title-refused"),
        };
        let mut response = (
            status,
            Html(crate::templates::render_error(&title, &message)),
        )
            .into_response();
        retry_after(&mut response);
        response
    }
}

/// Asks the client to come back later when the answer is 503.
fn retry_after(response: &mut Response) {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    }
}

/// An [`AppError`] answered as RFC 9457 problem details, `application/problem+json`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

/// The media type of [`ProblemJson`] (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An API error as RFC 9457 problem details. `type` is `about:blank`, so `title` is the
/// status's own phrase; `detail` says what was wrong with this request.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProblemJson {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The HTTP status phrase, e.g. "Bad Request".
    pub title: &'static str,
    pub status: u16,
    /// What was wrong, in words meant for the person writing the client.
    pub detail: String,
    /// Extension: the query parameter or field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        // Programs read English, whatever language their request asked for.
        let (detail, field) = self.0.public(Lang::En);
        let problem = ProblemJson {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail,
            field,
        };
        let body = inert_json(serde_json::to_vec(&problem).unwrap_or_default());
        let mut response = (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))],
            body,
        )
            .into_response();
        retry_after(&mut response);
        response
    }
}

/// JSON with `<`, `>` and `&` as unicode escapes: the same JSON to any parser, but inert
/// if a client ever places it inside HTML (details may quote what the client sent).
pub fn inert_json(raw: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 16);
    for b in raw {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            _ => out.push(b),
        }
    }
    out
}

pub type PageResult<T> = Result<T, AppError>;
pub type ApiResult<T> = Result<T, ApiError>;
