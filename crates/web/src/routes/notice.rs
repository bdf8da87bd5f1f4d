//! The short notice page (`subscription_notice.html`): a heading, a message and at most
//! one action; what subscribing and contributing answer when there is no form to show.

use crate::error::PageResult;
use crate::page::{Nav, Page, View};
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

/// What a notice page offers next: a button that posts (with the token when there is
/// one), or a plain link.
#[derive(Serialize)]
pub struct Action<'a> {
    pub url: &'a str,
    pub token: &'a str,
    pub label: &'a str,
    pub post: bool,
}

/// `subscription_notice.html`.
#[derive(Serialize)]
struct NoticePage<'a> {
    title: &'a str,
    message: &'a str,
    action: Option<Action<'a>>,
}

impl View for NoticePage<'_> {
    const TEMPLATE: &'static str = "subscription_notice.html";
}

/// A short page: a heading, a message, and at most one action.
pub fn notice_page(
    state: &AppState,
    status: StatusCode,
    title: &str,
    message: &str,
    action: Option<Action<'_>>,
) -> PageResult<Response> {
    let page = NoticePage {
        title,
        message,
        action,
    };
    let html = Page::new(Nav::None).render(&state.templates, &page)?;
    Ok((status, Html(html)).into_response())
}
