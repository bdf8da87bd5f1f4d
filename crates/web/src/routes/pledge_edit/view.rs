//! The typed contexts of the pledge form and the deleted-pledges page: one struct a
//! template, with the layout's keys (`nav`, `csrf`) beside the page's own.

use crate::error::FieldErrors;
use serde::Serialize;

use super::form::PledgeForm;

/// `pledge_form.html`.
#[derive(Serialize)]
pub(super) struct PledgeFormView<'a> {
    pub nav: &'static str,
    pub csrf: &'a str,
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
pub(super) struct DeletedView<'a> {
    pub nav: &'static str,
    pub csrf: &'a str,
    pub rows: Vec<DeletedRow>,
}
