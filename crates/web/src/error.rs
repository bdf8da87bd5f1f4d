//! The web layer's one error type, mapped once to an HTTP status, and rendered as a page
//! for people or, through [`ApiError`], as JSON for programs. Server errors are logged
//! with their cause and shown without it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use persistence::StoreError;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(String),
    /// `message` names the field itself, as domain errors do.
    #[error("{message}")]
    BadRequest { field: String, message: String },
    /// Not signed in: people are sent to the login page, then back to `0`.
    #[error("Please log in first.")]
    LoginRequired(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("{0}")]
    Invalid(#[from] domain::DomainError),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Template(#[from] tera::Error),
    #[error("{0}")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) | Self::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::LoginRequired(_) => StatusCode::SEE_OTHER,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Store(StoreError::Conflict { .. }) => StatusCode::CONFLICT,
            Self::Store(StoreError::Invalid(_)) | Self::Invalid(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What may be shown: the message for client errors, a generic line for server errors.
    fn public(&self) -> (String, Option<String>) {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            return (
                "Something went wrong on our side; it has been logged.".into(),
                None,
            );
        }
        let field = match self {
            Self::BadRequest { field, .. } => Some(field.clone()),
            Self::Store(StoreError::Invalid(e)) | Self::Invalid(e) => Some(e.field().to_owned()),
            _ => None,
        };
        (self.to_string(), field)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::LoginRequired(next) = &self {
            let target = format!("/login?next={}", crate::query::encode(next));
            return axum::response::Redirect::to(&target).into_response();
        }
        let status = self.status();
        let (message, _) = self.public();
        let title = match status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::BAD_REQUEST => "That request cannot be answered",
            StatusCode::FORBIDDEN => "Not allowed",
            StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
            s if s.is_server_error() => "Server error",
            _ => "Request refused",
        };
        (
            status,
            Html(crate::templates::render_error(title, &message)),
        )
            .into_response()
    }
}

/// An [`AppError`] answered as JSON: `{"error": {"status", "message", "field"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let (message, field) = self.0.public();
        let body =
            json!({ "error": { "status": status.as_u16(), "message": message, "field": field } });
        (status, Json(body)).into_response()
    }
}

pub type PageResult<T> = Result<T, AppError>;
pub type ApiResult<T> = Result<T, ApiError>;
