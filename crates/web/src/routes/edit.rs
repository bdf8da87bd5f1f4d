//! Editors recording progress: the follow-up form on a pledge. A bad field re-renders the
//! form with the input kept and a message beside the field; a second submission of the
//! same form records nothing new.

use crate::auth::{Editor, Session};
use crate::error::PageResult;
use crate::error::{FieldErrors, Message};
use crate::page::Nav;
use crate::routes::editor_forms::{self, listed_pledge};
use crate::state::AppState;
use crate::views::edit::follow_up_form_view;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Utc;
use domain::input::parse_date;
use domain::*;
use persistence::Change;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Evidence rows on the form.
pub const EVIDENCE_ROWS: usize = 3;

#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct FollowUpForm {
    csrf: Option<String>,
    submission_key: Option<String>,
    occurred_on: Option<String>,
    delivery: Option<String>,
    strength: Option<String>,
    progress: Option<String>,
    contested: Option<String>,
    note: Option<String>,
    money_stage: Option<String>,
    money_amount: Option<String>,
    money_min: Option<String>,
    money_max: Option<String>,
    money_currency: Option<String>,
    money_value_date: Option<String>,
    money_source: Option<String>,
    evidence_url_1: Option<String>,
    evidence_title_1: Option<String>,
    evidence_publisher_1: Option<String>,
    evidence_tier_1: Option<String>,
    evidence_archived_url_1: Option<String>,
    evidence_url_2: Option<String>,
    evidence_title_2: Option<String>,
    evidence_publisher_2: Option<String>,
    evidence_tier_2: Option<String>,
    evidence_archived_url_2: Option<String>,
    evidence_url_3: Option<String>,
    evidence_title_3: Option<String>,
    evidence_publisher_3: Option<String>,
    evidence_tier_3: Option<String>,
    evidence_archived_url_3: Option<String>,
    /// `condition_1`, `condition_2`, …: the new state of each condition, or empty.
    #[serde(flatten)]
    conditions: BTreeMap<String, String>,
}

/// The longest submission key kept (the column's width).
pub const SUBMISSION_KEY_MAX_CHARS: usize = 64;

fn filled(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn note_error(errors: &mut FieldErrors, field: &str, e: impl Into<Message>) {
    errors.add(field, e);
}

/// Reads the form into a draft, collecting a message for every bad field.
fn draft_from(form: &FollowUpForm, author: &str) -> Result<Draft, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut proposal = Proposal::default();
    let now = Utc::now();
    let occurred_on = match filled(&form.occurred_on) {
        Some(d) => parse_date("occurred_on", d)
            .map_err(|e| note_error(&mut errors, "occurred_on", e))
            .ok(),
        None => Some(now.date_naive()),
    };
    if let Some(v) = filled(&form.delivery) {
        proposal.delivery = DeliveryStatus::parse(v)
            .map_err(|e| note_error(&mut errors, "delivery", e))
            .ok();
    }
    if let Some(v) = filled(&form.strength) {
        proposal.strength = Strength::parse(v)
            .map_err(|e| note_error(&mut errors, "strength", e))
            .ok();
    }
    if let Some(v) = filled(&form.progress) {
        match v.parse::<i64>() {
            Ok(n) => {
                proposal.progress = Progress::parse("progress", n)
                    .map_err(|e| note_error(&mut errors, "progress", e))
                    .ok()
            }
            Err(_) => note_error(
                &mut errors,
                "progress",
                Message::id(i18n::key("form-progress-whole")),
            ),
        }
    }
    match filled(&form.contested) {
        None => {}
        Some("yes") => proposal.contested = Some(true),
        Some("no") => proposal.contested = Some(false),
        Some(_) => note_error(
            &mut errors,
            "contested",
            Message::id(i18n::key("form-contested-yes-no")),
        ),
    }
    for (key, value) in &form.conditions {
        let Some(number) = key.strip_prefix("condition_") else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        match (number.parse::<u16>(), ConditionState::parse(value)) {
            (Ok(n), Ok(state)) => proposal.conditions.push((n, state)),
            (Err(_), _) => note_error(
                &mut errors,
                key,
                Message::id(i18n::key("form-not-a-condition")).with("key", key.as_str()),
            ),
            (_, Err(e)) => note_error(&mut errors, key, e),
        }
    }
    let money_given = [&form.money_amount, &form.money_min, &form.money_max]
        .iter()
        .any(|v| filled(v).is_some());
    if money_given {
        let figure = (|| -> Result<MoneyFigure, (&'static str, DomainError)> {
            let currency =
                Currency::parse("money_currency", filled(&form.money_currency).unwrap_or(""))
                    .map_err(|e| ("money_currency", e))?;
            let money = Money::parse(
                filled(&form.money_amount),
                filled(&form.money_min),
                filled(&form.money_max),
                currency,
            )
            .map_err(|e| ("money_amount", e))?;
            let stage = Stage::parse(filled(&form.money_stage).unwrap_or(""))
                .map_err(|e| ("money_stage", e))?;
            let on = match filled(&form.money_value_date) {
                Some(d) => {
                    parse_date("money_value_date", d).map_err(|e| ("money_value_date", e))?
                }
                None => occurred_on.unwrap_or(now.date_naive()),
            };
            let source = Slug::parse("money_source", filled(&form.money_source).unwrap_or(""))
                .map_err(|e| ("money_source", e))?;
            MoneyFigure::new(stage, money, on, Basis::Stated, source, None)
                .map_err(|e| ("money_value_date", e))
        })();
        match figure {
            Ok(f) => proposal.money.push(f),
            Err((field, e)) => note_error(&mut errors, field, e),
        }
    }
    let note = filled(&form.note)
        .map(|n| LongText::parse("note", n))
        .transpose()
        .map_err(|e| note_error(&mut errors, "note", e))
        .ok()
        .flatten();
    let rows = [
        (
            &form.evidence_url_1,
            &form.evidence_title_1,
            &form.evidence_publisher_1,
            &form.evidence_tier_1,
            &form.evidence_archived_url_1,
            1,
        ),
        (
            &form.evidence_url_2,
            &form.evidence_title_2,
            &form.evidence_publisher_2,
            &form.evidence_tier_2,
            &form.evidence_archived_url_2,
            2,
        ),
        (
            &form.evidence_url_3,
            &form.evidence_title_3,
            &form.evidence_publisher_3,
            &form.evidence_tier_3,
            &form.evidence_archived_url_3,
            3,
        ),
    ];
    let mut evidence = Vec::new();
    for (url, title, publisher, tier, archived, n) in rows {
        // A row is blank only when nothing of it is filled: an archived copy without the
        // link it copies is refused at the link, not dropped.
        if filled(url).is_none() && filled(title).is_none() && filled(archived).is_none() {
            continue;
        }
        let url_field = format!("evidence_url_{n}");
        let title_field = format!("evidence_title_{n}");
        let tier_field = format!("evidence_tier_{n}");
        let publisher_field = format!("evidence_publisher_{n}");
        let parsed_url = WebUrl::parse("evidence_url", filled(url).unwrap_or(""))
            .map_err(|e| note_error(&mut errors, &url_field, e));
        let parsed_title = Title::parse("evidence_title", filled(title).unwrap_or(""))
            .map_err(|e| note_error(&mut errors, &title_field, e));
        let parsed_tier = SourceTier::parse(filled(tier).unwrap_or("official_statement"))
            .map_err(|e| note_error(&mut errors, &tier_field, e));
        let parsed_publisher = filled(publisher)
            .map(|p| Title::parse("evidence_publisher", p))
            .transpose()
            .map_err(|e| note_error(&mut errors, &publisher_field, e));
        // Same address rules as the original (http or https, well formed, length-capped).
        let archived_field = format!("evidence_archived_url_{n}");
        let parsed_archived = filled(archived)
            .map(|a| WebUrl::parse("evidence_archived_url", a))
            .transpose()
            .map_err(|e| note_error(&mut errors, &archived_field, e));
        if let (Ok(url), Ok(title), Ok(publisher), Ok(tier), Ok(archived_url)) = (
            parsed_url,
            parsed_title,
            parsed_publisher,
            parsed_tier,
            parsed_archived,
        ) {
            evidence.push(Evidence {
                url,
                title,
                publisher,
                tier,
                archived_url,
            });
        }
    }
    match (errors.is_empty(), occurred_on) {
        (true, Some(occurred_on)) => Ok(Draft {
            author: author.to_owned(),
            recorded_at: now,
            occurred_on,
            proposal,
            note,
            evidence,
        }),
        _ => Err(errors),
    }
}

fn form_page(
    state: &AppState,
    session: &Session,
    record: &persistence::mapping::PledgeRecord,
    form: &FollowUpForm,
    errors: &FieldErrors,
) -> PageResult<Response> {
    let view = follow_up_form_view(
        &record.pledge,
        &record.state,
        form,
        errors,
        &form.conditions,
        EVIDENCE_ROWS,
    );
    editor_forms::form_page(state, session, Nav::Pledges, &view, errors)
}

/// The form to record a follow-up on a pledge.
#[utoipa::path(get, path = "/pledges/{slug}/follow-up", tag = "pages", params(("slug" = String, Path)),
    responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in"), (status = 404, description = "No such pledge")))]
pub async fn follow_up_form(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    let record = state.db.pledge(&listed_pledge(&state, &raw)?).await?;
    let form = FollowUpForm {
        submission_key: Some(crate::auth::random_token()),
        occurred_on: Some(Utc::now().date_naive().to_string()),
        ..FollowUpForm::default()
    };
    form_page(&state, &session, &record, &form, &FieldErrors::new())
}

/// Records a follow-up. Refuses anonymous users, disabled accounts and forms without this
/// session's CSRF token; a status change needs evidence.
#[utoipa::path(post, path = "/pledges/{slug}/follow-up", tag = "pages", params(("slug" = String, Path)),
    responses((status = 303, description = "Recorded (or already recorded)"), (status = 403, description = "CSRF token missing or wrong"), (status = 422, description = "A field is wrong; the form comes back with messages")))]
pub async fn record_follow_up(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(raw): Path<String>,
    Form(form): Form<FollowUpForm>,
) -> PageResult<Response> {
    session.check_csrf(form.csrf.as_deref())?;
    let slug = listed_pledge(&state, &raw)?;
    let record = state.db.pledge(&slug).await?;
    let draft = match draft_from(&form, session.user.name.as_str()) {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &session, &record, &form, &errors),
    };
    // A key the store cannot keep would be dropped, and a double submit recorded twice:
    // refused instead, before anything is written. The form's own keys are 64 characters.
    let key = filled(&form.submission_key);
    if let Some(k) = key
        && k.chars().count() > SUBMISSION_KEY_MAX_CHARS
    {
        return Err(domain::DomainError::TooLong {
            field: "submission_key",
            len: k.chars().count(),
            max: SUBMISSION_KEY_MAX_CHARS,
        }
        .into());
    }
    let change = Change::RecordFollowUp {
        pledge: slug.clone(),
        draft,
        submission_key: key.map(str::to_owned),
    };
    // Recorded now, or this form was recorded before: either way it is on the timeline.
    let saved = state.apply(change, session.author()).await;
    let to = format!("/pledges/{slug}#timeline");
    // The one record a follow-up names is the money figure's source.
    editor_forms::after_save(
        saved,
        &to,
        |_, _| "money_source",
        |errors| form_page(&state, &session, &record, &form, errors),
    )
}
