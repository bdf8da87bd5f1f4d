//! Actors: the countries, bodies, companies and coalitions that announce, fund, implement
//! or sign pledges.

use crate::error::{DomainError, DomainResult};
use crate::text::{Slug, Title};
use crate::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What sort of actor this is.
    ActorKind, "kind" {
        Country => "country", "Country";
        GovernmentBody => "government_body", "Government body";
        Company => "company", "Company";
        Investor => "investor", "Investor";
        Coalition => "coalition", "Coalition";
        MultilateralBody => "multilateral_body", "Multilateral body";
        CivilSociety => "civil_society", "Civil society";
        Initiative => "initiative", "Initiative";
    }
);

vocabulary!(
    /// The part an actor plays in a pledge.
    ActorRole, "role" {
        Announcer => "announcer", "Announcer";
        Funder => "funder", "Funder";
        Implementer => "implementer", "Implementer";
        Signatory => "signatory", "Signatory";
    }
);

/// An ISO 3166-1 alpha-2 country code, uppercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
        let up = raw.trim().to_ascii_uppercase();
        if up.len() != 2 || !up.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(DomainError::Invalid {
                field,
                reason: "must be a two-letter ISO 3166 country code".into(),
            });
        }
        Ok(Self(up))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CountryCode {
    type Error = DomainError;
    fn try_from(s: String) -> DomainResult<Self> {
        Self::parse("country", &s)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub slug: Slug,
    pub name: Title,
    pub kind: ActorKind,
    pub country: Option<CountryCode>,
    /// Slugs of member actors (the signatories of a coalition, say), sorted.
    pub members: Vec<Slug>,
}

impl Actor {
    pub fn new(
        slug: Slug,
        name: Title,
        kind: ActorKind,
        country: Option<CountryCode>,
        mut members: Vec<Slug>,
    ) -> DomainResult<Self> {
        members.sort();
        members.dedup();
        if members.contains(&slug) {
            return Err(DomainError::Invalid {
                field: "members",
                reason: "an actor cannot be a member of itself".into(),
            });
        }
        Ok(Self {
            slug,
            name,
            kind,
            country,
            members,
        })
    }
}
