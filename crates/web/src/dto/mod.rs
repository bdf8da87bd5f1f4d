//! The JSON API's data transfer objects: what `/api/v1` answers, with the OpenAPI schema
//! of each, built from domain values. Stable names and codes, never page labels; the
//! pages' typed views are in [`crate::views`].

pub mod follow_up;
pub mod money;
pub mod pledge;
pub mod reference;

use crate::error::{ApiError, ApiResult, AppError};
use axum::body::Bytes;
use serde::Serialize;

pub const JSON: &str = "application/json";

/// Serialises with `<`, `>` and `&` as unicode escapes ([`crate::error::inert_json`]).
pub fn json_body<T: Serialize>(value: &T) -> ApiResult<Bytes> {
    let raw = serde_json::to_vec(value).map_err(|e| ApiError(AppError::Internal(e.into())))?;
    Ok(Bytes::from(crate::error::inert_json(raw)))
}
