//! An editor's steps through the real forms: an account signed in through the login form,
//! and a follow-up posted through the pledge's own follow-up form.

use crate::{Browser, TestApp};

impl TestApp {
    /// A browser signed in as a new account `email` with `role`, through the login form.
    pub async fn signed_in(&self, email: &str, role: domain::Role) -> Browser {
        let password = self.add_user(email, role).await;
        let browser = self.browser();
        let login = browser.login(email, &password).await;
        assert_eq!(login.status(), 303, "{email} signs in");
        browser
    }
}

impl Browser {
    /// Opens a pledge's follow-up form and posts `fields` with its CSRF token and
    /// submission key; returns the response to the POST.
    pub async fn post_follow_up(&self, pledge: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (csrf, key) = self.follow_up_form(pledge).await;
        let mut form = vec![("csrf", csrf.as_str()), ("submission_key", key.as_str())];
        form.extend_from_slice(fields);
        self.post(&format!("/pledges/{pledge}/follow-up"), &form)
            .await
    }
}
