//! A refused form or import as one type, [`FieldErrors`]: a message for each field at
//! fault (and its line, for an import), built from domain and store errors, and answered
//! with one status, [`FieldErrors::STATUS`] (422: the request was well formed, its content
//! refused).
//!
//! Adopting it in a form handler:
//! - collect the form's own problems with [`FieldErrors::add`] (the first message for a
//!   field is kept), or take a parse failure whole with [`FieldErrors::domain`];
//! - turn what the store refused into messages with [`FieldErrors::store`], saying which
//!   form field names each kind of record; errors of the database itself come back as an
//!   [`AppError`] for `?`, never beside a field;
//! - put it in the template's context as `errors`: it serializes as `{field: message}`,
//!   so `errors[name]` and `{% for field, message in errors %}` work; reply with
//!   [`FieldErrors::STATUS`].
//!
//! A message stays structured ([`Message`]) until the page is written: it serializes in
//! the request's language, so the same refusal reads in French on a French page.

use super::AppError;
pub use super::message::Message;
use axum::http::StatusCode;
use domain::DomainError;
use persistence::{Kind, StoreError};
use serde::Serialize;
use serde::ser::SerializeMap;

/// One refused field: its message names the field itself, as domain errors do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The line of an imported file; none for a form.
    pub line: Option<u64>,
    pub field: String,
    pub message: Message,
}

impl FieldError {
    /// The message in `lang`.
    pub fn say(&self, lang: i18n::Lang) -> String {
        self.message.say(lang)
    }
}

/// Every refused field of one form or import, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    errors: Vec<FieldError>,
}

impl FieldErrors {
    /// The status of every refused form and import.
    pub const STATUS: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

    pub fn new() -> Self {
        Self::default()
    }

    /// A single refused field.
    pub fn one(field: &str, message: impl Into<Message>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Notes a problem with `field`, unless that field already has one (the first is the
    /// one to fix first, and a form shows one message a field).
    pub fn add(&mut self, field: &str, message: impl Into<Message>) {
        self.add_at(None, field, message);
    }

    /// As [`Self::add`], for a line of an imported file.
    pub fn add_at(&mut self, line: Option<u64>, field: &str, message: impl Into<Message>) {
        if self
            .errors
            .iter()
            .any(|e| e.line == line && e.field == field)
        {
            return;
        }
        self.errors.push(FieldError {
            line,
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Adds `other`'s problems after these (a field keeps its first message).
    pub fn merge(&mut self, other: FieldErrors) {
        for e in other.errors {
            self.add_at(e.line, &e.field, e.message);
        }
    }

    /// What the domain refused: it names its field.
    pub fn domain(e: &DomainError) -> Self {
        Self::one(e.field(), e.clone())
    }

    /// What the store refused, as messages beside fields. `field_of` says which field of
    /// this form names a record of a kind (and slug) that does not exist. A fault of the
    /// database itself, or a record the page is about that has gone, is no field's fault:
    /// it comes back as the error to answer with.
    pub fn store(
        e: StoreError,
        field_of: impl Fn(Kind, &str) -> &'static str,
    ) -> Result<Self, AppError> {
        Self::store_at(None, e, field_of)
    }

    /// As [`Self::store`], for a line of an imported file.
    pub fn store_at(
        line: Option<u64>,
        e: StoreError,
        field_of: impl Fn(Kind, &str) -> &'static str,
    ) -> Result<Self, AppError> {
        let mut errors = Self::new();
        match &e {
            // Not a field's fault: the database's, or the page's record has gone (404).
            e if e.is_server_side() || matches!(e, StoreError::NotFound { .. }) => {}
            StoreError::Invalid(d) => errors.add_at(line, d.field(), d.clone()),
            StoreError::Conflict { kind, key } if *kind != Kind::Row => errors.add_at(
                line,
                "slug",
                Message::id(i18n::key("error-slug-taken"))
                    .with("kind", kind.code())
                    .with("key", key.as_str()),
            ),
            StoreError::MissingReference { kind, slug, .. } if *kind != Kind::Row => {
                let field = field_of(*kind, slug);
                errors.add_at(
                    line,
                    field,
                    Message::id(i18n::key("error-missing-record"))
                        .with("field", field)
                        .with("kind", kind.code())
                        .with("slug", slug.as_str()),
                )
            }
            other => errors.add_at(line, "form", other.to_string()),
        }
        if errors.is_empty() {
            return Err(e.into());
        }
        Ok(errors)
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: FieldErrors) {
        for e in other.errors {
            self.add_at(e.line, &e.field, e.message);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.errors.iter()
    }

    /// The first problem: for a page that shows one message.
    pub fn first(&self) -> Option<&FieldError> {
        self.errors.first()
    }

    /// Each problem as a line of English text, `line 3: slug: …` for an import (its report
    /// stays English: it quotes the file's own column names).
    pub fn lines(&self) -> Vec<String> {
        self.errors
            .iter()
            .map(|e| match e.line {
                Some(line) => format!("line {line}: {}: {}", e.field, e.message),
                None => e.message.to_string(),
            })
            .collect()
    }

    /// `Ok(())` when nothing was refused.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

/// As `{field: message}`, what form templates read (`errors[name]`), each message in the
/// request's language (a template is rendered inside its request).
impl Serialize for FieldErrors {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let lang = crate::locale::current().lang;
        let mut map = s.serialize_map(Some(self.errors.len()))?;
        for e in &self.errors {
            map.serialize_entry(&e.field, &e.say(lang))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(kind: Kind, _: &str) -> &'static str {
        match kind {
            Kind::Source => "sources",
            _ => "parent",
        }
    }

    #[test]
    fn a_store_error_lands_on_the_field_that_names_the_record() {
        let e = StoreError::MissingReference {
            what: "pledge a".into(),
            kind: Kind::Source,
            slug: "nowhere".into(),
        };
        let errors = FieldErrors::store(e, refs).unwrap();
        let first = errors.first().unwrap();
        assert_eq!(first.field, "sources");
        assert_eq!(
            first.say(i18n::Lang::En),
            "sources: source nowhere does not exist"
        );
        assert_eq!(
            first.say(i18n::Lang::Fr),
            "Sources\u{a0}: la source «\u{a0}nowhere\u{a0}» n’existe pas"
        );
        let taken = StoreError::Conflict {
            kind: Kind::Pledge,
            key: "a".into(),
        };
        assert_eq!(
            FieldErrors::store(taken, refs)
                .unwrap()
                .first()
                .unwrap()
                .field,
            "slug"
        );
    }

    #[test]
    fn a_database_fault_is_no_fields_fault() {
        let e = StoreError::Unavailable {
            reason: "timed out".into(),
        };
        let err = FieldErrors::store(e, refs).unwrap_err();
        assert_eq!(err.status(), StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn the_first_message_for_a_field_is_kept_and_serialized_by_field() {
        let mut errors = FieldErrors::new();
        errors.add("title", "title must not be empty");
        errors.add("title", "title is too long");
        errors.add_at(Some(3), "title", "title must not be empty");
        assert_eq!(errors.iter().count(), 2);
        let json = serde_json::to_value(FieldErrors::one("slug", "slug: taken")).unwrap();
        assert_eq!(json, serde_json::json!({"slug": "slug: taken"}));
        assert_eq!(errors.lines()[1], "line 3: title: title must not be empty");
    }
}
