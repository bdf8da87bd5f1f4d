//! What the form tests fill in again and again: a page's body and its form's CSRF token,
//! and a valid new pledge's fields.

use crate::{Browser, hidden};

impl Browser {
    /// The body of the page at `path`, whatever its status.
    pub async fn page(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("a page's body")
    }

    /// The CSRF token of the form on the page at `path`.
    pub async fn csrf(&self, path: &str) -> String {
        let page = self.page(path).await;
        hidden(&page, "csrf").unwrap_or_else(|| panic!("no csrf on {path}"))
    }
}

/// A valid new pledge's form, with `changed` fields replaced and fields it lacks added.
pub fn new_pledge<'a>(csrf: &'a str, changed: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("csrf", csrf),
        ("slug", "gpu-cluster-pledge"),
        ("title", "GPU cluster"),
        ("summary", "A public GPU cluster for researchers."),
        ("kind", "programme"),
        ("themes", "investment"),
        ("event", "paris-2025"),
        ("announced_on", "2025-02-11"),
        ("strength", "announced"),
        ("sources", "goover-paris-summit-report-2025"),
        ("actors", "france:announcer"),
    ];
    for &(k, v) in changed {
        match form.iter_mut().find(|(f, _)| *f == k) {
            Some(field) => field.1 = v,
            None => form.push((k, v)),
        }
    }
    form
}
