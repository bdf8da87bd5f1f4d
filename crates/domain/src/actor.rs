//! Actors: the countries, bodies, companies and coalitions that announce, fund, implement
//! or sign pledges.

use crate::error::{DomainError, DomainResult, Reason, key};
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
                reason: Reason::new(
                    key("reason-country"),
                    "must be a two-letter ISO 3166 country code",
                ),
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
                reason: Reason::new(
                    key("reason-member-itself"),
                    "an actor cannot be a member of itself",
                ),
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

impl Actor {
    /// Refuses members that would make membership circular: `self` may not become a
    /// member of itself through any chain (A in B in A, or longer). `members_of` gives
    /// every other actor's members as stored now; this actor's own stored members are
    /// ignored, since its new list replaces them. The error names the field `members` and
    /// the whole chain.
    pub fn check_membership_acyclic(
        &self,
        members_of: &std::collections::HashMap<Slug, Vec<Slug>>,
    ) -> DomainResult<()> {
        // Depth-first from each new member, following "has member" edges, looking for
        // `self`; `via` remembers how each actor was reached so the chain can be named.
        let mut via: std::collections::HashMap<&Slug, &Slug> = std::collections::HashMap::new();
        let mut stack: Vec<&Slug> = Vec::new();
        for m in &self.members {
            if via.insert(m, &self.slug).is_none() {
                stack.push(m);
            }
        }
        while let Some(at) = stack.pop() {
            // `self` is never pushed (reaching it returns), so its stored members are skipped.
            for n in members_of.get(at).map_or(&[][..], Vec::as_slice) {
                if n == &self.slug {
                    let mut chain = vec![self.slug.as_str()];
                    let mut cur = at;
                    let mut back = vec![cur.as_str()];
                    while let Some(prev) = via.get(cur) {
                        if *prev == &self.slug {
                            break;
                        }
                        back.push(prev.as_str());
                        cur = prev;
                    }
                    back.reverse();
                    chain.extend(back);
                    chain.push(self.slug.as_str());
                    return Err(DomainError::Invalid {
                        field: "members",
                        reason: Reason::new(
                            key("reason-membership-circular"),
                            format!(
                                "membership would be circular: {}",
                                chain.join(" has member ")
                            ),
                        )
                        .arg("chain_en", chain.join(" has member "))
                        .arg("chain", chain.join(" → ")),
                    });
                }
                if !via.contains_key(n) {
                    via.insert(n, at);
                    stack.push(n);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn slug(s: &str) -> Slug {
        Slug::parse("slug", s).unwrap()
    }

    fn actor(s: &str, members: &[&str]) -> Actor {
        Actor::new(
            slug(s),
            Title::parse("name", s).unwrap(),
            ActorKind::Coalition,
            None,
            members.iter().map(|m| slug(m)).collect(),
        )
        .unwrap()
    }

    #[test]
    fn circular_membership_is_refused_naming_the_chain() {
        let mut stored = HashMap::new();
        stored.insert(slug("b"), vec![slug("c")]);
        stored.insert(slug("c"), vec![slug("d")]);
        stored.insert(slug("a"), vec![]);
        // a has member b has member c has member d: giving d the member a closes a loop.
        let e = actor("d", &["a", "x"]);
        stored.insert(slug("a"), vec![slug("b")]);
        let err = e.check_membership_acyclic(&stored).unwrap_err();
        assert_eq!(err.field(), "members");
        assert!(
            err.to_string()
                .contains("d has member a has member b has member c has member d"),
            "{err}"
        );
        // Two-actor loop.
        let mut two = HashMap::new();
        two.insert(slug("a"), vec![slug("b")]);
        assert!(actor("b", &["a"]).check_membership_acyclic(&two).is_err());
        // Shared members (a diamond) are not a cycle.
        let mut diamond = HashMap::new();
        diamond.insert(slug("b"), vec![slug("d")]);
        diamond.insert(slug("c"), vec![slug("d")]);
        assert!(
            actor("a", &["b", "c"])
                .check_membership_acyclic(&diamond)
                .is_ok()
        );
        // The actor's own stored members are replaced, so they do not count.
        let mut own = HashMap::new();
        own.insert(slug("a"), vec![slug("b")]);
        own.insert(slug("b"), vec![]);
        assert!(actor("a", &["b"]).check_membership_acyclic(&own).is_ok());
    }
}
