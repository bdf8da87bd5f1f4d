//! The web layer's one error type, mapped once to an HTTP status and a page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use persistence::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Template(#[from] tera::Error),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::NotFound(_) | AppError::Store(StoreError::NotFound { .. }) => {
                StatusCode::NOT_FOUND
            }
            AppError::Store(StoreError::Conflict { .. }) => StatusCode::CONFLICT,
            AppError::Store(StoreError::Invalid(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            return (
                status,
                "Something went wrong on our side; it has been logged.",
            )
                .into_response();
        }
        (status, self.to_string()).into_response()
    }
}
