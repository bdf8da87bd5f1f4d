//! The subscription form's fields (also the preferences form's), checked all at once
//! against the catalog into a [`Choice`], and the signed-link token parameter.

use crate::error::FieldErrors;
use crate::state::AppState;
use domain::{ChangeFilter, Frequency, Lang, Scope, Subscription, TimeZoneName};
use i18n::{tr, tr_args};
use serde::{Deserialize, Serialize};

/// The subscription form's fields; also the preferences form's.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct SubscribeForm {
    #[serde(default)]
    pub(super) csrf: Option<String>,
    #[serde(default)]
    pub(super) token: Option<String>,
    #[serde(default)]
    pub(super) email: String,
    #[serde(default)]
    pub(super) scope: String,
    #[serde(default)]
    pub(super) target: String,
    #[serde(default)]
    pub(super) frequency: String,
    #[serde(default)]
    pub(super) change_status: Option<String>,
    #[serde(default)]
    pub(super) change_every: Option<String>,
    #[serde(default)]
    pub(super) change_deadlines: Option<String>,
    #[serde(default)]
    pub(super) time_zone: String,
    /// The language of the mail (`en`, `fr`); on the preferences form only: a new
    /// subscription takes the language its page was read in.
    #[serde(default)]
    pub(super) lang: String,
}

pub(super) struct Choice {
    pub(super) scope: Scope,
    pub(super) frequency: Frequency,
    pub(super) changes: Vec<ChangeFilter>,
    pub(super) time_zone: TimeZoneName,
    /// The mail's language: the form's choice, else the page's.
    pub(super) lang: Lang,
}

impl SubscribeForm {
    pub(super) fn from_subscription(s: &Subscription) -> Self {
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
            lang: s.lang.code().to_owned(),
            ..Self::default()
        }
    }

    /// Checks every field against the catalog; all problems at once.
    pub(super) fn choice(&self, state: &AppState) -> Result<Choice, FieldErrors> {
        let lang = crate::locale::current().lang;
        let mut errors = FieldErrors::new();
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
                    let args = [
                        ("kind", scope.kind().into()),
                        ("target", self.target.trim().into()),
                    ];
                    errors.add("scope", tr_args(lang, "subscribe-error-unknown", &args));
                }
                Some(scope)
            }
            Err(e) => {
                errors.add("scope", e);
                None
            }
        };
        let frequency = Frequency::parse_field("frequency", self.frequency.trim())
            .map_err(|e| errors.add("frequency", e))
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
            errors.add("changes", tr(lang, "subscribe-error-changes"));
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
                        reason: domain::error::Reason::new(
                            i18n::key("reason-time-zone-unknown"),
                            "is not a known time zone; try one such as Europe/Paris or UTC",
                        ),
                    })
            })
            .map_err(|e| errors.add("time_zone", e))
            .ok();
        let chosen = match self.lang.trim() {
            "" => Some(lang),
            tag => Lang::parse(tag).or_else(|| {
                errors.add("lang", tr(lang, "subscribe-lang-error"));
                None
            }),
        };
        match (scope, frequency, time_zone, chosen) {
            (Some(scope), Some(frequency), Some(time_zone), Some(lang)) if errors.is_empty() => {
                Ok(Choice {
                    scope,
                    frequency,
                    changes,
                    time_zone,
                    lang,
                })
            }
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
pub struct TokenParam {
    #[serde(default)]
    pub(super) token: String,
}
