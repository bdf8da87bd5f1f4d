//! The admin's view of mail: the queue by status, recent failures, digest runs with their
//! delivery, resuming a run that paused (too many failures, or the server refusing
//! everyone), and re-queueing a run's dead messages.

use crate::auth::Admin;
use crate::error::PageResult;
use crate::mail::outbox::OutboxStatus;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use persistence::auth::Audit;
use serde::Deserialize;
use serde_json::json;
use tera::Context;

/// Queue depth, failures and runs.
#[utoipa::path(get, path = "/admin/email", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in"), (status = 403, description = "Not an admin")))]
pub async fn overview(State(state): State<AppState>, Admin(admin): Admin) -> PageResult<Response> {
    let counts = state.db.outbox_counts().await?;
    let failures = state.db.recent_email_failures(50).await?;
    let mut runs = Vec::new();
    for run in state.db.digest_runs(20).await? {
        let delivery = state.db.digest_run_delivery(run.id).await?;
        runs.push(json!({
            "id": run.id,
            "frequency": run.frequency.label(),
            "started_at": run.started_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            "composing": run.composing,
            "subscribers": run.subscribers,
            "digests": run.digests,
            "queued": delivery.waiting(),
            "sent": delivery.get(OutboxStatus::Sent),
            "dead": delivery.get(OutboxStatus::Dead),
            "skipped": delivery.get(OutboxStatus::Skipped),
            "failures": run.failures,
            "pause_after": run.pause_after,
            "paused": run.paused,
            "pause_reason": run.pause_reason,
        }));
    }
    let mut ctx = Context::new();
    ctx.insert("nav", "");
    ctx.insert("csrf", &admin.csrf);
    ctx.insert("queued", &counts.waiting());
    ctx.insert("sending", &counts.get(OutboxStatus::Sending));
    ctx.insert("sent", &counts.get(OutboxStatus::Sent));
    ctx.insert("dead", &counts.get(OutboxStatus::Dead));
    ctx.insert("skipped", &counts.get(OutboxStatus::Skipped));
    ctx.insert("runs", &runs);
    ctx.insert(
        "failures",
        &failures
            .iter()
            .map(|f| {
                json!({
                    "id": f.id, "kind": f.kind, "status": f.status, "attempts": f.attempts,
                    "next_attempt_at": f.next_attempt_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                    "error": f.last_error,
                })
            })
            .collect::<Vec<_>>(),
    );
    Ok(Html(state.templates.render("admin_email.html", &ctx)?).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CsrfOnly {
    csrf: Option<String>,
}

/// Lets a paused run send again; messages waiting out a backoff go at once.
#[utoipa::path(post, path = "/admin/email/runs/{id}/resume", tag = "pages", params(("id" = i32, Path, description = "The digest run")), responses((status = 303, description = "Resumed"), (status = 403, description = "Not an admin, or no CSRF token"), (status = 404, description = "No such run")))]
pub async fn resume(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i32>,
    Form(form): Form<CsrfOnly>,
) -> PageResult<Response> {
    admin.check_csrf(form.csrf.as_deref())?;
    state.db.digest_run(id).await?;
    if state.db.resume_digest_run(id, Utc::now()).await? {
        audit_run(&state, &admin, "digest_run_resumed", id, "").await?;
    }
    Ok(Redirect::to("/admin/email").into_response())
}

/// Puts a run's dead messages back in the queue with their stored bytes and Message-ID;
/// digests of subscribers who left since are skipped.
#[utoipa::path(post, path = "/admin/email/runs/{id}/retry-dead", tag = "pages", params(("id" = i32, Path, description = "The digest run")), responses((status = 303, description = "Re-queued"), (status = 403, description = "Not an admin, or no CSRF token"), (status = 404, description = "No such run")))]
pub async fn retry_dead(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i32>,
    Form(form): Form<CsrfOnly>,
) -> PageResult<Response> {
    admin.check_csrf(form.csrf.as_deref())?;
    state.db.digest_run(id).await?;
    let done = state.db.retry_dead(id, Utc::now()).await?;
    let detail = format!("{} re-queued, {} skipped", done.requeued, done.skipped);
    audit_run(&state, &admin, "digest_run_dead_requeued", id, &detail).await?;
    Ok(Redirect::to("/admin/email").into_response())
}

/// Records what an admin did to a run in the audit trail.
async fn audit_run(
    state: &AppState,
    admin: &crate::auth::Session,
    action: &str,
    run: i32,
    detail: &str,
) -> PageResult<()> {
    state
        .db
        .audit(
            Audit {
                actor: Some(admin.user.email.as_str()),
                action,
                target: &run.to_string(),
                detail,
                address: None,
            },
            Utc::now(),
        )
        .await?;
    Ok(())
}
