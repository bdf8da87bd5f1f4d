//! The editors' moderation of contributions (`/admin/contributions`): the queue with its
//! filters, each item beside its pledge's current state; accepting one turns it into a
//! follow-up through the normal write path, crediting the contributor (a missing pledge
//! is sent to the prefilled pledge form instead, whose saving accepts it); rejecting one keeps
//! the reason and mails it to a contributor who confirmed their email. Editors and admins
//! only, with the session's CSRF token on every form.

use super::letters;
use crate::auth::Editor;
use crate::error::{AppError, PageResult};
use crate::page::{Nav, Page, View};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::contribution::{Contribution, ContributionKind, ContributionState, rejection_reason};
use domain::*;
use persistence::contributions::{QueueFilter, StoredContribution};
use persistence::{Author, Change};
use serde::{Deserialize, Serialize};

/// The most items the queue shows at once.
const QUEUE_ROWS: u64 = 200;

#[derive(Debug, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[serde(default)]
pub struct QueueQuery {
    /// `pending` (the default), `accepted`, `rejected` or `all`.
    state: String,
    kind: String,
    pledge: String,
}

impl QueueQuery {
    fn filter(&self) -> Result<QueueFilter, AppError> {
        let bad = |e: DomainError| AppError::BadRequest {
            field: e.field().into(),
            message: e.to_string(),
        };
        let state = match self.state.trim() {
            "" => Some(ContributionState::Pending),
            "all" => None,
            s => Some(ContributionState::parse(s).map_err(bad)?),
        };
        let kind = match self.kind.trim() {
            "" => None,
            k => Some(ContributionKind::parse(k).map_err(bad)?),
        };
        let pledge = match self.pledge.trim() {
            "" => None,
            p => Some(Slug::parse("pledge", p).map_err(bad)?),
        };
        Ok(QueueFilter {
            state,
            kind,
            pledge,
        })
    }
}

/// A pledge as it stands now, beside the contribution about it.
#[derive(Serialize)]
struct PledgeNow {
    slug: String,
    title: String,
    delivery: &'static str,
    strength: &'static str,
    progress: Option<u8>,
    follow_ups: usize,
    last_follow_up_on: Option<String>,
}

#[derive(Serialize)]
struct ItemView {
    id: i32,
    kind: &'static str,
    /// The state's code (the page names it in its language).
    state: &'static str,
    pending: bool,
    received: String,
    pledge: Option<PledgeNow>,
    pledge_slug: Option<String>,
    links: Vec<String>,
    note: String,
    claim: Option<String>,
    delivery: Option<&'static str>,
    title: Option<String>,
    credit: String,
    /// "confirmed", "not_confirmed" or "none": editors see whether the contributor will be
    /// told, not their address.
    email: &'static str,
    reply_actor: Option<String>,
    answers: Option<i32>,
    follow_up_id: Option<i32>,
    reason: Option<String>,
    decided_by: Option<String>,
}

#[derive(Serialize)]
struct QueueView<'a> {
    query: &'a QueueQuery,
    items: Vec<ItemView>,
    kinds: Vec<(&'static str, &'static str)>,
    states: Vec<(&'static str, &'static str)>,
    deliveries: Vec<(&'static str, &'static str)>,
    tiers: Vec<(&'static str, &'static str)>,
}

fn item_view(state: &AppState, s: StoredContribution) -> ItemView {
    let snapshot = state.model.current();
    let c = s.contribution;
    let pledge = c.pledge.as_ref().and_then(|slug| {
        snapshot.catalog.get(slug).map(|(p, _)| PledgeNow {
            slug: p.slug.to_string(),
            title: p.title.to_string(),
            delivery: p.state.delivery.code(),
            strength: p.state.strength.code(),
            progress: p.state.progress.map(|x| x.percent()),
            follow_ups: p.state.follow_ups,
            last_follow_up_on: p.state.last_follow_up_on.map(|d| d.to_string()),
        })
    });
    ItemView {
        id: s.id,
        kind: c.kind.code(),
        state: s.state.code(),
        pending: s.state == ContributionState::Pending,
        received: s.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        pledge,
        pledge_slug: c.pledge.as_ref().map(ToString::to_string),
        links: c.links.iter().map(|l| l.as_str().to_owned()).collect(),
        note: c.note.to_string(),
        claim: c.claim.as_ref().map(ToString::to_string),
        delivery: c.delivery.map(DeliveryStatus::code),
        title: c.title.as_ref().map(ToString::to_string),
        credit: crate::routes::pledge_edit::contributed::shown_credit(c.credit.as_ref()),
        email: match (&c.email, &s.confirmed_email) {
            (_, Some(_)) => "confirmed",
            (Some(_), None) => "not_confirmed",
            (None, None) => "none",
        },
        reply_actor: c.reply.as_ref().map(|r| r.actor.to_string()),
        answers: c.reply.as_ref().map(|r| r.answers),
        follow_up_id: s.follow_up_id,
        reason: s.reason,
        decided_by: s.decided_by,
    }
}

/// The queue, pending contributions first by default.
#[utoipa::path(get, path = "/admin/contributions", tag = "pages", params(QueueQuery), responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in"), (status = 400, description = "A filter is wrong")))]
pub async fn queue(
    State(state): State<AppState>,
    Editor(session): Editor,
    Query(query): Query<QueueQuery>,
) -> PageResult<Response> {
    let filter = query.filter()?;
    let stored = state.db.contributions(&filter, QUEUE_ROWS).await?;
    let view = QueueView {
        query: &query,
        items: stored.into_iter().map(|s| item_view(&state, s)).collect(),
        kinds: ContributionKind::options(),
        states: ContributionState::options(),
        deliveries: DeliveryStatus::options(),
        tiers: SourceTier::options(),
    };
    let html = Page::new(Nav::None)
        .csrf(&session.csrf)
        .render(&state.templates, &view)?;
    Ok(Html(html).into_response())
}

impl View for QueueView<'_> {
    const TEMPLATE: &'static str = "admin_contributions.html";
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AcceptForm {
    csrf: Option<String>,
    /// The source tier of the contributed addresses.
    tier: String,
    /// The delivery status to record (evidence only); empty keeps the current one.
    delivery: String,
    /// A title for the contributed addresses; their host name when empty.
    evidence_title: String,
}

/// A missing contribution as a plain 404 ("contribution 9 not found").
fn missing(e: AppError) -> AppError {
    match e {
        AppError::Store(persistence::StoreError::NotFound { what }) => AppError::NotFound(what),
        e => e,
    }
}

/// The host of an address, as a plain title for it.
fn host_of(url: &WebUrl) -> &str {
    let rest = url.as_str().split_once("://").map_or("", |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// The follow-up an accepted contribution becomes, or none (a missing pledge is added by
/// an editor through the pledge form).
fn follow_up_for(
    stored: &StoredContribution,
    form: &AcceptForm,
    author: &str,
    actor_name: Option<&str>,
) -> Result<Option<Change>, DomainError> {
    let c = &stored.contribution;
    let Some(pledge) = c.pledge.clone() else {
        return Ok(None);
    };
    let tier = SourceTier::parse_field("tier", form.tier.trim())?;
    let title = match form.evidence_title.trim() {
        "" => None,
        t => Some(Title::parse("evidence_title", t)?),
    };
    let mut evidence = Vec::new();
    for url in &c.links {
        let title = match &title {
            Some(t) => t.clone(),
            None => Title::parse("evidence_title", host_of(url))?,
        };
        evidence.push(Evidence {
            url: url.clone(),
            title,
            publisher: None,
            tier,
            // A contribution carries addresses only; an editor can cite a copy later.
            archived_url: None,
        });
    }
    let mut proposal = Proposal::default();
    if c.kind == ContributionKind::Evidence && !form.delivery.trim().is_empty() {
        proposal.delivery = Some(DeliveryStatus::parse_field(
            "delivery",
            form.delivery.trim(),
        )?);
    }
    let note = match (c.kind, &c.claim) {
        (ContributionKind::Correction, Some(claim)) => {
            format!("Correction: {claim}\n\n{}", c.note)
        }
        (ContributionKind::Evidence, Some(claim)) => format!("{claim}\n\n{}", c.note),
        // Said in the note too, so that feeds and digests, which show notes, say whose
        // reply it is.
        (ContributionKind::Reply, _) => format!(
            "Reply from {} (right of reply):\n\n{}",
            actor_name.unwrap_or("the actor"),
            c.note
        ),
        _ => c.note.to_string(),
    };
    let now = Utc::now();
    Ok(Some(Change::RecordFollowUp {
        pledge,
        draft: Draft {
            author: author.to_owned(),
            recorded_at: now,
            occurred_on: now.date_naive(),
            proposal,
            note: Some(LongText::parse("note", &note)?),
            evidence,
        },
        // One contribution is one follow-up, however often the button is pressed.
        submission_key: Some(format!("contribution-{}", stored.id)),
    }))
}

/// Accepts a contribution: evidence, a correction or a reply becomes a follow-up on its
/// pledge, in the change log and in digests, credited to the contributor.
#[utoipa::path(post, path = "/admin/contributions/{id}/accept", tag = "pages", params(("id" = i32, Path)),
    responses((status = 303, description = "Accepted"), (status = 403, description = "No CSRF token"), (status = 404, description = "No such contribution"), (status = 409, description = "Decided already"), (status = 422, description = "A field is wrong")))]
pub async fn accept(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<i32>,
    Form(form): Form<AcceptForm>,
) -> PageResult<Response> {
    session.check_csrf(form.csrf.as_deref())?;
    let stored = state
        .db
        .contribution(id)
        .await
        .map_err(|e| missing(e.into()))?;
    let c = &stored.contribution;
    if c.kind == ContributionKind::NewPledge {
        // Nothing is written here: saving the prefilled pledge form accepts it, in the
        // same transaction as the new pledge (see `pledge_edit::contributed`).
        if stored.state != ContributionState::Pending {
            return Err(persistence::StoreError::Stale {
                what: format!("contribution {id} was already {}", stored.state.code()),
            }
            .into());
        }
        return Ok(Redirect::to(&format!("/pledges/new?contribution={id}")).into_response());
    }
    let credit = Contribution::credit_line(c.credit.as_ref());
    let editor = session.user.name.as_str();
    let actor_name = c.reply.as_ref().map(|r| {
        let snapshot = state.model.current();
        snapshot
            .catalog
            .actor(&r.actor)
            .map_or_else(|| r.actor.to_string(), |a| a.name.to_string())
    });
    let public_name = match &actor_name {
        Some(actor) => format!("{actor}, in reply (sent by {credit}, published by {editor})"),
        None => crate::routes::pledge_edit::contributed::credited(&stored, editor),
    };
    let change = follow_up_for(&stored, &form, &public_name, actor_name.as_deref())?;
    let author = Author {
        name: &public_name,
        account: Some(session.user.email.as_str()),
    };
    let applied = state
        .db
        .accept_contribution(id, change, author, Utc::now(), |s| {
            letters::outcome(&state, s, ContributionState::Accepted, None)
                .map_err(AppError::Internal)
        })
        .await?;
    if let Some(applied) = &applied {
        state.follow(applied).await;
    }
    let to = match &stored.contribution.pledge {
        Some(p) => format!("/pledges/{p}#timeline"),
        None => "/admin/contributions".to_owned(),
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RejectForm {
    csrf: Option<String>,
    reason: String,
}

/// Rejects a contribution with a reason, mailed to a contributor who confirmed their
/// email.
#[utoipa::path(post, path = "/admin/contributions/{id}/reject", tag = "pages", params(("id" = i32, Path)),
    responses((status = 303, description = "Rejected"), (status = 403, description = "No CSRF token"), (status = 404, description = "No such contribution"), (status = 409, description = "Decided already"), (status = 422, description = "No reason, or one too long")))]
pub async fn reject(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<i32>,
    Form(form): Form<RejectForm>,
) -> PageResult<Response> {
    session.check_csrf(form.csrf.as_deref())?;
    let reason = rejection_reason(&form.reason)?;
    state
        .db
        .reject_contribution(id, &reason, session.author(), Utc::now(), |s| {
            letters::outcome(
                &state,
                s,
                ContributionState::Rejected,
                Some(reason.as_str()),
            )
            .map_err(AppError::Internal)
        })
        .await
        .map_err(missing)?;
    Ok(Redirect::to("/admin/contributions").into_response())
}
