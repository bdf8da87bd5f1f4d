//! The typed views of `subscribe.html` (the subscribe and preferences forms) and
//! `subscription_notice.html` (a heading, a message and at most one action), and their
//! render calls.

use super::form::SubscribeForm;
use crate::error::FieldErrors;
use crate::error::PageResult;
use crate::mail::mailroom::{scope_label, scope_path};
use crate::page::{Nav, Page, View};
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::Frequency;
use persistence::subscriptions::StoredSubscription;
use serde::Serialize;

/// `subscribe.html`: `mode` is `new` (the subscribe form) or `manage` (preferences).
#[derive(Serialize)]
struct SubscribePage<'a> {
    mode: &'static str,
    form: &'a SubscribeForm,
    errors: &'a FieldErrors,
    notice: Option<&'a str>,
    #[serde(flatten)]
    options: Options,
    /// What the subscription follows, on the preferences page only.
    #[serde(flatten)]
    following: Option<Following>,
}

#[derive(Serialize)]
struct Following {
    state: &'static str,
    active: bool,
    following: String,
    following_url: String,
}

/// What the template offers to choose from.
#[derive(Serialize)]
struct Options {
    frequencies: Vec<(&'static str, &'static str)>,
    themes: Vec<(&'static str, &'static str)>,
    pledge_options: Vec<(String, String)>,
    actor_options: Vec<(String, String)>,
    event_options: Vec<(String, String)>,
    zones: Vec<&'static str>,
    /// The languages mail can be written in, each named in itself.
    mail_langs: Vec<(&'static str, &'static str)>,
}

fn options(state: &AppState) -> Options {
    let snapshot = state.model.current();
    let pledges: Vec<(String, String)> = snapshot
        .catalog
        .pledges()
        .map(|(p, _)| (p.slug.to_string(), p.title.to_string()))
        .take(2_000)
        .collect();
    let actors: Vec<(String, String)> = snapshot
        .catalog
        .actors()
        .iter()
        .map(|a| (a.slug.to_string(), a.name.to_string()))
        .collect();
    let events: Vec<(String, String)> = snapshot
        .catalog
        .events()
        .iter()
        .map(|e| (e.slug.to_string(), e.name.to_string()))
        .collect();
    Options {
        frequencies: Frequency::options(),
        themes: domain::Theme::options(),
        pledge_options: pledges,
        actor_options: actors,
        event_options: events,
        zones: chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect(),
        mail_langs: domain::Lang::ALL
            .iter()
            .map(|l| (l.code(), l.name()))
            .collect(),
    }
}

impl View for SubscribePage<'_> {
    const TEMPLATE: &'static str = "subscribe.html";
}

// The form carries its own CSRF token (`form.csrf`, double-submitted with a cookie: there
// is no session), so the page builder is given none.
fn render_form(state: &AppState, status: StatusCode, page: &SubscribePage) -> PageResult<Response> {
    let html = Page::new(Nav::None).render(&state.templates, page)?;
    Ok((status, Html(html)).into_response())
}

/// The subscribe form.
pub(super) fn form_page(
    state: &AppState,
    status: StatusCode,
    form: &SubscribeForm,
    errors: &FieldErrors,
) -> PageResult<Response> {
    let page = SubscribePage {
        mode: "new",
        form,
        errors,
        notice: None,
        options: options(state),
        following: None,
    };
    render_form(state, status, &page)
}

/// The preferences page of `stored`, reached with `token`; `form` when it comes back
/// refused, the stored choices otherwise.
pub(super) fn manage_page(
    state: &AppState,
    status: StatusCode,
    stored: &StoredSubscription,
    token: &str,
    form: Option<SubscribeForm>,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> PageResult<Response> {
    let subscription = &stored.subscription;
    let mut form = form.unwrap_or_else(|| SubscribeForm::from_subscription(subscription));
    form.token = Some(token.to_owned());
    form.email = subscription.email.to_string();
    let page = SubscribePage {
        mode: "manage",
        form: &form,
        errors,
        notice,
        options: options(state),
        following: Some(Following {
            state: subscription.state.code(),
            active: subscription.state == domain::SubscriptionState::Confirmed,
            following: scope_label(&subscription.scope, crate::locale::current().lang),
            following_url: scope_path(&subscription.scope),
        }),
    };
    render_form(state, status, &page)
}
