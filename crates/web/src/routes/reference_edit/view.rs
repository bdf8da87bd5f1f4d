//! The typed view of `reference_form.html`, the one form page of actors and events: the
//! form's fields and the refused field if any (the page builder adds the layout's).

use crate::error::FieldErrors;
use crate::page::View;
use serde::Serialize;

/// One input of the form.
#[derive(Serialize)]
pub(super) struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    /// `text`, `readonly`, `date` or `select`.
    pub kind: &'static str,
    /// (code, label) of a `select`.
    pub options: Vec<(&'static str, &'static str)>,
}

impl FieldView {
    pub fn text(name: &'static str, label: &'static str, value: &str) -> Self {
        Self::of(name, label, value, "text")
    }

    pub fn of(name: &'static str, label: &'static str, value: &str, kind: &'static str) -> Self {
        Self {
            name,
            label,
            value: value.to_owned(),
            kind,
            options: vec![],
        }
    }

    pub fn select(
        name: &'static str,
        label: &'static str,
        value: &str,
        options: Vec<(&'static str, &'static str)>,
    ) -> Self {
        Self {
            options,
            ..Self::of(name, label, value, "select")
        }
    }

    /// The slug: typed for a new record, shown read-only when correcting one.
    pub fn slug(value: &str, editing: bool) -> Self {
        Self::of(
            "slug",
            "Slug",
            value,
            if editing { "readonly" } else { "text" },
        )
    }
}

/// `reference_form.html`.
#[derive(Serialize)]
pub(super) struct ReferenceFormView<'a> {
    pub title: &'a str,
    pub action: &'a str,
    pub fields: Vec<FieldView>,
    /// The field the message is shown beside, and the message (the page shows one).
    pub error_field: Option<&'a str>,
    pub error: Option<String>,
}

impl<'a> ReferenceFormView<'a> {
    pub fn errors(mut self, errors: &'a FieldErrors) -> Self {
        if let Some(first) = errors.first() {
            self.error_field = Some(&first.field);
            self.error = Some(first.say(crate::locale::current().lang));
        }
        self
    }
}

impl View for ReferenceFormView<'_> {
    const TEMPLATE: &'static str = "reference_form.html";
}
