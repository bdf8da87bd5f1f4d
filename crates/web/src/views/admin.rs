//! The administrators' views: accounts (`admin_users.html`), the audit trail
//! (`admin_audit.html`), the CSV import (`admin_import.html`) and mail delivery
//! (`admin_email.html`). The CSRF token comes from the page builder.

use crate::page::View;
use domain::User;
use persistence::auth::AuditEntry;
use persistence::digest_runs::DigestRun;
use persistence::outbox::FailedEmail;
use persistence::outbox::{OutboxStatus, StatusCounts};
use serde::Serialize;

#[derive(Serialize)]
pub struct UserRow<'a> {
    email: &'a str,
    name: &'a str,
    role: &'static str,
    disabled: bool,
}

#[derive(Serialize)]
pub struct UsersView<'a> {
    pub notice: Option<String>,
    /// The add-account form's refused fields, each shown beside its field.
    pub errors: &'a crate::error::FieldErrors,
    pub users: Vec<UserRow<'a>>,
}

impl View for UsersView<'_> {
    const TEMPLATE: &'static str = "admin_users.html";
}

pub fn user_rows(users: &[User]) -> Vec<UserRow<'_>> {
    users
        .iter()
        .map(|u| UserRow {
            email: u.email.as_str(),
            name: u.name.as_str(),
            role: u.role.code(),
            disabled: u.disabled,
        })
        .collect()
}

#[derive(Serialize)]
pub struct AuditRow<'a> {
    at: String,
    actor: Option<&'a str>,
    action: &'a str,
    target: &'a str,
    /// `{"changes": [{field, old, new}…]}` or `{"note": …}`, as the template reads it.
    detail: &'a persistence::audit::AuditDetail,
    address: Option<&'a str>,
}

/// The audit trail with its filters as typed.
#[derive(Serialize)]
pub struct AuditView<'a> {
    pub actor: &'a str,
    pub from: String,
    pub to: String,
    pub entries: Vec<AuditRow<'a>>,
}

impl View for AuditView<'_> {
    const TEMPLATE: &'static str = "admin_audit.html";
}

pub fn audit_rows(entries: &[AuditEntry]) -> Vec<AuditRow<'_>> {
    entries
        .iter()
        .map(|e| AuditRow {
            at: e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: e.actor.as_deref(),
            action: &e.action,
            target: &e.target,
            detail: &e.detail,
            address: e.address.as_deref(),
        })
        .collect()
}

/// The import form, with what the last upload did or why it was refused.
#[derive(Serialize)]
pub struct ImportView {
    pub lines: Vec<String>,
    pub problems: Vec<String>,
}

impl View for ImportView {
    const TEMPLATE: &'static str = "admin_import.html";
}

/// A digest run with the delivery of its messages.
#[derive(Serialize)]
pub struct RunRow<'a> {
    id: i32,
    frequency: &'static str,
    started_at: String,
    composing: bool,
    subscribers: i32,
    digests: i32,
    queued: u64,
    sent: u64,
    dead: u64,
    skipped: u64,
    failures: i32,
    pause_after: i32,
    paused: bool,
    pause_reason: Option<&'a str>,
}

pub fn run_row<'a>(run: &'a DigestRun, delivery: &StatusCounts) -> RunRow<'a> {
    RunRow {
        id: run.id,
        frequency: run.frequency.label(),
        started_at: run.started_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        composing: run.composing,
        subscribers: run.subscribers,
        digests: run.digests,
        queued: delivery.waiting(),
        sent: delivery.get(OutboxStatus::Sent),
        dead: delivery.get(OutboxStatus::Dead),
        skipped: delivery.get(OutboxStatus::Skipped),
        failures: run.failures,
        pause_after: run.pause_after,
        paused: run.paused,
        pause_reason: run.pause_reason.as_deref(),
    }
}

#[derive(Serialize)]
pub struct FailureRow<'a> {
    id: i32,
    kind: &'a str,
    status: &'a str,
    attempts: i32,
    next_attempt_at: String,
    error: &'a str,
}

#[derive(Serialize)]
pub struct EmailView<'a> {
    queued: u64,
    sending: u64,
    sent: u64,
    dead: u64,
    skipped: u64,
    runs: Vec<RunRow<'a>>,
    failures: Vec<FailureRow<'a>>,
}

impl View for EmailView<'_> {
    const TEMPLATE: &'static str = "admin_email.html";
}

pub fn email_view<'a>(
    counts: &StatusCounts,
    runs: Vec<RunRow<'a>>,
    failures: &'a [FailedEmail],
) -> EmailView<'a> {
    EmailView {
        queued: counts.waiting(),
        sending: counts.get(OutboxStatus::Sending),
        sent: counts.get(OutboxStatus::Sent),
        dead: counts.get(OutboxStatus::Dead),
        skipped: counts.get(OutboxStatus::Skipped),
        runs,
        failures: failures
            .iter()
            .map(|f| FailureRow {
                id: f.id,
                kind: &f.kind,
                status: f.status.code(),
                attempts: f.attempts,
                next_attempt_at: f
                    .next_attempt_at
                    .format("%Y-%m-%d %H:%M:%S UTC")
                    .to_string(),
                error: &f.last_error,
            })
            .collect(),
    }
}
