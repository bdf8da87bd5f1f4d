//! Following by email, without an account: the subscribe form (double opt-in), the
//! confirmation link, the preferences page reached by a signed link, one-click
//! unsubscribe (RFC 8058), and a subscriber's data to download or erase.

use crate::auth;
use crate::error::{AppError, PageResult};
use crate::mail::links::{LinkSigner, Purpose};
use crate::mail::mailroom::{scope_label, scope_path};
use crate::state::AppState;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::{Duration, Utc};
use domain::{ChangeFilter, EmailAddress, Frequency, Scope, Subscription, TimeZoneName};
use persistence::subscriptions::{PendingToken, RequestLimits, RequestOutcome, StoredSubscription};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use tera::Context;

const SUBSCRIBE_CSRF_COOKIE: &str = "pw_subscribe_csrf";
/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 48;

/// The subscription form's fields; also the preferences form's.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct SubscribeForm {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    change_status: Option<String>,
    #[serde(default)]
    change_every: Option<String>,
    #[serde(default)]
    change_deadlines: Option<String>,
    #[serde(default)]
    time_zone: String,
}

/// A field and what is wrong with it.
#[derive(Debug, Serialize)]
struct FieldError {
    field: &'static str,
    message: String,
}

struct Choice {
    scope: Scope,
    frequency: Frequency,
    changes: Vec<ChangeFilter>,
    time_zone: TimeZoneName,
}

impl SubscribeForm {
    fn from_subscription(s: &Subscription) -> Self {
        let has = |c| s.changes.contains(&c).then(|| "on".to_owned());
        Self {
            email: s.email.to_string(),
            scope: s.scope.kind().to_owned(),
            target: s.scope.target().unwrap_or("").to_owned(),
            frequency: s.frequency.code().to_owned(),
            change_status: has(ChangeFilter::StatusChanges),
            change_every: has(ChangeFilter::EveryFollowUp),
            change_deadlines: has(ChangeFilter::Deadlines),
            time_zone: s.time_zone.as_str().to_owned(),
            ..Self::default()
        }
    }

    /// Checks every field against the catalog; all problems at once.
    fn choice(&self, state: &AppState) -> Result<Choice, Vec<FieldError>> {
        let mut errors = Vec::new();
        let target = (!self.target.trim().is_empty()).then_some(self.target.trim());
        let scope = match Scope::parse(self.scope.trim(), target) {
            Ok(scope) => {
                let snapshot = state.model.current();
                let known = match &scope {
                    Scope::Everything | Scope::Theme(_) => true,
                    Scope::Pledge(s) => snapshot.catalog.get(s).is_some(),
                    Scope::Actor(s) => snapshot.catalog.actor(s).is_some(),
                    Scope::Event(s) => snapshot.catalog.event(s).is_some(),
                };
                if !known {
                    errors.push(FieldError {
                        field: "scope",
                        message: format!("scope: there is no {} {:?}", scope.kind(), self.target),
                    });
                }
                Some(scope)
            }
            Err(e) => {
                errors.push(FieldError {
                    field: "scope",
                    message: e.to_string(),
                });
                None
            }
        };
        let frequency = Frequency::parse_field("frequency", self.frequency.trim())
            .map_err(|e| {
                errors.push(FieldError {
                    field: "frequency",
                    message: e.to_string(),
                })
            })
            .ok();
        let changes: Vec<ChangeFilter> = [
            (&self.change_status, ChangeFilter::StatusChanges),
            (&self.change_every, ChangeFilter::EveryFollowUp),
            (&self.change_deadlines, ChangeFilter::Deadlines),
        ]
        .into_iter()
        .filter(|(on, _)| on.is_some())
        .map(|(_, c)| c)
        .collect();
        if changes.is_empty() {
            errors.push(FieldError {
                field: "changes",
                message: "changes: choose at least one kind of change".into(),
            });
        }
        let zone = if self.time_zone.trim().is_empty() {
            "UTC"
        } else {
            self.time_zone.trim()
        };
        let time_zone = TimeZoneName::parse("time_zone", zone)
            .and_then(|tz| {
                tz.as_str()
                    .parse::<chrono_tz::Tz>()
                    .map(|_| tz)
                    .map_err(|_| domain::DomainError::Invalid {
                        field: "time_zone",
                        reason: "is not a known time zone; try one such as Europe/Paris or UTC"
                            .into(),
                    })
            })
            .map_err(|e| {
                errors.push(FieldError {
                    field: "time_zone",
                    message: e.to_string(),
                })
            })
            .ok();
        match (scope, frequency, time_zone) {
            (Some(scope), Some(frequency), Some(time_zone)) if errors.is_empty() => Ok(Choice {
                scope,
                frequency,
                changes,
                time_zone,
            }),
            _ => Err(errors),
        }
    }
}

fn options_context(ctx: &mut Context, state: &AppState) {
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
    ctx.insert("frequencies", &Frequency::options());
    ctx.insert("themes", &domain::Theme::options());
    ctx.insert("pledge_options", &pledges);
    ctx.insert("actor_options", &actors);
    ctx.insert("event_options", &events);
    ctx.insert(
        "zones",
        &chrono_tz::TZ_VARIANTS
            .iter()
            .map(|z| z.name())
            .collect::<Vec<_>>(),
    );
}

fn form_page(
    state: &AppState,
    status: StatusCode,
    mode: &str,
    form: &SubscribeForm,
    errors: &[FieldError],
    notice: Option<&str>,
) -> PageResult<Response> {
    let mut ctx = Context::new();
    ctx.insert("nav", "");
    ctx.insert("mode", mode);
    ctx.insert("form", form);
    ctx.insert("errors", errors);
    ctx.insert("notice", &notice);
    options_context(&mut ctx, state);
    Ok((
        status,
        Html(state.templates.render("subscribe.html", &ctx)?),
    )
        .into_response())
}

/// What a notice page offers next: a button that posts (with the token when there is
/// one), or a plain link.
#[derive(Serialize)]
struct Action<'a> {
    url: &'a str,
    token: &'a str,
    label: &'a str,
    post: bool,
}

/// A short page: a heading, a message, and at most one action.
fn notice_page(
    state: &AppState,
    status: StatusCode,
    title: &str,
    message: &str,
    action: Option<Action<'_>>,
) -> PageResult<Response> {
    let mut ctx = Context::new();
    ctx.insert("nav", "");
    ctx.insert("title", title);
    ctx.insert("message", message);
    ctx.insert("action", &action);
    Ok((
        status,
        Html(state.templates.render("subscription_notice.html", &ctx)?),
    )
        .into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ScopeQuery {
    scope: Option<String>,
    target: Option<String>,
}

/// The subscribe form, for everything or for one pledge, actor, theme or event.
#[utoipa::path(get, path = "/subscribe", tag = "subscriptions", params(ScopeQuery), responses((status = 200, content_type = "text/html")))]
pub async fn subscribe_form(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<ScopeQuery>,
) -> PageResult<Response> {
    let csrf = auth::random_token();
    let jar = jar.add(auth::cookie(
        &state,
        SUBSCRIBE_CSRF_COOKIE,
        csrf.clone(),
        "/subscribe",
        Duration::hours(2),
    ));
    let form = SubscribeForm {
        csrf: Some(csrf),
        scope: q.scope.unwrap_or_else(|| "everything".into()),
        target: q.target.unwrap_or_default(),
        frequency: Frequency::Weekly.code().into(),
        change_status: Some("on".into()),
        change_deadlines: Some("on".into()),
        time_zone: "UTC".into(),
        ..SubscribeForm::default()
    };
    let page = form_page(&state, StatusCode::OK, "new", &form, &[], None)?;
    Ok((jar, page).into_response())
}

/// Takes a request and answers the same whatever the address's state, so the page never
/// tells who is subscribed; the mail says the rest.
#[utoipa::path(post, path = "/subscribe", tag = "subscriptions", responses((status = 200, description = "Asked to check the inbox"), (status = 400, description = "A field is wrong"), (status = 403, description = "Missing or wrong CSRF token"), (status = 429, description = "Too many subscription mails from this client, or in all, in the last hour")))]
pub async fn subscribe(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    jar: CookieJar,
    Form(form): Form<SubscribeForm>,
) -> PageResult<Response> {
    auth::check_double_submit(&jar, SUBSCRIBE_CSRF_COOKIE, form.csrf.as_deref())?;
    let email = EmailAddress::parse("email", form.email.trim());
    let choice = form.choice(&state);
    let (email, choice) = match (email, choice) {
        (Ok(email), Ok(choice)) => (email, choice),
        (email, choice) => {
            let mut errors = choice.err().unwrap_or_default();
            if let Err(e) = email {
                errors.insert(
                    0,
                    FieldError {
                        field: "email",
                        message: e.to_string(),
                    },
                );
            }
            return form_page(&state, StatusCode::BAD_REQUEST, "new", &form, &errors, None);
        }
    };
    let request = Subscription::request(
        email,
        choice.scope,
        choice.frequency,
        choice.changes,
        choice.time_zone,
    )?;
    let token = auth::random_token();
    let now = Utc::now();
    let pending = PendingToken {
        hash: auth::token_hash(&token),
        expires_at: now + Duration::hours(CONFIRM_HOURS),
    };
    let mail = &state.mail;
    let client = state.client_address(peer.ip(), &headers).to_string();
    let outcome = state
        .db
        .request_subscription(
            &request,
            &client,
            &pending,
            RequestLimits {
                per_client_per_hour: mail.subscribe_per_client_per_hour,
                per_hour: mail.subscribe_per_hour,
                ..RequestLimits::default()
            },
            now,
            |outcome| {
                let to = request.email.as_str();
                match outcome {
                    RequestOutcome::AlreadyConfirmed { id, link_version } => {
                        mail.reminder(to, (id, link_version), &request.scope, now)
                    }
                    _ => mail.confirmation(to, &request.scope, &token, CONFIRM_HOURS),
                }
                .map_err(AppError::Internal)
            },
        )
        .await?;
    if outcome == RequestOutcome::Throttled {
        tracing::info!("subscription mail throttled");
    }
    if outcome == RequestOutcome::Busy {
        tracing::info!("subscription mail refused: the per-client or overall limit is reached");
        return Err(AppError::TooManyRequests(
            "Too many subscription requests lately; please try again in an hour.".into(),
        ));
    }
    notice_page(
        &state,
        StatusCode::OK,
        "Check your inbox",
        &format!(
            "If {} can receive mail, a message is on its way. Open the link in it within {CONFIRM_HOURS} hours to confirm; nothing is sent until you do.",
            request.email
        ),
        None,
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
pub struct TokenParam {
    #[serde(default)]
    token: String,
}

const LINK_USED: &str =
    "This link has expired or was already used. Subscribe again to get a new one.";

/// The confirmation link lands on a button, so a mail scanner that follows links does
/// not confirm on the reader's behalf.
#[utoipa::path(get, path = "/subscriptions/confirm", tag = "subscriptions", params(TokenParam), responses((status = 200, content_type = "text/html")))]
pub async fn confirm_form(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    notice_page(
        &state,
        StatusCode::OK,
        "Confirm your subscription",
        "One more step: press the button to start receiving digests.",
        Some(Action {
            url: "/subscriptions/confirm",
            token: &q.token,
            label: "Confirm",
            post: true,
        }),
    )
}

#[utoipa::path(post, path = "/subscriptions/confirm", tag = "subscriptions", responses((status = 200, description = "Confirmed"), (status = 400, description = "Expired or used link")))]
pub async fn confirm(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let hash = auth::token_hash(form.token.trim());
    match state.db.confirm_subscription(&hash, Utc::now()).await? {
        Some(id) => {
            let version = state.db.subscription_record(id).await?.link_version;
            let manage = state.mail.manage_url(id, version);
            let path = manage.strip_prefix(&*state.public_url).unwrap_or(&manage);
            notice_page(
                &state,
                StatusCode::OK,
                "Subscription confirmed",
                "You will get a digest when something you follow changes. Every digest links to your preferences.",
                Some(Action {
                    url: path,
                    token: "",
                    label: "Your preferences",
                    post: false,
                }),
            )
        }
        None => notice_page(
            &state,
            StatusCode::BAD_REQUEST,
            "Link not valid",
            LINK_USED,
            None,
        ),
    }
}

/// The subscription a signed link names, or a 400 page.
async fn linked(
    state: &AppState,
    purpose: Purpose,
    token: &str,
) -> Result<StoredSubscription, AppError> {
    let not_valid = || AppError::BadRequest {
        field: "token".into(),
        message: "token: this link is not valid, or the subscription was erased".into(),
    };
    let id = LinkSigner::subscription_id(token).ok_or_else(not_valid)?;
    let stored = match state.db.subscription_record(id).await {
        Ok(s) => s,
        Err(persistence::StoreError::NotFound { .. }) => return Err(not_valid()),
        Err(e) => return Err(e.into()),
    };
    if !state
        .mail
        .signer
        .verify(purpose, token, id, stored.link_version)
    {
        return Err(not_valid());
    }
    Ok(stored)
}

fn manage_page(
    state: &AppState,
    status: StatusCode,
    stored: &StoredSubscription,
    token: &str,
    form: Option<SubscribeForm>,
    errors: &[FieldError],
    notice: Option<&str>,
) -> PageResult<Response> {
    let mut form = form.unwrap_or_else(|| SubscribeForm::from_subscription(&stored.subscription));
    form.token = Some(token.to_owned());
    form.email = stored.subscription.email.to_string();
    let mut ctx = Context::new();
    ctx.insert("nav", "");
    ctx.insert("mode", "manage");
    ctx.insert("form", &form);
    ctx.insert("errors", errors);
    ctx.insert("notice", &notice);
    ctx.insert("state", stored.subscription.state.label());
    ctx.insert(
        "active",
        &(stored.subscription.state == domain::SubscriptionState::Confirmed),
    );
    ctx.insert("following", &scope_label(&stored.subscription.scope));
    ctx.insert("following_url", &scope_path(&stored.subscription.scope));
    options_context(&mut ctx, state);
    Ok((
        status,
        Html(state.templates.render("subscribe.html", &ctx)?),
    )
        .into_response())
}

/// Preferences, reached from any digest without logging in.
#[utoipa::path(get, path = "/subscriptions/manage", tag = "subscriptions", params(TokenParam), responses((status = 200, content_type = "text/html"), (status = 400, description = "Not a valid link")))]
pub async fn manage_form(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &q.token).await?;
    manage_page(&state, StatusCode::OK, &stored, &q.token, None, &[], None)
}

#[utoipa::path(post, path = "/subscriptions/manage", tag = "subscriptions", responses((status = 200, description = "Saved"), (status = 400, description = "A field is wrong"), (status = 409, description = "That address already follows the new scope")))]
pub async fn manage(
    State(state): State<AppState>,
    Form(form): Form<SubscribeForm>,
) -> PageResult<Response> {
    let token = form.token.clone().unwrap_or_default();
    let stored = linked(&state, Purpose::Manage, &token).await?;
    let choice = match form.choice(&state) {
        Ok(c) => c,
        Err(errors) => {
            return manage_page(
                &state,
                StatusCode::BAD_REQUEST,
                &stored,
                &token,
                Some(form),
                &errors,
                None,
            );
        }
    };
    let saved = state
        .db
        .update_subscription(
            stored.id,
            &choice.scope,
            choice.frequency,
            &choice.changes,
            &choice.time_zone,
        )
        .await;
    match saved {
        Ok(()) => {
            let stored = state.db.subscription_record(stored.id).await?;
            manage_page(
                &state,
                StatusCode::OK,
                &stored,
                &token,
                None,
                &[],
                Some("Saved."),
            )
        }
        Err(persistence::StoreError::Conflict { .. }) => {
            let errors = [FieldError {
                field: "scope",
                message: "scope: this address already follows that; change it from that subscription's own link".into(),
            }];
            manage_page(
                &state,
                StatusCode::CONFLICT,
                &stored,
                &token,
                Some(form),
                &errors,
                None,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// Leaving from the preferences page.
#[utoipa::path(post, path = "/subscriptions/leave", tag = "subscriptions", responses((status = 200, description = "Unsubscribed"), (status = 400, description = "Not a valid link")))]
pub async fn leave(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &form.token).await?;
    state.db.unsubscribe(stored.id).await?;
    unsubscribed_page(&state, &stored)
}

fn unsubscribed_page(state: &AppState, stored: &StoredSubscription) -> PageResult<Response> {
    notice_page(
        state,
        StatusCode::OK,
        "Unsubscribed",
        &format!(
            "{} will get no more digests about {}. Digests already written are not sent.",
            stored.subscription.email,
            scope_label(&stored.subscription.scope)
        ),
        None,
    )
}

/// The page a person reaches from the unsubscribe link: a button, because link scanners
/// follow links (RFC 8058 leaves the one-click POST to the mail client).
#[utoipa::path(get, path = "/subscriptions/unsubscribe", tag = "subscriptions", params(TokenParam), responses((status = 200, content_type = "text/html"), (status = 400, description = "Not a valid link")))]
pub async fn unsubscribe_form(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Unsubscribe, &q.token).await?;
    let url = format!("/subscriptions/unsubscribe?token={}", q.token);
    notice_page(
        &state,
        StatusCode::OK,
        "Unsubscribe?",
        &format!(
            "Stop emailing {} about {}?",
            stored.subscription.email,
            scope_label(&stored.subscription.scope)
        ),
        Some(Action {
            url: &url,
            token: "",
            label: "Unsubscribe",
            post: true,
        }),
    )
}

/// One-click unsubscribe (RFC 8058): the token in the URL is the authority; no cookie,
/// no CSRF token, and a 200 rather than a redirect.
#[utoipa::path(post, path = "/subscriptions/unsubscribe", tag = "subscriptions", params(TokenParam), responses((status = 200, description = "Unsubscribed"), (status = 400, description = "Not a valid link")))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Unsubscribe, &q.token).await?;
    state.db.unsubscribe(stored.id).await?;
    unsubscribed_page(&state, &stored)
}

#[derive(Serialize)]
struct SubscriptionExport {
    scope: String,
    target: Option<String>,
    frequency: &'static str,
    changes: Vec<&'static str>,
    time_zone: String,
    state: &'static str,
    created_at: String,
    confirmed_at: Option<String>,
    last_digest_at: Option<String>,
}

/// Everything kept about the address, as JSON.
#[utoipa::path(get, path = "/subscriptions/data", tag = "subscriptions", params(TokenParam), responses((status = 200, content_type = "application/json"), (status = 400, description = "Not a valid link")))]
pub async fn download(
    State(state): State<AppState>,
    Query(q): Query<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &q.token).await?;
    let email = &stored.subscription.email;
    let data = state.db.subscriber_data(email).await?;
    let body = serde_json::json!({
        "email": email.as_str(),
        "exported_at": Utc::now().to_rfc3339(),
        "subscriptions": data.subscriptions.iter().map(|s| SubscriptionExport {
            scope: s.subscription.scope.kind().to_owned(),
            target: s.subscription.scope.target().map(str::to_owned),
            frequency: s.subscription.frequency.code(),
            changes: s.subscription.changes.iter().map(|c| c.code()).collect(),
            time_zone: s.subscription.time_zone.as_str().to_owned(),
            state: s.subscription.state.code(),
            created_at: s.created_at.to_rfc3339(),
            confirmed_at: s.confirmed_at.map(|t| t.to_rfc3339()),
            last_digest_at: s.last_digest_at.map(|t| t.to_rfc3339()),
        }).collect::<Vec<_>>(),
        "messages": data.messages.iter().map(|m| serde_json::json!({
            "kind": m.kind, "subject": m.subject, "status": m.status,
            "created_at": m.created_at.to_rfc3339(),
            "sent_at": m.sent_at.map(|t| t.to_rfc3339()),
        })).collect::<Vec<_>>(),
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"pledgewatch-subscriber-data.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&body).map_err(|e| AppError::Internal(e.into()))?,
    )
        .into_response())
}

/// Deletes every subscription of the address and every message to it.
#[utoipa::path(post, path = "/subscriptions/erase", tag = "subscriptions", responses((status = 200, description = "Erased"), (status = 400, description = "Not a valid link")))]
pub async fn erase(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &form.token).await?;
    let removed = state
        .db
        .erase_subscriber(&stored.subscription.email)
        .await?;
    notice_page(
        &state,
        StatusCode::OK,
        "Erased",
        &format!(
            "Removed {removed} subscription{} and every message to this address. Links in earlier mail no longer work.",
            if removed == 1 { "" } else { "s" }
        ),
        None,
    )
}

/// Revokes every manage and unsubscribe link mailed so far (a forwarded digest, say) and
/// mails the address new ones; the page holding the old link cannot go on using it.
#[utoipa::path(post, path = "/subscriptions/revoke-links", tag = "subscriptions", responses((status = 200, description = "Revoked; new links mailed"), (status = 400, description = "Not a valid link")))]
pub async fn revoke_links(
    State(state): State<AppState>,
    Form(form): Form<TokenParam>,
) -> PageResult<Response> {
    let stored = linked(&state, Purpose::Manage, &form.token).await?;
    let version = state.db.revoke_subscription_links(stored.id).await?;
    let now = Utc::now();
    let message = state
        .mail
        .reminder(
            stored.subscription.email.as_str(),
            (stored.id, version),
            &stored.subscription.scope,
            now,
        )
        .map_err(AppError::Internal)?;
    state.db.enqueue_email(&message, now).await?;
    notice_page(
        &state,
        StatusCode::OK,
        "Links revoked",
        &format!(
            "Every link mailed to {} before now no longer works. A mail with new links is on its way.",
            stored.subscription.email
        ),
        None,
    )
}
