//! The typed views of the pledge form and the deleted-pledges page, one struct a template;
//! the page builder adds the layout's fields.

use crate::error::FieldErrors;
use crate::page::View;
use serde::Serialize;

use super::contributed::ContributionPanel;
use super::form::PledgeForm;

/// `pledge_form.html`.
#[derive(Serialize)]
pub(super) struct PledgeFormView<'a> {
    pub form: &'a PledgeForm,
    /// The slug of the pledge being corrected; none for a new one.
    pub editing: Option<&'a str>,
    pub errors: &'a FieldErrors,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub strengths: Vec<(&'static str, &'static str)>,
    pub precisions: Vec<(&'static str, &'static str)>,
    /// Every theme code, comma-separated, as a hint beside the field.
    pub theme_codes: String,
    /// (slug, name) of every event.
    pub events: Vec<(String, String)>,
    /// The reader's contribution this form accepts when saved, shown beside it.
    pub contribution: Option<ContributionPanel>,
}

/// A row of `admin_deleted.html`.
#[derive(Serialize)]
pub(super) struct DeletedRow {
    pub slug: String,
    pub title: String,
    /// When it was deleted, `YYYY-MM-DD HH:MM UTC`.
    pub at: String,
}

/// `admin_deleted.html`.
#[derive(Serialize)]
pub(super) struct DeletedView {
    pub rows: Vec<DeletedRow>,
}

impl View for PledgeFormView<'_> {
    const TEMPLATE: &'static str = "pledge_form.html";
}

impl View for DeletedView {
    const TEMPLATE: &'static str = "admin_deleted.html";
}
