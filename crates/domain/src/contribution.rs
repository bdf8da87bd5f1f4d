//! What a reader sends the tracker without an account: new evidence for a pledge, a
//! correction, a pledge the tracker lacks, or a reply on behalf of a tracked actor. Parsed
//! once from the form's raw text into a [`Contribution`] that cannot hold HTML, more than
//! [`MAX_LINKS`] addresses or an over-long field.

use crate::error::{DomainError, DomainResult, Reason, key};
use crate::status::DeliveryStatus;
use crate::text::{EmailAddress, LongText, Slug, Title, WebUrl};
use crate::vocabulary;

vocabulary!(
    /// What a contribution asks the editors to do.
    ContributionKind, "kind" {
        Evidence => "evidence", "New evidence for a pledge";
        Correction => "correction", "A correction of a fact";
        NewPledge => "new_pledge", "A pledge the tracker lacks";
        Reply => "reply", "A reply on behalf of a tracked actor";
    }
);

vocabulary!(
    /// Where a contribution stands with the editors.
    ContributionState, "state" {
        Pending => "pending", "Waiting for an editor";
        Accepted => "accepted", "Accepted";
        Rejected => "rejected", "Rejected";
    }
);

/// At most this many web addresses in one contribution, counting those in its text.
pub const MAX_LINKS: usize = 5;
/// The longest note, in characters.
pub const NOTE_MAX_CHARS: usize = 4_000;
/// The longest claimed change and the longest proposed title, in characters.
pub const CLAIM_MAX_CHARS: usize = 300;
/// The longest name a contributor may be credited by, in characters.
pub const NAME_MAX_CHARS: usize = 80;
/// The longest editor's reason for a rejection, in characters.
pub const REASON_MAX_CHARS: usize = 2_000;

/// The form's fields as typed, before anything is checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContributionInput<'a> {
    pub kind: &'a str,
    pub pledge: &'a str,
    /// Web addresses, one a line (or separated by spaces).
    pub links: &'a str,
    pub note: &'a str,
    pub claim: &'a str,
    pub delivery: &'a str,
    pub title: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub actor: &'a str,
    pub answers: &'a str,
}

/// The actor a reply speaks for, and the follow-up it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTo {
    pub actor: Slug,
    pub answers: i32,
}

/// A checked contribution. Which fields are present follows from `kind`: evidence, a
/// correction and a reply name a pledge; a new pledge has a proposed title instead; a
/// reply names its actor and the follow-up it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub kind: ContributionKind,
    pub pledge: Option<Slug>,
    pub links: Vec<WebUrl>,
    pub note: LongText,
    /// The change the contributor says the evidence shows, in their words.
    pub claim: Option<Title>,
    /// The delivery status the contributor says the evidence supports.
    pub delivery: Option<DeliveryStatus>,
    /// A new pledge's proposed title.
    pub title: Option<Title>,
    /// The name the contributor chose to be credited by; "a reader" when none.
    pub credit: Option<Title>,
    /// Where to tell the outcome, once confirmed; anonymous when none.
    pub email: Option<EmailAddress>,
    pub reply: Option<ReplyTo>,
}

/// Refuses anything that reads as an HTML tag, comment or declaration: contributions are
/// plain text, and an editor should never have to wonder what a pasted tag would do.
pub fn plain_text(field: &'static str, s: &str) -> DomainResult<()> {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            return Err(DomainError::Invalid {
                field,
                reason: Reason::new(
                    key("reason-plain-text"),
                    "must be plain text; HTML is not accepted",
                ),
            });
        }
    }
    Ok(())
}

/// A bounded, plain-text value of at most `max` characters, or `None` when left empty.
fn optional_text<T>(
    field: &'static str,
    raw: &str,
    max: usize,
    parse: fn(&'static str, &str) -> DomainResult<T>,
) -> DomainResult<Option<T>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let len = raw.chars().count();
    if len > max {
        return Err(DomainError::TooLong { field, len, max });
    }
    plain_text(field, raw)?;
    parse(field, raw).map(Some)
}

/// How many web addresses a text mentions.
fn addresses_in(s: &str) -> usize {
    let lower = s.to_ascii_lowercase();
    lower.matches("http://").count() + lower.matches("https://").count()
}

impl Contribution {
    /// Checks every field and returns all the problems at once, at most one per field.
    pub fn parse(input: &ContributionInput<'_>) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        macro_rules! keep {
            ($e:expr $(,)?) => {
                $e.map_err(|e| errors.push(e)).ok()
            };
        }
        let kind = keep!(ContributionKind::parse(input.kind));
        let pledge = keep!(optional_text(
            "pledge",
            input.pledge,
            Slug::MAX_CHARS,
            Slug::parse
        ));
        let note = keep!(
            optional_text("note", input.note, NOTE_MAX_CHARS, LongText::parse)
                .and_then(|n| n.ok_or(DomainError::Empty { field: "note" })),
        );
        let claim = keep!(optional_text(
            "claim",
            input.claim,
            CLAIM_MAX_CHARS,
            Title::parse
        ));
        let delivery = keep!(optional_text("delivery", input.delivery, 40, |f, s| {
            DeliveryStatus::parse_field(f, s)
        }),);
        let title = keep!(optional_text(
            "title",
            input.title,
            CLAIM_MAX_CHARS,
            Title::parse
        ));
        let credit = keep!(optional_text(
            "name",
            input.name,
            NAME_MAX_CHARS,
            Title::parse
        ));
        let email = keep!(optional_text(
            "email",
            input.email,
            EmailAddress::MAX_CHARS,
            EmailAddress::parse,
        ));
        let actor = keep!(optional_text(
            "actor",
            input.actor,
            Slug::MAX_CHARS,
            Slug::parse
        ));
        let answers = keep!(optional_text("answers", input.answers, 12, |f, s| {
            s.parse::<i32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or(DomainError::Invalid {
                    field: f,
                    reason: Reason::new(
                        key("reason-follow-up-number"),
                        "must be the number of a follow-up",
                    ),
                })
        }));
        let links = keep!(Self::links(input.links));
        let mentioned = addresses_in(input.note) + addresses_in(input.claim);
        if let Some(links) = &links
            && links.len() + mentioned > MAX_LINKS
        {
            errors.push(DomainError::Invalid {
                field: "links",
                reason: Reason::new(
                    key("reason-links-in-all"),
                    format!(
                        "at most {MAX_LINKS} web addresses in all, counting those in the note and the claim; found {}",
                        links.len() + mentioned
                    ),
                )
                .arg("max", MAX_LINKS)
                .arg("found", links.len() + mentioned),
            });
        }
        let (Some(kind), Some(pledge), Some(note), Some(claim), Some(delivery)) =
            (kind, pledge, note, claim, delivery)
        else {
            return Err(errors);
        };
        let (Some(title), Some(credit), Some(email), Some(actor), Some(answers), Some(links)) =
            (title, credit, email, actor, answers, links)
        else {
            return Err(errors);
        };
        let need = |present: bool, field: &'static str, errors: &mut Vec<DomainError>| {
            if !present && !errors.iter().any(|e| e.field() == field) {
                errors.push(DomainError::Empty { field });
            }
        };
        use ContributionKind::*;
        if kind != NewPledge {
            need(pledge.is_some(), "pledge", &mut errors);
        }
        if matches!(kind, Evidence | NewPledge | Reply) {
            need(!links.is_empty(), "links", &mut errors);
        }
        if kind == Correction {
            need(claim.is_some(), "claim", &mut errors);
        }
        if kind == NewPledge {
            need(title.is_some(), "title", &mut errors);
        }
        let reply = if kind == Reply {
            need(actor.is_some(), "actor", &mut errors);
            need(answers.is_some(), "answers", &mut errors);
            actor
                .zip(answers)
                .map(|(actor, answers)| ReplyTo { actor, answers })
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            kind,
            pledge: if kind == NewPledge { None } else { pledge },
            links,
            note,
            claim,
            delivery,
            title: if kind == NewPledge { title } else { None },
            credit,
            email,
            reply,
        })
    }

    /// The addresses field: one address a line, no more than [`MAX_LINKS`].
    fn links(raw: &str) -> DomainResult<Vec<WebUrl>> {
        let parts: Vec<&str> = raw.split_whitespace().collect();
        if parts.len() > MAX_LINKS {
            return Err(DomainError::Invalid {
                field: "links",
                reason: Reason::new(
                    key("reason-links"),
                    format!("at most {MAX_LINKS} web addresses, found {}", parts.len()),
                )
                .arg("max", MAX_LINKS)
                .arg("found", parts.len()),
            });
        }
        parts
            .into_iter()
            .map(|p| WebUrl::parse("links", p))
            .collect()
    }

    /// How the contributor is credited in public: their chosen name, or "a reader".
    pub fn credit_line(credit: Option<&Title>) -> String {
        credit.map_or_else(|| "a reader".to_owned(), |c| c.to_string())
    }
}

/// An editor's reason for refusing a contribution: plain text, 1 to
/// [`REASON_MAX_CHARS`] characters.
pub fn rejection_reason(raw: &str) -> DomainResult<LongText> {
    optional_text("reason", raw, REASON_MAX_CHARS, LongText::parse)?
        .ok_or(DomainError::Empty { field: "reason" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence() -> ContributionInput<'static> {
        ContributionInput {
            kind: "evidence",
            pledge: "france-109bn",
            links: "https://example.org/a\nhttps://example.org/b",
            note: "The first data centre opened.",
            ..ContributionInput::default()
        }
    }

    fn fields(input: &ContributionInput<'_>) -> Vec<&'static str> {
        Contribution::parse(input)
            .expect_err("refused")
            .iter()
            .map(DomainError::field)
            .collect()
    }

    #[test]
    fn evidence_parses_with_its_links() {
        let c = Contribution::parse(&evidence()).expect("valid");
        assert_eq!(c.links.len(), 2);
        assert_eq!(c.pledge.as_ref().map(Slug::as_str), Some("france-109bn"));
        assert_eq!(Contribution::credit_line(c.credit.as_ref()), "a reader");
    }

    #[test]
    fn html_too_many_links_and_missing_fields_are_named() {
        let mut input = evidence();
        input.note = "<script>alert(1)</script>";
        assert_eq!(fields(&input), ["note"]);
        input.note = "see http://a.example https://b.example https://c.example https://d.example";
        assert_eq!(fields(&input), ["links"]);
        input.note = "1 < 2, fine";
        input.pledge = "";
        input.links = "";
        assert_eq!(fields(&input), ["pledge", "links"]);
        let mut reply = ContributionInput {
            kind: "reply",
            answers: "x",
            ..evidence()
        };
        assert_eq!(fields(&reply), ["answers"]);
        reply.answers = "7";
        assert_eq!(fields(&reply), ["actor"]);
    }
}
