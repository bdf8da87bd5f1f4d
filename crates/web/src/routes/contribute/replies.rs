//! Actors' published replies as pages and feeds show them: each beside the follow-up it
//! answers, labelled with the actor's name, with its own note and evidence.

use crate::error::AppError;
use crate::state::AppState;
use crate::views::FollowUpView;
use domain::FollowUp;
use serde::Serialize;
use std::collections::HashMap;

/// A reply as the pledge page shows it, under the follow-up it answers.
#[derive(Serialize)]
pub struct ReplyView {
    pub actor: String,
    pub actor_name: String,
    pub follow_up: FollowUpView,
}

/// A timeline's replies: by the id (as text, for the template) of the follow-up each
/// answers, and the ids of the replies placed there, which the timeline then leaves out
/// of its own order. A reply whose follow-up is not on the timeline stays in its place.
#[derive(Default, Serialize)]
pub struct TimelineReplies {
    #[serde(rename = "replies")]
    pub by_answer: HashMap<String, Vec<ReplyView>>,
    #[serde(rename = "reply_ids")]
    pub placed: Vec<i32>,
}

fn actor_name(state: &AppState, slug: &domain::Slug) -> String {
    let snapshot = state.model.current();
    snapshot
        .catalog
        .actor(slug)
        .map_or_else(|| slug.to_string(), |a| a.name.to_string())
}

/// The actor's name for each of these follow-ups that is a published reply.
pub async fn actor_names(state: &AppState, ids: &[i32]) -> Result<HashMap<i32, String>, AppError> {
    let replies = state.db.published_replies(ids).await?;
    Ok(replies
        .into_iter()
        .map(|(id, r)| (id, actor_name(state, &r.actor)))
        .collect())
}

/// Places the published replies among `history` (the pledge's follow-ups with their ids)
/// beside the follow-ups they answer.
pub async fn for_timeline(
    state: &AppState,
    history: &[(i32, FollowUp)],
    view: impl Fn(i32, &FollowUp) -> FollowUpView,
) -> Result<TimelineReplies, AppError> {
    let ids: Vec<i32> = history.iter().map(|(id, _)| *id).collect();
    let replies = state.db.published_replies(&ids).await?;
    let mut out = TimelineReplies::default();
    for (id, f) in history {
        let Some(reply) = replies.get(id) else {
            continue;
        };
        let Some(answers) = reply.answers.filter(|a| ids.contains(a)) else {
            continue;
        };
        out.placed.push(*id);
        out.by_answer
            .entry(answers.to_string())
            .or_default()
            .push(ReplyView {
                actor: reply.actor.to_string(),
                actor_name: actor_name(state, &reply.actor),
                follow_up: view(*id, f),
            });
    }
    Ok(out)
}
