//! What a refused field's message says, kept structured ([`Message`]) until a page writes
//! it in its reader's language: a domain error, a message of the catalogue, or text taken
//! as it is.
//!
//! French names the field by the form's visible label (`field-<name>` in `forms.ftl`,
//! "Titre : ne doit pas être vide"); English keeps the field's own name, as it always
//! has ("title must not be empty"), so programs and tests reading English see no change.

use domain::DomainError;
use domain::error::{Reason, ReasonArg};
use i18n::{Arg, Lang, key, tr};

/// One field's message, said in a language when a page is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// What the domain refused (it names its field).
    Domain(DomainError),
    /// A message of the catalogue about one field, with its arguments.
    Id {
        id: &'static str,
        args: Vec<(&'static str, String)>,
    },
    /// Text written elsewhere, shown as it is in every language.
    Text(String),
}

impl Message {
    /// The catalogue's message `id` (written `i18n::key("…")` so the key test sees it).
    pub fn id(id: &'static str) -> Self {
        Self::Id {
            id,
            args: Vec::new(),
        }
    }

    /// Adds a text argument (placed as given). An argument `field` also gives the
    /// message `label`, the field's name as the form shows it.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        if let Self::Id { args, .. } = &mut self {
            args.push((name, value.into()));
        }
        self
    }

    fn arg(&self, name: &str) -> Option<&(&'static str, String)> {
        match self {
            Self::Id { args, .. } => args.iter().find(|(n, _)| *n == name),
            _ => None,
        }
    }

    /// The message in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            Self::Domain(e) => domain(e, lang),
            Self::Id { id, args } => {
                let mut args: Vec<(&str, Arg)> = args
                    .iter()
                    .map(|(name, value)| (*name, Arg::Text(value.clone())))
                    .collect();
                // A message that names its field gets the field's label too.
                if let Some((_, field)) = self.arg("field") {
                    args.push(("label", label(lang, field).into()));
                }
                i18n::catalog().format(lang, id, Some(&fluent(&args)))
            }
            Self::Text(s) => s.clone(),
        }
    }
}

/// English, for logs, the command line and the import report.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Domain(e) => e.fmt(f),
            other => f.write_str(&other.say(Lang::En)),
        }
    }
}

impl From<DomainError> for Message {
    fn from(e: DomainError) -> Self {
        Self::Domain(e)
    }
}
impl From<&DomainError> for Message {
    fn from(e: &DomainError) -> Self {
        Self::Domain(e.clone())
    }
}
impl From<String> for Message {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}
impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

fn fluent<'a>(args: &'a [(&'a str, Arg)]) -> i18n::Args<'a> {
    let mut out = i18n::Args::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => out.set(*name, s.clone()),
            Arg::Number(n) => out.set(*name, *n),
        }
    }
    out
}

/// How the form calls `field`: its label in French, its own name in English.
pub fn label(lang: Lang, field: &str) -> String {
    let id = format!("{}{field}", i18n::key("field-"));
    if i18n::catalog().has(lang, &id) {
        tr(lang, &id)
    } else {
        field.to_owned()
    }
}

/// A figure the reader's way, as text: Fluent's numbers are floating point, and would
/// round the largest ones; English as Rust writes it, without grouping.
fn number(n: i64, lang: Lang) -> Arg {
    match lang {
        Lang::En => Arg::Text(n.to_string()),
        _ => Arg::Text(domain::locale::number(n, lang)),
    }
}

/// A date the reader's way; English as the domain writes it (`2025-02-11`).
fn date(d: chrono::NaiveDate, lang: Lang) -> Arg {
    Arg::Text(domain::locale::date(d, lang))
}

/// A reason of the domain in `lang`; one the catalogue lacks stays in English.
pub fn reason(r: &Reason, lang: Lang) -> String {
    let Some(id) = r.id() else {
        return r.english().to_owned();
    };
    let args: Vec<(&str, Arg)> = r
        .args()
        .iter()
        .map(|(name, value)| {
            let value = match value {
                ReasonArg::Text(s) => Arg::Text(s.clone()),
                ReasonArg::Date(d) => date(*d, lang),
                ReasonArg::Number(n) => Arg::Number(*n),
            };
            (*name, value)
        })
        .collect();
    i18n::catalog().format(lang, id, Some(&fluent(&args)))
}

/// A domain error in `lang`.
fn domain(e: &DomainError, lang: Lang) -> String {
    let field = e.field();
    let (id, extra): (&str, Vec<(&str, Arg)>) = match e {
        DomainError::Empty { .. } => (key("error-empty"), vec![]),
        DomainError::TooLong { len, max, .. } => (
            key("error-too-long"),
            vec![
                ("len", number(*len as i64, lang)),
                ("max", number(*max as i64, lang)),
            ],
        ),
        DomainError::Invalid { reason: r, .. } => (
            key("error-invalid"),
            vec![("reason", reason(r, lang).into())],
        ),
        DomainError::OutOfRange {
            min, max, value, ..
        } => (
            key("error-out-of-range"),
            vec![
                ("min", number(*min, lang)),
                ("max", number(*max, lang)),
                ("value", number(*value, lang)),
            ],
        ),
        DomainError::UnknownVariant {
            value, expected, ..
        } => (
            key("error-unknown-value"),
            vec![
                ("value", format!("{value:?}").into()),
                ("bare", value.as_str().into()),
                ("expected", (*expected).into()),
            ],
        ),
        DomainError::UnknownCurrency { code, .. } => (
            key("error-unknown-currency"),
            vec![
                ("code", format!("{code:?}").into()),
                ("bare", code.as_str().into()),
            ],
        ),
        DomainError::MinAboveMax { min, max, .. } => (
            key("error-min-above-max"),
            vec![("min", min.as_str().into()), ("max", max.as_str().into())],
        ),
        DomainError::Negative { .. } => (key("error-negative"), vec![]),
        DomainError::DeadlineBeforeAnnouncement {
            deadline,
            announced,
        } => (
            key("error-deadline-before-announcement"),
            vec![
                ("deadline", date(*deadline, lang)),
                ("announced", date(*announced, lang)),
            ],
        ),
        DomainError::ParentCycle { child, parent } => (
            key("error-parent-cycle"),
            vec![
                ("child", child.as_str().into()),
                ("parent", parent.as_str().into()),
            ],
        ),
        DomainError::NoRate {
            currency, date: d, ..
        } => (
            key("error-no-rate"),
            vec![
                ("currency", currency.as_str().into()),
                ("date", date(*d, lang)),
            ],
        ),
        DomainError::InvalidChange { reason: r, .. } => (
            key("error-invalid-change"),
            vec![("reason", reason(r, lang).into())],
        ),
    };
    let mut args: Vec<(&str, Arg)> = vec![
        ("field", field.into()),
        ("label", label(lang, field).into()),
    ];
    args.extend(extra);
    i18n::catalog().format(lang, id, Some(&fluent(&args)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::input::parse_date;
    use domain::money::parse_major_units;
    use domain::{CountryCode, Currency, EmailAddress, LongText, Rate, Slug, WebUrl};

    /// One refusal of each kind the domain writes, with each reason a form can meet.
    fn samples() -> Vec<DomainError> {
        let eur = Currency::parse("currency", "EUR").unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 2, 11).unwrap();
        let mut out: Vec<DomainError> = vec![
            Slug::parse("slug", "Not A Slug").unwrap_err(),
            Slug::parse_new("slug", "new").unwrap_err(),
            parse_date("announced_on", "soon").unwrap_err(),
            parse_date("announced_on", "\"odd\"\n").unwrap_err(),
            WebUrl::parse("evidence_url", "javascript:alert(1)").unwrap_err(),
            WebUrl::parse("evidence_url", "https://exa mple.org").unwrap_err(),
            LongText::parse("summary", "nul\u{0}byte").unwrap_err(),
            domain::Title::parse("title", "a\u{202e}b").unwrap_err(),
            CountryCode::parse("country", "France").unwrap_err(),
            Rate::parse("rate", "-1").unwrap_err(),
            parse_major_units("amount", "-5", eur).unwrap_err(),
            parse_major_units("amount", "1.234", eur).unwrap_err(),
            parse_major_units("amount", "1e5", eur).unwrap_err(),
            parse_major_units("amount", "99999999999999999", eur).unwrap_err(),
            Currency::parse("currency", "XYZ").unwrap_err(),
            domain::Strength::parse("zzz").unwrap_err(),
            DomainError::Empty { field: "title" },
            DomainError::TooLong {
                field: "note",
                len: 20_001,
                max: 20_000,
            },
            DomainError::MinAboveMax {
                field: "amount",
                min: "5".into(),
                max: "3".into(),
            },
            DomainError::DeadlineBeforeAnnouncement {
                deadline: date,
                announced: date,
            },
            DomainError::ParentCycle {
                child: "a".into(),
                parent: "b".into(),
            },
            DomainError::NoRate {
                field: "amount",
                currency: "USD".into(),
                date,
            },
        ];
        for raw in [
            "é@x.org",
            "a=?b?=@x.org",
            "nobody",
            "a@b@c.org",
            "a..b@x.org",
            "a@-x",
        ] {
            out.push(EmailAddress::parse("email", raw).unwrap_err());
        }
        out
    }

    #[test]
    fn english_is_what_the_domain_has_always_said() {
        for e in samples() {
            assert_eq!(Message::from(&e).say(Lang::En), e.to_string(), "{e:?}");
        }
    }

    #[test]
    fn french_names_the_field_by_its_label_and_keeps_no_english() {
        for e in samples() {
            let fr = Message::from(&e).say(Lang::Fr);
            assert_ne!(fr, e.to_string(), "{e:?} is said in French");
            assert!(!fr.contains("is not valid"), "{fr}");
        }
        let empty = DomainError::Empty { field: "title" };
        assert_eq!(
            Message::from(&empty).say(Lang::Fr),
            "Titre\u{a0}: ne doit pas être vide"
        );
        let date = parse_date("announced_on", "soon").unwrap_err();
        assert_eq!(
            Message::from(&date).say(Lang::Fr),
            "Annoncé le\u{a0}: «\u{a0}soon\u{a0}» n’est pas une date au format AAAA-MM-JJ"
        );
    }
}
